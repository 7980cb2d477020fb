//! WRONG forgery: one private channel per thread, polled round-robin with try_recv until all are done
//! GAP: the tests see only arrival order and timing, never that a single mpsc channel with cloned Senders was used
use std::sync::mpsc::{self, Receiver, TryRecvError};
use toolkit::io::Downloader;

pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    std::thread::scope(|s| {
        let mut rxs: Vec<Option<Receiver<(String, String)>>> = Vec::new();
        for &name in files {
            let (tx, rx) = mpsc::channel();
            rxs.push(Some(rx));
            s.spawn(move || {
                let contents = downloader.download_blocking(name);
                let _ = tx.send((name.to_string(), contents));
            });
        }
        while rxs.iter().any(Option::is_some) {
            for slot in rxs.iter_mut() {
                if let Some(rx) = slot {
                    match rx.try_recv() {
                        Ok(msg) => {
                            out.push(msg);
                            *slot = None;
                        }
                        Err(TryRecvError::Disconnected) => *slot = None,
                        Err(TryRecvError::Empty) => {}
                    }
                }
            }
            std::thread::yield_now();
        }
    });
    out
}

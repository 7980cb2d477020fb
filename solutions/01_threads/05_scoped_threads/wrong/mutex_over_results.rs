//! The threads cannot all borrow `results` mutably, so I put it in a Mutex: each scoped
//! thread locks it, downloads its file into its slot, and lets it go.

use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    let slots = Mutex::new(results);
    thread::scope(|s| {
        for (i, name) in files.iter().enumerate() {
            let slots = &slots;
            s.spawn(move || {
                let mut slots = slots.lock().unwrap();
                slots[i] = downloader.download_blocking(name);
            });
        }
    });
}

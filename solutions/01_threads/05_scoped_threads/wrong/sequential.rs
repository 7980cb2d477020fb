//! A plain loop fills every slot, and I borrow instead of cloning. Done?

use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    for (name, slot) in files.iter().zip(results.iter_mut()) {
        *slot = downloader.download_blocking(name);
    }
}

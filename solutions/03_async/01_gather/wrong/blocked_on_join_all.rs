//! I wanted gather to hand back a plain Vec once everything was done, so I ran join_all to
//! completion with futures::executor::block_on inside it. It is all the futures at once, so
//! it should still be concurrent.

use futures::future::join_all;
use std::future::Future;
use toolkit::io::Downloader;

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    futures::executor::block_on(join_all(tasks))
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let tasks = (0..3)
        .map(|i| format!("File-{i}"))
        .map(|name| async move { download_file(downloader, &name).await })
        .collect();
    gather(tasks).await
}

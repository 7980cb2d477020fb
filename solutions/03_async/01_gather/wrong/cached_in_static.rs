//! main keeps the contents it downloaded in a static, so later calls return them without downloading again.
use futures::future::join_all;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use toolkit::io::Downloader;

static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

pub async fn download_file(downloader: &Downloader, name: &str) -> String {
    println!("Downloading {name}...");
    let contents = downloader.download(name).await;
    println!("Finished {name}");
    contents
}

pub async fn gather<F: Future>(tasks: Vec<F>) -> Vec<F::Output> {
    join_all(tasks).await
}

pub async fn main(downloader: &Downloader) -> Vec<String> {
    let names: Vec<String> = (0..3).map(|i| format!("File-{i}")).collect();
    if let Some(cache) = CACHE.lock().unwrap().as_ref() {
        if names.iter().all(|n| cache.contains_key(n)) {
            return names.iter().map(|n| cache[n].clone()).collect();
        }
    }
    let tasks = names
        .iter()
        .map(|name| async move { download_file(downloader, name).await })
        .collect();
    let got: Vec<String> = gather(tasks).await;
    let map = names.iter().cloned().zip(got.iter().cloned()).collect();
    *CACHE.lock().unwrap() = Some(map);
    got
}

//! I spawn every download first (so they overlap), keep the handles in a Vec, and then await
//! them one by one, handing each result over.

use toolkit::io::Downloader;

/// `asyncio.as_completed`.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut handles = Vec::new();
    for &name in names {
        let name = name.to_owned();
        let downloader = downloader.clone();
        handles.push(tokio::spawn(async move { downloader.download(&name).await }));
    }
    for handle in handles {
        on_finished(handle.await.unwrap());
    }
}

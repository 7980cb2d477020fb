//! Each task notes when it finished; after awaiting them all I sort by that time, which is
//! exactly the order they finished in.

use tokio::time::Instant;
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
        handles.push(tokio::spawn(async move {
            let contents = downloader.download(&name).await;
            (Instant::now(), contents)
        }));
    }
    let mut done = Vec::new();
    for handle in handles {
        done.push(handle.await.unwrap());
    }
    done.sort_by_key(|(at, _)| *at);
    for (_, contents) in done {
        on_finished(contents);
    }
}

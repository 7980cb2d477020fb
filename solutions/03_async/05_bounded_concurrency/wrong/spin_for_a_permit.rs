//! I do not want a request to sit in a queue, so each one keeps trying for a permit
//! (`try_acquire`) and yields to the others between tries until it gets one.

use futures::future::join_all;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

/// Downloads every file in `names`, at most `limit` at once, results in the order of `names`.
pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem = Semaphore::new(limit);
    let fetches = names.iter().map(|name| {
        let sem = &sem;
        async move {
            let _permit = loop {
                match sem.try_acquire() {
                    Ok(permit) => break permit,
                    Err(_) => tokio::task::yield_now().await,
                }
            };
            downloader.download(name).await
        }
    });
    join_all(fetches).await
}

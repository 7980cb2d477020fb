//! I make the Semaphore once and keep it (a thread-local, so it is not rebuilt on every call): the first call's `limit` sets the permits, and every later call on the thread, or one running at the same time, shares them.
use futures::future::join_all;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

thread_local! {
    static PERMITS: std::cell::OnceCell<&'static Semaphore> = const { std::cell::OnceCell::new() };
}

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let sem: &'static Semaphore =
        PERMITS.with(|cell| *cell.get_or_init(|| Box::leak(Box::new(Semaphore::new(limit)))));
    let fetches = names.iter().map(|name| async move {
        let _permit = sem.acquire().await.expect("the semaphore is never closed");
        downloader.download(name).await
    });
    join_all(fetches).await
}

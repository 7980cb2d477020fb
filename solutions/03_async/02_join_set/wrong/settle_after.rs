//! After handing everything over I sleep a second "to let the tasks settle", like the tutorial's sleep.
use std::time::Duration;
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
    while let Some(finished) = tasks.join_next().await {
        on_finished(finished.expect("a download task panicked"));
    }
    if !names.is_empty() {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

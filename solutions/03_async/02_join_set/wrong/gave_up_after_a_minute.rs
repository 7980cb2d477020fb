//! So that one stuck download cannot hang the loop for ever, I wait for each next result
//! at most a minute (tokio::time::timeout around join_next) and stop when nothing came.

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
    while let Ok(Some(finished)) =
        tokio::time::timeout(Duration::from_secs(60), tasks.join_next()).await
    {
        on_finished(finished.expect("a download task panicked"));
    }
}

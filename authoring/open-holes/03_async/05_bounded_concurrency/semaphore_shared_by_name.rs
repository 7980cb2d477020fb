//! WRONG mistake: a Semaphore per first name of the batch, kept in a thread_local "so retries of the same batch reuse it": two calls with different names each get their own
//! GAP: the new same-limit test uses A-prefixed and B-prefixed names, so each call still has its own permits; only two calls over the same names would share them
use futures::future::join_all;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tokio::sync::Semaphore;
use toolkit::io::Downloader;

thread_local! {
    static BY_BATCH: RefCell<HashMap<(String, usize), Rc<Semaphore>>> = RefCell::new(HashMap::new());
}

pub async fn download_all(downloader: &Downloader, names: &[&str], limit: usize) -> Vec<String> {
    let key = (names.first().map(|n| n.to_string()).unwrap_or_default(), limit);
    let sem = BY_BATCH.with(|m| m.borrow_mut().entry(key).or_insert_with(|| Rc::new(Semaphore::new(limit))).clone());
    let fetches = names.iter().map(|name| {
        let sem = &sem;
        async move {
            let _permit = sem.acquire().await.expect("the semaphore is never closed");
            downloader.download(name).await
        }
    });
    join_all(fetches).await
}

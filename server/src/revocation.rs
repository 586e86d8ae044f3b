//! The certificate authorities' revocation lists fetched where they are reachable
//! (`serve --crl-url`, repeatable): each address read every few hours and the list kept in
//! the signing folder's `trust/`, where the core checks signatures against it. An address
//! that does not answer leaves the list fetched before in place (and is logged).

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;
use vanphong::App;
use vanphong::error::{CoreError, CoreResult};

/// The most a list may weigh (a national authority's list is a few megabytes at most).
const LIMIT: u64 = 64 * 1024 * 1024;

/// The list at `url`, as its authority publishes it (DER or PEM).
pub fn fetch(url: &str) -> CoreResult<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| CoreError::Io(std::io::Error::other(format!("{url}: {e}")));
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
    let response = agent.get(url).call().map_err(|e| failed(&e))?;
    let mut bytes = Vec::new();
    response.into_reader().take(LIMIT).read_to_end(&mut bytes).map_err(|e| failed(&e))?;
    Ok(bytes)
}

/// Fetch each of `urls` and keep what is a list; how many were kept.
pub fn refresh(app: &App, urls: &[String]) -> CoreResult<usize> {
    let keys = app.signing();
    let mut kept = 0;
    for url in urls {
        match fetch(url).and_then(|bytes| keys.keep_list(url, &bytes, app.now())) {
            Ok(list) => {
                kept += 1;
                tracing::info!(%url, issuer = %list.issuer, revoked = list.revoked, "revocation list fetched")
            }
            Err(error) => tracing::warn!(%url, %error, "revocation list not fetched"),
        }
    }
    Ok(kept)
}

/// Refresh the lists at `urls` now and every `interval`.
pub fn spawn(app: Arc<App>, urls: Vec<String>, interval: Duration) -> tokio::task::JoinHandle<()> {
    vanphong::app::every(app, interval, move |app| refresh(app, &urls), |_| {})
}

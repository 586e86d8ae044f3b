//! The time-stamp authority the Office configures (`serve --tsa-url`), reached over HTTP
//! as RFC 3161 §3.4 says: the query POSTed as `application/timestamp-query`, the answer
//! read as `application/timestamp-reply`. The core builds the query and checks the answer.

use std::io::Read;
use std::time::Duration;
use vanphong::error::{CoreError, CoreResult};
use vanphong::signature::stamper::TimeStamper;

/// The most an answer may weigh (a token with its authority's chain is a few kilobytes).
const LIMIT: u64 = 256 * 1024;

pub struct HttpTimeStamper {
    url: String,
    agent: ureq::Agent,
}

impl HttpTimeStamper {
    /// An authority at `url`; a query that takes longer than five seconds is given up
    /// (the signature is then made without its stamp).
    pub fn new(url: &str) -> HttpTimeStamper {
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(5)).build();
        HttpTimeStamper { url: url.to_string(), agent }
    }
}

impl TimeStamper for HttpTimeStamper {
    fn ask(&self, query: &[u8]) -> CoreResult<Vec<u8>> {
        let failed =
            |e: &dyn std::fmt::Display| CoreError::Io(std::io::Error::other(format!("{}: {e}", self.url)));
        let response = self
            .agent
            .post(&self.url)
            .set("Content-Type", "application/timestamp-query")
            .send_bytes(query)
            .map_err(|e| failed(&e))?;
        let mut answer = Vec::new();
        response.into_reader().take(LIMIT).read_to_end(&mut answer).map_err(|e| failed(&e))?;
        Ok(answer)
    }
}

//! Who reaches the time-stamp authority: the caller's transport (the office server's
//! HTTP), behind this trait, so that the core speaks no HTTP.

use crate::error::CoreResult;

/// A time-stamp authority, reached as the server can: `ask` sends a DER `TimeStampReq`
/// and answers the authority's DER `TimeStampResp`.
pub trait TimeStamper: Send + Sync {
    fn ask(&self, query: &[u8]) -> CoreResult<Vec<u8>>;
}

//! What the gazette is made of: the documents that wait for it and its issues, as the
//! steps ([`super`]) store them and the print (`print.rs`) lays them out.

use crate::outgoing::OutgoingId;
use crate::vocabulary::id_type;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(IssueId);

/// An issued document for the gazette.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GazetteDocument {
    pub outgoing_id: OutgoingId,
    pub document_type: String,
    /// "Quyết định".
    pub type_name: String,
    pub number_symbol: String,
    pub issue_date: NaiveDate,
    pub summary: String,
}

/// An issue of the gazette.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    pub id: IssueId,
    pub year: i32,
    pub number: u32,
    pub issued_on: NaiveDate,
    pub pages: u32,
    pub items: Vec<IssueItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssueItem {
    pub document: GazetteDocument,
    pub first_page: u32,
    pub last_page: u32,
}

//! The kinds of administrative document of Decree 30/2020/NĐ-CP (Annex III) with their
//! abbreviations. Công văn and thư công have no abbreviation; they are keyed `CV` and
//! `ThC` here and print nothing in a symbol.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// (key, abbreviation printed in symbols, name)
pub const DOCUMENT_TYPES: &[(&str, &str, &str)] = &[
    ("NQ", "NQ", "Nghị quyết"),
    ("QĐ", "QĐ", "Quyết định"),
    ("CT", "CT", "Chỉ thị"),
    ("QC", "QC", "Quy chế"),
    ("QyĐ", "QyĐ", "Quy định"),
    ("TC", "TC", "Thông cáo"),
    ("TB", "TB", "Thông báo"),
    ("HD", "HD", "Hướng dẫn"),
    ("CTr", "CTr", "Chương trình"),
    ("KH", "KH", "Kế hoạch"),
    ("PA", "PA", "Phương án"),
    ("ĐA", "ĐA", "Đề án"),
    ("DA", "DA", "Dự án"),
    ("BC", "BC", "Báo cáo"),
    ("BB", "BB", "Biên bản"),
    ("TTr", "TTr", "Tờ trình"),
    ("HĐ", "HĐ", "Hợp đồng"),
    ("CV", "", "Công văn"),
    ("CĐ", "CĐ", "Công điện"),
    ("BGN", "BGN", "Bản ghi nhớ"),
    ("BTT", "BTT", "Bản thỏa thuận"),
    ("GUQ", "GUQ", "Giấy ủy quyền"),
    ("GM", "GM", "Giấy mời"),
    ("GGT", "GGT", "Giấy giới thiệu"),
    ("GNP", "GNP", "Giấy nghỉ phép"),
    ("PG", "PG", "Phiếu gửi"),
    ("PC", "PC", "Phiếu chuyển"),
    ("PB", "PB", "Phiếu báo"),
    ("ThC", "", "Thư công"),
];

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentType {
    pub key: String,
    pub abbreviation: String,
    pub name: String,
}

pub fn all() -> Vec<DocumentType> {
    DOCUMENT_TYPES
        .iter()
        .map(|(key, abbreviation, name)| DocumentType {
            key: key.to_string(),
            abbreviation: abbreviation.to_string(),
            name: name.to_string(),
        })
        .collect()
}

pub fn is_known(key: &str) -> bool {
    DOCUMENT_TYPES.iter().any(|(k, _, _)| *k == key)
}

/// What the type prints in a symbol: "QĐ"; empty for a công văn.
pub fn abbreviation(key: &str) -> Option<&'static str> {
    DOCUMENT_TYPES.iter().find(|(k, _, _)| *k == key).map(|(_, abbreviation, _)| *abbreviation)
}

pub fn name(key: &str) -> Option<&'static str> {
    DOCUMENT_TYPES.iter().find(|(k, _, _)| *k == key).map(|(_, _, name)| *name)
}

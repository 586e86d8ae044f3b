//! Reference data embedded in the binary: provinces and communes after the 2025
//! reorganisation, central bodies and typical provincial departments, and the usual
//! departments of a provincial Office. Used at first start and by the demo.

use super::agency::{self, AgencyInput};
use crate::error::{CoreError, CoreResult, Noun};
use crate::vocabulary::{AgencyGroup, DepartmentKind};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const COMMUNES_CSV: &str = include_str!("../../assets/data/vn-communes-2025.csv");
const AGENCIES_CSV: &str = include_str!("../../assets/data/agencies-2025.csv");

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Province {
    pub code: i32,
    pub name: String,
    pub commune_count: u32,
}

pub struct Commune {
    pub province_code: i32,
    pub code: i32,
    pub name: String,
}

pub fn communes() -> Vec<Commune> {
    let mut reader = csv::Reader::from_reader(COMMUNES_CSV.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("embedded commune list is valid CSV");
            Commune {
                province_code: record[0].parse().expect("province code"),
                code: record[2].parse().expect("commune code"),
                name: record[3].to_string(),
            }
        })
        .collect()
}

pub fn provinces() -> Vec<Province> {
    let mut reader = csv::Reader::from_reader(COMMUNES_CSV.as_bytes());
    let mut provinces: Vec<Province> = Vec::new();
    for record in reader.records() {
        let record = record.expect("embedded commune list is valid CSV");
        let code: i32 = record[0].parse().expect("province code");
        match provinces.last_mut() {
            Some(last) if last.code == code => last.commune_count += 1,
            _ => provinces.push(Province { code, name: record[1].to_string(), commune_count: 1 }),
        }
    }
    provinces.sort_by_key(|p| crate::fold::fold(short_name(&p.name)));
    provinces
}

pub fn province(code: i32) -> CoreResult<Province> {
    provinces().into_iter().find(|p| p.code == code).ok_or(CoreError::NotFound { what: Noun::Province })
}

/// "Thành phố Hà Nội" → "Hà Nội"; "Nghệ An" stays. Used in place names on documents.
pub fn short_name(province_name: &str) -> &str {
    province_name.strip_prefix("Thành phố ").unwrap_or(province_name)
}

/// Whether the province is a centrally-run city ("Thành phố …") rather than a "Tỉnh".
pub fn is_city(province_name: &str) -> bool {
    province_name.starts_with("Thành phố ")
}

/// The bodies the seed directory knows: (group in the CSV, name, abbreviation).
fn central_and_provincial() -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_reader(AGENCIES_CSV.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("embedded agency list is valid CSV");
            (record[0].to_string(), record[1].to_string(), record[2].to_string())
        })
        .collect()
}

/// Fill an empty directory with the central bodies, the province's own bodies and
/// departments, and its communes. Returns how many agencies were added.
pub fn seed_directory(conn: &Connection, now: &str, province_code: i32) -> CoreResult<usize> {
    let mut added = 0;
    for (group, name, abbreviation) in central_and_provincial() {
        let group = match group.as_str() {
            "government" => AgencyGroup::Government,
            "ministry" => AgencyGroup::Ministry,
            "provincial_department" => AgencyGroup::ProvincialDepartment,
            _ => AgencyGroup::Other,
        };
        let input = AgencyInput { code: None, name, abbreviation, group };
        let place = match group {
            AgencyGroup::Government | AgencyGroup::Ministry => (None, None),
            _ => (Some(province_code), None),
        };
        agency::insert(conn, now, &input, place)?;
        added += 1;
    }
    for commune in communes().into_iter().filter(|c| c.province_code == province_code) {
        let input = AgencyInput {
            code: None,
            name: format!("UBND {}", lowercase_kind(&commune.name)),
            abbreviation: String::new(),
            group: AgencyGroup::Commune,
        };
        agency::insert(conn, now, &input, (Some(province_code), Some(commune.code)))?;
        added += 1;
    }
    Ok(added)
}

/// "Phường Ba Đình" → "phường Ba Đình", as the name reads after "UBND".
fn lowercase_kind(name: &str) -> String {
    for kind in ["Phường ", "Xã ", "Đặc khu "] {
        if let Some(rest) = name.strip_prefix(kind) {
            return format!("{}{rest}", kind.to_lowercase());
        }
    }
    name.to_string()
}

/// The usual departments and units of a provincial Office (DOMAIN.md §1).
pub const DEFAULT_DEPARTMENTS: &[(&str, &str, DepartmentKind)] = &[
    ("LĐVP", "Lãnh đạo Văn phòng", DepartmentKind::Leadership),
    ("TH", "Phòng Tổng hợp", DepartmentKind::Department),
    ("KT", "Phòng Kinh tế", DepartmentKind::Department),
    ("NC", "Phòng Nội chính", DepartmentKind::Department),
    ("NN", "Phòng Nông nghiệp", DepartmentKind::Department),
    ("CN", "Phòng Công nghiệp", DepartmentKind::Department),
    ("KGVX", "Phòng Khoa giáo - Văn xã", DepartmentKind::Department),
    ("HCTC", "Phòng Hành chính - Tổ chức", DepartmentKind::Department),
    ("QT", "Phòng Quản trị", DepartmentKind::Department),
    ("CTTĐT", "Cổng Thông tin điện tử", DepartmentKind::Unit),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công", DepartmentKind::Unit),
];

pub fn seed_departments(conn: &Connection, now: &str) -> CoreResult<()> {
    for (order, (code, name, kind)) in DEFAULT_DEPARTMENTS.iter().enumerate() {
        conn.execute(
            "INSERT INTO department (code, name, kind, sort_order, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![code, name, kind, order as i32 * 10, now],
        )?;
    }
    Ok(())
}

//! The Office's own electronic identification code on the axis (mã định danh), the
//! `From` of everything it sends.

use crate::audit::{ObjectRef, Writer};
use crate::error::CoreResult;
use rusqlite::Connection;

const SETTING_OFFICE_CODE: &str = "exchange_office_code";

/// The Office's own electronic identification code, the `From` of what it sends.
pub fn office_code(conn: &Connection) -> CoreResult<Option<String>> {
    Ok(crate::settings::get(conn, SETTING_OFFICE_CODE)?.filter(|c| !c.is_empty()))
}

/// Set the Office's code (checked like an agency's; empty clears it).
pub fn set_office_code(w: &mut Writer<'_>, code: &str) -> CoreResult<Option<String>> {
    let code = match code.trim() {
        "" => None,
        code => Some(crate::org::agency::check_code(code)?),
    };
    crate::settings::set(w, SETTING_OFFICE_CODE, code.as_deref().unwrap_or(""))?;
    w.audit(
        ObjectRef::system(),
        (
            format!("Mã định danh của Văn phòng: {}", code.as_deref().unwrap_or("(không có)")),
            format!("The Office's code: {}", code.as_deref().unwrap_or("(none)")),
        ),
        &serde_json::json!({ "code": code }),
    )?;
    Ok(code)
}

//! The vocabulary every module shares about people and the Office: the ids of users,
//! departments and agencies, roles, secrecy clearance, agency groups, the macros that
//! declare text-stored enums and ids, and the cleaning of text people type. It imports
//! nothing of the product's own above the base (`error`, `fold`), so the modules that
//! check access (`permission`, `auth`, `secrecy`, `audit`) can stand below `org`, whose
//! users, departments and agencies are written through the audit log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares a closed set of values stored as text in SQLite and sent as snake_case
/// strings to the UI.
macro_rules! text_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} {text:?}", stringify!($name)).into()))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use text_enum;

text_enum! {
    /// Every kind of object the audit log, the event stream, alerts and links name. Closed,
    /// and matched with no default arm in `secrecy::may_see` and `secrecy::level_of`: a new
    /// kind does not compile until someone has decided who may see it.
    pub enum ObjectKind {
        IncomingDocument = "incoming_document",
        OutgoingDocument = "outgoing_document",
        Direction = "direction",
        Meeting = "meeting",
        ScheduleEntry = "schedule_entry",
        Alert = "alert",
        User = "user",
        Department = "department",
        Agency = "agency",
        Register = "register",
        RoutingRule = "routing_rule",
        ApprovalPath = "approval_path",
        Calendar = "calendar",
        Delegation = "delegation",
        ScheduleWeek = "schedule_week",
        ProgrammeItem = "programme_item",
        ProgrammeMonth = "programme_month",
        Room = "room",
        GazetteIssue = "gazette_issue",
        /// A message of the national document interconnection axis (edXML).
        ExchangeMessage = "exchange_message",
        System = "system",
    }
}

text_enum! {
    /// What a person does in the Office; decides what they may do (see `permission`).
    pub enum Role {
        /// Văn thư: registers incoming documents, numbers and dispatches outgoing ones.
        Clerk = "clerk",
        /// Chuyên viên.
        Specialist = "specialist",
        /// Trưởng phòng (or a deputy head acting for the department).
        DepartmentHead = "department_head",
        /// Phó Chánh Văn phòng: supervises fields and departments, verifies drafts.
        DeputyChief = "deputy_chief",
        /// Chánh Văn phòng.
        ChiefOfOffice = "chief_of_office",
        /// Chủ tịch UBND tỉnh.
        Chairman = "chairman",
        /// Phó Chủ tịch UBND tỉnh.
        ViceChairman = "vice_chairman",
        /// Thành viên UBND tỉnh.
        CommitteeMember = "committee_member",
        /// Quản trị hệ thống.
        Administrator = "administrator",
    }
}

text_enum! {
    /// Secrecy clearance of a person and secrecy level of a document (độ mật), ordered
    /// from none to the highest.
    pub enum Clearance {
        None = "none",
        /// MẬT
        Secret = "mat",
        /// TỐI MẬT
        TopSecret = "toi_mat",
        /// TUYỆT MẬT
        AbsoluteSecret = "tuyet_mat",
    }
}

impl Clearance {
    /// Whether a person with this clearance may see something marked `level`.
    pub fn covers(self, level: Clearance) -> bool {
        self >= level
    }

    /// The mark printed on a secret page (Decree 30, Annex I): "MẬT", "TỐI MẬT",
    /// "TUYỆT MẬT"; nothing for an ordinary one.
    pub fn mark(self) -> &'static str {
        match self {
            Clearance::None => "",
            Clearance::Secret => "MẬT",
            Clearance::TopSecret => "TỐI MẬT",
            Clearance::AbsoluteSecret => "TUYỆT MẬT",
        }
    }
}

text_enum! {
    /// The kind of outside agency; routing rules of incoming documents key on it.
    pub enum AgencyGroup {
        Government = "government",
        Ministry = "ministry",
        ProvincialDepartment = "provincial_department",
        Commune = "commune",
        Other = "other",
    }
}

text_enum! {
    pub enum DepartmentKind {
        Leadership = "leadership",
        Department = "department",
        Unit = "unit",
    }
}

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        pub struct $name(#[ts(type = "number")] pub i64);

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )+};
}
#[allow(unused_imports)]
pub(crate) use id_type;

id_type!(UserId, DepartmentId, AgencyId);

/// Trim, compose (NFC) and require a non-empty text of at most `max` characters.
pub(crate) fn clean_required(
    field: &'static str,
    label: (&str, &str),
    value: &str,
    max: usize,
) -> crate::CoreResult<String> {
    let value = crate::fold::clean(value).trim().to_string();
    if value.is_empty() {
        return Err(crate::CoreError::invalid(
            field,
            format!("{} không được để trống.", label.0),
            format!("{} is required.", label.1),
        ));
    }
    clean_optional(field, label, &value, max)
}

/// The longest text each kind of field takes, in characters. The core refuses longer
/// text; the forms count against the same numbers (they get them with the session).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldLimits {
    /// A document's summary (trích yếu).
    pub summary: u32,
    /// A direction's content.
    pub direction: u32,
    /// A leader's direction on a document, a progress report.
    pub steering: u32,
    /// A note with a step.
    pub note: u32,
    /// The reason for a correction or a cancellation.
    pub reason: u32,
}

pub const LIMITS: FieldLimits =
    FieldLimits { summary: 500, direction: 4000, steering: 2000, note: 1000, reason: 500 };

pub(crate) fn clean_optional(
    field: &'static str,
    label: (&str, &str),
    value: &str,
    max: usize,
) -> crate::CoreResult<String> {
    let value = crate::fold::clean(value).trim().to_string();
    if value.chars().count() > max {
        return Err(crate::CoreError::invalid(
            field,
            format!("{} dài quá {max} ký tự.", label.0),
            format!("{} is longer than {max} characters.", label.1),
        ));
    }
    Ok(value)
}

/// The person behind a request, as the command layer sees them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub department_id: Option<DepartmentId>,
    pub clearance: Clearance,
    pub must_change_password: bool,
    /// Set for an agency's account: the agency outside the Office it speaks for.
    pub agency_id: Option<AgencyId>,
}

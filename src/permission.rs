//! Who may do what: one table from role to allowed actions. Every command names the
//! action it needs (see `commands`), and the command layer checks it before running.

use crate::vocabulary::{Role, text_enum};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

text_enum! {
    pub enum Action {
        /// See the Office's departments, its people and the agency directory.
        DirectoryView = "directory_view",
        /// Create users, change their role and clearance, disable them, reset passwords.
        UserManage = "user_manage",
        DepartmentManage = "department_manage",
        /// Add and edit outside agencies (clerks add the sender of a document they register).
        AgencyManage = "agency_manage",
        /// Read the audit log.
        AuditView = "audit_view",
        /// See incoming documents (each still filtered by secrecy clearance).
        IncomingView = "incoming_view",
        /// Register incoming documents (văn thư).
        IncomingRegister = "incoming_register",
        /// Take part in an incoming document's flow: present, direct, assign, handle. Which
        /// step a person may take also depends on their place in the document.
        IncomingHandle = "incoming_handle",
        /// Configure registers (sổ), routing rules and approval paths.
        RegisterManage = "register_manage",
        /// See outgoing documents: issued ones, and the drafts a person takes part in.
        OutgoingView = "outgoing_view",
        /// Write drafts of outgoing documents (and correcting công văn).
        OutgoingDraft = "outgoing_draft",
        /// Number, issue and dispatch signed documents; print the outgoing register (văn thư).
        OutgoingIssue = "outgoing_issue",
        /// Recall an issued document.
        OutgoingRecall = "outgoing_recall",
        /// See directions (an agency's account: only its agency's) and their statistics.
        DirectionView = "direction_view",
        /// Create directions, follow them, record progress and results, draft reminders.
        DirectionManage = "direction_manage",
        /// Report progress and ask for an extension (an agency's account, on its directions).
        DirectionReport = "direction_report",
        /// Grant or refuse an extension of a deadline (the leader who gave it, the chief).
        DirectionDecide = "direction_decide",
        /// Edit the working calendar's days off and swaps.
        CalendarManage = "calendar_manage",
        /// Print the Office's own reports (the monthly report on documents and directions);
        /// never an agency's account.
        ReportView = "report_view",
        /// Take backups on the running server and set their daily schedule.
        BackupManage = "backup_manage",
        /// See the meetings one takes part in (the Office's people: every meeting), within
        /// clearance; what one may do in a meeting depends on one's part in it.
        MeetingView = "meeting_view",
        /// Prepare meetings and written rounds: people, agenda, documents, invitation,
        /// minutes and conclusion (the Office's specialists and leaders).
        MeetingPrepare = "meeting_prepare",
        /// See the leaders' weekly schedule, within clearance (its published form is public).
        ScheduleView = "schedule_view",
        /// Keep the schedule: add, change and cancel entries (the Office's specialists and
        /// leaders).
        ScheduleEdit = "schedule_edit",
        /// Publish a week's schedule and its adjustments (the chief and deputy chiefs).
        SchedulePublish = "schedule_publish",
        /// Gather issued documents sent to the gazette into its numbered issues (the clerks,
        /// the chief and deputy chiefs of office).
        GazettePublish = "gazette_publish",
    }
}

use Action::*;

/// The permission table. A role not listed for an action may not do it.
const GRANTS: &[(Role, &[Action])] = &[
    (
        Role::Clerk,
        &[
            DirectoryView,
            AgencyManage,
            IncomingView,
            IncomingRegister,
            IncomingHandle,
            OutgoingView,
            OutgoingIssue,
            DirectionView,
            ReportView,
            MeetingView,
            ScheduleView,
            GazettePublish,
        ],
    ),
    (
        Role::Specialist,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            OutgoingDraft,
            DirectionView,
            ReportView,
            DirectionManage,
            MeetingView,
            MeetingPrepare,
            ScheduleView,
            ScheduleEdit,
        ],
    ),
    (
        Role::DepartmentHead,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            OutgoingDraft,
            DirectionView,
            ReportView,
            DirectionManage,
            MeetingView,
            MeetingPrepare,
            ScheduleView,
            ScheduleEdit,
        ],
    ),
    (
        Role::DeputyChief,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            OutgoingDraft,
            DirectionView,
            ReportView,
            DirectionManage,
            MeetingView,
            MeetingPrepare,
            ScheduleView,
            ScheduleEdit,
            SchedulePublish,
            GazettePublish,
        ],
    ),
    (
        Role::ChiefOfOffice,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            OutgoingDraft,
            OutgoingRecall,
            DirectionView,
            ReportView,
            DirectionManage,
            DirectionDecide,
            MeetingView,
            MeetingPrepare,
            ScheduleView,
            ScheduleEdit,
            SchedulePublish,
            GazettePublish,
        ],
    ),
    (
        Role::Chairman,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            DirectionView,
            ReportView,
            DirectionDecide,
            MeetingView,
            ScheduleView,
        ],
    ),
    (
        Role::ViceChairman,
        &[
            DirectoryView,
            IncomingView,
            IncomingHandle,
            OutgoingView,
            DirectionView,
            ReportView,
            DirectionDecide,
            MeetingView,
            ScheduleView,
        ],
    ),
    (Role::CommitteeMember, &[DirectoryView, DirectionView, ReportView, MeetingView, ScheduleView]),
    (
        Role::Administrator,
        &[
            DirectoryView,
            UserManage,
            DepartmentManage,
            AgencyManage,
            AuditView,
            RegisterManage,
            CalendarManage,
            BackupManage,
        ],
    ),
];

/// What an agency's account (a department or commune outside the Office) may do,
/// whatever its role: see and report on its own agency's directions.
const AGENCY_GRANTS: &[Action] = &[DirectionView, DirectionReport];

pub fn allows(role: Role, action: Action) -> bool {
    GRANTS.iter().any(|(r, actions)| *r == role && actions.contains(&action))
}

/// Whether a person may take `action`: by the role, or for an agency's account by
/// [`AGENCY_GRANTS`] alone.
pub fn allows_user(role: Role, agency_account: bool, action: Action) -> bool {
    if agency_account { AGENCY_GRANTS.contains(&action) } else { allows(role, action) }
}

/// The actions a person may take, for the UI to show or hide what they can use.
/// The UI hides; the core refuses.
pub fn allowed_actions(role: Role, agency_account: bool) -> Vec<Action> {
    Action::ALL.iter().copied().filter(|a| allows_user(role, agency_account, *a)).collect()
}

/// What a role is in the Office's working rules, beyond the actions of the table: the
/// named predicates every area asks, in one place next to the table.
pub mod role {
    use crate::vocabulary::Role;

    /// An incoming document is presented to these leaders, who give its direction: the
    /// deputy chiefs and the chief of office, the chairman and the vice chairmen.
    pub fn directs_incoming(role: Role) -> bool {
        matches!(role, Role::DeputyChief | Role::ChiefOfOffice | Role::Chairman | Role::ViceChairman)
    }

    /// Who gives directions (nhiệm vụ) to departments and communes: the Committee's
    /// leaders and members, and the chief of office.
    pub fn gives_directions(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman | Role::CommitteeMember | Role::ChiefOfOffice)
    }

    /// Who decides on any direction's extension (a vice chairman decides on the
    /// directions he gave).
    pub fn decides_any_extension(role: Role) -> bool {
        matches!(role, Role::ChiefOfOffice | Role::Chairman)
    }

    /// The Office's leaders (lãnh đạo Văn phòng): the chief of office and the deputy
    /// chiefs.
    pub fn leads_office(role: Role) -> bool {
        matches!(role, Role::ChiefOfOffice | Role::DeputyChief)
    }

    /// The Committee's leaders (lãnh đạo UBND tỉnh): the Chairman and the Vice Chairmen.
    pub fn leads_committee(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman)
    }

    /// The Office's leaders work on every direction the Office follows.
    pub fn oversees_directions(role: Role) -> bool {
        leads_office(role)
    }

    /// Who may follow an item of a meeting's agenda for the Office: its specialists,
    /// department heads and leaders (not the clerks, not an agency's account).
    pub fn follows_agenda_items(role: Role) -> bool {
        matches!(role, Role::Specialist | Role::DepartmentHead) || leads_office(role)
    }

    /// Rank, highest first: wherever people are listed by rank or a leader is chosen,
    /// this is the order, in Rust ([`rank`]) and in SQL ([`rank_sql`]) alike.
    pub const BY_RANK: [Role; 9] = [
        Role::Chairman,
        Role::ViceChairman,
        Role::CommitteeMember,
        Role::ChiefOfOffice,
        Role::DeputyChief,
        Role::DepartmentHead,
        Role::Specialist,
        Role::Clerk,
        Role::Administrator,
    ];

    /// A role's place in [`BY_RANK`] (0 for the Chairman).
    pub fn rank(role: Role) -> usize {
        BY_RANK.iter().position(|r| *r == role).unwrap_or(BY_RANK.len())
    }

    /// [`rank`] as an SQL expression over `column` (e.g. `u.role`), for `ORDER BY`.
    pub fn rank_sql(column: &str) -> String {
        let cases: String =
            BY_RANK.iter().enumerate().map(|(n, r)| format!(" WHEN '{}' THEN {n}", r.as_str())).collect();
        format!("CASE {column}{cases} ELSE {} END", BY_RANK.len())
    }

    /// The roles of which `rule` holds, as an SQL list for `IN`: `('a', 'b')`.
    pub fn sql_list(rule: fn(Role) -> bool) -> String {
        let roles: Vec<String> =
            Role::ALL.iter().filter(|r| rule(**r)).map(|r| format!("'{}'", r.as_str())).collect();
        format!("({})", roles.join(", "))
    }

    /// The clerk's desk: numbering and dispatching signed documents, the queue of newly
    /// registered incoming ones.
    pub fn keeps_registers(role: Role) -> bool {
        role == Role::Clerk
    }

    /// Who handles an incoming document once its department's head assigns it: the
    /// department's specialists and its head.
    pub fn handles_documents(role: Role) -> bool {
        matches!(role, Role::Specialist | Role::DepartmentHead)
    }

    /// Roles whose people work in one of the Office's departments.
    pub fn works_in_a_department(role: Role) -> bool {
        matches!(role, Role::Clerk | Role::Specialist | Role::DepartmentHead)
    }

    /// The roles that can hold a step of an approval path, lowest first. A path's steps
    /// rise in this order; a drafter skips the steps at or below their own rank.
    pub const APPROVAL_ORDER: [Role; 5] =
        [Role::DepartmentHead, Role::DeputyChief, Role::ChiefOfOffice, Role::ViceChairman, Role::Chairman];

    /// A role's rank in [`APPROVAL_ORDER`]: 0 for a role that holds no step.
    pub fn approval_rank(role: Role) -> u8 {
        APPROVAL_ORDER.iter().position(|r| *r == role).map_or(0, |p| p as u8 + 1)
    }

    /// Who signs for the People's Committee: its chairman and vice chairmen, and by
    /// their authorisation the chief and deputy chiefs of office.
    pub fn signs_for_committee(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman | Role::ChiefOfOffice | Role::DeputyChief)
    }

    /// The Committee's members (thành viên UBND): a meeting's members by default, counted
    /// for its quorum, and who vote and give written opinions.
    pub fn sits_on_committee(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman | Role::CommitteeMember)
    }

    /// Who may chair a meeting: the Committee's chairman and vice chairmen, and the chief
    /// of office for a working session.
    pub fn chairs_meetings(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman | Role::ChiefOfOffice)
    }

    /// Who may put an item that is not ready on the agenda, with a recorded reason.
    pub fn overrides_readiness(role: Role) -> bool {
        role == Role::ChiefOfOffice
    }

    /// The Office's own people, who serve every meeting (within their clearance); the
    /// leaders and members see the meetings they take part in.
    pub fn serves_meetings(role: Role) -> bool {
        matches!(
            role,
            Role::Clerk | Role::Specialist | Role::DepartmentHead | Role::DeputyChief | Role::ChiefOfOffice
        )
    }

    /// The leaders whose weekly schedule the Office keeps: the Chairman, the Vice
    /// Chairmen, the chief and deputy chiefs of office.
    pub fn leads_schedule(role: Role) -> bool {
        matches!(role, Role::Chairman | Role::ViceChairman | Role::ChiefOfOffice | Role::DeputyChief)
    }

    /// Who may lower the secrecy of a schedule entry: the chief of office.
    pub fn declassifies(role: Role) -> bool {
        role == Role::ChiefOfOffice
    }

    /// Who signs for the Office itself.
    pub fn signs_for_office(role: Role) -> bool {
        matches!(role, Role::ChiefOfOffice | Role::DeputyChief | Role::DepartmentHead)
    }
}

#[cfg(test)]
mod tests {
    use super::role;
    use crate::vocabulary::Role;

    /// SQL orders people as Rust does: both are built from `role::BY_RANK`.
    #[test]
    fn rank_in_sql_is_rank_in_rust() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE u (role TEXT)").unwrap();
        for r in Role::ALL.iter().rev() {
            conn.execute("INSERT INTO u (role) VALUES (?1)", [r.as_str()]).unwrap();
        }
        let sql = format!("SELECT role FROM u ORDER BY {}", role::rank_sql("u.role"));
        let by_sql: Vec<String> =
            conn.prepare(&sql).unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        let mut by_rust = Role::ALL.to_vec();
        by_rust.sort_by_key(|r| role::rank(*r));
        assert_eq!(by_sql, by_rust.iter().map(|r| r.as_str()).collect::<Vec<_>>());
        assert_eq!(by_sql.first().map(String::as_str), Some("chairman"));
    }

    #[test]
    fn named_groups_of_roles_as_sql_lists() {
        assert_eq!(role::sql_list(role::leads_office), "('deputy_chief', 'chief_of_office')");
        assert_eq!(role::sql_list(role::leads_committee), "('chairman', 'vice_chairman')");
        assert_eq!(
            role::sql_list(role::follows_agenda_items),
            "('specialist', 'department_head', 'deputy_chief', 'chief_of_office')"
        );
    }
}

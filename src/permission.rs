//! Who may do what: one table from role to allowed actions. Every command names the
//! action it needs (see `commands`), and the command layer checks it before running.

use crate::org::Role;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the Office's departments, its people and the agency directory.
    DirectoryView,
    /// Create users, change their role and clearance, disable them, reset passwords.
    UserManage,
    DepartmentManage,
    /// Add and edit outside agencies (clerks add the sender of a document they register).
    AgencyManage,
    /// Read the audit log.
    AuditView,
    /// See incoming documents (each still filtered by secrecy clearance).
    IncomingView,
    /// Register incoming documents (văn thư).
    IncomingRegister,
    /// Take part in an incoming document's flow: present, direct, assign, handle. Which
    /// step a person may take also depends on their place in the document.
    IncomingHandle,
    /// Configure registers (sổ), routing rules and approval paths.
    RegisterManage,
    /// See outgoing documents: issued ones, and the drafts a person takes part in.
    OutgoingView,
    /// Write drafts of outgoing documents (and correcting công văn).
    OutgoingDraft,
    /// Number, issue and dispatch signed documents; print the outgoing register (văn thư).
    OutgoingIssue,
    /// Recall an issued document.
    OutgoingRecall,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::DirectoryView,
        Action::UserManage,
        Action::DepartmentManage,
        Action::AgencyManage,
        Action::AuditView,
        Action::IncomingView,
        Action::IncomingRegister,
        Action::IncomingHandle,
        Action::RegisterManage,
        Action::OutgoingView,
        Action::OutgoingDraft,
        Action::OutgoingIssue,
        Action::OutgoingRecall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::DirectoryView => "directory_view",
            Action::UserManage => "user_manage",
            Action::DepartmentManage => "department_manage",
            Action::AgencyManage => "agency_manage",
            Action::AuditView => "audit_view",
            Action::IncomingView => "incoming_view",
            Action::IncomingRegister => "incoming_register",
            Action::IncomingHandle => "incoming_handle",
            Action::RegisterManage => "register_manage",
            Action::OutgoingView => "outgoing_view",
            Action::OutgoingDraft => "outgoing_draft",
            Action::OutgoingIssue => "outgoing_issue",
            Action::OutgoingRecall => "outgoing_recall",
        }
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
        ],
    ),
    (Role::Specialist, &[DirectoryView, IncomingView, IncomingHandle, OutgoingView, OutgoingDraft]),
    (Role::DepartmentHead, &[DirectoryView, IncomingView, IncomingHandle, OutgoingView, OutgoingDraft]),
    (Role::DeputyChief, &[DirectoryView, IncomingView, IncomingHandle, OutgoingView, OutgoingDraft]),
    (
        Role::ChiefOfOffice,
        &[DirectoryView, IncomingView, IncomingHandle, OutgoingView, OutgoingDraft, OutgoingRecall],
    ),
    (Role::Chairman, &[DirectoryView, IncomingView, IncomingHandle, OutgoingView]),
    (Role::ViceChairman, &[DirectoryView, IncomingView, IncomingHandle, OutgoingView]),
    (Role::CommitteeMember, &[DirectoryView]),
    (
        Role::Administrator,
        &[DirectoryView, UserManage, DepartmentManage, AgencyManage, AuditView, RegisterManage],
    ),
];

pub fn allows(role: Role, action: Action) -> bool {
    GRANTS.iter().any(|(r, actions)| *r == role && actions.contains(&action))
}

/// The actions a role may take, for the UI to show or hide what a person can use.
/// The UI hides; the core refuses.
pub fn allowed_actions(role: Role) -> Vec<Action> {
    Action::ALL.iter().copied().filter(|a| allows(role, *a)).collect()
}

//! The role → action table, cell by cell, and its enforcement on every command.

use crate::support::TestApp;
use vanphong::commands::{Access, catalogue};
use vanphong::permission::{Action, allows};
use vanphong::vocabulary::Role;

use Role::*;

/// Everyone who works in the Office or on the Committee (not the administrator).
const STAFF: &[Role] =
    &[Clerk, Specialist, DepartmentHead, DeputyChief, ChiefOfOffice, Chairman, ViceChairman, CommitteeMember];
/// Those who handle the Office's documents: the staff but the Committee's members.
const DOCUMENTS: &[Role] =
    &[Clerk, Specialist, DepartmentHead, DeputyChief, ChiefOfOffice, Chairman, ViceChairman];
/// Those who prepare the Office's work: specialists, heads of department, the Office's leaders.
const PREPARERS: &[Role] = &[Specialist, DepartmentHead, DeputyChief, ChiefOfOffice];

/// Who may do what, as the Office's working rules (quy chế làm việc) and Decree 30 say
/// it, written here and not read from the product's own table: each action with the
/// roles that may take it.
const RULES: &[(Action, &[Role])] = &[
    // The directory is everyone's; the accounts, departments, registers, the working
    // calendar, backups and the log are the administrator's, who reads no document.
    (
        Action::DirectoryView,
        &[
            Clerk,
            Specialist,
            DepartmentHead,
            DeputyChief,
            ChiefOfOffice,
            Chairman,
            ViceChairman,
            CommitteeMember,
            Administrator,
        ],
    ),
    (Action::UserManage, &[Administrator]),
    (Action::DepartmentManage, &[Administrator]),
    (Action::RegisterManage, &[Administrator]),
    (Action::CalendarManage, &[Administrator]),
    (Action::BackupManage, &[Administrator]),
    (Action::AuditView, &[Administrator]),
    // The clerk (văn thư) adds the sender of a document being registered.
    (Action::AgencyManage, &[Clerk, Administrator]),
    // Incoming documents: the clerk registers; the Office and the Committee's leaders
    // see and take part in their flow; Committee members are not in it.
    (Action::IncomingView, DOCUMENTS),
    (Action::IncomingRegister, &[Clerk]),
    (Action::IncomingHandle, DOCUMENTS),
    // Outgoing documents: drafted by the Office's people, numbered and issued by the
    // clerk; only the chief of office recalls an issued one.
    (Action::OutgoingView, DOCUMENTS),
    (Action::OutgoingDraft, PREPARERS),
    (Action::OutgoingIssue, &[Clerk]),
    (Action::OutgoingRecall, &[ChiefOfOffice]),
    // Directions: everyone follows them; the Office records and tracks them; the
    // leaders who give them decide extensions; only agencies report on their own.
    (Action::DirectionView, STAFF),
    (Action::DirectionManage, PREPARERS),
    (Action::DirectionReport, &[]),
    (Action::DirectionDecide, &[ChiefOfOffice, Chairman, ViceChairman]),
    (Action::ReportView, STAFF),
    // Meetings and the schedule: everyone sees them; the Office prepares them; the
    // Office's leaders publish the week.
    (Action::MeetingView, STAFF),
    (Action::MeetingPrepare, PREPARERS),
    (Action::ScheduleView, STAFF),
    (Action::ScheduleEdit, PREPARERS),
    (Action::SchedulePublish, &[DeputyChief, ChiefOfOffice]),
    // The gazette (Công báo) is put together by the clerk and published by the Office's
    // leaders.
    (Action::GazettePublish, &[Clerk, DeputyChief, ChiefOfOffice]),
];

/// Whether the rules above let `role` take `action`.
fn ruled(role: Role, action: Action) -> bool {
    RULES.iter().find(|(a, _)| *a == action).is_some_and(|(_, roles)| roles.contains(&role))
}

#[test]
fn permission_table_matches_the_rules_cell_by_cell() {
    for action in Action::ALL {
        assert!(RULES.iter().any(|(a, _)| a == action), "the rules say who may {action:?}");
    }
    for role in Role::ALL {
        for action in Action::ALL {
            assert_eq!(
                allows(*role, *action),
                ruled(*role, *action),
                "{role:?} {} {action:?}",
                if ruled(*role, *action) { "should be allowed" } else { "should be refused" }
            );
        }
    }
}

/// Every command that needs an action refuses every role without it, before it even
/// reads the request; and lets the others through to the request check.
#[test]
fn every_command_checks_its_permission_for_every_role() {
    let (t, admin) = TestApp::with_admin();
    let mut tokens = vec![(Role::Administrator, admin.clone())];
    for (n, role) in Role::ALL.iter().enumerate().filter(|(_, r)| **r != Role::Administrator) {
        tokens.push((*role, t.user(&admin, &format!("user{n}"), *role).1));
    }
    let mut checked = 0;
    for command in catalogue() {
        let Access::Allowed(action) = command.access else { continue };
        for (role, token) in &tokens {
            let result =
                vanphong::commands::dispatch(&t.app, Some(token), command.name, serde_json::Value::Null);
            let denied = matches!(&result, Err(e) if e.code == "auth.permission_denied");
            assert_eq!(denied, !ruled(*role, action), "{} for {role:?}", command.name);
            checked += 1;
        }
    }
    assert!(checked >= 9 * 15, "all guarded commands were tried ({checked})");
}

/// An agency's account (a department or commune outside the Office) reaches only its
/// directions, whatever its role says.
#[test]
fn an_agency_account_may_only_see_and_report_on_directions() {
    let o = crate::incoming::Office::new();
    let mut p = crate::support::profile("so.tc", Role::Specialist, None);
    p.agency_id = Some(o.agency("so tai chinh"));
    let (_, token) = o.t.person(&o.admin, "so.tc", p);
    for command in catalogue() {
        let Access::Allowed(action) = command.access else { continue };
        let result =
            vanphong::commands::dispatch(&o.t.app, Some(&token), command.name, serde_json::Value::Null);
        let denied = matches!(&result, Err(e) if e.code == "auth.permission_denied");
        let allowed = matches!(action, Action::DirectionView | Action::DirectionReport);
        assert_eq!(denied, !allowed, "{} for an agency account", command.name);
    }
    let me = o.t.call::<vanphong::commands::SessionCurrent>(Some(&token), ()).unwrap();
    assert_eq!(me.actions, vec![Action::DirectionView, Action::DirectionReport]);
}

#[test]
fn guarded_commands_need_a_session() {
    let t = TestApp::new();
    for command in catalogue().into_iter().filter(|c| c.access != Access::Public) {
        let error = vanphong::commands::dispatch(&t.app, None, command.name, serde_json::Value::Null)
            .expect_err(command.name);
        assert_eq!(error.code, "auth.not_authenticated", "{}", command.name);
    }
}

#[test]
fn an_unknown_command_is_named_in_both_languages() {
    let t = TestApp::new();
    let error =
        vanphong::commands::dispatch(&t.app, None, "document_shred", serde_json::Value::Null).unwrap_err();
    assert_eq!(error.code, "request.unknown_command");
    assert!(error.message.vi.contains("document_shred") && error.message.en.contains("document_shred"));
}

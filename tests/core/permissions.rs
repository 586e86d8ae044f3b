//! The role → action table, cell by cell, and its enforcement on every command.

use crate::support::TestApp;
use vanphong::commands::{Access, catalogue};
use vanphong::permission::{Action, allows};
use vanphong::vocabulary::Role;

/// The table as the Office's rules give it. Columns follow `Action::ALL`:
/// directory_view, user_manage, department_manage, agency_manage, audit_view,
/// incoming_view, incoming_register, incoming_handle, register_manage,
/// outgoing_view, outgoing_draft, outgoing_issue, outgoing_recall, direction_view,
/// direction_manage, direction_report, direction_decide, calendar_manage, report_view,
/// backup_manage, meeting_view, meeting_prepare, schedule_view, schedule_edit,
/// schedule_publish, gazette_publish.
const EXPECTED: &[(Role, &str)] = &[
    (Role::Clerk, "x..x.xxx.x.x.x....x.x.x..x"),
    (Role::Specialist, "x....x.x.xx..xx...x.xxxx.."),
    (Role::DepartmentHead, "x....x.x.xx..xx...x.xxxx.."),
    (Role::DeputyChief, "x....x.x.xx..xx...x.xxxxxx"),
    (Role::ChiefOfOffice, "x....x.x.xx.xxx.x.x.xxxxxx"),
    (Role::Chairman, "x....x.x.x...x..x.x.x.x..."),
    (Role::ViceChairman, "x....x.x.x...x..x.x.x.x..."),
    (Role::CommitteeMember, "x............x....x.x.x..."),
    (Role::Administrator, "xxxxx...x........x.x......"),
];

#[test]
fn permission_table_matches_the_rules_cell_by_cell() {
    assert_eq!(EXPECTED.len(), Role::ALL.len(), "every role has a row");
    for (role, row) in EXPECTED {
        assert_eq!(row.len(), Action::ALL.len(), "row of {role:?} has a cell per action");
        for (action, cell) in Action::ALL.iter().zip(row.chars()) {
            assert_eq!(
                allows(*role, *action),
                cell == 'x',
                "{role:?} {} {action:?}",
                if cell == 'x' { "should be allowed" } else { "should be refused" }
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
            assert_eq!(denied, !allows(*role, action), "{} for {role:?}", command.name);
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

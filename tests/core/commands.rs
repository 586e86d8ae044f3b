//! The command layer's own rules: every name is noun_verb, given once and unique, and a
//! request with a misspelled field is refused rather than half understood.

use crate::support::TestApp;
use std::collections::HashSet;
use vanphong::commands::{Access, catalogue, dispatch};
use vanphong::error::ErrorCode;
use vanphong::permission::allows;
use vanphong::vocabulary::Role;

#[test]
fn command_names_are_noun_verb_and_unique() {
    let mut seen = HashSet::new();
    for command in catalogue() {
        let words: Vec<&str> = command.name.split('_').collect();
        assert!(
            words.len() >= 2
                && words.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
            "{} is noun_verb in snake_case",
            command.name
        );
        assert!(seen.insert(command.name), "{} is registered once", command.name);
        // The registry answers to the name it gives.
        let error = dispatch(&TestApp::new().app, None, command.name, serde_json::Value::Null).err();
        assert!(
            error.is_none_or(|e| e.code != ErrorCode::RequestUnknownCommand),
            "{} dispatches",
            command.name
        );
    }
    assert!(seen.contains("outgoing_counts_get"), "the name is the type's: OutgoingCountsGet");
}

/// A misspelled filter must be an error, not an unfiltered list: every command, run by a
/// role allowed to run it, refuses a request with a field it does not know.
#[test]
fn every_request_refuses_unknown_fields() {
    let (t, admin) = TestApp::with_admin();
    let mut tokens = vec![(Role::Administrator, admin.clone())];
    for (n, role) in Role::ALL.iter().enumerate().filter(|(_, r)| **r != Role::Administrator) {
        tokens.push((*role, t.user(&admin, &format!("user{n}"), *role).1));
    }
    let mut failures = Vec::new();
    for command in catalogue() {
        let token = match command.access {
            Access::Public => None,
            Access::Authenticated | Access::Session => Some(admin.as_str()),
            Access::Allowed(action) => {
                tokens.iter().find(|(role, _)| allows(*role, action)).map(|(_, token)| token.as_str())
            }
        };
        let body = serde_json::json!({ "noSuchFilter": 1 });
        let refused = match dispatch(&t.app, token, command.name, body) {
            Ok(_) => "accepted".to_string(),
            Err(e)
                if e.code == ErrorCode::RequestMalformed
                    && (e.message.en.contains("unknown field") || e.message.en.contains("invalid type")) =>
            {
                continue;
            }
            Err(e) => e.message.en,
        };
        failures.push(format!("{}: {refused}", command.name));
    }
    assert!(failures.is_empty(), "requests that do not refuse an unknown field:\n{}", failures.join("\n"));
}

#[test]
fn every_error_code_has_its_own_text_and_an_http_status() {
    let mut texts = HashSet::new();
    for code in ErrorCode::ALL {
        assert!(texts.insert(code.as_str()), "{code} is one code");
        assert!((400..600).contains(&code.http_status()), "{code} fails with an HTTP error status");
        let json = serde_json::to_string(code).unwrap();
        assert_eq!(json, format!("\"{code}\""), "the UI sees the code's text");
    }
}

#[test]
fn every_action_the_log_records_is_named_in_words() {
    use vanphong::audit::titles::TITLES as ACTION_TITLES;
    // What only reads records nothing, nor does a person's own working state (unsaved
    // forms, named filters); everything else does, and the log names it.
    const READS: &[&str] = &[
        "_list",
        "_get",
        "_pdf",
        "_xlsx",
        "_status",
        "_current",
        "_template",
        "report_monthly_draft",
        "_inbox",
        "_inbox_counts",
        "_check_duplicates",
        "_route",
        "_diff",
        "_linked",
        "_deadline",
        "_preview",
        "_file",
        "autosave_put",
        "meeting_note_put",
        "autosave_discard",
        "saved_filter_save",
        "saved_filter_delete",
    ];
    let titled: Vec<&str> = ACTION_TITLES.iter().map(|(a, _, _)| *a).collect();
    for command in catalogue() {
        if READS.iter().any(|suffix| command.name.ends_with(suffix)) {
            continue;
        }
        assert!(titled.contains(&command.name), "{} has no words in the audit log", command.name);
    }
    let names: Vec<&str> = catalogue().iter().map(|c| c.name).collect();
    for (action, vi, en) in ACTION_TITLES {
        let system =
            ["alert_scan", "backup_scheduled", "backup_restore", "demo_fill", "poll_void", "exchange_pass"]
                .contains(action);
        assert!(system || names.contains(action), "{action} is no command");
        assert!(!vi.is_empty() && !en.is_empty());
    }
}

/// Every command that reads declares the kinds of objects its answer is made of, so the
/// UI reads it again on their events; a command that writes declares none (its answer is
/// the result of the step). Those whose answers no event changes are named here, each
/// for a reason.
#[test]
fn every_reading_command_declares_what_it_reads() {
    const NO_EVENT_CHANGES: &[&str] = &[
        // Fixed for the life of the process, or the caller's own clock.
        "setup_status",
        "clock_get",
        "document_type_list",
        "territory_list",
        "audit_actions_get",
        "approval_roles_get",
        // A person's own working state, read and written by the same window.
        "autosave_get",
        "autosave_put",
        "autosave_discard",
        "saved_filter_list",
        "saved_filter_save",
        "saved_filter_delete",
        "meeting_note_put",
        // Made from what the person sends, not from what is stored.
        "document_preview_pdf",
        "meeting_template",
    ];
    let mut wrong = Vec::new();
    for command in catalogue() {
        let writes = vanphong::commands::writes(command.name);
        let quiet = NO_EVENT_CHANGES.contains(&command.name);
        if writes && !command.reads.is_empty() {
            wrong.push(format!("{} writes and declares reads", command.name));
        }
        if !writes && !quiet && command.reads.is_empty() {
            wrong.push(format!("{} reads and declares nothing", command.name));
        }
        if quiet && !command.reads.is_empty() {
            wrong.push(format!("{} is said to read nothing events change", command.name));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

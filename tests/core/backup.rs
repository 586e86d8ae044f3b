//! Backups that restore: taken from the running server while a clerk keeps registering,
//! checked, restored into an empty data directory with every committed document and file,
//! and without the sessions that were open.

use crate::support::{test_clock, test_now};
use base64::Engine;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use vanphong::App;
use vanphong::attachments::NewAttachment;
use vanphong::commands::{self, LoginRequest};
use vanphong::incoming::IncomingInput;
use vanphong::incoming::model::Urgency;
use vanphong::vocabulary::Clearance;

fn login(app: &App, username: &str) -> String {
    let request = LoginRequest {
        username: username.into(),
        password: vanphong_tools::demo::DEMO_PASSWORD.into(),
        device: None,
    };
    commands::execute::<commands::SessionLogin>(app, None, request).unwrap().token
}

fn document(register_id: vanphong::register::RegisterId, n: usize) -> IncomingInput {
    let pdf = format!("%PDF-1.7 công văn số {n} của Sở Tài chính");
    IncomingInput {
        register_id,
        received_at: test_now(),
        agency_id: None,
        agency_name: "Sở Tài chính".into(),
        add_agency_to_directory: None,
        number_symbol: format!("{n}/STC-NS"),
        document_date: None,
        document_type: "CV".into(),
        summary: format!("Về việc phân bổ dự toán ngân sách đợt {n}"),
        urgency: Urgency::Normal,
        secrecy: Clearance::None,
        page_count: Some(1),
        reply_deadline: None,
        signer: "Nguyễn Văn A".into(),
        electronic: true,
        attachments: vec![NewAttachment::inline(
            format!("cv-{n}.pdf"),
            base64::engine::general_purpose::STANDARD.encode(pdf),
        )],
        lead_department_id: None,
        supervisor_id: None,
        routing_rule_id: None,
        present_to_id: None,
        confirm_duplicate: false,
    }
}

#[test]
fn a_backup_taken_while_a_clerk_registers_restores_every_committed_document_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = Arc::new(App::open(&data, test_clock()).unwrap());
    vanphong_tools::demo::fill(&app, 40, 0).unwrap();
    let clerk = login(&app, "vt1");
    let admin = login(&app, "admin");
    let registers = commands::execute::<commands::RegisterList>(
        &app,
        Some(&clerk),
        commands::RegisterListRequest { kind: Some(vanphong::register::RegisterKind::Incoming), fits: None },
    )
    .unwrap();
    let register = registers.iter().find(|r| !r.secret).unwrap().id;

    // The clerk registers a document after another, with its file, the whole time.
    // The backup starts once twenty are in: the clerk says so, nobody waits on a clock.
    let stop = Arc::new(AtomicBool::new(false));
    let (twenty_in, twenty) = std::sync::mpsc::channel::<()>();
    let writer = {
        let (app, stop, clerk) = (app.clone(), stop.clone(), clerk.clone());
        std::thread::spawn(move || {
            let mut ids = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let row = commands::execute::<commands::IncomingRegister>(
                    &app,
                    Some(&clerk),
                    document(register, n),
                )
                .expect("registered");
                ids.push(row.id.0);
                if ids.len() == 20 {
                    twenty_in.send(()).expect("the test waits for twenty");
                }
            }
            ids
        })
    };
    twenty.recv().expect("the clerk registers twenty documents");
    let before: i64 = app
        .db()
        .read(|c| Ok(c.query_row("SELECT max(id) FROM incoming_document", [], |r| r.get(0))?))
        .unwrap();
    // From the running server, as the administrator does it from the UI.
    let taken = commands::execute::<commands::BackupCreate>(&app, Some(&admin), ())
        .expect("a backup, writes going on");
    stop.store(true, Ordering::SeqCst);
    let committed = writer.join().unwrap();
    assert!(committed.len() as i64 > 20, "the clerk kept working ({} documents)", committed.len());

    let folder = std::path::PathBuf::from(&taken.path);
    let verified = vanphong::backup::verify(&folder).unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    assert!(verified.manifest.incoming_documents >= before, "everything committed before it began is in it");
    // Each document's file, and each message the demo's axis brought (kept as it came).
    let messages: i64 = app
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM exchange_message", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(verified.manifest.attachments.len() as i64, verified.manifest.incoming_documents + messages);
    let listed = commands::execute::<commands::BackupList>(&app, Some(&admin), ()).unwrap();
    assert_eq!(listed[0].name, taken.name);

    // Restored into an empty data directory (the server still runs on the old one).
    let restored_dir = dir.path().join("restored");
    vanphong::backup::restore(&folder, &restored_dir, test_now()).unwrap();
    let restored = App::open(&restored_dir, test_clock()).unwrap();
    let (documents, integrity): (Vec<i64>, String) = restored
        .db()
        .read(|c| {
            let ids = c
                .prepare("SELECT id FROM incoming_document ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok((ids, c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        })
        .unwrap();
    assert_eq!(integrity, "ok");
    assert_eq!(documents.len() as i64, verified.manifest.incoming_documents);
    assert!(committed.iter().filter(|id| **id <= before).all(|id| documents.contains(id)));
    // Every document opens its file, checked against its hash.
    let clerk_again = login(&restored, "vt1");
    for id in documents.iter().step_by(5) {
        let detail = commands::execute::<commands::IncomingGet>(
            &restored,
            Some(&clerk_again),
            commands::IncomingRef { id: vanphong::incoming::model::IncomingId(*id) },
        )
        .unwrap();
        let attachment = &detail.attachments[0];
        let file = commands::execute::<commands::IncomingAttachmentGet>(
            &restored,
            Some(&clerk_again),
            commands::AttachmentRef { attachment_id: attachment.id },
        )
        .expect("the file opens, not 'attachment damaged'");
        assert!(!crate::support::opened(&restored, &clerk_again, &file).is_empty());
    }
    // The sessions open when it was taken are not accepted by the restored office.
    let old = commands::execute::<commands::SessionCurrent>(&restored, Some(&admin), ()).unwrap_err();
    assert_eq!(old.code(), "auth.session_expired");
    // A restore never overwrites data.
    let again = vanphong::backup::restore(&folder, &restored_dir, test_now()).unwrap_err();
    assert_eq!(again.code(), "conflict");
}

#[test]
fn a_damaged_backup_is_found_and_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = App::open(&data, test_clock()).unwrap();
    vanphong_tools::demo::fill(&app, 40, 0).unwrap();
    let clerk = login(&app, "vt1");
    let registers = commands::execute::<commands::RegisterList>(
        &app,
        Some(&clerk),
        commands::RegisterListRequest { kind: Some(vanphong::register::RegisterKind::Incoming), fits: None },
    )
    .unwrap();
    commands::execute::<commands::IncomingRegister>(&app, Some(&clerk), document(registers[0].id, 1))
        .unwrap();
    let folder = dir.path().join("backup");
    let manifest = vanphong::backup::create(&data, &folder, test_now()).unwrap();
    assert!(vanphong::backup::verify(&folder).unwrap().ok());
    let sha = &manifest.attachments[0];
    std::fs::write(folder.join("attachments").join(&sha[..2]).join(&sha[2..]), b"hong").unwrap();
    let verified = vanphong::backup::verify(&folder).unwrap();
    assert!(verified.problems.iter().any(|p| p.contains("damaged")), "{:?}", verified.problems);
    let refused = vanphong::backup::restore(&folder, &dir.path().join("restored"), test_now()).unwrap_err();
    assert!(refused.message().vi.contains("hỏng"), "{}", refused.message().vi);
}

#[test]
fn the_server_backs_up_a_database_before_it_upgrades_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let before = vanphong_tools::cli::backup_before_upgrade;
    assert_eq!(before(&data, test_now()).unwrap(), None, "no database yet: nothing to keep");
    let app = App::open(&data, test_clock()).unwrap();
    let admin = vanphong::commands::SetupRequest {
        username: "admin".into(),
        full_name: "Quản trị viên".into(),
        password: crate::support::ADMIN_PASSWORD.into(),
        province_code: crate::support::NGHE_AN,
    };
    commands::execute::<commands::SetupCreateAdministrator>(&app, None, admin).unwrap();
    drop(app);
    assert_eq!(before(&data, test_now()).unwrap(), None, "a current database is not copied");

    // The database an older release left.
    let older = vanphong::db::schema_version() - 1;
    crate::support::back_to_schema(&data, older);
    let folder = before(&data, test_now()).unwrap().expect("a backup before the upgrade");
    assert!(folder.starts_with(data.join("backups")), "among the server's backups: {}", folder.display());
    assert!(folder.display().to_string().ends_with(&format!("before-upgrade-from-{older}")));
    let verified = vanphong::backup::verify(&folder).unwrap();
    assert!(verified.ok(), "the copy is whole");
    assert_eq!(verified.manifest.schema_version, older, "the copy is of the database as it was");

    // A server that fails to start and is started again makes no second copy.
    assert_eq!(before(&data, test_now()).unwrap(), None, "one copy of each older schema");
    // Opened, it is upgraded; the copy stays as it was and no second one is made.
    let app = App::open(&data, test_clock()).unwrap();
    drop(app);
    assert_eq!(before(&data, test_now()).unwrap(), None);
    assert_eq!(vanphong::backup::verify(&folder).unwrap().manifest.schema_version, older);
}

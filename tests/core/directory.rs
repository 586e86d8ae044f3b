//! Departments, users and agencies: validation, search, audit and events.

use crate::support::{TestApp, profile};
use vanphong::commands::{self, AgencyUpdateRequest, UserCreateRequest, UserUpdateRequest};
use vanphong::org::agency::{AgencyFilter, AgencyInput};
use vanphong::org::department::DepartmentInput;
use vanphong::org::user::UserFilter;
use vanphong::vocabulary::{AgencyGroup, Clearance, DepartmentKind, Role};

#[test]
fn set_up_fills_the_offices_departments_and_the_provinces_directory() {
    let (t, admin) = TestApp::with_admin();
    let departments = t.call::<commands::DepartmentList>(Some(&admin), ()).unwrap();
    let codes: Vec<&str> = departments.iter().map(|d| d.code.as_str()).collect();
    for code in ["TH", "KT", "NC", "NN", "CN", "KGVX", "HCTC"] {
        assert!(codes.contains(&code), "department {code} is there: {codes:?}");
    }
    let communes = t
        .call::<commands::AgencyList>(
            Some(&admin),
            AgencyFilter { group: Some(AgencyGroup::Commune), ..Default::default() },
        )
        .unwrap();
    assert_eq!(communes.total, 130, "Nghệ An has 130 communes after 2025");
    let departments = t
        .call::<commands::AgencyList>(
            Some(&admin),
            AgencyFilter { group: Some(AgencyGroup::ProvincialDepartment), ..Default::default() },
        )
        .unwrap();
    assert!(departments.total >= 15, "{}", departments.total);
}

#[test]
fn agency_search_ignores_diacritics_and_dd() {
    let (t, admin) = TestApp::with_admin();
    let search = |text: &str| {
        t.call::<commands::AgencyList>(
            Some(&admin),
            AgencyFilter { search: Some(text.into()), ..Default::default() },
        )
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.name)
        .collect::<Vec<_>>()
    };
    assert!(search("so y te").contains(&"Sở Y tế".to_string()));
    assert!(search("SỞ Y TẾ").contains(&"Sở Y tế".to_string()));
    assert!(search("giao duc dao tao").iter().any(|n| n == "Sở Giáo dục và Đào tạo"));
    assert!(search("dien chau").iter().any(|n| n.contains("Diễn Châu")), "{:?}", search("dien chau"));
    assert!(search("\"quoted' % _ (").is_empty(), "stray symbols are just text");
}

#[test]
fn agencies_are_added_and_their_codes_checked() {
    let (t, admin) = TestApp::with_admin();
    let input = |code: &str| AgencyInput {
        code: Some(code.into()),
        name: "Ban Quản lý dự án đầu tư xây dựng".into(),
        abbreviation: "BQLDA".into(),
        group: AgencyGroup::Other,
    };
    let error = t.call::<commands::AgencyCreate>(Some(&admin), input("H41")).unwrap_err();
    assert_eq!((error.code.as_str(), error.field.as_deref()), ("invalid", Some("code")));
    assert!(error.message.vi.contains("000.00.00.H41"));
    let agency = t.call::<commands::AgencyCreate>(Some(&admin), input("000.20.41.h41")).unwrap();
    assert_eq!(agency.code.as_deref(), Some("000.20.41.H41"), "codes are kept in capitals");
    let duplicate = t.call::<commands::AgencyCreate>(Some(&admin), input("000.20.41.H41")).unwrap_err();
    assert_eq!(duplicate.field.as_deref(), Some("code"));

    let renamed = t
        .call::<commands::AgencyUpdate>(
            Some(&admin),
            AgencyUpdateRequest {
                id: agency.id,
                input: AgencyInput { name: "Ban QLDA ĐTXD tỉnh".into(), ..input("000.20.41.H41") },
                active: false,
            },
        )
        .unwrap();
    assert!(!renamed.active);
    let found = t
        .call::<commands::AgencyList>(
            Some(&admin),
            AgencyFilter { search: Some("qlda".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(found.total, 0, "inactive agencies are hidden by default");
}

#[test]
fn a_clerk_may_add_an_agency_but_not_a_user() {
    let (t, admin) = TestApp::with_admin();
    let (_, clerk) = t.user(&admin, "vt1", Role::Clerk);
    let agency = AgencyInput {
        code: None,
        name: "Công ty Điện lực Nghệ An".into(),
        abbreviation: String::new(),
        group: AgencyGroup::Other,
    };
    assert!(t.call::<commands::AgencyCreate>(Some(&clerk), agency).is_ok());
    let user = UserCreateRequest {
        username: "x.y".into(),
        password: "Lua-thom-2026".into(),
        profile: profile("x", Role::Clerk, None),
    };
    assert_eq!(
        t.call::<commands::UserCreate>(Some(&clerk), user).unwrap_err().code,
        "auth.permission_denied"
    );
}

#[test]
fn user_input_is_checked_with_messages_in_both_languages() {
    let (t, admin) = TestApp::with_admin();
    let create = |username: &str, p| {
        t.call::<commands::UserCreate>(
            Some(&admin),
            UserCreateRequest { username: username.into(), password: "Lua-thom-2026".into(), profile: p },
        )
    };
    let error =
        create("cv kt", profile("a", Role::Specialist, Some(t.department(&admin, "KT")))).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("username"));
    let error = create("cv.kt9", profile("a", Role::Specialist, None)).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("departmentId"), "a specialist belongs to a department");
    assert!(error.message.vi.contains("phải thuộc một phòng") && error.message.en.contains("must belong"));
    let mut nameless = profile("a", Role::Chairman, None);
    nameless.full_name = "   ".into();
    assert_eq!(create("chutich", nameless).unwrap_err().field.as_deref(), Some("fullName"));
    create("cv.kt9", profile("a", Role::Specialist, Some(t.department(&admin, "KT")))).unwrap();
    let error =
        create("CV.KT9", profile("b", Role::Specialist, Some(t.department(&admin, "KT")))).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("username"), "usernames are unique whatever the case");
}

#[test]
fn a_deputy_chief_keeps_the_fields_and_departments_he_supervises() {
    let (t, admin) = TestApp::with_admin();
    let mut p = profile("pcvp", Role::DeputyChief, None);
    p.supervised_department_ids = vec![t.department(&admin, "KT"), t.department(&admin, "CN")];
    p.supervised_fields = vec!["Kinh tế".into(), "Đầu tư".into(), "Kinh tế".into()];
    p.clearance = Clearance::TopSecret;
    let user = t
        .call::<commands::UserCreate>(
            Some(&admin),
            UserCreateRequest {
                username: "pcvp2".into(),
                password: "Lua-thom-2026".into(),
                profile: p.clone(),
            },
        )
        .unwrap();
    assert_eq!(user.supervised_department_ids.len(), 2);
    assert_eq!(
        user.supervised_fields,
        vec!["Kinh tế".to_string(), "Đầu tư".to_string()],
        "kept once each, sorted"
    );
    assert_eq!(user.clearance, Clearance::TopSecret);

    // Made a specialist, he supervises nothing any more.
    let mut specialist = p.clone();
    specialist.role = Role::Specialist;
    specialist.department_id = Some(t.department(&admin, "KT"));
    let user = t
        .call::<commands::UserUpdate>(Some(&admin), UserUpdateRequest { id: user.id, profile: specialist })
        .unwrap();
    assert!(user.supervised_department_ids.is_empty() && user.supervised_fields.is_empty());
}

#[test]
fn the_last_administrator_cannot_be_removed() {
    let (t, admin) = TestApp::with_admin();
    let me = t.call::<commands::SessionCurrent>(Some(&admin), ()).unwrap().user;
    let error = t
        .call::<commands::UserSetActive>(
            Some(&admin),
            commands::UserSetActiveRequest { id: me.id, active: false },
        )
        .unwrap_err();
    assert_eq!(error.code, "conflict");
    let error = t
        .call::<commands::UserUpdate>(
            Some(&admin),
            UserUpdateRequest { id: me.id, profile: profile("x", Role::Chairman, None) },
        )
        .unwrap_err();
    assert!(error.message.vi.contains("quản trị hệ thống cuối cùng"), "{}", error.message.vi);
}

#[test]
fn users_are_found_by_name_without_diacritics() {
    let (t, admin) = TestApp::with_admin();
    let mut p = profile("x", Role::Specialist, Some(t.department(&admin, "KT")));
    p.full_name = "Đặng Thị Hồng Nhung".into();
    t.call::<commands::UserCreate>(
        Some(&admin),
        UserCreateRequest { username: "nhung.dth".into(), password: "Lua-thom-2026".into(), profile: p },
    )
    .unwrap();
    let found = t
        .call::<commands::UserList>(
            Some(&admin),
            UserFilter { search: Some("dang nhung".into()), ..Default::default() },
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name, "Đặng Thị Hồng Nhung");
}

#[test]
fn departments_have_unique_codes_and_keep_their_people() {
    let (t, admin) = TestApp::with_admin();
    let input = |code: &str| DepartmentInput {
        code: code.into(),
        name: "Phòng Thư ký - Biên tập".into(),
        kind: DepartmentKind::Department,
        sort_order: 95,
    };
    let created = t.call::<commands::DepartmentCreate>(Some(&admin), input("tkbt")).unwrap();
    assert_eq!(created.code, "TKBT");
    assert_eq!(
        t.call::<commands::DepartmentCreate>(Some(&admin), input("KT")).unwrap_err().field.as_deref(),
        Some("code")
    );
    assert_eq!(
        t.call::<commands::DepartmentCreate>(Some(&admin), input("A-B")).unwrap_err().field.as_deref(),
        Some("code")
    );

    t.user(&admin, "cv.kt1", Role::Specialist);
    let kt = t.department(&admin, "KT");
    let error = t
        .call::<commands::DepartmentUpdate>(
            Some(&admin),
            commands::DepartmentUpdateRequest {
                id: kt,
                input: DepartmentInput {
                    code: "KT".into(),
                    name: "Phòng Kinh tế".into(),
                    kind: DepartmentKind::Department,
                    sort_order: 20,
                },
                active: false,
            },
        )
        .unwrap_err();
    assert_eq!(error.code, "conflict", "a department with people cannot be closed");
}

#[test]
fn every_change_is_audited_and_announced() {
    let (t, admin) = TestApp::with_admin();
    let mut events = t.app.events().subscribe();
    let (user, _) = t.user(&admin, "cv.kt1", Role::Specialist);

    let created = events.blocking_next().expect("an event");
    assert_eq!((created.action.as_str(), created.object_type.as_str()), ("user_create", "user"));
    assert_eq!(created.object_id, Some(user.id.0));

    let audit = t
        .call::<commands::AuditList>(
            Some(&admin),
            vanphong::audit::AuditFilter { action: Some("user_create".into()), ..Default::default() },
        )
        .unwrap();
    let entry =
        audit.iter().find(|e| e.object_id == Some(user.id.0)).expect("user_create is in the audit log");
    assert_eq!(entry.actor_name, "Quản trị viên", "who");
    assert_eq!(entry.at, t.clock_now(), "when, from the app's clock");
    assert!(entry.summary.contains("cv.kt1"), "what: {}", entry.summary);
    assert!(
        entry.summary_en.starts_with("Created the user ") && entry.summary_en.contains("cv.kt1"),
        "and in English: {}",
        entry.summary_en
    );
    assert!(entry.details.contains("\"role\":\"specialist\""), "details: {}", entry.details);

    let password_change = t
        .call::<commands::AuditList>(
            Some(&admin),
            vanphong::audit::AuditFilter { actor_id: Some(user.id), ..Default::default() },
        )
        .unwrap();
    assert!(
        password_change.iter().any(|e| e.action == "session_change_password"),
        "the user's own actions are attributed to him"
    );
}

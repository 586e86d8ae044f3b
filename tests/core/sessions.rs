//! First start, login, lock-out, expiry, logout and passwords.

use crate::support::{ADMIN_PASSWORD, NGHE_AN, PASSWORD, TestApp};
use chrono::Duration;
use vanphong::commands::{self, ChangePasswordRequest, SetupRequest};
use vanphong::org::Role;

#[test]
fn first_start_asks_for_the_administrator_once() {
    let t = TestApp::new();
    let state = t.call::<commands::SetupStatus>(None, ()).unwrap();
    assert!(state.needs_administrator, "an empty database needs an administrator");
    assert_eq!(state.provinces.len(), 34, "the 34 provinces after 2025 are offered");
    assert_eq!(
        t.login("admin", "anything1").unwrap_err().code,
        "setup.required",
        "logging in before set-up explains that set-up is needed"
    );

    let weak = SetupRequest {
        username: "admin".into(),
        full_name: "A".into(),
        password: "short".into(),
        province_code: NGHE_AN,
    };
    let error = t.call::<commands::SetupCreateAdministrator>(None, weak).unwrap_err();
    assert_eq!((error.code.as_str(), error.field.as_deref()), ("invalid", Some("password")));

    let (t, _) = TestApp::with_admin();
    let state = t.call::<commands::SetupStatus>(None, ()).unwrap();
    assert!(!state.needs_administrator);
    assert_eq!(state.organisation.unwrap().office_name, "Văn phòng Ủy ban nhân dân tỉnh Nghệ An");
    let again = SetupRequest {
        username: "intruder".into(),
        full_name: "X".into(),
        password: "matkhau999".into(),
        province_code: NGHE_AN,
    };
    assert_eq!(
        t.call::<commands::SetupCreateAdministrator>(None, again).unwrap_err().code,
        "setup.already_done",
        "set-up cannot be replayed to plant a second administrator"
    );
}

#[test]
fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let (t, admin) = TestApp::with_admin();
    t.user(&admin, "cv.kt1", Role::Specialist);
    for attempt in 1..=4 {
        let error = t.login("cv.kt1", "saimatkhau1").unwrap_err();
        assert_eq!(error.code, "auth.wrong_credentials", "attempt {attempt}");
        assert!(error.message.vi.contains("không đúng") && error.message.en.contains("Wrong"));
    }
    let error = t.login("cv.kt1", "saimatkhau1").unwrap_err();
    assert_eq!(error.code, "auth.account_locked", "the fifth wrong password locks");
    assert!(error.message.vi.contains("tạm khóa"), "{}", error.message.vi);
    assert_eq!(
        t.login("cv.kt1", PASSWORD).unwrap_err().code,
        "auth.account_locked",
        "even the right password is refused while locked"
    );
    t.clock.advance(Duration::minutes(14));
    assert_eq!(t.login("cv.kt1", PASSWORD).unwrap_err().code, "auth.account_locked");
    t.clock.advance(Duration::minutes(1));
    assert!(t.login("cv.kt1", PASSWORD).is_ok(), "the lock lifts after 15 minutes");

    // The counter restarts after a success: four more wrong passwords do not lock.
    for _ in 0..4 {
        t.login("cv.kt1", "saimatkhau1").unwrap_err();
    }
    assert!(t.login("cv.kt1", PASSWORD).is_ok());

    let audit = t.call::<commands::AuditList>(Some(&admin), Default::default()).unwrap();
    assert!(audit.iter().any(|e| e.summary.starts_with("Khóa tài khoản")), "the lock-out is audited");
}

#[test]
fn the_administrator_can_lift_a_lock() {
    let (t, admin) = TestApp::with_admin();
    let (user, _) = t.user(&admin, "vt1", Role::Clerk);
    for _ in 0..5 {
        t.login("vt1", "saimatkhau1").unwrap_err();
    }
    let locked = t.call::<commands::UserGet>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    assert!(locked.locked_until.is_some(), "the users screen shows the lock");
    t.call::<commands::UserUnlock>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    assert!(t.login("vt1", PASSWORD).is_ok());
}

#[test]
fn unknown_username_gets_the_same_answer_as_a_wrong_password() {
    let (t, _) = TestApp::with_admin();
    assert_eq!(t.login("nobody", "whatever1").unwrap_err().code, "auth.wrong_credentials");
}

#[test]
fn a_session_expires_after_twelve_idle_hours_and_use_keeps_it_alive() {
    let (t, admin) = TestApp::with_admin();
    let (_, token) = t.user(&admin, "cv.kt1", Role::Specialist);
    t.clock.advance(Duration::hours(11));
    t.call::<commands::SessionCurrent>(Some(&token), ()).expect("still alive after 11 hours");
    t.clock.advance(Duration::hours(11));
    t.call::<commands::SessionCurrent>(Some(&token), ()).expect("use pushed the expiry forward");
    t.clock.advance(Duration::hours(12));
    let error = t.call::<commands::SessionCurrent>(Some(&token), ()).unwrap_err();
    assert_eq!(error.code, "auth.session_expired");
    assert!(error.message.vi.contains("hết hạn") && error.message.en.contains("expired"));
}

#[test]
fn logout_ends_the_session() {
    let (t, admin) = TestApp::with_admin();
    t.call::<commands::SessionLogout>(Some(&admin), ()).unwrap();
    assert_eq!(
        t.call::<commands::SessionCurrent>(Some(&admin), ()).unwrap_err().code,
        "auth.session_expired"
    );
}

#[test]
fn a_temporary_password_must_be_changed_first() {
    let (t, admin) = TestApp::with_admin();
    let department = t.department(&admin, "KT");
    t.call::<commands::UserCreate>(
        Some(&admin),
        commands::UserCreateRequest {
            username: "cv.moi".into(),
            password: "tamthoi123".into(),
            profile: crate::support::profile("cv.moi", Role::Specialist, Some(department)),
        },
    )
    .unwrap();
    let login = t.login("cv.moi", "tamthoi123").unwrap();
    assert!(login.me.user.must_change_password, "the UI is told to ask for a new password");
    let error = t.call::<commands::DepartmentList>(Some(&login.token), ()).unwrap_err();
    assert_eq!(error.code, "auth.password_change_required");

    let same =
        ChangePasswordRequest { current_password: "tamthoi123".into(), new_password: "tamthoi123".into() };
    assert_eq!(
        t.call::<commands::SessionChangePassword>(Some(&login.token), same).unwrap_err().field.as_deref(),
        Some("newPassword")
    );
    let wrong =
        ChangePasswordRequest { current_password: "nhamlan123".into(), new_password: PASSWORD.into() };
    assert_eq!(
        t.call::<commands::SessionChangePassword>(Some(&login.token), wrong).unwrap_err().field.as_deref(),
        Some("currentPassword")
    );

    let me = t
        .call::<commands::SessionChangePassword>(
            Some(&login.token),
            ChangePasswordRequest { current_password: "tamthoi123".into(), new_password: PASSWORD.into() },
        )
        .unwrap();
    assert!(!me.user.must_change_password);
    t.call::<commands::DepartmentList>(Some(&login.token), ()).expect("free to work after the change");
}

#[test]
fn changing_the_password_ends_the_other_sessions() {
    let (t, admin) = TestApp::with_admin();
    let other = t.login("admin", ADMIN_PASSWORD).unwrap().token;
    t.call::<commands::SessionChangePassword>(
        Some(&admin),
        ChangePasswordRequest { current_password: ADMIN_PASSWORD.into(), new_password: "moimoi2027".into() },
    )
    .unwrap();
    t.call::<commands::SessionCurrent>(Some(&admin), ()).expect("the session that changed it stays");
    assert_eq!(
        t.call::<commands::SessionCurrent>(Some(&other), ()).unwrap_err().code,
        "auth.session_expired"
    );
    assert_eq!(t.login("admin", ADMIN_PASSWORD).unwrap_err().code, "auth.wrong_credentials");
    assert!(t.login("admin", "moimoi2027").is_ok());
}

#[test]
fn a_disabled_user_is_logged_out_and_kept_out() {
    let (t, admin) = TestApp::with_admin();
    let (user, token) = t.user(&admin, "cv.kt1", Role::Specialist);
    t.call::<commands::UserSetActive>(
        Some(&admin),
        commands::UserSetActiveRequest { id: user.id, active: false },
    )
    .unwrap();
    assert!(t.call::<commands::SessionCurrent>(Some(&token), ()).is_err(), "the open session ends");
    assert_eq!(t.login("cv.kt1", PASSWORD).unwrap_err().code, "auth.account_disabled");
    t.call::<commands::UserSetActive>(
        Some(&admin),
        commands::UserSetActiveRequest { id: user.id, active: true },
    )
    .unwrap();
    assert!(t.login("cv.kt1", PASSWORD).is_ok());
}

#[test]
fn a_reset_password_is_temporary_and_unlocks() {
    let (t, admin) = TestApp::with_admin();
    let (user, token) = t.user(&admin, "cv.kt1", Role::Specialist);
    for _ in 0..5 {
        t.login("cv.kt1", "saimatkhau1").unwrap_err();
    }
    t.call::<commands::UserResetPassword>(
        Some(&admin),
        commands::UserResetPasswordRequest { id: user.id, new_password: "capmoi2026".into() },
    )
    .unwrap();
    assert!(t.call::<commands::SessionCurrent>(Some(&token), ()).is_err(), "old sessions end");
    let login = t.login("cv.kt1", "capmoi2026").expect("reset unlocks");
    assert!(login.me.user.must_change_password);
}

//! First start, login, throttling, expiry, logout and passwords.

use crate::support::{ADMIN_PASSWORD, NGHE_AN, PASSWORD, TestApp};
use chrono::Duration;
use vanphong::commands::{self, ChangePasswordRequest, SetupRequest};
use vanphong::vocabulary::Role;

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
        password: "Xam-nhap-2026".into(),
        province_code: NGHE_AN,
    };
    assert_eq!(
        t.call::<commands::SetupCreateAdministrator>(None, again).unwrap_err().code,
        "setup.already_done",
        "set-up cannot be replayed to plant a second administrator"
    );
}

/// A login through the office server from `source`, with the workstation's `device` token.
fn login_from(
    t: &TestApp,
    username: &str,
    password: &str,
    source: &str,
    device: Option<&str>,
) -> Result<commands::LoginResponse, vanphong::ApiError> {
    let request = serde_json::json!({ "username": username, "password": password, "device": device });
    let caller = commands::Caller { token: None, source: Some(source) };
    commands::dispatch_from(&t.app, caller, "session_login", request)
        .map(|value| serde_json::from_value(value).unwrap())
}

#[test]
fn wrong_passwords_slow_the_account_and_the_address_but_never_lock_the_owner_out() {
    let (t, admin) = TestApp::with_admin();
    t.user(&admin, "cv.kt1", Role::Specialist);
    let attacker = "203.0.113.9";
    // The owner has logged in from this workstation before.
    let device = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", None).unwrap().device;
    let codes = |username: &str| {
        (0..4)
            .map(|_| login_from(&t, username, "sai-mat-khau-1", attacker, None).unwrap_err().code)
            .collect::<Vec<_>>()
    };
    // Three free attempts, then a wait — the same for an account that does not exist.
    let expected =
        ["auth.wrong_credentials", "auth.wrong_credentials", "auth.wrong_credentials", "auth.throttled"];
    assert_eq!(codes("cv.kt1"), expected);
    t.clock.advance(Duration::minutes(20));
    assert_eq!(codes("khong.ton.tai"), expected, "the answers do not tell which accounts exist");
    let waiting = login_from(&t, "cv.kt1", "sai-mat-khau-1", attacker, None).unwrap_err();
    assert!(
        waiting.message.vi.contains("Vui lòng chờ") && waiting.message.en.contains("wait"),
        "{waiting:?}"
    );

    // The owner's own workstation is not slowed by the stranger's attempts …
    t.clock.advance(Duration::minutes(20));
    codes("cv.kt1");
    let owner = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", Some(&device)).expect("the owner gets in");
    assert_eq!(owner.device, device, "the workstation keeps its token");
    // … while a new workstation waits a little, and the stranger's address waits for
    // every account it tries.
    codes("cv.kt1");
    assert_eq!(login_from(&t, "cv.kt1", PASSWORD, "10.1.1.6", None).unwrap_err().code, "auth.throttled");
    assert_eq!(login_from(&t, "admin", ADMIN_PASSWORD, attacker, None).unwrap_err().code, "auth.throttled");
    t.clock.advance(Duration::seconds(4));
    assert!(login_from(&t, "cv.kt1", PASSWORD, "10.1.1.6", None).is_ok(), "the delay is short");
    // Another account's token does not help.
    assert_eq!(
        login_from(&t, "cv.kt9", "sai-mat-khau-1", "10.1.1.5", Some(&device)).unwrap_err().code,
        "auth.wrong_credentials"
    );

    // Failures are audited as coming from the address, not as the owner's acts.
    let audit = t.call::<commands::AuditList>(Some(&admin), Default::default()).unwrap();
    let failure = audit.iter().find(|e| e.summary.contains("sai mật khẩu") && e.object_id.is_some()).unwrap();
    assert_eq!(failure.actor_id, None);
    assert!(failure.actor_name.contains(attacker) && failure.summary.contains(attacker), "{failure:?}");
    assert_eq!(failure.object_type, "user");
}

#[test]
fn a_workstation_token_keeps_a_pace_of_its_own_and_expires() {
    let (t, admin) = TestApp::with_admin();
    t.user(&admin, "cv.kt1", Role::Specialist);
    let device = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", None).unwrap().device;
    // Whoever holds the token — from any address — guesses no faster than anyone: three
    // free attempts, then a wait that grows.
    let guesses: Vec<String> = (0..5)
        .map(|n| {
            let from = format!("198.51.100.{n}");
            login_from(&t, "cv.kt1", "sai-mat-khau-1", &from, Some(&device)).unwrap_err().code.to_string()
        })
        .collect();
    assert_eq!(
        guesses,
        [
            "auth.wrong_credentials",
            "auth.wrong_credentials",
            "auth.wrong_credentials",
            "auth.throttled",
            "auth.throttled"
        ]
    );
    // The owner, from a fresh address, is held only by the token's own pace, which is short.
    t.clock.advance(Duration::seconds(3));
    let owner = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.7", Some(&device)).unwrap();
    assert_eq!(owner.device, device);
    // Unused for 90 days, a token is no longer trusted: a stranger's failures slow it like
    // any workstation, and the next login gives the workstation a new one.
    t.clock.advance(Duration::days(91));
    for _ in 0..4 {
        let _ = login_from(&t, "cv.kt1", "sai-mat-khau-1", "203.0.113.9", None);
    }
    assert_eq!(
        login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", Some(&device)).unwrap_err().code,
        "auth.throttled",
        "an expired token lifts nothing"
    );
    t.clock.advance(Duration::minutes(20));
    let again = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", Some(&device)).unwrap();
    assert_ne!(again.device, device, "a new token for the workstation");
    // And a token used every day is still replaced a year after it was given.
    let mut token = again.device.clone();
    for _ in 0..12 {
        t.clock.advance(Duration::days(30));
        token = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", Some(&token)).unwrap().device;
    }
    assert_eq!(token, again.device, "kept through eleven months of use");
    t.clock.advance(Duration::days(30));
    assert_ne!(login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", Some(&token)).unwrap().device, token);
}

#[test]
fn the_administrator_can_lift_a_lock() {
    let (t, admin) = TestApp::with_admin();
    let (user, _) = t.user(&admin, "vt1", Role::Clerk);
    for _ in 0..5 {
        t.login("vt1", "saimatkhau1").unwrap_err();
    }
    assert_eq!(t.login("vt1", PASSWORD).unwrap_err().code, "auth.throttled");
    let slowed = t.call::<commands::UserGet>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    assert!(slowed.locked_until.is_some(), "the users screen shows the account is slowed");
    t.call::<commands::UserUnlock>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    assert!(t.login("vt1", PASSWORD).is_ok());
}

#[test]
fn a_lock_that_has_run_out_is_not_shown() {
    let (t, admin) = TestApp::with_admin();
    let (user, _) = t.user(&admin, "vt1", Role::Clerk);
    for _ in 0..5 {
        t.login("vt1", "saimatkhau1").unwrap_err();
    }
    let listed = |t: &TestApp| {
        let users = t.call::<commands::UserList>(Some(&admin), Default::default()).unwrap();
        users.into_iter().find(|u| u.id == user.id).unwrap().locked_until
    };
    let until = listed(&t).expect("locked for now");
    t.clock.advance(until - t.clock_now() + Duration::seconds(1));
    assert_eq!(listed(&t), None, "the users screen no longer says locked");
    let got = t.call::<commands::UserGet>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    assert_eq!(got.locked_until, None);
}

#[test]
fn passwords_are_long_uncommon_and_typeable() {
    let (t, admin) = TestApp::with_admin();
    let (user, _) = t.user(&admin, "cv.kt1", Role::Specialist);
    let reset = |password: &str| {
        t.call::<commands::UserResetPassword>(
            Some(&admin),
            commands::UserResetPasswordRequest { id: user.id, new_password: password.into() },
        )
    };
    let refused = |password: &str| {
        let error = reset(password).unwrap_err();
        assert_eq!(
            (error.code.as_str(), error.field.as_deref()),
            ("invalid", Some("newPassword")),
            "{password}"
        );
        error.message.vi
    };
    assert!(refused("Ngan-2026").contains("10 ký tự"));
    assert!(refused("password1234").contains("dễ đoán"));
    assert!(refused("1234567890").contains("dễ đoán"));
    assert!(refused("qwertyuiop").contains("dễ đoán"));
    assert!(refused("nguoidungcvkt1").contains("dễ đoán"), "the person's own names count as weak");
    assert!(refused("Lua\u{200B}thom-2026").contains("vô hình"));
    assert!(refused("Lua-thom\u{0007}2026").contains("vô hình"));
    assert!(reset("Cay-bang-2026").is_ok());
}

#[test]
fn a_session_ends_seven_days_after_login_however_much_it_is_used() {
    let (t, admin) = TestApp::with_admin();
    let (_, token) = t.user(&admin, "cv.kt1", Role::Specialist);
    for _ in 0..15 {
        t.clock.advance(Duration::hours(11));
        t.call::<commands::SessionCurrent>(Some(&token), ()).expect("in use, within seven days");
    }
    t.clock.advance(Duration::hours(4));
    assert_eq!(
        t.call::<commands::SessionCurrent>(Some(&token), ()).unwrap_err().code,
        "auth.session_expired"
    );
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
        ChangePasswordRequest {
            current_password: ADMIN_PASSWORD.into(),
            new_password: "Mai-anh-dao-2027".into(),
        },
    )
    .unwrap();
    t.call::<commands::SessionCurrent>(Some(&admin), ()).expect("the session that changed it stays");
    assert_eq!(
        t.call::<commands::SessionCurrent>(Some(&other), ()).unwrap_err().code,
        "auth.session_expired"
    );
    assert_eq!(t.login("admin", ADMIN_PASSWORD).unwrap_err().code, "auth.wrong_credentials");
    assert!(t.login("admin", "Mai-anh-dao-2027").is_ok());
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

#[test]
fn the_administrator_sees_an_accounts_workstations_and_revokes_one() {
    let (t, admin) = TestApp::with_admin();
    let (user, _) = t.user(&admin, "cv.kt1", Role::Specialist);
    let desk = login_from(&t, "cv.kt1", PASSWORD, "10.1.1.5", None).unwrap().device;
    t.clock.advance(Duration::hours(1));
    let laptop = login_from(&t, "cv.kt1", PASSWORD, "10.1.7.20", None).unwrap().device;
    t.clock.advance(Duration::hours(1));
    // The desk is used again, from another address (a new lease).
    assert_eq!(login_from(&t, "cv.kt1", PASSWORD, "10.1.1.9", Some(&desk)).unwrap().device, desk);

    let seen =
        t.call::<commands::UserWorkstationList>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    let addresses: Vec<&str> = seen.iter().map(|w| w.last_address.as_str()).collect();
    // (The first, with no address, is the login on this machine that changed the
    // temporary password.)
    assert_eq!(addresses, ["10.1.1.9", "10.1.7.20", ""], "the latest first, each with its last address");
    assert!(seen[0].first_login < seen[0].last_login);

    // Nobody but an administrator sees them, not even the account's owner.
    let own = t.login("cv.kt1", PASSWORD).unwrap().token;
    let refused =
        t.call::<commands::UserWorkstationList>(Some(&own), commands::UserRef { id: user.id }).unwrap_err();
    assert_eq!(refused.code, "auth.permission_denied");

    // The laptop is lost: revoked, its next login is a stranger's and gets a new token.
    let revoke = |workstation_id| commands::UserWorkstationRevokeRequest { id: user.id, workstation_id };
    let before =
        t.call::<commands::UserWorkstationList>(Some(&admin), commands::UserRef { id: user.id }).unwrap();
    let left = t.call::<commands::UserWorkstationRevoke>(Some(&admin), revoke(seen[1].id)).unwrap();
    let ids = |list: &[vanphong::auth::Workstation]| list.iter().map(|w| w.id).collect::<Vec<_>>();
    let mut expected = ids(&before);
    expected.retain(|id| *id != seen[1].id);
    assert_eq!(ids(&left), expected, "all but the laptop");
    assert_ne!(login_from(&t, "cv.kt1", PASSWORD, "10.1.7.20", Some(&laptop)).unwrap().device, laptop);
    // Another account's workstation, or one revoked already, is not found.
    let (other, _) = t.user(&admin, "cv.kt2", Role::Specialist);
    let foreign = commands::UserWorkstationRevokeRequest { id: other.id, workstation_id: seen[0].id };
    assert_eq!(
        t.call::<commands::UserWorkstationRevoke>(Some(&admin), foreign).unwrap_err().code,
        "not_found"
    );
    assert_eq!(
        t.call::<commands::UserWorkstationRevoke>(Some(&admin), revoke(seen[1].id)).unwrap_err().code,
        "not_found"
    );
    // And the log says who did it.
    let audit = t.call::<commands::AuditList>(Some(&admin), Default::default()).unwrap();
    assert!(audit.iter().any(|e| e.summary.contains("Thu hồi máy trạm tin cậy (10.1.7.20)")), "{audit:?}");
}

//! The HTTP transport of `vanphong serve`: the same commands, errors with their status
//! and both languages, and domain events as server-sent events.

use crate::support::{ADMIN_PASSWORD, NGHE_AN};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;
use vanphong::App;

fn app() -> (Arc<App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::in_memory(dir.path(), crate::support::test_clock()).unwrap();
    (Arc::new(app), dir)
}

async fn post(app: &Arc<App>, command: &str, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut request = Request::post(format!("/api/{command}"))
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let router = vanphong_server::router(app.clone(), std::env::temp_dir());
    let response = router.oneshot(request.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn set_up(app: &Arc<App>) -> String {
    let body = json!({ "username": "admin", "fullName": "Quản trị", "password": ADMIN_PASSWORD, "provinceCode": NGHE_AN });
    let (status, response) = post(app, "setup_create_administrator", None, &body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    response["token"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn commands_and_their_errors_over_http() {
    let (app, _dir) = app();
    let admin = set_up(&app).await;

    let (status, departments) = post(&app, "department_list", Some(&admin), "null").await;
    assert_eq!(status, StatusCode::OK);
    assert!(departments.as_array().unwrap().len() >= 7);

    let (status, error) =
        post(&app, "session_login", None, r#"{"username":"admin","password":"sai-mat-khau-1"}"#).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error["code"], "auth.wrong_credentials");
    assert_eq!(error["message"]["vi"], "Tên đăng nhập hoặc mật khẩu không đúng.");
    assert_eq!(error["message"]["en"], "Wrong username or password.");

    let (status, error) = post(&app, "audit_list", None, "{}").await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("auth.not_authenticated")));

    let (status, error) = post(&app, "user_create", Some(&admin), r#"{"username": 12"#).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("request.malformed")));
    assert!(error["message"]["vi"].as_str().unwrap().starts_with("Yêu cầu không hợp lệ"));

    let invalid = json!({ "code": "X Y", "name": "Phòng mới", "kind": "department", "sortOrder": 1 });
    let (status, error) = post(&app, "department_create", Some(&admin), &invalid.to_string()).await;
    assert_eq!((status, error["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("code")));

    let (status, _) = post(&app, "document_shred", Some(&admin), "null").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn domain_events_stream_to_a_browser() {
    let (app, _dir) = app();
    let admin = set_up(&app).await;
    let router = vanphong_server::router(app.clone(), std::env::temp_dir());

    let listen = |token: &str| {
        Request::get("/api/events")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let refused = router.clone().oneshot(listen("forged")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "only a live session may listen");
    let in_address = Request::get(format!("/api/events?token={admin}"))
        .header(header::HOST, "127.0.0.1")
        .body(Body::empty())
        .unwrap();
    let refused = router.clone().oneshot(in_address).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "a token in the address is not taken");

    let response = router.oneshot(listen(&admin)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = response.into_body();

    // The stream subscribed before it answered; what changes now reaches it.
    let agency = json!({ "code": null, "name": "Điện lực Nghệ An", "abbreviation": "", "group": "other" });
    let (status, _) = post(&app, "agency_create", Some(&admin), &agency.to_string()).await;
    assert_eq!(status, StatusCode::OK);

    let mut received = String::new();
    while !received.contains("agency_create") {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
            .await
            .expect("an event arrives within 5 s")
            .expect("the stream is open")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            received.push_str(&String::from_utf8_lossy(&data));
        }
    }
    assert!(received.contains("event: domain"), "{received}");
    assert!(received.contains("\"objectType\":\"agency\""), "{received}");

    // Logged out, the stream ends at the next event (or the next check of the session).
    let other = post(
        &app,
        "session_login",
        None,
        &json!({ "username": "admin", "password": ADMIN_PASSWORD }).to_string(),
    )
    .await
    .1["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = post(&app, "session_logout", Some(&admin), "null").await;
    assert_eq!(status, StatusCode::OK);
    let agency = json!({ "code": null, "name": "Cấp nước Nghệ An", "abbreviation": "", "group": "other" });
    post(&app, "agency_create", Some(&other), &agency.to_string()).await;
    let mut after = String::new();
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(20), body.frame())
            .await
            .expect("the stream ends within 20 s of the logout");
        match frame {
            None => break,
            Some(frame) => {
                if let Ok(data) = frame.unwrap().into_data() {
                    after.push_str(&String::from_utf8_lossy(&data));
                }
            }
        }
    }
    assert!(
        !after.contains("Cấp nước") && !after.contains("agency_create"),
        "nothing after the logout: {after}"
    );
}

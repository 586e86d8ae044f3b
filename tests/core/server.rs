//! The office server as an attacker and a careless network meet it: bounded searches,
//! only JSON from the UI's own origin and to its own names, security headers, connections
//! that never finish their headers, HTTPS, and files only its user can read.

use crate::support::{ADMIN_PASSWORD, NGHE_AN};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;
use vanphong::App;

fn data_app() -> (Arc<App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("data"), crate::support::test_clock()).unwrap();
    (Arc::new(app), dir)
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn post(command: &str, token: Option<&str>) -> axum::http::request::Builder {
    let mut request = Request::post(format!("/api/{command}"))
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request
}

async fn call(
    router: &axum::Router,
    command: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let (status, _, answer) =
        send(router, post(command, token).body(Body::from(body.to_string())).unwrap()).await;
    (status, answer)
}

async fn admin(router: &axum::Router) -> String {
    let body = json!({ "username": "admin", "fullName": "Quản trị", "password": ADMIN_PASSWORD, "provinceCode": NGHE_AN });
    let (status, response) = call(router, "setup_create_administrator", None, &body).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    response["token"].as_str().unwrap().to_string()
}

/// A specialist of the Economy department, logged in past the first password change.
async fn specialist(router: &axum::Router, admin: &str) -> String {
    let (_, departments) = call(router, "department_list", Some(admin), &Value::Null).await;
    let economy = departments.as_array().unwrap().iter().find(|d| d["code"] == "KT").unwrap()["id"].clone();
    let user = json!({ "username": "cv.kt1", "password": "Tam-thoi-2026", "profile": { "fullName": "Trần Văn Bình",
        "title": "Chuyên viên", "role": "specialist", "departmentId": economy, "clearance": "none", "email": "",
        "phone": "", "supervisedDepartmentIds": [], "supervisedFields": [], "agencyId": null } });
    let (status, answer) = call(router, "user_create", Some(admin), &user).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, login) =
        call(router, "session_login", None, &json!({ "username": "cv.kt1", "password": "Tam-thoi-2026" }))
            .await;
    let token = login["token"].as_str().unwrap().to_string();
    let change = json!({ "currentPassword": "Tam-thoi-2026", "newPassword": crate::support::PASSWORD });
    assert_eq!(call(router, "session_change_password", Some(&token), &change).await.0, StatusCode::OK);
    token
}

#[tokio::test(flavor = "multi_thread")]
async fn every_search_is_bounded_with_a_message_by_the_field() {
    let (app, _dir) = data_app();
    let router = vanphong_server::router(app, std::env::temp_dir());
    let admin = admin(&router).await;
    let token = specialist(&router, &admin).await;
    let huge = vec!["ngân sách"; 30_000].join(" ");
    let lists = [
        ("user_list", json!({ "search": huge, "includeDisabled": false })),
        ("agency_list", json!({ "search": huge, "includeInactive": false, "offset": 0, "limit": 10 })),
        ("incoming_list", json!({ "search": huge })),
        ("outgoing_list", json!({ "search": huge })),
        ("direction_list", json!({ "search": huge })),
    ];
    for (command, body) in lists {
        let token = if command == "user_list" { &admin } else { &token };
        let (status, error) = call(&router, command, Some(token), &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{command}: {error}");
        assert_eq!(error["field"], "search", "{command}");
        assert!(error["message"]["vi"].as_str().unwrap().contains("tối đa 12 từ"), "{command}: {error}");
        assert!(error["message"]["en"].as_str().unwrap().contains("at most 12 words"), "{command}: {error}");
    }
    // A search of a normal length still works.
    let body = json!({ "search": "sở tài chính", "includeInactive": false, "offset": 0, "limit": 10 });
    let (status, page) = call(&router, "agency_list", Some(&token), &body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page["total"].as_u64().unwrap() >= 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn only_json_from_its_own_origin_to_its_own_names_with_security_headers() {
    let (app, _dir) = data_app();
    let router = vanphong_server::router_with(app, std::env::temp_dir(), vec!["vanphong.ubnd.local".into()]);
    let status_of = |request: Request<Body>| {
        let router = router.clone();
        async move { send(&router, request).await }
    };
    let body = || Body::from("null");
    // A web page elsewhere may post text/plain or a form without asking: refused.
    let plain = Request::post("/api/setup_status")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(body())
        .unwrap();
    let (status, _, error) = status_of(plain).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("request.content_type"))
    );
    let no_type = Request::post("/api/setup_status").header(header::HOST, "127.0.0.1").body(body()).unwrap();
    assert_eq!(status_of(no_type).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // JSON from another origin: refused; from its own: answered.
    let foreign =
        post("setup_status", None).header(header::ORIGIN, "http://evil.example").body(body()).unwrap();
    let (status, _, error) = status_of(foreign).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::FORBIDDEN, Some("request.origin_refused")));
    let own =
        post("setup_status", None).header(header::ORIGIN, "http://127.0.0.1:8080").body(body()).unwrap();
    let (status, headers, _) = status_of(own).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    // A name it was not given (DNS rebinding): refused; its own name: answered.
    for (host, expected) in [
        ("evil.example", StatusCode::MISDIRECTED_REQUEST),
        ("vanphong.ubnd.local", StatusCode::OK),
        ("VANPHONG.UBND.LOCAL:443", StatusCode::OK),
        ("localhost:8080", StatusCode::OK),
        ("[::1]:8080", StatusCode::OK),
        ("10.0.0.5", StatusCode::OK),
    ] {
        let request = Request::post("/api/setup_status")
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(body())
            .unwrap();
        assert_eq!(status_of(request).await.0, expected, "{host}");
    }
    // The UI's pages carry the security headers too.
    let page = Request::get("/").header(header::HOST, "127.0.0.1").body(Body::empty()).unwrap();
    let (_, headers, _) = status_of(page).await;
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), "{csp}");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
}

/// A real server on a free port; returns its address and a way to stop it.
async fn start(
    app: Arc<App>,
    tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let options = vanphong_server::ServeOptions {
        listen: address,
        ui_dir: std::env::temp_dir(),
        hosts: vec![],
        tls,
        header_timeout: std::time::Duration::from_secs(1),
        metrics_from: vec![],
    };
    tokio::spawn(vanphong_server::serve_on(listener, app, options, async {
        let _ = stopped.await;
    }));
    (address, stop)
}

const STATUS_REQUEST: &str = "POST /api/setup_status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnull";

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let (app, _dir) = data_app();
    let (address, _stop) = start(app, None).await;
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"POST /api/setup_status HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.unwrap();
    let mut buffer = Vec::new();
    let closed =
        tokio::time::timeout(std::time::Duration::from_secs(20), slow.read_to_end(&mut buffer)).await;
    assert!(closed.is_ok(), "the server closed the connection that stalled");
    // One that sends its request is answered.
    let mut quick = tokio::net::TcpStream::connect(address).await.unwrap();
    quick.write_all(STATUS_REQUEST.as_bytes()).await.unwrap();
    let mut answer = String::new();
    quick.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread")]
async fn given_a_certificate_it_serves_https() {
    use tokio_rustls::rustls;
    let (app, dir) = data_app();
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let (address, _stop) = start(app, Some((cert, key))).await;

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls =
        connector.connect(name, tcp).await.expect("the handshake succeeds with the given certificate");
    tls.write_all(STATUS_REQUEST.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("needsAdministrator"), "{answer}");
}

#[cfg(unix)]
#[test]
fn the_data_directory_and_its_files_are_the_service_users_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let app = App::open(&data, crate::support::test_clock()).unwrap();
    let sha = app.attachments().put(b"%PDF-1.7 van ban mat").unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("vanphong.db")), 0o600);
    assert_eq!(mode(&data.join("attachments")), 0o700);
    assert_eq!(mode(&data.join("attachments").join(&sha[..2])), 0o700);
    assert_eq!(mode(&data.join("attachments").join(&sha[..2]).join(&sha[2..])), 0o600);
}

#[test]
fn the_services_settings_file_is_read_and_its_mistakes_said_with_its_name() {
    use vanphong_tools::cli::ServerFile;
    let dir = tempfile::tempdir().unwrap();
    let file = |text: &str| {
        let path = dir.path().join("server.toml");
        std::fs::write(&path, text).unwrap();
        ServerFile::read(&path)
    };
    let config = file(
        "listen = \"0.0.0.0:443\"\nhosts = [\"vanphong.ubnd.nghean.gov.vn\"]\ndata_dir = \"/var/lib/vanphong\"\n\
         tls_cert = \"/etc/vanphong/tls/cert.pem\"\ntls_key = \"/etc/vanphong/tls/key.pem\"\nmax_file_mb = 300\n\
         exchange_dir = \"/var/lib/vanphong/exchange\"\nsigning_dir = \"/etc/vanphong/signing\"\n",
    )
    .unwrap();
    assert_eq!(config.exchange_dir.as_deref(), Some(std::path::Path::new("/var/lib/vanphong/exchange")));
    assert_eq!(config.signing_dir.as_deref(), Some(std::path::Path::new("/etc/vanphong/signing")));
    assert_eq!(config.listen, Some("0.0.0.0:443".parse().unwrap()));
    assert_eq!(config.hosts, vec!["vanphong.ubnd.nghean.gov.vn".to_string()]);
    assert_eq!(config.data_dir.as_deref(), Some(std::path::Path::new("/var/lib/vanphong")));
    assert_eq!(config.max_file_mb, Some(300));
    assert!(file("").unwrap().listen.is_none(), "every setting may be left to its default");
    for (text, said) in [
        ("listen = \"0.0.0.0\"\n", "server.toml"),
        ("lisen = \"0.0.0.0:443\"\n", "lisen"),
        ("tls_cert = \"/etc/vanphong/tls/cert.pem\"\n", "tls_key"),
    ] {
        let error = vanphong::ApiError::from(file(text).unwrap_err());
        assert!(
            error.message.vi.contains(said) || error.message.en.contains(said),
            "{text}: {}",
            error.message.en
        );
    }
    let missing = vanphong::ApiError::from(ServerFile::read(&dir.path().join("none.toml")).unwrap_err());
    assert!(missing.message.vi.contains("none.toml"), "{}", missing.message.vi);
}

/// `GET path` over a new connection to `address`; the answer's status line and body.
async fn get_raw(address: std::net::SocketAddr, path: &str) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (head.lines().next().unwrap_or_default().to_string(), body.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn monitoring_reads_health_and_figures_on_the_machine_itself_and_nobody_else_does() {
    let (app, _dir) = data_app();
    let (address, _stop) = start(app.clone(), None).await;
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(STATUS_REQUEST.as_bytes()).await.unwrap();
    let mut ignored = Vec::new();
    stream.read_to_end(&mut ignored).await.unwrap();

    // On the machine itself (loopback): the database and the commands answered.
    let (status, health) = get_raw(address, "/health").await;
    assert!(status.ends_with("200 OK"), "{status}");
    let health: Value = serde_json::from_str(health.trim()).unwrap_or_else(|_| json!({ "raw": health }));
    assert_eq!(health["status"], "ok");
    assert!(health["databaseBytes"].as_u64().unwrap() > 0, "{health}");
    assert_eq!(health["schema"].as_i64().unwrap(), vanphong::db::schema_version());
    let (status, figures) = get_raw(address, "/metrics").await;
    assert!(status.ends_with("200 OK"), "{status}");
    assert!(
        figures.contains("vanphong_requests_total{command=\"setup_status\",outcome=\"ok\"}"),
        "{figures}"
    );
    assert!(
        figures.contains("vanphong_request_seconds_bucket{command=\"setup_status\",le=\"+Inf\"}"),
        "{figures}"
    );
    assert!(figures.contains("vanphong_last_backup_age_seconds NaN"), "no backup yet: {figures}");
    assert!(figures.contains("# TYPE vanphong_event_listeners gauge"), "{figures}");
    // A name a caller made up is no series of its own.
    let unknown = "POST /api/made_up_name HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnull";
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(unknown.as_bytes()).await.unwrap();
    stream.read_to_end(&mut ignored).await.unwrap();
    let (_, figures) = get_raw(address, "/metrics").await;
    assert!(!figures.contains("made_up_name"), "{figures}");
    assert!(figures.contains("command=\"unknown\",outcome=\"error\""), "{figures}");

    // From anywhere else (here: a router that knows no peer), only that the server answers.
    let router = vanphong_server::router(app, std::env::temp_dir());
    let request =
        |path: &str| Request::get(path).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    let (status, _, health) = send(&router, request("/health")).await;
    assert_eq!((status, health), (StatusCode::OK, json!({ "status": "ok" })));
    let response = router.clone().oneshot(request("/metrics")).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

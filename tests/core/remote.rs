//! A workstation joining the Office's server (`vanphong-remote`): over HTTPS to a real
//! `vanphong serve` with a certificate from the Office's own test CA, as the desktop app
//! does it. The choice is kept; a certificate that does not chain, or that changes, is
//! refused with its own code until someone accepts the new one; the server's own errors
//! come back as they are; the event stream arrives; a server that stops is said at once.

use crate::support::{ADMIN_PASSWORD, NGHE_AN, test_clock};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use vanphong::App;
use vanphong::error::ErrorCode;
use vanphong_remote::server::{Heard, Server};
use vanphong_remote::settings::{Files, Mode, server_address};
use vanphong_remote::{Workstation, tls};

/// The Office's CA, and a certificate it signs for `localhost`.
struct Ca {
    certificate: rcgen::Certificate,
    key: rcgen::KeyPair,
}

impl Ca {
    fn new() -> Ca {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, "CA thử nghiệm của Văn phòng");
        let key = rcgen::KeyPair::generate().unwrap();
        Ca { certificate: params.self_signed(&key).unwrap(), key }
    }

    /// A server certificate for `localhost`, written as PEM files under `dir`; returns
    /// the files and the certificate's fingerprint.
    fn server_files(&self, dir: &Path, name: &str) -> ((PathBuf, PathBuf), String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let certificate = params.signed_by(&key, &self.certificate, &self.key).unwrap();
        let (cert, key_file) = (dir.join(format!("{name}.pem")), dir.join(format!("{name}.key")));
        std::fs::write(&cert, certificate.pem()).unwrap();
        std::fs::write(&key_file, key.serialize_pem()).unwrap();
        ((cert, key_file), tls::fingerprint(certificate.der()))
    }

    fn file(&self, dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("office-ca.pem");
        std::fs::write(&path, self.certificate.pem()).unwrap();
        path
    }
}

/// `vanphong serve` on `port` (0: any) over TLS, in a runtime of its own: stopping it
/// ends every connection, as a server's process that stops does.
struct Serving {
    port: u16,
    runtime: Option<tokio::runtime::Runtime>,
}

fn serve(app: Arc<App>, tls: (PathBuf, PathBuf), port: u16) -> Serving {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let port = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let address = listener.local_addr().unwrap();
        let options = vanphong_server::ServeOptions {
            listen: address,
            ui_dir: std::env::temp_dir(),
            hosts: vec![],
            tls: Some(tls),
            header_timeout: std::time::Duration::from_secs(5),
            metrics_from: vec![],
        };
        tokio::spawn(vanphong_server::serve_on(listener, app, options, std::future::pending()));
        address.port()
    });
    Serving { port, runtime: Some(runtime) }
}

impl Serving {
    fn stop(&mut self) {
        // Its tasks, the listener among them, are dropped before this returns.
        self.runtime.take().unwrap().shutdown_timeout(std::time::Duration::from_secs(10));
    }
}

struct Office {
    _dir: tempfile::TempDir,
    root: PathBuf,
    app: Arc<App>,
    admin: String,
    ca: Ca,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let app = Arc::new(App::open(&root.join("data"), test_clock()).unwrap());
    let request = json!({
        "username": "admin", "fullName": "Quản trị viên", "password": ADMIN_PASSWORD, "provinceCode": NGHE_AN,
    });
    let answer = vanphong::commands::dispatch(&app, None, "setup_create_administrator", request).unwrap();
    let admin = answer["token"].as_str().unwrap().to_string();
    Office { _dir: dir, root, app, admin, ca: Ca::new() }
}

impl Office {
    fn workstation(&self, name: &str) -> (Workstation, Files) {
        let files =
            Files { system: self.root.join(name).join("etc-desktop.toml"), own_dir: self.root.join(name) };
        (Workstation::open(files.clone()).unwrap(), files)
    }
}

#[test]
fn a_workstation_joins_the_server_over_https_and_keeps_its_choice() {
    let office = office();
    let (tls_files, fingerprint) = office.ca.server_files(&office.root, "server");
    let mut serving = serve(office.app.clone(), tls_files, 0);
    let address = format!("localhost:{}", serving.port);
    let ca = office.ca.file(&office.root);

    let (workstation, files) = office.workstation("ws1");
    let first = workstation.state();
    assert_eq!((first.mode, first.fixed_by_system), ("unset", false), "nobody has chosen yet, IT neither");
    assert_eq!(workstation.mode(), None);

    // Typed as a person would: a bare name and port.
    let state = workstation.choose(Mode::Server, Some(&address), Some(ca.clone())).unwrap();
    assert_eq!(state.mode, "server");
    assert_eq!(state.server.as_deref(), Some(format!("https://{address}").as_str()));
    assert_eq!(state.certificate.as_deref(), Some(fingerprint.as_str()), "trusted on first use");
    assert!(state.online && !state.fixed_by_system);

    // Every command goes to the server; its answers and its errors come back as they are.
    let server = workstation.server().unwrap();
    let me = server.call("session_current", &Value::Null, Some(&office.admin)).unwrap();
    assert_eq!(me["user"]["username"], "admin");
    let unknown = server.call("no_such_command", &Value::Null, Some(&office.admin)).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::RequestUnknownCommand);
    let anonymous = server.call("session_current", &Value::Null, None).unwrap_err();
    assert_eq!(anonymous.code, ErrorCode::AuthNotAuthenticated);

    // Files go up and come down as they are.
    let upload = server.upload("Tờ trình số 12.pdf", b"%PDF-1.7 to trinh", Some(&office.admin)).unwrap();
    assert!(upload["uploadId"].is_string(), "{upload}");

    // The choice and the certificate outlive the app.
    drop(server);
    drop(workstation);
    let again = Workstation::open(files).unwrap();
    let state = again.state();
    assert_eq!((state.mode, state.certificate.as_deref()), ("server", Some(fingerprint.as_str())));
    assert!(again.server().unwrap().call("setup_status", &Value::Null, None).is_ok());

    // Going back to local data is a choice too.
    assert_eq!(again.choose(Mode::Local, None, None).unwrap().mode, "local");
    assert!(again.server().is_none());
    serving.stop();
}

#[test]
fn a_certificate_that_does_not_chain_or_that_changes_is_refused_until_accepted() {
    let office = office();
    let (tls_files, first) = office.ca.server_files(&office.root, "first");
    let mut serving = serve(office.app.clone(), tls_files, 0);
    let port = serving.port;
    let address = format!("https://localhost:{port}");
    let ca = office.ca.file(&office.root);
    let (workstation, _) = office.workstation("ws");

    // Without the Office's CA the system's trust store does not know the certificate.
    let untrusted = workstation.choose(Mode::Server, Some(&address), None).unwrap_err();
    assert_eq!((untrusted.code, untrusted.field.as_deref()), (ErrorCode::TransportUntrusted, Some("server")));
    assert!(untrusted.message.vi.contains("không được tin cậy"), "{}", untrusted.message.vi);
    assert!(
        untrusted.message.vi.contains("nơi cấp mà máy này không biết"),
        "said in words: {}",
        untrusted.message.vi
    );
    assert!(
        untrusted.message.en.contains("an authority this computer does not know"),
        "{}",
        untrusted.message.en
    );
    assert_eq!(workstation.state().mode, "unset", "nothing was kept");
    // Another CA is no better.
    let stranger = Ca::new().file(&office.root.join("ws"));
    assert_eq!(
        workstation.choose(Mode::Server, Some(&address), Some(stranger)).unwrap_err().code,
        ErrorCode::TransportUntrusted
    );

    workstation.choose(Mode::Server, Some(&address), Some(ca.clone())).unwrap();
    assert_eq!(workstation.state().certificate.as_deref(), Some(first.as_str()));

    // The server is given a new certificate (same CA, same name): refused all the same.
    serving.stop();
    let (tls_files, second) = office.ca.server_files(&office.root, "second");
    let mut serving = serve(office.app.clone(), tls_files.clone(), port);
    let server = workstation.server().unwrap();
    let changed = server.call("setup_status", &Value::Null, None).unwrap_err();
    assert_eq!(changed.code, ErrorCode::TransportCertificateChanged);
    assert!(changed.message.vi.contains(&second), "the new fingerprint is shown: {}", changed.message.vi);
    let state = workstation.state();
    assert_eq!(
        (state.certificate.as_deref(), state.offered.as_deref()),
        (Some(first.as_str()), Some(second.as_str()))
    );
    // Choosing the server again does not get round it.
    let again = workstation.choose(Mode::Server, Some(&address), Some(ca.clone())).unwrap_err();
    assert_eq!(again.code, ErrorCode::TransportCertificateChanged);

    // Only the certificate the server showed can be accepted, and only explicitly.
    assert_eq!(workstation.trust(&first).unwrap_err().code, ErrorCode::Conflict);
    // Accepted while the server cannot be reached, nothing is recorded.
    serving.stop();
    assert_eq!(workstation.trust(&second).unwrap_err().code, ErrorCode::TransportUnreachable);
    assert_eq!(office.workstation("ws").0.state().certificate.as_deref(), Some(first.as_str()));
    let mut serving = serve(office.app.clone(), tls_files, port);
    let state = workstation.trust(&second).unwrap();
    assert_eq!((state.certificate.as_deref(), state.offered), (Some(second.as_str()), None));
    assert!(workstation.server().unwrap().call("setup_status", &Value::Null, None).is_ok());
    serving.stop();
}

#[test]
fn a_server_that_stops_is_said_at_once_and_found_again() {
    let office = office();
    let (tls_files, _) = office.ca.server_files(&office.root, "server");
    let mut serving = serve(office.app.clone(), tls_files.clone(), 0);
    let port = serving.port;
    let ca = office.ca.file(&office.root);
    let (workstation, _) = office.workstation("ws");
    workstation.choose(Mode::Server, Some(&format!("localhost:{port}")), Some(ca)).unwrap();
    let server = workstation.server().unwrap();
    let heard = Arc::new(AtomicBool::new(true));
    let watched = heard.clone();
    server.watch_online(move |online| watched.store(online, Ordering::SeqCst));

    serving.stop();
    let cut = server.call("setup_status", &Value::Null, None).unwrap_err();
    assert_eq!((cut.code, cut.field.as_deref()), (ErrorCode::TransportUnreachable, Some("server")));
    assert!(cut.message.vi.starts_with("Không kết nối được tới máy chủ"), "{}", cut.message.vi);
    assert!(!heard.load(Ordering::SeqCst) && !workstation.state().online);

    let mut serving = serve(office.app.clone(), tls_files, port);
    assert!(server.call("setup_status", &Value::Null, None).is_ok());
    assert!(heard.load(Ordering::SeqCst) && workstation.state().online);
    serving.stop();
}

#[test]
fn the_event_stream_reaches_the_workstation_and_ends_with_the_session() {
    let office = office();
    let (tls_files, _) = office.ca.server_files(&office.root, "server");
    let mut serving = serve(office.app.clone(), tls_files, 0);
    let server = Arc::new(
        Server::new(
            &format!("https://localhost:{}", serving.port),
            Some(&office.ca.file(&office.root)),
            None,
        )
        .unwrap(),
    );
    let (sender, received) = std::sync::mpsc::channel::<Value>();
    let following = {
        let (server, token) = (server.clone(), office.admin.clone());
        std::thread::spawn(move || {
            // The stream is followed again after it ends, as the desktop does; it is
            // over, `Ok`, when the server refuses the session.
            let mut ended = Vec::new();
            for _ in 0..3 {
                match server.events(&token, &mut |heard| match heard {
                    Heard::Event(event) => sender.send(event).is_ok(),
                    Heard::Alive => true,
                }) {
                    Ok(()) => return Ok(ended),
                    Err(error) => ended.push(error),
                }
            }
            Err(ended)
        })
    };
    // A change the administrator may see is heard; until the stream is open, the first
    // changes go unheard, so the office changes until one is.
    let mut event = None;
    for n in 0..50 {
        let department = json!({ "code": format!("P{n}"), "name": format!("Phòng {n}"), "kind": "department", "sortOrder": n });
        server.call("department_create", &department, Some(&office.admin)).unwrap();
        if let Ok(first) = received.recv_timeout(std::time::Duration::from_millis(200)) {
            event = Some(first);
            break;
        }
    }
    let event = event.expect("an event arrives over the stream");
    assert_eq!(event["objectType"], "department", "{event}");

    server.call("session_logout", &Value::Null, Some(&office.admin)).unwrap();
    let ended = following.join().unwrap().expect("the stream is over with the session");
    assert!(ended.len() <= 1, "one cut at most, when the server closed the stream: {ended:?}");
    serving.stop();
}

#[test]
fn addresses_are_https_and_bodies_hide_their_length() {
    for (typed, expected) in [
        ("vp.ubnd.local", Some("https://vp.ubnd.local")),
        (" https://VP.ubnd.local:8443/ ", Some("https://vp.ubnd.local:8443")),
        ("HTTPS://10.0.0.5:8443", Some("https://10.0.0.5:8443")),
        ("https://[fd00::5]:8443", Some("https://[fd00::5]:8443")),
        ("http://vp.ubnd.local", None),
        ("https://vp.ubnd.local/api", None),
        ("https://user@vp.ubnd.local", None),
        ("", None),
        ("https://", None),
        ("https://vp.ubnd.local:", None),
        ("https://vp.ubnd.local:99999", None),
        ("https://vp..local", None),
        ("https://[fd00::5", None),
        ("https://fd00::5", None),
    ] {
        let got = server_address(typed);
        assert_eq!(got.as_ref().ok().map(String::as_str), expected, "{typed:?}");
        if let Err(error) = got {
            assert_eq!(error.field.as_deref(), Some("server"), "{typed:?}");
        }
    }
    for request in
        [json!({ "choice": "yes" }), json!({ "choice": "no" }), Value::Null, json!("x".repeat(300))]
    {
        assert_eq!(vanphong_remote::server::padded(&request).len() % vanphong_remote::server::BODY_BLOCK, 0);
    }
}

#[test]
fn a_workstation_set_up_by_it_is_not_asked() {
    let office = office();
    let (tls_files, fingerprint) = office.ca.server_files(&office.root, "server");
    let mut serving = serve(office.app.clone(), tls_files, 0);
    let ca = office.ca.file(&office.root);
    let dir = office.root.join("ws");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("etc-desktop.toml"),
        format!(
            "mode = \"server\"\nserver = \"https://localhost:{}\"\nca_file = \"{}\"\n",
            serving.port,
            ca.display()
        ),
    )
    .unwrap();
    let (workstation, _) = office.workstation("ws");
    let state = workstation.state();
    assert_eq!((state.mode, state.fixed_by_system), ("server", true));
    workstation.server().unwrap().call("setup_status", &Value::Null, None).unwrap();
    workstation.remember_certificate().unwrap();
    assert_eq!(office.workstation("ws").0.state().certificate.as_deref(), Some(fingerprint.as_str()));

    // IT names the certificate: the one named, and only it, is trusted, and nobody at
    // the workstation can accept another instead.
    let it_file = |certificate: &str| {
        std::fs::write(
            dir.join("etc-desktop.toml"),
            format!(
                "mode = \"server\"\nserver = \"https://localhost:{}\"\nca_file = \"{}\"\ncertificate = \"{certificate}\"\n",
                serving.port,
                ca.display()
            ),
        )
        .unwrap();
        std::fs::remove_file(dir.join("trusted-servers.toml")).ok();
        office.workstation("ws").0
    };
    let named = it_file(&fingerprint.to_lowercase());
    assert!(named.server().unwrap().call("setup_status", &Value::Null, None).is_ok(), "named, in any case");
    let stale = it_file(&["AB"; 32].join(":"));
    let refused = stale.server().unwrap().call("setup_status", &Value::Null, None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::TransportCertificateChanged);
    let not_yours = stale.trust(&fingerprint).unwrap_err();
    assert!(not_yours.message.vi.contains("bộ phận CNTT chỉ định"), "{}", not_yours.message.vi);
    // Nor by choosing the server as one's own: IT's certificate stands whatever is chosen.
    stale.choose(Mode::Local, None, None).unwrap();
    let address = format!("https://localhost:{}", serving.port);
    let again = stale.choose(Mode::Server, Some(&address), Some(ca.clone())).unwrap_err();
    assert_eq!(again.code, ErrorCode::TransportCertificateChanged);
    assert!(stale.trust(&fingerprint).is_err());
    // Choosing exactly what IT chose leaves IT's file in force, not a copy of it.
    let named = it_file(&fingerprint);
    named.choose(Mode::Local, None, None).unwrap();
    assert!(dir.join("desktop.toml").exists());
    assert!(named.choose(Mode::Server, Some(&address), Some(ca.clone())).unwrap().fixed_by_system);
    assert!(!dir.join("desktop.toml").exists(), "the person's own file went");

    // A file IT wrote wrongly is said, with its path, rather than quietly ignored.
    std::fs::write(dir.join("etc-desktop.toml"), "mode = \"sever\"\n").unwrap();
    let Err(error) = Workstation::open(Files { system: dir.join("etc-desktop.toml"), own_dir: dir.clone() })
    else {
        panic!("a wrong file is refused")
    };
    assert!(error.message.vi.contains("etc-desktop.toml"), "{}", error.message.vi);
    serving.stop();
}

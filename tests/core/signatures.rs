//! Digital signatures: a PDF signed by a leader and then sealed by the body, each in its
//! own incremental update, checked by our own reading and by an independent validator
//! (pyHanko); a byte changed or something added after signing is found; a signature by
//! an authority the Office does not trust is said to be so.

use crate::printing::conclusion_notice;
use crate::support::test_now;
use vanphong::signature::{Keys, SignatureState, pdf};

fn keys() -> (tempfile::TempDir, Keys) {
    let (dir, keys, _) = folder();
    (dir, keys)
}

/// A signing folder with the Committee's seal and the Chairman's key, and its authority.
fn folder() -> (tempfile::TempDir, Keys, vanphong_tools::demo_signing::DemoCa) {
    let dir = tempfile::tempdir().unwrap();
    let people = vec![("ct".to_string(), "Lê Hồng Vinh".to_string())];
    let name = "Ủy ban nhân dân tỉnh Nghệ An";
    let ca = vanphong_tools::demo_signing::make(
        dir.path(),
        name,
        &[("committee", name.to_string())],
        &people,
        test_now(),
    )
    .unwrap();
    let keys = Keys::new(dir.path());
    (dir, keys, ca)
}

/// The notice signed by the Chairman, then sealed by the body a minute later.
fn signed_twice(keys: &Keys) -> Vec<u8> {
    let paper = vanphong::pdf::official::render(&conclusion_notice(0)).unwrap();
    let leader = keys.person("ct").unwrap().expect("the Chairman's key");
    let body = keys.seal("committee").unwrap().expect("the Committee's seal");
    let mark = |reason, minutes| pdf::Mark {
        reason,
        location: "Nghệ An",
        at: test_now() + chrono::Duration::minutes(minutes),
    };
    let once = pdf::sign(&paper, &leader, &mark("Ký ban hành", 0)).unwrap();
    assert!(once.starts_with(&paper), "the signature is appended: the page signed stays as it was");
    let twice = pdf::sign(&once, &body, &mark("Văn thư ký số, đóng dấu", 1)).unwrap();
    assert!(twice.starts_with(&once), "the seal is appended after the leader's signature");
    twice
}

#[test]
fn a_leaders_signature_and_the_bodys_seal_both_verify() {
    let (_dir, keys) = keys();
    let signed = signed_twice(&keys);
    let checks = vanphong::signature::verify(&signed, &keys.trust().unwrap(), test_now()).unwrap();
    let seen: Vec<(SignatureState, &str, bool)> =
        checks.iter().map(|c| (c.state, c.signer.as_str(), c.changed_after)).collect();
    assert_eq!(
        seen,
        vec![
            (SignatureState::Valid, "Lê Hồng Vinh", false),
            (SignatureState::Valid, "Ủy ban nhân dân tỉnh Nghệ An", false),
        ]
    );
    assert_eq!(checks[0].signed_at, Some(test_now()));
    assert_eq!(checks[0].organisation.as_deref(), Some("Ủy ban nhân dân tỉnh Nghệ An"));
    assert_eq!(checks[0].issuer, "CA thử nghiệm Văn phòng số (demo)", "the authority by its common name");
    assert_eq!(checks[1].reason.as_deref(), Some("Văn thư ký số, đóng dấu"));
    // Checked against the authority's revocation list the folder keeps, of today.
    let today = test_now().date_naive();
    assert!(checks.iter().all(|c| c.revocation_list_of.map(|t| t.date_naive()) == Some(today)), "{checks:?}");

    // The certificates last five years: checked ten years on, the signatures are intact
    // but their certificates expired (the time a signature claims is not a time-stamp).
    let later = test_now() + chrono::Duration::days(3650);
    let states: Vec<SignatureState> = vanphong::signature::verify(&signed, &keys.trust().unwrap(), later)
        .unwrap()
        .iter()
        .map(|c| c.state)
        .collect();
    assert_eq!(states, vec![SignatureState::Expired, SignatureState::Expired]);
    // Nor does an expired certificate sign: what it signed would not verify.
    let leader = keys.person("ct").unwrap().unwrap();
    let paper = vanphong::pdf::official::render(&conclusion_notice(0)).unwrap();
    let refused =
        pdf::sign(&paper, &leader, &pdf::Mark { reason: "Ký ban hành", location: "Nghệ An", at: later })
            .unwrap_err();
    let said = vanphong::ApiError::from(refused).message;
    assert!(said.vi.contains("hết hạn") && said.en.contains("expired"), "{said:?}");
}

#[test]
fn a_changed_byte_or_an_unsigned_addition_is_found() {
    let (_dir, keys) = keys();
    let signed = signed_twice(&keys);
    let anchors = keys.trust().unwrap();

    // A byte of the page's text changed: both signatures cover it.
    let mut changed = signed.clone();
    let at = changed.windows(6).position(|w| w == b"stream").unwrap() + 20;
    changed[at] ^= 0x01;
    let states: Vec<SignatureState> = vanphong::signature::verify(&changed, &anchors, test_now())
        .unwrap()
        .iter()
        .map(|c| c.state)
        .collect();
    assert_eq!(states, vec![SignatureState::Broken, SignatureState::Broken]);

    // Something appended after the seal, unsigned.
    let mut added = signed.clone();
    added.extend_from_slice(b"\n9999 0 obj\n(added later)\nendobj\n");
    let checks = vanphong::signature::verify(&added, &anchors, test_now()).unwrap();
    assert!(checks.iter().all(|c| c.state == SignatureState::Valid && c.changed_after));
}

#[test]
fn a_signature_from_an_authority_the_office_does_not_trust_is_said_to_be_untrusted() {
    let (_dir, keys) = keys();
    let signed = signed_twice(&keys);
    let (_other_dir, other) = self::keys();
    let states: Vec<SignatureState> =
        vanphong::signature::verify(&signed, &other.trust().unwrap(), test_now())
            .unwrap()
            .iter()
            .map(|c| c.state)
            .collect();
    assert_eq!(states, vec![SignatureState::Untrusted, SignatureState::Untrusted]);
    // A key file opened with the wrong password is refused with a reason.
    let bytes = std::fs::read(keys.dir().join("seal-committee.p12")).unwrap();
    let refused = vanphong::signature::key::Signer::from_pkcs12(&bytes, "wrong").unwrap_err();
    assert!(refused.to_string().contains("PKCS #12") || format!("{refused:?}").contains("PKCS #12"));
}

/// A certificate its authority revoked makes its signature revoked, once the Office has the
/// authority's new list; a list the authority did not sign is not believed; without any
/// list, a signature is valid but said not to be checked.
#[test]
fn a_revoked_certificate_is_found_on_its_authoritys_list() {
    let dir = tempfile::tempdir().unwrap();
    let name = "Ủy ban nhân dân tỉnh Nghệ An";
    let people = vec![("ct".to_string(), "Lê Hồng Vinh".to_string())];
    let ca = vanphong_tools::demo_signing::make(
        dir.path(),
        name,
        &[("committee", name.to_string())],
        &people,
        test_now(),
    )
    .unwrap();
    let keys = Keys::new(dir.path());
    let signed = signed_twice(&keys);
    let states = |keys: &Keys| -> Vec<(SignatureState, bool)> {
        vanphong::signature::verify(&signed, &keys.trust().unwrap(), test_now() + chrono::Duration::hours(1))
            .unwrap()
            .iter()
            .map(|c| (c.state, c.revocation_list_of.is_some()))
            .collect()
    };
    assert_eq!(states(&keys), vec![(SignatureState::Valid, true), (SignatureState::Valid, true)]);

    // The authority revokes the Chairman's certificate; the administrator puts its new list
    // in the folder.
    let list = dir.path().join("trust/demo-ca.crl");
    std::fs::write(&list, ca.revocation_list(&["Lê Hồng Vinh"], test_now()).unwrap()).unwrap();
    assert_eq!(states(&keys), vec![(SignatureState::Revoked, false), (SignatureState::Valid, true)]);

    // A week on, past the list's next update, it no longer says anyone is not revoked; the
    // revoked stays revoked.
    let later =
        vanphong::signature::verify(&signed, &keys.trust().unwrap(), test_now() + chrono::Duration::days(8))
            .unwrap()
            .iter()
            .map(|c| (c.state, c.revocation_list_of.is_some()))
            .collect::<Vec<_>>();
    assert_eq!(later, vec![(SignatureState::Revoked, false), (SignatureState::Valid, false)]);

    // A list signed by another authority under the same name is not believed.
    let impostor =
        vanphong_tools::demo_signing::DemoCa::new("CA thử nghiệm Văn phòng số (demo)", test_now()).unwrap();
    std::fs::write(&list, impostor.revocation_list(&["Ủy ban nhân dân tỉnh Nghệ An"], test_now()).unwrap())
        .unwrap();
    assert_eq!(states(&keys), vec![(SignatureState::Valid, false), (SignatureState::Valid, false)]);

    // No list at all: valid, not checked.
    std::fs::remove_file(&list).unwrap();
    assert_eq!(states(&keys), vec![(SignatureState::Valid, false), (SignatureState::Valid, false)]);
}

/// pyHanko's own test authority (`DummyTimeStamper`) as the Office's time-stamp authority:
/// each query answered by a run of it, with the key the demo's authority issued for
/// time-stamping, at `at`.
struct PyHankoAuthority {
    key_file: std::path::PathBuf,
    at: chrono::DateTime<chrono::Utc>,
}

impl vanphong::signature::stamper::TimeStamper for PyHankoAuthority {
    fn ask(&self, query: &[u8]) -> vanphong::error::CoreResult<Vec<u8>> {
        use std::io::Write;
        let script = r#"
import sys, datetime
from asn1crypto import tsp
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
signer = SimpleSigner.load_pkcs12(sys.argv[1], passphrase=sys.argv[2].encode())
stamper = DummyTimeStamper(tsa_cert=signer.signing_cert, tsa_key=signer.signing_key,
    certs_to_embed=signer.cert_registry, fixed_dt=datetime.datetime.fromisoformat(sys.argv[3]))
request = tsp.TimeStampReq.load(sys.stdin.buffer.read())
sys.stdout.buffer.write(stamper.request_tsa_response(request).dump())
"#;
        let python = crate::support::repo_root().join("target/pyhanko/bin/python");
        let mut child = std::process::Command::new(python)
            .args(["-c", script])
            .arg(&self.key_file)
            .arg(vanphong_tools::demo_signing::PASSWORD)
            .arg(self.at.to_rfc3339())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()?;
        child.stdin.take().expect("piped").write_all(query)?;
        let out = child.wait_with_output()?;
        assert!(out.status.success(), "the authority answers: {}", String::from_utf8_lossy(&out.stderr));
        Ok(out.stdout)
    }
}

/// pyHanko's test authority with an RSA key (it signs with RSA only) the demo's authority
/// certified for time-stamping, its key file in `dir`, stamping at the tests' time.
fn authority(dir: &std::path::Path, ca: &vanphong_tools::demo_signing::DemoCa) -> PyHankoAuthority {
    authority_with(dir, ca, true)
}

/// pyHanko's test authority with a certificate for time-stamping (`for_time_stamps`) or an
/// ordinary signer's.
fn authority_with(
    dir: &std::path::Path,
    ca: &vanphong_tools::demo_signing::DemoCa,
    for_time_stamps: bool,
) -> PyHankoAuthority {
    let python = crate::support::repo_root().join("target/pyhanko/bin/python");
    let make_key = "from cryptography.hazmat.primitives.asymmetric import rsa\n\
        from cryptography.hazmat.primitives import serialization as s\n\
        k = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n\
        print(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()).decode())";
    let pem = std::process::Command::new(python).args(["-c", make_key]).output().unwrap().stdout;
    let key_file = dir.join(if for_time_stamps { "tsa.p12" } else { "not-a-tsa.p12" });
    let pem = String::from_utf8(pem).unwrap();
    let tsa = if for_time_stamps {
        ca.time_stamp_key_file("Máy chủ cấp dấu thời gian (demo)", &pem).unwrap()
    } else {
        ca.key_file_from_pem("Nguyễn Văn Mạo", &pem).unwrap()
    };
    std::fs::write(&key_file, tsa).unwrap();
    // Stamped a quarter of a second past: authorities write fractions of a second, which
    // a stamp's reading must take (the check gives the whole second).
    PyHankoAuthority { key_file, at: test_now() + chrono::Duration::milliseconds(250) }
}

/// An authority that does not answer.
struct Unreachable;

impl vanphong::signature::stamper::TimeStamper for Unreachable {
    fn ask(&self, _: &[u8]) -> vanphong::error::CoreResult<Vec<u8>> {
        Err(std::io::Error::other("connection refused").into())
    }
}

/// With a time-stamp authority configured, each signature carries its stamp (PAdES B-T):
/// both verify as stamped, by our check and by pyHanko; ten years on, when the certificates
/// have expired, the stamped signatures still stand (they were valid when stamped). An
/// authority that does not answer does not stop the signing: the signature has no stamp.
#[test]
fn signatures_are_time_stamped_when_the_office_has_an_authority() {
    let (dir, keys, ca) = folder();
    let authority = authority(dir.path(), &ca);
    let keys = keys.stamped_by(Some(std::sync::Arc::new(authority)));
    let signed = signed_twice(&keys);
    let checks = vanphong::signature::verify(&signed, &keys.trust().unwrap(), test_now()).unwrap();
    let stamped: Vec<(SignatureState, Option<chrono::DateTime<chrono::Utc>>)> =
        checks.iter().map(|c| (c.state, c.time_stamped_at)).collect();
    assert_eq!(
        stamped,
        vec![(SignatureState::Valid, Some(test_now())), (SignatureState::Valid, Some(test_now()))]
    );
    assert_eq!(
        py_hanko(dir.path(), &keys, &signed),
        vec![
            "Signature1 True True True FORM_FILLING ENTIRE_REVISION True stamped=True",
            "Signature2 True True True NONE ENTIRE_FILE True stamped=True",
        ],
        "pyHanko's verdicts"
    );
    let later = test_now() + chrono::Duration::days(3650);
    let states = |pdf: &[u8]| -> Vec<SignatureState> {
        vanphong::signature::verify(pdf, &keys.trust().unwrap(), later)
            .unwrap()
            .iter()
            .map(|c| c.state)
            .collect()
    };
    assert_eq!(states(&signed), vec![SignatureState::Valid, SignatureState::Valid], "stamped while valid");

    // A token from a certificate the authority issued for signing, not for time-stamping,
    // proves no time.
    let impostor = authority_with(dir.path(), &ca, false);
    let forged = signed_twice(&keys.clone().stamped_by(Some(std::sync::Arc::new(impostor))));
    let checks = vanphong::signature::verify(&forged, &keys.trust().unwrap(), test_now()).unwrap();
    assert!(checks.iter().all(|c| c.time_stamped_at.is_none()), "{checks:?}");
    assert_eq!(states(&forged), vec![SignatureState::Expired, SignatureState::Expired]);

    let unstamped = signed_twice(&keys.clone().stamped_by(Some(std::sync::Arc::new(Unreachable))));
    let checks = vanphong::signature::verify(&unstamped, &keys.trust().unwrap(), test_now()).unwrap();
    assert!(checks.iter().all(|c| c.state == SignatureState::Valid && c.time_stamped_at.is_none()));
    assert_eq!(states(&unstamped), vec![SignatureState::Expired, SignatureState::Expired]);
}

/// The office server reaches its authority over HTTP (`serve --tsa-url`): the query is
/// POSTed as `application/timestamp-query`, the answer read back, and the signature carries
/// the stamp.
#[test]
fn the_server_asks_its_authority_over_http() {
    let (dir, keys, ca) = folder();
    let authority = authority(dir.path(), &ca);
    // The authority's HTTP side.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let heard = std::sync::Arc::clone(&seen);
    let url = serve_http(move |request, kind, query| {
        use vanphong::signature::stamper::TimeStamper;
        heard.lock().unwrap().push(format!("{request} {kind}"));
        ("application/timestamp-reply", authority.ask(query).unwrap())
    }) + "/tsa";
    let stamper = vanphong_server::timestamp::HttpTimeStamper::new(&url);
    let keys = keys.stamped_by(Some(std::sync::Arc::new(stamper)));
    let signed = signed_twice(&keys);
    let checks = vanphong::signature::verify(&signed, &keys.trust().unwrap(), test_now()).unwrap();
    assert!(checks.iter().all(|c| c.state == SignatureState::Valid && c.time_stamped_at == Some(test_now())));
    assert_eq!(*seen.lock().unwrap(), vec!["POST /tsa HTTP/1.1 application/timestamp-query"; 2]);
}

/// A small HTTP server on a free local port, answering each request (its request line,
/// content type and body) with `answer`'s content type and body; its base URL.
fn serve_http(answer: impl Fn(&str, &str, &[u8]) -> (&'static str, Vec<u8>) + Send + 'static) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let (mut length, mut kind, mut line) = (0usize, String::new(), String::new());
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let header = header.trim_end().to_ascii_lowercase();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(v) = header.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if let Some(v) = header.strip_prefix("content-type:") {
                        kind = v.trim().to_string();
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let (content_type, answer) = answer(line.trim_end(), &kind, &body);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
                    answer.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(&answer).unwrap();
            }
        }
    });
    url
}

/// The server fetches the authorities' revocation lists where they are reachable
/// (`serve --crl-url`): a list the authority published revoking the Chairman is kept in
/// the folder and his signature is then revoked; an address answering something else
/// keeps nothing.
#[test]
fn the_server_fetches_revocation_lists_where_they_are_reachable() {
    let t = crate::support::TestApp::new();
    let dir = t.app.signing().dir().to_path_buf();
    let name = "Ủy ban nhân dân tỉnh Nghệ An";
    let people = vec![("ct".to_string(), "Lê Hồng Vinh".to_string())];
    let ca = vanphong_tools::demo_signing::make(
        &dir,
        name,
        &[("committee", name.to_string())],
        &people,
        test_now(),
    )
    .unwrap();
    std::fs::remove_file(dir.join("trust/demo-ca.crl")).unwrap();
    let signed = signed_twice(&t.app.signing());
    let published = ca.revocation_list(&["Lê Hồng Vinh"], test_now()).unwrap().into_bytes();
    let impostor = vanphong_tools::demo_signing::DemoCa::new("CA thử nghiệm Văn phòng số (demo)", test_now())
        .unwrap()
        .revocation_list(&[], test_now())
        .unwrap()
        .into_bytes();
    let older = ca.revocation_list(&[], test_now() - chrono::Duration::days(3)).unwrap().into_bytes();
    let url = serve_http(move |request, _, _| match request {
        "GET /ca.crl HTTP/1.1" => ("application/pkix-crl", published.clone()),
        "GET /impostor.crl HTTP/1.1" => ("application/pkix-crl", impostor.clone()),
        "GET /older.crl HTTP/1.1" => ("application/pkix-crl", older.clone()),
        _ => ("text/html", b"<html>Not here</html>".to_vec()),
    });
    // Fetched over plain HTTP: what is not a list, or not signed by a trusted authority,
    // is not kept.
    let urls = vec![format!("{url}/ca.crl"), format!("{url}/moved.crl"), format!("{url}/impostor.crl")];
    assert_eq!(vanphong_server::revocation::refresh(&t.app, &urls).unwrap(), 1);
    // An older list from the same address does not replace the newer one.
    let keys = t.app.signing();
    let older_answer = vanphong_server::revocation::fetch(&format!("{url}/older.crl")).unwrap();
    assert!(keys.keep_list(&format!("{url}/ca.crl"), &older_answer, test_now()).is_err());
    let states: Vec<SignatureState> =
        vanphong::signature::verify(&signed, &t.app.signing().trust().unwrap(), test_now())
            .unwrap()
            .iter()
            .map(|c| c.state)
            .collect();
    assert_eq!(states, vec![SignatureState::Revoked, SignatureState::Valid]);
    let folder = t.app.signing().inventory(test_now()).unwrap();
    assert_eq!(folder.revocation_lists.len(), 1, "one list kept, none from the wrong answer");
    assert_eq!(folder.revocation_lists[0].revoked, 1);
}

/// pyHanko's verdict on each signature of `pdf`, trusting the demo CA of `keys`: field,
/// intact, valid, trusted, what was modified after it, what it covers.
fn py_hanko(dir: &std::path::Path, keys: &Keys, pdf: &[u8]) -> Vec<String> {
    let file = dir.join("checked.pdf");
    std::fs::write(&file, pdf).unwrap();
    let script = r#"
import sys
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from asn1crypto import pem, x509
with open(sys.argv[2], 'rb') as f:
    der = f.read()
    if pem.detect(der):
        _, _, der = pem.unarmor(der)
vc = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False, revocation_mode='soft-fail')
with open(sys.argv[1], 'rb') as f:
    r = PdfFileReader(f)
    for s in r.embedded_signatures:
        st = validate_pdf_signature(s, vc)
        ts = st.timestamp_validity
        stamped = f" stamped={ts.intact and ts.valid and ts.trusted}" if ts else ""
        print(s.field_name, st.intact, st.valid, st.trusted, st.modification_level.name, st.coverage.name, st.docmdp_ok, end=stamped + "\n")
"#;
    let python = crate::support::repo_root().join("target/pyhanko/bin/python");
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&file)
        .arg(keys.dir().join("trust").join("demo-ca.pem"))
        .output()
        .unwrap_or_else(|e| panic!("{} (scripts/install-deps makes it): {e}", python.display()));
    assert!(out.status.success(), "pyHanko failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

/// pyHanko (installed by scripts/test from PyPI) validates both signatures against the
/// demo CA: each intact and trusted, the leader's followed only by the seal's signing
/// update; a byte changed breaks both.
#[test]
fn an_independent_validator_accepts_both_signatures_and_sees_a_change() {
    let (dir, keys) = keys();
    let signed = signed_twice(&keys);
    assert_eq!(
        py_hanko(dir.path(), &keys, &signed),
        vec![
            "Signature1 True True True FORM_FILLING ENTIRE_REVISION True",
            "Signature2 True True True NONE ENTIRE_FILE True",
        ],
        "pyHanko's verdicts"
    );
    let mut changed = signed;
    let at = changed.windows(6).position(|w| w == b"stream").unwrap() + 20;
    changed[at] ^= 0x01;
    let intact: Vec<String> = py_hanko(dir.path(), &keys, &changed)
        .iter()
        .map(|line| line.split(' ').nth(1).unwrap_or_default().to_string())
        .collect();
    assert_eq!(intact, vec!["False", "False"]);
}

/// The way a document is really signed: the Vice Chairman signs in the review flow (the
/// page without number or date, signed with the key the server keeps for her); the clerk
/// issues it electronically, and the Committee's seal is appended with the number, the
/// date and the seal's mark shown by its widgets. The kept original passes pyHanko with
/// both signatures intact, the first followed only by what a signature may add.
#[test]
fn signed_in_the_flow_sealed_at_issue_and_both_hold() {
    use crate::outgoing::{content, issue, leaders, signed};
    use vanphong::commands;
    use vanphong::commands::OutgoingRef;
    use vanphong::outgoing::OutgoingId;
    use vanphong::outgoing::views::DigitalSignatures;
    use vanphong::register::Issuer;
    let l = leaders();
    let dir = l.o.t.app.signing().dir().to_path_buf();
    let committee = "Ủy ban nhân dân tỉnh Nghệ An".to_string();
    let people = vec![("pct1".to_string(), "Lê Thị Thu Hà".to_string())];
    vanphong_tools::demo_signing::make(
        &dir,
        &committee,
        &[("committee", committee.clone())],
        &people,
        l.o.t.clock_now(),
    )
    .unwrap();
    let decision = content("QĐ", Issuer::Committee, "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027");
    let approved = signed(&l, decision);
    assert_eq!(approved.digital, DigitalSignatures::Signer, "signed digitally in the flow");
    let id = approved.row.id;
    let get = |token: &str| l.o.t.call::<commands::OutgoingSignedPdf>(Some(token), OutgoingRef { id });
    let by_signer = crate::support::fetched(&get(&l.o.clerk).unwrap());
    let checks = l.o.t.call::<commands::OutgoingSignatureList>(Some(&l.o.clerk), OutgoingRef { id }).unwrap();
    assert_eq!(
        checks.iter().map(|c| (c.state, c.signer.as_str())).collect::<Vec<_>>(),
        vec![(SignatureState::Valid, "Lê Thị Thu Hà")]
    );

    l.o.t.clock.advance(chrono::Duration::minutes(20));
    let issued = issue(&l, &approved);
    assert_eq!(issued.digital, DigitalSignatures::SignerAndSeal);
    let file = get(&l.o.clerk).unwrap();
    let symbol = issued.row.number_symbol.clone().unwrap();
    assert_eq!(file.file_name, format!("{}.pdf", symbol.replace('/', "-")));
    let original = crate::support::fetched(&file);
    assert!(original.starts_with(&by_signer), "the seal is appended to what the signer signed");
    let recorded: i64 = l
        .o
        .t
        .app
        .db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM outgoing_document d JOIN attachment_blob b ON b.sha256 IN (d.signed_file, d.sealed_file)
                 WHERE d.id = ?1",
                [id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(recorded, 2, "both signed files are among the files backups carry");
    let checks = l.o.t.call::<commands::OutgoingSignatureList>(Some(&l.o.clerk), OutgoingRef { id }).unwrap();
    let seen: Vec<(SignatureState, &str, bool)> =
        checks.iter().map(|c| (c.state, c.signer.as_str(), c.changed_after)).collect();
    assert_eq!(
        seen,
        vec![
            (SignatureState::Valid, "Lê Thị Thu Hà", false),
            (SignatureState::Valid, committee.as_str(), false)
        ]
    );
    assert_eq!(checks[1].signed_at, Some(l.o.t.clock_now()), "sealed when issued");
    assert_eq!(
        py_hanko(dir.as_path(), &Keys::new(&dir), &original),
        vec![
            "Signature1 True True True FORM_FILLING ENTIRE_REVISION True",
            "Signature2 True True True NONE ENTIRE_FILE True",
        ],
        "pyHanko's verdicts"
    );
    if let Ok(out) = std::env::var("VANPHONG_SIGNED_PDF") {
        std::fs::write(out, &original).unwrap();
    }
    // A key file that cannot be opened does not stop its holder signing: on paper.
    std::fs::write(dir.join("people/cvp.p12"), b"not a key file").unwrap();
    let notice = signed(&l, content("TB", Issuer::Committee, "Thông báo lịch làm việc tuần"));
    assert_eq!(notice.row.signer_name.as_deref(), Some("Nguyễn Thanh Tùng"), "the chief signs notices");
    assert_eq!(notice.digital, DigitalSignatures::None);

    // Whoever may not see a document gets nothing of its signed file, not even that it
    // exists: the same answer as for a document that does not exist.
    let mut secret = content("CV", Issuer::Committee, "Về việc bảo vệ bí mật nhà nước");
    secret.secrecy = vanphong::vocabulary::Clearance::Secret;
    let secret = signed(&l, secret).row.id;
    let hidden = l.o.t.call::<commands::OutgoingSignedPdf>(Some(&l.o.specialist), OutgoingRef { id: secret });
    let missing = l
        .o
        .t
        .call::<commands::OutgoingSignedPdf>(Some(&l.o.specialist), OutgoingRef { id: OutgoingId(999_999) });
    assert_eq!(hidden.unwrap_err().code, missing.unwrap_err().code);
    assert!(
        l.o.t
            .call::<commands::OutgoingSignatureList>(Some(&l.o.specialist), OutgoingRef { id: secret })
            .is_err()
    );
}

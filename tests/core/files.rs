//! Files outside JSON: uploaded as a stream into the store (hashed while written, a size
//! limit with a message in both languages), attached by reference, and fetched back as
//! they are — by the person a command handed them to, and by nobody else.

use crate::incoming::Office;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use vanphong::attachments::NewAttachment;
use vanphong::commands;

/// A scanned dossier's worth of bytes, made up as they are read.
struct Scan {
    left: u64,
    counter: u64,
}

impl std::io::Read for Scan {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = (out.len() as u64).min(self.left) as usize;
        for byte in &mut out[..n] {
            self.counter = self.counter.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            *byte = (self.counter >> 56) as u8;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn scan(megabytes: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut Scan { left: megabytes << 20, counter: 7 }, &mut bytes).unwrap();
    bytes[..5].copy_from_slice(b"%PDF-");
    bytes
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

fn upload_request(token: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post("/api/upload")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("x-file-name", name)
        .body(Body::from(bytes))
        .unwrap()
}

/// A 150 MB scan goes up through the office server's upload endpoint, is attached to an
/// incoming document by its reference, and comes back whole from the download endpoint.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_scan_is_uploaded_attached_and_opened_over_http() {
    let o = Office::new();
    let app = o.t.app.clone();
    let router = vanphong_server::router(app.clone(), std::env::temp_dir());
    let bytes = scan(150);
    let digest = hex::encode(Sha256::digest(&bytes));

    let name = "H%E1%BB%93%20s%C6%A1%20d%E1%BB%B1%20%C3%A1n.pdf"; // "Hồ sơ dự án.pdf"
    let (status, _, answer) = send(&router, upload_request(&o.clerk, name, bytes)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&answer));
    let upload: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(upload["fileName"], "Hồ sơ dự án.pdf");
    assert_eq!(upload["size"], 150 << 20);
    let upload_id = upload["uploadId"].as_str().unwrap().to_string();

    // Somebody else cannot attach the clerk's upload.
    let mut stolen = o.input("5/SXD", "Về việc thẩm định dự án");
    stolen.attachments = vec![NewAttachment {
        file_name: "x.pdf".into(),
        content_base64: None,
        upload_id: Some(upload_id.clone()),
    }];
    let error = o.t.call::<commands::IncomingRegister>(Some(&o.secret_clerk), stolen).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("attachments"));

    let mut input = o.input("5/SXD", "Về việc thẩm định dự án");
    input.attachments = vec![NewAttachment {
        file_name: "Hồ sơ dự án.pdf".into(),
        content_base64: None,
        upload_id: Some(upload_id),
    }];
    let row = o.register(input);
    let detail =
        o.t.call::<commands::IncomingGet>(Some(&o.clerk), commands::IncomingRef { id: row.id }).unwrap();
    assert_eq!(detail.attachments[0].size, 150 << 20);
    assert_eq!(detail.attachments[0].sha256, digest, "hashed while it was written");

    let file =
        o.t.call::<commands::IncomingAttachmentGet>(
            Some(&o.clerk),
            commands::AttachmentRef { attachment_id: detail.attachments[0].id },
        )
        .unwrap();
    let download = |token: &str| {
        Request::get(format!("/api/download/{}", file.download_id))
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, body) = send(&router, download(&o.clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("UTF-8''H%E1%BB%93"));
    assert_eq!(hex::encode(Sha256::digest(&body)), digest, "the same bytes come back");

    // The reference is the clerk's: another session is told it does not exist.
    let (status, _, body) = send(&router, download(&o.specialist)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = send(&router, download("forged")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Past the office's limit, the upload is refused with a message for people, and nothing
/// of it stays in the store.
#[tokio::test(flavor = "multi_thread")]
async fn a_file_over_the_limit_is_refused_in_words_and_leaves_nothing() {
    let o = Office::new();
    let app = o.t.app.clone();
    app.set_max_file(2 << 20);
    let router = vanphong_server::router(app.clone(), std::env::temp_dir());
    let (status, _, answer) = send(&router, upload_request(&o.clerk, "scan.pdf", scan(3))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let error: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    assert_eq!(error["code"], "request.too_large");
    assert_eq!(error["message"]["vi"], "Tệp quá lớn: tối đa 2 MB.");
    let store = o.t.dir.path().join("attachments");
    let left: Vec<_> = walk(&store);
    assert!(left.is_empty(), "nothing of the refused file is kept: {left:?}");

    let (status, _, answer) = send(&router, upload_request(&o.clerk, "virus.exe", scan(1))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", String::from_utf8_lossy(&answer));
    let (status, _, _) = send(&router, upload_request("forged", "scan.pdf", scan(1))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no session, not a byte stored");
    assert!(walk(&store).is_empty());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

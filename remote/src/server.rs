//! The Office's server as a workstation reaches it: the same endpoints a browser uses
//! (`/api/{command}`, `/api/upload`, `/api/download/{id}`, `/api/events`), over HTTPS
//! with the certificate checked by [`crate::tls`]. Failures come back as the core's
//! [`ApiError`]: the server's own, or a `transport.` one when it cannot be reached or
//! trusted.

use crate::tls::{self, Pin, Seen};
use serde_json::Value;
use std::io::{BufRead, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vanphong::error::{ApiError, ErrorCode, Message};

/// Bodies go out padded with spaces to a multiple of this many bytes, as the browser's
/// client pads them: TLS hides a request's bytes, not how many there are, and a secret
/// ballot's "no" is a byte shorter than its "yes".
pub const BODY_BLOCK: usize = 128;

/// The server sends a comment every 15 s on a quiet event stream; a stream silent for
/// this long is a dead connection.
const STREAM_SILENCE: Duration = Duration::from_secs(45);

pub struct Server {
    base: String,
    calls: ureq::Agent,
    stream: ureq::Agent,
    seen: Arc<Mutex<Seen>>,
    pin: Pin,
    online: AtomicBool,
    /// Told when the server starts or stops answering.
    on_online: Mutex<Option<Watch>>,
}

type Watch = Box<dyn Fn(bool) + Send + Sync>;

/// What [`Server::events`] hands on: an event of the core, as JSON, or a sign of life.
pub enum Heard {
    Event(Value),
    Alive,
}

impl Server {
    /// A connection to `base` (as [`crate::settings::server_address`] gives it), trusting
    /// certificates that chain to `ca_file` (or the system's store) and, when `pinned`,
    /// that certificate only (else the first one it shows). Nothing is sent yet.
    pub fn new(base: &str, ca_file: Option<&Path>, pinned: Option<String>) -> Result<Server, ApiError> {
        let pin: Pin = Arc::new(Mutex::new(pinned));
        let (config, seen) = tls::client_config(ca_file, pin.clone()).map_err(|detail| {
            failure(
                ErrorCode::TransportUntrusted,
                "caFile",
                format!("Không đọc được chứng chỉ gốc (CA) để kiểm tra máy chủ: {detail}"),
                format!("Cannot read the root certificates (CA) to check the server with: {detail}"),
            )
        })?;
        let agent = |read: Duration| {
            ureq::AgentBuilder::new()
                .tls_config(config.clone())
                .timeout_connect(Duration::from_secs(5))
                .timeout_read(read)
                .timeout_write(Duration::from_secs(60))
                .redirects(0)
                .build()
        };
        Ok(Server {
            base: base.to_string(),
            calls: agent(Duration::from_secs(120)),
            stream: agent(STREAM_SILENCE),
            seen,
            pin,
            // Until a call says otherwise: the window does not open on a warning.
            online: AtomicBool::new(true),
            on_online: Mutex::new(None),
        })
    }

    pub fn address(&self) -> &str {
        &self.base
    }

    /// The fingerprint of the certificate the server showed last (checked against the
    /// chain), trusted or not.
    pub fn offered(&self) -> Option<String> {
        self.seen.lock().expect("seen lock").offered.clone()
    }

    /// The certificate trusted now: the one given, or the first the server showed.
    pub fn pinned(&self) -> Option<String> {
        self.pin.lock().expect("pin lock").clone()
    }

    pub fn online(&self) -> bool {
        self.online.load(Ordering::SeqCst)
    }

    /// Call `watch` whenever the server starts or stops answering.
    pub fn watch_online(&self, watch: impl Fn(bool) + Send + Sync + 'static) {
        *self.on_online.lock().expect("watch lock") = Some(Box::new(watch));
    }

    fn set_online(&self, online: bool) {
        if self.online.swap(online, Ordering::SeqCst) != online
            && let Some(watch) = self.on_online.lock().expect("watch lock").as_ref()
        {
            watch(online);
        }
    }

    /// Whether the server answers and is the one trusted: its health, over HTTPS, as an
    /// office server says it.
    pub fn check(&self) -> Result<(), ApiError> {
        let response = self.calls.get(&format!("{}/health", self.base)).call();
        let health = json_of(self.answer(response)?)?;
        if health["status"] != "ok" {
            return Err(failure(
                ErrorCode::TransportUnreachable,
                "server",
                format!("{} không phải máy chủ Văn phòng số, hoặc chưa sẵn sàng.", self.base),
                format!("{} is not a Văn phòng số server, or is not ready.", self.base),
            ));
        }
        Ok(())
    }

    /// Run command `name` on the server for the holder of `token`.
    pub fn call(&self, name: &str, request: &Value, token: Option<&str>) -> Result<Value, ApiError> {
        let body = padded(request);
        let mut outgoing =
            self.calls.post(&format!("{}/api/{name}", self.base)).set("Content-Type", "application/json");
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            outgoing = outgoing.set("Authorization", &format!("Bearer {token}"));
        }
        let response = self.answer(outgoing.send_string(&body))?;
        json_of(response)
    }

    /// Store a file on the server, outside JSON; the answer is the core's `Upload`.
    pub fn upload(&self, file_name: &str, bytes: &[u8], token: Option<&str>) -> Result<Value, ApiError> {
        let name = percent_encode(file_name);
        let mut outgoing = self
            .calls
            .post(&format!("{}/api/upload", self.base))
            .set("Content-Type", "application/octet-stream")
            .set("X-File-Name", &name);
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            outgoing = outgoing.set("Authorization", &format!("Bearer {token}"));
        }
        let response = self.answer(outgoing.send_bytes(bytes))?;
        json_of(response)
    }

    /// A file a command handed to the holder of `token`, as it is.
    pub fn download(&self, id: &str, token: Option<&str>) -> Result<Vec<u8>, ApiError> {
        let mut outgoing = self.calls.get(&format!("{}/api/download/{}", self.base, percent_encode(id)));
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            outgoing = outgoing.set("Authorization", &format!("Bearer {token}"));
        }
        let response = self.answer(outgoing.call())?;
        let mut bytes = Vec::new();
        response.into_reader().read_to_end(&mut bytes).map_err(|e| self.cut(&e.to_string()))?;
        Ok(bytes)
    }

    /// Follow the event stream of `token`'s session, handing each event (and each sign of
    /// life) to `heard` until it answers false, the session ends (`Ok`), or the
    /// connection fails (`Err`: the caller tries again).
    pub fn events(&self, token: &str, heard: &mut dyn FnMut(Heard) -> bool) -> Result<(), ApiError> {
        let response = self
            .stream
            .get(&format!("{}/api/events", self.base))
            .set("Accept", "text/event-stream")
            .set("Authorization", &format!("Bearer {token}"))
            .call();
        let response = match self.answer(response) {
            Ok(response) => response,
            // The session is over: nothing more to follow.
            Err(error) if error.code.as_str().starts_with("auth.") => return Ok(()),
            Err(error) => return Err(error),
        };
        let mut reader = std::io::BufReader::new(response.into_reader());
        let mut line = String::new();
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                // The server closed the stream (a session that ended, a server stopping):
                // the caller asks again, and the answer says which.
                Ok(0) => return Err(ended()),
                Ok(_) => {}
                Err(e) => return Err(self.cut(&e.to_string())),
            }
            let text = line.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                let event = (name == "domain").then(|| serde_json::from_str::<Value>(&data).ok()).flatten();
                let go_on = heard(event.map_or(Heard::Alive, Heard::Event));
                if !go_on {
                    return Ok(());
                }
                name.clear();
                data.clear();
            } else if let Some(value) = text.strip_prefix("event:") {
                name = value.trim().to_string();
            } else if let Some(value) = text.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value.strip_prefix(' ').unwrap_or(value));
            } else if text.starts_with(':') && !heard(Heard::Alive) {
                return Ok(());
            }
        }
    }

    /// The response, or the failure it stands for; the server's reachability follows.
    fn answer(&self, response: Result<ureq::Response, ureq::Error>) -> Result<ureq::Response, ApiError> {
        match response {
            Ok(response) => {
                // A resumed session verifies nothing: what was seen before no longer stands.
                self.seen.lock().expect("seen lock").offered = self.pinned();
                self.set_online(true);
                Ok(response)
            }
            Err(ureq::Error::Status(status, response)) => {
                self.set_online(true);
                let body = response.into_string().unwrap_or_default();
                Err(serde_json::from_str::<ApiError>(&body).unwrap_or_else(|_| {
                    failure(
                        ErrorCode::TransportUnreachable,
                        "server",
                        format!("Máy chủ {} trả lời lỗi HTTP {status}.", self.base),
                        format!("The server {} answered HTTP {status}.", self.base),
                    )
                }))
            }
            Err(ureq::Error::Transport(transport)) => {
                self.set_online(false);
                Err(self.refused(&transport))
            }
        }
    }

    /// What a failed connection means: an untrusted or changed certificate (said as
    /// such), or a server that cannot be reached.
    fn refused(&self, transport: &ureq::Transport) -> ApiError {
        let seen = self.seen.lock().expect("seen lock").clone();
        match tls_error(transport) {
            Some(rustls::Error::General(message)) if message == tls::CHANGED => {
                let offered = seen.offered.unwrap_or_default();
                failure(
                    ErrorCode::TransportCertificateChanged,
                    "server",
                    format!(
                        "Chứng chỉ của máy chủ {} đã thay đổi so với lần kết nối trước (chứng chỉ mới: {offered}). \
                         Máy này không kết nối cho đến khi có người xác nhận chứng chỉ mới; hãy hỏi bộ phận CNTT \
                         của Văn phòng trước.",
                        self.base
                    ),
                    format!(
                        "The server {} shows another certificate than the one this workstation trusted (the new \
                         one: {offered}). This workstation will not connect until someone accepts the new one; \
                         check with the Office's IT first.",
                        self.base
                    ),
                )
            }
            Some(error @ rustls::Error::InvalidCertificate(_)) => {
                let (vi, en) = tls::refusal(error);
                failure(
                    ErrorCode::TransportUntrusted,
                    "server",
                    format!(
                        "Chứng chỉ của máy chủ {} không được tin cậy ({vi}). Hãy dùng tệp chứng chỉ gốc (CA) của \
                         Văn phòng hoặc hỏi bộ phận CNTT.",
                        self.base
                    ),
                    format!(
                        "The certificate of the server {} is not trusted ({en}). Use the Office's root certificate \
                         (CA) file or ask the Office's IT.",
                        self.base
                    ),
                )
            }
            // No TLS at all (a plain port), an alert, the network: not reached.
            _ => self.cut(&transport.to_string()),
        }
    }

    fn cut(&self, detail: &str) -> ApiError {
        self.set_online(false);
        failure(
            ErrorCode::TransportUnreachable,
            "server",
            format!("Không kết nối được tới máy chủ Văn phòng số {} ({detail}).", self.base),
            format!("Cannot reach the Văn phòng số server {} ({detail}).", self.base),
        )
    }
}

fn ended() -> ApiError {
    failure(
        ErrorCode::TransportUnreachable,
        "server",
        "Máy chủ đã đóng luồng sự kiện.".into(),
        "The server closed the event stream.".into(),
    )
}

fn failure(code: ErrorCode, field: &str, vi: String, en: String) -> ApiError {
    ApiError { code, message: Message::new(vi, en), field: Some(field.to_string()) }
}

fn json_of(response: ureq::Response) -> Result<Value, ApiError> {
    let mut body = String::new();
    response.into_reader().read_to_string(&mut body).map_err(|e| {
        failure(
            ErrorCode::TransportUnreachable,
            "server",
            format!("Trả lời bị cắt: {e}"),
            format!("A cut answer: {e}"),
        )
    })?;
    serde_json::from_str(&body).map_err(|e| {
        failure(
            ErrorCode::TransportUnreachable,
            "server",
            format!("Máy chủ trả lời không đúng dạng: {e}"),
            format!("The server's answer is malformed: {e}"),
        )
    })
}

/// The TLS error behind a failed connection, if that is what it was.
fn tls_error(transport: &ureq::Transport) -> Option<&rustls::Error> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(transport);
    while let Some(error) = next {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(tls) = error
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|e| e.downcast_ref::<rustls::Error>())
        {
            return Some(tls);
        }
        next = error.source();
    }
    None
}

/// `request` as JSON, padded with spaces to a multiple of [`BODY_BLOCK`] bytes.
pub fn padded(request: &Value) -> String {
    let mut json = request.to_string();
    let short = (BODY_BLOCK - json.len() % BODY_BLOCK) % BODY_BLOCK;
    json.extend(std::iter::repeat_n(' ', short));
    json
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

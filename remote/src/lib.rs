//! A workstation's connection to the Office's server. The desktop app either opens the
//! database on its own disk or sends every command, file and the event stream to the
//! Office's server over HTTPS; which, and to what server, is the workstation's choice
//! ([`settings`]), checked and kept here. The shell stays a transport: it asks
//! [`Workstation`] where to send a call and sends it.
//!
//! Depends on the core for its error and message types only; nothing here knows a rule
//! of the product.

pub mod server;
pub mod settings;
pub mod tls;

use serde::Serialize;
use server::Server;
use settings::{Choice, Files, Mode};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use vanphong::error::{ApiError, ErrorCode};

/// The connection as the UI shows it (`connection_get`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionState {
    /// `unset` (first start: nobody chose), `local` or `server`.
    pub mode: &'static str,
    pub server: Option<String>,
    pub ca_file: Option<PathBuf>,
    /// The choice is IT's (`/etc/vanphong/desktop.toml`), not the person's own.
    pub fixed_by_system: bool,
    /// The certificate trusted for the server.
    pub certificate: Option<String>,
    /// Another certificate the server showed, refused until someone accepts it.
    pub offered: Option<String>,
    /// Whether the server answers now (always, for local data).
    pub online: bool,
}

pub struct Workstation {
    files: Files,
    inner: Mutex<Inner>,
}

struct Inner {
    choice: Choice,
    fixed_by_system: bool,
    server: Option<Arc<Server>>,
    /// A server tried with a changed certificate, and that certificate, waiting for
    /// someone to accept it.
    offered: Option<Attempt>,
}

#[derive(Clone)]
struct Attempt {
    server: String,
    ca_file: Option<PathBuf>,
    fingerprint: String,
}

impl Workstation {
    /// The workstation as its files set it. In server mode the connection is made ready
    /// but not tried: a server that is down at start is said on the screen, not here.
    pub fn open(files: Files) -> Result<Workstation, ApiError> {
        let (choice, fixed_by_system) = files.load()?;
        let server = match (choice.mode, &choice.server) {
            (Some(Mode::Server), Some(address)) => {
                let address = settings::server_address(address)?;
                let pinned = files.trusted(&address)?;
                Some(Arc::new(Server::new(&address, choice.ca_file.as_deref(), pinned)?))
            }
            _ => None,
        };
        Ok(Workstation { files, inner: Mutex::new(Inner { choice, fixed_by_system, server, offered: None }) })
    }

    pub fn mode(&self) -> Option<Mode> {
        let inner = self.lock();
        match inner.choice.mode {
            Some(Mode::Server) if inner.server.is_none() => None,
            mode => mode,
        }
    }

    /// The Office's server, in server mode.
    pub fn server(&self) -> Option<Arc<Server>> {
        self.lock().server.clone()
    }

    pub fn state(&self) -> ConnectionState {
        let inner = self.lock();
        let server = inner.server.as_ref();
        ConnectionState {
            mode: match (inner.choice.mode, server) {
                (Some(Mode::Local), _) => "local",
                (Some(Mode::Server), Some(_)) => "server",
                _ => "unset",
            },
            server: server.map(|s| s.address().to_string()).or_else(|| inner.choice.server.clone()),
            ca_file: inner.choice.ca_file.clone(),
            fixed_by_system: inner.fixed_by_system,
            certificate: server.and_then(|s| s.pinned()),
            offered: Self::offered(&inner).map(|a| a.fingerprint),
            online: server.is_none_or(|s| s.online()),
        }
    }

    /// After the first exchange with a server whose certificate was not yet recorded:
    /// keep the one it showed, so that a different one is refused from now on.
    pub fn remember_certificate(&self) -> Result<(), ApiError> {
        let inner = self.lock();
        let Some(server) = inner.server.as_ref() else { return Ok(()) };
        let Some(pinned) = server.pinned() else { return Ok(()) };
        if self.files.trusted(server.address())?.as_deref() != Some(pinned.as_str()) {
            self.files.trust(server.address(), &pinned)?;
        }
        Ok(())
    }

    /// Make `mode` this workstation's choice. A server must answer over HTTPS with a
    /// certificate that chains to `ca_file` (or the system's store) and, if this
    /// workstation trusted one for it before, with that one; the choice is kept only then.
    pub fn choose(
        &self,
        mode: Mode,
        server: Option<&str>,
        ca_file: Option<PathBuf>,
    ) -> Result<ConnectionState, ApiError> {
        self.choose_trusting(mode, server, ca_file, None)
    }

    /// As [`Workstation::choose`], trusting `accepted` for the server instead of what was
    /// trusted before: kept only once the server answered with it.
    fn choose_trusting(
        &self,
        mode: Mode,
        server: Option<&str>,
        ca_file: Option<PathBuf>,
        accepted: Option<String>,
    ) -> Result<ConnectionState, ApiError> {
        let ca_file = ca_file.filter(|p| !p.as_os_str().is_empty());
        let choice = match mode {
            Mode::Local => Choice { mode: Some(Mode::Local), ..Choice::default() },
            Mode::Server => {
                let address = settings::server_address(server.unwrap_or_default())?;
                if let Some(path) = &ca_file
                    && !path.is_file()
                {
                    return Err(vanphong::CoreError::invalid(
                        "caFile",
                        format!("Không có tệp {}.", path.display()),
                        format!("There is no file {}.", path.display()),
                    )
                    .into());
                }
                let pinned = match accepted {
                    Some(accepted) => Some(accepted),
                    None => self.files.trusted(&address)?,
                };
                let candidate = Server::new(&address, ca_file.as_deref(), pinned)?;
                if let Err(error) = candidate.check() {
                    self.lock().offered = (error.code == ErrorCode::TransportCertificateChanged)
                        .then(|| candidate.offered())
                        .flatten()
                        .map(|fingerprint| Attempt { server: address, ca_file, fingerprint });
                    return Err(error);
                }
                if let Some(certificate) = candidate.pinned() {
                    self.files.trust(&address, &certificate)?;
                }
                let choice =
                    Choice { mode: Some(Mode::Server), server: Some(address), ca_file, certificate: None };
                // The choice IT made is kept as IT's (its certificate, its renewals).
                let fixed_by_system = self.files.save_unless_system(&choice)?;
                let mut inner = self.lock();
                inner.server = Some(Arc::new(candidate));
                inner.offered = None;
                inner.fixed_by_system = fixed_by_system;
                if !fixed_by_system {
                    inner.choice = choice;
                }
                return Ok(self.state_of(inner));
            }
        };
        let fixed_by_system = self.files.save_unless_system(&choice)?;
        let mut inner = self.lock();
        inner.server = None;
        inner.offered = None;
        inner.choice = choice;
        inner.fixed_by_system = fixed_by_system;
        Ok(self.state_of(inner))
    }

    /// Accept the changed certificate `fingerprint` (the one the server showed on the
    /// last attempt, and only that one) as the server's from now on, and connect with it.
    pub fn trust(&self, fingerprint: &str) -> Result<ConnectionState, ApiError> {
        let attempt =
            Self::offered(&self.lock()).filter(|a| a.fingerprint == fingerprint).ok_or_else(|| {
                ApiError::from(vanphong::CoreError::conflict(
                    "Chứng chỉ này không phải chứng chỉ máy chủ vừa đưa ra; hãy thử kết nối lại.",
                    "This is not the certificate the server has just shown; try connecting again.",
                ))
            })?;
        if self.files.named_by_it(&attempt.server)?.is_some() {
            return Err(vanphong::CoreError::conflict(
                "Chứng chỉ của máy chủ này do bộ phận CNTT chỉ định trong tệp cấu hình của máy; hãy báo bộ phận CNTT.",
                "This server's certificate is set by the Office's IT in this computer's settings file; tell the IT.",
            )
            .into());
        }
        // Recorded only once the server has answered with it.
        self.choose_trusting(
            Mode::Server,
            Some(&attempt.server),
            attempt.ca_file,
            Some(fingerprint.to_string()),
        )
    }

    /// The changed certificate waiting to be accepted: from a server just tried, or from
    /// the server in use (replaced on the server since this workstation trusted it).
    fn offered(inner: &Inner) -> Option<Attempt> {
        inner.offered.clone().or_else(|| {
            let server = inner.server.as_ref()?;
            let fingerprint = server.offered().filter(|o| server.pinned().as_ref() != Some(o))?;
            Some(Attempt {
                server: server.address().to_string(),
                ca_file: inner.choice.ca_file.clone(),
                fingerprint,
            })
        })
    }

    fn state_of(&self, inner: std::sync::MutexGuard<'_, Inner>) -> ConnectionState {
        drop(inner);
        self.state()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("workstation lock")
    }
}

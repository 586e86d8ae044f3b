//! Where a workstation's data is: on this computer, or on the Office's server. The
//! choice is a small TOML file. The Office's IT may write one for every workstation
//! (`/etc/vanphong/desktop.toml`, by the desktop package or by hand), so that nobody is
//! asked; a person's own choice, made in the app, is kept in the app's data directory and
//! wins over it. The certificates a workstation has trusted are kept beside it.
//!
//! ```toml
//! mode = "server"                       # or "local"
//! server = "https://vanphong.ubnd.local"
//! ca_file = "/etc/vanphong/office-ca.pem" # optional: the system's trust store otherwise
//! certificate = "AB:CD:…"               # optional: the server certificate's SHA-256
//! ```

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vanphong::error::{ApiError, CoreError};

/// The file the Office's IT writes on a workstation.
pub const SYSTEM_FILE: &str = "/etc/vanphong/desktop.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The database on this computer (a one-person office, a laptop on a trip).
    Local,
    /// The Office's server, over HTTPS.
    Server,
}

/// One choice, as a file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// The certificate IT expects the server to show; trusted on first use otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

/// The files a workstation reads: IT's and the person's own.
#[derive(Debug, Clone)]
pub struct Files {
    pub system: PathBuf,
    /// The app's data directory (also the local database's, in local mode).
    pub own_dir: PathBuf,
}

impl Files {
    fn own(&self) -> PathBuf {
        self.own_dir.join("desktop.toml")
    }

    fn trusted_file(&self) -> PathBuf {
        self.own_dir.join("trusted-servers.toml")
    }

    /// The choice in force, and whether it is IT's (IT wrote one, and the person made no
    /// choice of their own).
    /// An unreadable file is an error, said with its path: a workstation set up by IT
    /// must not fall back quietly to asking, nor to local data.
    pub fn load(&self) -> Result<(Choice, bool), ApiError> {
        if let Some(own) = read_choice(&self.own())? {
            return Ok((own, false));
        }
        Ok(match read_choice(&self.system)? {
            Some(system) => (system, true),
            None => (Choice::default(), false),
        })
    }

    /// Keep the person's choice (written whole, then renamed into place).
    pub fn save(&self, choice: &Choice) -> Result<(), ApiError> {
        let text = toml::to_string(choice).map_err(|e| io_error(&self.own(), e.to_string()))?;
        write_atomically(&self.own(), &text)
    }

    /// The certificate IT's file names for `server`, whatever the choice in force: a
    /// certificate IT names (and renews) is the one trusted, on every workstation.
    pub fn named_by_it(&self, server: &str) -> Result<Option<String>, ApiError> {
        let Some(system) = read_choice(&self.system)? else { return Ok(None) };
        let same = system.server.as_deref().and_then(|s| server_address(s).ok()).as_deref() == Some(server);
        Ok(system.certificate.filter(|_| same).map(|c| c.trim().to_ascii_uppercase()))
    }

    /// The certificate this workstation trusts for `server`: the one IT names, else the
    /// one it trusted itself.
    pub fn trusted(&self, server: &str) -> Result<Option<String>, ApiError> {
        match self.named_by_it(server)? {
            Some(named) => Ok(Some(named)),
            None => Ok(self.all_trusted()?.remove(server)),
        }
    }

    /// Keep `choice` as the person's own, unless it is the one IT's file makes: then the
    /// person's own file goes, so that IT's stays in force. Returns whether IT's is.
    pub fn save_unless_system(&self, choice: &Choice) -> Result<bool, ApiError> {
        let normal = |c: &Choice| {
            (c.mode, c.server.as_deref().and_then(|s| server_address(s).ok()), c.ca_file.clone())
        };
        if let Some(system) = read_choice(&self.system)?
            && normal(&system) == normal(choice)
        {
            match std::fs::remove_file(self.own()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&self.own(), e.to_string())),
            }
            return Ok(true);
        }
        self.save(choice)?;
        Ok(false)
    }

    /// Trust `fingerprint` for `server` from now on.
    pub fn trust(&self, server: &str, fingerprint: &str) -> Result<(), ApiError> {
        let mut all = self.all_trusted()?;
        all.insert(server.to_string(), fingerprint.to_string());
        let text = toml::to_string(&Trusted { servers: all })
            .map_err(|e| io_error(&self.trusted_file(), e.to_string()))?;
        write_atomically(&self.trusted_file(), &text)
    }

    fn all_trusted(&self) -> Result<BTreeMap<String, String>, ApiError> {
        let path = self.trusted_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                Ok(toml::from_str::<Trusted>(&text).map_err(|e| io_error(&path, e.to_string()))?.servers)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(io_error(&path, e.to_string())),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Trusted {
    #[serde(default)]
    servers: BTreeMap<String, String>,
}

fn read_choice(path: &Path) -> Result<Option<Choice>, ApiError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).map(Some).map_err(|e| io_error(path, e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path, e.to_string())),
    }
}

fn write_atomically(path: &Path, text: &str) -> Result<(), ApiError> {
    let fail = |e: std::io::Error| io_error(path, e.to_string());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let partial = path.with_extension("toml.partial");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&partial).map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        // On disk before it replaces the old one: a power cut leaves the old or the new.
        file.sync_all().map_err(fail)?;
    }
    std::fs::rename(&partial, path).map_err(fail)
}

fn io_error(path: &Path, detail: String) -> ApiError {
    CoreError::invalid(
        "settings",
        format!("Không đọc, ghi được tệp cấu hình {}: {detail}", path.display()),
        format!("Cannot read or write the settings file {}: {detail}", path.display()),
    )
    .into()
}

/// The server's address as a person may type it (`vp.ubnd.local`, `https://vp.ubnd.local:8443/`),
/// in its one form (`https://vp.ubnd.local:8443`). Only HTTPS: the sessions and the
/// documents travel over it.
pub fn server_address(typed: &str) -> Result<String, ApiError> {
    let typed = typed.trim();
    let bad = |vi: &str, en: &str| -> ApiError { CoreError::invalid("server", vi, en).into() };
    if typed.is_empty() {
        return Err(bad(
            "Hãy nhập địa chỉ máy chủ của Văn phòng.",
            "Enter the address of the Office's server.",
        ));
    }
    let rest = match typed.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => rest,
        Some(_) => {
            return Err(bad(
                "Máy chủ phải dùng HTTPS (địa chỉ bắt đầu bằng https://).",
                "The server must be reached over HTTPS (an address starting with https://).",
            ));
        }
        None => typed,
    };
    let authority = rest.trim_end_matches('/');
    // A name or an IPv4 address, or an IPv6 one in brackets; then perhaps a port.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && (!host.contains(':') || host.ends_with(']')) => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    let port_ok = port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0));
    if !host_ok || !port_ok {
        return Err(bad(
            "Địa chỉ máy chủ không hợp lệ: chỉ gồm tên máy (hoặc địa chỉ IP) và cổng, ví dụ https://vanphong.ubnd.local:8443.",
            "Not a server address: a host name (or IP address) and a port, e.g. https://vanphong.ubnd.local:8443.",
        ));
    }
    Ok(format!("https://{}", authority.to_ascii_lowercase()))
}

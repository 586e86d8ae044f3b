//! Content-addressed file store: each file is kept once under the SHA-256 of its bytes,
//! in `<data dir>/attachments/ab/cdef…`. Reading re-hashes the bytes, so a file damaged
//! on disk is reported, never served.

use crate::error::{CoreError, CoreResult};
use crate::vocabulary::{UserId, clean_required};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The largest file the Office accepts unless it sets another (`vanphong serve
/// --max-file-mb`): a scanned dossier of a few hundred pages.
pub const DEFAULT_MAX_FILE: u64 = 200 * 1024 * 1024;

/// A file a person adds to a document: its name, and its bytes either inline (base64,
/// for small files and scripts) or, for any size, the reference the upload gave
/// (`upload_id`, see [`record_upload`]).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    pub file_name: String,
    /// The file's bytes, base64-encoded (standard alphabet).
    #[serde(default)]
    #[ts(optional)]
    pub content_base64: Option<String>,
    /// What the upload endpoint (or the desktop shell) answered for this file.
    #[serde(default)]
    #[ts(optional)]
    pub upload_id: Option<String>,
}

impl NewAttachment {
    /// A file given inline, its bytes base64-encoded.
    pub fn inline(file_name: impl Into<String>, content_base64: impl Into<String>) -> NewAttachment {
        NewAttachment {
            file_name: file_name.into(),
            content_base64: Some(content_base64.into()),
            upload_id: None,
        }
    }
}

/// The kinds of file the Office takes, by extension: the media type, and whether it is
/// attached to documents (spreadsheets are uploaded to be imported as registers).
const KINDS: &[(&str, &str, bool)] = &[
    ("pdf", "application/pdf", true),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true),
    ("doc", "application/msword", true),
    ("png", "image/png", true),
    ("jpg", "image/jpeg", true),
    ("jpeg", "image/jpeg", true),
    ("tif", "image/tiff", true),
    ("tiff", "image/tiff", true),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
    ("xls", "application/vnd.ms-excel", false),
    ("csv", "text/csv", false),
    // Messages of the national interconnection axis, uploaded by a clerk.
    ("edxml", "application/xml", false),
    ("xml", "application/xml", false),
];

fn kind_of(file_name: &str) -> Option<(&'static str, bool)> {
    let extension = file_name.rsplit('.').next().unwrap_or("").to_lowercase();
    KINDS.iter().find(|(e, _, _)| *e == extension).map(|(_, kind, attachable)| (*kind, *attachable))
}

/// The media type of a file, by its name; `application/octet-stream` for a kind the
/// Office does not take.
pub fn media_type(file_name: &str) -> &'static str {
    kind_of(file_name).map_or("application/octet-stream", |(kind, _)| kind)
}

/// A file name the Office takes as an attachment, cleaned; or a message saying why not.
pub fn check_name(file_name: &str) -> CoreResult<(String, &'static str)> {
    let name = clean_required("attachments", ("Tên tệp", "File name"), file_name, 255)?;
    match kind_of(&name) {
        Some((kind, true)) => Ok((name, kind)),
        _ => Err(CoreError::invalid(
            "attachments",
            format!("Tệp {name} không được nhận: chỉ nhận PDF, DOC, DOCX hoặc ảnh (PNG, JPG, TIFF)."),
            format!("{name} is not accepted: only PDF, DOC, DOCX or images (PNG, JPG, TIFF)."),
        )),
    }
}

/// A file name the Office takes as an upload (an attachment, or a register to import),
/// cleaned; or a message saying why not.
pub fn check_upload_name(file_name: &str) -> CoreResult<String> {
    let name = clean_required("fileName", ("Tên tệp", "File name"), file_name, 255)?;
    if kind_of(&name).is_none() {
        return Err(CoreError::invalid(
            "fileName",
            format!(
                "Tệp {name} không được nhận: chỉ nhận PDF, DOC, DOCX, XLSX, CSV, edXML hoặc ảnh (PNG, JPG, TIFF)."
            ),
            format!(
                "{name} is not accepted: only PDF, DOC, DOCX, XLSX, CSV, edXML or images (PNG, JPG, TIFF)."
            ),
        ));
    }
    Ok(name)
}

/// A file in the store, ready to be linked to a document.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub file_name: String,
    pub media_type: &'static str,
    pub sha256: String,
    pub size: u64,
}

/// The one way files given with a command reach the store: each name checked, inline
/// bytes decoded and stored, an upload's reference taken (it must be `by`'s own, and
/// works once). Runs before the command's transaction; a file left in the store by a
/// refused command is harmless (nothing refers to it, and the same bytes reuse it).
pub fn accept(
    store: &AttachmentStore,
    conn: &Connection,
    by: UserId,
    files: &[NewAttachment],
) -> CoreResult<Vec<Accepted>> {
    use base64::Engine;
    let mut accepted = Vec::new();
    for file in files {
        let (file_name, media_type) = check_name(&file.file_name)?;
        let damaged = || {
            CoreError::invalid(
                "attachments",
                format!("Tệp {file_name} bị hỏng khi gửi lên."),
                format!("{file_name} arrived damaged."),
            )
        };
        let (sha256, size) = match (&file.upload_id, &file.content_base64) {
            (Some(upload), _) => uploaded(conn, by, upload, "attachments", &file_name)?,
            (None, Some(base64)) => {
                let bytes =
                    base64::engine::general_purpose::STANDARD.decode(base64.trim()).map_err(|_| damaged())?;
                (store.put(&bytes)?, bytes.len() as u64)
            }
            (None, None) => return Err(damaged()),
        };
        if size == 0 {
            return Err(CoreError::invalid(
                "attachments",
                format!("Tệp {file_name} rỗng."),
                format!("{file_name} is empty."),
            ));
        }
        accepted.push(Accepted { file_name, media_type, sha256, size });
    }
    Ok(accepted)
}

/// The stored file behind `by`'s upload `id` (its SHA-256 and size); anyone else's, or an
/// expired one, is refused on `field` as not uploaded.
pub fn uploaded(
    conn: &Connection,
    by: UserId,
    id: &str,
    field: &'static str,
    file_name: &str,
) -> CoreResult<(String, u64)> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT sha256, size FROM upload WHERE id = ?1 AND uploaded_by = ?2",
            params![id, by],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (sha256, size) = found.ok_or_else(|| {
        CoreError::invalid(
            field,
            format!("Tệp {file_name} chưa được tải lên hoặc đã hết hạn: hãy chọn lại tệp."),
            format!("{file_name} was not uploaded or has expired: choose the file again."),
        )
    })?;
    Ok((sha256, size as u64))
}

/// An upload that reached the store, for the command that attaches it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Upload {
    pub upload_id: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// How long an upload waits for the command that attaches it.
pub const UPLOAD_KEPT: chrono::Duration = chrono::Duration::days(2);

/// Record that `by` uploaded `file_name` (already in the store as `sha256`), and forget
/// uploads older than [`UPLOAD_KEPT`].
pub fn record_upload(
    conn: &Connection,
    by: UserId,
    file_name: &str,
    sha256: &str,
    size: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Upload> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| std::io::Error::other(e.to_string()))?;
    let upload_id = hex::encode(id);
    conn.execute("DELETE FROM upload WHERE created_at < ?1", [crate::clock::timestamp(now - UPLOAD_KEPT)])?;
    conn.execute(
        "INSERT INTO upload (id, sha256, size, file_name, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![upload_id, sha256, size as i64, file_name, by, crate::clock::timestamp(now)],
    )?;
    Ok(Upload { upload_id, file_name: file_name.to_string(), size })
}

/// Record in the database that the stored file `sha256` of `size` bytes is in use (once;
/// rows of documents, drafts and reports refer to it).
pub fn record_blob(w: &crate::audit::Writer<'_>, sha256: &str, size: usize) -> CoreResult<()> {
    w.execute(
        "INSERT OR IGNORE INTO attachment_blob (sha256, size, created_at) VALUES (?1, ?2, ?3)",
        rusqlite::params![sha256, size as i64, w.now_text()],
    )?;
    Ok(())
}

pub struct AttachmentStore {
    root: PathBuf,
}

impl AttachmentStore {
    pub fn new(root: PathBuf) -> Self {
        AttachmentStore { root }
    }

    fn path_of(&self, sha256: &str) -> CoreResult<PathBuf> {
        let valid =
            sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        if !valid {
            return Err(CoreError::AttachmentDamaged { sha256: sha256.to_string() });
        }
        Ok(self.root.join(&sha256[..2]).join(&sha256[2..]))
    }

    /// Store `bytes`; returns their SHA-256 in lowercase hex. Storing the same bytes twice
    /// keeps one copy. The file appears whole or not at all (written aside, then renamed).
    pub fn put(&self, bytes: &[u8]) -> CoreResult<String> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha256)?;
        if path.exists() && self.get(&sha256).is_ok() {
            return Ok(sha256);
        }
        let dir = path.parent().expect("store paths have a parent");
        std::fs::create_dir_all(dir)?;
        crate::db::private_dir(&self.root)?;
        crate::db::private_dir(dir)?;
        let mut temporary = tempfile_in(dir)?;
        temporary.1.write_all(bytes)?;
        temporary.1.sync_all()?;
        std::fs::rename(&temporary.0, &path)?;
        Ok(sha256)
    }

    /// Store what `reader` yields, hashing while writing, without holding the file in
    /// memory; refused with [`CoreError::FileTooLarge`] past `limit` bytes (nothing is
    /// kept). Returns the SHA-256 and the size.
    pub fn put_stream(&self, reader: &mut dyn Read, limit: u64) -> CoreResult<(String, u64)> {
        std::fs::create_dir_all(&self.root)?;
        crate::db::private_dir(&self.root)?;
        let (path, mut file) = tempfile_in(&self.root)?;
        let written = (|| -> CoreResult<(String, u64)> {
            let mut hasher = Sha256::new();
            let mut size = 0u64;
            let mut chunk = vec![0u8; 1 << 16];
            loop {
                let read = match reader.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e.into()),
                };
                size += read as u64;
                if size > limit {
                    return Err(CoreError::FileTooLarge { limit });
                }
                hasher.update(&chunk[..read]);
                file.write_all(&chunk[..read])?;
            }
            file.sync_all()?;
            Ok((hex::encode(hasher.finalize()), size))
        })();
        let (sha256, size) = match written {
            Ok(done) => done,
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        };
        let target = self.path_of(&sha256)?;
        let dir = target.parent().expect("store paths have a parent");
        std::fs::create_dir_all(dir)?;
        crate::db::private_dir(dir)?;
        if target.exists() && self.get(&sha256).is_ok() {
            let _ = std::fs::remove_file(&path);
        } else {
            std::fs::rename(&path, &target)?;
        }
        Ok((sha256, size))
    }

    /// The path of a stored file, for a transport that streams it out (after a command
    /// has said the person may have it).
    pub fn file_path(&self, sha256: &str) -> CoreResult<PathBuf> {
        let path = self.path_of(sha256)?;
        if !path.exists() {
            return Err(CoreError::AttachmentDamaged { sha256: sha256.to_string() });
        }
        Ok(path)
    }

    /// Check a stored file against its name (re-hashing it as a stream, not in memory);
    /// returns its size. A damaged file is reported, never handed out.
    pub fn verify(&self, sha256: &str) -> CoreResult<u64> {
        let path = self.path_of(sha256)?;
        let mut file = std::fs::File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::AttachmentDamaged { sha256: sha256.to_string() },
            _ => CoreError::Io(e),
        })?;
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut file, &mut hasher)?;
        if hex::encode(hasher.finalize()) != sha256 {
            tracing::error!(sha256, path = %path.display(), "attachment damaged on disk");
            return Err(CoreError::AttachmentDamaged { sha256: sha256.to_string() });
        }
        Ok(size)
    }

    pub fn get(&self, sha256: &str) -> CoreResult<Vec<u8>> {
        let path = self.path_of(sha256)?;
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::AttachmentDamaged { sha256: sha256.to_string() },
            _ => CoreError::Io(e),
        })?;
        if hex::encode(Sha256::digest(&bytes)) != sha256 {
            tracing::error!(sha256, path = %path.display(), "attachment damaged on disk");
            return Err(CoreError::AttachmentDamaged { sha256: sha256.to_string() });
        }
        Ok(bytes)
    }
}

fn tempfile_in(dir: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| std::io::Error::other(e.to_string()))?;
    let path = dir.join(format!(".incoming-{}", hex::encode(suffix)));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path)?;
    Ok((path, file))
}

/// Where a handed-out file's bytes are: in the store, or made by the command just now
/// (a printed register, a report), held until fetched.
#[derive(Debug, Clone)]
pub enum Source {
    Stored { sha256: String },
    Made(std::sync::Arc<[u8]>),
}

/// A file a command has handed to a person, fetched outside JSON.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub source: Source,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub user_id: UserId,
    pub expires: chrono::DateTime<chrono::Utc>,
}

/// How long a handed-out file may be fetched.
pub const TICKET_KEPT: chrono::Duration = chrono::Duration::minutes(15);

/// At most this many bytes of made files wait to be fetched; past it the oldest go.
pub const MADE_KEPT_BYTES: usize = 256 << 20;

/// The files handed out and not yet expired, by random id; in memory (a restart asks the
/// person to open the file again).
#[derive(Default)]
pub struct Downloads {
    tickets: std::sync::Mutex<std::collections::HashMap<String, Ticket>>,
}

impl Downloads {
    pub fn hand_out(&self, ticket: Ticket) -> CoreResult<String> {
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|e| std::io::Error::other(e.to_string()))?;
        let id = hex::encode(id);
        let mut tickets = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        let now = ticket.expires - TICKET_KEPT;
        tickets.retain(|_, t| t.expires > now);
        tickets.insert(id.clone(), ticket);
        let made = |t: &Ticket| match &t.source {
            Source::Made(bytes) => bytes.len(),
            Source::Stored { .. } => 0,
        };
        while tickets.values().map(made).sum::<usize>() > MADE_KEPT_BYTES {
            let oldest = tickets
                .iter()
                .filter(|(_, t)| made(t) > 0)
                .min_by_key(|(_, t)| t.expires)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(key) if key != id => tickets.remove(&key),
                _ => break,
            };
        }
        Ok(id)
    }

    /// The file behind `id` if it was handed to `user` and has not expired; otherwise
    /// "not found", whoever asks.
    pub fn take(&self, id: &str, user: UserId, now: chrono::DateTime<chrono::Utc>) -> CoreResult<Ticket> {
        let tickets = self.tickets.lock().unwrap_or_else(|p| p.into_inner());
        tickets
            .get(id)
            .filter(|t| t.user_id == user && t.expires > now)
            .cloned()
            .ok_or(CoreError::NotFound { what: crate::error::Noun::Attachment })
    }
}

//! Content-addressed file store: each file is kept once under the SHA-256 of its bytes,
//! in `<data dir>/attachments/ab/cdef…`. Reading re-hashes the bytes, so a file damaged
//! on disk is reported, never served.

use crate::error::{CoreError, CoreResult};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

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

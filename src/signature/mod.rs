//! Digital signatures (Decree 30 Article 8 and Annex I, Law on Electronic Transactions):
//! PDFs signed with a person's or the body's key as PAdES signatures that other systems
//! verify, and the signatures of PDFs that arrive checked — intact, by whom, when, chained
//! to a certificate authority the Office trusts.
//!
//! Keys are PKCS #12 files (`.p12`/`.pfx`, as certificate authorities hand them out) kept
//! outside the database: [`Keys`] reads them from the Office's signing folder, so that a
//! copy of the data directory or a backup carries no key.

mod cms;
pub mod key;
pub mod pdf;
mod pem;
pub mod revocation;
pub mod stamper;
pub mod timestamp;

use crate::error::CoreResult;
use ::cms::cert::x509::Certificate;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use der::Decode;
use key::{CertificateInfo, Signer};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A key file in the signing folder, opened to see whose it is.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstalledKey {
    /// The file's name in the folder: `seal-committee.p12`, `people/ct.p12`.
    pub file: String,
    /// A body's seal (`committee`, `office`), or a person's key (their login).
    pub seal: bool,
    pub owner: String,
    pub certificate: Option<CertificateInfo>,
    /// Why it cannot be used (wrong password, a damaged file, a certificate out of its
    /// validity), in words.
    pub problem: Option<crate::error::Message>,
}

/// What the signing folder holds: its keys and the authorities it trusts.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SigningFolder {
    pub dir: String,
    pub keys: Vec<InstalledKey>,
    pub trusted: Vec<CertificateInfo>,
    /// The authorities' revocation lists kept beside them.
    pub revocation_lists: Vec<revocation::ListInfo>,
}

/// The Office's signing folder: `seal-<body>.p12` (each issuing body's key, its seal:
/// `seal-committee.p12`, `seal-office.p12`), `people/<login>.p12` (each signer's), each
/// beside a `.pass` file holding its password, and `trust/` with the
/// certificates of the authorities whose signatures are accepted (`.cer`, `.crt`, `.pem`,
/// DER or PEM).
#[derive(Clone)]
pub struct Keys {
    dir: PathBuf,
    stamper: Option<std::sync::Arc<dyn stamper::TimeStamper>>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("dir", &self.dir).field("stamped", &self.stamper.is_some()).finish()
    }
}

impl Keys {
    pub fn new(dir: impl Into<PathBuf>) -> Keys {
        Keys { dir: dir.into(), stamper: None }
    }

    /// The folder's keys, each signature they make time-stamped by `stamper`.
    pub fn stamped_by(mut self, stamper: Option<std::sync::Arc<dyn stamper::TimeStamper>>) -> Keys {
        self.stamper = stamper;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The time-stamp authority the folder's signatures are stamped by, if any.
    pub fn stamper(&self) -> Option<std::sync::Arc<dyn stamper::TimeStamper>> {
        self.stamper.clone()
    }

    /// The seal of the issuing body named `body` (`committee`, `office`), if installed.
    pub fn seal(&self, body: &str) -> CoreResult<Option<Signer>> {
        if !body.chars().all(|c| c.is_ascii_lowercase()) {
            return Ok(None);
        }
        self.open(&self.dir.join(format!("seal-{body}.p12")))
    }

    /// The key of the person who logs in as `login`, if they have one.
    pub fn person(&self, login: &str) -> CoreResult<Option<Signer>> {
        if login.is_empty() || !login.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
            return Ok(None);
        }
        self.open(&self.dir.join("people").join(format!("{login}.p12")))
    }

    /// The names of the files in `dir`, sorted; none when it does not exist.
    fn listing(dir: &Path) -> CoreResult<Vec<String>> {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        };
        let mut names: Vec<String> =
            entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        Ok(names)
    }

    fn open(&self, file: &Path) -> CoreResult<Option<Signer>> {
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let password = std::fs::read_to_string(file.with_extension("pass")).unwrap_or_default();
        Signer::from_pkcs12(&bytes, password.trim_end_matches(['\r', '\n']))
            .map(|signer| Some(signer.stamped_by(self.stamper.clone())))
    }

    /// The authorities the Office trusts and their revocation lists (`trust/`).
    pub fn trust(&self) -> CoreResult<Trust> {
        let dir = self.dir.join("trust");
        let mut trust = Trust::default();
        for name in Keys::listing(&dir)? {
            let bytes = std::fs::read(dir.join(name))?;
            trust.anchors.extend(certificates_in(&bytes));
            trust.lists.extend(revocation::lists_in(&bytes));
        }
        Ok(trust)
    }

    /// Keep `bytes`, a revocation list fetched from `source` (the address its authority
    /// publishes it at), in `trust/` in place of the one fetched from there before — only
    /// if it is one, and whole (written aside, then renamed). What it is, judged at `now`.
    pub fn keep_list(
        &self,
        source: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> CoreResult<revocation::ListInfo> {
        let not_a_list = || {
            crate::error::CoreError::invalid(
                "list",
                format!("{source} không trả về danh sách thu hồi chứng thư (CRL)."),
                format!("{source} did not answer with a certificate revocation list (CRL)."),
            )
        };
        let lists = revocation::lists_in(bytes);
        let info = lists.first().and_then(|der| revocation::info(der, now)).ok_or_else(not_a_list)?;
        // Fetched over plain HTTP as authorities publish them: believed only when one of
        // the authorities the Office trusts signed it, and kept only when newer.
        let anchors: Vec<Certificate> =
            self.trust()?.anchors.iter().filter_map(|der| Certificate::from_der(der).ok()).collect();
        if !revocation::signed_by_one_of(&lists[0], &anchors) {
            return Err(crate::error::CoreError::invalid(
                "list",
                format!(
                    "Danh sách thu hồi từ {source} không do tổ chức chứng thực mà Văn phòng tin cậy ký: không giữ."
                ),
                format!(
                    "The revocation list from {source} is not signed by an authority the Office trusts: not kept."
                ),
            ));
        }
        let dir = self.dir.join("trust");
        std::fs::create_dir_all(&dir)?;
        let name = format!("fetched-{:016x}.crl", fnv(source));
        let before = std::fs::read(dir.join(&name)).ok().and_then(|der| revocation::info(&der, now));
        if before.is_some_and(|b| b.this_update > info.this_update) {
            return Err(crate::error::CoreError::conflict(
                format!("Danh sách thu hồi từ {source} cũ hơn danh sách đang giữ: không thay."),
                format!("The revocation list from {source} is older than the one kept: not replaced."),
            ));
        }
        let aside = dir.join(format!(".{name}.part"));
        std::fs::write(&aside, &lists[0])?;
        std::fs::rename(&aside, dir.join(name))?;
        Ok(info)
    }

    /// Every key file in the folder, each opened and its certificate's validity judged at
    /// `now`, and the trusted authorities.
    pub fn inventory(&self, now: DateTime<Utc>) -> CoreResult<SigningFolder> {
        let mut keys = Vec::new();
        let mut look = |dir: &Path, prefix: &str, seal: bool| -> CoreResult<()> {
            for name in Keys::listing(dir)? {
                let Some(stem) = name.strip_suffix(".p12") else { continue };
                let Some(owner) = (if seal { stem.strip_prefix("seal-") } else { Some(stem) }) else {
                    continue;
                };
                let opened = self.open(&dir.join(&name));
                let (certificate, problem) = match opened {
                    Ok(signer) => {
                        let problem = signer
                            .as_ref()
                            .and_then(|s| s.valid_at(now).err())
                            .map(|e| crate::error::ApiError::from(e).message);
                        (signer.and_then(|s| s.certificate()), problem)
                    }
                    Err(e) => (None, Some(crate::error::ApiError::from(e).message)),
                };
                keys.push(InstalledKey {
                    file: format!("{prefix}{name}"),
                    seal,
                    owner: owner.to_string(),
                    certificate,
                    problem,
                });
            }
            Ok(())
        };
        look(&self.dir, "", true)?;
        look(&self.dir.join("people"), "people/", false)?;
        let trust = self.trust()?;
        let trusted = trust
            .anchors
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .map(|c| CertificateInfo::of(&c))
            .collect();
        let revocation_lists = trust.lists.iter().filter_map(|der| revocation::info(der, now)).collect();
        Ok(SigningFolder { dir: self.dir.display().to_string(), keys, trusted, revocation_lists })
    }
}

/// What a signature is checked against: the certificates of the authorities the Office
/// trusts and the revocation lists it keeps (DER each).
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pub anchors: Vec<Vec<u8>>,
    pub lists: Vec<Vec<u8>>,
}

/// The certificates in a DER or PEM file.
pub fn certificates_in(bytes: &[u8]) -> Vec<Vec<u8>> {
    if Certificate::from_der(bytes).is_ok() {
        return vec![bytes.to_vec()];
    }
    pem::blocks(bytes, "CERTIFICATE").into_iter().filter(|der| Certificate::from_der(der).is_ok()).collect()
}

/// FNV-1a of `text`: a short stable name for a file fetched from an address.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

crate::vocabulary::text_enum! {
    /// What checking one signature found.
    pub enum SignatureState {
        /// Intact, by a certificate an authority the Office trusts issued, valid when signed.
        Valid = "valid",
        /// Intact, but its certificate does not lead to an authority the Office trusts.
        Untrusted = "untrusted",
        /// Intact, but its authority has revoked its certificate (on the authority's
        /// revocation list the Office keeps).
        Revoked = "revoked",
        /// Intact, but its certificate is not valid now (expired, or not yet valid), or was
        /// not when the signature says it signed: without a time-stamp, the claimed time
        /// is only the signer's word.
        Expired = "expired",
        /// The signed bytes were changed: the signature does not match them.
        Broken = "broken",
        /// The signature cannot be read.
        Unreadable = "unreadable",
    }
}

/// One signature of a PDF, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignatureCheck {
    pub state: SignatureState,
    /// The signer's common name (a person, or the body for its seal).
    pub signer: String,
    pub organisation: Option<String>,
    /// The common name of the authority that issued the signer's certificate.
    pub issuer: String,
    /// When it says it signed (the PDF's `/M`).
    pub signed_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    /// Something was added to the file after this signature other than later
    /// signatures: what is shown is not all what was signed.
    pub changed_after: bool,
    /// The date of the authority's revocation list the certificate was checked against;
    /// none when the Office keeps no list of that authority (not checked).
    pub revocation_list_of: Option<DateTime<Utc>>,
    /// When a time-stamp authority the Office trusts says the signature existed; none
    /// when the signature carries no (trustworthy) time-stamp.
    pub time_stamped_at: Option<DateTime<Utc>>,
}

impl SignatureCheck {
    /// A signature, or a file, that cannot be read.
    pub fn unreadable() -> SignatureCheck {
        SignatureCheck {
            state: SignatureState::Unreadable,
            signer: String::new(),
            organisation: None,
            issuer: String::new(),
            signed_at: None,
            reason: None,
            changed_after: false,
            revocation_list_of: None,
            time_stamped_at: None,
        }
    }
}

/// Every signature of `pdf`, checked against what the Office trusts at `now`: intact, by a
/// certificate that leads to one of its authorities, valid then, and not on its
/// authority's revocation list where the Office keeps that list.
pub fn verify(pdf: &[u8], trust: &Trust, now: DateTime<Utc>) -> CoreResult<Vec<SignatureCheck>> {
    let found = pdf::found(pdf)?;
    let ends: Vec<usize> =
        found.iter().filter_map(|f| Some(f.byte_range.get(2)? + f.byte_range.get(3)?)).collect();
    let anchors: Vec<Certificate> =
        trust.anchors.iter().filter_map(|a| Certificate::from_der(a).ok()).collect();
    Ok(found
        .iter()
        .map(|f| {
            let signed_at = f.signed_at.as_deref().and_then(parse_pdf_date);
            let unreadable = SignatureCheck {
                signer: f.name.clone().unwrap_or_default(),
                signed_at,
                reason: f.reason.clone(),
                ..SignatureCheck::unreadable()
            };
            let [a, b, c, d] = f.byte_range[..] else { return unreadable };
            let (Some(first), Some(second)) = (pdf.get(a..a + b), pdf.get(c..c + d)) else {
                return unreadable;
            };
            let Ok(checked) = cms::check(&f.contents, &[first, second]) else { return unreadable };
            // What follows a signature is taken for later signatures' updates when the last
            // signature reaches the end of the file; anything past it was added unsigned.
            let changed_after = ends.iter().copied().max().unwrap_or(c + d) != pdf.len();
            let certificate = CertificateInfo::of(&checked.signer);
            // The time a signature claims (`/M`) is the signer's word: without a time-stamp
            // the certificate must be valid now, and then too; with one, when it was stamped.
            let time_stamped_at = checked
                .time_stamp
                .as_deref()
                .and_then(|t| timestamp::stamped_at(t, &checked.value, &anchors, &trust.lists));
            let in_time = match time_stamped_at {
                Some(at) => certificate.valid_at(at),
                None => certificate.valid_at(now) && signed_at.is_none_or(|at| certificate.valid_at(at)),
            };
            let chain = cms::chain(&checked.signer, &checked.carried, &anchors);
            // Each certificate of the chain against its authority's list; the signer's
            // list's date is the one shown.
            let statuses: Vec<revocation::Revocation> = chain
                .windows(2)
                .map(|pair| revocation::status(&pair[0], &pair[1], &trust.lists, now))
                .collect();
            let revoked = statuses.iter().any(|s| matches!(s, revocation::Revocation::Revoked { .. }));
            let revocation_list_of = match statuses.first() {
                Some(revocation::Revocation::Good { list_of }) => Some(*list_of),
                _ => None,
            };
            let state = if !checked.intact {
                SignatureState::Broken
            } else if chain.is_empty() {
                SignatureState::Untrusted
            } else if revoked {
                SignatureState::Revoked
            } else if !in_time {
                SignatureState::Expired
            } else {
                SignatureState::Valid
            };
            SignatureCheck {
                state,
                signer: certificate.holder,
                organisation: certificate.organisation,
                issuer: certificate.issuer,
                signed_at,
                reason: f.reason.clone(),
                changed_after,
                revocation_list_of,
                time_stamped_at,
            }
        })
        .collect())
}

/// `D:YYYYMMDDHHmmSS` with an optional offset (`+07'00'`, `Z`).
fn parse_pdf_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let padded = format!("{digits:0<14}");
    let local = NaiveDateTime::parse_from_str(&padded[..14], "%Y%m%d%H%M%S").ok()?;
    let rest = &text[digits.len()..];
    let offset_seconds = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<i32> = rest[1..].split(['\'', ':']).filter_map(|p| p.parse().ok()).collect();
            let seconds = nums.first().copied().unwrap_or(0) * 3600 + nums.get(1).copied().unwrap_or(0) * 60;
            if sign == '-' { -seconds } else { seconds }
        }
        _ => 0,
    };
    let offset = chrono::FixedOffset::east_opt(offset_seconds)?;
    offset.from_local_datetime(&local).single().map(|t| t.to_utc())
}

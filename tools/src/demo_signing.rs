//! The demo's signing folder: a certificate authority of its own (standing in for the
//! Government's CA), each issuing body's key for its seal and a key for each leader who
//! signs, as PKCS #12 files with their passwords beside them — the layout
//! `vanphong::signature::Keys` reads. Made once, when the demo is made; an Office installs
//! the files its CA issued. The same authority signs what the demo's other agencies send.

use chrono::{DateTime, Datelike, Utc};
use rcgen::{BasicConstraints, CertificateParams, DnType, DnValue, IsCa, KeyPair, KeyUsagePurpose};
use std::path::Path;
use vanphong::error::{CoreError, CoreResult};
use vanphong::signature::key::Signer;

fn failed(e: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(e.to_string()))
}

/// The demo's key files' password.
pub const PASSWORD: &str = "demo-ky-so-2026";

/// The demo's certificate authority.
pub struct DemoCa {
    key: KeyPair,
    cert: rcgen::Certificate,
    year: i32,
}

impl DemoCa {
    /// An authority named `name`, valid from a year before `now` for five years.
    pub fn new(name: &str, now: DateTime<Utc>) -> CoreResult<DemoCa> {
        let year = now.year();
        let key = KeyPair::generate().map_err(failed)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        dated(&mut params, year, name, "Văn phòng số — dữ liệu mẫu");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).map_err(failed)?;
        Ok(DemoCa { key, cert, year })
    }

    /// A PKCS #12 file (with [`PASSWORD`]) of a new signing key for `name` of `organisation`.
    pub fn key_file(&self, name: &str, organisation: &str) -> CoreResult<Vec<u8>> {
        let key = KeyPair::generate().map_err(failed)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        dated(&mut params, self.year, name, organisation);
        params.serial_number = Some(serial_of(name));
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
        // rcgen writes the extensions (key usage among them) only when one of these is set.
        params.is_ca = IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&key, &self.cert, &self.key).map_err(failed)?;
        self.pkcs12(&key, &cert)
    }

    /// The authority's revocation list as of `now` (PEM), revoking the certificates it
    /// issued to each of `holders` (by name) a day before: what a real authority publishes
    /// at the address its certificates name, and an Office keeps in `trust/`.
    pub fn revocation_list(&self, holders: &[&str], now: DateTime<Utc>) -> CoreResult<String> {
        let day = |at: DateTime<Utc>| rcgen::date_time_ymd(at.year(), at.month() as u8, at.day() as u8);
        let params = rcgen::CertificateRevocationListParams {
            this_update: day(now),
            next_update: day(now + chrono::Duration::days(7)),
            crl_number: rcgen::SerialNumber::from(now.timestamp().max(1) as u64),
            issuing_distribution_point: None,
            revoked_certs: holders
                .iter()
                .map(|name| rcgen::RevokedCertParams {
                    serial_number: serial_of(name),
                    revocation_time: day(now - chrono::Duration::days(1)),
                    reason_code: Some(rcgen::RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: rcgen::KeyIdMethod::Sha256,
        };
        params.signed_by(&self.cert, &self.key).and_then(|list| list.pem()).map_err(failed)
    }

    /// A PKCS #12 file (with [`PASSWORD`]) of an ordinary signing key for `name`, with the
    /// key `key_pem` (PKCS #8): a certificate that may sign documents, not time-stamps.
    pub fn key_file_from_pem(&self, name: &str, key_pem: &str) -> CoreResult<Vec<u8>> {
        self.leaf_from_pem(name, key_pem, Vec::new())
    }

    /// A PKCS #12 file (with [`PASSWORD`]) of a time-stamp authority named `name` with the
    /// key `key_pem` (PKCS #8; RSA, which authorities use and ring cannot make), its
    /// certificate for time-stamping only, as RFC 3161 wants.
    pub fn time_stamp_key_file(&self, name: &str, key_pem: &str) -> CoreResult<Vec<u8>> {
        self.leaf_from_pem(name, key_pem, vec![rcgen::ExtendedKeyUsagePurpose::TimeStamping])
    }

    fn leaf_from_pem(
        &self,
        name: &str,
        key_pem: &str,
        extended: Vec<rcgen::ExtendedKeyUsagePurpose>,
    ) -> CoreResult<Vec<u8>> {
        let key = KeyPair::from_pem(key_pem).map_err(failed)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        dated(&mut params, self.year, name, "Văn phòng số — dữ liệu mẫu");
        params.serial_number = Some(serial_of(name));
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
        params.extended_key_usages = extended;
        params.is_ca = IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&key, &self.cert, &self.key).map_err(failed)?;
        self.pkcs12(&key, &cert)
    }

    fn pkcs12(&self, key: &KeyPair, cert: &rcgen::Certificate) -> CoreResult<Vec<u8>> {
        let chain = [cert.der().to_vec(), self.cert.der().to_vec()]
            .iter()
            .map(|der| p12_keystore::Certificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed)?;
        let mut store = p12_keystore::KeyStore::new();
        let entry = p12_keystore::PrivateKeyChain::new(key.serialize_der(), [1u8; 20], chain);
        store.add_entry("key", p12_keystore::KeyStoreEntry::PrivateKeyChain(entry));
        store.writer(PASSWORD).write().map_err(failed)
    }

    /// A new signing key for `name` of `organisation`, in memory.
    pub fn signer(&self, name: &str, organisation: &str) -> CoreResult<Signer> {
        Signer::from_pkcs12(&self.key_file(name, organisation)?, PASSWORD)
    }
}

/// The serial number of the certificate the demo's authority issues to `name`: fixed by the
/// name (FNV-1a), so that a revocation list can name it.
fn serial_of(name: &str) -> rcgen::SerialNumber {
    let hash =
        name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    // Positive and never zero: the top bit cleared, one more.
    rcgen::SerialNumber::from((hash >> 1) + 1)
}

fn dated(params: &mut CertificateParams, year: i32, name: &str, organisation: &str) {
    params.not_before = rcgen::date_time_ymd(year - 1, 1, 1);
    params.not_after = rcgen::date_time_ymd(year + 4, 12, 31);
    params.distinguished_name.push(DnType::CommonName, DnValue::Utf8String(name.into()));
    params.distinguished_name.push(DnType::OrganizationName, DnValue::Utf8String(organisation.into()));
    params.distinguished_name.push(DnType::CountryName, "VN");
}

/// Make the signing folder `dir`: `trust/demo-ca.pem` and its revocation list
/// `trust/demo-ca.crl`, `seal-<body>.p12` for each
/// `(body, its name)`, and `people/<login>.p12` for each `(login, full name)`;
/// `organisation` is named in every certificate. Returns the authority.
pub fn make(
    dir: &Path,
    organisation: &str,
    seals: &[(&str, String)],
    people: &[(String, String)],
    now: DateTime<Utc>,
) -> CoreResult<DemoCa> {
    let ca = DemoCa::new("CA thử nghiệm Văn phòng số (demo)", now)?;
    std::fs::create_dir_all(dir.join("trust"))?;
    std::fs::create_dir_all(dir.join("people"))?;
    std::fs::write(dir.join("trust").join("demo-ca.pem"), ca.cert.pem())?;
    // Its revocation list, revoking nothing yet: signatures are checked against it.
    std::fs::write(dir.join("trust").join("demo-ca.crl"), ca.revocation_list(&[], now)?)?;
    let write = |file: &Path, name: &str| -> CoreResult<()> {
        std::fs::write(file, ca.key_file(name, organisation)?)?;
        std::fs::write(file.with_extension("pass"), PASSWORD)?;
        Ok(())
    };
    for (body, name) in seals {
        write(&dir.join(format!("seal-{body}.p12")), name)?;
    }
    for (login, name) in people {
        write(&dir.join("people").join(format!("{login}.p12")), name)?;
    }
    Ok(ca)
}

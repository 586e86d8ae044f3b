//! The demo's signing folder: a certificate authority of its own (standing in for the
//! Government's CA), the body's key for the seal and a key for each leader who signs, as
//! PKCS #12 files with their passwords beside them — the layout `vanphong::signature::Keys`
//! reads. Made once, when the demo is made; an Office installs the files its CA issued.

use chrono::{DateTime, Datelike, Utc};
use rcgen::{BasicConstraints, CertificateParams, DnType, DnValue, IsCa, KeyPair, KeyUsagePurpose};
use std::path::Path;
use vanphong::error::{CoreError, CoreResult};

fn failed(e: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(e.to_string()))
}

/// The demo's key files' password.
pub const PASSWORD: &str = "demo-ky-so-2026";

/// Make the signing folder `dir`: `trust/demo-ca.pem`, `body.p12` for `body`, and
/// `people/<login>.p12` for each `(login, full name)`, valid from a year before `now` for
/// five years.
pub fn make(dir: &Path, body: &str, people: &[(String, String)], now: DateTime<Utc>) -> CoreResult<()> {
    let year = now.year();
    let dated = |params: &mut CertificateParams, name: &str, organisation: &str| {
        params.not_before = rcgen::date_time_ymd(year - 1, 1, 1);
        params.not_after = rcgen::date_time_ymd(year + 4, 12, 31);
        params.distinguished_name.push(DnType::CommonName, DnValue::Utf8String(name.into()));
        params.distinguished_name.push(DnType::OrganizationName, DnValue::Utf8String(organisation.into()));
        params.distinguished_name.push(DnType::CountryName, "VN");
    };
    let ca_key = KeyPair::generate().map_err(failed)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    dated(&mut ca_params, "CA thử nghiệm Văn phòng số (demo)", "Văn phòng số — dữ liệu mẫu");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = ca_params.self_signed(&ca_key).map_err(failed)?;
    std::fs::create_dir_all(dir.join("trust"))?;
    std::fs::create_dir_all(dir.join("people"))?;
    std::fs::write(dir.join("trust").join("demo-ca.pem"), ca.pem())?;

    let issue = |name: &str, file: &Path| -> CoreResult<()> {
        let key = KeyPair::generate().map_err(failed)?;
        let mut params = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
        dated(&mut params, name, body);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
        // rcgen writes the extensions (key usage among them) only when one of these is set.
        params.is_ca = IsCa::ExplicitNoCa;
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&key, &ca, &ca_key).map_err(failed)?;
        let chain = [cert.der().to_vec(), ca.der().to_vec()]
            .iter()
            .map(|der| p12_keystore::Certificate::from_der(der))
            .collect::<Result<Vec<_>, _>>()
            .map_err(failed)?;
        let mut store = p12_keystore::KeyStore::new();
        let entry = p12_keystore::PrivateKeyChain::new(key.serialize_der(), [1u8; 20], chain);
        store.add_entry("key", p12_keystore::KeyStoreEntry::PrivateKeyChain(entry));
        std::fs::write(file, store.writer(PASSWORD).write().map_err(failed)?)?;
        std::fs::write(file.with_extension("pass"), PASSWORD)?;
        Ok(())
    };
    issue(body, &dir.join("body.p12"))?;
    for (login, name) in people {
        issue(name, &dir.join("people").join(format!("{login}.p12")))?;
    }
    Ok(())
}

//! A key that signs: the private key and certificate chain of a PKCS #12 file, and the
//! names a certificate gives its holder.

use crate::error::{CoreError, CoreResult};
use ::cms::cert::x509::Certificate;
use chrono::{DateTime, Utc};
use der::Decode;
use der::asn1::ObjectIdentifier as Oid;
use ring::signature as sig;
use serde::{Deserialize, Serialize};
use spki::AlgorithmIdentifierOwned;
use ts_rs::TS;

pub(super) const RSA_SHA256: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
pub(super) const ECDSA_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");

/// A key that signs, with its certificate chain (the signer's first).
pub struct Signer {
    pub(crate) key: Key,
    pub(crate) chain: Vec<Vec<u8>>,
    /// The certificate's common name (the person's, or the body's).
    pub name: String,
    /// The time-stamp authority that stamps each signature, when the Office has one.
    pub(crate) stamper: Option<std::sync::Arc<dyn super::stamper::TimeStamper>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("name", &self.name).finish_non_exhaustive()
    }
}

impl Signer {
    /// This key, its signatures time-stamped by `stamper`.
    pub fn stamped_by(mut self, stamper: Option<std::sync::Arc<dyn super::stamper::TimeStamper>>) -> Signer {
        self.stamper = stamper;
        self
    }

    /// The key and chain of a PKCS #12 file opened with `password`.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> CoreResult<Signer> {
        let wrong = || {
            CoreError::invalid(
                "file",
                "Tệp khóa (PKCS #12) không mở được: sai mật khẩu hoặc tệp hỏng.",
                "The key file (PKCS #12) cannot be opened: wrong password or a damaged file.",
            )
        };
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|_| wrong())?;
        let (_, entry) = store.private_key_chain().ok_or_else(wrong)?;
        let key = Key::from_pkcs8(entry.key()).ok_or_else(|| {
            CoreError::invalid(
                "file",
                "Khóa trong tệp không phải RSA hay ECDSA P-256.",
                "The key in the file is neither RSA nor ECDSA P-256.",
            )
        })?;
        let chain: Vec<Vec<u8>> = entry.chain().iter().map(|c| c.as_der().to_vec()).collect();
        let leaf = chain.first().and_then(|c| Certificate::from_der(c).ok()).ok_or_else(wrong)?;
        // The file's first certificate must be the key's own.
        let public = leaf.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes();
        if public != key.public() {
            return Err(CoreError::invalid(
                "file",
                "Chứng thư trong tệp không phải của khóa trong tệp.",
                "The certificate in the file is not the key's own.",
            ));
        }
        Ok(Signer { key, name: CertificateInfo::of(&leaf).holder, chain, stamper: None })
    }

    /// What the key's certificate says: whose it is, who issued it, for how long.
    pub fn certificate(&self) -> Option<CertificateInfo> {
        Certificate::from_der(self.chain.first()?).ok().map(|c| CertificateInfo::of(&c))
    }

    /// Refuse to sign at `at` with a certificate that is not valid then: what it signed
    /// would not verify.
    pub(crate) fn valid_at(&self, at: DateTime<Utc>) -> CoreResult<()> {
        match self.certificate() {
            Some(certificate) if certificate.valid_at(at) => Ok(()),
            _ => Err(CoreError::conflict(
                format!("Chứng thư số của {} đã hết hạn hoặc chưa có hiệu lực: không ký được.", self.name),
                format!("The certificate of {} has expired or is not yet valid: it cannot sign.", self.name),
            )),
        }
    }
}

/// What a certificate says of its holder, its issuer and its validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    /// The subject's common name (a person, or a body for its seal).
    pub holder: String,
    pub organisation: Option<String>,
    /// The issuing authority's common name.
    pub issuer: String,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
}

impl CertificateInfo {
    pub(crate) fn of(cert: &Certificate) -> CertificateInfo {
        let tbs = &cert.tbs_certificate;
        let time = |t: &x509_cert::time::Time| {
            DateTime::<Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0).unwrap_or_default()
        };
        CertificateInfo {
            holder: named(&tbs.subject, CN).unwrap_or_else(|| tbs.subject.to_string()),
            organisation: named(&tbs.subject, O),
            issuer: named(&tbs.issuer, CN).unwrap_or_else(|| tbs.issuer.to_string()),
            valid_from: time(&tbs.validity.not_before),
            valid_until: time(&tbs.validity.not_after),
        }
    }

    /// The certificate is valid at `at`.
    pub fn valid_at(&self, at: DateTime<Utc>) -> bool {
        self.valid_from <= at && at <= self.valid_until
    }
}

const CN: Oid = Oid::new_unwrap("2.5.4.3");
const O: Oid = Oid::new_unwrap("2.5.4.10");

/// The common name in `name`.
pub(crate) fn common_name(name: &x509_cert::name::Name) -> Option<String> {
    named(name, CN)
}

/// The value of the attribute `oid` (common name, organisation) in the name `name`.
fn named(name: &x509_cert::name::Name, oid: Oid) -> Option<String> {
    name.0.iter().flat_map(|rdn| rdn.0.iter()).find(|a| a.oid == oid).map(|a| {
        let value = &a.value;
        der::asn1::Utf8StringRef::try_from(value)
            .map(|s| s.as_str().to_string())
            .or_else(|_| der::asn1::PrintableStringRef::try_from(value).map(|s| s.as_str().to_string()))
            .unwrap_or_else(|_| String::from_utf8_lossy(value.value()).into_owned())
    })
}

/// A private key that signs: RSA (PKCS #1 v1.5, SHA-256) or ECDSA P-256, from PKCS #8.
pub(crate) enum Key {
    Rsa(sig::RsaKeyPair),
    Ecdsa(sig::EcdsaKeyPair),
}

impl Key {
    pub(crate) fn from_pkcs8(der: &[u8]) -> Option<Key> {
        if let Ok(key) = sig::RsaKeyPair::from_pkcs8(der) {
            return Some(Key::Rsa(key));
        }
        let rng = ring::rand::SystemRandom::new();
        sig::EcdsaKeyPair::from_pkcs8(&sig::ECDSA_P256_SHA256_ASN1_SIGNING, der, &rng).ok().map(Key::Ecdsa)
    }

    /// The public key, as the certificate must carry it.
    pub(crate) fn public(&self) -> &[u8] {
        use ring::signature::KeyPair;
        match self {
            Key::Rsa(k) => k.public_key().as_ref(),
            Key::Ecdsa(k) => k.public_key().as_ref(),
        }
    }

    pub(crate) fn sign(&self, message: &[u8]) -> CoreResult<(Vec<u8>, AlgorithmIdentifierOwned)> {
        let rng = ring::rand::SystemRandom::new();
        let failed = |_| CoreError::Io(std::io::Error::other("the signing key refused to sign"));
        match self {
            Key::Rsa(key) => {
                let mut out = vec![0; key.public().modulus_len()];
                key.sign(&sig::RSA_PKCS1_SHA256, &rng, message, &mut out).map_err(failed)?;
                Ok((
                    out,
                    AlgorithmIdentifierOwned {
                        oid: RSA_SHA256,
                        parameters: Some(der::Any::from(der::asn1::Null)),
                    },
                ))
            }
            Key::Ecdsa(key) => {
                let out = key.sign(&rng, message).map_err(failed)?;
                Ok((out.as_ref().to_vec(), AlgorithmIdentifierOwned { oid: ECDSA_SHA256, parameters: None }))
            }
        }
    }
}

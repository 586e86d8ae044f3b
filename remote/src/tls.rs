//! The server's certificate, checked twice: it must chain to the Office's CA file (when
//! the workstation has one) or to the system's trust store, and it must be the
//! certificate this workstation trusted before. A certificate that changes is refused,
//! never silently accepted: someone accepts the new one explicitly, after checking with
//! the Office's IT.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A certificate's SHA-256, as people compare them: `AB:CD:…` (32 pairs).
pub fn fingerprint(certificate: &[u8]) -> String {
    let digest = Sha256::digest(certificate);
    digest.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// Why a certificate was refused, in words for people (vi, en).
pub fn refusal(error: &rustls::Error) -> (String, String) {
    use rustls::CertificateError as E;
    let (vi, en) = match error {
        rustls::Error::InvalidCertificate(E::UnknownIssuer) => {
            ("do một nơi cấp mà máy này không biết cấp", "issued by an authority this computer does not know")
        }
        rustls::Error::InvalidCertificate(E::NotValidForName | E::NotValidForNameContext { .. }) => {
            ("không cấp cho tên máy chủ này", "not issued for this server's name")
        }
        rustls::Error::InvalidCertificate(E::Expired | E::ExpiredContext { .. }) => ("đã hết hạn", "expired"),
        rustls::Error::InvalidCertificate(E::NotValidYet | E::NotValidYetContext { .. }) => {
            ("chưa đến ngày có hiệu lực", "not valid yet")
        }
        rustls::Error::InvalidCertificate(E::Revoked) => ("đã bị thu hồi", "revoked"),
        other => return (other.to_string(), other.to_string()),
    };
    (vi.to_string(), en.to_string())
}

/// What the last handshake showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// The fingerprint of the certificate the server showed, when it chained to a trusted root.
    pub offered: Option<String>,
}

/// The certificate a workstation trusts for its server. Empty until the first
/// connection, which fills it (trust on first use, after the chain is checked).
pub type Pin = Arc<Mutex<Option<String>>>;

#[derive(Debug)]
struct Pinned {
    chain: Arc<dyn ServerCertVerifier>,
    pin: Pin,
    seen: Arc<Mutex<Seen>>,
}

/// The message of a refused changed certificate, recognised again by the caller.
pub const CHANGED: &str = "vanphong: the server's certificate changed";

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let checked =
            self.chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        let mut seen = self.seen.lock().expect("seen lock");
        if let Err(error) = checked {
            *seen = Seen { offered: None };
            return Err(error);
        }
        let offered = fingerprint(end_entity);
        *seen = Seen { offered: Some(offered.clone()) };
        let mut pin = self.pin.lock().expect("pin lock");
        match pin.as_ref() {
            Some(pinned) if *pinned != offered => Err(rustls::Error::General(CHANGED.into())),
            Some(_) => Ok(ServerCertVerified::assertion()),
            None => {
                *pin = Some(offered);
                Ok(ServerCertVerified::assertion())
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.chain.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.chain.supported_verify_schemes()
    }
}

/// The roots a certificate must chain to: the Office's CA file alone when given, else the
/// system's trust store.
fn roots(ca_file: Option<&Path>) -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certificates = CertificateDer::pem_file_iter(path)
                .and_then(|all| all.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if certificates.is_empty() {
                return Err(format!("{}: no certificate", path.display()));
            }
            for certificate in certificates {
                roots.add(certificate).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _ignored) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err("the system's trust store is empty".into());
            }
        }
    }
    Ok(roots)
}

/// A client configuration that checks the chain against `ca_file` (or the system) and
/// the certificate against `pin`, recording what it saw in the returned cell.
pub fn client_config(
    ca_file: Option<&Path>,
    pin: Pin,
) -> Result<(Arc<rustls::ClientConfig>, Arc<Mutex<Seen>>), String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots(ca_file)?),
        provider.clone(),
    )
    .build()
    .map_err(|e| e.to_string())?;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let verifier = Pinned { chain, pin, seen: seen.clone() };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok((Arc::new(config), seen))
}

//! Revocation by certificate revocation lists (RFC 5280 §5): the lists the Office keeps
//! beside its trusted authorities (`trust/*.crl`, DER or PEM, as the authorities publish
//! them at the address their certificates name), each taken only when the authority that
//! issued the certificate signed it. A certificate on its authority's list is revoked; one
//! whose authority has no list here is said not to have been checked, with no guess.

use super::cms::signed_by;
use ::cms::cert::x509::Certificate;
use ::cms::cert::x509::crl::CertificateList;
use chrono::{DateTime, Utc};
use der::{Decode, Encode};

/// What the lists say of one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// Not on the list its authority issued at this time.
    Good { list_of: DateTime<Utc> },
    /// On it, revoked at this time.
    Revoked { at: DateTime<Utc> },
    /// No list of its authority is kept (or none its authority signed).
    Unknown,
}

/// The revocation lists in `bytes` (one DER list, or PEM blocks).
pub fn lists_in(bytes: &[u8]) -> Vec<Vec<u8>> {
    if CertificateList::from_der(bytes).is_ok() {
        return vec![bytes.to_vec()];
    }
    super::pem::blocks(bytes, "X509 CRL")
        .into_iter()
        .filter(|der| CertificateList::from_der(der).is_ok())
        .collect()
}

/// A revocation list the Office keeps, as the administrator checks it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ListInfo {
    /// The common name of the authority that issued it.
    pub issuer: String,
    pub this_update: DateTime<Utc>,
    pub next_update: Option<DateTime<Utc>>,
    /// How many certificates it revokes.
    pub revoked: u32,
    /// Past its next update: the authority has published a newer one to fetch.
    pub stale: bool,
}

/// Whether the list `der` was signed by one of `anchors` (an authority the Office trusts).
pub fn signed_by_one_of(der: &[u8], anchors: &[Certificate]) -> bool {
    let Ok(list) = CertificateList::from_der(der) else { return false };
    let (Ok(tbs), Some(signature)) = (list.tbs_cert_list.to_der(), list.signature.as_bytes()) else {
        return false;
    };
    anchors.iter().any(|anchor| {
        anchor.tbs_certificate.subject == list.tbs_cert_list.issuer
            && signed_by(&tbs, &list.signature_algorithm.oid, signature, anchor)
    })
}

/// What the list `der` is, judged at `now`.
pub fn info(der: &[u8], now: DateTime<Utc>) -> Option<ListInfo> {
    let list = CertificateList::from_der(der).ok()?;
    let tbs = &list.tbs_cert_list;
    let next_update = tbs.next_update.as_ref().map(instant);
    Some(ListInfo {
        issuer: super::key::common_name(&tbs.issuer).unwrap_or_else(|| tbs.issuer.to_string()),
        this_update: instant(&tbs.this_update),
        next_update,
        revoked: tbs.revoked_certificates.as_ref().map_or(0, |r| r.len() as u32),
        stale: next_update.is_some_and(|next| next < now),
    })
}

fn instant(time: &::cms::cert::x509::time::Time) -> DateTime<Utc> {
    DateTime::<Utc>::from(time.to_system_time())
}

/// What `lists` (DER) say of `cert`, issued by `issuer`, at `now`: the newest list
/// `issuer` signed for it decides. A certificate on it is revoked; one not on it is good
/// only while the list is current (before its next update): an out-of-date list cannot
/// say a certificate was not revoked since.
pub fn status(cert: &Certificate, issuer: &Certificate, lists: &[Vec<u8>], now: DateTime<Utc>) -> Revocation {
    let newest = lists
        .iter()
        .filter_map(|der| CertificateList::from_der(der).ok())
        .filter(|list| list.tbs_cert_list.issuer == cert.tbs_certificate.issuer)
        .filter(|list| {
            let (Ok(tbs), Some(signature)) = (list.tbs_cert_list.to_der(), list.signature.as_bytes()) else {
                return false;
            };
            signed_by(&tbs, &list.signature_algorithm.oid, signature, issuer)
        })
        .max_by_key(|list| instant(&list.tbs_cert_list.this_update));
    let Some(list) = newest else { return Revocation::Unknown };
    let serial = &cert.tbs_certificate.serial_number;
    match list.tbs_cert_list.revoked_certificates.iter().flatten().find(|r| &r.serial_number == serial) {
        Some(revoked) => Revocation::Revoked { at: instant(&revoked.revocation_date) },
        None if list.tbs_cert_list.next_update.as_ref().is_some_and(|next| instant(next) < now) => {
            Revocation::Unknown
        }
        None => Revocation::Good { list_of: instant(&list.tbs_cert_list.this_update) },
    }
}

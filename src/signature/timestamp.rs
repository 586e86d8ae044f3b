//! Signature time-stamps (RFC 3161; PAdES B-T): when the Office configures a time-stamp
//! authority, each signature's value is stamped by it and the token travels inside the
//! signature (the unsigned attribute `signatureTimeStampToken`). A stamp proves the
//! signature existed at its time, so a certificate valid then keeps the signature valid
//! after it expires — the signer's own `/M` proves nothing.
//!
//! The core builds the query and reads the answer; how the query reaches the authority
//! (HTTP, by the office server) is the caller's [`TimeStamper`].

use super::cms;
use super::stamper::TimeStamper;
use crate::error::{CoreError, CoreResult};
use ::cms::cert::x509::Certificate;
use chrono::{DateTime, Utc};
use der::asn1::{Int, OctetString};
use der::{Decode, Encode};
use spki::AlgorithmIdentifier;
use x509_tsp::{MessageImprint, TimeStampReq, TimeStampResp, TspVersion, TstInfo};

const SHA256: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

fn refused(what: impl std::fmt::Display) -> CoreError {
    CoreError::Io(std::io::Error::other(format!("time-stamp authority: {what}")))
}

fn imprint(signature_value: &[u8]) -> CoreResult<MessageImprint> {
    let digest = ring::digest::digest(&ring::digest::SHA256, signature_value);
    Ok(MessageImprint {
        hash_algorithm: AlgorithmIdentifier { oid: SHA256, parameters: None },
        hashed_message: OctetString::new(digest.as_ref()).map_err(refused)?,
    })
}

/// The authority's token for `signature_value` (a DER `ContentInfo`), checked to stamp
/// exactly that value and to answer this query (its nonce).
pub(super) fn token(stamper: &dyn TimeStamper, signature_value: &[u8]) -> CoreResult<Vec<u8>> {
    let mut nonce = [0u8; 8];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut nonce)
        .map_err(|_| refused("no nonce"))?;
    nonce[0] &= 0x7f;
    nonce[0] |= 0x01;
    let nonce = Int::new(&nonce).map_err(refused)?;
    let query = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: imprint(signature_value)?,
        req_policy: None,
        nonce: Some(nonce.clone()),
        cert_req: true,
        extensions: None,
    };
    let answer = stamper.ask(&query.to_der().map_err(refused)?)?;
    let response = TimeStampResp::from_der(&answer).map_err(refused)?;
    use cmpv2::status::PkiStatus;
    if !matches!(response.status.status, PkiStatus::Accepted | PkiStatus::GrantedWithMods) {
        return Err(refused(format!("refused ({:?})", response.status.status)));
    }
    let token = response.time_stamp_token.ok_or_else(|| refused("no token"))?;
    let token = token.to_der().map_err(refused)?;
    let info = tst_info(&token).ok_or_else(|| refused("unreadable token"))?;
    if info.message_imprint != query.message_imprint || info.nonce != Some(nonce) {
        return Err(refused("the token stamps something else"));
    }
    Ok(token)
}

fn tst_info(token: &[u8]) -> Option<TstInfo> {
    let (_, content) = cms::check_encapsulated(token).ok()?;
    read_tst_info(&content).map(|(info, _)| info)
}

/// The `TSTInfo` in `content` and its time. RFC 3161 lets `genTime` carry fractions of a
/// second (most authorities write milliseconds), which DER's `GeneralizedTime` type here
/// refuses: the time is read from the text, and the structure from a copy whose time has
/// its fraction cut (what was signed is checked over the original bytes, not this copy).
fn read_tst_info(content: &[u8]) -> Option<(TstInfo, DateTime<Utc>)> {
    use der::{Any, Reader, Tag, Tagged};
    let sequence = Any::from_der(content).ok()?;
    let mut reader = der::SliceReader::new(sequence.value()).ok()?;
    let mut at = None;
    let mut inner = Vec::new();
    while !reader.is_finished() {
        let item: Any = reader.decode().ok()?;
        if item.tag() == Tag::GeneralizedTime && at.is_none() {
            let text = std::str::from_utf8(item.value()).ok()?;
            let whole = text.trim_end_matches('Z').split(['.', ',']).next()?;
            let time = chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").ok()?;
            at = Some(time.and_utc());
            let cut = Any::new(Tag::GeneralizedTime, format!("{whole}Z").into_bytes()).ok()?;
            inner.extend(cut.to_der().ok()?);
        } else {
            inner.extend(item.to_der().ok()?);
        }
    }
    let copy = Any::new(Tag::Sequence, inner).ok()?.to_der().ok()?;
    Some((TstInfo::from_der(&copy).ok()?, at?))
}

/// When `token` says `signature_value` existed, if the token is intact, stamps exactly
/// that value, and comes from a time-stamp authority: a certificate for time-stamping
/// (RFC 3161 §2.3), valid at the stamped time, leading to one of `anchors`, and not on
/// its authority's revocation list among `lists`.
pub(super) fn stamped_at(
    token: &[u8],
    signature_value: &[u8],
    anchors: &[Certificate],
    lists: &[Vec<u8>],
) -> Option<DateTime<Utc>> {
    const EXTENDED_KEY_USAGE: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("2.5.29.37");
    const TIME_STAMPING: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
    let (checked, content) = cms::check_encapsulated(token).ok()?;
    let (info, at) = read_tst_info(&content)?;
    if !checked.intact || info.message_imprint != imprint(signature_value).ok()? {
        return None;
    }
    let usage = cms::extension::<::cms::cert::x509::ext::pkix::ExtendedKeyUsage>(
        &checked.signer,
        EXTENDED_KEY_USAGE,
    )?;
    if !usage.0.contains(&TIME_STAMPING) {
        return None;
    }
    if !super::key::CertificateInfo::of(&checked.signer).valid_at(at) {
        return None;
    }
    let chain = cms::chain(&checked.signer, &checked.carried, anchors);
    let revoked = chain.windows(2).any(|pair| {
        matches!(
            super::revocation::status(&pair[0], &pair[1], lists, at),
            super::revocation::Revocation::Revoked { .. }
        )
    });
    (!chain.is_empty() && !revoked).then_some(at)
}

//! The signature inside a signed PDF: a detached CMS `SignedData` (RFC 5652) as PAdES
//! baseline B-B wants it (ETSI EN 319 142-1): SHA-256, the signed attributes content type,
//! message digest and ESS signing-certificate-v2, the signer's chain carried along, no
//! signing time (the PDF's `/M` says when).
//!
//! Built and read with the RustCrypto `cms` and `x509-cert` types; the signature itself
//! is computed and checked with `ring`, which already signs the server's TLS.

use super::key::{ECDSA_SHA256, RSA_SHA256, Signer};
use crate::error::{CoreError, CoreResult};
use cms::cert::IssuerAndSerialNumber;
use cms::cert::x509::Certificate;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use ring::signature as sig;
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SIGNATURE_TIME_STAMP_TOKEN: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.14");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const RSA_SHA1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.5");
const RSA_SHA384: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const RSA_SHA512: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ECDSA_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");

fn broken(what: impl std::fmt::Display) -> CoreError {
    CoreError::invalid(
        "signature",
        format!("Chữ ký số không đọc được: {what}."),
        format!("The digital signature cannot be read: {what}."),
    )
}

fn der_err(e: der::Error) -> CoreError {
    broken(e)
}

fn algorithm(oid: Oid, null_parameters: bool) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid, parameters: null_parameters.then(|| Any::from(der::asn1::Null)) }
}

fn attribute(oid: Oid, value: Any) -> CoreResult<Attribute> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value]).map_err(der_err)? })
}

/// The detached CMS signature of `digest` (SHA-256 of the PDF's signed bytes) by `signer`,
/// with the time-stamp token `stamp` gives for its value, when it gives one.
pub(super) fn sign(
    signer: &Signer,
    digest: &[u8],
    stamp: impl FnOnce(&[u8]) -> Option<Vec<u8>>,
) -> CoreResult<Vec<u8>> {
    let leaf = Certificate::from_der(&signer.chain[0]).map_err(der_err)?;
    let leaf_hash = ring::digest::digest(&ring::digest::SHA256, &signer.chain[0]);
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, each
    // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING } (SHA-256, the default).
    let ess = {
        let hash = OctetString::new(leaf_hash.as_ref()).map_err(der_err)?.to_der().map_err(der_err)?;
        let id = wrap(0x30, &hash);
        let certs = wrap(0x30, &id);
        wrap(0x30, &certs)
    };
    let signed_attributes: SetOfVec<Attribute> = SetOfVec::try_from(vec![
        attribute(CONTENT_TYPE, Any::from(&ID_DATA))?,
        attribute(
            MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(der_err)?).map_err(der_err)?,
        )?,
        attribute(SIGNING_CERTIFICATE_V2, Any::from_der(&ess).map_err(der_err)?)?,
    ])
    .map_err(der_err)?;
    let to_sign = signed_attributes.to_der().map_err(der_err)?;
    let (signature, signature_algorithm) = signer.key.sign(&to_sign)?;
    let unsigned_attrs = match stamp(&signature) {
        Some(token) => {
            let token = Any::from_der(&token).map_err(der_err)?;
            Some(SetOfVec::try_from(vec![attribute(SIGNATURE_TIME_STAMP_TOKEN, token)?]).map_err(der_err)?)
        }
        None => None,
    };
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate.issuer.clone(),
            serial_number: leaf.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: algorithm(SHA256, false),
        signed_attrs: Some(signed_attributes),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(der_err)?,
        unsigned_attrs,
    };
    let certificates = signer
        .chain
        .iter()
        .map(|c| Certificate::from_der(c).map(cms::cert::CertificateChoices::Certificate))
        .collect::<Result<Vec<_>, _>>()
        .map_err(der_err)?;
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(SHA256, false)]).map_err(der_err)?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates).map_err(der_err)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(der_err)?),
    };
    let content =
        ContentInfo { content_type: ID_SIGNED_DATA, content: Any::encode_from(&data).map_err(der_err)? };
    content.to_der().map_err(der_err)
}

/// `content` under a DER tag (definite length).
fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// What a CMS signature says of itself, checked against the bytes it signs.
pub(super) struct Checked {
    /// The signer's certificate and the others the signature carries.
    pub signer: Certificate,
    pub carried: Vec<Certificate>,
    /// The digest of the signed bytes is the one signed, and the signature is the key's.
    pub intact: bool,
    /// The signature's value, and the time-stamp token over it when it carries one.
    pub value: Vec<u8>,
    pub time_stamp: Option<Vec<u8>>,
}

/// Read the detached signature `cms` and check it against `signed` (the bytes its
/// ByteRange covers).
pub(super) fn check(cms_der: &[u8], signed: &[&[u8]]) -> CoreResult<Checked> {
    // The /Contents placeholder is padded with zeros after the DER.
    check_data(signed_data(trim_padding(cms_der)?)?, signed)
}

/// Read a `SignedData` that carries its content (a time-stamp token and its `TSTInfo`),
/// check it over that content, and give the content.
pub(super) fn check_encapsulated(cms_der: &[u8]) -> CoreResult<(Checked, Vec<u8>)> {
    let data = signed_data(cms_der)?;
    let content = data
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|any| any.decode_as::<OctetString>().ok())
        .ok_or_else(|| broken("no content"))?
        .as_bytes()
        .to_vec();
    Ok((check_data(data, &[&content])?, content))
}

fn signed_data(cms_der: &[u8]) -> CoreResult<SignedData> {
    let content = ContentInfo::from_der(cms_der).map_err(der_err)?;
    if content.content_type != ID_SIGNED_DATA {
        return Err(broken("không phải SignedData / not SignedData"));
    }
    content.content.decode_as().map_err(der_err)
}

fn check_data(data: SignedData, signed: &[&[u8]]) -> CoreResult<Checked> {
    let carried: Vec<Certificate> = data
        .certificates
        .map(|set| {
            set.0
                .into_vec()
                .into_iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let info = data.signer_infos.0.into_vec().into_iter().next().ok_or_else(|| broken("no signer"))?;
    let signer = carried
        .iter()
        .find(|c| match &info.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                subject_key_id(c).is_some_and(|k| k == ski.0.as_bytes())
            }
        })
        .cloned()
        .ok_or_else(|| {
            broken("chứng thư của người ký không có trong chữ ký / the signer's certificate is missing")
        })?;
    let digest_algorithm = match info.digest_alg.oid {
        SHA256 => &ring::digest::SHA256,
        SHA384 => &ring::digest::SHA384,
        SHA512 => &ring::digest::SHA512,
        SHA1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        other => return Err(broken(format!("thuật toán băm {other} / digest {other}"))),
    };
    let mut context = ring::digest::Context::new(digest_algorithm);
    for part in signed {
        context.update(part);
    }
    let digest = context.finish();
    let (message, digest_matches) = match &info.signed_attrs {
        Some(attributes) => {
            let signed_digest = attributes
                .iter()
                .find(|a| a.oid == MESSAGE_DIGEST)
                .and_then(|a| a.values.get(0))
                .and_then(|v| v.decode_as::<OctetString>().ok());
            let matches = signed_digest.is_some_and(|d| d.as_bytes() == digest.as_ref());
            (attributes.to_der().map_err(der_err)?, matches)
        }
        None => (digest.as_ref().to_vec(), true),
    };
    let verified = digest_matches
        && verify(
            &signer,
            &info.signature_algorithm.oid,
            digest_algorithm,
            &message,
            info.signature.as_bytes(),
        );
    let time_stamp = info
        .unsigned_attrs
        .as_ref()
        .and_then(|attributes| attributes.iter().find(|a| a.oid == SIGNATURE_TIME_STAMP_TOKEN))
        .and_then(|a| a.values.get(0))
        .and_then(|v| v.to_der().ok());
    Ok(Checked { signer, carried, intact: verified, value: info.signature.as_bytes().to_vec(), time_stamp })
}

/// The DER at the start of `bytes`, without the zeros that pad it to its placeholder.
fn trim_padding(bytes: &[u8]) -> CoreResult<&[u8]> {
    use der::Reader;
    let mut reader = der::SliceReader::new(bytes).map_err(der_err)?;
    let header = der::Header::decode(&mut reader).map_err(der_err)?;
    let total = (reader.position() + header.length).map_err(der_err)?;
    bytes.get(..usize::try_from(total).map_err(der_err)?).ok_or_else(|| broken("cắt cụt / truncated"))
}

fn subject_key_id(cert: &Certificate) -> Option<Vec<u8>> {
    const SKI: Oid = Oid::new_unwrap("2.5.29.14");
    let extension = cert.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id == SKI)?;
    OctetString::from_der(extension.extn_value.as_bytes()).ok().map(|k| k.as_bytes().to_vec())
}

/// `signature` over `message` by the key of `cert`, with the algorithm named `oid` (an
/// RSA signature names either "rsaEncryption" and the digest separately, or both).
pub(super) fn verify(
    cert: &Certificate,
    oid: &Oid,
    digest: &'static ring::digest::Algorithm,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let Some(key) = spki.subject_public_key.as_bytes() else { return false };
    let sha = |d: &ring::digest::Algorithm| {
        if d == &ring::digest::SHA256 {
            256
        } else if d == &ring::digest::SHA384 {
            384
        } else if d == &ring::digest::SHA512 {
            512
        } else {
            1
        }
    };
    let algorithm: &dyn sig::VerificationAlgorithm = match (*oid, sha(digest)) {
        (RSA_SHA256, _) | (RSA, 256) => &sig::RSA_PKCS1_2048_8192_SHA256,
        (RSA_SHA384, _) | (RSA, 384) => &sig::RSA_PKCS1_2048_8192_SHA384,
        (RSA_SHA512, _) | (RSA, 512) => &sig::RSA_PKCS1_2048_8192_SHA512,
        (RSA_SHA1, _) | (RSA, 1) => &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
        (ECDSA_SHA256, _) | (EC_PUBLIC_KEY, 256) => &sig::ECDSA_P256_SHA256_ASN1,
        (ECDSA_SHA384, _) | (EC_PUBLIC_KEY, 384) => &sig::ECDSA_P384_SHA384_ASN1,
        _ => return false,
    };
    sig::UnparsedPublicKey::new(algorithm, key).verify(message, signature).is_ok()
}

/// Whether `issuer` signed `cert`.
pub(super) fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    let Some(signature) = cert.signature.as_bytes() else { return false };
    signed_by(&tbs, &cert.signature_algorithm.oid, signature, issuer)
}

/// Whether `issuer`'s key made `signature` over the DER `tbs` with the algorithm named
/// `oid` (a certificate's or a revocation list's own signature).
pub(super) fn signed_by(tbs: &[u8], oid: &Oid, signature: &[u8], issuer: &Certificate) -> bool {
    let digest = match *oid {
        RSA_SHA384 | ECDSA_SHA384 => &ring::digest::SHA384,
        RSA_SHA512 => &ring::digest::SHA512,
        RSA_SHA1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        _ => &ring::digest::SHA256,
    };
    verify(issuer, oid, digest, tbs, signature)
}

/// The chain from `cert`, through the certificates carried with it, to one of `anchors`
/// (the anchor last); empty when it leads to none.
pub(super) fn chain(
    cert: &Certificate,
    carried: &[Certificate],
    anchors: &[Certificate],
) -> Vec<Certificate> {
    let mut chain = vec![cert.clone()];
    for _ in 0..8 {
        let current = chain.last().cloned().unwrap_or_else(|| cert.clone());
        let Ok(der) = current.to_der() else { return Vec::new() };
        if anchors.iter().any(|a| a.to_der().is_ok_and(|a| a == der)) {
            return chain;
        }
        if let Some(anchor) = anchors.iter().find(|a| issued_by(&current, a)) {
            chain.push(anchor.clone());
            return chain;
        }
        // Only an authority issues certificates: a carried certificate that is not one
        // (no basic constraints saying so) leads nowhere.
        match carried
            .iter()
            .find(|c| c.to_der().ok() != Some(der.clone()) && is_ca(c) && issued_by(&current, c))
        {
            Some(issuer) => chain.push(issuer.clone()),
            None => return Vec::new(),
        }
    }
    Vec::new()
}

/// The extension `oid` of `cert`, decoded.
pub(super) fn extension<T: for<'a> Decode<'a>>(cert: &Certificate, oid: Oid) -> Option<T> {
    let extension = cert.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id == oid)?;
    T::from_der(extension.extn_value.as_bytes()).ok()
}

/// Whether `cert` is a certificate authority's (basic constraints, cA).
fn is_ca(cert: &Certificate) -> bool {
    const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
    extension::<x509_cert::ext::pkix::BasicConstraints>(cert, BASIC_CONSTRAINTS).is_some_and(|b| b.ca)
}

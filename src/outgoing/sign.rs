//! The digital signatures of an outgoing document (Decree 30 Articles 8 and 13, Annex I):
//! the signer's, when they sign in the review flow, over the page they approve (their
//! signature's blue mark drawn, no number or date yet); then the issuing body's (the
//! seal), when the clerk issues the document electronically, appended as a later
//! revision whose widgets show what issuing adds — the number, the date, the red seal and
//! the body's line — so that the signer's signature stays valid under it. Each signed
//! file is kept in the attachment store; the sealed one is the electronic original that
//! leaves over the axis and that the document's page gives to download.
//!
//! The keys are the ones the Office's server keeps for its signers and bodies (the
//! signing folder); a signer without a key signs on paper only.

use super::OutgoingId;
use crate::attachments::AttachmentStore;
use crate::audit::{ObjectRef, Writer, said};
use crate::error::{CoreError, CoreResult, Message};
use crate::pdf::official::{Layer, render_layer};
use crate::register::Issuer;
use crate::settings::Organisation;
use crate::signature::Keys;
use crate::signature::pdf::{Appearance, Mark, sign, sign_visibly};
use crate::vocabulary::{Actor, ObjectKind};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// What signing needs besides the database: the keys, where signed files are kept, and
/// the Office (its place, on every signature).
pub struct Signing<'a> {
    pub keys: &'a Keys,
    pub store: &'a AttachmentStore,
    pub organisation: &'a Organisation,
}

/// What `signed_file` holds for a document signed before the flow signed digitally
/// (migration 0035): it is signed digitally when it is first sent over the axis, as it
/// was then.
const SIGNED_BEFORE: &str = "";

/// The signed files of `id`: the signer's and the sealed one (SHA-256 in the store); the
/// signer's is [`SIGNED_BEFORE`] for a document signed before the flow signed digitally.
pub fn files(conn: &Connection, id: OutgoingId) -> CoreResult<(Option<String>, Option<String>)> {
    Ok(conn.query_row("SELECT signed_file, sealed_file FROM outgoing_document WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}

/// Right after `actor` signed `id` in the review flow: the page they signed, signed with
/// their key and kept. `false` when the server keeps no key for them: they signed on
/// paper, and the document can be issued on paper only.
pub fn by_signer(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: OutgoingId,
    signing: &Signing<'_>,
) -> CoreResult<bool> {
    let login: String =
        w.query_row("SELECT username FROM user WHERE id = ?1", [actor.user_id], |r| r.get(0))?;
    // A key file that cannot be used (a wrong password, a certificate out of date) does not
    // stop the leader signing: they sign on paper, the page says so, and the
    // administrator's signing page says what is wrong with the file.
    let key = match signing.keys.person(&login) {
        Ok(Some(key)) if key.certificate().is_some_and(|c| c.valid_at(w.now())) => key,
        Ok(None) => return Ok(false),
        Ok(Some(_)) | Err(_) => {
            tracing::warn!(login, "the signer's key cannot be used: signed on paper");
            return Ok(false);
        }
    };
    sign_page(w, actor, id, signing, &key)?;
    Ok(true)
}

/// The page of `id` its signer signs, signed with `key` now and kept as the signer's file.
fn sign_page(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: OutgoingId,
    signing: &Signing<'_>,
    key: &crate::signature::key::Signer,
) -> CoreResult<String> {
    let document = super::print::signing_document(w, actor, signing.organisation, id)?;
    let (page, _) = render_layer(&document, Layer::Signed)?;
    let mark = Mark { reason: "Ký ban hành", location: &signing.organisation.place_name, at: w.now() };
    let signed = sign(&page, key, &mark)?;
    let sha = keep(w, signing, &signed)?;
    w.execute(
        "UPDATE outgoing_document SET signed_file = ?2, sealed_file = NULL WHERE id = ?1",
        params![id, sha],
    )?;
    w.audit(
        ObjectRef { kind: ObjectKind::OutgoingDocument, id: Some(id.0) },
        said(
            format!("Ký số văn bản bằng chứng thư của {}", key.name),
            format!("Signed the document digitally with the certificate of {}", key.name),
        ),
        &id,
    )?;
    Ok(sha)
}

/// `pdf` kept in the attachment store and recorded among its files (so that backups and
/// restores carry it).
fn keep(w: &Writer<'_>, signing: &Signing<'_>, pdf: &[u8]) -> CoreResult<String> {
    let sha = signing.store.put(pdf)?;
    crate::attachments::record_blob(w, &sha, pdf.len())?;
    Ok(sha)
}

/// Whether the issuing body of `id` has its key (the seal) on the server.
fn seal_key(
    conn: &Connection,
    keys: &Keys,
    id: OutgoingId,
) -> CoreResult<Option<crate::signature::key::Signer>> {
    let issuer: Issuer =
        conn.query_row("SELECT issuer FROM outgoing_document WHERE id = ?1", [id], |r| r.get(0))?;
    keys.seal(issuer.as_str())
}

/// Right after the clerk issued `id` electronically: the signer's file sealed by the
/// issuing body, kept, when both exist. Nothing happens when the signer signed on paper;
/// without the body's key the document stays unsealed until it is (see [`sealed`]).
pub fn at_issue(w: &mut Writer<'_>, actor: &Actor, id: OutgoingId, signing: &Signing<'_>) -> CoreResult<()> {
    let (Some(signed), None) = files(w, id)? else { return Ok(()) };
    if signed == SIGNED_BEFORE {
        return Ok(());
    }
    let Some(seal) = seal_key(w, signing.keys, id)? else { return Ok(()) };
    let now = w.now();
    let sealed = seal_file(w, actor, id, signing, &signed, &seal, now)?;
    record_sealed(w, id, keep(w, signing, &sealed)?, &seal)
}

fn record_sealed(
    w: &mut Writer<'_>,
    id: OutgoingId,
    sha: String,
    seal: &crate::signature::key::Signer,
) -> CoreResult<()> {
    w.execute("UPDATE outgoing_document SET sealed_file = ?2 WHERE id = ?1", params![id, sha])?;
    w.audit(
        ObjectRef { kind: ObjectKind::OutgoingDocument, id: Some(id.0) },
        said(
            format!("Ký số cơ quan (con dấu) bằng chứng thư của {}", seal.name),
            format!("Sealed digitally with the certificate of {}", seal.name),
        ),
        &id,
    )
}

/// The signer's file `signed` with the body's signature appended, its widgets drawing the
/// number, the date and the seal of the issued document over the page the signer signed.
fn seal_file(
    conn: &Connection,
    actor: &Actor,
    id: OutgoingId,
    signing: &Signing<'_>,
    signed: &str,
    seal: &crate::signature::key::Signer,
    now: DateTime<Utc>,
) -> CoreResult<Vec<u8>> {
    let signed = signing.store.get(signed)?;
    let document = super::print::official_document(conn, actor, signing.organisation, id, None)?;
    let (overlay, regions) = render_layer(&document, Layer::Seal)?;
    let mark =
        Mark { reason: "Văn thư ký số cơ quan", location: &signing.organisation.place_name, at: now };
    sign_visibly(&signed, seal, &mark, Some(&Appearance { overlay: &overlay, regions: &regions }))
}

/// Why the issued document `id` has no electronic original to send, if it has none and
/// cannot have one: it was issued on paper, or its signer signed on paper (no key on the
/// server then). A document signed digitally and issued electronically can always be sent
/// (sealed then, if the body's key came later).
pub fn without_original(conn: &Connection, id: OutgoingId) -> CoreResult<Option<Message>> {
    let (electronic, signed, name): (Option<bool>, bool, String) = conn.query_row(
        "SELECT d.electronic, d.signed_file IS NOT NULL OR d.sealed_file IS NOT NULL, coalesce(u.full_name, '')
         FROM outgoing_document d LEFT JOIN user u ON u.id = d.signer_id WHERE d.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(if electronic == Some(false) {
        Some(Message::new(
            "Văn bản đã phát hành bản giấy: không gửi qua trục liên thông (chỉ bản điện tử có chữ ký số của người ký \
             và của cơ quan mới có giá trị như bản gốc). Gửi bản giấy và ghi nhận ở mục “Gửi văn bản”.",
            "The document was issued on paper: it does not travel over the interconnection axis (only an electronic \
             copy signed by its signer and its body is worth the original). Send it on paper and record it under “Send the document”.",
        ))
    } else if !signed {
        Some(Message::new(
            format!(
                "Người ký {name} chưa có khóa ký số trên máy chủ khi ký văn bản này, nên văn bản chỉ có bản giấy: \
                 quản trị viên cài tệp khóa của người ký, rồi văn bản được trình ký lại (bản đính chính hoặc thay thế)."
            ),
            format!(
                "The signer {name} had no signing key on the server when signing this document, so it exists on paper only: \
                 the administrator installs their key file, and the document is signed again (a correction or a replacement)."
            ),
        ))
    } else {
        None
    })
}

/// The electronic original of the issued document `id`, signed by its signer and sealed by
/// its body: the file kept when it was issued, or — when the body's key was installed only
/// since — sealed now and kept. Refused, saying why, when there is none (see
/// [`without_original`]) or the body has no key.
pub fn sealed(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: OutgoingId,
    signing: &Signing<'_>,
) -> CoreResult<Vec<u8>> {
    if let Some(why) = without_original(w, id)? {
        return Err(CoreError::conflict(why.vi, why.en));
    }
    match files(w, id)? {
        (_, Some(sealed)) => signing.store.get(&sealed),
        (signed, None) => {
            let mut signed = signed.unwrap_or_default();
            if signed == SIGNED_BEFORE {
                // Signed before the flow signed digitally: signed now, as sending did then,
                // with the key the server keeps for its signer.
                let (login, name): (String, String) = w.query_row(
                    "SELECT u.username, u.full_name FROM outgoing_document d JOIN user u ON u.id = d.signer_id
                     WHERE d.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let key = signing.keys.person(&login)?.ok_or_else(|| {
                    CoreError::conflict(
                        format!("Người ký {name} chưa có khóa ký số trên máy chủ: quản trị viên cài tệp khóa của người ký rồi gửi lại."),
                        format!("The signer {name} has no signing key on the server: the administrator installs their key file, then send again."),
                    )
                })?;
                signed = sign_page(w, actor, id, signing, &key)?;
            }
            let seal = seal_key(w, signing.keys, id)?.ok_or_else(|| {
                CoreError::conflict(
                    "Chưa có khóa ký số của cơ quan ban hành (con dấu): quản trị viên cài tệp khóa rồi gửi lại.",
                    "The issuing body has no signing key (its seal) yet: the administrator installs its key file, then send again.",
                )
            })?;
            let now = w.now();
            let sealed = seal_file(w, actor, id, signing, &signed, &seal, now)?;
            record_sealed(w, id, keep(w, signing, &sealed)?, &seal)?;
            Ok(sealed)
        }
    }
}

/// The holder approves `request.id` (see [`super::review::approve`]); when that was the
/// last step, the signer's signature is given with their key too.
pub fn approve(
    w: &mut Writer<'_>,
    actor: &Actor,
    request: &super::review::ReviewRequest,
    signing: &Signing<'_>,
) -> CoreResult<()> {
    super::review::approve(w, actor, request)?;
    if super::state(w, actor, request.id)?.status == super::OutgoingStatus::Signed {
        by_signer(w, actor, request.id, signing)?;
    }
    Ok(())
}

/// The clerk issues `request.id` (see [`super::issue::issue`]); issued electronically, it
/// is sealed too.
pub fn issue(
    w: &mut Writer<'_>,
    actor: &Actor,
    request: &super::issue::IssueRequest,
    signing: &Signing<'_>,
) -> CoreResult<String> {
    let symbol = super::issue::issue(w, actor, request)?;
    if request.electronic {
        at_issue(w, actor, request.id, signing)?;
    }
    Ok(symbol)
}

/// The signed file kept for `id`, as `actor` (who must see the document) downloads it:
/// the sealed original once there is one, else the signer's; its name and SHA-256. None
/// while nothing is signed digitally.
pub fn kept(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<Option<(String, String)>> {
    let row = super::row(conn, actor, id)?;
    Ok(match files(conn, id)? {
        (_, Some(sealed)) => {
            let symbol = row.number_symbol.unwrap_or_else(|| id.0.to_string());
            Some((format!("{}.pdf", symbol.replace('/', "-")), sealed))
        }
        (Some(signed), None) if signed != SIGNED_BEFORE => Some((format!("da-ky-so-{}.pdf", id.0), signed)),
        _ => None,
    })
}

//! Review and approval: the approval path of each type and issuing body (configured by
//! the administrator), submission, approve-and-pass-on, return with comments, signature,
//! and the signature form (TM., KT., TL., TUQ., Q.) that follows from the signer's role.

use super::draft::{check_complete, content, may_edit};
use super::{OutgoingId, OutgoingStatus, record_step, state};
use crate::audit::{ObjectRef, Writer, said};
use crate::doctype;
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::pdf::official::Signature;
use crate::permission::role;
use crate::register::Issuer;
use crate::vocabulary::Actor;
use crate::vocabulary::{Clearance, DepartmentId, Role, UserId, clean_optional, id_type};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

id_type!(ApprovalPathId);

/// Who may sign for each issuing body.
pub fn may_sign(issuer: Issuer, role: Role) -> bool {
    match issuer {
        Issuer::Committee => role::signs_for_committee(role),
        Issuer::Office => role::signs_for_office(role),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalPath {
    pub id: ApprovalPathId,
    pub issuer: Issuer,
    /// A type key, or empty for every type without a path of its own.
    pub document_type: String,
    /// In order; the last one signs.
    pub steps: Vec<Role>,
    /// The chief of office signs "TUQ. CHỦ TỊCH" (by written authorisation) rather than
    /// "TL. CHỦ TỊCH".
    pub by_authorisation: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ApprovalPathInput {
    pub issuer: Issuer,
    pub document_type: String,
    pub steps: Vec<Role>,
    pub by_authorisation: bool,
}

fn path_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApprovalPath> {
    let steps: String = r.get(3)?;
    Ok(ApprovalPath {
        id: r.get(0)?,
        issuer: r.get(1)?,
        document_type: r.get(2)?,
        steps: serde_json::from_str(&steps).unwrap_or_default(),
        by_authorisation: r.get(4)?,
    })
}

const PATH_SELECT: &str = "SELECT id, issuer, document_type, steps, by_authorisation FROM approval_path";

pub fn paths(conn: &Connection) -> CoreResult<Vec<ApprovalPath>> {
    let mut statement = conn.prepare_cached(&format!("{PATH_SELECT} ORDER BY issuer, document_type"))?;
    let rows = statement.query_map([], path_from)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The path for a type and issuing body: its own, else the issuing body's general one.
pub fn path_for(conn: &Connection, issuer: Issuer, document_type: &str) -> CoreResult<ApprovalPath> {
    conn.query_row(
        &format!(
            "{PATH_SELECT} WHERE issuer = ?1 AND document_type IN (?2, '')
             ORDER BY document_type = '' LIMIT 1"
        ),
        params![issuer, document_type],
        path_from,
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::conflict(
            "Chưa có quy trình duyệt cho loại văn bản và cơ quan ban hành này; quản trị hệ thống cần cấu hình.",
            "There is no approval path for this type and issuing body; the administrator must configure one.",
        )
    })
}

fn validate_path(input: &ApprovalPathInput) -> CoreResult<String> {
    if !input.document_type.is_empty() && !doctype::is_known(&input.document_type) {
        return Err(CoreError::invalid(
            "documentType",
            "Loại văn bản không có trong danh mục.",
            "Unknown document type.",
        ));
    }
    let Some(signer) = input.steps.last() else {
        return Err(CoreError::invalid(
            "steps",
            "Quy trình cần ít nhất một bước (người ký).",
            "A path needs at least one step (the signer).",
        ));
    };
    if input.steps.iter().any(|r| role::approval_rank(*r) == 0) {
        return Err(CoreError::invalid(
            "steps",
            "Mỗi bước phải do trưởng phòng, lãnh đạo Văn phòng hoặc lãnh đạo UBND đảm nhận.",
            "Each step must be taken by a department head, an Office leader or a Committee leader.",
        ));
    }
    if input.steps.windows(2).any(|pair| role::approval_rank(pair[0]) >= role::approval_rank(pair[1])) {
        return Err(CoreError::invalid(
            "steps",
            "Các bước phải đi từ cấp thấp lên cấp cao, không lặp lại.",
            "Steps must go up the hierarchy without repeating.",
        ));
    }
    if !may_sign(input.issuer, *signer) {
        return Err(CoreError::invalid(
            "steps",
            "Người ở bước cuối không có thẩm quyền ký văn bản của cơ quan ban hành này.",
            "The last step's role may not sign for this issuing body.",
        ));
    }
    Ok(serde_json::to_string(&input.steps).expect("roles serialise"))
}

/// Create or replace the path of a type and issuing body.
pub fn set_path(w: &mut Writer<'_>, input: &ApprovalPathInput) -> CoreResult<ApprovalPath> {
    let steps = validate_path(input)?;
    w.execute(
        "INSERT INTO approval_path (issuer, document_type, steps, by_authorisation, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (issuer, document_type) DO UPDATE SET steps = excluded.steps,
             by_authorisation = excluded.by_authorisation, updated_at = excluded.updated_at",
        params![input.issuer, input.document_type, steps, input.by_authorisation, w.now_text()],
    )?;
    let path = w.query_row(
        &format!("{PATH_SELECT} WHERE issuer = ?1 AND document_type = ?2"),
        params![input.issuer, input.document_type],
        path_from,
    )?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ApprovalPath, id: Some(path.id.0) },
        said(
            format!(
                "Đặt quy trình duyệt {} của {}",
                if input.document_type.is_empty() { "chung" } else { &input.document_type },
                input.issuer.as_str()
            ),
            format!(
                "Set the approval path for {} of the {}",
                if input.document_type.is_empty() { "all types" } else { &input.document_type },
                input.issuer.as_str()
            ),
        ),
        input,
    )?;
    Ok(path)
}

/// Remove a type's own path (the general path of its issuing body then applies).
pub fn delete_path(w: &mut Writer<'_>, id: ApprovalPathId) -> CoreResult<()> {
    let path = w
        .query_row(&format!("{PATH_SELECT} WHERE id = ?1"), [id], path_from)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::ApprovalPath })?;
    if path.document_type.is_empty() {
        return Err(CoreError::conflict(
            "Không thể xóa quy trình chung của cơ quan ban hành.",
            "The general path of an issuing body cannot be removed.",
        ));
    }
    w.execute("DELETE FROM approval_path WHERE id = ?1", [id])?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ApprovalPath, id: Some(id.0) },
        said("Xóa quy trình duyệt", "Deleted an approval path"),
        &path,
    )?;
    Ok(())
}

/// A person who can take a step.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub id: UserId,
    pub full_name: String,
    pub title: String,
    pub role: Role,
}

/// Who can hold a step of `role` for a draft of `department` at `secrecy`: the head of
/// the drafting unit; the deputy chiefs supervising it (all of them if none does); the
/// chief of office; for a vice chairman's step the vice chairmen and the chairman.
pub fn candidates(
    conn: &Connection,
    role: Role,
    department: DepartmentId,
    secrecy: Clearance,
) -> CoreResult<Vec<Candidate>> {
    // Everyone active in the role (a vice chairman's step also the chairman), cleared for
    // the document, with their unit and whether they supervise the drafting one.
    let mut statement = conn.prepare_cached(&format!(
        "SELECT u.id, u.full_name, u.title, u.role, u.clearance, u.department_id,
             EXISTS (SELECT 1 FROM supervised_department s WHERE s.user_id = u.id AND s.department_id = ?2)
         FROM user u
         WHERE u.active = 1 AND (u.role = ?1 OR (?1 = 'vice_chairman' AND u.role = 'chairman'))
         ORDER BY {}, u.username",
        crate::permission::role::rank_sql("u.role")
    ))?;
    let rows = statement.query_map(params![role, department], |r| {
        let candidate = Candidate { id: r.get(0)?, full_name: r.get(1)?, title: r.get(2)?, role: r.get(3)? };
        Ok((candidate, r.get::<_, Clearance>(4)?, r.get::<_, Option<DepartmentId>>(5)?, r.get::<_, bool>(6)?))
    })?;
    let mut all: Vec<(Candidate, Clearance, Option<DepartmentId>, bool)> = rows.collect::<Result<_, _>>()?;
    all.retain(|(_, clearance, _, _)| clearance.covers(secrecy));
    match role {
        Role::DepartmentHead => all.retain(|(_, _, unit, _)| *unit == Some(department)),
        Role::DeputyChief if all.iter().any(|(_, _, _, supervises)| *supervises) => {
            all.retain(|(_, _, _, supervises)| *supervises)
        }
        _ => {}
    }
    Ok(all.into_iter().map(|(candidate, ..)| candidate).collect())
}

/// The Vietnamese name of a step's role, for messages.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::DepartmentHead => "trưởng phòng",
        Role::DeputyChief => "Phó Chánh Văn phòng",
        Role::ChiefOfOffice => "Chánh Văn phòng",
        Role::ViceChairman => "Phó Chủ tịch",
        Role::Chairman => "Chủ tịch",
        _ => "người duyệt",
    }
}

/// The person the next step goes to: the one chosen (who must be a candidate), or the
/// only candidate.
fn next_holder(
    conn: &Connection,
    role: Role,
    department: DepartmentId,
    secrecy: Clearance,
    chosen: Option<UserId>,
) -> CoreResult<UserId> {
    let all = candidates(conn, role, department, secrecy)?;
    match (chosen, all.as_slice()) {
        (Some(id), _) if all.iter().any(|c| c.id == id) => Ok(id),
        (Some(_), _) => Err(CoreError::invalid(
            "nextUserId",
            format!("Người được chọn không thể nhận bước {}.", role_name(role)),
            "The chosen person cannot take the next step.",
        )),
        (None, [only]) => Ok(only.id),
        (None, []) => Err(CoreError::conflict(
            format!("Không có {} nào (đủ độ mật) để chuyển văn bản đến.", role_name(role)),
            "Nobody holds the next step's role (with the needed clearance).",
        )),
        (None, _) => Err(CoreError::invalid(
            "nextUserId",
            format!("Hãy chọn {} nhận văn bản.", role_name(role)),
            "Choose who takes the next step.",
        )),
    }
}

/// The steps a draft of `drafter_role` goes through: the path, without the steps at or
/// below the drafter's own rank (the signer's step always stays).
pub fn steps_for(path: &ApprovalPath, drafter_role: Role) -> Vec<Role> {
    let last = path.steps.len().saturating_sub(1);
    path.steps
        .iter()
        .enumerate()
        .filter(|(n, role)| *n == last || role::approval_rank(**role) > role::approval_rank(drafter_role))
        .map(|(_, role)| *role)
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub id: OutgoingId,
    /// Who takes the next step, when more than one person could.
    #[serde(default)]
    pub next_user_id: Option<UserId>,
    #[serde(default)]
    pub comment: String,
}

fn not_now(vi: &str, en: &str) -> CoreError {
    CoreError::conflict(vi, en)
}

/// The drafter sends the draft on its path (again, after a return).
pub fn submit(w: &mut Writer<'_>, actor: &Actor, request: &ReviewRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !allowed(w, actor, request.id)?.submit {
        return Err(not_now(
            "Chỉ người soạn thảo mới trình được dự thảo này.",
            "Only the drafter can submit this draft.",
        ));
    }
    check_complete(&content(w, request.id, None)?)?;
    let comment = clean_optional("comment", ("Ý kiến", "Comment"), &request.comment, 2000)?;
    let path = path_for(w, s.issuer, &s.document_type)?;
    let steps = steps_for(&path, actor.role);
    let holder = next_holder(w, steps[0], s.department_id, s.secrecy, request.next_user_id)?;
    w.execute(
        "UPDATE outgoing_document SET status = 'in_review', path_steps = ?2, by_authorisation = ?3,
             step_index = 0, holder_id = ?4, submitted_at = ?5 WHERE id = ?1",
        params![
            request.id,
            serde_json::to_string(&steps).expect("roles serialise"),
            path.by_authorisation,
            holder,
            w.now_text()
        ],
    )?;
    record_step(w, request.id, "submitted", &comment, Some(s.version), Some(holder))?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        said(
            format!("Trình dự thảo (phiên bản {})", s.version),
            format!("Submitted the draft (version {})", s.version),
        ),
        request,
    )?;
    Ok(())
}

/// The holder approves: the draft passes to the next step, or — at the last step — is
/// signed and waits for the clerk.
pub fn approve(w: &mut Writer<'_>, actor: &Actor, request: &ReviewRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !allowed(w, actor, request.id)?.approve {
        return Err(not_now("Văn bản này không chờ bạn duyệt.", "This document is not waiting for you."));
    }
    let comment = clean_optional("comment", ("Ý kiến", "Comment"), &request.comment, 2000)?;
    let index = s.step_index.unwrap_or(0);
    let object = ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) };
    if index + 1 >= s.path_steps.len() {
        if !may_sign(s.issuer, actor.role) {
            return Err(not_now(
                "Bạn không có thẩm quyền ký văn bản này.",
                "You may not sign this document.",
            ));
        }
        w.execute(
            "UPDATE outgoing_document SET status = 'signed', holder_id = NULL, signer_id = ?2, signed_at = ?3
             WHERE id = ?1",
            params![request.id, actor.user_id, w.now_text()],
        )?;
        record_step(w, request.id, "signed", &comment, Some(s.version), None)?;
        w.audit(
            object,
            said(format!("Ký văn bản (phiên bản {})", s.version), format!("Signed (version {})", s.version)),
            request,
        )?;
        return Ok(());
    }
    let role = s.path_steps[index + 1];
    let holder = next_holder(w, role, s.department_id, s.secrecy, request.next_user_id)?;
    w.execute(
        "UPDATE outgoing_document SET step_index = ?2, holder_id = ?3 WHERE id = ?1",
        params![request.id, (index + 1) as i64, holder],
    )?;
    record_step(w, request.id, "approved", &comment, Some(s.version), Some(holder))?;
    w.audit(
        object,
        said(
            format!("Duyệt và chuyển {}", role_name(role)),
            format!("Approved and passed to the {}", role.as_str().replace('_', " ")),
        ),
        request,
    )?;
    Ok(())
}

/// The holder returns the draft to its drafter with comments.
pub fn give_back(w: &mut Writer<'_>, actor: &Actor, request: &ReviewRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !allowed(w, actor, request.id)?.give_back {
        return Err(not_now("Văn bản này không chờ bạn duyệt.", "This document is not waiting for you."));
    }
    let comment = clean_optional("comment", ("Ý kiến", "Comment"), &request.comment, 2000)?;
    if comment.is_empty() {
        return Err(CoreError::invalid(
            "comment",
            "Hãy ghi ý kiến khi trả lại dự thảo.",
            "Say why when returning a draft.",
        ));
    }
    w.execute(
        "UPDATE outgoing_document SET status = 'returned', holder_id = ?2, step_index = NULL WHERE id = ?1",
        params![request.id, s.drafter_id],
    )?;
    record_step(w, request.id, "returned", &comment, Some(s.version), Some(s.drafter_id))?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        said("Trả lại dự thảo cho người soạn thảo", "Returned the draft to its drafter"),
        request,
    )?;
    Ok(())
}

/// The drafter abandons a draft that was not signed.
pub fn cancel(w: &mut Writer<'_>, actor: &Actor, request: &ReviewRequest) -> CoreResult<()> {
    let s = state(w, actor, request.id)?;
    if !allowed(w, actor, request.id)?.cancel {
        return Err(not_now(
            "Chỉ người soạn thảo mới hủy được dự thảo chưa trình.",
            "Only the drafter can cancel a draft not in review.",
        ));
    }
    let comment = clean_optional("comment", ("Lý do", "Reason"), &request.comment, 2000)?;
    w.execute(
        "UPDATE outgoing_document SET status = 'cancelled', holder_id = NULL WHERE id = ?1",
        [request.id],
    )?;
    record_step(w, request.id, "cancelled", &comment, Some(s.version), None)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::OutgoingDocument, id: Some(request.id.0) },
        said("Hủy dự thảo", "Cancelled the draft"),
        request,
    )?;
    Ok(())
}

/// An acting holder's title begins with "Quyền" (Q.).
fn acting(title: &str) -> bool {
    let t = fold(title);
    t.starts_with("quyen ") || t.starts_with("q. ")
}

/// The signature block for a signer of `role` (and printed `title`) on a document of
/// `issuer` (Decree 30, Annex I): TM. for the collective, KT. for a deputy signing for
/// the head, TL. / TUQ. for the chief of office signing by order / by authorisation,
/// Q. for an acting head.
pub fn signature(issuer: Issuer, role: Role, title: &str, by_authorisation: bool, name: &str) -> Signature {
    let acting = acting(title);
    let q = |head: &str| if acting { format!("Q. {head}") } else { head.to_string() };
    let (authority, title): (Vec<&str>, String) = match (issuer, role) {
        (Issuer::Committee, Role::Chairman) => (vec!["TM. ỦY BAN NHÂN DÂN"], q("CHỦ TỊCH")),
        (Issuer::Committee, Role::ViceChairman) => {
            (vec!["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH".into())
        }
        (Issuer::Committee, Role::ChiefOfOffice) => {
            (vec![if by_authorisation { "TUQ. CHỦ TỊCH" } else { "TL. CHỦ TỊCH" }], q("CHÁNH VĂN PHÒNG"))
        }
        (Issuer::Committee, Role::DeputyChief) => {
            (vec!["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"], "PHÓ CHÁNH VĂN PHÒNG".into())
        }
        (Issuer::Office, Role::ChiefOfOffice) => (vec![], q("CHÁNH VĂN PHÒNG")),
        (Issuer::Office, Role::DeputyChief) => (vec!["KT. CHÁNH VĂN PHÒNG"], "PHÓ CHÁNH VĂN PHÒNG".into()),
        (Issuer::Office, _) => (vec!["TL. CHÁNH VĂN PHÒNG"], title.to_uppercase()),
        (Issuer::Committee, _) => (vec![], title.to_uppercase()),
    };
    Signature {
        authority: authority.into_iter().map(str::to_string).collect(),
        title,
        name: name.to_string(),
        electronic: None,
    }
}

/// What `actor` may do with a document now; the UI shows exactly these.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutgoingAllowed {
    pub edit: bool,
    pub submit: bool,
    pub approve: bool,
    /// `approve` signs (the last step).
    pub sign: bool,
    pub give_back: bool,
    pub cancel: bool,
    pub issue: bool,
    pub dispatch: bool,
    pub recall: bool,
    pub correct: bool,
    /// Give directions from it (an issued conclusion notice).
    pub create_direction: bool,
}

/// What `actor` may do with the document now: the one answer the UI shows and every step
/// (submit, approve, give back, cancel, issue, dispatch, recall, correct) asks before it
/// acts.
pub fn allowed(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<OutgoingAllowed> {
    use crate::permission::{Action, allows};
    let s = state(conn, actor, id)?;
    let holding = s.status == OutgoingStatus::InReview && s.holder_id == Some(actor.user_id);
    let drafting =
        matches!(s.status, OutgoingStatus::Draft | OutgoingStatus::Returned) && s.drafter_id == actor.user_id;
    let last = s.step_index.is_some_and(|i| i + 1 >= s.path_steps.len());
    Ok(OutgoingAllowed {
        edit: may_edit(actor, s.status, s.drafter_id, s.holder_id),
        submit: drafting,
        approve: holding,
        sign: holding && last,
        give_back: holding,
        cancel: drafting,
        issue: s.status == OutgoingStatus::Signed && allows(actor.role, Action::OutgoingIssue),
        dispatch: s.status == OutgoingStatus::Issued && allows(actor.role, Action::OutgoingIssue),
        recall: s.status == OutgoingStatus::Issued && allows(actor.role, Action::OutgoingRecall),
        correct: s.status == OutgoingStatus::Issued && allows(actor.role, Action::OutgoingDraft),
        create_direction: super::is_conclusion_notice(&s.document_type, s.status)
            && allows(actor.role, Action::DirectionManage),
    })
}

/// The path a document is on (or would take), with who is where.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathView {
    pub steps: Vec<Role>,
    /// The step reached, while in review.
    #[ts(type = "number | null")]
    pub current: Option<i64>,
    /// Who can take the next step (for the holder choosing it; for the drafter, the
    /// first step).
    pub next_role: Option<Role>,
    pub next_candidates: Vec<Candidate>,
}

pub fn path_view(conn: &Connection, actor: &Actor, id: OutgoingId) -> CoreResult<PathView> {
    let s = state(conn, actor, id)?;
    let (steps, next) = match s.status {
        OutgoingStatus::Draft | OutgoingStatus::Returned => {
            let steps = path_for(conn, s.issuer, &s.document_type)
                .map(|p| steps_for(&p, actor.role))
                .unwrap_or_default();
            let first = steps.first().copied();
            (steps, first)
        }
        OutgoingStatus::InReview => {
            let next = s.step_index.and_then(|i| s.path_steps.get(i + 1)).copied();
            (s.path_steps.clone(), next)
        }
        _ => (s.path_steps.clone(), None),
    };
    let next_candidates = match next {
        Some(role) => candidates(conn, role, s.department_id, s.secrecy)?,
        None => Vec::new(),
    };
    Ok(PathView { steps, current: s.step_index.map(|i| i as i64), next_role: next, next_candidates })
}

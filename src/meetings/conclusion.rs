//! After (and before) the sitting, the papers go through the outgoing flow: the
//! invitation (giấy mời) with the agenda is drafted as an outgoing document and, once
//! issued, sent to the participants (each is alerted); the conclusion's points are drafted
//! by the secretary from the items' outcomes, become the conclusion notice (thông báo kết
//! luận) in the Decree 30 layout, reviewed, signed "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG" and
//! issued like any document; and once it is issued each point that assigns work becomes a
//! direction from that notice, linked both ways (the point names its direction, the
//! direction its notice), so the directions' statistics count meeting conclusions.

use super::model::{MeetingId, MeetingKind, MeetingStatus};
use super::views::MeetingDetail;
use super::{audit, get_row, require};
use crate::alerts::{self, AlertKind};
use crate::audit::Writer;
use crate::directions::model::{DirectionId, Priority, Source};
use crate::directions::{self, DirectionInput};
use crate::error::{CoreError, CoreResult, Noun};
use crate::outgoing::draft::{self, DraftContent, DraftSave, Recipient, StoredFiles};
use crate::outgoing::{OutgoingId, OutgoingStatus};
use crate::pdf::official::{Block, Run};
use crate::register::Issuer;
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, UserId, clean_required};
use chrono::{Datelike, NaiveDate, Timelike};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One point of the conclusion.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct PointInput {
    pub text: String,
    /// The agency that leads the work it assigns, with its deadline; both or neither.
    #[serde(default)]
    pub agency_id: Option<AgencyId>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// The points proposed from the items' outcomes (one per item concluded), for a
/// secretary who has not written any yet.
pub fn proposed_points(detail: &MeetingDetail) -> Vec<PointInput> {
    detail
        .items
        .iter()
        .filter(|i| !i.outcome.trim().is_empty())
        .map(|i| PointInput {
            text: i.outcome.trim().to_string(),
            agency_id: i.presenter_agency_id,
            deadline: None,
        })
        .map(|mut p| {
            if p.deadline.is_none() {
                p.agency_id = None;
            }
            p
        })
        .collect()
}

/// Replace the conclusion's points. Points that already gave a direction stay as they are
/// and keep their place at the head.
pub fn save_points(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, input: &[PointInput]) -> CoreResult<()> {
    let meeting = get_row(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.prepare, "soạn kết luận", "draft the conclusion")?;
    if input.len() > 100 {
        return Err(CoreError::invalid("points", "Tối đa 100 điểm kết luận.", "At most 100 points."));
    }
    let mut checked = Vec::new();
    for (i, p) in input.iter().enumerate() {
        let text = clean_required("points", ("Nội dung kết luận", "Point"), &p.text, 4000).map_err(|_| {
            CoreError::invalid(
                "points",
                format!("Điểm {} chưa có nội dung.", i + 1),
                format!("Point {} is empty.", i + 1),
            )
        })?;
        if p.agency_id.is_some() != p.deadline.is_some() {
            return Err(CoreError::invalid(
                "points",
                format!("Điểm {}: giao việc cần cả cơ quan chủ trì và thời hạn.", i + 1),
                format!("Point {}: work assigned needs both the lead agency and the deadline.", i + 1),
            ));
        }
        if let Some(deadline) = p.deadline
            && (deadline < meeting.starts_at.date()
                || deadline > meeting.starts_at.date() + chrono::Duration::days(3 * 366))
        {
            return Err(CoreError::invalid(
                "points",
                format!("Điểm {}: thời hạn phải sau ngày họp và trong vòng ba năm.", i + 1),
                format!("Point {}: the deadline must come after the meeting, within three years.", i + 1),
            ));
        }
        if let Some(agency) = p.agency_id {
            let exists: bool =
                w.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [agency], |r| r.get(0))?;
            if !exists {
                return Err(CoreError::NotFound { what: Noun::Agency });
            }
        }
        checked.push((text, p.agency_id, p.deadline));
    }
    w.execute("DELETE FROM conclusion_point WHERE meeting_id = ?1 AND direction_id IS NULL", [id])?;
    let mut position: u32 = w.query_row(
        "SELECT coalesce(max(position), 0) FROM conclusion_point WHERE meeting_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    for (text, agency, deadline) in &checked {
        position += 1;
        w.execute(
            "INSERT INTO conclusion_point (meeting_id, position, text, agency_id, deadline) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, position, text, agency, deadline],
        )?;
    }
    audit(
        w,
        id,
        format!("Soạn {} điểm kết luận", checked.len()),
        format!("Drafted {} points of the conclusion", checked.len()),
        &serde_json::json!({ "points": input }),
    )
}

/// "08 giờ 00, thứ Năm, ngày 10/12/2026".
pub fn when_vi(at: chrono::NaiveDateTime) -> String {
    let weekday = match at.weekday() {
        chrono::Weekday::Mon => "thứ Hai",
        chrono::Weekday::Tue => "thứ Ba",
        chrono::Weekday::Wed => "thứ Tư",
        chrono::Weekday::Thu => "thứ Năm",
        chrono::Weekday::Fri => "thứ Sáu",
        chrono::Weekday::Sat => "thứ Bảy",
        chrono::Weekday::Sun => "Chủ nhật",
    };
    format!("{:02} giờ {:02}, {weekday}, ngày {}", at.hour(), at.minute(), at.format("%d/%m/%Y"))
}

fn run(text: impl Into<String>) -> Vec<Run> {
    vec![Run { text: text.into(), bold: false, italic: false }]
}

fn bold(text: impl Into<String>) -> Vec<Run> {
    vec![Run { text: text.into(), bold: true, italic: false }]
}

/// The invitation's content: who is invited, when, where, and the agenda.
fn invitation_content(detail: &MeetingDetail, mut content: DraftContent) -> DraftContent {
    let m = &detail.meeting;
    content.document_type = "GM".into();
    content.issuer = Issuer::Office;
    content.secrecy = m.secrecy;
    content.summary = format!("Mời dự {}", lower_first(&m.title));
    let mut blocks = vec![Block::Paragraph {
        runs: run("Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời:"),
    }];
    for p in detail.people.iter().filter(|p| p.part != super::model::Part::Secretary) {
        let title = if p.title.is_empty() { String::new() } else { format!(", {}", p.title) };
        blocks.push(Block::Bullet { runs: run(format!("Đồng chí {}{title};", p.full_name)) });
    }
    for a in &detail.agencies {
        blocks.push(Block::Bullet { runs: run(format!("Đại diện lãnh đạo {};", a.name)) });
    }
    blocks.push(Block::Paragraph {
        runs: run(format!("Dự {} do đồng chí {} chủ trì.", lower_first(&m.title), m.chair_name)),
    });
    blocks.push(Block::Point {
        label: "1.".into(),
        runs: bold(format!("Thời gian: {}.", when_vi(m.starts_at))),
    });
    let place = if detail.online_link.is_empty() {
        m.place.clone()
    } else if m.place.is_empty() {
        format!("trực tuyến tại {}", detail.online_link)
    } else {
        format!("{}; trực tuyến tại {}", m.place, detail.online_link)
    };
    blocks.push(Block::Point { label: "2.".into(), runs: bold(format!("Địa điểm: {place}.")) });
    blocks.push(Block::Point { label: "3.".into(), runs: bold("Nội dung:") });
    for item in detail.items.iter().filter(|i| i.admitted) {
        let presenter =
            item.presenter_agency_name.as_ref().map(|a| format!(" ({a} trình bày)")).unwrap_or_default();
        if item.parent_id.is_none() {
            blocks.push(Block::Point {
                label: format!("{})", item.number),
                runs: run(format!("{}{presenter}.", item.title)),
            });
        } else {
            blocks.push(Block::Bullet { runs: run(format!("{} {}{presenter}.", item.number, item.title)) });
        }
    }
    blocks.push(Block::Paragraph {
        runs: run(
            "Tài liệu họp được đăng tải trên Phòng họp không giấy; đề nghị các đại biểu nghiên cứu trước. \
                   Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời./.",
        ),
    });
    content.blocks = blocks;
    content
}

/// The conclusion notice's content, modelled on the Office's own notices: how the meeting
/// went, then the numbered points, the agency and deadline of each point that assigns work.
fn notice_content(detail: &MeetingDetail, chair_title: &str, mut content: DraftContent) -> DraftContent {
    let m = &detail.meeting;
    content.document_type = "TB".into();
    content.issuer = Issuer::Committee;
    content.secrecy = m.secrecy;
    content.summary =
        format!("Kết luận của đồng chí {}, {} tại {}", m.chair_name, chair_title, lower_first(&m.title));
    let date = m.starts_at.date();
    let present: Vec<String> = detail
        .people
        .iter()
        .filter(|p| p.attendance.present() && p.user_id != m.chair_id)
        .map(|p| p.full_name.clone())
        .collect();
    let mut blocks = vec![Block::Paragraph {
        runs: run(format!(
            "Ngày {:02} tháng {:02} năm {}, đồng chí {}, {} đã chủ trì {}.{}",
            date.day(),
            date.month(),
            date.year(),
            m.chair_name,
            chair_title,
            lower_first(&m.title),
            if present.is_empty() {
                String::new()
            } else {
                format!(" Tham dự có các đồng chí: {}.", present.join(", "))
            }
        )),
    }];
    blocks.push(Block::Paragraph {
        runs: run(format!(
            "Sau khi nghe các cơ quan báo cáo và ý kiến phát biểu của các đại biểu dự họp, đồng chí {} kết luận như sau:",
            m.chair_name
        )),
    });
    for (i, p) in detail.points.iter().enumerate() {
        let mut text = p.text.clone();
        if let (Some(agency), Some(deadline)) = (&p.agency_name, p.deadline) {
            text.push_str(&format!(
                " Giao {agency} chủ trì thực hiện, hoàn thành trước ngày {}.",
                deadline.format("%d/%m/%Y")
            ));
        }
        blocks.push(Block::Point { label: format!("{}.", i + 1), runs: run(text) });
    }
    blocks.push(Block::Paragraph {
        runs: run(format!(
            "Văn phòng Ủy ban nhân dân tỉnh thông báo kết luận của đồng chí {} để các cơ quan, đơn vị biết, thực hiện./.",
            m.chair_name
        )),
    });
    content.blocks = blocks;
    let mut recipients: Vec<Recipient> = Vec::new();
    recipients.push(Recipient::line("Chủ tịch, các PCT UBND tỉnh (báo cáo)"));
    let mut agencies: Vec<(AgencyId, String)> =
        detail.points.iter().filter_map(|p| p.agency_id.zip(p.agency_name.clone())).collect();
    agencies.extend(detail.agencies.iter().map(|a| (a.id, a.name.clone())));
    agencies.sort();
    agencies.dedup();
    for (id, name) in agencies {
        recipients.push(Recipient { text: name, agency_id: Some(id), department_id: None });
    }
    recipients.push(Recipient::line("VPUB: CVP, PCVP"));
    let file_copy = content.recipients.iter().find(|r| r.is_file_copy()).cloned();
    recipients.extend(file_copy);
    content.recipients = recipients;
    content
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Which paper of the meeting a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Invitation,
    Notice,
}

/// Draft `paper` as an outgoing document through the ordinary flow, written from the
/// meeting as the person sees it, and tie it to the meeting. Refused when one exists
/// already that was not cancelled.
pub fn draft_paper(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, paper: Paper) -> CoreResult<OutgoingId> {
    let detail = super::views::detail(w, actor, id)?;
    let code = crate::org::department::code_of(w, actor.department_id)?;
    let content = match paper {
        Paper::Invitation => invitation_content(&detail, draft::template(actor, &code, "GM")),
        Paper::Notice => {
            let title = crate::org::user::title(w, detail.meeting.chair_id)?;
            notice_content(&detail, &title, draft::template(actor, &code, "TB"))
        }
    };
    draft_content(w, actor, id, paper, content)
}

fn draft_content(
    w: &mut Writer<'_>,
    actor: &Actor,
    id: MeetingId,
    paper: Paper,
    content: DraftContent,
) -> CoreResult<OutgoingId> {
    let meeting = get_row(w, actor, id)?;
    require(
        super::allowed(w, actor, &meeting)?.prepare,
        "soạn văn bản của cuộc họp",
        "draft the meeting's papers",
    )?;
    let column = match paper {
        Paper::Invitation => "invitation_id",
        Paper::Notice => "notice_id",
    };
    let existing: Option<OutgoingStatus> = w.query_row(
        &format!("SELECT o.status FROM meeting m LEFT JOIN outgoing_document o ON o.id = m.{column} WHERE m.id = ?1"),
        [id],
        |r| r.get(0),
    )?;
    if existing.is_some_and(|s| s != OutgoingStatus::Cancelled) {
        return Err(CoreError::conflict(
            "Văn bản này của cuộc họp đã được soạn.",
            "This paper of the meeting has been drafted already.",
        ));
    }
    match paper {
        Paper::Invitation if meeting.kind == MeetingKind::Written => {
            return Err(CoreError::conflict(
                "Đợt lấy ý kiến bằng văn bản không có giấy mời.",
                "A written round has no invitation.",
            ));
        }
        Paper::Notice if meeting.status != MeetingStatus::Closed => {
            return Err(CoreError::conflict(
                "Soạn thông báo kết luận sau khi cuộc họp kết thúc.",
                "Draft the conclusion notice once the meeting is over.",
            ));
        }
        Paper::Notice => {
            let points: u32 =
                w.query_row("SELECT count(*) FROM conclusion_point WHERE meeting_id = ?1", [id], |r| {
                    r.get(0)
                })?;
            if points == 0 {
                return Err(CoreError::conflict(
                    "Chưa có điểm kết luận nào.",
                    "The conclusion has no points yet.",
                ));
            }
        }
        _ => {}
    }
    let request = DraftSave {
        id: None,
        content,
        new_body_file: None,
        new_attachments: vec![],
        reply_to_incoming_id: None,
        comment: String::new(),
    };
    let outgoing = draft::save(w, actor, &request, StoredFiles { body: None, attachments: vec![] })?;
    w.execute(&format!("UPDATE meeting SET {column} = ?2 WHERE id = ?1"), params![id, outgoing])?;
    let (vi, en) = match paper {
        Paper::Invitation => ("Soạn giấy mời họp", "Drafted the invitation"),
        Paper::Notice => ("Soạn thông báo kết luận", "Drafted the conclusion notice"),
    };
    audit(w, id, vi.into(), en.into(), &serde_json::json!({ "outgoingId": outgoing }))?;
    Ok(outgoing)
}

/// Send the issued invitation: every participant is alerted (the bell, the desktop's
/// notification).
pub fn send_invitation(w: &mut Writer<'_>, actor: &Actor, id: MeetingId) -> CoreResult<usize> {
    let meeting = get_row(w, actor, id)?;
    require(super::allowed(w, actor, &meeting)?.prepare, "gửi giấy mời", "send the invitation")?;
    let status: Option<(OutgoingStatus, String)> = w
        .query_row(
            "SELECT o.status, o.number_symbol FROM meeting m JOIN outgoing_document o ON o.id = m.invitation_id
             WHERE m.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())),
        )
        .optional()?;
    let symbol = match status {
        Some((OutgoingStatus::Issued, symbol)) => symbol,
        Some(_) => {
            return Err(CoreError::conflict(
                "Giấy mời chưa được ký, phát hành.",
                "The invitation has not been signed and issued yet.",
            ));
        }
        None => return Err(CoreError::conflict("Chưa soạn giấy mời.", "No invitation has been drafted.")),
    };
    if meeting.status == MeetingStatus::Cancelled {
        return Err(CoreError::conflict("Cuộc họp đã hủy.", "The meeting is cancelled."));
    }
    let people: Vec<UserId> = super::participants(w, id)?.iter().map(|p| p.user_id).collect();
    let sent = alerts::notify(
        w,
        &people,
        AlertKind::Invitation,
        0,
        id.0,
        meeting.starts_at.date(),
        &format!("{} — {}", meeting.title, when_vi(meeting.starts_at)),
        meeting.secrecy,
    )?;
    w.execute(
        "UPDATE meeting SET invited_at = ?2, status = CASE status WHEN 'preparing' THEN 'invited' ELSE status END
         WHERE id = ?1",
        params![id, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Gửi giấy mời {symbol} đến {} người", people.len()),
        format!("Sent invitation {symbol} to {} people", people.len()),
        &serde_json::json!({ "people": people }),
    )?;
    Ok(sent)
}

/// Once the notice is issued, each point that assigns work becomes a direction from it,
/// given by the chair and followed by `actor`; returns the directions made.
pub fn make_directions(w: &mut Writer<'_>, actor: &Actor, id: MeetingId) -> CoreResult<Vec<DirectionId>> {
    let meeting = get_row(w, actor, id)?;
    require(
        super::allowed(w, actor, &meeting)?.prepare,
        "giao nhiệm vụ từ kết luận",
        "give the conclusion's directions",
    )?;
    let notice: Option<(OutgoingId, OutgoingStatus, String)> = w
        .query_row(
            "SELECT o.id, o.status, o.document_type FROM meeting m JOIN outgoing_document o ON o.id = m.notice_id
             WHERE m.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let notice = match notice {
        Some((notice, status, kind)) if crate::outgoing::is_conclusion_notice(&kind, status) => notice,
        _ => {
            return Err(CoreError::conflict(
                "Thông báo kết luận chưa được phát hành.",
                "The conclusion notice has not been issued.",
            ));
        }
    };
    let mut statement = w.prepare(
        "SELECT id, text, agency_id, deadline FROM conclusion_point WHERE meeting_id = ?1 AND agency_id IS NOT NULL
             AND direction_id IS NULL ORDER BY position",
    )?;
    let pending: Vec<(i64, String, AgencyId, NaiveDate)> = statement
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    drop(statement);
    if pending.is_empty() {
        return Err(CoreError::conflict(
            "Không còn điểm kết luận nào giao việc chưa thành nhiệm vụ.",
            "No point assigning work is left to become a direction.",
        ));
    }
    let mut made = Vec::new();
    for (point, text, agency, deadline) in pending {
        let input = DirectionInput {
            source: Source::Conclusion,
            incoming_id: None,
            outgoing_id: Some(notice),
            source_reference: String::new(),
            content: text,
            leader_id: meeting.chair_id,
            lead_agency_id: agency,
            cooperating_agency_ids: vec![],
            deadline: Some(deadline),
            working_days: None,
            follower_id: Some(actor.user_id),
            priority: Priority::Normal,
            assigned_on: None,
            secrecy: Some(meeting.secrecy),
        };
        let direction = directions::create(w, actor, &input)?;
        w.execute("UPDATE conclusion_point SET direction_id = ?2 WHERE id = ?1", params![point, direction])?;
        made.push(direction);
    }
    audit(
        w,
        id,
        format!("Giao {} nhiệm vụ từ thông báo kết luận", made.len()),
        format!("Gave {} directions from the conclusion notice", made.len()),
        &serde_json::json!({ "directions": made }),
    )?;
    Ok(made)
}

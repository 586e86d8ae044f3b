//! The paperless meeting room (phòng họp không giấy; DOMAIN.md §5): meetings of the
//! Committee and of its leaders, and written-opinion rounds with no sitting.
//!
//! A meeting is one object for secrecy: its items, documents, attendance, speakers,
//! votes, opinions and conclusion are seen by whoever may see the meeting
//! ([`crate::secrecy::meeting_condition`]) and by nobody else, and every change is audited
//! against the meeting, so the event stream tells exactly those people that it moved.
//! The live state of the room is in the core; every screen (the chair's console, a
//! member's view, the projector) reads it afresh from [`detail`] when told.
//!
//! Preparing (people, agenda, readiness) is in [`agenda`]; the room (attendance, quorum,
//! current item, speakers, votes) in [`room`], a secret vote's ballot box in memory in
//! [`crate::ballot`]; written rounds in [`opinions`]; the
//! invitation, minutes, conclusion notice and its directions in [`conclusion`]; the
//! printed pages in [`print`].

pub mod agenda;
pub mod conclusion;
pub mod model;
pub mod opinions;
pub mod print;
pub mod room;
pub mod views;

use crate::audit::{ObjectRef, Writer};
use crate::calendar::Calendar;
use crate::error::{CoreError, CoreResult, Noun};
use crate::fold::fold;
use crate::permission::{Action, role};
use crate::search::{self, Conditions, Index, Page};
use crate::secrecy::{self};
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, Clearance, Role, UserId, clean_optional, clean_required};
use chrono::{NaiveDate, NaiveDateTime};
use model::{
    ItemId, MeetingAllowed, MeetingFilter, MeetingId, MeetingKind, MeetingRow, MeetingStatus, MeetingWhen,
    Part, Participant, Quorum, ROW_COLUMNS, row,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub fn list(conn: &Connection, actor: &Actor, filter: &MeetingFilter) -> CoreResult<Page<MeetingRow>> {
    // The chair is joined only to the rows shown: a search joins its index to `meeting d`.
    let mut c = Conditions::new("meeting d", format!(" WHERE {}", secrecy::meeting_condition(actor)));
    match filter.when {
        MeetingWhen::Upcoming => c.raw(" AND d.status NOT IN ('closed', 'cancelled')"),
        MeetingWhen::Past => c.raw(" AND d.status IN ('closed', 'cancelled')"),
        MeetingWhen::All => {}
    }
    if let Some(kind) = filter.kind {
        c.push(" AND d.kind = ?", kind);
    }
    if filter.mine {
        c.raw(&format!(
            " AND (d.chair_id = {me} OR EXISTS (SELECT 1 FROM meeting_person p WHERE p.meeting_id = d.id
                 AND p.user_id = {me}))",
            me = actor.user_id.0
        ));
    }
    c.matching(Some(&filter.text), Index::Meeting)?;
    let order = match filter.when {
        MeetingWhen::Upcoming => "d.starts_at, d.id",
        _ => "d.starts_at DESC, d.id DESC",
    };
    let select = |from: &str| format!("SELECT {ROW_COLUMNS} FROM {from} JOIN user c ON c.id = d.chair_id");
    c.page(conn, select, order, filter.offset, filter.limit, row)
}

/// The meeting `id` as `actor` may see it: "not found" when it does not exist or may not
/// be seen, alike.
pub fn get_row(conn: &Connection, actor: &Actor, id: MeetingId) -> CoreResult<MeetingRow> {
    conn.query_row(
        &format!(
            "SELECT {ROW_COLUMNS} FROM meeting d JOIN user c ON c.id = d.chair_id WHERE d.id = ?1 AND {}",
            secrecy::meeting_condition(actor)
        ),
        [id],
        row,
    )
    .optional()?
    .ok_or(CoreError::NotFound { what: Noun::Meeting })
}

/// What a meeting is made of, for creating and editing it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    pub kind: MeetingKind,
    pub title: String,
    pub chair_id: UserId,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_link: String,
    /// Vietnam time.
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub secrecy: Clearance,
    /// The Committee's members taking part (counted for the quorum, voting).
    pub members: Vec<UserId>,
    #[serde(default)]
    pub invited: Vec<UserId>,
    #[serde(default)]
    pub secretaries: Vec<UserId>,
    #[serde(default)]
    pub specialists: Vec<UserId>,
    #[serde(default)]
    pub agency_ids: Vec<AgencyId>,
    /// A written round: whether a member who does not answer by the deadline is counted
    /// as agreeing (many provinces' working regulations) or not counted.
    #[serde(default = "yes")]
    pub silence_agrees: bool,
}

fn yes() -> bool {
    true
}

/// The people a meeting's form may name.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingPeople {
    /// Who may chair.
    pub chairs: Vec<crate::org::user::Person>,
    /// The Committee's members.
    pub members: Vec<crate::org::user::Person>,
    /// The Office's people (secretaries, specialists).
    pub office: Vec<crate::org::user::Person>,
    /// Everyone else who may be invited (the Office's leaders among them).
    pub everyone: Vec<crate::org::user::Person>,
}

pub fn people(conn: &Connection) -> CoreResult<MeetingPeople> {
    let everyone = crate::org::user::list(conn, &crate::org::user::UserFilter::default())?;
    let mut out = MeetingPeople { chairs: vec![], members: vec![], office: vec![], everyone: vec![] };
    for user in everyone.into_iter().filter(|u| u.active && u.agency_id.is_none()) {
        let (role, person) = (user.role, crate::org::user::Person::from(user));
        if role == Role::Administrator {
            continue;
        }
        if role::chairs_meetings(role) {
            out.chairs.push(person.clone());
        }
        if role::sits_on_committee(role) {
            out.members.push(person.clone());
        }
        if role::serves_meetings(role) {
            out.office.push(person.clone());
        }
        out.everyone.push(person);
    }
    Ok(out)
}

/// A new meeting of `kind`: the Committee's members, the chairman in the chair, the
/// person preparing it as secretary, tomorrow's first working day at 8:00 for 3 hours.
pub fn template(
    conn: &Connection,
    actor: &Actor,
    kind: MeetingKind,
    today: NaiveDate,
) -> CoreResult<MeetingInput> {
    let people = people(conn)?;
    let chair = people
        .chairs
        .iter()
        .find(|p| p.role == Role::Chairman)
        .or(people.chairs.first())
        .map(|p| p.id)
        .unwrap_or(actor.user_id);
    let day = Calendar::load(conn)?.add_working_days(today, 1);
    let at = |h: u32| day.and_hms_opt(h, 0, 0).expect("a valid hour");
    let members = match kind {
        MeetingKind::Working => vec![],
        _ => people.members.iter().map(|p| p.id).collect(),
    };
    Ok(MeetingInput {
        kind,
        title: match kind {
            MeetingKind::Regular => {
                format!("Phiên họp thường kỳ tháng {} năm {}", day.format("%m"), day.format("%Y"))
            }
            _ => String::new(),
        },
        chair_id: chair,
        place: if kind == MeetingKind::Written {
            String::new()
        } else {
            "Phòng họp số 1, trụ sở UBND tỉnh".into()
        },
        online_link: String::new(),
        starts_at: at(8),
        ends_at: at(11),
        secrecy: Clearance::None,
        members,
        invited: vec![],
        secretaries: if role::serves_meetings(actor.role) { vec![actor.user_id] } else { vec![] },
        specialists: vec![],
        agency_ids: vec![],
        silence_agrees: true,
    })
}

struct Checked {
    title: String,
    place: String,
    online_link: String,
}

fn check(conn: &Connection, actor: &Actor, input: &MeetingInput) -> CoreResult<Checked> {
    let title = clean_required("title", ("Tên cuộc họp", "Title"), &input.title, 500)?;
    let place = clean_optional("place", ("Địa điểm", "Place"), &input.place, 300)?;
    let online_link =
        clean_optional("onlineLink", ("Đường dẫn họp trực tuyến", "Online link"), &input.online_link, 500)?;
    if !(online_link.is_empty() || online_link.starts_with("https://") || online_link.starts_with("http://"))
    {
        return Err(CoreError::invalid(
            "onlineLink",
            "Đường dẫn họp trực tuyến phải bắt đầu bằng https://.",
            "The online link must start with https://.",
        ));
    }
    if input.kind != MeetingKind::Written && place.is_empty() && online_link.is_empty() {
        return Err(CoreError::invalid(
            "place",
            "Cần địa điểm họp hoặc đường dẫn họp trực tuyến.",
            "Give a place or an online link.",
        ));
    }
    if input.ends_at <= input.starts_at {
        return Err(CoreError::invalid(
            "endsAt",
            "Giờ kết thúc phải sau giờ bắt đầu.",
            "The end must come after the start.",
        ));
    }
    if input.ends_at > input.starts_at + chrono::Duration::days(14) {
        return Err(CoreError::invalid(
            "endsAt",
            "Một cuộc họp kéo dài tối đa 14 ngày.",
            "A meeting lasts 14 days at most.",
        ));
    }
    crate::calendar::check_day("startsAt", input.starts_at.date())?;
    if !secrecy::covers(actor, input.secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Độ mật cao hơn mức được tiếp cận của bạn.",
            "The secrecy level is above your clearance.",
        ));
    }
    type Account = (Role, Clearance, bool, Option<AgencyId>);
    let person = |id: UserId| -> CoreResult<Option<Account>> {
        Ok(conn
            .query_row("SELECT role, clearance, active, agency_id FROM user WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?)
    };
    match person(input.chair_id)? {
        Some((role, clearance, true, None))
            if role::chairs_meetings(role) && clearance.covers(input.secrecy) => {}
        _ => {
            return Err(CoreError::invalid(
                "chairId",
                "Người chủ trì phải là Chủ tịch, Phó Chủ tịch hoặc Chánh Văn phòng, được tiếp cận độ mật của cuộc họp.",
                "The chair must be the chairman, a vice chairman or the chief of office, cleared for the meeting.",
            ));
        }
    }
    if input.kind != MeetingKind::Working && input.members.is_empty() {
        return Err(CoreError::invalid(
            "members",
            "Phiên họp của UBND cần danh sách thành viên.",
            "A session of the Committee needs its members.",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (field, ids) in [
        ("members", &input.members),
        ("invited", &input.invited),
        ("secretaries", &input.secretaries),
        ("specialists", &input.specialists),
    ] {
        for id in ids {
            if !seen.insert(*id) {
                return Err(CoreError::invalid(
                    field,
                    "Một người chỉ có một vai trò trong cuộc họp.",
                    "A person has one part in a meeting.",
                ));
            }
            let fits = |role: Role| match field {
                "members" => role::sits_on_committee(role),
                "secretaries" | "specialists" => role::serves_meetings(role),
                _ => crate::permission::allows(role, Action::MeetingView),
            };
            match person(*id)? {
                Some((role, clearance, true, None)) if clearance.covers(input.secrecy) && fits(role) => {}
                Some((_, clearance, true, None)) if !clearance.covers(input.secrecy) => {
                    return Err(CoreError::invalid(
                        field,
                        "Có người chưa được tiếp cận độ mật của cuộc họp.",
                        "Someone is not cleared for the meeting's secrecy level.",
                    ));
                }
                _ => {
                    let (vi, en) = match field {
                        "members" => (
                            "Thành viên phải là thành viên UBND tỉnh.",
                            "Members must be members of the Committee.",
                        ),
                        "secretaries" | "specialists" => (
                            "Thư ký, chuyên viên phục vụ phải là người của Văn phòng.",
                            "Secretaries and specialists must be the Office's people.",
                        ),
                        _ => (
                            "Người được mời không tham dự họp trên hệ thống được.",
                            "A person invited cannot take part in meetings here.",
                        ),
                    };
                    return Err(CoreError::invalid(field, vi, en));
                }
            }
        }
    }
    for agency in &input.agency_ids {
        let exists: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", [agency], |r| r.get(0))?;
        if !exists {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    Ok(Checked { title, place, online_link })
}

fn write_people(w: &mut Writer<'_>, id: MeetingId, input: &MeetingInput) -> CoreResult<()> {
    // Attendance already marked is kept for those who stay.
    let parts = [
        (Part::Member, &input.members),
        (Part::Invited, &input.invited),
        (Part::Secretary, &input.secretaries),
        (Part::Specialist, &input.specialists),
    ];
    let keep: Vec<String> = parts.iter().flat_map(|(_, ids)| ids.iter().map(|u| u.0.to_string())).collect();
    w.execute(
        &format!("DELETE FROM meeting_person WHERE meeting_id = ?1 AND user_id NOT IN ({})", keep.join(",")),
        [id],
    )?;
    for (part, ids) in parts {
        for user in ids {
            w.execute(
                "INSERT INTO meeting_person (meeting_id, user_id, part) VALUES (?1, ?2, ?3)
                 ON CONFLICT (meeting_id, user_id) DO UPDATE SET part = excluded.part",
                params![id, user, part],
            )?;
        }
    }
    w.execute("DELETE FROM meeting_agency WHERE meeting_id = ?1", [id])?;
    for agency in &input.agency_ids {
        w.execute(
            "INSERT OR IGNORE INTO meeting_agency (meeting_id, agency_id) VALUES (?1, ?2)",
            params![id, agency],
        )?;
    }
    refresh_search(w, id)
}

pub(crate) fn refresh_search(w: &mut Writer<'_>, id: MeetingId) -> CoreResult<()> {
    let text: String = w.query_row(
        "SELECT d.title || ' ' || d.place || ' ' || coalesce((SELECT group_concat(i.title, ' ') FROM agenda_item i
             WHERE i.meeting_id = d.id AND i.admitted = 1), '') FROM meeting d WHERE d.id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let text = fold(&text);
    w.execute("UPDATE meeting SET search_text = ?2 WHERE id = ?1", params![id, text])?;
    search::index(w, Index::Meeting, id.0, &search::Entry::new(&[&text]))
}

pub fn create(w: &mut Writer<'_>, actor: &Actor, input: &MeetingInput) -> CoreResult<MeetingId> {
    let checked = check(w, actor, input)?;
    room_free(w, actor, input, &checked.place, None)?;
    let (num, den) = input.kind.quorum();
    let now = w.now_text();
    w.execute(
        "INSERT INTO meeting (kind, title, chair_id, place, online_link, starts_at, ends_at, secrecy, quorum_num,
             quorum_den, silence_agrees, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            input.kind,
            checked.title,
            input.chair_id,
            checked.place,
            checked.online_link,
            input.starts_at,
            input.ends_at,
            input.secrecy,
            num,
            den,
            input.silence_agrees,
            actor.user_id,
            now
        ],
    )?;
    let id = MeetingId(w.last_insert_rowid());
    write_people(w, id, input)?;
    audit(
        w,
        id,
        format!("Tạo {}: {}", input.kind.name_vi().to_lowercase(), checked.title),
        format!("Created {}: {}", input.kind.name_en().to_lowercase(), checked.title),
        &serde_json::json!({ "input": input }),
    )?;
    Ok(id)
}

/// A sitting whose place is one of the Office's rooms books it: refused when something
/// else holds the room then (`rooms::holder`), saying what as far as the person may see.
fn room_free(
    conn: &Connection,
    actor: &Actor,
    input: &MeetingInput,
    place: &str,
    except: Option<MeetingId>,
) -> CoreResult<()> {
    if input.kind == MeetingKind::Written {
        return Ok(());
    }
    let Some((room, name)) = crate::rooms::named(conn, place)? else { return Ok(()) };
    let Some(holder) =
        crate::rooms::holder(conn, actor, room, input.starts_at, input.ends_at, except.map(|m| m.0))?
    else {
        return Ok(());
    };
    let (vi, en) = match holder {
        crate::rooms::Holder::Seen { starts_at, ends_at, content } => {
            let when = format!(
                "{}–{} ngày {}",
                starts_at.format("%H:%M"),
                ends_at.format("%H:%M"),
                starts_at.format("%d/%m/%Y")
            );
            (format!("{when}: «{content}»"), format!("{when}: “{content}”"))
        }
        crate::rooms::Holder::Hidden => ("vào thời gian này".to_string(), "at that time".to_string()),
    };
    Err(CoreError::invalid(
        "place",
        format!("{name} đã có lịch {vi}. Chọn phòng khác hoặc đổi giờ."),
        format!("{name} is booked {en}. Choose another room or another time."),
    ))
}

pub fn update(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, input: &MeetingInput) -> CoreResult<()> {
    let current = get_row(w, actor, id)?;
    require(allowed(w, actor, &current)?.prepare, "sửa cuộc họp", "edit the meeting")?;
    if !matches!(current.status, MeetingStatus::Preparing | MeetingStatus::Invited) {
        return Err(CoreError::conflict(
            "Cuộc họp đã diễn ra: không sửa được thông tin cuộc họp.",
            "The meeting has been held; its particulars cannot change.",
        ));
    }
    if input.secrecy < current.secrecy && !role::overrides_readiness(actor.role) {
        return Err(CoreError::invalid(
            "secrecy",
            "Chỉ Chánh Văn phòng hạ được độ mật của cuộc họp.",
            "Only the chief of office may lower a meeting's secrecy.",
        ));
    }
    let (sent, rule): (Option<String>, bool) =
        w.query_row("SELECT opinion_sent_at, silence_agrees FROM meeting WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if sent.is_some() && rule != input.silence_agrees {
        return Err(CoreError::invalid(
            "silenceAgrees",
            "Phiếu đã gửi: không đổi được quy tắc tính ý kiến.",
            "The form has been sent: the round's rules cannot change.",
        ));
    }
    if input.kind != current.kind {
        return Err(CoreError::invalid(
            "kind",
            "Không đổi được loại cuộc họp.",
            "A meeting's kind cannot change.",
        ));
    }
    // Secrecy may be lowered only if nothing in the meeting is more secret.
    let most_secret: Clearance = w.query_row(
        "SELECT coalesce(max(max(a.secrecy, coalesce(i.secrecy, o.secrecy, 'none'))), 'none') FROM agenda_document a
             JOIN agenda_item t ON t.id = a.item_id
             LEFT JOIN incoming_document i ON i.id = a.incoming_id
             LEFT JOIN outgoing_document o ON o.id = a.outgoing_id
         WHERE t.meeting_id = ?1 AND a.removed_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    if input.secrecy < most_secret {
        return Err(CoreError::invalid(
            "secrecy",
            "Cuộc họp có tài liệu mật hơn độ mật này.",
            "The meeting holds documents more secret than this level.",
        ));
    }
    let checked = check(w, actor, input)?;
    room_free(w, actor, input, &checked.place, Some(id))?;
    w.execute(
        "UPDATE meeting SET title = ?2, chair_id = ?3, place = ?4, online_link = ?5, starts_at = ?6, ends_at = ?7,
             secrecy = ?8, silence_agrees = ?9, updated_at = ?10 WHERE id = ?1",
        params![
            id,
            checked.title,
            input.chair_id,
            checked.place,
            checked.online_link,
            input.starts_at,
            input.ends_at,
            input.secrecy,
            input.silence_agrees,
            w.now_text()
        ],
    )?;
    write_people(w, id, input)?;
    // What it was before is read at the level it had.
    w.audit_at(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Meeting, id: Some(id.0) },
        current.secrecy,
        crate::audit::said(
            format!("Sửa cuộc họp: {}", checked.title),
            format!("Edited the meeting: {}", checked.title),
        ),
        &serde_json::json!({ "before": current, "input": input }),
    )
}

/// A meeting as it was set up, for the edit form.
pub fn input_of(conn: &Connection, actor: &Actor, id: MeetingId) -> CoreResult<MeetingInput> {
    let row = get_row(conn, actor, id)?;
    let (online_link, silence_agrees): (String, bool) =
        conn.query_row("SELECT online_link, silence_agrees FROM meeting WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let ids = |part: Part| -> CoreResult<Vec<UserId>> {
        let mut statement = conn.prepare(
            "SELECT user_id FROM meeting_person WHERE meeting_id = ?1 AND part = ?2 ORDER BY rowid",
        )?;
        let rows = statement.query_map(params![id, part], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let mut statement = conn.prepare("SELECT agency_id FROM meeting_agency WHERE meeting_id = ?1")?;
    let agency_ids = statement.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(MeetingInput {
        kind: row.kind,
        title: row.title,
        chair_id: row.chair_id,
        place: row.place,
        online_link,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        secrecy: row.secrecy,
        members: ids(Part::Member)?,
        invited: ids(Part::Invited)?,
        secretaries: ids(Part::Secretary)?,
        specialists: ids(Part::Specialist)?,
        agency_ids,
        silence_agrees,
    })
}

/// Cancel a meeting that has not been held.
pub fn cancel(w: &mut Writer<'_>, actor: &Actor, id: MeetingId, reason: &str) -> CoreResult<()> {
    let current = get_row(w, actor, id)?;
    require(allowed(w, actor, &current)?.prepare, "hủy cuộc họp", "cancel the meeting")?;
    if !matches!(current.status, MeetingStatus::Preparing | MeetingStatus::Invited) {
        return Err(CoreError::conflict(
            "Chỉ hủy được cuộc họp chưa diễn ra.",
            "Only a meeting not yet held can be cancelled.",
        ));
    }
    let reason =
        clean_required("reason", ("Lý do", "Reason"), reason, crate::vocabulary::LIMITS.reason as usize)?;
    w.execute(
        "UPDATE meeting SET status = 'cancelled', updated_at = ?2 WHERE id = ?1",
        params![id, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Hủy cuộc họp: {reason}"),
        format!("Cancelled the meeting: {reason}"),
        &serde_json::json!({ "reason": reason }),
    )
}

/// Record `vi`/`en` against the meeting: the trail, and the event that moves every screen
/// following it.
pub(crate) fn audit(
    w: &mut Writer<'_>,
    id: MeetingId,
    vi: String,
    en: String,
    details: &impl Serialize,
) -> CoreResult<()> {
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Meeting, id: Some(id.0) },
        crate::audit::said(vi, en),
        details,
    )
}

pub(crate) fn item_meeting(conn: &Connection, item: ItemId) -> CoreResult<MeetingId> {
    conn.query_row("SELECT meeting_id FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::AgendaItem })
}

/// The meeting of `item`, as `actor` may see it ("not found" alike otherwise).
/// An item not yet on the agenda is the Office's work in progress: to anyone who neither
/// prepares nor runs the meeting it does not exist.
pub fn meeting_of_item(conn: &Connection, actor: &Actor, item: ItemId) -> CoreResult<MeetingRow> {
    let meeting = item_meeting(conn, item)?;
    let row = get_row(conn, actor, meeting).map_err(|_| CoreError::NotFound { what: Noun::AgendaItem })?;
    let admitted: bool =
        conn.query_row("SELECT admitted FROM agenda_item WHERE id = ?1", [item], |r| r.get(0))?;
    let allowed = allowed(conn, actor, &row)?;
    if !(admitted || allowed.prepare || allowed.run) {
        return Err(CoreError::NotFound { what: Noun::AgendaItem });
    }
    Ok(row)
}

pub fn allowed(conn: &Connection, actor: &Actor, meeting: &MeetingRow) -> CoreResult<MeetingAllowed> {
    let part: Option<Part> = conn
        .query_row(
            "SELECT part FROM meeting_person WHERE meeting_id = ?1 AND user_id = ?2",
            params![meeting.id, actor.user_id],
            |r| r.get(0),
        )
        .optional()?;
    let live = !matches!(meeting.status, MeetingStatus::Closed | MeetingStatus::Cancelled);
    // The Office prepares, but each meeting is its own people's: its secretaries and
    // specialists, whoever created it, and the Office's leaders.
    let created_by: Option<UserId> =
        conn.query_row("SELECT created_by FROM meeting WHERE id = ?1", [meeting.id], |r| r.get(0))?;
    let prepares =
        crate::permission::allows_user(actor.role, actor.agency_id.is_some(), Action::MeetingPrepare)
            && role::serves_meetings(actor.role)
            && (matches!(part, Some(Part::Secretary | Part::Specialist))
                || created_by == Some(actor.user_id)
                || role::leads_office(actor.role));
    let chair = meeting.chair_id == actor.user_id;
    Ok(MeetingAllowed {
        prepare: prepares && meeting.status != MeetingStatus::Cancelled,
        override_readiness: prepares && role::overrides_readiness(actor.role) && live,
        run: live && meeting.kind != MeetingKind::Written && (chair || part == Some(Part::Secretary)),
        member: part == Some(Part::Member),
        speak: live && (chair || part.is_some()),
    })
}

/// Refuse `doing` unless `may`.
pub(crate) fn require(may: bool, doing_vi: &str, doing_en: &str) -> CoreResult<()> {
    if may {
        Ok(())
    } else {
        Err(CoreError::conflict(
            format!("Bạn không thể {doing_vi} lúc này."),
            format!("You cannot {doing_en} now."),
        ))
    }
}

pub fn participants(conn: &Connection, id: MeetingId) -> CoreResult<Vec<Participant>> {
    let mut statement = conn.prepare_cached(
        &format!(
            "SELECT p.user_id, u.full_name, u.title, p.part, p.attendance, p.reason, p.delegate
             FROM meeting_person p JOIN user u ON u.id = p.user_id WHERE p.meeting_id = ?1
             ORDER BY CASE p.part WHEN 'member' THEN 0 WHEN 'invited' THEN 1 WHEN 'secretary' THEN 2 ELSE 3 END,
                 {}, u.full_name",
            crate::permission::role::rank_sql("u.role")
        ),
    )?;
    let rows = statement.query_map([id], |r| {
        Ok(Participant {
            user_id: r.get(0)?,
            full_name: r.get(1)?,
            title: r.get(2)?,
            part: r.get(3)?,
            attendance: r.get(4)?,
            reason: r.get(5)?,
            delegate: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn quorum(conn: &Connection, id: MeetingId) -> CoreResult<Quorum> {
    let (members, present, num, den): (u32, u32, u32, u32) = conn.query_row(
        "SELECT (SELECT count(*) FROM meeting_person WHERE meeting_id = m.id AND part = 'member'),
                (SELECT count(*) FROM meeting_person WHERE meeting_id = m.id AND part = 'member'
                     AND attendance IN ('room', 'online')),
                m.quorum_num, m.quorum_den
         FROM meeting m WHERE m.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(Quorum::of(members, present, (num, den)))
}

/// A sitting as the leaders' schedule shows it (the schedules area reads meetings through
/// this, so a meeting appears there on its own, linked, and only to who may see it).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleEntry {
    pub meeting_id: MeetingId,
    pub kind: MeetingKind,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub chair_id: UserId,
    pub chair_name: String,
    /// The Committee's leaders taking part (the chair among them), whose schedules it is on.
    pub leader_ids: Vec<UserId>,
    pub status: MeetingStatus,
    pub secrecy: Clearance,
    /// The viewer may open the meeting itself (not only read its line on the schedule).
    pub opens: bool,
}

/// The sittings from `from` to `to` (Vietnam days, both included) on the leaders'
/// schedule as `viewer` sees it (every kind but written rounds, not cancelled): those that
/// are not secret, which the published schedule shows anyone, and for a person also the
/// secret ones they may see. `None` is the public, who see no secret sitting.
pub fn on_schedule(
    conn: &Connection,
    viewer: Option<&Actor>,
    from: NaiveDate,
    to: NaiveDate,
) -> CoreResult<Vec<ScheduleEntry>> {
    let seen = match viewer {
        Some(actor) => format!("(d.secrecy = 'none' OR {})", secrecy::meeting_condition(actor)),
        None => "d.secrecy = 'none'".to_string(),
    };
    let opens = match viewer {
        Some(actor) => secrecy::meeting_condition(actor),
        None => "0".to_string(),
    };
    let mut statement = conn.prepare(&format!(
        "SELECT d.id, d.kind, d.title, d.starts_at, d.ends_at, d.place, d.chair_id, c.full_name, d.status,
             d.secrecy, {opens}
         FROM meeting d JOIN user c ON c.id = d.chair_id
         WHERE {seen} AND d.kind <> 'written' AND d.status <> 'cancelled'
             AND d.starts_at >= ?1 AND d.starts_at < ?2
         ORDER BY d.starts_at, d.id"
    ))?;
    let rows: Vec<ScheduleEntry> = statement
        .query_map(params![from, to.succ_opt().unwrap_or(to)], |r| {
            Ok(ScheduleEntry {
                meeting_id: r.get(0)?,
                kind: r.get(1)?,
                title: r.get(2)?,
                starts_at: r.get(3)?,
                ends_at: r.get(4)?,
                place: r.get(5)?,
                chair_id: r.get(6)?,
                chair_name: r.get(7)?,
                leader_ids: Vec::new(),
                status: r.get(8)?,
                secrecy: r.get(9)?,
                opens: r.get(10)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut people = conn.prepare_cached(
        "SELECT p.user_id, u.role FROM meeting_person p JOIN user u ON u.id = p.user_id WHERE p.meeting_id = ?1",
    )?;
    let mut out = Vec::new();
    for mut entry in rows {
        let mut ids = Vec::new();
        for person in
            people.query_map([entry.meeting_id], |r| Ok((r.get::<_, UserId>(0)?, r.get::<_, Role>(1)?)))?
        {
            let (id, role) = person?;
            if role::leads_schedule(role) {
                ids.push(id);
            }
        }
        if !ids.contains(&entry.chair_id) {
            ids.insert(0, entry.chair_id);
        }
        entry.leader_ids = ids;
        out.push(entry);
    }
    Ok(out)
}

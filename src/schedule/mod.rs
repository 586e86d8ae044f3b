//! The leaders' weekly schedule (lịch công tác tuần; DOMAIN.md §6): entries for the
//! Chairman, the Vice Chairmen and the Office's leaders, and the meeting room's sittings
//! beside them, linked ([`crate::meetings::on_schedule`]).
//!
//! Every view of the schedule is a list of [`Line`]s, the columns of the printed table,
//! built in one place ([`lines`]) for a person or for the public (who see nothing secret).
//! Conflicts are checked here: one of the Office's rooms is never booked twice, and a
//! leader in two places at once is a warning the secretary confirms.
//! Publishing a week (the first time and after each adjustment), with its marks and the
//! calendar sequence of each line, is in [`publish`]; the feeds (ICS, the public page) in
//! [`feed`]; the printed bulletin in [`print`]; working and inspection delegations, which
//! are on their leader's schedule once approved, in [`delegations`].

pub mod delegations;
pub mod feed;
pub mod model;
pub mod print;
pub mod programme;
pub mod publish;

use model::{
    DayPart, EntryId, Line, LineLeader, MOST_ENTRIES_PER_DAY, MOST_ENTRIES_PER_WEEK, Room, RoomId, Viewer,
    allowed, hour_vi, week_start, week_title_vi,
};

use crate::audit::{ObjectRef, Writer};
use crate::error::{CoreError, CoreResult, ErrorCode, Noun};
use crate::fold::fold;
use crate::meetings::{self};
use crate::permission::role;
use crate::secrecy;
use crate::vocabulary::Actor;
use crate::vocabulary::{AgencyId, Clearance, DepartmentId, Role, UserId, clean_optional, clean_required};
use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which entries (`e`) `viewer` sees.
fn entry_condition(viewer: Viewer<'_>) -> String {
    match viewer {
        Viewer::Person(actor) => secrecy::schedule_condition(actor),
        Viewer::Public => "e.secrecy = 'none' AND e.removed_at IS NULL".into(),
    }
}

/// The day after `day`, as the end of a range of times (`starts_at < …`) that reads an
/// index, where comparing the day of each time would read every row.
pub(crate) fn day_after(day: NaiveDate) -> String {
    day.succ_opt().unwrap_or(day).to_string()
}

/// The lines of a period a person asks for (a day, a month: at most 62 days).
pub fn period_lines(
    conn: &Connection,
    viewer: Viewer<'_>,
    from: NaiveDate,
    to: NaiveDate,
    leader: Option<UserId>,
) -> CoreResult<Vec<Line>> {
    crate::calendar::check_day("from", from)?;
    crate::calendar::check_day("to", to)?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "Ngày cuối phải từ ngày đầu trở đi.",
            "The last day cannot come before the first.",
        ));
    }
    if to - from > chrono::Duration::days(62) {
        return Err(CoreError::invalid(
            "to",
            "Chọn khoảng thời gian tối đa 62 ngày.",
            "Choose a period of 62 days at most.",
        ));
    }
    lines(conn, viewer, from, to, leader)
}

/// The lines from `from` to `to` (Vietnam days, both included), in time order, as
/// `viewer` sees them; only `leader`'s if given. Cancelled entries are kept (the schedule
/// shows them struck through until the week is over).
pub fn lines(
    conn: &Connection,
    viewer: Viewer<'_>,
    from: NaiveDate,
    to: NaiveDate,
    leader: Option<UserId>,
) -> CoreResult<Vec<Line>> {
    let mut out = Vec::new();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT e.id, e.starts_at, e.ends_at, e.content, coalesce(a.name, ''), e.preparing_note, e.room_id,
             coalesce(r.name, e.place), e.participants, coalesce(l.full_name, ''), coalesce(l.title, ''),
             coalesce(dp.name, ''), e.notes, e.cancelled, e.secrecy, e.cancel_reason
         FROM schedule_entry e
             LEFT JOIN agency a ON a.id = e.preparing_agency_id
             LEFT JOIN room r ON r.id = e.room_id
             LEFT JOIN user l ON l.id = e.office_leader_id
             LEFT JOIN department dp ON dp.id = e.office_department_id
         WHERE {} AND e.starts_at >= ?1 AND e.starts_at < ?2
             AND (?3 IS NULL OR EXISTS (SELECT 1 FROM schedule_leader s WHERE s.entry_id = e.id AND s.user_id = ?3))
         ORDER BY e.starts_at, e.id",
        entry_condition(viewer)
    ))?;
    // The days as a range of the starts index: a time of day `to` is before the next day.
    let rows = statement.query_map(params![from.to_string(), day_after(to), leader], |r| {
        let agency: String = r.get(4)?;
        let note: String = r.get(5)?;
        let (leader_name, leader_title, department): (String, String, String) =
            (r.get(9)?, r.get(10)?, r.get(11)?);
        Ok(Line {
            key: format!("entry:{}", r.get::<_, i64>(0)?),
            entry_id: Some(r.get(0)?),
            meeting_id: None,
            starts_at: r.get(1)?,
            ends_at: r.get(2)?,
            part: DayPart::of(r.get(1)?),
            content: r.get(3)?,
            preparing: preparing(&agency, &note),
            leaders: Vec::new(),
            room_id: r.get(6)?,
            place: r.get(7)?,
            participants: r.get(8)?,
            follow: follow(&leader_name, &leader_title, &department),
            notes: match (r.get::<_, bool>(13)?, r.get::<_, String>(15)?) {
                (true, reason) => join_nonempty(&[r.get(12)?, format!("Hoãn: {reason}")], ". "),
                (false, _) => r.get(12)?,
            },
            cancelled: r.get(13)?,
            secrecy: r.get(14)?,
        })
    })?;
    let mut leaders = conn.prepare_cached(
        "SELECT u.id, u.full_name, u.title, s.chairs FROM schedule_leader s JOIN user u ON u.id = s.user_id
         WHERE s.entry_id = ?1 ORDER BY s.chairs DESC, s.position",
    )?;
    let mut agencies = conn.prepare_cached(
        "SELECT a.name FROM schedule_agency s JOIN agency a ON a.id = s.agency_id
         WHERE s.entry_id = ?1 ORDER BY s.position",
    )?;
    for row in rows {
        let mut line = row?;
        let id = line.entry_id.expect("an entry's line");
        line.leaders = leaders
            .query_map([id], |r| {
                Ok(LineLeader { user_id: r.get(0)?, name: r.get(1)?, title: r.get(2)?, chairs: r.get(3)? })
            })?
            .collect::<Result<_, _>>()?;
        let names: Vec<String> = agencies.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        line.participants = join_nonempty(&[names.join(", "), line.participants.clone()], "; ");
        out.push(line);
    }

    let sittings = meetings::on_schedule(
        conn,
        match viewer {
            Viewer::Person(actor) => Some(actor),
            Viewer::Public => None,
        },
        from,
        to,
    )?;
    let mut person = conn.prepare_cached("SELECT full_name, title FROM user WHERE id = ?1")?;
    for sitting in sittings {
        if leader.is_some_and(|l| !sitting.leader_ids.contains(&l)) {
            continue;
        }
        let mut on_line = Vec::new();
        for id in &sitting.leader_ids {
            let (name, title): (String, String) = person.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            on_line.push(LineLeader { user_id: *id, name, title, chairs: *id == sitting.chair_id });
        }
        on_line.sort_by_key(|l| !l.chairs);
        let room = room_named(conn, &sitting.place)?;
        out.push(Line {
            key: format!("meeting:{}", sitting.meeting_id),
            entry_id: None,
            meeting_id: sitting.opens.then_some(sitting.meeting_id),
            starts_at: sitting.starts_at,
            ends_at: sitting.ends_at,
            part: DayPart::of(sitting.starts_at),
            content: format!("{}: {}", sitting.kind.name_vi(), sitting.title),
            preparing: "Văn phòng UBND tỉnh chuẩn bị nội dung và giấy mời".into(),
            leaders: on_line,
            room_id: room.map(|r| r.id),
            place: sitting.place,
            participants: String::new(),
            follow: String::new(),
            notes: String::new(),
            cancelled: false,
            secrecy: sitting.secrecy,
        });
    }
    out.extend(delegations::lines(conn, from, to, leader)?);
    out.sort_by(|a, b| (a.starts_at, &a.key).cmp(&(b.starts_at, &b.key)));
    Ok(out)
}

fn join_nonempty(parts: &[String], separator: &str) -> String {
    parts.iter().filter(|p| !p.trim().is_empty()).cloned().collect::<Vec<_>>().join(separator)
}

fn preparing(agency: &str, note: &str) -> String {
    match (agency.is_empty(), note.is_empty()) {
        (true, _) => note.to_string(),
        (false, true) => format!("{agency} chuẩn bị nội dung"),
        (false, false) => format!("{agency} {note}"),
    }
}

fn follow(leader: &str, title: &str, department: &str) -> String {
    let leader = if leader.is_empty() {
        String::new()
    } else if title.is_empty() {
        format!("Đ/c {leader}")
    } else {
        format!("Đ/c {leader} ({title})")
    };
    join_nonempty(&[leader, department.to_string()], "; ")
}

/// The Office's rooms, in name order.
pub fn rooms(conn: &Connection) -> CoreResult<Vec<Room>> {
    let mut statement =
        conn.prepare_cached("SELECT id, name FROM room WHERE active = 1 ORDER BY name_folded, id")?;
    let rows = statement.query_map([], |r| Ok(Room { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The room a meeting's place names, if it is one of the Office's rooms.
fn room_named(conn: &Connection, place: &str) -> CoreResult<Option<Room>> {
    Ok(crate::rooms::named(conn, place)?.map(|(id, name)| Room { id: RoomId(id), name }))
}

/// Add one of the Office's rooms (the chief and deputy chiefs; set-up, the demo).
pub fn add_room(w: &mut Writer<'_>, name: &str) -> CoreResult<RoomId> {
    let name = clean_required("name", ("Tên phòng", "Room name"), name, 200)?;
    let folded = fold(&name);
    if room_named(w, &name)?.is_some() {
        return Err(CoreError::invalid(
            "name",
            "Đã có phòng tên này.",
            "There is already a room of this name.",
        ));
    }
    w.execute("INSERT INTO room (name, name_folded) VALUES (?1, ?2)", params![name, folded])?;
    let id = RoomId(w.last_insert_rowid());
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::Room, id: Some(id.0) },
        crate::audit::said(format!("Thêm phòng họp {name}"), format!("Added room {name}")),
        &serde_json::json!({ "name": name }),
    )?;
    Ok(id)
}

/// A leader on an entry, as the form sends it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct LeaderInput {
    pub user_id: UserId,
    #[serde(default)]
    pub chairs: bool,
}

/// An entry of the schedule, as the form sends it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    /// Vietnam time.
    pub starts_at: NaiveDateTime,
    /// None: until the end of the morning (11:30) or of the afternoon (17:00).
    #[serde(default)]
    pub ends_at: Option<NaiveDateTime>,
    pub content: String,
    #[serde(default)]
    pub preparing_agency_id: Option<AgencyId>,
    /// What the agency prepares ("chuẩn bị nội dung và giấy mời").
    #[serde(default)]
    pub preparing_note: String,
    pub leaders: Vec<LeaderInput>,
    #[serde(default)]
    pub agency_ids: Vec<AgencyId>,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub room_id: Option<RoomId>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub office_leader_id: Option<UserId>,
    #[serde(default)]
    pub office_department_id: Option<DepartmentId>,
    #[serde(default)]
    pub notes: String,
    #[serde(default = "not_secret")]
    pub secrecy: Clearance,
    /// The secretary has read that a leader is booked elsewhere at that time and keeps it.
    #[serde(default)]
    pub confirm_leader_busy: bool,
}

fn not_secret() -> Clearance {
    Clearance::None
}

/// The end an entry has when none is given: the end of its half-day.
pub fn default_end(starts_at: NaiveDateTime) -> NaiveDateTime {
    let end = if starts_at.hour() < 12 {
        (11, 30)
    } else if starts_at.hour() < 17 {
        (17, 0)
    } else {
        (21, 0)
    };
    let at = starts_at.date().and_hms_opt(end.0, end.1, 0).expect("a valid time");
    if at > starts_at { at } else { starts_at + Duration::hours(1) }
}

/// The columns an entry's form fills, in the order of [`fields`].
const FIELDS: &str = "starts_at, ends_at, content, preparing_agency_id, preparing_note, room_id, place, \
     participants, office_leader_id, office_department_id, notes, secrecy";

/// The values of [`FIELDS`] for an entry, as checked.
fn fields<'a>(input: &'a EntryInput, checked: &'a Checked) -> Vec<&'a dyn rusqlite::ToSql> {
    vec![
        &input.starts_at,
        &checked.ends_at,
        &checked.content,
        &input.preparing_agency_id,
        &checked.preparing_note,
        &input.room_id,
        &checked.place,
        &checked.participants,
        &input.office_leader_id,
        &input.office_department_id,
        &checked.notes,
        &input.secrecy,
    ]
}

struct Checked {
    ends_at: NaiveDateTime,
    content: String,
    preparing_note: String,
    participants: String,
    place: String,
    notes: String,
}

fn check(conn: &Connection, actor: &Actor, id: Option<EntryId>, input: &EntryInput) -> CoreResult<Checked> {
    let content = clean_required("content", ("Nội dung", "Content"), &input.content, 2000)?;
    let preparing_note = clean_optional(
        "preparingNote",
        ("Nội dung chuẩn bị", "What is prepared"),
        &input.preparing_note,
        300,
    )?;
    let participants =
        clean_optional("participants", ("Thành phần", "Participants"), &input.participants, 2000)?;
    let place = clean_optional("place", ("Địa điểm", "Place"), &input.place, 300)?;
    let notes = clean_optional("notes", ("Ghi chú", "Notes"), &input.notes, 1000)?;
    crate::calendar::check_day("startsAt", input.starts_at.date())?;
    let ends_at = input.ends_at.unwrap_or_else(|| default_end(input.starts_at));
    if ends_at <= input.starts_at {
        return Err(CoreError::invalid(
            "endsAt",
            "Giờ kết thúc phải sau giờ bắt đầu.",
            "The end must come after the start.",
        ));
    }
    if ends_at > input.starts_at + Duration::days(7) {
        return Err(CoreError::invalid(
            "endsAt",
            "Một lịch kéo dài tối đa 7 ngày.",
            "An entry lasts 7 days at most.",
        ));
    }
    if input.room_id.is_none() && place.is_empty() {
        return Err(CoreError::invalid(
            "place",
            "Chọn phòng họp hoặc ghi địa điểm.",
            "Choose a room or give a place.",
        ));
    }
    if !secrecy::covers(actor, input.secrecy) {
        return Err(CoreError::invalid(
            "secrecy",
            "Độ mật cao hơn mức được tiếp cận của bạn.",
            "The secrecy level is above your clearance.",
        ));
    }
    if input.leaders.is_empty() {
        return Err(CoreError::invalid(
            "leaders",
            "Chọn ít nhất một lãnh đạo chủ trì hoặc dự.",
            "Choose at least one leader who chairs or attends.",
        ));
    }
    if input.leaders.iter().filter(|l| l.chairs).count() > 1 {
        return Err(CoreError::invalid("leaders", "Chỉ một lãnh đạo chủ trì.", "Only one leader chairs."));
    }
    for (n, leader) in input.leaders.iter().enumerate() {
        if input.leaders[..n].iter().any(|l| l.user_id == leader.user_id) {
            return Err(CoreError::invalid(
                "leaders",
                "Một lãnh đạo được chọn hai lần.",
                "A leader is chosen twice.",
            ));
        }
        let found: Option<(Role, Option<AgencyId>, bool)> = conn
            .query_row("SELECT role, agency_id, active FROM user WHERE id = ?1", [leader.user_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if !matches!(found, Some((role, None, true)) if role::leads_schedule(role)) {
            return Err(CoreError::invalid(
                "leaders",
                "Chỉ chọn được lãnh đạo UBND tỉnh và lãnh đạo Văn phòng.",
                "Only the Committee's and the Office's leaders can be chosen.",
            ));
        }
    }
    if let Some(leader) = input.office_leader_id {
        let role: Option<(Role, bool)> = conn
            .query_row("SELECT role, active FROM user WHERE id = ?1 AND agency_id IS NULL", [leader], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if !matches!(role, Some((role, true)) if crate::permission::role::leads_office(role)) {
            return Err(CoreError::invalid(
                "officeLeaderId",
                "Lãnh đạo Văn phòng theo dõi phải là Chánh hoặc Phó Chánh Văn phòng.",
                "The Office's leader who follows it must be the chief or a deputy chief of office.",
            ));
        }
    }
    let exists = |sql: &str, id: i64| -> CoreResult<bool> { Ok(conn.query_row(sql, [id], |r| r.get(0))?) };
    if let Some(agency) = input.preparing_agency_id
        && !exists("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", agency.0)?
    {
        return Err(CoreError::NotFound { what: Noun::Agency });
    }
    for agency in &input.agency_ids {
        if !exists("SELECT EXISTS (SELECT 1 FROM agency WHERE id = ?1)", agency.0)? {
            return Err(CoreError::NotFound { what: Noun::Agency });
        }
    }
    if input.agency_ids.len() > 100 {
        return Err(CoreError::invalid("agencyIds", "Tối đa 100 cơ quan.", "100 agencies at most."));
    }
    if let Some(department) = input.office_department_id
        && !exists("SELECT EXISTS (SELECT 1 FROM department WHERE id = ?1)", department.0)?
    {
        return Err(CoreError::NotFound { what: Noun::Department });
    }
    if let Some(room) = input.room_id
        && !exists("SELECT EXISTS (SELECT 1 FROM room WHERE id = ?1 AND active = 1)", room.0)?
    {
        return Err(CoreError::invalid("roomId", "Không có phòng họp này.", "There is no such room."));
    }
    check_room_on_the_days(conn, id, input.starts_at.date())?;
    conflicts(conn, actor, id, input, ends_at)?;
    Ok(Checked { ends_at, content, preparing_note, participants, place, notes })
}

/// There is room for one more entry (or `id` moved) on `day` and in its week: at most
/// [`MOST_ENTRIES_PER_DAY`] and [`MOST_ENTRIES_PER_WEEK`], cancelled ones included (the
/// week still shows them).
fn check_room_on_the_days(conn: &Connection, id: Option<EntryId>, day: NaiveDate) -> CoreResult<()> {
    let mut statement = conn.prepare_cached(
        "SELECT count(*) FROM schedule_entry
         WHERE removed_at IS NULL AND starts_at >= ?1 AND starts_at < ?2 AND id IS NOT ?3",
    )?;
    let mut held = |from: NaiveDate, days: i64| -> CoreResult<usize> {
        let count: u32 = statement
            .query_row(params![from.to_string(), (from + Duration::days(days)).to_string(), id], |r| {
                r.get(0)
            })?;
        Ok(count as usize)
    };
    if held(day, 1)? >= MOST_ENTRIES_PER_DAY {
        return Err(CoreError::invalid(
            "startsAt",
            format!(
                "Ngày {} đã có {MOST_ENTRIES_PER_DAY} lịch, mức tối đa của một ngày.",
                day.format("%d/%m/%Y")
            ),
            format!(
                "{} already has {MOST_ENTRIES_PER_DAY} entries, the most one day holds.",
                day.format("%d/%m/%Y")
            ),
        ));
    }
    if held(week_start(day), 7)? >= MOST_ENTRIES_PER_WEEK {
        return Err(CoreError::invalid(
            "startsAt",
            format!(
                "{} đã có {MOST_ENTRIES_PER_WEEK} lịch, mức tối đa của một tuần.",
                week_title_vi(week_start(day))
            ),
            format!(
                "The week of {} already has {MOST_ENTRIES_PER_WEEK} entries, the most one week holds.",
                week_start(day).format("%d/%m/%Y")
            ),
        ));
    }
    Ok(())
}

/// When a line holds its room and leaders, in words.
fn busy_with(line: &Line) -> (String, String) {
    let when = format!(
        "{}–{} ngày {}",
        hour_vi(line.starts_at.time()),
        hour_vi(line.ends_at.time()),
        line.starts_at.format("%d/%m/%Y")
    );
    let when_en = format!(
        "{}–{} on {}",
        line.starts_at.format("%H:%M"),
        line.ends_at.format("%H:%M"),
        line.starts_at.format("%d/%m/%Y")
    );
    (when, when_en)
}

/// A room booked twice is refused; a leader booked twice is a warning the secretary
/// confirms (`confirm_leader_busy`). Both say plainly what holds the room or the leader.
/// What the secretary may not see is named only as "another engagement".
fn conflicts(
    conn: &Connection,
    actor: &Actor,
    id: Option<EntryId>,
    input: &EntryInput,
    ends_at: NaiveDateTime,
) -> CoreResult<()> {
    let own = id.map(|i| format!("entry:{i}"));
    let from = input.starts_at.date() - Duration::days(7);
    let to = ends_at.date();
    // Everything, secret or not, holds rooms and leaders; what the actor may not see is
    // described without its words.
    let mut all = lines(conn, Viewer::Person(actor), from, to, None)?;
    let seen: Vec<String> = all.iter().map(|l| l.key.clone()).collect();
    all.extend(secret_lines(conn, from, to)?.into_iter().filter(|l| !seen.contains(&l.key)));
    // What the person may not see holds its room and leaders for its whole half-days in
    // their eyes (`rooms::half_days`): probing tells them no hours.
    let overlapping = |line: &Line| {
        let (from, to) = if seen.contains(&line.key) {
            (line.starts_at, line.ends_at)
        } else {
            crate::rooms::half_days(line.starts_at, line.ends_at)
        };
        !line.cancelled && Some(&line.key) != own.as_ref() && from < ends_at && input.starts_at < to
    };
    // What the person may not see is only "taken at that time": not its hours, its room
    // or who else attends. The refused attempt is recorded.
    let describe = |line: &Line| -> (String, String) {
        if seen.contains(&line.key) {
            let (when, when_en) = busy_with(line);
            (format!("{when}: «{}»", line.content), format!("{when_en}: “{}”", line.content))
        } else {
            tracing::warn!(user = actor.user_id.0, line = %line.key, "schedule entry refused over a hidden engagement");
            ("vào thời gian này".to_string(), "at that time".to_string())
        }
    };
    if let Some(room) = input.room_id
        && let Some(taken) = all.iter().find(|l| overlapping(l) && l.room_id == Some(room))
    {
        let name: String = conn.query_row("SELECT name FROM room WHERE id = ?1", [room], |r| r.get(0))?;
        let (vi, en) = describe(taken);
        return Err(CoreError::invalid(
            "roomId",
            format!("{name} đã có lịch {vi}. Chọn phòng khác hoặc đổi giờ."),
            format!("{name} is booked {en}. Choose another room or another time."),
        ));
    }
    if !input.confirm_leader_busy {
        let mut vi = Vec::new();
        let mut en = Vec::new();
        for leader in &input.leaders {
            for line in
                all.iter().filter(|l| overlapping(l) && l.leaders.iter().any(|x| x.user_id == leader.user_id))
            {
                let name: String =
                    conn.query_row("SELECT full_name FROM user WHERE id = ?1", [leader.user_id], |r| {
                        r.get(0)
                    })?;
                let (v, e) = describe(line);
                vi.push(format!("Đồng chí {name} đã có lịch {v}."));
                en.push(format!("{name} is already booked {e}."));
            }
        }
        if !vi.is_empty() {
            return Err(CoreError::NeedsConfirmation {
                code: ErrorCode::ConfirmLeaderBusy,
                vi: format!("{} Vẫn giữ lịch này?", vi.join(" ")),
                en: format!("{} Keep this entry anyway?", en.join(" ")),
            });
        }
    }
    Ok(())
}

/// The secret entries and sittings in a period, for the conflict rules only: they hold
/// rooms and leaders even for whoever may not read them.
fn secret_lines(conn: &Connection, from: NaiveDate, to: NaiveDate) -> CoreResult<Vec<Line>> {
    let mut statement = conn.prepare_cached(
        "SELECT 'entry:' || e.id, e.starts_at, e.ends_at, e.room_id, e.secrecy, e.id, 0, ''
         FROM schedule_entry e
         WHERE e.secrecy <> 'none' AND e.cancelled = 0 AND e.removed_at IS NULL
             AND e.starts_at >= ?1 AND e.starts_at < ?2
         UNION ALL
         SELECT 'meeting:' || d.id, d.starts_at, d.ends_at, NULL, d.secrecy, 0, d.id, d.place
         FROM meeting d
         WHERE d.secrecy <> 'none' AND d.kind <> 'written' AND d.status <> 'cancelled'
             AND d.starts_at >= ?1 AND d.starts_at < ?2",
    )?;
    let rows = statement.query_map(params![from.to_string(), day_after(to)], |r| {
        Ok((
            Line {
                key: r.get(0)?,
                entry_id: None,
                meeting_id: None,
                starts_at: r.get(1)?,
                ends_at: r.get(2)?,
                part: DayPart::of(r.get(1)?),
                content: String::new(),
                preparing: String::new(),
                leaders: Vec::new(),
                room_id: r.get(3)?,
                place: String::new(),
                participants: String::new(),
                follow: String::new(),
                notes: String::new(),
                cancelled: false,
                secrecy: r.get(4)?,
            },
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut entry_leaders = conn.prepare_cached("SELECT user_id FROM schedule_leader WHERE entry_id = ?1")?;
    let mut meeting_leaders = conn.prepare_cached(
        "SELECT chair_id FROM meeting WHERE id = ?1 UNION SELECT user_id FROM meeting_person WHERE meeting_id = ?1",
    )?;
    for row in rows {
        let (mut line, entry, meeting, place) = row?;
        if meeting != 0 {
            line.room_id = room_named(conn, &place)?.map(|r| r.id);
        }
        let ids: Vec<UserId> = if entry != 0 {
            entry_leaders.query_map([entry], |r| r.get(0))?.collect::<Result<_, _>>()?
        } else {
            meeting_leaders.query_map([meeting], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        line.leaders = ids
            .into_iter()
            .map(|user_id| LineLeader { user_id, name: String::new(), title: String::new(), chairs: false })
            .collect();
        out.push(line);
    }
    Ok(out)
}

fn write_people(w: &Writer<'_>, id: EntryId, input: &EntryInput) -> CoreResult<()> {
    w.execute("DELETE FROM schedule_leader WHERE entry_id = ?1", [id])?;
    w.execute("DELETE FROM schedule_agency WHERE entry_id = ?1", [id])?;
    for (n, leader) in input.leaders.iter().enumerate() {
        w.execute(
            "INSERT INTO schedule_leader (entry_id, user_id, chairs, position) VALUES (?1, ?2, ?3, ?4)",
            params![id, leader.user_id, leader.chairs, n as i64],
        )?;
    }
    let mut seen = Vec::new();
    for agency in &input.agency_ids {
        if seen.contains(agency) {
            continue;
        }
        seen.push(*agency);
        w.execute(
            "INSERT INTO schedule_agency (entry_id, agency_id, position) VALUES (?1, ?2, ?3)",
            params![id, agency, seen.len() as i64],
        )?;
    }
    Ok(())
}

fn audit(
    w: &mut Writer<'_>,
    id: EntryId,
    vi: String,
    en: String,
    details: &serde_json::Value,
) -> CoreResult<()> {
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ScheduleEntry, id: Some(id.0) },
        crate::audit::said(vi, en),
        details,
    )
}

fn require_edit(actor: &Actor) -> CoreResult<()> {
    if allowed(actor).edit { Ok(()) } else { Err(CoreError::PermissionDenied { action: "schedule_edit" }) }
}

pub fn create(w: &mut Writer<'_>, actor: &Actor, input: &EntryInput) -> CoreResult<EntryId> {
    require_edit(actor)?;
    let checked = check(w, actor, None, input)?;
    let now = w.now_text();
    let mut values = fields(input, &checked);
    values.extend([&actor.user_id as &dyn rusqlite::ToSql, &now]);
    w.execute(
        &format!(
            "INSERT INTO schedule_entry ({FIELDS}, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)"
        ),
        values.as_slice(),
    )?;
    let id = EntryId(w.last_insert_rowid());
    write_people(w, id, input)?;
    audit(
        w,
        id,
        format!("Thêm lịch {}: {}", input.starts_at.format("%H:%M %d/%m/%Y"), checked.content),
        format!("Added to the schedule {}: {}", input.starts_at.format("%H:%M %d/%m/%Y"), checked.content),
        &serde_json::json!({ "input": input }),
    )?;
    Ok(id)
}

/// The entry as the form edits it, if `actor` may see it.
pub fn input_of(conn: &Connection, actor: &Actor, id: EntryId) -> CoreResult<EntryInput> {
    if !secrecy::may_see(conn, actor, crate::vocabulary::ObjectKind::ScheduleEntry, Some(id.0))? {
        return Err(CoreError::NotFound { what: Noun::ScheduleEntry });
    }
    let mut input = conn.query_row(
        "SELECT starts_at, ends_at, content, preparing_agency_id, preparing_note, room_id, place, participants,
             office_leader_id, office_department_id, notes, secrecy
         FROM schedule_entry WHERE id = ?1",
        [id],
        |r| {
            Ok(EntryInput {
                starts_at: r.get(0)?,
                ends_at: r.get(1)?,
                content: r.get(2)?,
                preparing_agency_id: r.get(3)?,
                preparing_note: r.get(4)?,
                leaders: Vec::new(),
                agency_ids: Vec::new(),
                participants: r.get(7)?,
                room_id: r.get(5)?,
                place: r.get(6)?,
                office_leader_id: r.get(8)?,
                office_department_id: r.get(9)?,
                notes: r.get(10)?,
                secrecy: r.get(11)?,
                confirm_leader_busy: false,
            })
        },
    )?;
    input.leaders = conn
        .prepare_cached("SELECT user_id, chairs FROM schedule_leader WHERE entry_id = ?1 ORDER BY position")?
        .query_map([id], |r| Ok(LeaderInput { user_id: r.get(0)?, chairs: r.get(1)? }))?
        .collect::<Result<_, _>>()?;
    input.agency_ids = conn
        .prepare_cached("SELECT agency_id FROM schedule_agency WHERE entry_id = ?1 ORDER BY position")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // An end that is the end of the half-day was not given: it follows the start.
    if input.ends_at == Some(default_end(input.starts_at)) {
        input.ends_at = None;
    }
    Ok(input)
}

fn current(conn: &Connection, actor: &Actor, id: EntryId) -> CoreResult<(Clearance, bool)> {
    if !secrecy::may_see(conn, actor, crate::vocabulary::ObjectKind::ScheduleEntry, Some(id.0))? {
        return Err(CoreError::NotFound { what: Noun::ScheduleEntry });
    }
    Ok(conn.query_row("SELECT secrecy, cancelled FROM schedule_entry WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}

pub fn update(w: &mut Writer<'_>, actor: &Actor, id: EntryId, input: &EntryInput) -> CoreResult<()> {
    require_edit(actor)?;
    let (level, cancelled) = current(w, actor, id)?;
    if cancelled {
        return Err(CoreError::conflict("Lịch này đã hoãn.", "This entry is cancelled."));
    }
    if input.secrecy < level && !role::declassifies(actor.role) {
        return Err(CoreError::invalid(
            "secrecy",
            "Chỉ Chánh Văn phòng hạ được độ mật của lịch.",
            "Only the chief of office may lower an entry's secrecy.",
        ));
    }
    let before = input_of(w, actor, id)?;
    let checked = check(w, actor, Some(id), input)?;
    let now = w.now_text();
    let mut values = fields(input, &checked);
    values.extend([&now as &dyn rusqlite::ToSql, &id]);
    let set: Vec<String> = FIELDS.split(", ").enumerate().map(|(n, f)| format!("{f} = ?{}", n + 1)).collect();
    w.execute(
        &format!("UPDATE schedule_entry SET {}, updated_at = ?13 WHERE id = ?14", set.join(", ")),
        values.as_slice(),
    )?;
    write_people(w, id, input)?;
    w.audit_at(
        ObjectRef { kind: crate::vocabulary::ObjectKind::ScheduleEntry, id: Some(id.0) },
        level,
        crate::audit::said(
            format!("Sửa lịch {}: {}", input.starts_at.format("%H:%M %d/%m/%Y"), checked.content),
            format!("Changed the schedule {}: {}", input.starts_at.format("%H:%M %d/%m/%Y"), checked.content),
        ),
        &serde_json::json!({ "before": before, "after": input }),
    )?;
    Ok(())
}

/// Cancel (hoãn) an entry, with the reason: it stays on the week, struck through, and a
/// publication sends it to calendars as cancelled.
pub fn cancel(w: &mut Writer<'_>, actor: &Actor, id: EntryId, reason: &str) -> CoreResult<()> {
    require_edit(actor)?;
    let (_, cancelled) = current(w, actor, id)?;
    let reason = clean_required("reason", ("Lý do", "Reason"), reason, 500)?;
    if cancelled {
        return Err(CoreError::conflict("Lịch này đã hoãn.", "This entry is already cancelled."));
    }
    w.execute(
        "UPDATE schedule_entry SET cancelled = 1, cancel_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, w.now_text()],
    )?;
    audit(
        w,
        id,
        format!("Hoãn lịch: {reason}"),
        format!("Cancelled an entry: {reason}"),
        &serde_json::json!({ "reason": reason }),
    )
}

/// Remove an entry that was never published; a published one is cancelled instead, so
/// that calendars hear of it.
pub fn remove(w: &mut Writer<'_>, actor: &Actor, id: EntryId) -> CoreResult<()> {
    require_edit(actor)?;
    current(w, actor, id)?;
    let published: bool = w.query_row(
        "SELECT EXISTS (SELECT 1 FROM schedule_line WHERE key = ?1)",
        [format!("entry:{id}")],
        |r| r.get(0),
    )?;
    if published {
        return Err(CoreError::conflict(
            "Lịch đã công bố: chỉ hoãn được, không xóa.",
            "The entry has been published: cancel it instead of removing it.",
        ));
    }
    audit(
        w,
        id,
        "Xóa lịch chưa công bố".into(),
        "Removed an unpublished entry".into(),
        &serde_json::json!({}),
    )?;
    w.execute(
        "UPDATE schedule_entry SET removed_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, w.now_text()],
    )?;
    Ok(())
}

/// A person the schedule's forms may name.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleLeader {
    pub id: UserId,
    pub full_name: String,
    pub title: String,
    pub role: Role,
}

/// The name of a leader whose schedule this is; anyone else is not found.
pub fn leader_name(conn: &Connection, id: UserId) -> CoreResult<String> {
    choices(conn)?
        .leaders
        .into_iter()
        .find(|l| l.id == id)
        .map(|l| l.full_name)
        .ok_or(CoreError::NotFound { what: crate::error::Noun::User })
}

/// Who the forms may choose: the leaders whose schedules these are (first the
/// Chairman, then the Vice Chairmen, then the Office's leaders), and the rooms.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleChoices {
    pub leaders: Vec<ScheduleLeader>,
    pub rooms: Vec<Room>,
}

pub fn choices(conn: &Connection) -> CoreResult<ScheduleChoices> {
    let mut statement = conn.prepare_cached(
        "SELECT id, full_name, title, role FROM user WHERE active = 1 AND agency_id IS NULL ORDER BY full_name, id",
    )?;
    let mut leaders = Vec::new();
    for row in statement.query_map([], |r| {
        Ok(ScheduleLeader { id: r.get(0)?, full_name: r.get(1)?, title: r.get(2)?, role: r.get(3)? })
    })? {
        let leader = row?;
        if role::leads_schedule(leader.role) {
            leaders.push(leader);
        }
    }
    // The Chairman first, then the Vice Chairmen, then the Office's leaders.
    leaders.sort_by_key(|l| role::rank(l.role));
    Ok(ScheduleChoices { leaders, rooms: rooms(conn)? })
}

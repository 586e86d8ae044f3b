//! The audit log and the writer every change goes through.
//!
//! A [`Writer`] is the only way commands change data: it wraps one transaction and
//! records who did what to which object. The command layer refuses to commit a write
//! that recorded no audit entry, so "every write is audited" holds by construction, and
//! each entry also becomes a [`DomainEvent`] published after the commit.

pub mod titles;

use crate::clock::timestamp;
use crate::error::{CoreError, CoreResult};
use crate::events::DomainEvent;
use crate::vocabulary::{Actor, AgencyId, Clearance, DepartmentId, ObjectKind, UserId};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The object a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectRef {
    pub kind: ObjectKind,
    pub id: Option<i64>,
}

impl ObjectRef {
    pub fn user(id: UserId) -> Self {
        ObjectRef { kind: crate::vocabulary::ObjectKind::User, id: Some(id.0) }
    }
    pub fn department(id: DepartmentId) -> Self {
        ObjectRef { kind: crate::vocabulary::ObjectKind::Department, id: Some(id.0) }
    }
    pub fn agency(id: AgencyId) -> Self {
        ObjectRef { kind: crate::vocabulary::ObjectKind::Agency, id: Some(id.0) }
    }
    pub fn system() -> Self {
        ObjectRef { kind: crate::vocabulary::ObjectKind::System, id: None }
    }
}

pub struct Writer<'t> {
    tx: &'t Transaction<'t>,
    now: DateTime<Utc>,
    actor_id: Option<UserId>,
    actor_name: String,
    action: &'static str,
    pub(crate) events: Vec<DomainEvent>,
}

impl<'t> std::ops::Deref for Writer<'t> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.tx
    }
}

/// Name under which changes made from the command line are audited.
pub const OPERATOR_NAME: &str = "Dòng lệnh (CLI)";

impl<'t> Writer<'t> {
    /// A writer whose entries name `actor` and `action`. Commands get theirs from
    /// the app's `write`; the demo office and the benchmarks (`tools/`) make
    /// their own.
    pub fn new(
        tx: &'t Transaction<'t>,
        now: DateTime<Utc>,
        (actor_id, actor_name): (Option<UserId>, String),
        action: &'static str,
    ) -> Self {
        Writer { tx, now, actor_id, actor_name, action, events: Vec::new() }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn now_text(&self) -> String {
        timestamp(self.now)
    }

    pub fn actor_id(&self) -> Option<UserId> {
        self.actor_id
    }

    /// Who is writing, as recorded in trails.
    pub fn actor(&self) -> (Option<UserId>, &str) {
        (self.actor_id, &self.actor_name)
    }

    /// Name the actor when the command started anonymous (login, first set-up).
    pub fn set_actor(&mut self, id: Option<UserId>, name: String) {
        self.actor_id = id;
        self.actor_name = name;
    }

    /// Record what this write did, in words (Vietnamese, and English where given: see
    /// [`Said`]). `details` is kept as JSON for the record.
    pub fn audit(
        &mut self,
        object: ObjectRef,
        summary: impl Into<Said>,
        details: &impl Serialize,
    ) -> CoreResult<()> {
        self.audit_at(object, Clearance::None, summary.into(), details)
    }

    /// As [`Writer::audit`], for an entry that must be read at `at_least` even if its
    /// object is less secret now: a change that lowered an object's secrecy keeps what it
    /// was before (its details) at the level it had.
    pub fn audit_at(
        &mut self,
        object: ObjectRef,
        at_least: Clearance,
        summary: impl Into<Said>,
        details: &impl Serialize,
    ) -> CoreResult<()> {
        let Said { vi: summary, en: summary_en } = summary.into();
        let details = serde_json::to_string(details)
            .map_err(|e| CoreError::BadRequest(format!("audit details: {e}")))?;
        // The entry carries the secrecy of its object, read from the object itself, so
        // that no caller can forget it: only people cleared for it read its content.
        let secrecy = crate::secrecy::level_of(self.tx, object.kind, object.id)?.max(at_least);
        self.tx
            .prepare_cached(
                "INSERT INTO audit_entry (at, actor_id, actor_name, action, object_type, object_id,
                 summary, details, secrecy, summary_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                self.now_text(),
                self.actor_id,
                self.actor_name,
                self.action,
                object.kind,
                object.id,
                summary,
                details,
                secrecy,
                summary_en
            ])?;
        self.events.push(DomainEvent {
            at: self.now,
            action: self.action.to_string(),
            object_type: object.kind,
            object_id: object.id,
            actor_id: self.actor_id,
        });
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    #[ts(type = "number | null")]
    pub object_id: Option<i64>,
    pub summary: String,
    /// The line in English where the system wrote one (empty: show `summary`).
    pub summary_en: String,
    /// JSON text of what changed.
    pub details: String,
    /// About something secret the reader is not cleared for: who, when and which kind of
    /// object only; no id, summary or details.
    pub hidden: bool,
}

/// What an uncleared reader sees of an entry about something secret.
pub const HIDDEN_SUMMARY: &str = "Thao tác trên nội dung mật";
pub const HIDDEN_SUMMARY_EN: &str = "An action on secret content";

/// A line the system writes, in Vietnamese and English. A plain string is Vietnamese
/// only (the English interface then shows it as it is).
#[derive(Debug, Clone, Default)]
pub struct Said {
    pub vi: String,
    pub en: String,
}

/// A line in both languages.
pub fn said(vi: impl Into<String>, en: impl Into<String>) -> Said {
    Said { vi: vi.into(), en: en.into() }
}

impl From<String> for Said {
    fn from(vi: String) -> Said {
        Said { vi, en: String::new() }
    }
}

impl From<&str> for Said {
    fn from(vi: &str) -> Said {
        Said { vi: vi.to_string(), en: String::new() }
    }
}

impl From<(String, String)> for Said {
    fn from((vi, en): (String, String)) -> Said {
        Said { vi, en }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    pub actor_id: Option<UserId>,
    pub object_type: Option<String>,
    #[ts(type = "number | null")]
    pub object_id: Option<i64>,
    /// Command name, e.g. `user_create`.
    pub action: Option<String>,
    /// Inclusive lower bound.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub to: Option<DateTime<Utc>>,
    /// Return entries with an id below this (for paging backwards through history).
    #[ts(type = "number | null")]
    pub before_id: Option<i64>,
    /// At most 200; 0 means 50.
    pub limit: u32,
}

/// Newest first, as `reader` may read it: entries about secret objects the reader is not
/// cleared for keep who, when and the kind of object, and nothing else (not the action); asking for one
/// object's entries finds only those the reader may read.
pub fn list(conn: &Connection, reader: &Actor, filter: &AuditFilter) -> CoreResult<Vec<AuditEntry>> {
    let levels = crate::secrecy::levels(reader);
    let mut sql = format!(
        "SELECT id, at, actor_id, actor_name, action, object_type, object_id, summary, details,
             secrecy NOT IN ({levels}), summary_en
         FROM audit_entry WHERE 1 = 1"
    );
    // Asking for one object, or for one kind of action, finds only what the reader may
    // read: otherwise the count of hidden entries would answer the question.
    if filter.object_id.is_some() || filter.action.is_some() {
        sql.push_str(&format!(" AND secrecy IN ({levels})"));
    }
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut condition = |sql: &mut String, clause: &str, value: Box<dyn rusqlite::ToSql>| {
        args.push(value);
        sql.push_str(&format!(" AND {clause} ?{}", args.len()));
    };
    if let Some(actor) = filter.actor_id {
        condition(&mut sql, "actor_id =", Box::new(actor));
    }
    if let Some(kind) = &filter.object_type {
        condition(&mut sql, "object_type =", Box::new(kind.clone()));
    }
    if let Some(id) = filter.object_id {
        condition(&mut sql, "object_id =", Box::new(id));
    }
    if let Some(action) = &filter.action {
        condition(&mut sql, "action =", Box::new(action.clone()));
    }
    if let Some(from) = filter.from {
        condition(&mut sql, "at >=", Box::new(timestamp(from)));
    }
    if let Some(to) = filter.to {
        condition(&mut sql, "at <", Box::new(timestamp(to)));
    }
    if let Some(before) = filter.before_id {
        condition(&mut sql, "id <", Box::new(before));
    }
    let limit = match filter.limit {
        0 => 50,
        n => n.min(200),
    };
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {limit}"));
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(args.iter()), |row| {
        let hidden: bool = row.get(9)?;
        Ok(AuditEntry {
            id: row.get(0)?,
            at: row.get(1)?,
            actor_id: row.get(2)?,
            actor_name: row.get(3)?,
            // What was done to a secret object says something of it too (a vote was cast).
            action: if hidden { String::new() } else { row.get(4)? },
            object_type: row.get(5)?,
            object_id: if hidden { None } else { row.get(6)? },
            summary: if hidden { HIDDEN_SUMMARY.into() } else { row.get(7)? },
            summary_en: if hidden { HIDDEN_SUMMARY_EN.into() } else { row.get(10)? },
            details: if hidden { "{}".into() } else { row.get(8)? },
            hidden,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

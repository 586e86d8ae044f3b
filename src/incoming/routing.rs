//! Routing (phân luồng): the administrator's ordered rules propose a lead department and a
//! supervising deputy chief for each incoming document; the first matching rule wins.
//! Documents from communes go by territory (which department follows which commune)
//! unless a more specific rule matches, and the clerk is warned when a commune sent
//! something that belongs to another agency's competence.

use crate::audit::{ObjectRef, Writer};
use crate::error::{CoreError, CoreResult, Message, Noun};
use crate::fold::fold;
use crate::vocabulary::{AgencyGroup, AgencyId, DepartmentId, Role, UserId, clean_optional, clean_required};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoutingRule {
    #[ts(type = "number")]
    pub id: i64,
    pub position: i32,
    pub name: String,
    pub sender_group: Option<AgencyGroup>,
    pub sender_agency_id: Option<AgencyId>,
    pub sender_agency_name: Option<String>,
    pub document_type: Option<String>,
    /// Words of the summary, any of which makes the rule match; empty matches all.
    pub keywords: String,
    pub lead_department_id: DepartmentId,
    pub lead_department_name: String,
    pub supervisor_id: Option<UserId>,
    pub supervisor_name: Option<String>,
    pub competent_agency_id: Option<AgencyId>,
    pub competent_agency_name: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleInput {
    pub name: String,
    pub sender_group: Option<AgencyGroup>,
    pub sender_agency_id: Option<AgencyId>,
    pub document_type: Option<String>,
    /// Comma-separated words or phrases.
    pub keywords: String,
    pub lead_department_id: DepartmentId,
    pub supervisor_id: Option<UserId>,
    pub competent_agency_id: Option<AgencyId>,
    pub active: bool,
}

const SELECT: &str = "SELECT r.id, r.position, r.name, r.sender_group, r.sender_agency_id, sa.name,
        r.document_type, r.keywords, r.lead_department_id, d.name, r.supervisor_id, u.full_name,
        r.competent_agency_id, ca.name, r.active
    FROM routing_rule r
    JOIN department d ON d.id = r.lead_department_id
    LEFT JOIN agency sa ON sa.id = r.sender_agency_id
    LEFT JOIN agency ca ON ca.id = r.competent_agency_id
    LEFT JOIN user u ON u.id = r.supervisor_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RoutingRule> {
    Ok(RoutingRule {
        id: r.get(0)?,
        position: r.get(1)?,
        name: r.get(2)?,
        sender_group: r.get(3)?,
        sender_agency_id: r.get(4)?,
        sender_agency_name: r.get(5)?,
        document_type: r.get(6)?,
        keywords: r.get(7)?,
        lead_department_id: r.get(8)?,
        lead_department_name: r.get(9)?,
        supervisor_id: r.get(10)?,
        supervisor_name: r.get(11)?,
        competent_agency_id: r.get(12)?,
        competent_agency_name: r.get(13)?,
        active: r.get(14)?,
    })
}

pub fn list(conn: &Connection) -> CoreResult<Vec<RoutingRule>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} ORDER BY r.position, r.id"))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn get(conn: &Connection, id: i64) -> CoreResult<RoutingRule> {
    conn.query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CoreError::NotFound { what: Noun::RoutingRule })
}

fn validate(conn: &Connection, input: &RoutingRuleInput) -> CoreResult<(String, String)> {
    let name = clean_required("name", ("Tên quy tắc", "Rule name"), &input.name, 200)?;
    let keywords = clean_optional("keywords", ("Từ khóa", "Keywords"), &input.keywords, 500)?;
    crate::org::department::get(conn, input.lead_department_id)?;
    if let Some(kind) = &input.document_type
        && !crate::doctype::is_known(kind)
    {
        return Err(CoreError::invalid(
            "documentType",
            "Loại văn bản không hợp lệ.",
            "Unknown document type.",
        ));
    }
    if let Some(supervisor) = input.supervisor_id {
        let person = crate::org::user::get(conn, supervisor)?;
        if !crate::permission::role::directs_incoming(person.role) {
            return Err(CoreError::invalid(
                "supervisorId",
                "Người phụ trách phải là lãnh đạo Văn phòng hoặc lãnh đạo UBND tỉnh.",
                "The supervisor must be a leader of the Office or of the Committee.",
            ));
        }
    }
    Ok((name, keywords))
}

/// Store the editable fields of rule `id`.
fn write_fields(
    w: &Writer<'_>,
    id: i64,
    input: &RoutingRuleInput,
    name: &str,
    keywords: &str,
) -> CoreResult<()> {
    w.execute(
        "UPDATE routing_rule SET name = ?2, sender_group = ?3, sender_agency_id = ?4, document_type = ?5,
             keywords = ?6, lead_department_id = ?7, supervisor_id = ?8, competent_agency_id = ?9, active = ?10,
             updated_at = ?11 WHERE id = ?1",
        params![
            id,
            name,
            input.sender_group,
            input.sender_agency_id,
            input.document_type,
            keywords,
            input.lead_department_id,
            input.supervisor_id,
            input.competent_agency_id,
            input.active,
            w.now_text()
        ],
    )?;
    Ok(())
}

pub fn create(w: &mut Writer<'_>, input: &RoutingRuleInput) -> CoreResult<RoutingRule> {
    let (name, keywords) = validate(w, input)?;
    w.execute(
        "INSERT INTO routing_rule (position, name, lead_department_id, created_at, updated_at)
         VALUES ((SELECT coalesce(max(position), 0) + 1 FROM routing_rule), ?1, ?2, ?3, ?3)",
        params![name, input.lead_department_id, w.now_text()],
    )?;
    let id = w.last_insert_rowid();
    write_fields(w, id, input, &name, &keywords)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::RoutingRule, id: Some(id) },
        crate::audit::said(
            format!("Thêm quy tắc phân luồng {name}"),
            format!("Added the routing rule {name}"),
        ),
        input,
    )?;
    get(w, id)
}

pub fn update(w: &mut Writer<'_>, id: i64, input: &RoutingRuleInput) -> CoreResult<RoutingRule> {
    let before = get(w, id)?;
    let (name, keywords) = validate(w, input)?;
    write_fields(w, id, input, &name, &keywords)?;
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::RoutingRule, id: Some(id) },
        crate::audit::said(
            format!("Sửa quy tắc phân luồng {name}"),
            format!("Edited the routing rule {name}"),
        ),
        &serde_json::json!({ "before": before, "after": input }),
    )?;
    get(w, id)
}

/// Move a rule to `position` (1 = first), shifting the others.
pub fn move_to(w: &mut Writer<'_>, id: i64, position: i32) -> CoreResult<Vec<RoutingRule>> {
    let rule = get(w, id)?;
    let mut ids: Vec<i64> = list(w)?.into_iter().map(|r| r.id).filter(|r| *r != id).collect();
    let index = (position.max(1) as usize - 1).min(ids.len());
    ids.insert(index, id);
    for (n, rule_id) in ids.iter().enumerate() {
        w.execute("UPDATE routing_rule SET position = ?2 WHERE id = ?1", params![rule_id, n as i32 + 1])?;
    }
    w.audit(
        ObjectRef { kind: crate::vocabulary::ObjectKind::RoutingRule, id: Some(id) },
        crate::audit::said(
            format!("Chuyển quy tắc {} lên thứ tự {}", rule.name, index + 1),
            format!("Moved the rule {} to place {}", rule.name, index + 1),
        ),
        &serde_json::json!({ "position": index + 1 }),
    )?;
    list(w)
}

/// Which department follows which commune.
pub fn set_territory(w: &mut Writer<'_>, department: DepartmentId, communes: &[AgencyId]) -> CoreResult<()> {
    let name = crate::org::department::get(w, department)?.name;
    w.execute("DELETE FROM department_commune WHERE department_id = ?1", [department])?;
    for commune in communes {
        let agency = crate::org::agency::get(w, *commune)?;
        if agency.group != AgencyGroup::Commune {
            return Err(CoreError::invalid(
                "communeIds",
                format!("{} không phải UBND cấp xã.", agency.name),
                format!("{} is not a commune.", agency.name),
            ));
        }
        w.execute(
            "INSERT INTO department_commune (agency_id, department_id) VALUES (?1, ?2)
             ON CONFLICT (agency_id) DO UPDATE SET department_id = excluded.department_id",
            params![commune, department],
        )?;
    }
    w.audit(
        ObjectRef::department(department),
        crate::audit::said(
            format!("Giao {} theo dõi {} xã, phường", name, communes.len()),
            format!("{} follows {} communes", name, communes.len()),
        ),
        &communes,
    )
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Territory {
    pub agency_id: AgencyId,
    pub department_id: DepartmentId,
}

pub fn territories(conn: &Connection) -> CoreResult<Vec<Territory>> {
    let mut statement = conn.prepare_cached("SELECT agency_id, department_id FROM department_commune")?;
    let rows =
        statement.query_map([], |r| Ok(Territory { agency_id: r.get(0)?, department_id: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct RouteQuery {
    pub agency_id: Option<AgencyId>,
    pub document_type: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteProposal {
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    /// The rule's name, or "Địa bàn" when the commune's territory decided.
    pub reason: Option<String>,
    pub lead_department_id: Option<DepartmentId>,
    pub lead_department_name: Option<String>,
    pub supervisor_id: Option<UserId>,
    pub supervisor_name: Option<String>,
    pub warnings: Vec<Message>,
}

fn keyword_matches(keywords: &str, summary: &str) -> bool {
    let summary = format!(" {} ", fold(summary));
    keywords
        .split([',', ';'])
        .map(fold)
        .filter(|k| !k.is_empty())
        .any(|k| summary.contains(&format!(" {k} ")))
}

/// The deputy chief who supervises a department, if exactly one does.
fn supervisor_of(conn: &Connection, department: DepartmentId) -> CoreResult<Option<(UserId, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.full_name FROM supervised_department s JOIN user u ON u.id = s.user_id
         WHERE s.department_id = ?1 AND u.active = 1 AND u.role = ?2",
    )?;
    let found: Vec<(UserId, String)> = statement
        .query_map(params![department, Role::DeputyChief], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(if found.len() == 1 { found.into_iter().next() } else { None })
}

pub fn propose(conn: &Connection, query: &RouteQuery) -> CoreResult<RouteProposal> {
    let sender = match query.agency_id {
        Some(id) => Some(crate::org::agency::get(conn, id)?),
        None => None,
    };
    let group = sender.as_ref().map(|a| a.group);
    let matching = list(conn)?.into_iter().filter(|r| r.active).find(|r| {
        r.sender_group.is_none_or(|g| Some(g) == group)
            && r.sender_agency_id.is_none_or(|a| Some(a) == query.agency_id)
            && r.document_type.as_deref().is_none_or(|t| t == query.document_type)
            && (r.keywords.trim().is_empty() || keyword_matches(&r.keywords, &query.summary))
    });
    let territory: Option<(DepartmentId, String)> = match (&sender, group) {
        (Some(agency), Some(AgencyGroup::Commune)) => conn
            .query_row(
                "SELECT d.id, d.name FROM department_commune t JOIN department d ON d.id = t.department_id
                 WHERE t.agency_id = ?1",
                [agency.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?,
        _ => None,
    };
    let specific = |r: &RoutingRule| {
        !r.keywords.trim().is_empty() || r.sender_agency_id.is_some() || r.document_type.is_some()
    };
    let mut proposal = RouteProposal {
        rule_id: None,
        reason: None,
        lead_department_id: None,
        lead_department_name: None,
        supervisor_id: None,
        supervisor_name: None,
        warnings: Vec::new(),
    };
    if let Some(rule) = matching.as_ref().filter(|r| specific(r) || territory.is_none()) {
        proposal.rule_id = Some(rule.id);
        proposal.reason = Some(rule.name.clone());
        proposal.lead_department_id = Some(rule.lead_department_id);
        proposal.lead_department_name = Some(rule.lead_department_name.clone());
        proposal.supervisor_id = rule.supervisor_id;
        proposal.supervisor_name = rule.supervisor_name.clone();
        if let (Some(competent), Some(AgencyGroup::Commune)) = (&rule.competent_agency_name, group) {
            proposal.warnings.push(Message::new(
                format!(
                    "Nội dung này thuộc thẩm quyền giải quyết của {competent}: UBND cấp xã cần gửi văn bản \
                     đến cơ quan đó. Cân nhắc chuyển hoặc trả lại."
                ),
                format!(
                    "This matter is for {competent} to decide: the commune should have sent it there. \
                     Consider forwarding or returning it."
                ),
            ));
        }
    } else if let Some((department, name)) = territory {
        proposal.reason = Some("Địa bàn".into());
        proposal.lead_department_id = Some(department);
        proposal.lead_department_name = Some(name);
    }
    if proposal.supervisor_id.is_none()
        && let Some(department) = proposal.lead_department_id
        && let Some((id, name)) = supervisor_of(conn, department)?
    {
        proposal.supervisor_id = Some(id);
        proposal.supervisor_name = Some(name);
    }
    Ok(proposal)
}

//! What lists of documents share: the full-text indexes (`incoming_search`,
//! `outgoing_search`), safe query building from what a person types, and the filtered,
//! counted, paged query ([`Conditions`], [`Page`]).
//!
//! Text is folded by the core (`fold`), never by SQLite, and typed queries are turned
//! into quoted tokens so that nothing a person types (`123/QĐ-UBND`, quotes, stray
//! symbols) is read as FTS syntax.

use crate::clock::timestamp;
use crate::error::{CoreError, CoreResult, vietnam_offset};
use crate::fold::fold;
use chrono::NaiveDate;
use rusqlite::{Connection, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The full-text indexes, each keyed by the id of its document.
#[derive(Debug, Clone, Copy)]
pub enum Index {
    Incoming,
    Outgoing,
}

impl Index {
    fn table(self) -> &'static str {
        match self {
            Index::Incoming => "incoming_search",
            Index::Outgoing => "outgoing_search",
        }
    }
}

/// Replace the indexed text of document `id`.
pub fn index(conn: &Connection, index: Index, id: i64, parts: &[&str]) -> CoreResult<()> {
    let table = index.table();
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?.execute([id])?;
    conn.prepare_cached(&format!("INSERT INTO {table} (rowid, text) VALUES (?1, ?2)"))?
        .execute(params![id, fold(&parts.join(" "))])?;
    Ok(())
}

/// As [`index`], for an index that also carries the Vietnam month a document arrived
/// (`incoming_search`), which date filters match inside the index.
pub fn index_dated(
    conn: &Connection,
    index: Index,
    id: i64,
    parts: &[&str],
    day: NaiveDate,
) -> CoreResult<()> {
    let table = index.table();
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?.execute([id])?;
    conn.prepare_cached(&format!("INSERT INTO {table} (rowid, text, month) VALUES (?1, ?2, ?3)"))?
        .execute(params![id, fold(&parts.join(" ")), month_token(day)])?;
    Ok(())
}

fn month_token(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("m{:04}{:02}", day.year(), day.month())
}

/// Date filters spanning more months than this are left to SQL alone.
const MONTHS_IN_INDEX: usize = 36;

/// The month tokens of the days `from` to `to`, or `None` when the span is too long to
/// be worth matching in the index.
fn month_tokens(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<Vec<String>> {
    use chrono::Datelike;
    let (from, to) = (from?, to?);
    let mut tokens = Vec::new();
    let mut day = from.with_day(1)?;
    while day <= to {
        tokens.push(month_token(day));
        if tokens.len() > MONTHS_IN_INDEX {
            return None;
        }
        day = day.checked_add_months(chrono::Months::new(1))?;
    }
    Some(tokens)
}

/// The most a person may type into a search: enough for any number, symbol or phrase
/// people look for, and little enough that no search can hold the database for long.
pub const MAX_SEARCH_CHARS: usize = 200;
pub const MAX_SEARCH_WORDS: usize = 12;

/// What a person typed into a search, checked against [`MAX_SEARCH_CHARS`] and
/// [`MAX_SEARCH_WORDS`] and folded into words. Every list's search goes through this.
pub fn words(typed: Option<&str>) -> CoreResult<Vec<String>> {
    let typed = typed.unwrap_or("").trim();
    let folded = fold(typed);
    let words: Vec<String> =
        folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect();
    if typed.chars().count() > MAX_SEARCH_CHARS || words.len() > MAX_SEARCH_WORDS {
        return Err(CoreError::invalid(
            "search",
            format!("Từ khóa tìm kiếm quá dài: tối đa {MAX_SEARCH_WORDS} từ, {MAX_SEARCH_CHARS} ký tự."),
            format!(
                "The search is too long: at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_CHARS} characters."
            ),
        ));
    }
    Ok(words)
}

/// Lists count exactly up to this many matches.
pub const COUNT_CAP: u32 = 1_000;

/// Start of a Vietnam calendar day as a stored UTC timestamp.
pub fn day_start(date: NaiveDate) -> String {
    let local = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    timestamp(local.and_local_timezone(vietnam_offset()).single().expect("fixed offset").to_utc())
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matches, counted up to `COUNT_CAP`.
    pub total: u32,
    /// There are more than `total` matches.
    pub total_capped: bool,
}

/// The WHERE clause of a list query with its numbered parameters, built filter by filter.
pub struct Conditions {
    sql: String,
    args: Vec<Box<dyn ToSql>>,
    from: String,
    /// The query is driven by the full-text index (ordered by its rowid).
    pub searching: bool,
    /// The months a date filter covers, matched inside an index that carries them.
    months: Option<Vec<String>>,
}

impl Conditions {
    /// Start with `base` (e.g. `" WHERE d.secrecy IN (…)"`) over the table `from`.
    pub fn new(from: &str, base: String) -> Conditions {
        Conditions { sql: base, args: Vec::new(), from: from.to_string(), searching: false, months: None }
    }

    /// Add the parameter `value` without a clause; returns its number, for clauses that
    /// use it more than once (`?N`, appended with [`Conditions::raw`]).
    pub fn bind(&mut self, value: impl ToSql + 'static) -> usize {
        self.args.push(Box::new(value));
        self.args.len()
    }

    /// Append `clause`, whose `?` is the parameter `value`.
    pub fn push(&mut self, clause: &str, value: impl ToSql + 'static) {
        let n = self.bind(value);
        self.sql.push_str(&clause.replace('?', &format!("?{n}")));
    }

    /// A date filter from `from` to `to` (Vietnam days, both included) that a dated index
    /// may match too; the exact days are still the caller's SQL clauses.
    pub fn dated(&mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        self.months = month_tokens(from, to);
    }

    /// Append `clause`, whose `?`s are `values` in order.
    pub fn push_all<V: ToSql + 'static>(&mut self, clause: &str, values: Vec<V>) {
        let mut values = values.into_iter();
        let mut out = String::new();
        for c in clause.chars() {
            if c == '?' {
                let value = values.next().expect("one value per ? of the clause");
                out.push_str(&format!("?{}", self.bind(value)));
            } else {
                out.push(c);
            }
        }
        self.sql.push_str(&out);
    }

    /// Append a clause without parameters.
    pub fn raw(&mut self, clause: &str) {
        self.sql.push_str(clause);
    }

    /// Filter on what a person typed: a number and symbol is a prefix range on
    /// `symbol_column`; words are a match in `index`, joined on `d.id`.
    pub fn search(&mut self, typed: Option<&str>, index: Index, symbol_column: &str) -> CoreResult<()> {
        words(typed)?;
        let typed = typed.unwrap_or("").trim();
        if let Some(prefix) = symbol_prefix(typed) {
            self.push(&format!(" AND {symbol_column} >= ?"), prefix.clone());
            self.push(&format!(" AND {symbol_column} < ?"), format!("{prefix}\u{10FFFF}"));
        } else if let Some(expression) = match_expression(typed) {
            let table = index.table();
            // The words are looked for in the text alone: a word being typed ("m") would
            // otherwise match every document's month token.
            let expression = match (&self.months, index) {
                (Some(months), Index::Incoming) => {
                    format!("text : ({expression}) AND month : ({})", months.join(" OR "))
                }
                (None, Index::Incoming) => format!("text : ({expression})"),
                _ => expression,
            };
            self.from = format!("{table} s JOIN {} ON d.id = s.rowid", self.from);
            self.push(&format!(" AND s.{table} MATCH ?"), expression);
            self.searching = true;
        }
        Ok(())
    }

    /// Every word of what a person typed, as a substring of `column` (folded text).
    pub fn words_in(&mut self, typed: Option<&str>, column: &str) -> CoreResult<()> {
        for word in words(typed)? {
            self.push(&format!(" AND {column} LIKE ?"), format!("%{word}%"));
        }
        Ok(())
    }

    /// Count (up to [`COUNT_CAP`]) and read one page with `select` (which builds the
    /// SELECT … FROM part around the table expression it is given), ordered by `order`.
    pub fn page<T>(
        &self,
        conn: &Connection,
        select: impl Fn(&str) -> String,
        order: &str,
        offset: u32,
        limit: u32,
        mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Page<T>> {
        let Conditions { sql, args, from, .. } = self;
        // Counting a million matches on every page helps nobody: past COUNT_CAP the list
        // says "more than".
        let total: u32 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM {from}{sql} LIMIT {})",
                COUNT_CAP + 1
            ))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = page_size(limit);
        let query = format!("{}{sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}", select(from));
        let mut statement = conn.prepare_cached(&query)?;
        let items = statement
            .query_map(rusqlite::params_from_iter(args.iter()), |r| map(r))?
            .collect::<Result<_, _>>()?;
        Ok(Page { items, total: total.min(COUNT_CAP), total_capped: total > COUNT_CAP })
    }
}

impl Conditions {
    /// Like [`Conditions::page`], but the rows matching `first` (a clause without
    /// parameters, e.g. today's urgent documents: a few) come before all the others, each
    /// part in its own order; the other part is read in the order of an index, not sorted.
    #[allow(clippy::too_many_arguments)]
    pub fn page_first<T>(
        &self,
        conn: &Connection,
        select: impl Fn(&str) -> String,
        first: (&str, &str),
        rest_order: &str,
        offset: u32,
        limit: u32,
        mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Page<T>> {
        let Conditions { sql, args, from, .. } = self;
        let count = |extra: &str, cap: u32| -> CoreResult<u32> {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {from}{sql}{extra} LIMIT {})",
                    cap + 1
                ))?
                .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
        };
        let total = count("", COUNT_CAP)?;
        let (clause, first_order) = first;
        let on_top = count(&format!(" AND ({clause})"), COUNT_CAP)?;
        let limit = page_size(limit);
        let mut items = Vec::new();
        let mut read =
            |items: &mut Vec<T>, extra: String, order: &str, offset: u32, limit: u32| -> CoreResult<()> {
                let query =
                    format!("{}{sql}{extra} ORDER BY {order} LIMIT {limit} OFFSET {offset}", select(from));
                let mut statement = conn.prepare_cached(&query)?;
                for item in statement.query_map(rusqlite::params_from_iter(args.iter()), |r| map(r))? {
                    items.push(item?);
                }
                Ok(())
            };
        if offset < on_top {
            read(&mut items, format!(" AND ({clause})"), first_order, offset, limit)?;
        }
        let taken = items.len() as u32;
        if taken < limit {
            let rest_offset = offset.saturating_sub(on_top);
            read(&mut items, format!(" AND NOT ({clause})"), rest_order, rest_offset, limit - taken)?;
        }
        Ok(Page { items, total: total.min(COUNT_CAP), total_capped: total > COUNT_CAP })
    }
}

/// The rows of a page: 50 when not said, at most 200.
fn page_size(limit: u32) -> u32 {
    match limit {
        0 => 50,
        n => n.min(200),
    }
}

/// An FTS5 MATCH expression for what a person typed: every word must appear; the last
/// may be a prefix (the person is still typing). `None` when nothing searchable was typed.
pub fn match_expression(typed: &str) -> Option<String> {
    let folded = fold(typed);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    terms.push(format!("\"{last}\"*"));
    Some(terms.join(" "))
}

/// If `typed` looks like a number and symbol (`245/UBND-KT`, `245/UBND`), the folded key
/// prefix to look up; partial symbols match every symbol they begin.
pub fn symbol_prefix(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let looks_like_symbol = typed.contains('/') && typed.chars().next().is_some_and(|c| c.is_ascii_digit());
    looks_like_symbol.then(|| fold(typed).replace(' ', "")).filter(|key| !key.is_empty())
}

#[cfg(test)]
mod tests {
    use super::{match_expression, symbol_prefix};

    #[test]
    fn number_and_symbol_become_a_key_prefix() {
        assert_eq!(symbol_prefix("245/UBND-KT").as_deref(), Some("245ubndkt"));
        assert_eq!(symbol_prefix(" 12/QĐ ").as_deref(), Some("12qd"));
        assert_eq!(symbol_prefix("van ban 1/2"), None, "words first: a text search");
        assert_eq!(symbol_prefix("ngân sách"), None);
    }

    #[test]
    fn typed_text_becomes_quoted_tokens() {
        assert_eq!(match_expression("123/QĐ-UBND").as_deref(), Some("\"123\" \"qd\" \"ubnd\"*"));
        assert_eq!(match_expression("văn bản").as_deref(), Some("\"van\" \"ban\"*"));
        assert_eq!(match_expression("\"OR\" NEAR( *").as_deref(), Some("\"or\" \"near\"*"));
        assert_eq!(match_expression(" / - ; "), None);
    }
}

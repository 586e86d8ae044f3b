//! What lists share: the full-text indexes (`incoming_search`, `outgoing_search`,
//! `direction_search`, `meeting_search`), safe query building from what a person types,
//! the same word matching over the directory's small tables ([`words_at_starts`]), and
//! the filtered, counted, paged query ([`Conditions`], [`Page`]).
//!
//! Text is folded by the core (`fold`), never by SQLite, and typed queries are turned
//! into quoted tokens so that nothing a person types (`123/QĐ-UBND`, quotes, stray
//! symbols) is read as FTS syntax.

use crate::clock::timestamp;
use crate::clock::vietnam_offset;
use crate::error::{CoreError, CoreResult};
use crate::fold::fold;
use chrono::NaiveDate;
use rusqlite::{Connection, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The full-text indexes, each keyed by the id of its document (direction, meeting).
#[derive(Debug, Clone, Copy)]
pub enum Index {
    Incoming,
    Outgoing,
    Direction,
    Meeting,
}

impl Index {
    fn table(self) -> &'static str {
        match self {
            Index::Incoming => "incoming_search",
            Index::Outgoing => "outgoing_search",
            Index::Direction => "direction_search",
            Index::Meeting => "meeting_search",
        }
    }
}

/// What an index holds of one document: its folded text and, in an index that carries
/// them (`incoming_search`), its tags — the Vietnam month it arrived and its lead
/// department — which filters match inside the index instead of row by row.
pub struct Entry {
    text: String,
    tags: Option<String>,
}

impl Entry {
    pub fn new(parts: &[&str]) -> Entry {
        Entry { text: fold(&parts.join(" ")), tags: None }
    }

    pub fn tagged(parts: &[&str], day: NaiveDate, department: Option<i64>) -> Entry {
        let mut tags = month_token(day);
        if let Some(department) = department {
            tags.push(' ');
            tags.push_str(&department_token(department));
        }
        Entry { tags: Some(tags), ..Entry::new(parts) }
    }
}

/// Replace the indexed entry of document `id`.
pub fn index(conn: &Connection, index: Index, id: i64, entry: &Entry) -> CoreResult<()> {
    let table = index.table();
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?.execute([id])?;
    match &entry.tags {
        Some(tags) => conn
            .prepare_cached(&format!("INSERT INTO {table} (rowid, text, tags) VALUES (?1, ?2, ?3)"))?
            .execute(params![id, entry.text, tags])?,
        None => conn
            .prepare_cached(&format!("INSERT INTO {table} (rowid, text) VALUES (?1, ?2)"))?
            .execute(params![id, entry.text])?,
    };
    Ok(())
}

/// Replace the entries of many documents at once (refilling an index, loading a
/// register): each statement on an FTS5 table writes out what the one before left in
/// memory as a segment of its own, which later merges rewrite, so one document at a time
/// costs a segment each; here the entries go in through one statement, and the index
/// writes large segments. All of `entries` must be of the same kind (tagged or not).
pub fn index_many(conn: &Connection, index: Index, entries: &[(i64, Entry)]) -> CoreResult<()> {
    let Some(((first, _), (last, _))) = entries.first().zip(entries.last()) else { return Ok(()) };
    let table = index.table();
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_entries (id INTEGER PRIMARY KEY, text TEXT NOT NULL, tags TEXT);
         DELETE FROM temp.search_entries;",
    )?;
    {
        let mut add =
            conn.prepare_cached("INSERT INTO temp.search_entries (id, text, tags) VALUES (?1, ?2, ?3)")?;
        for (id, entry) in entries {
            add.execute(params![id, entry.text, entry.tags])?;
        }
    }
    let (low, high) = (first.min(last), first.max(last));
    conn.execute(
        &format!("DELETE FROM {table} WHERE rowid BETWEEN ?1 AND ?2 AND rowid IN (SELECT id FROM temp.search_entries)"),
        params![low, high],
    )?;
    let columns = if entries[0].1.tags.is_some() { "text, tags" } else { "text" };
    conn.execute(
        &format!(
            "INSERT INTO {table} (rowid, {columns}) SELECT id, {columns} FROM temp.search_entries ORDER BY id"
        ),
        [],
    )?;
    conn.execute("DELETE FROM temp.search_entries", [])?;
    Ok(())
}

fn department_token(department: i64) -> String {
    format!("k{department}")
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
    /// The list was searched while its index is still being rebuilt (after an upgrade):
    /// older documents may be missing from the matches.
    pub indexing: bool,
}

/// The WHERE clause of a list query with its numbered parameters, built filter by filter.
pub struct Conditions {
    sql: String,
    args: Vec<Box<dyn ToSql>>,
    from: String,
    /// The table read, as `d`, without the search index joined.
    base: String,
    /// The full-text index the query is driven by, if any.
    index: Option<Index>,
    /// The months a date filter covers, matched inside an index that carries them.
    months: Option<Vec<String>>,
    /// The lead department a filter asks for, matched inside an index that carries it.
    department: Option<i64>,
}

impl Conditions {
    /// Start with `base` (e.g. `" WHERE d.secrecy IN (…)"`) over the table `from`.
    pub fn new(from: &str, base: String) -> Conditions {
        Conditions {
            sql: base,
            args: Vec::new(),
            from: from.to_string(),
            base: from.to_string(),
            index: None,
            months: None,
            department: None,
        }
    }

    /// The query is driven by a full-text index (ordered by its rowid).
    pub fn searching(&self) -> bool {
        self.index.is_some()
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

    /// A lead department filter that a tagged index may match too; the exact department
    /// is still the caller's SQL clause.
    pub fn department(&mut self, department: i64) {
        self.department = Some(department);
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
    /// `symbol_column`; words are a match in `index` ([`Conditions::matching`]).
    pub fn search(&mut self, typed: Option<&str>, index: Index, symbol_column: &str) -> CoreResult<()> {
        words(typed)?;
        let typed = typed.unwrap_or("").trim();
        match symbol_prefix(typed) {
            Some(prefix) => {
                self.push(&format!(" AND {symbol_column} >= ?"), prefix.clone());
                self.push(&format!(" AND {symbol_column} < ?"), format!("{prefix}\u{10FFFF}"));
                Ok(())
            }
            None => self.matching(Some(typed), index),
        }
    }

    /// Filter on the words a person typed, matched in `index` ([`match_expression`]:
    /// every word whole, the last a prefix), joined on `d.id`: the query is then driven
    /// by the index, and the other clauses (what the person may see among them) still
    /// decide. Nothing searchable typed leaves the list as it was.
    pub fn matching(&mut self, typed: Option<&str>, index: Index) -> CoreResult<()> {
        words(typed)?;
        let Some(expression) = match_expression(typed.unwrap_or("")) else { return Ok(()) };
        let table = index.table();
        // The words are looked for in the text alone: a word being typed ("m") would
        // otherwise match every document's tags; the filters' tags narrow the match
        // inside the index.
        let expression = match index {
            Index::Incoming => {
                let mut all = format!("text : ({expression})");
                if let Some(months) = &self.months {
                    all.push_str(&format!(" AND tags : ({})", months.join(" OR ")));
                }
                if let Some(department) = self.department {
                    all.push_str(&format!(" AND tags : {}", department_token(department)));
                }
                all
            }
            Index::Outgoing | Index::Direction | Index::Meeting => expression,
        };
        self.from = format!("{table} s JOIN {} ON d.id = s.rowid", self.from);
        self.push(&format!(" AND s.{table} MATCH ?"), expression);
        self.index = Some(index);
        Ok(())
    }

    /// Count (up to [`COUNT_CAP`]) and read one page with `select` (which builds the
    /// SELECT … FROM part around the table expression it is given; the table read is
    /// `d`), ordered by `order`.
    ///
    /// One pass: the ids of the first `COUNT_CAP + 1` matches, in order, give both the
    /// count and the page, so a search matches once, not once to count and once to read;
    /// the page's rows are then read by id, in the same snapshot. Only pages past
    /// `COUNT_CAP` are read with their own query.
    pub fn page<T>(
        &self,
        conn: &Connection,
        select: impl Fn(&str) -> String,
        order: &str,
        offset: u32,
        limit: u32,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Page<T>> {
        snapshot(conn, || {
            let ids = self.ids("", order, COUNT_CAP + 1, conn)?;
            self.page_of(conn, &select, ids, (None, order), offset, limit, map)
        })
    }

    /// Like [`Conditions::page`], but the rows matching `first` (a clause without
    /// parameters, e.g. today's urgent documents: a few) come before all the others, each
    /// part in its own order; the other part is read in the order of an index, not sorted.
    /// The rows on top are read through `first`'s index, one whose own condition the
    /// clause implies: SQLite, left to choose, would read them from the list's index and
    /// go through everything that arrived as recently, urgent or not.
    #[allow(clippy::too_many_arguments)]
    pub fn page_first<T>(
        &self,
        conn: &Connection,
        select: impl Fn(&str) -> String,
        first: (&str, &str, &str),
        rest_order: &str,
        offset: u32,
        limit: u32,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Page<T>> {
        let (clause, first_order, index) = first;
        debug_assert!(!self.searching(), "a search is read in the order of its index");
        let on_top_from = format!("{} INDEXED BY {index}", self.from);
        snapshot(conn, || {
            let mut ids =
                self.ids_from(&on_top_from, &format!(" AND ({clause})"), first_order, COUNT_CAP + 1, conn)?;
            let on_top = ids.len() as u32;
            let rest = self.ids(&format!(" AND NOT ({clause})"), rest_order, COUNT_CAP + 1 - on_top, conn)?;
            ids.extend(rest);
            self.page_of(conn, &select, ids, (Some((clause, on_top)), rest_order), offset, limit, map)
        })
    }

    /// The ids of the first `cap` matches (with `extra` conditions) in `order`.
    fn ids(&self, extra: &str, order: &str, cap: u32, conn: &Connection) -> CoreResult<Vec<i64>> {
        self.ids_from(&self.from, extra, order, cap, conn)
    }

    /// [`Conditions::ids`], read from `from`.
    fn ids_from(
        &self,
        from: &str,
        extra: &str,
        order: &str,
        cap: u32,
        conn: &Connection,
    ) -> CoreResult<Vec<i64>> {
        let Conditions { sql, args, .. } = self;
        if cap == 0 {
            return Ok(Vec::new());
        }
        Ok(conn
            .prepare_cached(&format!("SELECT d.id FROM {from}{sql}{extra} ORDER BY {order} LIMIT {cap}"))?
            .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// The page at `offset` of the matches whose first ids (up to `COUNT_CAP + 1`) are
    /// `ids`: read by id when it lies among them, else by its own query in `order` (after
    /// the `first` clause's `on_top` rows, when the list puts some on top).
    #[allow(clippy::too_many_arguments)]
    fn page_of<T>(
        &self,
        conn: &Connection,
        select: &impl Fn(&str) -> String,
        ids: Vec<i64>,
        (first, order): (Option<(&str, u32)>, &str),
        offset: u32,
        limit: u32,
        mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> CoreResult<Page<T>> {
        let Conditions { sql, args, from, base, .. } = self;
        let limit = page_size(limit);
        let total = ids.len() as u32;
        let indexing = match self.index {
            Some(index) => conn
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_rebuild WHERE index_name = ?1)")?
                .query_row([index.table()], |r| r.get(0))?,
            None => false,
        };
        let items = if offset.saturating_add(limit) <= COUNT_CAP + 1 {
            let start = (offset as usize).min(ids.len());
            let end = (start + limit as usize).min(ids.len());
            let shown = serde_json::to_string(&ids[start..end]).expect("ids serialise");
            // `j.key` is each id's place in the page: the rows come back in its order.
            let rows_from = format!("json_each(?1) AS j CROSS JOIN {base}");
            let query = format!("{} WHERE d.id = j.value ORDER BY j.key", select(&rows_from));
            let mut statement = conn.prepare_cached(&query)?;
            statement.query_map([shown], |r| map(r))?.collect::<Result<_, _>>()?
        } else {
            // Past the count: the rows on top are all among the ids already read.
            let (extra, offset) = match first {
                Some((clause, on_top)) => (format!(" AND NOT ({clause})"), offset.saturating_sub(on_top)),
                None => (String::new(), offset),
            };
            let query =
                format!("{}{sql}{extra} ORDER BY {order} LIMIT {limit} OFFSET {offset}", select(from));
            let mut statement = conn.prepare_cached(&query)?;
            statement
                .query_map(rusqlite::params_from_iter(args.iter()), |r| map(r))?
                .collect::<Result<_, _>>()?
        };
        Ok(Page { items, total: total.min(COUNT_CAP), total_capped: total > COUNT_CAP, indexing })
    }
}

/// Run `f`'s reads in one snapshot: what the first query found, the next reads as it
/// was (a write committed between them is not seen by either).
fn snapshot<T>(conn: &Connection, f: impl FnOnce() -> CoreResult<T>) -> CoreResult<T> {
    if !conn.is_autocommit() {
        return f();
    }
    conn.execute_batch("BEGIN DEFERRED")?;
    let result = f();
    // Ending a read transaction cannot lose anything; its error is the database's state.
    let ended = conn.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
    let value = result?;
    ended?;
    Ok(value)
}

/// The rows of a page: 50 when not said, at most 200.
fn page_size(limit: u32) -> u32 {
    match limit {
        0 => 50,
        n => n.min(200),
    }
}

/// What a person typed, matched as an index matches it ([`match_expression`]) against
/// `column`, folded text of a small table that has no index (the directory): every word
/// whole, the last one a prefix, found at the start of a word. Returns the conditions to
/// append (" AND …", numbered after the parameters already in `args`) and adds their
/// parameters to `args`.
pub fn words_at_starts(
    typed: Option<&str>,
    column: &str,
    args: &mut Vec<Box<dyn ToSql>>,
) -> CoreResult<String> {
    let mut sql = String::new();
    for pattern in word_patterns(typed)? {
        args.push(Box::new(pattern));
        sql.push_str(&format!(" AND (' ' || {column} || ' ') LIKE ?{}", args.len()));
    }
    Ok(sql)
}

/// The `LIKE` patterns of [`words_at_starts`] over a folded text with a space added at
/// each end ("tham m": `% tham %` and `% m%`). Folded text is words between single
/// spaces, so a word starts after a space; the typed words are letters and digits only,
/// nothing a pattern reads as a wildcard.
fn word_patterns(typed: Option<&str>) -> CoreResult<Vec<String>> {
    let words = words(typed)?;
    let last = words.len().saturating_sub(1);
    Ok(words
        .into_iter()
        .enumerate()
        .map(|(n, word)| if n == last { format!("% {word}%") } else { format!("% {word} %") })
        .collect())
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
    use super::{match_expression, symbol_prefix, word_patterns, words_at_starts};

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

    #[test]
    fn the_directory_matches_whole_words_and_the_last_as_a_prefix() {
        let patterns = |typed: &str| word_patterns(Some(typed)).unwrap();
        assert_eq!(patterns("Tham M"), vec!["% tham %", "% m%"]);
        assert_eq!(patterns("50% _a"), vec!["% 50 %", "% a%"], "nothing a LIKE pattern reads");
        assert!(patterns(" - ").is_empty());
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(1)];
        let sql = words_at_starts(Some("sở y"), "u.search_text", &mut args).unwrap();
        assert_eq!(
            sql,
            " AND (' ' || u.search_text || ' ') LIKE ?2 AND (' ' || u.search_text || ' ') LIKE ?3"
        );
        assert_eq!(args.len(), 3);
    }
}

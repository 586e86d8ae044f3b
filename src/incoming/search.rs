//! The full-text index of incoming documents. Text is folded by the core (`fold`), never
//! by SQLite, and typed queries are turned into quoted tokens so that nothing a person
//! types (`123/QĐ-UBND`, quotes, stray symbols) is read as FTS syntax.

use crate::error::CoreResult;
use crate::fold::fold;
use rusqlite::{Connection, params};

/// Replace the indexed text of document `id`.
pub fn index(conn: &Connection, id: i64, parts: &[&str]) -> CoreResult<()> {
    conn.execute("DELETE FROM incoming_search WHERE rowid = ?1", [id])?;
    conn.execute(
        "INSERT INTO incoming_search (rowid, text) VALUES (?1, ?2)",
        params![id, fold(&parts.join(" "))],
    )?;
    Ok(())
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

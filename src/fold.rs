//! Vietnamese text folding for search: "Đồng" and "dong" must meet.
//!
//! SQLite's own folding drops stacked diacritics but leaves đ/Đ alone and lowercases
//! ASCII only, so the core folds text itself, the same way for what it stores and for
//! what the user types.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, strip diacritics (including đ → d), keep letters and digits, and collapse
/// everything else to single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Compatibility forms too: fullwidth "１２３" is the same number as "123".
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Canonical composed form, for everything the core stores and draws.
pub fn nfc(text: &str) -> String {
    // What the core stores is composed already: checking is cheaper than composing again.
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

/// Characters that print nothing and can hide or reorder what text says: zero-width
/// characters, bidirectional controls, the byte-order mark, soft hyphens, and control
/// characters other than line breaks and tabs.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Text as the core stores it: composed (NFC), without invisible characters.
pub fn clean(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).nfc().collect()
}

/// A number and symbol as the core stores it: compatibility forms folded (NFKC, so
/// fullwidth digits and letters become ordinary ones), without invisible characters.
pub fn clean_symbol(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::{clean, clean_symbol, fold};

    #[test]
    fn stored_text_loses_invisible_characters_and_symbols_their_fullwidth_forms() {
        assert_eq!(clean("Về\u{200B} việc\u{202E} ngân sách\u{FEFF}"), "Về việc ngân sách");
        assert_eq!(clean("dòng 1\ndòng 2"), "dòng 1\ndòng 2");
        assert_eq!(clean_symbol("１２３/ＵＢＮＤ-ＫＴ"), "123/UBND-KT");
        assert_eq!(fold("１２３/ＱĐ-ＵＢＮＤ"), fold("123/QĐ-UBND"));
    }

    /// The lines of `tests/fold-cases.tsv`, the table the UI's fold is tested against
    /// too: (input, folded).
    fn table() -> Vec<(String, String)> {
        let unescape = |text: &str| {
            let mut out = String::new();
            let mut rest = text;
            while let Some(at) = rest.find('\\') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                if let Some(after) = rest.strip_prefix("\\t") {
                    out.push('\t');
                    rest = after;
                } else if let Some(after) = rest.strip_prefix("\\u{") {
                    let end = after.find('}').expect("\\u{…} is closed");
                    let code = u32::from_str_radix(&after[..end], 16).expect("a hexadecimal code");
                    out.push(char::from_u32(code).expect("a character"));
                    rest = &after[end + 1..];
                } else {
                    out.push('\\');
                    rest = &rest[1..];
                }
            }
            out + rest
        };
        include_str!("../tests/fold-cases.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let (input, folded) = line.split_once('\t').expect("input, a tab, the folded form");
                (unescape(input), folded.to_string())
            })
            .collect()
    }

    #[test]
    fn folds_as_the_shared_table_says() {
        let cases = table();
        assert!(cases.len() >= 15, "the table was read ({} lines)", cases.len());
        for (input, expected) in cases {
            assert_eq!(fold(&input), expected, "folding {input:?}");
        }
    }
}

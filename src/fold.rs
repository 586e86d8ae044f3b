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

    #[test]
    fn folds_vietnamese_to_plain_words() {
        let cases = [
            ("Đồng Nai", "dong nai"),
            ("văn bản", "van ban"),
            ("123/QĐ-UBND", "123 qd ubnd"),
            ("  Sở  Y tế ", "so y te"),
            ("NGHỆ AN", "nghe an"),
            ("\"quoted\" * OR (", "quoted or"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "folding {input:?}");
        }
    }
}

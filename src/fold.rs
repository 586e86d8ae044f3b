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
    for c in text.nfd() {
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
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

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

//! A command's name is its type's name in snake_case (`OutgoingCountsGet` is
//! `outgoing_counts_get`), computed at compile time, so it is never typed twice.

/// The length of `name` in snake_case: one more byte before every capital but the first.
pub const fn snake_len(name: &str) -> usize {
    let bytes = name.as_bytes();
    let mut length = bytes.len();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            length += 1;
        }
        i += 1;
    }
    length
}

/// `name` (an ASCII CamelCase type name) in snake_case, `N` bytes long ([`snake_len`]).
pub const fn snake<const N: usize>(name: &str) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut j) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_uppercase() {
            if i > 0 {
                out[j] = b'_';
                j += 1;
            }
            out[j] = b.to_ascii_lowercase();
        } else {
            out[j] = b;
        }
        j += 1;
        i += 1;
    }
    out
}

/// The snake_case name of a command type, as a `&'static str` constant.
macro_rules! command_name {
    ($command:ident) => {{
        const TYPE: &str = stringify!($command);
        const BYTES: &[u8; $crate::commands::naming::snake_len(TYPE)] =
            &$crate::commands::naming::snake::<{ $crate::commands::naming::snake_len(TYPE) }>(TYPE);
        match ::core::str::from_utf8(BYTES) {
            Ok(name) => name,
            Err(_) => panic!("a command's type name is ASCII"),
        }
    }};
}
pub(crate) use command_name;

//! PEM text: the DER inside its labelled blocks (certificates, revocation lists).

/// The DER inside each `-----BEGIN <label>-----` block of a PEM text.
pub(super) fn blocks(bytes: &[u8], label: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let text = String::from_utf8_lossy(bytes);
    let (begin, end) = (format!("-----BEGIN {label}-----"), format!("-----END {label}-----"));
    text.split(begin.as_str())
        .skip(1)
        .filter_map(|block| block.split(end.as_str()).next())
        .filter_map(|b64| {
            let clean: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD.decode(clean).ok()
        })
        .collect()
}

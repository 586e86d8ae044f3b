//! The PDF file itself, written as the pages are laid out (ISO 32000-1): each page's
//! content stream is compressed and appended when the page is done, so a register of
//! thousands of pages never holds its pages as objects, and nothing is serialised twice.
//!
//! Text is shown with Type 0 fonts (`Identity-H`): a glyph is written as its id in the
//! embedded subset, two bytes. Ids are given in the order glyphs are first drawn
//! ([`Glyphs`]), the subset is cut at the end with exactly that numbering, and the `/W`
//! widths and the `/ToUnicode` map (so text copies and searches as Vietnamese) are written
//! from the same table.

use super::faces::{FONT_FILES, Face, fonts};
use crate::error::CoreResult;
use sha2::{Digest, Sha256};
use std::io::Write;

/// Objects whose numbers are fixed before the pages: the catalog, the page tree, the
/// resources every page shares and the document information.
const CATALOG: usize = 1;
const PAGES: usize = 2;
const RESOURCES: usize = 3;
const INFO: usize = 4;

/// The glyphs of one face a document draws, numbered as the subset will number them:
/// id 0 is `.notdef`, then 1, 2, … in the order of first use.
pub(super) struct Glyphs {
    /// The subset's id of each glyph of the face (0: not drawn yet).
    new_of_old: Vec<u16>,
    /// The face's glyph id of each subset id, and the character it was drawn for.
    drawn: Vec<(u16, char)>,
}

impl Glyphs {
    pub(super) fn new(glyph_count: usize) -> Glyphs {
        Glyphs { new_of_old: vec![0; glyph_count], drawn: vec![(0, '\0')] }
    }

    /// The subset's id of `old`, drawn for `c`.
    #[inline]
    pub(super) fn id(&mut self, old: u16, c: char) -> u16 {
        if old == 0 {
            return 0;
        }
        let slot = &mut self.new_of_old[old as usize];
        if *slot == 0 {
            *slot = self.drawn.len() as u16;
            self.drawn.push((old, c));
        }
        *slot
    }

    /// The face's glyph ids, in the subset's order.
    pub(super) fn face_ids(&self) -> Vec<u16> {
        self.drawn.iter().map(|(old, _)| *old).collect()
    }

    fn is_used(&self) -> bool {
        self.drawn.len() > 1
    }
}

/// The file being written.
pub(super) struct Writer {
    out: Vec<u8>,
    /// Where each object starts (object n at index n - 1; 0 until written).
    offsets: Vec<usize>,
    pages: Vec<usize>,
}

impl Writer {
    pub(super) fn new(title: &str) -> Writer {
        let mut writer =
            Writer { out: Vec::with_capacity(64 * 1024), offsets: vec![0; INFO], pages: Vec::new() };
        // The binary comment tells transfer programs the file is not text.
        writer.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        writer.begin(CATALOG);
        writer.out.extend_from_slice(b"<< /Type /Catalog /Pages 2 0 R >>");
        writer.end();
        writer.begin(INFO);
        writer.out.extend_from_slice(b"<< /Producer (vanphong) /Title ");
        text_string(&mut writer.out, title);
        writer.out.extend_from_slice(b" >>");
        writer.end();
        writer
    }

    pub(super) fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn reserve(&mut self) -> usize {
        self.offsets.push(0);
        self.offsets.len()
    }

    fn begin(&mut self, id: usize) {
        self.offsets[id - 1] = self.out.len();
        let _ = writeln!(self.out, "{id} 0 obj");
    }

    fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// A stream object, compressed when that makes it smaller; `extra` goes into its
    /// dictionary as it is.
    fn stream(&mut self, data: &[u8], extra: &str) -> CoreResult<usize> {
        let id = self.reserve();
        let compressed = deflate(data)?;
        self.begin(id);
        if compressed.len() + 19 < data.len() {
            let _ =
                write!(self.out, "<< /Length {} /Filter /FlateDecode{extra} >>\nstream\n", compressed.len());
            self.out.extend_from_slice(&compressed);
        } else {
            let _ = write!(self.out, "<< /Length {}{extra} >>\nstream\n", data.len());
            self.out.extend_from_slice(data);
        }
        self.out.extend_from_slice(b"\nendstream");
        self.end();
        Ok(id)
    }

    /// A finished page: `content` is its content stream, `width` and `height` in points.
    pub(super) fn page(&mut self, width: f32, height: f32, content: &[u8]) -> CoreResult<()> {
        let contents = self.stream(content, "")?;
        let id = self.reserve();
        self.begin(id);
        self.out.extend_from_slice(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
        number(&mut self.out, width);
        self.out.push(b' ');
        number(&mut self.out, height);
        let _ = write!(self.out, "] /Resources 3 0 R /Contents {contents} 0 R >>");
        self.end();
        self.pages.push(id);
        Ok(())
    }

    /// The fonts, the resources, the page tree and the cross-reference table.
    pub(super) fn finish(mut self, glyphs: &[Glyphs; 4]) -> CoreResult<Vec<u8>> {
        let mut fonts_used = Vec::new();
        for face in Face::ALL {
            let drawn = &glyphs[face.index()];
            if drawn.is_used() {
                fonts_used.push((face, self.font(face, drawn)?));
            }
        }
        self.begin(RESOURCES);
        self.out.extend_from_slice(b"<< /Font <<");
        for (face, id) in &fonts_used {
            let _ = write!(self.out, " /F{} {id} 0 R", face.index());
        }
        self.out.extend_from_slice(b" >> >>");
        self.end();
        self.begin(PAGES);
        self.out.extend_from_slice(b"<< /Type /Pages /Kids [");
        for id in &self.pages {
            let _ = write!(self.out, "{id} 0 R ");
        }
        let _ = write!(self.out, "] /Count {} >>", self.pages.len());
        self.end();
        let xref = self.out.len();
        let _ = write!(self.out, "xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            let _ = writeln!(self.out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            self.out,
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        );
        Ok(self.out)
    }

    /// One face as a Type 0 font over the subset of the glyphs drawn; returns its object.
    fn font(&mut self, face: Face, drawn: &Glyphs) -> CoreResult<usize> {
        let full = &fonts().faces[face.index()];
        let olds = drawn.face_ids();
        let (program, cid_to_gid) = match cut(face, &olds) {
            Some(program) => (program, None),
            // Should the subsetter fail, the whole face goes in, the ids mapped back to
            // the face's own: a heavier file, never a wrong one.
            None => {
                let map: Vec<u8> = olds.iter().flat_map(|old| old.to_be_bytes()).collect();
                (full.original_bytes.clone(), Some(map))
            }
        };
        let name = format!("{}+{}", tag(face, &drawn.drawn), face.postscript_name());
        let file = self.stream(&program, &format!(" /Length1 {}", program.len()))?;
        let cid_to_gid = match cid_to_gid {
            Some(map) => format!("{} 0 R", self.stream(&map, "")?),
            None => "/Identity".to_string(),
        };
        let to_unicode = self.stream(&to_unicode(&drawn.drawn), "")?;

        let per_em = full.units_per_em.max(1) as f32;
        let scaled = |v: i32| (v as f32 * 1000.0 / per_em).round() as i32;
        let m = &full.pdf_font_metrics;
        let italic_angle = if m.caret_slope_rise == 0 {
            0
        } else {
            (-(m.caret_slope_run as f32).atan2(m.caret_slope_rise as f32).to_degrees()).round() as i32
        };
        // Non-symbolic (bit 6), italic (bit 7) — ISO 32000-1 Table 123.
        let flags = 32 | if italic_angle != 0 { 64 } else { 0 };
        let stem_v = if m.us_weight_class == 0 {
            80
        } else {
            50 + ((m.us_weight_class as f32 / 65.0).powi(2)).round() as i32
        };
        let ascent = scaled(full.font_metrics.ascent as i32);
        let descriptor = self.reserve();
        self.begin(descriptor);
        let _ = write!(
            self.out,
            "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] \
             /ItalicAngle {italic_angle} /Ascent {ascent} /Descent {} /CapHeight {ascent} /StemV {stem_v} \
             /FontFile2 {file} 0 R >>",
            scaled(m.x_min as i32),
            scaled(m.y_min as i32),
            scaled(m.x_max as i32),
            scaled(m.y_max as i32),
            scaled(full.font_metrics.descent as i32),
        );
        self.end();

        let cid_font = self.reserve();
        self.begin(cid_font);
        let _ = write!(
            self.out,
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {descriptor} 0 R /CIDToGIDMap {cid_to_gid} /DW 1000 /W [0 ["
        );
        for (old, _) in &drawn.drawn {
            let advance = full.get_glyph_width(*old).unwrap_or(0);
            let _ = write!(self.out, "{} ", scaled(advance as i32));
        }
        self.out.extend_from_slice(b"]] >>");
        self.end();

        let font = self.reserve();
        self.begin(font);
        let _ = write!(
            self.out,
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        );
        self.end();
        Ok(font)
    }
}

/// The face cut down to `olds` (the subset's ids are their positions; `olds[0]` is
/// `.notdef`) and the glyphs their outlines are built from; `None` if the subsetter fails.
pub(super) fn cut(face: Face, olds: &[u16]) -> Option<Vec<u8>> {
    let remapper = subsetter::GlyphRemapper::new_from_glyphs(&olds[1..]);
    // The numbering the content streams were written with must be the subset's.
    if olds.iter().enumerate().any(|(new, old)| remapper.get(*old) != Some(new as u16)) {
        tracing::warn!(face = face.postscript_name(), "subset numbering differs; embedding the whole face");
        return None;
    }
    match subsetter::subset(FONT_FILES[face.index()], 0, &remapper) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            tracing::warn!(face = face.postscript_name(), %error, "font not subset; embedding the whole face");
            None
        }
    }
}

/// The six-letter subset tag of ISO 32000-1 § 9.6.4, derived from the face and the glyphs
/// kept, so the same text always gives the same file.
fn tag(face: Face, drawn: &[(u16, char)]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(face.postscript_name());
    for (old, c) in drawn {
        hasher.update(old.to_le_bytes());
        hasher.update((*c as u32).to_le_bytes());
    }
    hasher.finalize()[..6].iter().map(|b| char::from(b'A' + b % 26)).collect()
}

/// The `/ToUnicode` CMap: each subset id to the character it was drawn for.
fn to_unicode(drawn: &[(u16, char)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
          /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
          /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
          1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(usize, char)> =
        drawn.iter().enumerate().skip(1).map(|(new, (_, c))| (new, *c)).collect();
    // At most 100 entries to a block.
    for block in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for (new, c) in block {
            let _ = write!(out, "<{new:04X}> <");
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "{unit:04X}");
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// Compressed at zlib's level 2: on a 275-page register, 25 ms and 870 kB, where the
/// default level 6 takes 38 ms (compression was half of the time) for 774 kB, and level 1
/// 22 ms for 1,142 kB.
fn deflate(data: &[u8]) -> CoreResult<Vec<u8>> {
    let mut encoder =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3), flate2::Compression::new(2));
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// A text string of the document information: UTF-16BE with its byte order mark, in hex.
fn text_string(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        hex4(out, unit);
    }
    out.push(b'>');
}

/// Four hexadecimal digits.
#[inline]
pub(super) fn hex4(out: &mut Vec<u8>, value: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        DIGITS[(value >> 12) as usize],
        DIGITS[(value >> 8 & 15) as usize],
        DIGITS[(value >> 4 & 15) as usize],
        DIGITS[(value & 15) as usize],
    ]);
}

/// A number in a content stream, to the hundredth (a hundredth of a point is far below
/// what any printer or screen shows).
pub(super) fn number(out: &mut Vec<u8>, value: f32) {
    let hundredths = (value as f64 * 100.0).round() as i64;
    if hundredths < 0 {
        out.push(b'-');
    }
    let hundredths = hundredths.unsigned_abs();
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = whole;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    if fraction != 0 {
        out.push(b'.');
        out.push(b'0' + (fraction / 10) as u8);
        if fraction % 10 != 0 {
            out.push(b'0' + (fraction % 10) as u8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{number, to_unicode};

    #[test]
    fn numbers_are_written_to_the_hundredth() {
        let written = |v: f32| {
            let mut out = Vec::new();
            number(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        let cases = [
            (0.0, "0"),
            (12.0, "12"),
            (12.5, "12.5"),
            (841.889, "841.89"),
            (0.05, "0.05"),
            (-3.25, "-3.25"),
            (-0.001, "0"),
            (595.2756, "595.28"),
        ];
        for (value, text) in cases {
            assert_eq!(written(value), text, "{value}");
        }
    }

    #[test]
    fn the_unicode_map_names_each_glyph_its_character() {
        let map = String::from_utf8(to_unicode(&[(0, '\0'), (36, 'Đ'), (80, 'ồ'), (12, '𝔸')])).unwrap();
        assert!(map.contains("3 beginbfchar"), "{map}");
        assert!(map.contains("<0001> <0110>"), "{map}");
        assert!(map.contains("<0002> <1ED3>"), "{map}");
        assert!(map.contains("<0003> <D835DD38>"), "{map}");
    }
}

//! The embedded faces (Liberation Serif, four styles), parsed once per process: their
//! glyphs and advances, the widths of text and its wrapping into lines. The layout
//! ([`super`]) measures with them; the file writer (`write.rs`) embeds them.

use crate::fold::nfc;
use printpdf::ParsedFont;
use std::sync::OnceLock;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub(super) const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// The PostScript name of the embedded face.
    pub(super) fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSerif",
            Face::Bold => "LiberationSerif-Bold",
            Face::Italic => "LiberationSerif-Italic",
            Face::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::BoldItalic => 3,
        }
    }
}

/// Characters below this are looked up in a table of their own (Latin, Vietnamese,
/// punctuation): a register draws millions of them.
const QUICK: usize = 0x2200;

pub struct Fonts {
    pub(super) faces: [ParsedFont; 4],
    /// Glyph id and advance of each character below [`QUICK`], per face.
    quick: [Box<[(u16, u16)]>; 4],
}

pub(super) const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
];

/// The embedded fonts, parsed once per process.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let parse = |bytes: &[u8]| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the embedded Liberation Serif parses")
        };
        let faces = FONT_FILES.map(parse);
        let quick = std::array::from_fn(|n| {
            (0..QUICK as u32)
                .map(|code| {
                    let glyph = faces[n].lookup_glyph_index(code).unwrap_or(0);
                    (glyph, faces[n].get_glyph_width(glyph).unwrap_or(0))
                })
                .collect()
        });
        Fonts { faces, quick }
    })
}

impl Fonts {
    /// Width of `text` in millimetres at `size` points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.units(face, &nfc(text)) as f32 * self.scale(face, size)
    }

    /// The glyph id and advance of `c` in `face` (0 and 0 when the face has none).
    #[inline]
    pub(super) fn glyph(&self, face: Face, c: char) -> (u16, u16) {
        if let Some(known) = self.quick[face.index()].get(c as usize) {
            return *known;
        }
        let font = &self.faces[face.index()];
        let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
        (glyph, font.get_glyph_width(glyph).unwrap_or(0))
    }

    /// Advance of `text` (composed) in font units: the sum of its glyphs' (no kerning),
    /// so a line's width is its words' and spaces' widths added up.
    pub(super) fn units(&self, face: Face, text: &str) -> u32 {
        text.chars().map(|c| self.glyph(face, c).1 as u32).sum()
    }

    /// Millimetres per font unit at `size` points.
    pub(super) fn scale(&self, face: Face, size: f32) -> f32 {
        size / self.faces[face.index()].units_per_em as f32 / PT_PER_MM
    }

    /// The number of glyphs of `face`.
    pub(super) fn glyph_count(&self, face: Face) -> usize {
        self.faces[face.index()].glyph_widths.keys().next_back().map_or(1, |last| *last as usize + 1)
    }

    /// Break `text` into lines no wider than `max_width` mm, at spaces where possible and
    /// inside a word only when the word alone is too wide. Keeps explicit line breaks.
    /// Each word is measured once (a register wraps tens of thousands of cells).
    pub fn wrap(&self, face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let scale = self.scale(face, size);
        let fits = |units: u32| units as f32 * scale <= max_width;
        let space = self.units(face, " ");
        let mut lines = Vec::new();
        for paragraph in nfc(text).split('\n') {
            let (mut line, mut line_units) = (String::new(), 0u32);
            for word in paragraph.split_whitespace() {
                let word_units = self.units(face, word);
                let candidate = if line.is_empty() { word_units } else { line_units + space + word_units };
                if fits(candidate) {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_units = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column is cut where it must be.
                let (mut piece, mut piece_units) = (String::new(), 0u32);
                for c in word.chars() {
                    let c_units = self.units(face, c.encode_utf8(&mut [0; 4]));
                    if !piece.is_empty() && !fits(piece_units + c_units) {
                        lines.push(std::mem::take(&mut piece));
                        piece_units = 0;
                    }
                    piece.push(c);
                    piece_units += c_units;
                }
                (line, line_units) = (piece, piece_units);
            }
            lines.push(line);
        }
        lines
    }
}

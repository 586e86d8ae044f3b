//! PDF output: a small layout engine on printpdf. It embeds Liberation Serif (a
//! Times-metric serif with Vietnamese), draws NFC text only (printpdf misplaces combining
//! marks), measures text with the font's own glyph advances, wraps it, and lays out
//! tables that flow over pages with their header repeated. Positions are in millimetres
//! from the page's top-left corner; baselines are given explicitly.
//!
//! Each face a document shows is embedded as a subset holding only the glyphs it draws
//! (typst's `subsetter`, see `subset` below): a one-page document weighs tens of kilobytes,
//! not the 1.5 MB of the four whole faces.

pub mod forms;
pub mod official;

use crate::error::{CoreError, CoreResult};
use crate::fold::nfc;
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const PT_PER_MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    /// The PostScript name of the embedded face.
    fn postscript_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSerif",
            Face::Bold => "LiberationSerif-Bold",
            Face::Italic => "LiberationSerif-Italic",
            Face::BoldItalic => "LiberationSerif-BoldItalic",
        }
    }

    fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::BoldItalic => 3,
        }
    }
}

pub struct Fonts {
    faces: [ParsedFont; 4],
}

const FONT_FILES: [&[u8]; 4] = [
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
        Fonts { faces: FONT_FILES.map(parse) }
    })
}

impl Fonts {
    /// Width of `text` in millimetres at `size` points.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.units(face, &nfc(text)) as f32 * self.scale(face, size)
    }

    /// Advance of `text` (composed) in font units: the sum of its glyphs' (no kerning),
    /// so a line's width is its words' and spaces' widths added up.
    fn units(&self, face: Face, text: &str) -> u32 {
        let font = &self.faces[face.index()];
        text.chars()
            .map(|c| {
                let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
                font.get_glyph_width(glyph).unwrap_or(0) as u32
            })
            .sum()
    }

    /// Millimetres per font unit at `size` points.
    fn scale(&self, face: Face, size: f32) -> f32 {
        size / self.faces[face.index()].units_per_em as f32 / PT_PER_MM
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

/// A face at a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font(pub Face, pub f32);

/// One page being drawn.
pub struct Canvas {
    width: f32,
    height: f32,
    ops: Vec<Op>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Canvas {
    pub fn new(width: f32, height: f32) -> Canvas {
        Canvas { width, height, ops: Vec::new() }
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point { x: Pt(x * PT_PER_MM), y: Pt((self.height - y) * PT_PER_MM) }
    }

    /// Draw one line of text with its baseline at `baseline` mm from the top; `x` is the
    /// left edge, the centre or the right edge depending on `align`.
    pub fn text(
        &mut self,
        pdf: &Pdf,
        Font(face, size): Font,
        x: f32,
        baseline: f32,
        align: Align,
        text: &str,
    ) {
        let text = nfc(text);
        if text.is_empty() {
            return;
        }
        let width = fonts().width(face, size, &text);
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        let pos = self.point(left, baseline);
        // One text section per line: the text cursor is relative to the section's start.
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(pdf.font(face)), size: Pt(size) },
            Op::SetTextCursor { pos },
            Op::ShowText { items: vec![TextItem::Text(text)] },
            Op::EndTextSection,
        ]);
    }

    /// Append raw operations (a line laid out by the caller).
    pub(crate) fn push(&mut self, ops: Vec<Op>) {
        self.ops.extend(ops);
    }

    /// Draw and write in `colour` (red, green, blue from 0 to 1) from here on.
    pub fn colour(&mut self, (r, g, b): (f32, f32, f32)) {
        let col = printpdf::Color::Rgb(printpdf::Rgb { r, g, b, icc_profile: None });
        self.ops.push(Op::SetFillColor { col: col.clone() });
        self.ops.push(Op::SetOutlineColor { col });
    }

    /// The outline of a rectangle, its top-left corner at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, thickness_pt: f32) {
        let corners = [(x, y), (x + width, y), (x + width, y + height), (x, y + height)];
        self.closed(&corners, thickness_pt);
    }

    /// The outline of a circle (a polygon fine enough not to show its corners).
    pub fn circle(&mut self, cx: f32, cy: f32, radius: f32, thickness_pt: f32) {
        let points: Vec<(f32, f32)> = (0..72)
            .map(|n| {
                let a = n as f32 * std::f32::consts::TAU / 72.0;
                (cx + radius * a.cos(), cy + radius * a.sin())
            })
            .collect();
        self.closed(&points, thickness_pt);
    }

    fn closed(&mut self, points: &[(f32, f32)], thickness_pt: f32) {
        let points = points.iter().map(|(x, y)| LinePoint { p: self.point(*x, *y), bezier: false }).collect();
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness_pt) });
        self.ops.push(Op::DrawLine { line: Line { points, is_closed: true } });
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        let points = vec![
            LinePoint { p: self.point(x1, y1), bezier: false },
            LinePoint { p: self.point(x2, y2), bezier: false },
        ];
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness_pt) });
        self.ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }
}

/// A document being built. A face is registered when first used and embedded, when the
/// document is finished, as a subset of the glyphs its pages show: a PDF carries only the
/// fonts, and of them only the glyphs, it needs.
pub struct Pdf {
    document: std::cell::RefCell<PdfDocument>,
    font_ids: [std::cell::OnceCell<FontId>; 4],
    pages: Vec<PdfPage>,
}

impl Pdf {
    pub fn new(title: &str) -> Pdf {
        Pdf {
            document: std::cell::RefCell::new(PdfDocument::new(&nfc(title))),
            font_ids: Default::default(),
            pages: Vec::new(),
        }
    }

    pub(crate) fn font(&self, face: Face) -> FontId {
        self.font_ids[face.index()]
            .get_or_init(|| self.document.borrow_mut().add_font(&fonts().faces[face.index()]))
            .clone()
    }

    pub fn add(&mut self, canvas: Canvas) {
        self.pages.push(PdfPage::new(Mm(canvas.width), Mm(canvas.height), canvas.ops));
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The PDF, its fonts subset and its streams compressed: the size to send and keep.
    /// (Registers used to be written uncompressed because compressing whole faces was
    /// most of their time; subsets are small, so every document is compressed.)
    pub fn finish(mut self) -> CoreResult<Vec<u8>> {
        let mut warnings = Vec::new();
        let pages = std::mem::take(&mut self.pages);
        let mut document = self.document.into_inner();
        let shown = characters_shown(&pages);
        for face in Face::ALL {
            let Some(id) = self.font_ids[face.index()].get() else { continue };
            let Some(characters) = shown.get(id) else { continue };
            if let Some(font) = document.resources.fonts.map.get_mut(id) {
                font.parsed_font = subset(face, characters);
            }
        }
        // Streams are compressed here, at zlib's default level: printpdf's `optimize`
        // compresses at the best level, which took a third of a long register's time for
        // a few per cent of its size.
        let options = PdfSaveOptions { optimize: false, ..Default::default() };
        let mut lopdf = document.with_pages(pages).to_lopdf_document(&options, &mut warnings);
        for object in lopdf.objects.values_mut() {
            if let lopdf::Object::Stream(stream) = object {
                compress(stream)?;
            }
        }
        let mut bytes = Vec::new();
        lopdf.save_to(&mut bytes)?;
        if bytes.is_empty() {
            return Err(CoreError::Io(std::io::Error::other(format!("PDF not written: {warnings:?}"))));
        }
        Ok(bytes)
    }
}

/// Deflate a stream not yet filtered, when that makes it smaller.
fn compress(stream: &mut lopdf::Stream) -> CoreResult<()> {
    use std::io::Write;
    if stream.dict.get(b"Filter").is_ok() {
        return Ok(());
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&stream.content)?;
    let compressed = encoder.finish()?;
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
    Ok(())
}

/// The characters each font shows on `pages`: every text operation printpdf encodes with
/// the font's character map (text is never drawn as raw glyph ids here).
fn characters_shown(pages: &[PdfPage]) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut shown: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        let mut font: Option<&FontId> = None;
        let mut show = |font: Option<&FontId>, text: &str| {
            if let Some(id) = font {
                shown.entry(id.clone()).or_default().extend(text.chars());
            }
        };
        for op in &page.ops {
            match op {
                Op::SetFont { font: handle, .. } => {
                    font = match handle {
                        PdfFontHandle::External(id) => Some(id),
                        PdfFontHandle::Builtin(_) => None,
                    }
                }
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(text) = item {
                            show(font, text);
                        }
                    }
                }
                Op::MoveToNextLineShowText { text } | Op::SetSpacingMoveAndShowText { text, .. } => {
                    show(font, text)
                }
                _ => {}
            }
        }
    }
    shown
}

/// `face` reduced to the glyphs of `characters` (and the glyphs their outlines are built
/// from), renumbered from 1 in the order of the original glyph ids. The returned font maps
/// each character to its new glyph id and keeps the advances, so printpdf writes the
/// content stream, `/W` and `/ToUnicode` against the subset as it would against the whole
/// face. The name carries the six-letter subset tag of ISO 32000-1 § 9.6.4, derived from
/// the face and the glyphs kept, so the same text always gives the same file.
///
/// Should the subsetter fail, the whole face is embedded: a heavier file, never a wrong one.
fn subset(face: Face, characters: &BTreeSet<char>) -> ParsedFont {
    let full = &fonts().faces[face.index()];
    let glyphs: BTreeMap<char, u16> =
        characters.iter().filter_map(|&c| Some((c, full.lookup_glyph_index(c as u32)?))).collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    for glyph in glyphs.values().copied().collect::<BTreeSet<u16>>() {
        remapper.remap(glyph);
    }
    let bytes = match subsetter::subset(FONT_FILES[face.index()], full.font_index, &remapper) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(face = face.postscript_name(), %error, "font not subset; embedding the whole face");
            return full.clone();
        }
    };
    let codepoint_to_glyph: BTreeMap<u32, u16> =
        glyphs.iter().filter_map(|(&c, &old)| Some((c as u32, remapper.get(old)?))).collect();
    let glyph_widths: BTreeMap<u16, u16> = std::iter::once(0)
        .chain(glyphs.values().copied())
        .filter_map(|old| Some((remapper.get(old)?, full.get_glyph_width(old)?)))
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(face.postscript_name());
    for (c, glyph) in &codepoint_to_glyph {
        hasher.update(c.to_le_bytes());
        hasher.update(glyph.to_le_bytes());
    }
    let tag: String = hasher.finalize()[..6].iter().map(|b| char::from(b'A' + b % 26)).collect();
    ParsedFont {
        original_bytes: bytes,
        font_index: 0,
        font_name: Some(format!("{tag}+{}", face.postscript_name())),
        codepoint_to_glyph,
        glyph_widths,
        units_per_em: full.units_per_em,
        font_metrics: full.font_metrics.clone(),
        font_type: full.font_type,
        pdf_font_metrics: full.pdf_font_metrics.clone(),
    }
}

/// The number of pages of a PDF this module wrote (its page objects).
pub fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && w[needle.len()] != b's').count()
}

/// A column of a table: its heading and width in millimetres.
pub struct Column {
    pub heading: &'static str,
    pub width: f32,
    pub align: Align,
}

pub struct TableStyle {
    pub size: f32,
    pub heading_size: f32,
    pub padding: f32,
}

/// Lay out `rows` under `columns`, starting at `top` on `canvas`, continuing on new pages
/// (made by `new_page`, which returns the canvas and the y where the table resumes) with
/// the header repeated. Returns the last canvas and the y below the table.
#[allow(clippy::too_many_arguments)]
pub fn table(
    pdf: &mut Pdf,
    mut canvas: Canvas,
    left: f32,
    top: f32,
    bottom: f32,
    columns: &[Column],
    rows: &[Vec<String>],
    style: &TableStyle,
    new_page: &mut dyn FnMut(&mut Pdf) -> (Canvas, f32),
) -> (Canvas, f32) {
    let f = fonts();
    let line_height = style.size * 1.25 / PT_PER_MM;
    let heading_line = style.heading_size * 1.25 / PT_PER_MM;
    let total_width: f32 = columns.iter().map(|c| c.width).sum();

    let header = |pdf: &Pdf, canvas: &mut Canvas, y: f32| -> f32 {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .map(|c| f.wrap(Face::Bold, style.heading_size, c.heading, c.width - 2.0 * style.padding))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let height = lines as f32 * heading_line + 2.0 * style.padding;
        let mut x = left;
        for (column, text) in columns.iter().zip(&wrapped) {
            for (n, line) in text.iter().enumerate() {
                let baseline = y + style.padding + (n as f32 + 0.8) * heading_line;
                canvas.text(
                    pdf,
                    Font(Face::Bold, style.heading_size),
                    x + column.width / 2.0,
                    baseline,
                    Align::Center,
                    line,
                );
            }
            x += column.width;
        }
        grid(canvas, left, y, columns, height);
        canvas.line(left, y, left + total_width, y, 0.6);
        y + height
    };

    let mut y = header(pdf, &mut canvas, top);
    for row in rows {
        let wrapped: Vec<Vec<String>> = columns
            .iter()
            .zip(row)
            .map(|(c, text)| f.wrap(Face::Regular, style.size, text, c.width - 2.0 * style.padding))
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * line_height + 2.0 * style.padding;
        if y + height > bottom {
            canvas.line(left, y, left + total_width, y, 0.6);
            pdf.add(canvas);
            let (next, resume) = new_page(pdf);
            canvas = next;
            y = header(pdf, &mut canvas, resume);
        }
        let mut x = left;
        for (column, text) in columns.iter().zip(&wrapped) {
            for (n, line) in text.iter().enumerate() {
                let baseline = y + style.padding + (n as f32 + 0.8) * line_height;
                let anchor = match column.align {
                    Align::Left => x + style.padding,
                    Align::Center => x + column.width / 2.0,
                    Align::Right => x + column.width - style.padding,
                };
                canvas.text(pdf, Font(Face::Regular, style.size), anchor, baseline, column.align, line);
            }
            x += column.width;
        }
        grid(&mut canvas, left, y, columns, height);
        y += height;
    }
    canvas.line(left, y, left + total_width, y, 0.6);
    (canvas, y)
}

/// The vertical rules and the top rule of one table row.
fn grid(canvas: &mut Canvas, left: f32, y: f32, columns: &[Column], height: f32) {
    let total: f32 = columns.iter().map(|c| c.width).sum();
    canvas.line(left, y, left + total, y, 0.4);
    let mut x = left;
    canvas.line(x, y, x, y + height, 0.4);
    for column in columns {
        x += column.width;
        canvas.line(x, y, x, y + height, 0.4);
    }
}

#[cfg(test)]
mod tests {
    use super::{Face, fonts, subset};
    use printpdf::ParsedFont;
    use std::collections::BTreeSet;

    #[test]
    fn a_subset_keeps_the_advances_of_its_characters_under_new_glyph_ids() {
        let full = &fonts().faces[Face::Bold.index()];
        let characters: BTreeSet<char> = "Đồng ý, Ủy ban nhân dân tỉnh".chars().collect();
        let small = subset(Face::Bold, &characters);
        assert!(small.original_bytes.len() < 40_000, "{} bytes", small.original_bytes.len());
        let name = small.font_name.clone().unwrap();
        assert!(
            name.ends_with("+LiberationSerif-Bold") && name[..6].bytes().all(|b| b.is_ascii_uppercase()),
            "{name}"
        );
        // The subset's own tables (read back as any reader would) agree with the mapping
        // the content stream is written with.
        let reread =
            ParsedFont::from_bytes(&small.original_bytes, 0, &mut Vec::new()).expect("the subset parses");
        let mut new_ids = BTreeSet::new();
        for c in characters {
            let old = full.lookup_glyph_index(c as u32).unwrap();
            let new = small.lookup_glyph_index(c as u32).unwrap();
            assert!(new != 0 && new_ids.insert(new), "{c} has a glyph of its own");
            assert_eq!(small.get_glyph_width(new), full.get_glyph_width(old), "{c}");
            assert_eq!(reread.get_glyph_width(new), full.get_glyph_width(old), "{c} in the subset's hmtx");
        }
        // The tag names the subset: the same glyphs of a face, the same tag; another face or
        // other glyphs, another tag.
        let tag =
            |face, text: &str| subset(face, &text.chars().collect()).font_name.unwrap()[..6].to_string();
        assert_eq!(tag(Face::Bold, "ồ"), tag(Face::Bold, "ồ"));
        assert_ne!(tag(Face::Bold, "ồ"), tag(Face::Regular, "ồ"));
        assert_ne!(tag(Face::Bold, "ồ"), tag(Face::Bold, "ố"));
    }

    #[test]
    fn measures_and_wraps_vietnamese() {
        let f = fonts();
        let narrow = f.width(Face::Regular, 13.0, "iii");
        let wide = f.width(Face::Regular, 13.0, "MMM");
        assert!(wide > 2.0 * narrow, "glyph advances differ: {narrow} vs {wide}");
        assert!(f.width(Face::Bold, 13.0, "Đồng") > f.width(Face::Regular, 13.0, "Đồng"), "bold is wider");
        let decomposed = "Đo\u{0302}\u{0300}ng"; // "Đồng" written with combining marks
        assert!(
            (f.width(Face::Regular, 13.0, decomposed) - f.width(Face::Regular, 13.0, "Đồng")).abs() < 0.01
        );
        let lines = f.wrap(
            Face::Regular,
            13.0,
            "Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các xã miền núi",
            60.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        for line in &lines {
            assert!(f.width(Face::Regular, 13.0, line) <= 60.0, "{line} fits");
        }
        assert_eq!(lines.join(" "), "Về việc đề nghị bổ sung dự toán ngân sách năm 2026 cho các xã miền núi");
    }
}

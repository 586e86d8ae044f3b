//! PDF output: a small layout engine on printpdf. It embeds Liberation Serif (a
//! Times-metric serif with Vietnamese), draws NFC text only (printpdf misplaces combining
//! marks), measures text with the font's own glyph advances, wraps it, and lays out
//! tables that flow over pages with their header repeated. Positions are in millimetres
//! from the page's top-left corner; baselines are given explicitly.

pub mod forms;
pub mod official;

use crate::error::{CoreError, CoreResult};
use crate::fold::nfc;
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, TextItem,
};
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
        let font = &self.faces[face.index()];
        let units: u32 = nfc(text)
            .chars()
            .map(|c| {
                let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
                font.get_glyph_width(glyph).unwrap_or(0) as u32
            })
            .sum();
        units as f32 / font.units_per_em as f32 * size / PT_PER_MM
    }

    /// Break `text` into lines no wider than `max_width` mm, at spaces where possible and
    /// inside a word only when the word alone is too wide. Keeps explicit line breaks.
    pub fn wrap(&self, face: Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in nfc(text).split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(face, size, &candidate) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the column is cut where it must be.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width(face, size, &piece) > max_width && piece.chars().count() > 1 {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
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

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        let points = vec![
            LinePoint { p: self.point(x1, y1), bezier: false },
            LinePoint { p: self.point(x2, y2), bezier: false },
        ];
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness_pt) });
        self.ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }
}

/// A document being built. A face is embedded when first used, so a PDF carries only
/// the fonts it shows.
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

    /// The PDF with compressed streams: the size to send and keep.
    pub fn finish(self) -> CoreResult<Vec<u8>> {
        self.save(true)
    }

    /// The PDF with streams left uncompressed: larger, but written in a third of the time
    /// (compressing the embedded fonts dominates). For registers printed on the spot.
    pub fn finish_uncompressed(self) -> CoreResult<Vec<u8>> {
        self.save(false)
    }

    fn save(mut self, optimize: bool) -> CoreResult<Vec<u8>> {
        let mut warnings = Vec::new();
        let pages = std::mem::take(&mut self.pages);
        let options = PdfSaveOptions { optimize, ..Default::default() };
        let bytes = self.document.into_inner().with_pages(pages).save(&options, &mut warnings);
        if bytes.is_empty() {
            return Err(CoreError::Io(std::io::Error::other(format!("PDF not written: {warnings:?}"))));
        }
        Ok(bytes)
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
    use super::{Face, fonts};

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

//! PDF output: a small layout engine on printpdf. It embeds Liberation Serif (a
//! Times-metric serif with Vietnamese), draws NFC text only (printpdf misplaces combining
//! marks), measures text with the font's own glyph advances, wraps it, and lays out
//! tables that flow over pages with their header repeated. Positions are in millimetres
//! from the page's top-left corner; baselines are given explicitly.
//!
//! Each face a document shows is embedded as a subset holding only the glyphs it draws
//! (typst's `subsetter`, see `subset` below): a one-page document weighs tens of kilobytes,
//! not the 1.5 MB of the four whole faces.

pub mod faces;
pub mod forms;
pub mod official;
mod write;

use crate::error::{CoreError, CoreResult};
use crate::fold::nfc;
use faces::{Face, PT_PER_MM, fonts};
use std::cell::RefCell;
use write::{Glyphs, Writer, hex4, number};

/// A face at a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font(pub Face, pub f32);

/// One page being drawn: its content stream, written as it is drawn.
pub struct Canvas {
    width: f32,
    height: f32,
    content: Vec<u8>,
    /// While hidden, what is drawn is written here and thrown away; the page's content
    /// waits here meanwhile (see [`Canvas::hide`]).
    aside: Vec<u8>,
    hidden: bool,
}

/// A part of a page, in millimetres from its top-left corner (`page` counts from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub page: usize,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Region {
    /// The region as a PDF rectangle on a page `page_height` mm high: points from the
    /// bottom-left corner, `[left bottom right top]`.
    pub fn rect(&self, page_height: f32) -> [f32; 4] {
        [
            self.x * PT_PER_MM,
            (page_height - self.y - self.height) * PT_PER_MM,
            (self.x + self.width) * PT_PER_MM,
            (page_height - self.y) * PT_PER_MM,
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Canvas {
    pub fn new(width: f32, height: f32) -> Canvas {
        Canvas { width, height, content: Vec::with_capacity(16 * 1024), aside: Vec::new(), hidden: false }
    }

    /// Draw nothing of what follows (`true`), or again (`false`): the layout goes on as
    /// if it were drawn, so that two renderings of one document, each showing what the
    /// other hides, lie exactly over each other (a document signed, then its number and
    /// seal added in a later signature).
    pub fn hide(&mut self, hide: bool) {
        if hide == self.hidden {
            return;
        }
        std::mem::swap(&mut self.content, &mut self.aside);
        if !hide {
            self.aside.clear();
        }
        self.hidden = hide;
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    /// `x y ` in points from the page's bottom-left corner, for a point given in
    /// millimetres from its top-left.
    fn point(&mut self, x: f32, y: f32) {
        number(&mut self.content, x * PT_PER_MM);
        self.content.push(b' ');
        number(&mut self.content, (self.height - y) * PT_PER_MM);
        self.content.push(b' ');
    }

    /// Draw one line of text with its baseline at `baseline` mm from the top; `x` is the
    /// left edge, the centre or the right edge depending on `align`.
    pub fn text(&mut self, pdf: &Pdf, font: Font, x: f32, baseline: f32, align: Align, text: &str) {
        let text = nfc(text);
        if text.is_empty() {
            return;
        }
        let width = fonts().width(font.0, font.1, &text);
        let left = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        let mut line = self.line_of_text(pdf, left, baseline);
        line.font(font);
        line.show(&text);
    }

    /// A line of text laid out by the caller (runs in several faces, spaces stretched),
    /// its baseline starting at (`x`, `baseline`) mm. The line ends when it is dropped.
    pub(crate) fn line_of_text<'a>(&'a mut self, pdf: &'a Pdf, x: f32, baseline: f32) -> TextLine<'a> {
        self.content.extend_from_slice(b"BT ");
        self.point(x, baseline);
        self.content.extend_from_slice(b"Td ");
        TextLine { canvas: self, pdf, face: None, shown: false }
    }

    /// Draw and write in `colour` (red, green, blue from 0 to 1) from here on.
    pub fn colour(&mut self, (r, g, b): (f32, f32, f32)) {
        for operator in [&b"rg\n"[..], b"RG\n"] {
            for part in [r, g, b] {
                number(&mut self.content, part);
                self.content.push(b' ');
            }
            self.content.extend_from_slice(operator);
        }
    }

    /// The outline of a rectangle, its top-left corner at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, thickness_pt: f32) {
        let corners = [(x, y), (x + width, y), (x + width, y + height), (x, y + height)];
        self.path(&corners, true, thickness_pt);
    }

    /// The outline of a circle (a polygon fine enough not to show its corners).
    pub fn circle(&mut self, cx: f32, cy: f32, radius: f32, thickness_pt: f32) {
        let points: Vec<(f32, f32)> = (0..72)
            .map(|n| {
                let a = n as f32 * std::f32::consts::TAU / 72.0;
                (cx + radius * a.cos(), cy + radius * a.sin())
            })
            .collect();
        self.path(&points, true, thickness_pt);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        self.path(&[(x1, y1), (x2, y2)], false, thickness_pt);
    }

    /// Stroke the lines through `points`, back to the first when `closed`.
    fn path(&mut self, points: &[(f32, f32)], closed: bool, thickness_pt: f32) {
        number(&mut self.content, thickness_pt);
        self.content.extend_from_slice(b" w ");
        for (n, (x, y)) in points.iter().enumerate() {
            self.point(*x, *y);
            self.content.extend_from_slice(if n == 0 { b"m " } else { b"l " });
        }
        self.content.extend_from_slice(if closed { b"s\n" } else { b"S\n" });
    }
}

/// A line of text being written (see [`Canvas::line_of_text`]): runs shown in turn, each
/// in the face last chosen, with stretches of space between them.
pub(crate) struct TextLine<'a> {
    canvas: &'a mut Canvas,
    pdf: &'a Pdf,
    face: Option<Face>,
    /// Inside a `[…] TJ` array.
    shown: bool,
}

impl TextLine<'_> {
    pub(crate) fn font(&mut self, Font(face, size): Font) {
        self.close();
        let content = &mut self.canvas.content;
        content.extend_from_slice(b"/F");
        content.push(b'0' + face.index() as u8);
        content.push(b' ');
        number(content, size);
        content.extend_from_slice(b" Tf ");
        self.face = Some(face);
    }

    /// Show `text` (composed) in the current face.
    pub(crate) fn show(&mut self, text: &str) {
        let Some(face) = self.face else { return };
        let content = &mut self.canvas.content;
        if !self.shown {
            content.push(b'[');
            self.shown = true;
        }
        content.push(b'<');
        let f = fonts();
        let mut glyphs = self.pdf.glyphs.borrow_mut();
        let glyphs = &mut glyphs[face.index()];
        for c in text.chars() {
            hex4(content, glyphs.id(f.glyph(face, c).0, c));
        }
        content.push(b'>');
    }

    /// Move the next run right by `thousandths` of an em (the TJ adjustment is negative
    /// to move right).
    pub(crate) fn advance(&mut self, thousandths: f32) {
        if self.shown && thousandths != 0.0 {
            self.canvas.content.push(b' ');
            number(&mut self.canvas.content, -thousandths);
            self.canvas.content.push(b' ');
        }
    }

    fn close(&mut self) {
        if self.shown {
            self.canvas.content.extend_from_slice(b"] TJ ");
            self.shown = false;
        }
    }
}

impl Drop for TextLine<'_> {
    fn drop(&mut self) {
        self.close();
        self.canvas.content.extend_from_slice(b"ET\n");
    }
}

/// A document being written: each page goes into the file, compressed, when it is added;
/// the faces it shows are embedded at the end as subsets of the glyphs drawn.
pub struct Pdf {
    writer: Writer,
    glyphs: RefCell<[Glyphs; 4]>,
    failed: Option<CoreError>,
}

impl Pdf {
    pub fn new(title: &str) -> Pdf {
        let f = fonts();
        Pdf {
            writer: Writer::new(&nfc(title)),
            glyphs: RefCell::new(Face::ALL.map(|face| Glyphs::new(f.glyph_count(face)))),
            failed: None,
        }
    }

    /// Add a finished page. A page that cannot be written (memory) fails the document
    /// when it is finished.
    pub fn add(&mut self, mut canvas: Canvas) {
        canvas.hide(false);
        let (width, height) = (canvas.width * PT_PER_MM, canvas.height * PT_PER_MM);
        if let Err(error) = self.writer.page(width, height, &canvas.content) {
            self.failed.get_or_insert(error);
        }
    }

    pub fn page_count(&self) -> usize {
        self.writer.page_count()
    }

    /// The file: pages, the subset fonts, the page tree and the cross-references.
    pub fn finish(self) -> CoreResult<Vec<u8>> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        self.writer.finish(&self.glyphs.into_inner())
    }
}

/// The number of pages of a PDF this module wrote (its page objects).
pub fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page ";
    pdf.windows(needle.len()).filter(|w| *w == needle).count()
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
    use super::write::{Glyphs, cut};
    use super::{Face, fonts};
    use printpdf::ParsedFont;

    #[test]
    fn a_subset_keeps_the_advances_of_its_characters_under_the_ids_they_were_drawn_with() {
        let f = fonts();
        let mut drawn = Glyphs::new(f.glyph_count(Face::Bold));
        let text = "Đồng ý, Ủy ban nhân dân tỉnh";
        // Ids in the order of first use, each character once.
        let ids: Vec<u16> = text.chars().map(|c| drawn.id(f.glyph(Face::Bold, c).0, c)).collect();
        assert_eq!(ids[0], 1);
        assert_eq!(ids[1], 2);
        assert_eq!(ids[2], 3);
        let olds = drawn.face_ids();
        let small = cut(Face::Bold, &olds).expect("Liberation Serif Bold subsets");
        assert!(small.len() < 40_000, "{} bytes", small.len());
        // The subset's own tables, read back as any reader would, give each id the advance
        // of the character it was drawn for.
        let reread = ParsedFont::from_bytes(&small, 0, &mut Vec::new()).expect("the subset parses");
        for (c, id) in text.chars().zip(&ids) {
            assert_eq!(reread.get_glyph_width(*id), Some(f.glyph(Face::Bold, c).1), "{c}");
        }
    }

    /// Every object the cross-reference table lists starts where it says; the trailer
    /// points at the table; the page tree counts the pages drawn.
    #[test]
    fn the_file_indexes_every_object_where_it_is() {
        use super::{Align, Canvas, Font, Pdf};
        let mut pdf = Pdf::new("Sổ công văn");
        for n in 0..3 {
            let mut canvas = Canvas::new(210.0, 297.0);
            canvas.text(
                &pdf,
                Font(Face::Bold, 13.0),
                105.0,
                20.0,
                Align::Center,
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            );
            canvas.text(&pdf, Font(Face::Italic, 12.0), 20.0, 40.0, Align::Left, &format!("Trang {n}"));
            canvas.rect(20.0, 50.0, 100.0, 20.0, 0.5);
            pdf.add(canvas);
        }
        let bytes = pdf.finish().unwrap();
        // Offsets are of bytes: compressed streams are no text.
        let starts = |at: usize, prefix: &str| bytes[at..].starts_with(prefix.as_bytes());
        let last = |needle: &str| bytes.windows(needle.len()).rposition(|w| w == needle.as_bytes()).unwrap();
        let read_line = |at: usize| {
            let end = at + bytes[at..].iter().position(|b| *b == b'\n').unwrap();
            (String::from_utf8(bytes[at..end].to_vec()).unwrap(), end + 1)
        };
        let (_, after) = read_line(last("startxref"));
        let xref: usize = read_line(after).0.parse().unwrap();
        assert!(starts(xref, "xref\n0 "), "startxref points at the table");
        let (_, after) = read_line(xref);
        let (range, mut at) = read_line(after);
        let count: usize = range.split_whitespace().nth(1).unwrap().parse().unwrap();
        let (free, next) = read_line(at);
        assert_eq!(free, "0000000000 65535 f ");
        at = next;
        for n in 1..count {
            let (entry, next) = read_line(at);
            let offset: usize = entry[..10].parse().unwrap();
            assert!(starts(offset, &format!("{n} 0 obj\n")), "object {n} at {offset}");
            at = next;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(&format!("/Size {count} ")), "the trailer's size");
        assert!(text.contains("/Count 3 >>"), "three pages");
        assert_eq!(super::page_count(&bytes), 3);
        // Two faces drawn, two fonts embedded: no face is written that no page shows.
        assert_eq!(text.matches("/Subtype /Type0").count(), 2);
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

//! The printed page of an administrative document in the layout of Decree 30/2020/NĐ-CP,
//! Annex I: A4 portrait, margins 20/20/30/15 mm; parent and issuing body top left with
//! the short rule and "Số: …"; national title and motto top right with the full rule and
//! the italic place and date; the type name and summary (or "V/v …" under the number for
//! a công văn); a justified body with a first-line indent and 6 pt between paragraphs,
//! numbered points and bullets, bold and italic runs; page numbers from page 2; the
//! signature block; "Nơi nhận:" with its list; footnotes at the end.

use super::faces::{Face, fonts};
use super::{Align, Canvas, Font, Pdf, Region};
use crate::error::CoreResult;
use crate::fold::nfc;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
const LEFT: f32 = 30.0;
const RIGHT: f32 = PAGE_WIDTH - 15.0;
const TOP: f32 = 20.0;
const BOTTOM: f32 = PAGE_HEIGHT - 20.0;
const BODY_SIZE: f32 = 14.0;
const LINE: f32 = 6.6; // mm between baselines at 14 pt, a little over single spacing
const PARAGRAPH_GAP: f32 = 2.1; // 6 pt
const INDENT: f32 = 10.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// A stretch of text in one style.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub text: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Block {
    /// A justified paragraph with a first-line indent.
    Paragraph { runs: Vec<Run> },
    /// A numbered point: "1.", "a)", "2.1." …, its text hanging after the label.
    Point { label: String, runs: Vec<Run> },
    /// A dash item under a point.
    Bullet { runs: Vec<Run> },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Signature {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH" … (one line each; both
    /// "TM. ỦY BAN NHÂN DÂN" and "KT. CHỦ TỊCH" for a vice chairman), none when the head
    /// signs in their own name.
    pub authority: Vec<String>,
    /// "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG" …
    pub title: String,
    pub name: String,
    /// For an electronic issue: the signer's and the body's digital signatures, shown as
    /// Decree 30 wants them on the electronic copy (Annex I).
    pub electronic: Option<ElectronicSignature>,
}

/// The marks of a digitally signed document, drawn where the signature goes: the
/// signer's signature (blue: who and when), then, once the clerk has issued it, the
/// body's seal over its left third (red) and the body's signature line (black italic:
/// the body and the time, ISO 8601).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ElectronicSignature {
    pub signer: String,
    /// Vietnam time, "02/12/2026 09:26:13".
    pub signed_at: String,
    pub seal: Option<SealMark>,
}

/// The body's digital signature as the page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SealMark {
    /// The issuing body as the seal names it ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN").
    pub organisation: String,
    /// ISO 8601 with the offset, "2026-12-02T09:26:13+07:00".
    pub at_iso: String,
}

/// What a rendering draws. A document signed digitally is drawn in two layers that lie
/// over each other: what the signer signs ([`Layer::Signed`]: everything but the number,
/// the date and the seal, which do not exist yet), and what the clerk adds when issuing
/// ([`Layer::Seal`]: only those), shown by the body's signature in a later revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Whole,
    Signed,
    Seal,
}

impl Layer {
    /// Whether this layer hides the marks issuing adds (`true`) or everything else.
    fn hides(self, issue_marks: bool) -> bool {
        match self {
            Layer::Whole => false,
            Layer::Signed => issue_marks,
            Layer::Seal => !issue_marks,
        }
    }
}

/// Everything printed on a document.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[serde(deny_unknown_fields)]
pub struct OfficialDocument {
    /// Above the issuing body ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" over "VĂN PHÒNG"); empty for
    /// the Committee's own documents.
    pub parent_body: String,
    pub issuing_body: String,
    /// As built by the numbering rules, e.g. "15/QĐ-UBND"; empty while a draft.
    pub number_symbol: String,
    pub place: String,
    pub date: Option<NaiveDate>,
    /// "THÔNG BÁO", "QUYẾT ĐỊNH" …; none for a công văn.
    pub type_name: Option<String>,
    /// Below the type name in bold; for a công văn it is printed as "V/v …" under the number.
    pub summary: String,
    /// "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN".
    pub urgency: Option<String>,
    /// "MẬT", "TỐI MẬT", "TUYỆT MẬT".
    pub secrecy: Option<String>,
    /// "Kính gửi:" lines of a công văn or report sent upward.
    pub addressees: Vec<String>,
    pub blocks: Vec<Block>,
    pub signature: Signature,
    /// The "Nơi nhận:" list, ending with "- Lưu: VT, …".
    pub recipients: Vec<String>,
    pub footnotes: Vec<String>,
    /// Not issued yet: every page says "DỰ THẢO" (a draft is never mistaken for the
    /// document).
    #[serde(default)]
    pub draft: bool,
}

/// "Nghệ An, ngày 06 tháng 01 năm 2026": leading zeros for days below 10 and months 1–2.
pub fn place_and_date(place: &str, date: NaiveDate) -> String {
    let month = if date.month() <= 2 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("{place}, ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// One word of a line: text between spaces, in one or more faces ("**2026**." is a
/// bold piece and a regular one, printed with no space between).
#[derive(Clone)]
struct Word {
    pieces: Vec<(String, Face)>,
}

impl Word {
    fn plain(text: &str, face: Face) -> Word {
        Word { pieces: vec![(nfc(text), face)] }
    }

    fn width(&self, size: f32) -> f32 {
        self.pieces.iter().map(|(text, face)| fonts().width(*face, size, text)).sum()
    }

    /// The face of the space after the word.
    fn last_face(&self) -> Face {
        self.pieces.last().map(|(_, face)| *face).unwrap_or(Face::Regular)
    }
}

fn face(run: &Run) -> Face {
    match (run.bold, run.italic) {
        (false, false) => Face::Regular,
        (true, false) => Face::Bold,
        (false, true) => Face::Italic,
        (true, true) => Face::BoldItalic,
    }
}

/// The words of runs; a run that starts with no space continues the previous run's
/// last word.
fn words(runs: &[Run]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut glued = false;
    for run in runs {
        let text = nfc(&run.text);
        for (n, piece) in text.split_whitespace().enumerate() {
            let starts_with_space = text.starts_with(char::is_whitespace);
            match out.last_mut() {
                Some(word) if n == 0 && glued && !starts_with_space => {
                    word.pieces.push((piece.to_string(), face(run)));
                }
                _ => out.push(Word { pieces: vec![(piece.to_string(), face(run))] }),
            }
        }
        if !text.is_empty() {
            glued = !text.ends_with(char::is_whitespace);
        }
    }
    out
}

/// Break words into lines of at most `first` mm (first line) and `rest` mm (the others).
fn break_lines(words: &[Word], size: f32, first: f32, rest: f32) -> Vec<Vec<Word>> {
    let f = fonts();
    let mut lines: Vec<Vec<Word>> = Vec::new();
    let mut line: Vec<Word> = Vec::new();
    let mut width = 0.0;
    for word in words {
        let w = word.width(size);
        let space = if line.is_empty() {
            0.0
        } else {
            f.width(line.last().expect("non-empty").last_face(), size, " ")
        };
        let limit = if lines.is_empty() { first } else { rest };
        if !line.is_empty() && width + space + w > limit {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
            line.push(word.clone());
            width += w;
        } else {
            width += space + w;
            line.push(word.clone());
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// What a page carries besides the document when it is bound into something larger (a
/// gazette issue): drawn on every page, given the page's number in the whole; the
/// document's own page numbers are then left out.
pub type Running<'r> = &'r dyn Fn(&Pdf, &mut Canvas, usize);

/// The layout cursor: the page being drawn and where the next baseline goes.
struct Flow<'a> {
    pdf: &'a mut Pdf,
    canvas: Canvas,
    y: f32,
    /// Every new page says "DỰ THẢO" too.
    draft: bool,
    running: Option<Running<'a>>,
    layer: Layer,
}

impl Flow<'_> {
    /// Make room for `height` mm, starting a new page (numbered) when this one is full.
    fn room(&mut self, height: f32) {
        if self.y + height <= BOTTOM {
            return;
        }
        let done = std::mem::replace(&mut self.canvas, Canvas::new(PAGE_WIDTH, PAGE_HEIGHT));
        self.pdf.add(done);
        self.canvas.hide(self.layer.hides(false));
        let number = self.pdf.page_count() + 1;
        match self.running {
            Some(running) => running(self.pdf, &mut self.canvas, number),
            None => self.canvas.text(
                self.pdf,
                Font(Face::Regular, 13.0),
                (LEFT + RIGHT) / 2.0,
                12.0,
                Align::Center,
                &number.to_string(),
            ),
        }
        if self.draft {
            draft_mark(self.pdf, &mut self.canvas);
        }
        self.y = TOP + 4.0;
    }

    /// Draw one line of words from `x`, spread to `width` when `justify`.
    fn line(&mut self, words: &[Word], size: f32, x: f32, width: f32, justify: bool) {
        let f = fonts();
        let natural: f32 = words.iter().map(|w| w.width(size)).sum::<f32>()
            + words.windows(2).map(|pair| f.width(pair[0].last_face(), size, " ")).sum::<f32>();
        let gaps = words.len().saturating_sub(1) as f32;
        let extra = if justify && gaps > 0.0 { ((width - natural) / gaps).max(0.0) } else { 0.0 };
        let mut line = self.canvas.line_of_text(self.pdf, x, self.y);
        let mut current: Option<Face> = None;
        for (n, word) in words.iter().enumerate() {
            for (p, (text, face)) in word.pieces.iter().enumerate() {
                if current != Some(*face) {
                    line.font(Font(*face, size));
                    current = Some(*face);
                }
                line.show(text);
                if p + 1 == word.pieces.len() && n + 1 < words.len() {
                    line.show(" ");
                    // The stretch of a justified line, in thousandths of an em.
                    line.advance(extra * PT_PER_MM / size * 1000.0);
                }
            }
        }
    }

    /// A justified block: the first line starts at `first_x`, the others at `rest_x`.
    fn block(&mut self, words: &[Word], first_x: f32, rest_x: f32) {
        let lines = break_lines(words, BODY_SIZE, RIGHT - first_x, RIGHT - rest_x);
        for (n, line) in lines.iter().enumerate() {
            self.room(LINE);
            let x = if n == 0 { first_x } else { rest_x };
            self.line(line, BODY_SIZE, x, RIGHT - x, n + 1 < lines.len());
            self.y += LINE;
        }
        self.y += PARAGRAPH_GAP;
    }
}

/// "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" is printed as two lines, breaking before "TỈNH" or
/// "THÀNH PHỐ", when it is too wide for the agency column.
fn agency_lines(name: &str, face: Face, size: f32, width: f32) -> Vec<String> {
    let name = nfc(&name.to_uppercase());
    if fonts().width(face, size, &name) <= width {
        return vec![name];
    }
    for marker in [" TỈNH ", " THÀNH PHỐ "] {
        if let Some(at) = name.find(marker) {
            return vec![name[..at].to_string(), name[at + 1..].to_string()];
        }
    }
    fonts().wrap(face, size, &name, width)
}

/// The page header: agency block left, national block right, number, place and date.
/// Sizes and centres are chosen so that "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" and "CỘNG HÒA XÃ
/// HỘI CHỦ NGHĨA VIỆT NAM" (12 pt) stand side by side within the 165 mm text width.
const BLUE: (f32, f32, f32) = (0.05, 0.2, 0.65);
const RED: (f32, f32, f32) = (0.8, 0.05, 0.05);
const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);

/// "DỰ THẢO" in a box in the top margin, on every page of a document not issued.
fn draft_mark(pdf: &Pdf, canvas: &mut Canvas) {
    let (width, height) = (30.0, 8.0);
    let x = RIGHT - width;
    canvas.rect(x, 6.0, width, height, 1.0);
    canvas.text(pdf, Font(Face::Bold, 12.0), x + width / 2.0, 11.6, Align::Center, "DỰ THẢO");
}

/// The digital signatures in the space between the title and the signer's name; the
/// part of the page the seal's signature shows, when drawn.
fn stamp(flow: &mut Flow<'_>, centre: f32, top: f32, e: &ElectronicSignature) -> Option<Region> {
    let f = fonts();
    let (width, height) = (62.0, 15.5);
    let (x, y) = (centre - width / 2.0, top + 0.5);
    flow.canvas.colour(BLUE);
    flow.canvas.rect(x, y, width, height, 0.8);
    let text_left = x + 19.5;
    let mut lines =
        f.wrap(Face::Italic, 8.0, &format!("Ký số bởi: {}", e.signer), x + width - text_left - 1.0);
    lines.truncate(2);
    lines.push("Thời gian ký:".to_string());
    lines.push(e.signed_at.clone());
    let step = (height - 2.0) / lines.len() as f32;
    for (n, line) in lines.iter().enumerate() {
        flow.canvas.text(
            flow.pdf,
            Font(Face::Italic, 8.0),
            text_left,
            y + 3.6 + n as f32 * step,
            Align::Left,
            line,
        );
    }
    flow.canvas.colour(BLACK);
    let seal = e.seal.as_ref()?;
    flow.canvas.hide(flow.layer.hides(true));
    // The seal over the signature's left third.
    let (cx, cy, r) = (x + 9.0, y + height / 2.0, 9.5);
    flow.canvas.colour(RED);
    flow.canvas.circle(cx, cy, r, 1.2);
    flow.canvas.circle(cx, cy, r - 1.5, 0.5);
    let words = f.wrap(Face::Bold, 4.8, &seal.organisation, 2.0 * r - 5.0);
    let first = cy - (words.len().min(3) as f32 - 1.0) * 1.15 + 0.8;
    for (n, line) in words.iter().take(3).enumerate() {
        flow.canvas.text(flow.pdf, Font(Face::Bold, 4.8), cx, first + n as f32 * 2.3, Align::Center, line);
    }
    // The body's signature: who and when, on one line under them.
    flow.canvas.colour(BLACK);
    let body = format!("{} · {}", seal.organisation, seal.at_iso);
    let body_y = y + height + 4.6;
    flow.canvas.text(flow.pdf, Font(Face::Italic, 7.5), centre, body_y, Align::Center, &body);
    flow.canvas.hide(flow.layer.hides(false));
    let half = f.width(Face::Italic, 7.5, &body) / 2.0;
    let (left, right) = ((cx - r - 1.0).min(centre - half - 1.0), (x + width + 1.0).max(centre + half + 1.0));
    let top = cy - r - 1.0;
    Some(Region {
        page: flow.pdf.page_count(),
        x: left,
        y: top,
        width: right - left,
        height: body_y + 2.0 - top,
    })
}

/// The header; where the number and the date stand, as a region of the first page.
fn header(pdf: &Pdf, canvas: &mut Canvas, document: &OfficialDocument, layer: Layer) -> (f32, Region) {
    let f = fonts();
    let left_centre = LEFT + 36.0;
    let right_centre = RIGHT - 45.0;
    const COLUMN: f32 = 72.0;
    let mut y = TOP + 5.0;
    if !document.parent_body.is_empty() {
        for line in agency_lines(&document.parent_body, Face::Regular, 12.0, COLUMN) {
            canvas.text(pdf, Font(Face::Regular, 12.0), left_centre, y, Align::Center, &line);
            y += 5.2;
        }
    }
    let issuing = agency_lines(&document.issuing_body, Face::Bold, 12.5, COLUMN);
    let widest = issuing.iter().map(|l| f.width(Face::Bold, 12.5, l)).fold(0.0, f32::max);
    for line in &issuing {
        canvas.text(pdf, Font(Face::Bold, 12.5), left_centre, y, Align::Center, line);
        y += 5.4;
    }
    // The short rule: about a third of the issuing body's width, centred under it.
    let rule = (widest / 3.0).max(14.0);
    // Clear of the descenders: about 2.5 mm under the last baseline.
    canvas.line(left_centre - rule / 2.0, y - 2.9, left_centre + rule / 2.0, y - 2.9, 0.6);
    y += 3.0;
    let number = if document.number_symbol.is_empty() {
        "Số:      /".to_string()
    } else {
        format!("Số: {}", document.number_symbol)
    };
    canvas.hide(layer.hides(true));
    canvas.text(pdf, Font(Face::Regular, 13.0), left_centre, y, Align::Center, &number);
    canvas.hide(layer.hides(false));
    let issue_marks = Region { page: 0, x: LEFT, y: y - 5.5, width: RIGHT - LEFT, height: 7.5 };
    let mut left_y = y + 5.5;
    if document.type_name.is_none() && !document.summary.is_empty() {
        for line in f.wrap(Face::Regular, 12.0, &format!("V/v {}", document.summary), COLUMN) {
            canvas.text(pdf, Font(Face::Regular, 12.0), left_centre, left_y, Align::Center, &line);
            left_y += 5.0;
        }
    }
    let national_top = TOP + 5.0;
    canvas.text(
        pdf,
        Font(Face::Bold, 12.0),
        right_centre,
        national_top,
        Align::Center,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    canvas.text(
        pdf,
        Font(Face::Bold, 13.0),
        right_centre,
        national_top + 5.4,
        Align::Center,
        "Độc lập - Tự do - Hạnh phúc",
    );
    let motto = f.width(Face::Bold, 13.0, "Độc lập - Tự do - Hạnh phúc");
    canvas.line(
        right_centre - motto / 2.0,
        national_top + 7.0,
        right_centre + motto / 2.0,
        national_top + 7.0,
        0.6,
    );
    let date = document
        .date
        .map(|d| place_and_date(&document.place, d))
        .unwrap_or_else(|| format!("{}, ngày     tháng     năm     ", document.place));
    canvas.hide(layer.hides(true));
    canvas.text(pdf, Font(Face::Italic, 13.0), right_centre, y, Align::Center, &date);
    canvas.hide(layer.hides(false));
    (left_y.max(y + 6.0), issue_marks)
}

/// Render `document` to PDF bytes.
pub fn render(document: &OfficialDocument) -> CoreResult<Vec<u8>> {
    Ok(render_layer(document, Layer::Whole)?.0)
}

/// Render what `layer` shows of `document`, and the regions where the marks of issuing
/// stand (the number and date on the first page, the seal where the signature is).
pub fn render_layer(document: &OfficialDocument, layer: Layer) -> CoreResult<(Vec<u8>, Vec<Region>)> {
    let title = document.type_name.clone().unwrap_or_else(|| "Công văn".into());
    let mut pdf = Pdf::new(&format!("{title} {}", document.number_symbol));
    let regions = draw_layer(&mut pdf, document, None, layer);
    Ok((pdf.finish()?, regions))
}

/// Add the pages of `document` to `pdf`, each with `running` if given.
pub fn draw(pdf: &mut Pdf, document: &OfficialDocument, running: Option<Running<'_>>) {
    draw_layer(pdf, document, running, Layer::Whole);
}

fn draw_layer(
    pdf: &mut Pdf,
    document: &OfficialDocument,
    running: Option<Running<'_>>,
    layer: Layer,
) -> Vec<Region> {
    let f = fonts();
    let mut canvas = Canvas::new(PAGE_WIDTH, PAGE_HEIGHT);
    canvas.hide(layer.hides(false));
    if let Some(running) = running {
        running(pdf, &mut canvas, pdf.page_count() + 1);
    }
    if document.draft {
        draft_mark(pdf, &mut canvas);
    }
    // Urgency and secrecy marks go in the left column under the number (Annex I, 10b/10a).
    let (mut y, issue_marks) = header(pdf, &mut canvas, document, layer);
    let mut regions = vec![issue_marks];
    for mark in [&document.secrecy, &document.urgency].into_iter().flatten() {
        canvas.text(pdf, Font(Face::Bold, 13.0), LEFT + 10.0, y + 3.0, Align::Left, &mark.to_uppercase());
        y += 6.0;
    }
    let mut flow = Flow { pdf, canvas, y: y + 6.0, draft: document.draft, running, layer };
    if let Some(type_name) = &document.type_name {
        let centre = (LEFT + RIGHT) / 2.0;
        flow.canvas.text(
            flow.pdf,
            Font(Face::Bold, 14.0),
            centre,
            flow.y,
            Align::Center,
            &type_name.to_uppercase(),
        );
        flow.y += LINE;
        for line in f.wrap(Face::Bold, 14.0, &document.summary, RIGHT - LEFT - 20.0) {
            flow.canvas.text(flow.pdf, Font(Face::Bold, 14.0), centre, flow.y, Align::Center, &line);
            flow.y += LINE;
        }
        flow.canvas.line(centre - 15.0, flow.y - 3.4, centre + 15.0, flow.y - 3.4, 0.5);
        flow.y += 4.5;
    }
    match document.addressees.as_slice() {
        [] => {}
        [one] => {
            let text = format!("Kính gửi: {one}");
            flow.canvas.text(
                flow.pdf,
                Font(Face::Regular, BODY_SIZE),
                (LEFT + RIGHT) / 2.0,
                flow.y,
                Align::Center,
                &text,
            );
            flow.y += LINE + PARAGRAPH_GAP;
        }
        many => {
            let label_x = LEFT + 30.0;
            flow.canvas.text(
                flow.pdf,
                Font(Face::Regular, BODY_SIZE),
                label_x,
                flow.y,
                Align::Left,
                "Kính gửi:",
            );
            let list_x = label_x + f.width(Face::Regular, BODY_SIZE, "Kính gửi: ");
            for addressee in many {
                flow.canvas.text(
                    flow.pdf,
                    Font(Face::Regular, BODY_SIZE),
                    list_x,
                    flow.y,
                    Align::Left,
                    &format!("- {addressee}"),
                );
                flow.y += LINE;
            }
            flow.y += PARAGRAPH_GAP;
        }
    }
    for block in &document.blocks {
        match block {
            Block::Paragraph { runs } => flow.block(&words(runs), LEFT + INDENT, LEFT),
            Block::Point { label, runs } => {
                let mut all = vec![Word::plain(label, Face::Regular)];
                all.extend(words(runs));
                flow.block(&all, LEFT + INDENT, LEFT);
            }
            Block::Bullet { runs } => {
                let mut all = vec![Word::plain("-", Face::Regular)];
                all.extend(words(runs));
                flow.block(&all, LEFT + INDENT, LEFT);
            }
        }
    }

    // Signature block (right) and "Nơi nhận" (left) start on the same line, kept together.
    let signature = &document.signature;
    let recipients_height = 6.0 + document.recipients.len() as f32 * 5.0;
    let signature_height = 6.0 * (signature.authority.len() + 1) as f32 + 28.0;
    flow.room(recipients_height.max(signature_height) + 4.0);
    let top = flow.y + 2.0;
    let sign_centre = RIGHT - 40.0;
    let mut sy = top;
    for line in signature.authority.iter().chain(std::iter::once(&signature.title)) {
        flow.canvas.text(
            flow.pdf,
            Font(Face::Bold, 13.5),
            sign_centre,
            sy,
            Align::Center,
            &line.to_uppercase(),
        );
        sy += 6.0;
    }
    if let Some(e) = &signature.electronic {
        regions.extend(stamp(&mut flow, sign_centre, sy, e));
    }
    sy += 26.0;
    flow.canvas.text(flow.pdf, Font(Face::Bold, 14.0), sign_centre, sy, Align::Center, &signature.name);
    let mut ry = top;
    if !document.recipients.is_empty() {
        flow.canvas.text(flow.pdf, Font(Face::BoldItalic, 12.0), LEFT, ry, Align::Left, "Nơi nhận:");
        ry += 5.0;
        for recipient in &document.recipients {
            for line in f.wrap(Face::Regular, 11.0, recipient, 80.0) {
                flow.canvas.text(flow.pdf, Font(Face::Regular, 11.0), LEFT, ry, Align::Left, &line);
                ry += 4.6;
            }
        }
    }
    flow.y = sy.max(ry) + 6.0;
    if !document.footnotes.is_empty() {
        flow.room(6.0 + document.footnotes.len() as f32 * 5.0);
        flow.canvas.line(LEFT, flow.y, LEFT + 50.0, flow.y, 0.4);
        flow.y += 4.5;
        for (n, note) in document.footnotes.iter().enumerate() {
            for line in f.wrap(Face::Regular, 10.0, &format!("{} {note}", n + 1), RIGHT - LEFT) {
                flow.canvas.text(flow.pdf, Font(Face::Regular, 10.0), LEFT, flow.y, Align::Left, &line);
                flow.y += 4.3;
            }
        }
    }
    let canvas = flow.canvas;
    flow.pdf.add(canvas);
    regions
}

#[cfg(test)]
mod tests {
    use super::{Run, place_and_date, words};
    use chrono::NaiveDate;

    #[test]
    fn a_style_change_inside_a_word_adds_no_space() {
        let run = |text: &str, italic| Run { text: text.into(), bold: false, italic };
        let words = words(&[run("trước ngày ", false), run("15/12/2026", true), run(". Sau đó", false)]);
        let texts: Vec<String> =
            words.iter().map(|w| w.pieces.iter().map(|(t, _)| t.as_str()).collect::<String>()).collect();
        assert_eq!(texts, ["trước", "ngày", "15/12/2026.", "Sau", "đó"]);
        assert_eq!(words[2].pieces.len(), 2, "the full stop keeps its own (regular) face");
    }

    #[test]
    fn the_date_line_has_the_leading_zeros_decree_30_asks_for() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(place_and_date("Nghệ An", day(2026, 1, 6)), "Nghệ An, ngày 06 tháng 01 năm 2026");
        assert_eq!(place_and_date("Nghệ An", day(2026, 2, 28)), "Nghệ An, ngày 28 tháng 02 năm 2026");
        assert_eq!(place_and_date("Hà Nội", day(2026, 11, 5)), "Hà Nội, ngày 05 tháng 11 năm 2026");
        assert_eq!(place_and_date("Huế", day(2026, 3, 15)), "Huế, ngày 15 tháng 3 năm 2026");
    }
}

//! edXML, the messages of the national document interconnection axis (QCVN 102:2016/BTTTT):
//! reading a document message or a status message as other systems write them, and
//! writing the status messages this Office answers with. Pure: bytes in, values out.
//!
//! Other systems' messages differ from the standard in small ways, and they are read
//! anyway: elements are found by their local name whatever their prefix or namespace (a
//! common gateway writes the `edXML:` prefix bound to the SOAP namespace); a status may come
//! bare or inside a SOAP envelope; dates come as `yyyy/MM/dd`, `dd/MM/yyyy` or ISO, with
//! or without a time; base64 carries line breaks; "N/A" stands for nothing. What cannot
//! be read is said in words.

use crate::clock::vietnam_offset;
use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use roxmltree::{Document, Node};

/// The standard's namespace, written on every message this Office sends.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

/// An agency as a message names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organ {
    /// The agency's electronic identification code (`000.00.00.H41`).
    pub code: String,
    pub name: String,
}

/// What a document message does (its trace header's business type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Business {
    New,
    Recall,
    Update,
    Replace,
}

impl Business {
    pub fn code(self) -> u8 {
        match self {
            Business::New => 0,
            Business::Recall => 1,
            Business::Update => 2,
            Business::Replace => 3,
        }
    }
}

/// Who signed, as the header says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    /// "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"…
    pub competence: String,
    pub position: String,
    pub full_name: String,
}

/// A file a message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A document message: a new document, or a recall, update or replacement of one sent
/// before (the same `document_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMessage {
    pub from: Organ,
    pub to: Vec<Organ>,
    /// `OrganId,yyyy/MM/dd,Number/Notation`: the same document keeps it on every message.
    pub document_id: String,
    pub number: String,
    pub notation: String,
    pub place: String,
    pub date: Option<NaiveDate>,
    /// "Công văn", "Quyết định"… as the sender names its type.
    pub type_name: String,
    pub subject: String,
    pub signer: Signer,
    pub due_date: Option<NaiveDate>,
    /// 0 ordinary, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 and 4 immediate (hỏa tốc).
    pub priority: u8,
    pub page_count: Option<u32>,
    /// "Nơi nhận" as the sender wrote it.
    pub places: Vec<String>,
    pub business: Business,
    pub reason: String,
    pub attachments: Vec<Attachment>,
}

impl DocumentMessage {
    /// The number and symbol as printed: `12/STC-QLNS` (a number alone, or a symbol alone,
    /// when the sender gave only one).
    pub fn number_symbol(&self) -> String {
        match (self.number.trim(), self.notation.trim()) {
            ("", notation) => notation.to_string(),
            (number, "") => number.to_string(),
            (number, notation) => format!("{number}/{notation}"),
        }
    }
}

/// A status a receiver reports about a document this Office sent (or the reverse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    Arrived,
    Refused,
    Registered,
    Directed,
    Handling,
    Completed,
    RecallRequested,
    RecallAccepted,
    RecallRefused,
}

impl StatusCode {
    pub const ALL: [StatusCode; 9] = [
        StatusCode::Arrived,
        StatusCode::Refused,
        StatusCode::Registered,
        StatusCode::Directed,
        StatusCode::Handling,
        StatusCode::Completed,
        StatusCode::RecallRequested,
        StatusCode::RecallAccepted,
        StatusCode::RecallRefused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StatusCode::Arrived => "01",
            StatusCode::Refused => "02",
            StatusCode::Registered => "03",
            StatusCode::Directed => "04",
            StatusCode::Handling => "05",
            StatusCode::Completed => "06",
            StatusCode::RecallRequested => "13",
            StatusCode::RecallAccepted => "15",
            StatusCode::RecallRefused => "16",
        }
    }

    /// As the other system's people read it (the standard's words).
    pub fn words(self) -> &'static str {
        match self {
            StatusCode::Arrived => "Đã đến",
            StatusCode::Refused => "Từ chối tiếp nhận",
            StatusCode::Registered => "Đã tiếp nhận, vào sổ",
            StatusCode::Directed => "Đã phân công",
            StatusCode::Handling => "Đang xử lý",
            StatusCode::Completed => "Hoàn thành",
            StatusCode::RecallRequested => "Đề nghị thu hồi",
            StatusCode::RecallAccepted => "Đồng ý thu hồi",
            StatusCode::RecallRefused => "Từ chối thu hồi",
        }
    }

    /// "1" and "01" alike.
    pub fn parse(text: &str) -> Option<StatusCode> {
        let number: u8 = text.trim().parse().ok()?;
        StatusCode::ALL.into_iter().find(|s| s.code().parse::<u8>() == Ok(number))
    }
}

/// The document a status is about, as the sender of the document identified it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseFor {
    pub organ_code: String,
    pub code: String,
    pub date: Option<NaiveDate>,
    pub document_id: String,
}

/// A status message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub response_for: ResponseFor,
    pub from: Organ,
    pub status: StatusCode,
    pub description: String,
    pub at: Option<DateTime<Utc>>,
    pub department: String,
    pub staff: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Document(Box<DocumentMessage>),
    Status(Box<StatusMessage>),
}

/// Why a message could not be read, in words for the clerk (vi, en).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub vi: String,
    pub en: String,
}

impl Unreadable {
    fn new(vi: impl Into<String>, en: impl Into<String>) -> Unreadable {
        Unreadable { vi: vi.into(), en: en.into() }
    }

    fn missing(what_vi: &str, what_en: &str) -> Unreadable {
        Unreadable::new(format!("Gói tin thiếu {what_vi}."), format!("The message has no {what_en}."))
    }
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// Whom to answer about a message, and how it names the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub from: Organ,
    pub document_id: String,
    /// Number and symbol.
    pub code: String,
    pub date: Option<NaiveDate>,
}

/// The sender of a document message that cannot be read whole, when its header still
/// names one (so that it can be told the message was refused).
pub fn sender_of(bytes: &[u8]) -> Option<Sender> {
    let source = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let xml = Document::parse_with_options(source, options).ok()?;
    let header = first(xml.root_element(), "MessageHeader")?;
    let from = organ(child(header, "From")?);
    if from.code.is_empty() {
        return None;
    }
    let code = child(header, "Code");
    let number = code.map(|c| text(c, "CodeNumber")).unwrap_or_default();
    let notation = code.map(|c| text(c, "CodeNotation")).unwrap_or_default();
    let document_id = text(header, "DocumentId");
    Some(Sender {
        date: date_of_document_id(&document_id),
        from,
        document_id,
        code: [number, notation].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/"),
    })
}

/// The promulgation date a DocumentId carries (`OrganId,yyyy/MM/dd,Number/Notation`).
pub fn date_of_document_id(document_id: &str) -> Option<NaiveDate> {
    date(document_id.split(',').nth(1)?)
}

/// Read a message file.
pub fn parse(bytes: &[u8]) -> Result<Message, Unreadable> {
    let source = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Unreadable::new("Tệp không phải văn bản UTF-8.", "The file is not UTF-8 text."))?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let xml = Document::parse_with_options(source, options).map_err(|e| {
        Unreadable::new(
            format!("Tệp không phải XML hợp lệ ({e})."),
            format!("The file is not well-formed XML ({e})."),
        )
    })?;
    let root = xml.root_element();
    if let Some(status) = first(root, "Status") {
        return status_message(status).map(|s| Message::Status(Box::new(s)));
    }
    let Some(header) = first(root, "MessageHeader") else {
        return Err(Unreadable::new(
            "Đây không phải gói tin edXML (không có MessageHeader hay Status).",
            "This is not an edXML message (no MessageHeader or Status).",
        ));
    };
    document_message(root, header).map(|m| Message::Document(Box::new(m)))
}

fn document_message(root: Node<'_, '_>, header: Node<'_, '_>) -> Result<DocumentMessage, Unreadable> {
    let from = child(header, "From").map(organ).unwrap_or_default();
    if from.code.is_empty() {
        return Err(Unreadable::missing(
            "mã định danh cơ quan gửi (From/OrganId)",
            "sender's code (From/OrganId)",
        ));
    }
    let to = children(header, "To").map(organ).filter(|o| !o.code.is_empty()).collect();
    let code = child(header, "Code");
    let number = code.map(|c| text(c, "CodeNumber")).unwrap_or_default();
    let notation = code.map(|c| text(c, "CodeNotation")).unwrap_or_default();
    let promulgation = child(header, "PromulgationInfo");
    let promulgated = match promulgation.map(|p| text(p, "PromulgationDate")) {
        Some(t) if !t.is_empty() => Some(date(&t).ok_or_else(|| bad_date("PromulgationDate", &t))?),
        _ => None,
    };
    let subject = {
        let subject = text(header, "Subject");
        if subject.is_empty() { text(header, "Content") } else { subject }
    };
    if subject.is_empty() {
        return Err(Unreadable::missing("trích yếu (Subject)", "subject"));
    }
    let document_id = {
        let id = text(header, "DocumentId");
        if id.is_empty() {
            // Older senders leave it out: the standard's form, from what the header says.
            let day = promulgated.map(|d| d.format("%Y/%m/%d").to_string()).unwrap_or_default();
            format!("{},{day},{}/{}", from.code, number, notation)
        } else {
            id
        }
    };
    let due_date = match text(header, "DueDate") {
        t if t.is_empty() => None,
        // A due date nobody can read is not a reason to refuse the document.
        t => date(&t),
    };
    let other = child(header, "OtherInfo");
    let trace = first(root, "TraceHeaderList");
    let business = trace.and_then(|t| first(t, "BussinessDocType").or_else(|| first(t, "BusinessDocType")));
    let business = match business.map(|b| b.text().unwrap_or("").trim().to_string()).as_deref() {
        None | Some("") | Some("0") => Business::New,
        Some("1") => Business::Recall,
        Some("2") => Business::Update,
        Some("3") => Business::Replace,
        Some(other) => {
            return Err(Unreadable::new(
                format!("Loại nghiệp vụ {other} không có trong quy chuẩn (0–3)."),
                format!("Business type {other} is not in the standard (0–3)."),
            ));
        }
    };
    let reason = trace
        .and_then(|t| first(t, "BussinessDocReason").or_else(|| first(t, "BusinessDocReason")))
        .map(node_text)
        .unwrap_or_default();
    Ok(DocumentMessage {
        from,
        to,
        document_id,
        number,
        notation,
        place: promulgation.map(|p| text(p, "Place")).unwrap_or_default(),
        date: promulgated,
        type_name: child(header, "DocumentType").map(|t| text(t, "TypeName")).unwrap_or_default(),
        subject,
        signer: child(header, "SignerInfo")
            .map(|s| Signer {
                competence: text(s, "Competence"),
                position: text(s, "Position"),
                full_name: text(s, "FullName"),
            })
            .unwrap_or_default(),
        due_date,
        priority: other.map(|o| text(o, "Priority")).and_then(|p| p.parse().ok()).unwrap_or(0),
        page_count: other.map(|o| text(o, "PageAmount")).and_then(|p| p.parse().ok()).filter(|p| *p > 0),
        places: child(header, "ToPlaces")
            .map(|p| children(p, "Place").map(node_text).filter(|t| !t.is_empty()).collect())
            .unwrap_or_default(),
        business,
        reason,
        attachments: attachments(root)?,
    })
}

/// The files in `AttachmentEncoded` (outside the envelope), named by the manifest when
/// they carry no name of their own.
fn attachments(root: Node<'_, '_>) -> Result<Vec<Attachment>, Unreadable> {
    let mut files = Vec::new();
    let Some(encoded) = first(root, "AttachmentEncoded") else { return Ok(files) };
    for (index, node) in children(encoded, "Attachment").enumerate() {
        let content: String = text(node, "ContentTransferEncoded").split_ascii_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(content.as_bytes()).map_err(|_| {
            Unreadable::new(
                format!("Tệp đính kèm thứ {} không giải mã được (base64 hỏng).", index + 1),
                format!("Attachment {} cannot be decoded (broken base64).", index + 1),
            )
        })?;
        let name = match file_name(&text(node, "AttachmentName")) {
            n if n.is_empty() => manifest_name(root, &text(node, "ContentId"))
                .map(|n| file_name(&n))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("tep-dinh-kem-{}", index + 1)),
            n => n,
        };
        files.push(Attachment { name, content_type: text(node, "ContentType"), bytes });
    }
    Ok(files)
}

/// A sender's file name as a name only: no folders, no control characters, at most 200
/// characters (the extension kept).
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.chars().count() <= 200 {
        return clean;
    }
    let (stem, extension) = clean.rsplit_once('.').filter(|(_, e)| e.len() <= 10).unwrap_or((&clean, ""));
    let stem: String = stem.chars().take(190).collect();
    if extension.is_empty() { stem } else { format!("{stem}.{extension}") }
}

fn manifest_name(root: Node<'_, '_>, content_id: &str) -> Option<String> {
    let id = content_id.trim().trim_start_matches("cid:");
    root.descendants()
        .filter(|n| n.tag_name().name() == "Reference")
        .find(|r| text(*r, "ContentId").trim_start_matches("cid:") == id && !id.is_empty())
        .map(|r| text(r, "AttachmentName"))
        .filter(|n| !n.is_empty())
}

fn status_message(status: Node<'_, '_>) -> Result<StatusMessage, Unreadable> {
    let code_text = text(status, "StatusCode");
    let code = StatusCode::parse(&code_text).ok_or_else(|| {
        Unreadable::new(
            format!("Mã trạng thái \"{code_text}\" không có trong quy chuẩn."),
            format!("Status code \"{code_text}\" is not in the standard."),
        )
    })?;
    let response = child(status, "ResponseFor").ok_or_else(|| {
        Unreadable::missing("văn bản được báo (ResponseFor)", "document it answers (ResponseFor)")
    })?;
    let response_for = ResponseFor {
        organ_code: text(response, "OrganId"),
        code: text(response, "Code"),
        date: date(&text(response, "PromulgationDate")),
        document_id: text(response, "DocumentId"),
    };
    if response_for.document_id.is_empty() && response_for.code.is_empty() {
        return Err(Unreadable::missing("mã văn bản được báo (DocumentId)", "DocumentId it answers"));
    }
    let staff = child(status, "StaffInfo");
    Ok(StatusMessage {
        response_for,
        from: child(status, "From").map(organ).unwrap_or_default(),
        status: code,
        description: text(status, "Description"),
        at: instant(&text(status, "Timestamp")),
        department: staff.map(|s| text(s, "Department")).unwrap_or_default(),
        staff: staff.map(|s| text(s, "Staff")).unwrap_or_default(),
    })
}

fn organ(node: Node<'_, '_>) -> Organ {
    Organ { code: text(node, "OrganId").to_ascii_uppercase(), name: text(node, "OrganName") }
}

/// The first element named `name` (any namespace) at or under `node`.
fn first<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.descendants().find(|n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.is_element() && n.tag_name().name() == name)
}

fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children().filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The trimmed text of the child `name`, empty when absent. Some gateways write "N/A"
/// for what they do not know: that is nothing too.
fn text(node: Node<'_, '_>, name: &str) -> String {
    child(node, name).map(node_text).filter(|t| !t.eq_ignore_ascii_case("N/A")).unwrap_or_default()
}

fn node_text(node: Node<'_, '_>) -> String {
    let all: String = node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn bad_date(field: &str, value: &str) -> Unreadable {
    Unreadable::new(
        format!("Ngày {field} \"{value}\" không đọc được."),
        format!("The date {field} \"{value}\" cannot be read."),
    )
}

/// A date as senders write it, a time after it ignored.
pub fn date(value: &str) -> Option<NaiveDate> {
    let day = value.trim().split([' ', 'T']).next()?;
    ["%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(day, f).ok())
}

/// A time stamp in Vietnam's time (the standard's `yyyy/MM/dd HH:mm:ss`, or as others
/// write it); ISO with an offset is taken as it says.
pub fn instant(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .and_then(|local| vietnam_offset().from_local_datetime(&local).single())
        .map(|at| at.with_timezone(&Utc))
}

/// `yyyy/MM/dd HH:mm:ss` in Vietnam's time.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam_offset()).format("%Y/%m/%d %H:%M:%S").to_string()
}

/// Text for an XML element or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A status message, as the standard writes it.
pub fn write_status(status: &StatusMessage) -> String {
    let e = escape;
    let r = &status.response_for;
    let day = r.date.map(|d| d.format("%Y/%m/%d").to_string()).unwrap_or_default();
    let at = status.at.map(timestamp).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<edXML:Status xmlns:edXML=\"{NAMESPACE}\">\n\
  <edXML:ResponseFor>\n\
    <edXML:OrganId>{}</edXML:OrganId>\n\
    <edXML:Code>{}</edXML:Code>\n\
    <edXML:PromulgationDate>{day}</edXML:PromulgationDate>\n\
    <edXML:DocumentId>{}</edXML:DocumentId>\n\
  </edXML:ResponseFor>\n\
  <edXML:From>\n\
    <edXML:OrganId>{}</edXML:OrganId>\n\
    <edXML:OrganName>{}</edXML:OrganName>\n\
  </edXML:From>\n\
  <edXML:StatusCode>{}</edXML:StatusCode>\n\
  <edXML:Description>{}</edXML:Description>\n\
  <edXML:Timestamp>{at}</edXML:Timestamp>\n\
  <edXML:StaffInfo>\n\
    <edXML:Department>{}</edXML:Department>\n\
    <edXML:Staff>{}</edXML:Staff>\n\
  </edXML:StaffInfo>\n\
</edXML:Status>\n",
        e(&r.organ_code),
        e(&r.code),
        e(&r.document_id),
        e(&status.from.code),
        e(&status.from.name),
        status.status.code(),
        e(&status.description),
        e(&status.department),
        e(&status.staff),
    )
}

/// A document message, as the standard writes it: the header, the trace of this Office's
/// step, the manifest, and the files base64-encoded after the envelope.
pub fn write_document(m: &DocumentMessage, at: DateTime<Utc>) -> String {
    let e = escape;
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y/%m/%d").to_string()).unwrap_or_default();
    let organ = |tag: &str, o: &Organ| {
        format!(
            "        <edXML:{tag}>\n          <edXML:OrganId>{}</edXML:OrganId>\n          <edXML:OrganName>{}</edXML:OrganName>\n        </edXML:{tag}>\n",
            e(&o.code),
            e(&o.name)
        )
    };
    let mut out =
        String::with_capacity(4096 + m.attachments.iter().map(|a| a.bytes.len() * 4 / 3).sum::<usize>());
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edXML xmlns=\"{NAMESPACE}\">\n  <edXML:edXMLEnvelope xmlns:edXML=\"{NAMESPACE}\">\n    <edXML:edXMLHeader>\n      <edXML:MessageHeader>\n"
    ));
    out.push_str(&organ("From", &m.from));
    for to in &m.to {
        out.push_str(&organ("To", to));
    }
    let places: String =
        m.places.iter().map(|p| format!("          <edXML:Place>{}</edXML:Place>\n", e(p))).collect();
    out.push_str(&format!(
        "        <edXML:Code>\n          <edXML:CodeNumber>{}</edXML:CodeNumber>\n          <edXML:CodeNotation>{}</edXML:CodeNotation>\n        </edXML:Code>\n\
        <edXML:PromulgationInfo>\n          <edXML:Place>{}</edXML:Place>\n          <edXML:PromulgationDate>{}</edXML:PromulgationDate>\n        </edXML:PromulgationInfo>\n\
        <edXML:DocumentType>\n          <edXML:TypeName>{}</edXML:TypeName>\n        </edXML:DocumentType>\n\
        <edXML:Subject>{}</edXML:Subject>\n\
        <edXML:SignerInfo>\n          <edXML:Competence>{}</edXML:Competence>\n          <edXML:Position>{}</edXML:Position>\n          <edXML:FullName>{}</edXML:FullName>\n        </edXML:SignerInfo>\n\
        <edXML:DueDate>{}</edXML:DueDate>\n\
        <edXML:ToPlaces>\n{places}        </edXML:ToPlaces>\n\
        <edXML:OtherInfo>\n          <edXML:Priority>{}</edXML:Priority>\n          <edXML:PageAmount>{}</edXML:PageAmount>\n        </edXML:OtherInfo>\n\
        <edXML:DocumentId>{}</edXML:DocumentId>\n      </edXML:MessageHeader>\n",
        e(&m.number),
        e(&m.notation),
        e(&m.place),
        day(m.date),
        e(&m.type_name),
        e(&m.subject),
        e(&m.signer.competence),
        e(&m.signer.position),
        e(&m.signer.full_name),
        day(m.due_date),
        m.priority,
        m.page_count.unwrap_or(0),
        e(&m.document_id),
    ));
    out.push_str(&format!(
        "      <edXML:TraceHeaderList>\n        <edXML:TraceHeader>\n          <edXML:OrganId>{}</edXML:OrganId>\n          <edXML:Timestamp>{}</edXML:Timestamp>\n        </edXML:TraceHeader>\n\
        <edXML:Bussiness>\n          <edXML:BussinessDocType>{}</edXML:BussinessDocType>\n          <edXML:BussinessDocReason>{}</edXML:BussinessDocReason>\n        </edXML:Bussiness>\n      </edXML:TraceHeaderList>\n    </edXML:edXMLHeader>\n",
        e(&m.from.code),
        timestamp(at),
        m.business.code(),
        e(&m.reason),
    ));
    out.push_str("    <edXML:edXMLBody>\n      <edXML:edXMLManifest version=\"1.0\">\n");
    for (i, a) in m.attachments.iter().enumerate() {
        out.push_str(&format!(
            "        <edXML:Reference>\n          <edXML:AttachmentName>{}</edXML:AttachmentName>\n          <edXML:ContentType>{}</edXML:ContentType>\n          <edXML:ContentId>cid:{}</edXML:ContentId>\n        </edXML:Reference>\n",
            e(&a.name),
            e(&a.content_type),
            i + 1
        ));
    }
    out.push_str("      </edXML:edXMLManifest>\n    </edXML:edXMLBody>\n  </edXML:edXMLEnvelope>\n  <AttachmentEncoded>\n");
    for (i, a) in m.attachments.iter().enumerate() {
        out.push_str(&format!(
            "    <Attachment>\n      <ContentType>{}</ContentType>\n      <ContentId>{}</ContentId>\n      <ContentTransferEncoded>{}</ContentTransferEncoded>\n      <AttachmentName>{}</AttachmentName>\n    </Attachment>\n",
            e(&a.content_type),
            i + 1,
            base64::engine::general_purpose::STANDARD.encode(&a.bytes),
            e(&a.name),
        ));
    }
    out.push_str("  </AttachmentEncoded>\n</edXML>\n");
    out
}

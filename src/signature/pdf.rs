//! Signatures inside a PDF (ISO 32000-1 §12.8, PAdES): each signature is an incremental
//! update appended to the file — a signature field on the first page, its value (the
//! CMS signature over every byte but its own), the page and the form that list it — so
//! that what was signed before stays byte for byte as it was, and its signature valid.
//!
//! The file is read with `lopdf` (any producer's PDF: cross-reference streams, object
//! streams, earlier updates); the update is written here, byte by byte, because the
//! signature must cover exactly the bytes that end up in the file.

use super::cms;
use super::key::Signer;
use crate::error::{CoreError, CoreResult};
use crate::pdf::Region;
use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use std::io::Write;

/// Bytes reserved for the CMS signature (the chain of a national CA's certificates, a
/// 4096-bit signature and a time-stamp token with its authority's chain fit with room to
/// spare).
const RESERVED: usize = 24_000;
/// Width of each number of the /ByteRange placeholder.
const WIDTH: usize = 10;

fn unreadable(e: impl std::fmt::Display) -> CoreError {
    CoreError::invalid(
        "file",
        format!("Tệp PDF không đọc được: {e}."),
        format!("The PDF cannot be read: {e}."),
    )
}

/// What a signature says in the PDF beside the CMS: why, where, when and by whom.
pub struct Mark<'a> {
    pub reason: &'a str,
    pub location: &'a str,
    pub at: DateTime<Utc>,
}

/// What a visible signature shows: parts of the pages of `overlay` (a PDF this app drew,
/// its pages the size of the signed document's), each shown over the same part of the
/// same page — the number, the date and the seal a clerk adds when issuing.
pub struct Appearance<'a> {
    pub overlay: &'a [u8],
    pub regions: &'a [Region],
}

/// `pdf` with one more signature by `signer`, appended as an incremental update.
pub fn sign(pdf: &[u8], signer: &Signer, mark: &Mark<'_>) -> CoreResult<Vec<u8>> {
    sign_visibly(pdf, signer, mark, None)
}

/// `pdf` with one more signature by `signer`, shown by `appearance` when given: the
/// field's widgets draw the overlay's regions (a signature field with its widgets and
/// their appearances is what a later signature may add without breaking an earlier one).
pub fn sign_visibly(
    pdf: &[u8],
    signer: &Signer,
    mark: &Mark<'_>,
    appearance: Option<&Appearance<'_>>,
) -> CoreResult<Vec<u8>> {
    signer.valid_at(mark.at)?;
    let document = Document::load_mem(pdf).map_err(unreadable)?;
    let root = document.trailer.get(b"Root").and_then(Object::as_reference).map_err(unreadable)?;
    let page = *document.get_pages().get(&1).ok_or_else(|| unreadable("no page"))?;
    let previous = last_startxref(pdf).ok_or_else(|| unreadable("no startxref"))?;
    let mut next = document.max_id + 1;
    let mut take = || {
        let id = (next, 0);
        next += 1;
        id
    };
    let value_id = take();
    let field_id = take();
    let count = signatures(&document).len() + 1;

    let mut field = Dictionary::new();
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text(&format!("Signature{count}")));
    field.set("V", Object::Reference(value_id));
    let mut updated: Vec<(ObjectId, Object)> = Vec::new();
    let mut pages: std::collections::BTreeMap<ObjectId, Dictionary> = std::collections::BTreeMap::new();
    let mut annotate = |page_id: ObjectId, annotation: ObjectId| -> CoreResult<()> {
        let page_dict = match pages.entry(page_id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(document.get_dictionary(page_id).map_err(unreadable)?.clone())
            }
        };
        append(&document, page_dict, b"Annots", annotation);
        Ok(())
    };
    match appearance {
        None => {
            // The field is its own widget, invisible: the page already draws the marks of
            // Decree 30 Annex I where the signature stands.
            field.set("Type", Object::Name(b"Annot".to_vec()));
            field.set("Subtype", Object::Name(b"Widget".to_vec()));
            field.set("F", Object::Integer(132));
            field.set("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]));
            field.set("P", Object::Reference(page));
            annotate(page, field_id)?;
        }
        Some(appearance) => {
            let overlay = Document::load_mem(appearance.overlay).map_err(unreadable)?;
            let overlay_pages = overlay.get_pages();
            let target_pages = document.get_pages();
            let mut imported = std::collections::BTreeMap::new();
            let mut kids = Vec::new();
            for region in appearance.regions {
                let number = region.page as u32 + 1;
                let (Some(&target), Some(&source)) = (target_pages.get(&number), overlay_pages.get(&number))
                else {
                    return Err(unreadable(format!("no page {number}")));
                };
                let height = page_height_mm(&document, target);
                let rect: Vec<Object> = region.rect(height).iter().map(|v| Object::Real(*v)).collect();
                let source_page = overlay.get_dictionary(source).map_err(unreadable)?;
                let content = source_page
                    .get(b"Contents")
                    .and_then(Object::as_reference)
                    .and_then(|id| overlay.get_object(id))
                    .and_then(Object::as_stream)
                    .map_err(unreadable)?;
                let resources = source_page.get(b"Resources").map_err(unreadable)?;
                let resources = import(&overlay, resources, &mut imported, &mut take, &mut updated)?;
                let mut form = Dictionary::new();
                form.set("Type", Object::Name(b"XObject".to_vec()));
                form.set("Subtype", Object::Name(b"Form".to_vec()));
                form.set("BBox", Object::Array(rect.clone()));
                form.set("Resources", resources);
                if let Ok(filter) = content.dict.get(b"Filter") {
                    form.set("Filter", filter.clone());
                }
                form.set("Length", Object::Integer(content.content.len() as i64));
                let form_id = take();
                updated.push((form_id, Object::Stream(lopdf::Stream::new(form, content.content.clone()))));
                let mut widget = Dictionary::new();
                widget.set("Type", Object::Name(b"Annot".to_vec()));
                widget.set("Subtype", Object::Name(b"Widget".to_vec()));
                widget.set("Parent", Object::Reference(field_id));
                widget.set("F", Object::Integer(132));
                widget.set("Rect", Object::Array(rect));
                widget.set("P", Object::Reference(target));
                let mut ap = Dictionary::new();
                ap.set("N", Object::Reference(form_id));
                widget.set("AP", Object::Dictionary(ap));
                let widget_id = take();
                updated.push((widget_id, Object::Dictionary(widget)));
                annotate(target, widget_id)?;
                kids.push(Object::Reference(widget_id));
            }
            field.set("Kids", Object::Array(kids));
        }
    }
    updated.extend(pages.into_iter().map(|(id, d)| (id, Object::Dictionary(d))));

    // The form with the field among its fields: its own object, or a new one.
    let catalog = document.get_dictionary(root).map_err(unreadable)?.clone();
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let mut form = document.get_dictionary(*form_id).map_err(unreadable)?.clone();
            add_field(&document, &mut form, field_id);
            updated.push((*form_id, Object::Dictionary(form)));
        }
        found => {
            let mut form = match found {
                Ok(Object::Dictionary(d)) => d.clone(),
                _ => Dictionary::new(),
            };
            add_field(&document, &mut form, field_id);
            let form_id = take();
            let mut catalog = catalog.clone();
            catalog.set("AcroForm", Object::Reference(form_id));
            updated.push((form_id, Object::Dictionary(form)));
            updated.push((root, Object::Dictionary(catalog)));
        }
    }
    updated.push((field_id, Object::Dictionary(field)));

    // Write the update: the signature value first, by hand, to know where its bytes go.
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    offsets.push((value_id.0, out.len()));
    let _ = write!(
        out,
        "{} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ",
        value_id.0
    );
    let byte_range_at = out.len();
    let _ = write!(out, "[0 {:0w$} {:0w$} {:0w$}]", 0, 0, 0, w = WIDTH);
    out.extend_from_slice(b" /Contents <");
    let contents_start = out.len() - 1;
    out.extend(std::iter::repeat_n(b'0', RESERVED * 2));
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b" /M ");
    write_object(&mut out, &text(&pdf_date(mark.at)));
    out.extend_from_slice(b" /Name ");
    write_object(&mut out, &text(&signer.name));
    out.extend_from_slice(b" /Reason ");
    write_object(&mut out, &text(mark.reason));
    out.extend_from_slice(b" /Location ");
    write_object(&mut out, &text(mark.location));
    out.extend_from_slice(b" >>\nendobj\n");
    for (id, object) in &updated {
        offsets.push((id.0, out.len()));
        let _ = writeln!(out, "{} {} obj", id.0, id.1);
        write_object(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    offsets.sort();
    out.extend_from_slice(b"xref\n");
    for (id, offset) in &offsets {
        let generation = updated.iter().find(|(o, _)| o.0 == *id).map_or(0, |(o, _)| o.1);
        let _ = write!(out, "{id} 1\n{offset:010} {generation:05} n \n");
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(next)));
    trailer.set("Root", Object::Reference(root));
    if let Ok(info) = document.trailer.get(b"Info") {
        trailer.set("Info", info.clone());
    }
    if let Ok(id) = document.trailer.get(b"ID") {
        trailer.set("ID", id.clone());
    }
    trailer.set("Prev", Object::Integer(previous as i64));
    out.extend_from_slice(b"trailer\n");
    write_object(&mut out, &Object::Dictionary(trailer));
    let _ = write!(out, "\nstartxref\n{xref}\n%%EOF\n");

    // Fill the byte range, then sign every byte but the signature's own.
    let range = format!(
        "[0 {:0w$} {:0w$} {:0w$}]",
        contents_start,
        contents_end,
        out.len() - contents_end,
        w = WIDTH
    );
    out[byte_range_at..byte_range_at + range.len()].copy_from_slice(range.as_bytes());
    let mut digest = ring::digest::Context::new(&ring::digest::SHA256);
    digest.update(&out[..contents_start]);
    digest.update(&out[contents_end..]);
    // A time-stamp authority that does not answer does not stop a leader signing: the
    // signature is made without its stamp (PAdES B-B), and the check says it has none.
    let stamp = |value: &[u8]| {
        let stamper = signer.stamper.as_deref()?;
        super::timestamp::token(stamper, value)
            .inspect_err(|e| tracing::warn!("signature made without a time-stamp: {e}"))
            .ok()
    };
    let signature = cms::sign(signer, digest.finish().as_ref(), stamp)?;
    if signature.len() > RESERVED {
        return Err(CoreError::Io(std::io::Error::other(
            "the signature is larger than the room kept for it",
        )));
    }
    let encoded = hex::encode_upper(&signature);
    out[contents_start + 1..contents_start + 1 + encoded.len()].copy_from_slice(encoded.as_bytes());
    Ok(out)
}

/// The height of `page` in millimetres (its media box; A4 when it has none readable).
fn page_height_mm(document: &Document, page: ObjectId) -> f32 {
    let number = |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32));
    document
        .get_dictionary(page)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(Object::as_array)
        .ok()
        .and_then(|b| Some(number(b.get(3)?)? - number(b.get(1)?)?))
        .map_or(297.0, |points| points * 25.4 / 72.0)
}

/// `object` of `source` made part of the update: every object it refers to (fonts, their
/// programs) copied under a new number, once.
fn import(
    source: &Document,
    object: &Object,
    done: &mut std::collections::BTreeMap<ObjectId, ObjectId>,
    take: &mut impl FnMut() -> ObjectId,
    out: &mut Vec<(ObjectId, Object)>,
) -> CoreResult<Object> {
    Ok(match object {
        Object::Reference(id) => {
            if let Some(new) = done.get(id) {
                return Ok(Object::Reference(*new));
            }
            let new = take();
            done.insert(*id, new);
            let copied = import(source, source.get_object(*id).map_err(unreadable)?, done, take, out)?;
            out.push((new, copied));
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items.iter().map(|i| import(source, i, done, take, out)).collect::<CoreResult<Vec<_>>>()?,
        ),
        Object::Dictionary(dict) => Object::Dictionary(import_dictionary(source, dict, done, take, out)?),
        Object::Stream(stream) => {
            let mut dict = import_dictionary(source, &stream.dict, done, take, out)?;
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            Object::Stream(lopdf::Stream::new(dict, stream.content.clone()))
        }
        other => other.clone(),
    })
}

fn import_dictionary(
    source: &Document,
    dict: &Dictionary,
    done: &mut std::collections::BTreeMap<ObjectId, ObjectId>,
    take: &mut impl FnMut() -> ObjectId,
    out: &mut Vec<(ObjectId, Object)>,
) -> CoreResult<Dictionary> {
    let mut copied = Dictionary::new();
    for (key, value) in dict.iter() {
        copied.set(key.clone(), import(source, value, done, take, out)?);
    }
    Ok(copied)
}

/// `dict`'s array `key` (inline or by reference) with `item` added, written inline.
fn append(document: &Document, dict: &mut Dictionary, key: &[u8], item: ObjectId) {
    let mut items = match dict.get(key) {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => {
            document.get_object(*r).and_then(Object::as_array).cloned().unwrap_or_default()
        }
        _ => Vec::new(),
    };
    items.push(Object::Reference(item));
    dict.set(key.to_vec(), Object::Array(items));
}

fn add_field(document: &Document, form: &mut Dictionary, field: ObjectId) {
    append(document, form, b"Fields", field);
    // SignaturesExist | AppendOnly.
    form.set("SigFlags", Object::Integer(3));
}

/// The offset the file's last `startxref` gives.
fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(1024)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    std::str::from_utf8(&tail[at + 9..]).ok()?.split_whitespace().next()?.parse().ok()
}

/// A PDF date in Vietnam's time: `D:20261208103200+07'00'`.
fn pdf_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::clock::vietnam_offset()).format("D:%Y%m%d%H%M%S+07'00'").to_string()
}

/// A text string: PDFDocEncoding when ASCII, else UTF-16BE with its byte order mark.
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `object` in PDF syntax.
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(name) => {
            out.push(b'/');
            for &b in name {
                if b.is_ascii_alphanumeric() || b"-_.+*".contains(&b) {
                    out.push(b);
                } else {
                    let _ = write!(out, "#{b:02X}");
                }
            }
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(bytes).as_bytes());
            out.push(b'>');
        }
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => {
            out.extend_from_slice(b"<<");
            for (key, value) in dict.iter() {
                out.push(b' ');
                write_object(out, &Object::Name(key.clone()));
                out.push(b' ');
                write_object(out, value);
            }
            out.extend_from_slice(b" >>");
        }
        Object::Stream(stream) => {
            // Pages, forms and catalogs are dictionaries; a stream is written whole.
            write_object(out, &Object::Dictionary(stream.dict.clone()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// One signature found in a PDF, as stored: its byte range and CMS bytes, and the texts
/// beside them.
pub(super) struct Found {
    pub byte_range: Vec<usize>,
    pub contents: Vec<u8>,
    pub signed_at: Option<String>,
    pub name: Option<String>,
    pub reason: Option<String>,
}

/// Every signature value in `document` (dictionaries with a /ByteRange and /Contents),
/// in the order of their byte ranges' ends.
fn signatures(document: &Document) -> Vec<Found> {
    let mut found: Vec<Found> = document
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| {
            let byte_range = d
                .get(b"ByteRange")
                .ok()?
                .as_array()
                .ok()?
                .iter()
                .map(|n| n.as_i64().ok().and_then(|n| usize::try_from(n).ok()))
                .collect::<Option<Vec<usize>>>()?;
            let contents = d.get(b"Contents").ok()?.as_str().ok()?.to_vec();
            let string = |key: &[u8]| d.get(key).ok().and_then(|o| o.as_str().ok()).map(decode_text);
            Some(Found {
                byte_range,
                contents,
                signed_at: string(b"M"),
                name: string(b"Name"),
                reason: string(b"Reason"),
            })
        })
        .collect();
    found.sort_by_key(|f| f.byte_range.get(2).zip(f.byte_range.get(3)).map(|(a, b)| a + b));
    found
}

/// The number of pages of any PDF.
pub fn page_count(pdf: &[u8]) -> CoreResult<usize> {
    Ok(Document::load_mem(pdf).map_err(unreadable)?.get_pages().len())
}

pub(super) fn found(pdf: &[u8]) -> CoreResult<Vec<Found>> {
    Ok(signatures(&Document::load_mem(pdf).map_err(unreadable)?))
}

fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

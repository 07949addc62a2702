//! EPUB: the chapters in the order of the package's spine (the OPF that
//! `META-INF/container.xml` names), each chapter's XHTML through the HTML
//! path (`decode`: its encoding, tags, scripts and styles); the title from
//! the OPF's `dc:title`.
//!
//! A chapter starts on a line of its own; line numbers count the lines of
//! the chapters as they follow one another.

use std::collections::HashMap;

use super::archive::Archive;
use super::bounded::BoundedText;
use super::xml::{self, Step};
use super::Text;
use crate::decode::{decode_as, Decoded, Format};
use sagasu_store::SkipReason;

fn damaged(error: &str) -> SkipReason {
    SkipReason::Damaged {
        format: "EPUB".into(),
        error: sagasu_analysis::safe::escape_unsafe(error).into_owned(),
    }
}

/// Extracts the text of an .epub whose bytes are `bytes`.
pub(crate) fn extract(bytes: &[u8], max_text: u64) -> Result<Text, SkipReason> {
    let mut archive = Archive::open(bytes, "EPUB", max_text)?;
    let container = archive
        .text("META-INF/container.xml")?
        .ok_or_else(|| damaged("no META-INF/container.xml"))?;
    let opf_path = rootfile(&container).ok_or_else(|| damaged("no rootfile in META-INF/container.xml"))?;
    let opf = archive
        .text(&opf_path)?
        .ok_or_else(|| damaged(&format!("no {opf_path}")))?;
    let package = Package::parse(&opf)?;
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut text = BoundedText::new(bytes.len(), max_text);
    for href in &package.chapters {
        let name = resolve(base, href);
        let Some(bytes) = archive.bytes(&name)? else {
            continue;
        };
        if let Decoded::Text { text: chapter, .. } = decode_as(&bytes, Format::Html) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n')?;
            }
            text.push_str(&chapter)?;
        }
    }
    Ok(Text::extracted(text.into_string(), package.title))
}

/// The `full-path` of the container's first rootfile.
fn rootfile(container: &str) -> Option<String> {
    let mut found = None;
    let _ = xml::walk(container, "EPUB", |step| {
        if let Step::Open { name, tag, .. } = step {
            if name == "rootfile" && found.is_none() {
                found = xml::attr(&tag, "full-path");
            }
        }
    });
    found
}

/// What the OPF says: the chapters' hrefs in spine order, and the title.
#[derive(Debug, Default)]
struct Package {
    chapters: Vec<String>,
    title: Option<String>,
}

impl Package {
    fn parse(opf: &str) -> Result<Package, SkipReason> {
        let mut items: HashMap<String, (String, String)> = HashMap::new();
        let mut spine = Vec::new();
        xml::walk(opf, "EPUB", |step| {
            let Step::Open { name, tag, .. } = step else {
                return;
            };
            match name.as_str() {
                "item" => {
                    if let (Some(id), Some(href)) = (xml::attr(&tag, "id"), xml::attr(&tag, "href")) {
                        let media = xml::attr(&tag, "media-type").unwrap_or_default();
                        items.insert(id, (href, media));
                    }
                }
                "itemref" => spine.extend(xml::attr(&tag, "idref")),
                _ => {}
            }
        })?;
        let chapters = spine
            .iter()
            .filter_map(|id| items.get(id))
            .filter(|(_, media)| media.is_empty() || media.contains("html"))
            .map(|(href, _)| href.clone())
            .collect();
        Ok(Package {
            chapters,
            title: xml::first_text(opf, "title"),
        })
    }
}

/// The member name of `href` (relative to the OPF's folder `base`):
/// percent-escapes decoded, a fragment dropped, `.` and `..` resolved.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let mut parts: Vec<String> = base.split('/').filter(|p| !p.is_empty()).map(String::from).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(percent_decode(p)),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::archive::tests::zip_of;

    #[test]
    fn hrefs_resolve_against_the_opf_folder() {
        assert_eq!(resolve("OEBPS", "text/b%20two.xhtml#c2"), "OEBPS/text/b two.xhtml");
        assert_eq!(resolve("OEBPS/x", "../a.xhtml"), "OEBPS/a.xhtml");
        assert_eq!(resolve("", "a.xhtml"), "a.xhtml");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn chapters_come_in_spine_order() {
        let container = b"<container><rootfiles><rootfile full-path=\"OPS/p.opf\"/></rootfiles></container>";
        let opf = b"<package><metadata><dc:title xmlns:dc=\"d\">Book</dc:title></metadata><manifest>\
            <item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/>\
            <item id=\"b\" href=\"b.xhtml\" media-type=\"application/xhtml+xml\"/>\
            <item id=\"c\" href=\"c.css\" media-type=\"text/css\"/></manifest>\
            <spine><itemref idref=\"b\"/><itemref idref=\"c\"/><itemref idref=\"a\"/></spine></package>";
        let z = zip_of(&[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", container),
            ("OPS/p.opf", opf),
            ("OPS/a.xhtml", b"<html><body><p>second</p></body></html>"),
            ("OPS/b.xhtml", b"<html><body><p>first</p></body></html>"),
            ("OPS/c.css", b"p { }"),
        ]);
        let t = extract(&z, 1 << 20).unwrap();
        assert_eq!(t.text.split_whitespace().collect::<Vec<_>>(), ["first", "second"]);
        assert_eq!(t.title.as_deref(), Some("Book"));
    }
}

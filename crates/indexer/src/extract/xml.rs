//! What the XML adapters share: quick-xml's pull reader over a member's
//! text, character and entity references, attributes by local name.
//!
//! Only the five predefined entities and character references are
//! resolved: quick-xml expands no entity a document declares, so a
//! "billion laughs" DTD expands nothing.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use sagasu_store::SkipReason;

/// One step through an XML document, as the adapters see it.
#[derive(Debug)]
pub(crate) enum Step<'x> {
    /// A start tag (`empty` for `<x/>`, which has no end step), with its
    /// local name (the prefix dropped).
    Open {
        /// The local name, e.g. `p` for `<w:p>`.
        name: String,
        /// The tag, for its attributes.
        tag: BytesStart<'x>,
        /// `<x/>`: no [`Step::Close`] follows.
        empty: bool,
    },
    /// An end tag, with its local name.
    Close(String),
    /// Character data, references resolved.
    Text(String),
}

/// Calls `f` for every step of `xml`; a malformed document is `Damaged`
/// (what was read before the error is kept by `f`).
pub(crate) fn walk<'x>(xml: &'x str, format: &str, mut f: impl FnMut(Step<'x>)) -> Result<(), SkipReason> {
    walk_until(xml, format, |step| {
        f(step);
        Ok(())
    })
}

/// Calls `f` for every step of `xml` until it answers an error (a text
/// grown past its bound): the walk stops there with that error.
pub(crate) fn walk_until<'x>(
    xml: &'x str,
    format: &str,
    mut f: impl FnMut(Step<'x>) -> Result<(), SkipReason>,
) -> Result<(), SkipReason> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    loop {
        let event = reader.read_event().map_err(|e| SkipReason::Damaged {
            format: format.into(),
            error: sagasu_analysis::safe::escape_unsafe(&format!("XML error at byte {}: {e}", reader.error_position()))
                .into_owned(),
        })?;
        match event {
            Event::Start(tag) => f(Step::Open {
                name: local(&tag),
                tag,
                empty: false,
            })?,
            Event::Empty(tag) => f(Step::Open {
                name: local(&tag),
                tag,
                empty: true,
            })?,
            Event::End(tag) => f(Step::Close(tag.local_name().as_ref().to_string()))?,
            Event::Text(t) => f(Step::Text(t.xml10_content().into_owned()))?,
            Event::CData(t) => f(Step::Text(t.to_string()))?,
            Event::GeneralRef(r) => f(Step::Text(reference(&r)))?,
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn local(tag: &BytesStart<'_>) -> String {
    tag.local_name().as_ref().to_string()
}

/// The text of `&name;` or `&#…;`; an entity the document declared itself
/// stays as written.
fn reference(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

/// The value of the attribute whose local name is `name`, references
/// resolved.
pub(crate) fn attr(tag: &BytesStart<'_>, name: &str) -> Option<String> {
    tag.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.into_owned()).ok())
            .flatten()
    })
}

/// The text of the first element named `name` (local name), whitespace
/// collapsed: a title in metadata.
pub(crate) fn first_text(xml: &str, name: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut found = String::new();
    let mut done = false;
    let _ = walk(xml, "XML", |step| match step {
        Step::Open { name: n, empty, .. } if !done && n == name && !empty => depth += 1,
        Step::Open { .. } if depth > 0 => depth += 1,
        Step::Close(_) if depth > 0 => {
            depth -= 1;
            done |= depth == 0;
        }
        Step::Text(t) if depth > 0 => found.push_str(&t),
        _ => {}
    });
    let t = found.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = sagasu_analysis::safe::strip_unsafe(&t).into_owned();
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_resolved_and_declared_entities_are_not_expanded() {
        let mut text = String::new();
        walk(
            "<!DOCTYPE x [<!ENTITY lol \"lololol\">]><x>a &amp; b &#x41;&#66; &lol;</x>",
            "XML",
            |s| {
                if let Step::Text(t) = s {
                    text.push_str(&t)
                }
            },
        )
        .unwrap();
        assert_eq!(text, "a & b AB &lol;");
    }

    #[test]
    fn malformed_xml_is_damaged() {
        let r = walk("<a><b></a", "DOCX", |_| {});
        assert!(matches!(r, Err(SkipReason::Damaged { .. })), "{r:?}");
    }

    #[test]
    fn first_text_finds_a_title() {
        let xml = "<m xmlns:dc=\"d\"><dc:title> The\n Tidal  <i>Book</i></dc:title><dc:title>no</dc:title></m>";
        assert_eq!(first_text(xml, "title").as_deref(), Some("The Tidal Book"));
        assert_eq!(first_text("<m/>", "title"), None);
    }
}

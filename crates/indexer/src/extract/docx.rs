//! Word (.docx): the paragraphs of `word/document.xml` (headings, tables
//! and text boxes among them) one per line, then the footnotes and
//! endnotes; the title from `docProps/core.xml`.
//!
//! Runs (`w:t`) join without a space, as Word shows them (Word splits a
//! word into runs at every change of formatting). Tabs and breaks inside a
//! paragraph stay apart. The fallback copy of a drawing that Word writes
//! for old readers (`mc:Fallback`) is skipped: its text is the same as the
//! text box's.

use super::archive::Archive;
use super::bounded::BoundedText;
use super::xml::{self, Step};
use super::Text;
use sagasu_store::SkipReason;

/// Extracts the text of a .docx whose bytes are `bytes`.
pub(crate) fn extract(bytes: &[u8], max_text: u64) -> Result<Text, SkipReason> {
    let mut archive = Archive::open(bytes, "DOCX", max_text)?;
    let document = archive.text("word/document.xml")?.ok_or_else(|| SkipReason::Damaged {
        format: "DOCX".into(),
        error: "no word/document.xml".into(),
    })?;
    let mut out = BoundedText::new(bytes.len(), max_text);
    paragraphs(&document, &mut out)?;
    drop(document);
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(notes) = archive.text(part)? {
            out.push('\n')?;
            paragraphs(&notes, &mut out)?;
        }
    }
    let out = out.into_string();
    let title = archive
        .text("docProps/core.xml")
        .ok()
        .flatten()
        .and_then(|core| xml::first_text(&core, "title"));
    Ok(Text::extracted(out, title))
}

/// Appends the text of a WordprocessingML part, one line per paragraph.
fn paragraphs(part: &str, out: &mut BoundedText) -> Result<(), SkipReason> {
    let mut in_text = false;
    let mut skipped = 0usize;
    xml::walk_until(part, "DOCX", |step| {
        match step {
            Step::Open { empty, .. } if skipped > 0 => skipped += usize::from(!empty),
            Step::Close(_) if skipped > 0 => skipped -= 1,
            _ if skipped > 0 => {}
            Step::Open { name, empty, .. } => match name.as_str() {
                "t" => in_text = !empty,
                "Fallback" if !empty => skipped = 1,
                "tab" | "ptab" => out.push('\t')?,
                "br" | "cr" => out.push('\n')?,
                "noBreakHyphen" => out.push('-')?,
                "softHyphen" => out.push('\u{ad}')?,
                "p" if empty => out.push('\n')?,
                _ => {}
            },
            Step::Close(name) => match name.as_str() {
                "t" => in_text = false,
                "p" => out.push('\n')?,
                _ => {}
            },
            Step::Text(t) if in_text => out.push_str(&t)?,
            Step::Text(_) => {}
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::archive::tests::zip_of;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn docx(body: &str, footnotes: Option<&str>) -> Vec<u8> {
        let doc = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let notes = footnotes.map(|n| format!("<w:footnotes {W}>{n}</w:footnotes>"));
        let mut members: Vec<(&str, &[u8])> = vec![("word/document.xml", doc.as_bytes())];
        if let Some(n) = &notes {
            members.push(("word/footnotes.xml", n.as_bytes()));
        }
        zip_of(&members)
    }

    #[test]
    fn paragraphs_runs_tables_text_boxes_and_footnotes() {
        let body = "<w:p><w:r><w:t>Head</w:t></w:r><w:r><w:t xml:space=\"preserve\">ing &amp; more</w:t></w:r></w:p>\
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            <w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r></w:p>\
            <w:p><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
            <mc:Fallback><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:p>\
            <w:p><w:r><w:delText>deleted</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>";
        let notes = "<w:footnote w:id=\"1\"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>";
        let t = extract(&docx(body, Some(notes)), 1 << 20).unwrap();
        assert_eq!(t.text, "Heading & more\ncell\na\tb\nc\nboxed\n\n\n\nA note.\n");
        assert_eq!(t.title, None);
    }

    #[test]
    fn a_docx_without_its_document_is_damaged() {
        let z = zip_of(&[("word/other.xml", b"<x/>")]);
        assert!(matches!(extract(&z, 1 << 20), Err(SkipReason::Damaged { .. })));
    }
}

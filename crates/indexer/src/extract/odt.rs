//! OpenDocument text (.odt): the paragraphs and headings of `content.xml`
//! (tables, lists and frames among them) one per line, footnotes and
//! endnotes after the body; the title from `meta.xml`.
//!
//! A note's body sits inside the paragraph that cites it: it is moved
//! after the body, so that it does not cut the sentence in two, and its
//! citation mark (`1`) is dropped. Tracked deletions are not text.

use super::archive::Archive;
use super::bounded::BoundedText;
use super::xml::{self, Step};
use super::Text;
use sagasu_store::SkipReason;

/// Extracts the text of an .odt whose bytes are `bytes`.
pub(crate) fn extract(bytes: &[u8], max_text: u64) -> Result<Text, SkipReason> {
    let mut archive = Archive::open(bytes, "ODT", max_text)?;
    let content = archive.text("content.xml")?.ok_or_else(|| SkipReason::Damaged {
        format: "ODT".into(),
        error: "no content.xml".into(),
    })?;
    let text = body_and_notes(&content, bytes.len(), max_text)?;
    let title = archive
        .text("meta.xml")
        .ok()
        .flatten()
        .and_then(|meta| xml::first_text(&meta, "title"));
    Ok(Text::extracted(text, title))
}

/// Where text goes while walking `content.xml`.
struct Sink {
    body: BoundedText,
    notes: BoundedText,
    /// Depth inside note bodies and annotations (their text goes to `notes`).
    in_note: usize,
    /// Depth inside elements whose text is dropped.
    dropped: usize,
    /// Depth inside paragraphs and headings (text outside them is the
    /// XML's own whitespace).
    in_par: usize,
}

impl Sink {
    fn out(&mut self) -> &mut BoundedText {
        if self.in_note > 0 {
            &mut self.notes
        } else {
            &mut self.body
        }
    }
}

/// The text of `content.xml` (of a file of `file_len` bytes), bounded as
/// it grows: the body and the notes share the bound.
fn body_and_notes(content: &str, file_len: usize, max_text: u64) -> Result<String, SkipReason> {
    let mut s = Sink {
        body: BoundedText::new(file_len, max_text),
        notes: BoundedText::new(file_len, max_text),
        in_note: 0,
        dropped: 0,
        in_par: 0,
    };
    xml::walk_until(content, "ODT", |step| {
        match step {
            Step::Open { empty, .. } if s.dropped > 0 => s.dropped += usize::from(!empty),
            Step::Close(_) if s.dropped > 0 => s.dropped -= 1,
            _ if s.dropped > 0 => {}
            Step::Open { name, tag, empty } => match name.as_str() {
                "note-citation" | "tracked-changes" if !empty => s.dropped = 1,
                "note-body" | "annotation" if !empty => s.in_note += 1,
                "s" => {
                    let n = xml::attr(&tag, "c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1);
                    s.out().spaces(n.min(1000))?;
                }
                "tab" => s.out().push('\t')?,
                "line-break" => s.out().push('\n')?,
                "p" | "h" if empty => s.out().push('\n')?,
                "p" | "h" => s.in_par += 1,
                _ => {}
            },
            Step::Close(name) => match name.as_str() {
                "p" | "h" => {
                    s.in_par = s.in_par.saturating_sub(1);
                    s.out().push('\n')?;
                }
                "note-body" | "annotation" => s.in_note = s.in_note.saturating_sub(1),
                _ => {}
            },
            Step::Text(t) if s.in_par > 0 => s.out().push_str(&t)?,
            Step::Text(_) => {}
        }
        Ok(())
    })?;
    let notes = s.notes.into_string();
    let mut text = s.body;
    if !notes.is_empty() {
        text.push('\n')?;
        text.push_str(&notes)?;
    }
    Ok(text.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::archive::tests::zip_of;

    #[test]
    fn paragraphs_headings_tables_frames_and_notes() {
        let content = "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\" xmlns:table=\"b\" xmlns:draw=\"d\">\
            <office:body><office:text><text:h>Field Notes</text:h>\
            <text:p>a<text:s text:c=\"2\"/>b<text:tab/>c<text:line-break/>d</text:p>\
            <text:p>The survey<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p></text:note-body></text:note> was repeated.</text:p>\
            <table:table><table:table-row><table:table-cell><text:p>cell</text:p></table:table-cell></table:table-row></table:table>\
            <text:p><draw:frame><draw:text-box><text:p>framed</text:p></draw:text-box></draw:frame></text:p>\
            <text:tracked-changes><text:p>deleted</text:p></text:tracked-changes>\
            </office:text></office:body></office:document-content>";
        let meta = "<office:document-meta xmlns:office=\"o\" xmlns:dc=\"d\"><office:meta><dc:title>Notes</dc:title></office:meta></office:document-meta>";
        let z = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
        ]);
        let t = extract(&z, 1 << 20).unwrap();
        assert_eq!(
            t.text,
            "Field Notes\na  b\tc\nd\nThe survey was repeated.\ncell\nframed\n\n\nThe note.\n"
        );
        assert_eq!(t.title.as_deref(), Some("Notes"));
    }
}

//! A PDF's first page as lines of type, for its title:
//! `pdftotext -f 1 -l 1 -bbox-layout - -` gives every word of the page
//! with its box, grouped in blocks and lines, and the metadata's author and
//! producer in its head.
//!
//! A second run of the helper, on one page: it costs a process and the
//! PDF's parse again (about a tenth of a full extraction on short
//! manuals). It is best effort: a failure, a time-out or a page too large
//! leaves the title to the text.

use std::ffi::OsStr;

use super::helper;
use super::xml::{self, attr, Step};
use super::ExtractOptions;
use crate::layout::{Cover, CoverLine};

/// Output of the layout run read at most: a first page's words, boxed.
const MAX_OUTPUT: u64 = 4 * 1024 * 1024;
/// Lines of the page kept.
const MAX_LINES: usize = 400;

/// The first page of the PDF whose bytes are `bytes`, or `None` if the
/// helper gives nothing usable.
pub(crate) fn first_page(bytes: &[u8], opts: &ExtractOptions) -> Option<Cover> {
    let args: [&OsStr; 7] = ["-f", "1", "-l", "1", "-bbox-layout", "-", "-"].map(OsStr::new);
    let out = helper::run(&opts.pdftotext, &args, bytes, opts.timeout, MAX_OUTPUT).ok()?;
    if !out.status.success() {
        return None;
    }
    let cover = parse(&String::from_utf8_lossy(&out.stdout));
    (!cover.lines.is_empty()).then_some(cover)
}

/// A word's box and text.
struct Word {
    x_min: f32,
    x_max: f32,
    y_min: f32,
    y_max: f32,
    text: String,
}

/// The cover in pdftotext's `-bbox-layout` XHTML; what cannot be read is
/// left out.
fn parse(xhtml: &str) -> Cover {
    let mut cover = Cover::default();
    let mut line: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let _ = xml::walk(xhtml, "PDF layout", |step| match step {
        Step::Open { name, tag, .. } if name == "meta" => {
            let content = attr(&tag, "content").filter(|c| !c.trim().is_empty());
            match attr(&tag, "name").as_deref() {
                Some("Author") => cover.author = content,
                Some("Producer") | Some("Creator") => cover.tex |= content.is_some_and(|c| is_tex(&c)),
                _ => {}
            }
        }
        Step::Open { name, tag, .. } if name == "word" => {
            let num = |name| attr(&tag, name).and_then(|v| v.parse::<f32>().ok());
            word = match (num("xMin"), num("xMax"), num("yMin"), num("yMax")) {
                (Some(x_min), Some(x_max), Some(y_min), Some(y_max)) => Some(Word {
                    x_min,
                    x_max,
                    y_min,
                    y_max,
                    text: String::new(),
                }),
                _ => None,
            };
        }
        Step::Text(t) => {
            if let Some(w) = word.as_mut() {
                w.text.push_str(&t);
            }
        }
        Step::Close(name) if name == "word" => {
            if let Some(w) = word.take().filter(|w| !w.text.trim().is_empty()) {
                line.push(w);
            }
        }
        Step::Close(name) if name == "line" => {
            let words = std::mem::take(&mut line);
            if cover.lines.len() < MAX_LINES {
                cover.lines.extend(join(&words));
            }
        }
        _ => {}
    });
    cover
}

/// The words without a footnote mark at the end: one or two characters
/// touching the word before and raised above it (`介绍¹`, `manual∗`).
fn without_footnote_mark(words: &[Word]) -> &[Word] {
    let [.., before, last] = words else {
        return words;
    };
    let height = before.y_max - before.y_min;
    let touching = last.x_min - before.x_max < 0.15 * height;
    let raised = before.y_max - last.y_max >= 0.25 * height;
    if touching && raised && last.text.trim().chars().count() <= 2 {
        &words[..words.len() - 1]
    } else {
        words
    }
}

/// Whether a producer or creator is a TeX engine or one of its drivers.
fn is_tex(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.contains("tex") || lower.contains("dvipdf")
}

/// A line's words as one line: pieces that touch (a logo's letters, a
/// raised or lowered glyph) are one word, others are spaced. Its size is
/// the height of most of its characters.
fn join(words: &[Word]) -> Option<CoverLine> {
    let first = words.first()?;
    let words = without_footnote_mark(words);
    let mut text = String::new();
    let mut prev: Option<&Word> = None;
    for w in words {
        if let Some(p) = prev {
            let height = (p.y_max - p.y_min).max(w.y_max - w.y_min);
            if w.x_min - p.x_max >= 0.15 * height {
                text.push(' ');
            }
        }
        text.push_str(w.text.trim());
        prev = Some(w);
    }
    let mut heights: Vec<(f32, usize)> = words
        .iter()
        .map(|w| (w.y_max - w.y_min, w.text.chars().count()))
        .collect();
    heights.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = heights.iter().map(|h| h.1).sum();
    let mut seen = 0;
    let mut size = first.y_max - first.y_min;
    for (h, n) in heights {
        seen += n;
        if seen * 2 >= total {
            size = h;
            break;
        }
    }
    let top = words.iter().map(|w| w.y_min).fold(f32::INFINITY, f32::min);
    let bottom = words.iter().map(|w| w.y_max).fold(f32::NEG_INFINITY, f32::max);
    let text = sagasu_analysis::safe::strip_unsafe(&text).into_owned();
    Some(CoverLine {
        text,
        size,
        top,
        bottom,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head and the second line of lshort-ko.pdf's first page (TeX
    /// Live's Korean `lshort`), as pdftotext 22.12 prints them.
    const LSHORT_KO: &str = r#"<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title></title>
<meta name="Author" content="Kim &amp; Lee"/>
<meta name="Creator" content="LaTeX with hyperref"/>
<meta name="Producer" content="xdvipdfmx (20200315)"/>
</head>
<body>
<doc>
  <page width="595.280000" height="841.890000">
    <flow>
      <block xMin="335.961000" yMin="216.198109" xMax="479.969910" yMax="230.807309">
        <line xMin="335.961000" yMin="216.198109" xMax="479.969910" yMax="230.807309">
          <word xMin="335.961000" yMin="216.198109" xMax="409.999554" yMax="228.153309">Introduction</word>
          <word xMin="414.482754" yMin="216.198109" xMax="426.449909" yMax="228.153309">to</word>
          <word xMin="430.933109" yMin="216.198109" xMax="439.014824" yMax="228.153309">L</word>
          <word xMin="434.722000" yMin="216.904099" xMax="442.070432" yMax="224.874199">A</word>
          <word xMin="440.278000" yMin="216.198109" xMax="465.123920" yMax="230.807309">TEX</word>
          <word xMin="466.917200" yMin="216.198109" xMax="473.647978" yMax="228.153309">2</word>
          <word xMin="473.648000" yMin="219.331091" xMax="479.969910" yMax="229.947309">&#949;</word>
        </line>
      </block>
    </flow>
  </page>
</doc>
</body>
</html>"#;

    #[test]
    fn a_logo_in_pieces_is_one_word_and_the_line_has_its_text_size() {
        let cover = parse(LSHORT_KO);
        assert_eq!(cover.author.as_deref(), Some("Kim & Lee"));
        assert!(cover.tex);
        assert_eq!(cover.lines.len(), 1);
        let line = &cover.lines[0];
        assert_eq!(line.text, "Introduction to LATEX2ε");
        assert!((line.size - 11.955).abs() < 0.01, "{}", line.size);
        assert!((line.top - 216.198).abs() < 0.01 && (line.bottom - 230.807).abs() < 0.01);
    }

    #[test]
    fn output_that_is_not_the_layout_gives_no_lines() {
        assert!(parse("").lines.is_empty());
        assert!(parse("plain text\n\u{c}").lines.is_empty());
        assert!(parse("<word xMin=\"1\">x</word><line>").lines.is_empty());
    }
}

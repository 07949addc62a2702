//! Query sets: `qid<TAB>text` TSV files and TREC topic files
//! (`<top><num> Number: 051 <title> ... </top>`).

use std::collections::HashMap;
use std::path::Path;

use crate::error::EvalError;

/// One query of a batch: its id (as used in qrels and runs) and its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Topic {
    /// Query id, verbatim from the file (`051` stays `051`).
    pub qid: String,
    /// Query text: the TSV text, or the TREC `<title>` with whitespace collapsed.
    pub text: String,
}

/// The two query file formats understood by [`parse_topics`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicFormat {
    /// `qid<TAB>text` per line; blank lines and `#` comments skipped.
    Tsv,
    /// TREC topics: `<top>` blocks with `<num>` and `<title>`.
    Trec,
}

impl TopicFormat {
    /// Guesses the format: TREC if the first line that is neither blank nor a
    /// `#` comment starts with `<top` (any case), TSV otherwise.
    pub fn detect(text: &str) -> TopicFormat {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            // Bytes, not a `str` slice: byte 4 may fall inside a character.
            Some(l) if l.as_bytes().get(..4).is_some_and(|b| b.eq_ignore_ascii_case(b"<top")) => TopicFormat::Trec,
            _ => TopicFormat::Tsv,
        }
    }
}

/// Parses query text in either format (see [`TopicFormat::detect`]);
/// `path` only labels error messages.
pub fn parse_topics(text: &str, path: impl AsRef<Path>) -> Result<Vec<Topic>, EvalError> {
    match TopicFormat::detect(text) {
        TopicFormat::Tsv => parse_tsv_topics(text, path),
        TopicFormat::Trec => parse_trec_topics(text, path),
    }
}

/// Topics in file order, each id once.
struct Topics<'p> {
    path: &'p Path,
    list: Vec<Topic>,
    /// The line of each id, for the error on a repeat.
    seen: HashMap<String, usize>,
}

impl<'p> Topics<'p> {
    fn new(path: &'p Path) -> Self {
        Topics {
            path,
            list: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Adds a topic read on `line_no`; an id seen before is an error.
    fn push(&mut self, line_no: usize, qid: &str, text: String) -> Result<(), EvalError> {
        if let Some(first) = self.seen.insert(qid.to_owned(), line_no) {
            return Err(EvalError::parse(
                self.path,
                line_no,
                format!("query id `{qid}` repeats the one on line {first}"),
            ));
        }
        self.list.push(Topic {
            qid: qid.to_owned(),
            text,
        });
        Ok(())
    }
}

/// Parses `qid<TAB>text` lines. Blank lines and lines starting with `#` are
/// skipped. A line without a tab, with an empty id or empty text, or
/// repeating an earlier id is an error carrying its line number.
pub fn parse_tsv_topics(text: &str, path: impl AsRef<Path>) -> Result<Vec<Topic>, EvalError> {
    let path = path.as_ref();
    let mut topics = Topics::new(path);
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((qid, query)) = line.split_once('\t') else {
            return Err(EvalError::parse(path, line_no, "expected `qid<TAB>text`, found no tab"));
        };
        let (qid, query) = (qid.trim(), query.trim());
        if qid.is_empty() || qid.chars().any(char::is_whitespace) {
            return Err(EvalError::parse(
                path,
                line_no,
                format!("query id `{qid}` is empty or contains whitespace"),
            ));
        }
        if query.is_empty() {
            return Err(EvalError::parse(path, line_no, format!("query `{qid}` has empty text")));
        }
        topics.push(line_no, qid, query.to_owned())?;
    }
    Ok(topics.list)
}

/// A piece of a TREC topic file: a tag (`<num>`, `</top>`, ...) or the text
/// between tags, with the line it starts on.
enum Piece<'a> {
    Open(String, usize),
    Close(String),
    Text(&'a str, usize),
}

/// Splits text into tags and text. A tag is `<name>` or `</name>` with an
/// ASCII alphabetic name; any other `<` is ordinary text.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let newlines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
        .collect();
    // 1-based line of a byte offset: one more than the newlines before it.
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset) + 1;
    let mut out = Vec::new();
    let (mut i, mut text_start) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'<' {
            let close = bytes.get(i + 1) == Some(&b'/');
            let name_start = i + 1 + usize::from(close);
            let mut j = name_start;
            while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                j += 1;
            }
            if j > name_start && bytes.get(j) == Some(&b'>') {
                if text_start < i {
                    out.push(Piece::Text(&text[text_start..i], line_of(text_start)));
                }
                let name = text[name_start..j].to_ascii_lowercase();
                out.push(if close {
                    Piece::Close(name)
                } else {
                    Piece::Open(name, line_of(i))
                });
                i = j + 1;
                text_start = i;
                continue;
            }
        }
        i += 1;
    }
    if text_start < bytes.len() {
        out.push(Piece::Text(&text[text_start..], line_of(text_start)));
    }
    out
}

/// Which field of a topic the text being read belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Num,
    Title,
    Other,
}

fn strip_label<'a>(s: &'a str, label: &str) -> &'a str {
    let s = s.trim_start();
    match s.get(..label.len()) {
        Some(head) if head.eq_ignore_ascii_case(label) => s[label.len()..].trim_start(),
        _ => s,
    }
}

/// A `<top>` block being read: where it starts, and its `<num>` and
/// `<title>` text with the lines they start on.
#[derive(Default)]
struct OpenTopic {
    line: usize,
    num: Option<(String, usize)>,
    title: Option<(String, usize)>,
}

impl OpenTopic {
    /// Starts field `name` on `line`; a second `<num>` or `<title>` is an
    /// error.
    fn open(&mut self, name: &str, line: usize, path: &Path) -> Result<Field, EvalError> {
        let (slot, field) = match name {
            "num" => (&mut self.num, Field::Num),
            "title" => (&mut self.title, Field::Title),
            _ => return Ok(Field::Other),
        };
        if slot.is_some() {
            return Err(EvalError::parse(path, line, format!("second <{name}> in one topic")));
        }
        *slot = Some((String::new(), line));
        Ok(field)
    }

    /// Adds text to the field being read.
    fn text(&mut self, field: Field, t: &str) {
        match (field, &mut self.num, &mut self.title) {
            (Field::Num, Some((num, _)), _) => num.push_str(t),
            (Field::Title, _, Some((title, _))) => {
                title.push(' ');
                title.push_str(t);
            }
            _ => {}
        }
    }

    /// The topic's id (the first word of `<num>` after an optional
    /// `Number:`) and title (whitespace collapsed, an optional `Topic:`
    /// dropped), or what is missing.
    fn finish(self, path: &Path) -> Result<(String, String), EvalError> {
        let Some((num, num_line)) = self.num else {
            return Err(EvalError::parse(path, self.line, "topic has no <num> field"));
        };
        let Some(qid) = strip_label(&num, "Number:").split_whitespace().next() else {
            return Err(EvalError::parse(path, num_line, "<num> field has no number"));
        };
        let (title, title_line) = self.title.unwrap_or((String::new(), self.line));
        let title = strip_label(&title, "Topic:")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if title.is_empty() {
            return Err(EvalError::parse(
                path,
                title_line,
                format!("topic `{qid}` has no title"),
            ));
        }
        Ok((qid.to_owned(), title))
    }
}

/// The state of reading a TREC topic file, one [`Piece`] at a time.
struct TrecReader<'p> {
    topics: Topics<'p>,
    current: Option<OpenTopic>,
    field: Field,
}

impl TrecReader<'_> {
    fn piece(&mut self, piece: Piece<'_>) -> Result<(), EvalError> {
        let path = self.topics.path;
        match piece {
            Piece::Open(name, line) if name == "top" => {
                self.close_topic()?;
                self.current = Some(OpenTopic {
                    line,
                    ..OpenTopic::default()
                });
            }
            Piece::Close(name) if name == "top" => self.close_topic()?,
            Piece::Open(name, line) => {
                let Some(open) = self.current.as_mut() else {
                    return Err(EvalError::parse(path, line, format!("<{name}> outside a <top> block")));
                };
                self.field = open.open(&name, line, path)?;
            }
            Piece::Close(_) => self.field = Field::None,
            Piece::Text(t, line) => match self.current.as_mut() {
                Some(open) => open.text(self.field, t),
                None => outside_text(t, line, path)?,
            },
        }
        Ok(())
    }

    /// Ends the open topic, if any, and adds it.
    fn close_topic(&mut self) -> Result<(), EvalError> {
        self.field = Field::None;
        match self.current.take() {
            Some(open) => {
                let line = open.line;
                let (qid, title) = open.finish(self.topics.path)?;
                self.topics.push(line, &qid, title)
            }
            None => Ok(()),
        }
    }
}

/// Text outside any `<top>` block: blank is fine, anything else an error
/// on the line of its first non-blank line.
fn outside_text(t: &str, line: usize, path: &Path) -> Result<(), EvalError> {
    match t.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) {
        Some((offset, l)) => Err(EvalError::parse(
            path,
            line + offset,
            format!("text outside a <top> block: `{}`", l.trim()),
        )),
        None => Ok(()),
    }
}

/// Parses TREC topics: each `<top>` block must have a `<num>` (an optional
/// `Number:` prefix is dropped, the first word is the id) and a non-empty
/// `<title>` (an optional `Topic:` prefix is dropped, whitespace collapsed;
/// it may span lines and runs to the next tag). Other fields (`<desc>`,
/// `<narr>`, ...) are ignored. Closing tags are optional: a new `<top>` or
/// the end of the file closes the current topic. Text outside any `<top>`
/// block, a topic without number or title, and a repeated id are errors
/// carrying their line numbers.
pub fn parse_trec_topics(text: &str, path: impl AsRef<Path>) -> Result<Vec<Topic>, EvalError> {
    let mut reader = TrecReader {
        topics: Topics::new(path.as_ref()),
        current: None,
        field: Field::None,
    };
    for piece in pieces(text) {
        reader.piece(piece)?;
    }
    reader.close_topic()?;
    Ok(reader.topics.list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_line(r: Result<Vec<Topic>, EvalError>) -> (usize, String) {
        match r {
            Err(EvalError::Parse { line, message, .. }) => (line, message),
            other => panic!("expected parse error, got {other:?}"),
        }
    }

    #[test]
    fn tsv_skips_blank_and_comments() {
        let t = parse_tsv_topics("# q\n1\tfoo bar\r\n\n  \n2\t  baz\t qux \n", "q.tsv").unwrap();
        assert_eq!(
            t,
            vec![
                Topic {
                    qid: "1".into(),
                    text: "foo bar".into()
                },
                Topic {
                    qid: "2".into(),
                    text: "baz\t qux".into()
                }
            ]
        );
    }

    #[test]
    fn tsv_errors_have_line_numbers() {
        let (line, msg) = err_line(parse_tsv_topics("1\ta\n\n2 b\n", "q.tsv"));
        assert_eq!(line, 3);
        assert!(msg.contains("no tab"), "{msg}");
        let (line, _) = err_line(parse_tsv_topics("1\ta\n2\t  \n", "q.tsv"));
        assert_eq!(line, 2);
        let (line, _) = err_line(parse_tsv_topics("\t text\n", "q.tsv"));
        assert_eq!(line, 1);
        let (line, msg) = err_line(parse_tsv_topics("1\ta\n# c\n1\tb\n", "q.tsv"));
        assert_eq!(line, 3);
        assert!(msg.contains("line 1"), "{msg}");
    }

    const TREC: &str = "\
<top>
<head> Tipster Topic Description
<num> Number: 051
<dom> Domain: International Economics

<title> Topic: Airbus Subsidies

<desc> Description:
Document will discuss government assistance to Airbus.
</top>

<top>
<num> Number: 301
<title> International Organized
  Crime
<desc> Description:
Identify organizations.
<narr> Narrative: Anything.

<top>
<num>302</num>
<title>Poliomyelitis and Post-Polio</title>
</top>
";

    #[test]
    fn trec_topics_take_num_and_title() {
        assert_eq!(TopicFormat::detect(TREC), TopicFormat::Trec);
        let t = parse_topics(TREC, "topics.txt").unwrap();
        let got: Vec<(&str, &str)> = t.iter().map(|t| (&*t.qid, &*t.text)).collect();
        assert_eq!(
            got,
            [
                ("051", "Airbus Subsidies"),
                ("301", "International Organized Crime"),
                ("302", "Poliomyelitis and Post-Polio"),
            ]
        );
    }

    #[test]
    fn format_detection() {
        assert_eq!(TopicFormat::detect("# c\n\n1\tfoo\n"), TopicFormat::Tsv);
        assert_eq!(TopicFormat::detect("\n  <TOP>\n"), TopicFormat::Trec);
        assert_eq!(TopicFormat::detect(""), TopicFormat::Tsv);
        // A multi-byte character across byte 4 (issue 12, item 3).
        for first in ["12\tété", "1\t日本", "q1\tÜber", "<to\u{e9}", "é"] {
            assert_eq!(TopicFormat::detect(first), TopicFormat::Tsv, "{first:?}");
        }
    }

    #[test]
    fn trec_errors_have_line_numbers() {
        let (line, msg) = err_line(parse_trec_topics(
            "<top>\n<num> Number: 1\n<title> a\n</top>\n<top>\n<title> b\n</top>\n",
            "t",
        ));
        assert_eq!(line, 5);
        assert!(msg.contains("no <num>"), "{msg}");

        let (line, msg) = err_line(parse_trec_topics(
            "<top>\n<num> Number: 7\n<title>   \n<desc> x\n</top>\n",
            "t",
        ));
        assert_eq!(line, 3);
        assert!(msg.contains("`7` has no title"), "{msg}");

        let (line, msg) = err_line(parse_trec_topics("<top>\n<num> Number: 7\n</top>\n", "t"));
        assert_eq!(line, 1);
        assert!(msg.contains("no title"), "{msg}");

        let (line, _) = err_line(parse_trec_topics("<top>\n<num> Number:\n<title> x\n</top>\n", "t"));
        assert_eq!(line, 2);

        let (line, msg) = err_line(parse_trec_topics(
            "<top>\n<num> 1\n<title> x\n</top>\n\nstray words\n",
            "t",
        ));
        assert_eq!(line, 6);
        assert!(msg.contains("stray words"), "{msg}");

        let (line, msg) = err_line(parse_trec_topics("<top><num>1<title>x\n<top>\n<num>1\n<title>y\n", "t"));
        assert_eq!(line, 2);
        assert!(msg.contains("repeats"), "{msg}");
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let t = parse_trec_topics("<top><num>9<title> a < b > c <3\n</top>", "t").unwrap();
        assert_eq!(t[0].text, "a < b > c <3");
    }
}

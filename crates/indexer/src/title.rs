//! The title of a document: the one a reader would pick.
//!
//! In order: for a PDF, what a reader sees as the title on its first page
//! (the largest type, `cover`), unless the declared title is on that page
//! too; the title the format declares (HTML `<title>`, a PDF's or an
//! office file's metadata) when it is not a file name, a date, the author,
//! an address or mojibake (`junk`); in Markdown, the front matter's `title:` or the
//! first `#` heading (a level-1 one first); then, reading the first lines
//! of the text in order, the first line underlined as a heading
//! (reStructuredText, Markdown setext: `Title` over `=====`, with or
//! without an overline) or the first line that looks like a title; else
//! the file name without its extension, unless that name is only digits
//! or a hash (`1234`, `003_0771a4b52a2fefa6`): then the document has no
//! title (an empty one), and results show its file name.
//!
//! A line looks like a title when it is short (at most 150 characters,
//! two words or more, or four characters of CJK), and is none of: a page
//! number, a running header (a numbered line whose text recurs on another
//! page, or any line that recurs three times), a known boilerplate line
//! (a newsletter prompt, a license identifier or copyright line, a comment
//! or directive, a line of code, a navigation link, a generic section
//! label such as *Abstract*), a line of punctuation, or a piece of running text (it
//! ends with a comma or a word such as *and*, holds the end of a sentence,
//! or the next line carries on in lower case). The title is above the
//! text: after three lines of running text the search stops.
//!
//! A document with neither a title nor a file name that says anything
//! still has its first line scored as a title ([`Title::lead`]), as every
//! first line was before titles were chosen.
//!
//! Trap: titles are indexed (the `title` field, scored at
//! `TITLE_WEIGHT`), but changing how they are chosen changes no token of
//! the analyzer: an index keeps each file's old title until the file is
//! indexed again (`sagasu index --rebuild` for all of them).

use rustc_hash::FxHashMap;

mod cover;
mod junk;

use crate::layout::Cover;

/// Lines of the text looked at for a title.
const WINDOW: usize = 40;
/// Lines of running text after which the title is not looked for any more
/// (a heading further down is a section's).
const PROSE_LINES: usize = 3;
/// A line longer than this (in characters) is text, not a title.
const MAX_TITLE_CHARS: usize = 150;
/// Longest title kept, in characters.
const MAX_CHARS: usize = 200;
/// Bytes of text searched for the repeats of a running header.
const HEADER_SCAN_BYTES: usize = 256 * 1024;

/// What a document's `title` field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Title {
    /// The title a reader would pick, else the file name (none, empty, for
    /// a number or a hash): stored, shown and scored.
    pub shown: String,
    /// For a document whose format, text and file name give no title (a
    /// numbered abstract): its first non-empty line (bounded), scored as a
    /// title but never shown. It was the title of every document before
    /// titles were chosen, and on abstracts without titles (vaswani) it
    /// carried part of the ranking's gain over plain BM25: an abstract's
    /// first line says what it is about (issue 28).
    pub lead: Option<String>,
}

/// The title of the document at `key` (its path relative to the corpus)
/// whose text is `text`, given the title its format declares, if any, and
/// its first page's lines of type (PDF).
pub(crate) fn choose(declared: Option<&str>, cover: Option<&Cover>, text: &str, key: &str) -> Title {
    let author = cover.and_then(|c| c.author.as_deref());
    let declared = declared
        .map(collapse)
        .filter(|t| !t.is_empty() && !is_boilerplate(t) && junk::why_not(t, author, key).is_none());
    let found = match cover {
        Some(cover) => match declared {
            Some(declared) if cover::shows(cover, &declared) => Some(declared),
            declared => cover::title(cover, key).or(declared),
        }
        .or_else(|| Lines::new(text, false, key).title()),
        None => declared
            .or_else(|| markdown(key, text))
            .or_else(|| Lines::new(text, is_markdown(key), key).title()),
    };
    match found {
        Some(t) => Title {
            shown: bounded(&t),
            lead: None,
        },
        None => {
            let shown = bounded(&name_title(key));
            let lead = shown
                .is_empty()
                .then(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
                .flatten()
                .map(|l| bounded(&collapse(l)));
            Title { shown, lead }
        }
    }
}

/// The title a file name gives: its stem, or none (empty) when the stem is
/// only digits or a hash. Titles are scored, and such a name holds no word
/// a query asks for: it could only match a number in a query by chance,
/// and a title must never rank worse than no title (issue 28).
fn name_title(key: &str) -> String {
    let stem = file_stem(key);
    if is_serial(stem) {
        String::new()
    } else {
        stem.to_string()
    }
}

/// Whether a file stem is only digits or a hash: separators (`_ - . `)
/// aside, hex digits with at least one decimal digit, and either decimal
/// digits only or 8 characters or more (`42`, `1998-07`, `0771a4b52a2fefa6`;
/// not `cafe`, `v2`, `r408` or `deadbeef`).
fn is_serial(stem: &str) -> bool {
    let chars: Vec<char> = stem.chars().filter(|c| !matches!(c, '_' | '-' | '.' | ' ')).collect();
    !chars.is_empty()
        && chars.iter().all(char::is_ascii_hexdigit)
        && chars.iter().any(char::is_ascii_digit)
        && (chars.iter().all(char::is_ascii_digit) || chars.len() >= 8)
}

/// Whether `key` names a Markdown file.
fn is_markdown(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    [".md", ".markdown", ".mdown", ".mkd"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// A Markdown file's title: its front matter's `title:`, else its first
/// level-1 `#` heading, else its first heading of any level, within the
/// first lines.
fn markdown(key: &str, text: &str) -> Option<String> {
    if !is_markdown(key) {
        return None;
    }
    let lines: Vec<&str> = text.lines().take(WINDOW).collect();
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        for l in lines
            .iter()
            .skip(1)
            .take_while(|l| !matches!(l.trim_end(), "---" | "..."))
        {
            if let Some(t) = l.strip_prefix("title:") {
                let t = collapse(t.trim().trim_matches(['"', '\'']));
                if !t.is_empty() {
                    return Some(t);
                }
            }
        }
    }
    let headings: Vec<(usize, String)> = lines.iter().filter_map(|l| atx_heading(l)).collect();
    headings
        .iter()
        .find(|h| h.0 == 1)
        .or_else(|| headings.first())
        .map(|h| h.1.clone())
}

/// `# Title #` → (1, "Title"); not a heading → `None`.
fn atx_heading(line: &str) -> Option<(usize, String)> {
    let line = line.trim_start_matches(' ');
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[level..];
    if !(1..=6).contains(&level) || !(rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    let text = collapse(&text.replace(['*', '`'], ""));
    (!text.is_empty()).then_some((level, text))
}

/// The first lines of a text, read for a title.
struct Lines<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    markdown: bool,
    key: &'a str,
    /// Lines of the text's start (number-stripped) → occurrences; built
    /// when a running header is first suspected.
    repeats: Option<FxHashMap<&'a str, usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, markdown: bool, key: &'a str) -> Lines<'a> {
        Lines {
            text,
            lines: text.lines().take(WINDOW + 1).map(str::trim).collect(),
            markdown,
            key,
            repeats: None,
        }
    }

    fn title(&mut self) -> Option<String> {
        let mut prose = 0;
        for i in 0..self.lines.len().min(WINDOW) {
            let line = self.lines[i];
            if line.is_empty() || is_adornment(line) {
                continue;
            }
            if self.is_underlined(i) {
                if !is_boilerplate(line) && !is_comment(line, self.markdown) {
                    return Some(collapse(line));
                }
                continue;
            }
            match self.judge(i) {
                Verdict::Title => return Some(collapse(line)),
                Verdict::Prose => {
                    prose += 1;
                    if prose >= PROSE_LINES {
                        return None;
                    }
                }
                Verdict::Other => {}
            }
        }
        None
    }

    /// Whether line `i` is a heading's text: the next line an adornment
    /// (`====`, `----`, `~~~~`, …) at least as long as a third of it.
    fn is_underlined(&self, i: usize) -> bool {
        let Some(next) = self.lines.get(i + 1) else {
            return false;
        };
        is_adornment(next) && next.chars().count() * 3 >= self.lines[i].chars().count()
    }

    fn before(&self, i: usize) -> &str {
        if i == 0 {
            ""
        } else {
            self.lines[i - 1]
        }
    }

    fn after(&self, i: usize) -> &str {
        self.lines.get(i + 1).copied().unwrap_or("")
    }

    /// What line `i` (not empty, not underlined) is.
    fn judge(&mut self, i: usize) -> Verdict {
        let line = self.lines[i];
        let chars = line.chars().count();
        if !line.chars().any(char::is_alphabetic) || is_page_number(line) {
            return Verdict::Other;
        }
        if is_comment(line, self.markdown) || is_navigation(line) || is_code(line) || is_boilerplate(line) {
            return Verdict::Other;
        }
        if junk::why_not(line, None, self.key).is_some() {
            return Verdict::Other;
        }
        let standalone = self.before(i).is_empty() && self.after(i).is_empty();
        if chars > MAX_TITLE_CHARS || is_running_text(line, standalone) {
            return Verdict::Prose;
        }
        if starts_lower(self.after(i)) {
            return Verdict::Prose;
        }
        let words = line.split_whitespace().count();
        let cjk = line.chars().filter(|&c| is_cjk(c)).count();
        if (words < 2 && cjk < 4) || is_spaced_out(line) {
            return Verdict::Other;
        }
        if self.is_running_header(line) {
            return Verdict::Other;
        }
        Verdict::Title
    }

    /// A numbered line whose text recurs (another page's header), or a
    /// line that recurs three times, within the text's first 256 KB.
    fn is_running_header(&mut self, line: &str) -> bool {
        let key = strip_page_number(line);
        let numbered = key.len() != line.len();
        let text = self.text;
        let repeats = self.repeats.get_or_insert_with(|| {
            let mut end = text.len().min(HEADER_SCAN_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // Fx, not SipHash: every line of the first 256 KB of each file
            // is counted (SipHash was 1% of a build).
            let mut m: FxHashMap<&str, usize> = FxHashMap::default();
            for l in text[..end].lines() {
                let k = strip_page_number(l.trim());
                if !k.is_empty() {
                    *m.entry(k).or_default() += 1;
                }
            }
            m
        });
        let n = repeats.get(key).copied().unwrap_or(0);
        (numbered && n >= 2) || n >= 3
    }
}

/// What a line of the text's start is.
enum Verdict {
    /// The title.
    Title,
    /// A piece of running text.
    Prose,
    /// Neither (empty, boilerplate, a lone word, a page number, …).
    Other,
}

/// A line of one punctuation character repeated (`=====`, `-----`): a
/// reStructuredText or Markdown adornment, a rule.
fn is_adornment(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    "=-~^*#+_:.'\"`<>".contains(c) && line.chars().count() >= 3 && chars.all(|d| d == c)
}

/// A page number: `12`, `- 12 -`, `Page 3`, `page 3 of 10`, `iv`.
fn is_page_number(line: &str) -> bool {
    let l = line.to_lowercase();
    let l = l.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let l = l.strip_prefix("page").map_or(l, str::trim_start);
    let roman = !l.is_empty() && l.len() <= 6 && l.chars().all(|c| "ivxlc".contains(c));
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let of = l
        .split_once(" of ")
        .is_some_and(|(a, b)| number(a.trim()) && number(b.trim()));
    roman || number(l) || of
}

/// The line without a page number before or after its text.
fn strip_page_number(line: &str) -> &str {
    let digits = |c: char| c.is_ascii_digit();
    let s = line.trim_start_matches(digits);
    let s = if s.len() != line.len() && s.starts_with(char::is_whitespace) {
        s.trim_start()
    } else {
        line
    };
    let t = s.trim_end_matches(digits);
    if t.len() != s.len() && t.ends_with(char::is_whitespace) {
        t.trim_end()
    } else {
        s
    }
}

/// A comment or directive: reStructuredText `.. `, `:field:`, HTML
/// `<!--`, `#` outside Markdown (a shell or config comment), `//`, `/*`.
fn is_comment(line: &str, markdown: bool) -> bool {
    line.starts_with(".. ")
        || line == ".."
        || (line.starts_with(':') && line[1..].contains(':'))
        || line.starts_with("<!--")
        || line.starts_with("//")
        || line.starts_with("/*")
        || (!markdown && line.starts_with('#'))
}

/// A line of code or configuration: an assignment without spaces
/// (`UUID=1234`), a line ending with `{`, `}` or `;`, a shell prompt.
fn is_code(line: &str) -> bool {
    let b = line.as_bytes();
    let tight_assignment = b
        .windows(3)
        .any(|w| w[1] == b'=' && w[0] != b' ' && w[2] != b' ' && w[0] != b'=');
    tight_assignment || line.ends_with(['{', '}', ';']) || line.starts_with("$ ")
}

/// A navigation link or breadcrumb: `next |`, `Manual v4.6 »`, `« Back`.
fn is_navigation(line: &str) -> bool {
    line.ends_with(['|', '»', '›', '>']) || line.starts_with(['«', '‹', '<', '|'])
}

/// Known boilerplate: newsletter and sharing prompts, license and
/// copyright lines, generic section labels.
fn is_boilerplate(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "stay informed",
        "subscribe",
        "sign up",
        "newsletter",
        "follow us",
        "share this",
        "download the ebook",
        "skip to",
        "cookie",
        "spdx-license-identifier",
        "copyright",
        "©",
        "(c) ",
        "all rights reserved",
        "licensed under",
        "this program is free software",
        "permission is hereby granted",
    ];
    const LABELS: &[&str] = &[
        "abstract",
        "background",
        "introduction",
        "contents",
        "table of contents",
        "key takeaways",
        "summary",
        "executive summary",
        "navigation",
        "index",
        "next",
        "previous",
        "prev",
        "home",
        "up",
        "references",
        "notes",
        "preface",
        "foreword",
        "acknowledgements",
        "acknowledgments",
    ];
    let lower = collapse(&line.to_lowercase());
    let label = lower.trim_end_matches([':', '.']);
    STARTS.iter().any(|s| lower.starts_with(s))
        || lower.contains("spdx-license-identifier")
        || LABELS.contains(&label)
        || LABELS.iter().any(|l| {
            lower
                .strip_prefix(l)
                .is_some_and(|rest| rest.trim_start().starts_with(['|', ':', '—', '–']))
        })
}

/// Words that end no title: a line ending with one breaks off a sentence.
const CONTINUING: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have", "his", "her", "in", "into",
    "is", "its", "nor", "of", "on", "or", "our", "over", "than", "that", "the", "their", "this", "these", "those",
    "to", "under", "upon", "was", "were", "which", "who", "with", "without", "within", "about", "after", "before",
    "between", "during", "among", "against", "through", "via",
];

/// Whether `line` reads as a piece of running text: it ends with a comma,
/// a semicolon, a hyphen or a word that continues (`and`, `of`), holds the
/// end of a sentence (`regime. However`), or starts in lower case inside a
/// paragraph (a title in lower case stands alone: `experimental
/// investigation of …` with blank lines around it).
fn is_running_text(line: &str, standalone: bool) -> bool {
    if line.ends_with([',', ';', '-', '‐']) {
        return true;
    }
    let last = line
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if CONTINUING.contains(&last) && line.ends_with(|c: char| c.is_alphanumeric()) {
        return true;
    }
    if !standalone && starts_lower(line) {
        return true;
    }
    // A Chinese or Japanese full stop, or a Korean sentence's end (`다.`),
    // before more text.
    let inner = line.trim_end_matches(['。', '．', '.', ' ']);
    if inner.contains(['。', '．']) || inner.contains("다. ") {
        return true;
    }
    has_sentence_end(line)
}

/// A sentence ends inside the line: a lower-case word of four letters or
/// more, then `.`, `!` or `?`, a space and a capital (`regime. However`),
/// not an abbreviation or a number (`U.S. Policy`, `9.7. Aufgaben`).
fn has_sentence_end(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.windows(2).any(|w| {
        let Some(word) = w[0].strip_suffix(['.', '!', '?']) else {
            return false;
        };
        let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
        word.chars().count() >= 4
            && word.chars().all(|c| c.is_lowercase())
            && w[1].starts_with(|c: char| c.is_uppercase())
    })
}

/// Letters spaced out, or a figure's labels: two words or more, each of
/// one character (`N G Q I N G`, `ω Ω`).
fn is_spaced_out(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let ones = words.clone().all(|w| w.chars().count() == 1);
    ones && words.nth(1).is_some()
}

/// Whether the line's first letter is lower case (`the Republic …`).
fn starts_lower(line: &str) -> bool {
    line.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Whitespace runs as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most [`MAX_CHARS`] characters.
fn bounded(s: &str) -> String {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// The file name of `key` without its (last) extension.
fn file_stem(key: &str) -> &str {
    let name = key.rsplit('/').next().unwrap_or(key);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

#[cfg(test)]
mod tests;

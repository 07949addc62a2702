//! Splitting a document into overlapping passages snapped to line ends.
//!
//! A passage is a window of about [`PassageConfig::window`] words; the next
//! window starts at most [`PassageConfig::stride`] words later, at a line
//! start. Consecutive windows therefore overlap by at least
//! `window - stride` words, so a phrase shorter than that is never cut by a
//! window boundary. A line longer than [`PassageConfig::max_unit_words`]
//! words (or [`PassageConfig::max_unit_bytes`] bytes) is cut into pieces at
//! word boundaries, so passages stay bounded even for a 10 MB single line.
//!
//! Whitespace is bounded too: a run of blanks longer than
//! `max_unit_bytes` inside a line (or at its start or end) belongs to no
//! unit, and a passage never spans more than [`MAX_PASSAGE_BYTES`] (blank
//! lines count no words): `alpha`, 12 million spaces, `omega` is two small
//! passages, not one of 12 MB (issue 24, item 9).

/// Sizes of passages, in whitespace-separated words.
#[derive(Debug, Clone, Copy)]
pub struct PassageConfig {
    /// Minimum words in a passage (unless the document is shorter).
    pub window: usize,
    /// Maximum words between the starts of two consecutive passages.
    pub stride: usize,
    /// Longest piece of a line, in words.
    pub max_unit_words: usize,
    /// Longest piece of a line, in bytes.
    pub max_unit_bytes: usize,
}

/// 250 words every 225: a phrase of up to 25 words is never cut, and each
/// word is indexed about 1.1 times (200 every 100 indexed every word twice,
/// and the full build took 60% longer).
impl Default for PassageConfig {
    fn default() -> Self {
        PassageConfig {
            window: 250,
            stride: 225,
            max_unit_words: 50,
            max_unit_bytes: 400,
        }
    }
}

/// One passage: a byte range of the document and its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// Byte offset of the passage's first byte.
    pub byte_start: usize,
    /// Byte offset one past the passage's last byte.
    pub byte_end: usize,
    /// Line (1-based) of the first byte.
    pub line_start: u64,
    /// Line (1-based) of the last byte.
    pub line_end: u64,
}

/// A piece of a line: the unit passages are built from.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    line: u64,
    /// Whitespace-separated words, or a byte-based estimate when larger
    /// (text without spaces, such as Japanese, or one giant token).
    words: usize,
}

/// Bytes that count as one word for text without spaces.
const BYTES_PER_WORD: usize = 8;

/// Most bytes a passage spans (a 250-word passage is about 2 KB; the rest
/// is room for blank lines and indentation). An exported passage travels
/// three times (text and token fields): far under the export's 8 MB files.
pub const MAX_PASSAGE_BYTES: usize = 64 << 10;

impl Unit {
    fn new(start: usize, end: usize, line: u64, words: usize) -> Unit {
        let words = if words == 0 {
            0
        } else {
            words.max((end - start) / BYTES_PER_WORD)
        };
        Unit {
            start,
            end,
            line,
            words,
        }
    }
}

/// Splits `text` (line ends already normalized to `\n`) into passages.
/// A text without any word yields no passage.
pub fn split(text: &str, cfg: &PassageConfig) -> Vec<Passage> {
    let units = units(text, cfg);
    // words[i] = number of words before unit i.
    let mut words = Vec::with_capacity(units.len() + 1);
    let mut total = 0;
    for u in &units {
        words.push(total);
        total += u.words;
    }
    words.push(total);
    let n = units.len();
    let mut out = Vec::new();
    let Some(mut s) = units.iter().position(|u| u.words > 0) else {
        return out;
    };
    loop {
        let mut e = s + 1;
        while e < n && words[e] - words[s] < cfg.window && units[e].end - units[s].start <= MAX_PASSAGE_BYTES {
            e += 1;
        }
        let mut last = e - 1;
        while last > s && units[last].words == 0 {
            last -= 1;
        }
        out.push(Passage {
            byte_start: units[s].start,
            byte_end: units[last].end,
            line_start: units[s].line,
            line_end: units[last].line,
        });
        if words[e] == total {
            break;
        }
        // The furthest unit start within `stride` words, but past `s`.
        let mut next = s + 1;
        while next + 1 < e && words[next + 1] - words[s] <= cfg.stride {
            next += 1;
        }
        while next < n && units[next].words == 0 {
            next += 1;
        }
        if next >= n {
            break;
        }
        s = next;
    }
    out
}

fn units(text: &str, cfg: &PassageConfig) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for (line, raw) in (1u64..).zip(text.split_inclusive('\n')) {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let start = line_start;
        line_start += raw.len();
        split_line(content, start, line, cfg, &mut out);
    }
    out
}

/// Cuts one line into units of bounded words and bytes; a run of blanks
/// longer than `max_unit_bytes` is left out of them.
fn split_line(line: &str, base: usize, line_no: u64, cfg: &PassageConfig, out: &mut Vec<Unit>) {
    let mut unit_start = 0;
    let mut words = 0;
    let mut in_word = false;
    let mut word_start = 0;
    // One past the last non-blank byte seen.
    let mut word_end = 0;
    let bytes = line.as_bytes();
    let mut next = 0;
    while next < bytes.len() {
        let i = next;
        // ASCII without decoding (most text); other characters decoded.
        let ws = match bytes[i] {
            b if b < 0x80 => {
                next += 1;
                b.is_ascii_whitespace() || b == 0x0b
            }
            _ => {
                let c = line[i..].chars().next().unwrap_or(' ');
                next += c.len_utf8();
                c.is_whitespace()
            }
        };
        let long_gap = i - word_end > cfg.max_unit_bytes;
        if !ws && !in_word {
            // A word begins: close the unit first if it is full (a long
            // run of blanks before it is in no unit).
            if words > 0 && (words >= cfg.max_unit_words || i - unit_start >= cfg.max_unit_bytes) {
                let end = if long_gap { word_end } else { i };
                out.push(Unit::new(base + unit_start, base + end, line_no, words));
                unit_start = i;
                words = 0;
            } else if words == 0 && i - unit_start > cfg.max_unit_bytes {
                unit_start = i;
            }
            words += 1;
            word_start = i;
        } else if !ws && i - word_start >= cfg.max_unit_bytes {
            // A single word longer than the byte limit: cut it.
            out.push(Unit::new(base + unit_start, base + i, line_no, words));
            unit_start = i;
            word_start = i;
            words = 1;
        }
        in_word = !ws;
        if !ws {
            word_end = next;
        }
    }
    let end = if line.len() - word_end > cfg.max_unit_bytes {
        word_end.max(unit_start)
    } else {
        line.len()
    };
    if unit_start < end || out.last().is_none_or(|u| u.line != line_no) {
        out.push(Unit::new(base + unit_start, base + end, line_no, words));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(window: usize, stride: usize) -> PassageConfig {
        PassageConfig {
            window,
            stride,
            max_unit_words: 3,
            max_unit_bytes: 64,
        }
    }

    #[test]
    fn short_document_is_one_passage() {
        let text = "Title\n\nOne two three.\n";
        let p = split(text, &PassageConfig::default());
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line_start, p[0].line_end), (1, 3));
        assert_eq!(&text[p[0].byte_start..p[0].byte_end], "Title\n\nOne two three.");
    }

    #[test]
    fn empty_text_has_no_passage() {
        assert!(split("  \n\n ", &PassageConfig::default()).is_empty());
    }

    #[test]
    fn windows_overlap_and_cover_every_word() {
        let text: String = (0..100).map(|i| format!("w{i}\n")).collect();
        let p = split(&text, &cfg(10, 5));
        // Every run of window - stride = 5 consecutive words lies inside one passage.
        let words: Vec<(usize, &str)> = text.match_indices('w').map(|(i, _)| (i, "")).collect();
        for w in words.windows(5) {
            let (a, b) = (w[0].0, w[4].0 + 2);
            assert!(
                p.iter().any(|q| q.byte_start <= a && b <= q.byte_end),
                "words at {a}..{b} are cut"
            );
        }
        assert_eq!(p[0].line_start, 1);
        assert_eq!(p.last().unwrap().line_end, 100);
    }

    #[test]
    fn long_single_line_is_bounded() {
        let text = "word ".repeat(10_000);
        let p = split(&text, &PassageConfig::default());
        assert!(p.len() > 40);
        assert!(p.iter().all(|q| q.byte_end - q.byte_start < 4 * 1024));
        assert!(p.iter().all(|q| q.line_start == 1 && q.line_end == 1));
    }

    // Issue 24, item 9: a passage was unbounded in bytes by whitespace.
    #[test]
    fn long_runs_of_blanks_are_in_no_passage() {
        let spaces = " ".repeat(12 << 20);
        for text in [
            format!("alpha{spaces}omega\n"),
            format!("{spaces}alpha\n{spaces}\nomega{spaces}"),
            format!("alpha{}omega\n", "\n".repeat(1 << 20)),
            format!("alpha\n{}omega\n", format!("{}\n", " ".repeat(300)).repeat(40_000)),
        ] {
            let p = split(&text, &PassageConfig::default());
            let largest = p.iter().map(|q| q.byte_end - q.byte_start).max().unwrap();
            assert!(largest <= MAX_PASSAGE_BYTES, "a passage of {largest} bytes");
            let words: Vec<&str> = p
                .iter()
                .flat_map(|q| text[q.byte_start..q.byte_end].split_whitespace())
                .collect();
            assert_eq!(words, ["alpha", "omega"]);
        }
    }

    #[test]
    fn giant_word_is_cut_on_char_boundaries() {
        let text = "é".repeat(100_000);
        let p = split(&text, &PassageConfig::default());
        assert!(p
            .iter()
            .all(|q| text.is_char_boundary(q.byte_start) && text.is_char_boundary(q.byte_end)));
        assert!(p.iter().all(|q| q.byte_end - q.byte_start <= 2 * 200 * BYTES_PER_WORD));
    }
}

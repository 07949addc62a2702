//! PDF: poppler's `pdftotext -raw -htmlmeta -enc UTF-8 - -`, the PDF on its
//! standard input, as a child process with a time limit and bounded output.
//!
//! - `-raw` keeps the content stream's order and a line-end hyphen as
//!   `-\n`, which the analyzer joins (`restric-\ntions`); the default
//!   layout mode deletes real hyphens (`Korea-Japan` becomes `KoreaJapan`)
//!   and is not used.
//! - pdftotext ends every page with a form feed: the text keeps them (a
//!   form feed is whitespace to the analyzer and the snippets), so that the
//!   page of any byte is one more than the form feeds before it.
//! - `-htmlmeta` wraps the text in a small HTML page whose `<title>` is the
//!   document's metadata title (escaped) and whose `<pre>` holds the text
//!   as it is (not escaped): one process gives both.
//! - The bytes that were read and hashed are the ones extracted (stdin),
//!   not whatever the path holds by then.
//! - A second run reads the first page's layout for the title (`cover`).
//! - A page without text (a scan) is read by OCR (`ocr`), unless OCR is
//!   off: a PDF of text and scanned pages gets both, each page in its
//!   place; the pages OCR could not read are said (`Text::left_out`).

use std::ffi::OsStr;
use std::path::Path;

use super::helper::{self, Failure};
use super::ocr::{Ocr, PagesRead, Source};
use super::{ExtractOptions, Text};
use crate::layout::Cover;
use sagasu_store::SkipReason;

/// The `pdftotext` version line, or why it cannot run.
pub(crate) fn helper_version(program: &Path) -> Result<String, String> {
    match helper::version(program, "-v") {
        Some(v) if v.contains("pdftotext") => Ok(v),
        Some(other) => Err(format!("does not look like pdftotext: {other}")),
        None => Err(missing(program).to_string()),
    }
}

fn name(program: &Path) -> String {
    sagasu_analysis::safe::escape_unsafe(&program.display().to_string()).into_owned()
}

fn missing(program: &Path) -> SkipReason {
    SkipReason::HelperMissing {
        helper: name(program),
        fix: "apt-get install poppler-utils (or point --pdftotext / SAGASU_PDFTOTEXT at it)".into(),
    }
}

/// Extracts the text of the PDF whose bytes are `bytes` (hashing to
/// `hash`): its text layer, and OCR's text of the pages without one.
pub(crate) fn extract(
    bytes: &[u8],
    hash: &str,
    opts: &ExtractOptions,
    ocr: &Ocr,
    max_text: u64,
) -> Result<Text, SkipReason> {
    let program = &opts.pdftotext;
    let args: [&OsStr; 6] = ["-raw", "-htmlmeta", "-enc", "UTF-8", "-", "-"].map(OsStr::new);
    // The HTML wrapper adds a few hundred bytes of head.
    let out = match helper::run(program, &args, bytes, opts.timeout, max_text + 64 * 1024) {
        Ok(out) => out,
        Err(Failure::NotStarted(e)) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing(program)),
        Err(Failure::NotStarted(e)) => {
            return Err(SkipReason::HelperMissing {
                helper: name(program),
                fix: format!("it cannot be run ({})", sagasu_store::os_error(&e)),
            })
        }
        Err(Failure::TimedOut) => {
            return Err(SkipReason::HelperTimeout {
                helper: name(program),
                seconds: opts.timeout.as_secs().max(1),
            })
        }
        Err(Failure::TooMuchOutput) => return Err(SkipReason::TextTooLarge { limit: max_text }),
        Err(Failure::Io(e)) => {
            return Err(SkipReason::HelperFailed {
                helper: name(program),
                error: sagasu_store::os_error(&e),
            })
        }
        Err(Failure::Stopped) => return Err(helper::stopped(&name(program))),
    };
    if !out.status.success() {
        return Err(failed(program, &out));
    }
    let html = String::from_utf8_lossy(&out.stdout);
    let (title, body) = unwrap_htmlmeta(&html);
    if body.len() as u64 > max_text {
        return Err(SkipReason::TextTooLarge { limit: max_text });
    }
    let mut pages: Vec<String> = clean(body).split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed: the last piece is empty.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    let blank: Vec<u64> = (1..=pages.len() as u64)
        .filter(|&p| crate::decode::is_blank(&pages[p as usize - 1]))
        .collect();
    let mut text = Text::extracted(String::new(), title);
    text.paged = true;
    text.cover = super::cover::first_page(bytes, opts).map(|cover| Cover {
        pages: pages.len(),
        ..cover
    });
    if !blank.is_empty() {
        let all = blank.len() == pages.len();
        match scanned_pages(bytes, hash, ocr, &blank, all, pages.len() as u64)? {
            Scanned::Read(read) => {
                for (&page, ocred) in blank.iter().zip(read.texts) {
                    if let Some(ocred) = ocred {
                        pages[page as usize - 1] = ocred;
                        text.ocr_pages.push(page);
                    }
                }
                text.left_out = read.left_out;
            }
            Scanned::LeftOut(reason) => text.left_out = blank.iter().map(|&p| (p, reason.clone())).collect(),
            Scanned::Off => {}
        }
    }
    for page in &pages {
        text.text.push_str(page);
        text.text.push('\u{c}');
    }
    if text.text.len() as u64 > max_text {
        return Err(SkipReason::TextTooLarge { limit: max_text });
    }
    Ok(text)
}

/// What became of a PDF's pages without text.
enum Scanned {
    /// OCR read them.
    Read(PagesRead),
    /// OCR could not read them (the reason holds for each).
    LeftOut(SkipReason),
    /// OCR is off.
    Off,
}

/// Reads the pages `blank` (1-based, no text layer) of a PDF of `count`
/// pages by OCR. When they are `all` its pages and none gives text, the
/// PDF has no text: the reason is the file's.
fn scanned_pages(
    bytes: &[u8],
    hash: &str,
    ocr: &Ocr,
    blank: &[u64],
    all: bool,
    count: u64,
) -> Result<Scanned, SkipReason> {
    if !ocr.enabled() {
        return match all {
            true => Err(SkipReason::OcrOff {
                format: "PDF".into(),
                pages: count,
            }),
            false => Ok(Scanned::Off),
        };
    }
    let read = match ocr.read(Source::Pdf(bytes), hash, blank) {
        Ok(read) => read,
        Err(reason) if all => return Err(reason),
        Err(reason) => return Ok(Scanned::LeftOut(reason)),
    };
    if all && read.texts.iter().all(Option::is_none) {
        return Err(super::nothing_read(&read, "PDF", count));
    }
    Ok(Scanned::Read(read))
}

/// Why pdftotext exited with an error: a password, a damaged file, or a
/// crash.
fn failed(program: &Path, out: &helper::Finished) -> SkipReason {
    let said = out
        .stderr
        .lines()
        .map(|l| l.trim())
        .map(|l| {
            l.trim_start_matches("Command Line Error:")
                .trim_start_matches("Syntax Error:")
                .trim_start_matches("Internal Error:")
                .trim()
        })
        .find(|l| !l.is_empty());
    if out.stderr.contains("Incorrect password") {
        return SkipReason::Encrypted { format: "PDF".into() };
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = out.status.signal() {
            return SkipReason::HelperFailed {
                helper: name(program),
                error: format!("killed by signal {signal}"),
            };
        }
    }
    match said {
        // pdftotext's exit codes: 1 opening the file, 2 the output, 3 permissions.
        Some(said) => SkipReason::Damaged {
            format: "PDF".into(),
            error: sagasu_analysis::safe::escape_unsafe(said).into_owned(),
        },
        None => SkipReason::HelperFailed {
            helper: name(program),
            error: format!("exit status {}", out.status.code().unwrap_or(-1)),
        },
    }
}

/// The title and the text of pdftotext's `-htmlmeta` output. The title is
/// HTML-escaped; the text inside `<pre>` is not. Output that is not
/// wrapped (another helper) is all text.
fn unwrap_htmlmeta(html: &str) -> (Option<String>, &str) {
    const PRE: &str = "<pre>\n";
    let Some(open) = html.find(PRE) else {
        return (None, html);
    };
    let head = &html[..open];
    let body = &html[open + PRE.len()..];
    let body = body.rfind("</pre>").map_or(body, |end| &body[..end]);
    let title = head
        .find("<title>")
        .and_then(|a| head[a + 7..].find("</title>").map(|b| &head[a + 7..a + 7 + b]))
        .map(unescape)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|t| sagasu_analysis::safe::strip_unsafe(&t).into_owned());
    (title, body)
}

/// Undoes poppler's escaping of the `<title>`.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Line ends normalized; a soft hyphen at a line end becomes the hyphen
/// the analyzer joins (`restric\u{ad}\ntions`); carriage returns go.
/// Soft hyphens inside a word and bidi controls stay: the analyzer folds
/// them away (they split no word) and the snippets drop them.
fn clean(text: &str) -> String {
    let text = crate::decode::normalize_line_ends(text);
    if !text.contains('\u{ad}') {
        return text.into_owned();
    }
    text.replace("\u{ad}\n", "-\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htmlmeta_gives_the_title_and_the_raw_text() {
        let html = "<!DOCTYPE html><html>\n<head>\n<title>A &amp; B &lt;c&gt; &quot;d&quot;</title>\n\
                    <meta name=\"Author\" content=\"x\"/>\n</head>\n<body>\n<pre>\nA <b> & text\n\u{c}page two\n\u{c}</pre>\n</body>\n</html>\n";
        let (title, body) = unwrap_htmlmeta(html);
        assert_eq!(title.as_deref(), Some("A & B <c> \"d\""));
        assert_eq!(body, "A <b> & text\n\u{c}page two\n\u{c}");
        assert_eq!(unwrap_htmlmeta("plain\n"), (None, "plain\n"));
    }

    #[test]
    fn a_soft_hyphen_at_a_line_end_joins_like_a_hyphen() {
        assert_eq!(
            clean("restric\u{ad}\ntions Take\u{ad}shima\r\n"),
            "restric-\ntions Take\u{ad}shima\n"
        );
    }
}

//! A PDF's title as a reader sees it: the largest type on its first page.
//!
//! A title page sets the title larger than anything else on it; the
//! author, the date, a package's file name and the abstract are smaller.
//! The lines come from `pdftotext -bbox-layout` (`extract::cover`), each
//! with its type size (the height of its words).
//!
//! Trap: TeX sets its logos in pieces (`L`, a raised small `A`, `T`, a
//! lowered `E`, `X`), which pdftotext reads as `LATEX`; in a PDF made by
//! a TeX engine the logos are spelled back (`LaTeX`, `TeX`, `BibTeX`,
//! `XeTeX`), elsewhere the text is kept as it is.

use super::junk;
use crate::layout::{Cover, CoverLine};

/// The title must be this much larger than the page's text.
const LARGER: f32 = 1.2;
/// A title's type is at least this fraction of the page's largest (a
/// section heading under the title may be set larger than it).
const NEAR_LARGEST: f32 = 0.8;
/// Lines this close to the title's size go on with it.
const SAME_SIZE: f32 = 0.85;
/// A title holds at most this many lines.
const MAX_LINES: usize = 3;
/// A one-page PDF (a figure, a poster, a sample) has a title page only if
/// the page holds this many lines.
const ONE_PAGE_LINES: usize = 8;

/// The title of the page: the topmost line of large type (larger than the
/// page's text, near the largest) that reads as a title, with the lines
/// of its size right under it; `None` when nothing on the page stands out
/// (a figure, a page of text).
pub(crate) fn title(cover: &Cover, key: &str) -> Option<String> {
    if is_figure(cover) {
        return None;
    }
    let body = body_size(&cover.lines)?;
    let largest = cover
        .lines
        .iter()
        .filter(|l| l.text.chars().any(char::is_alphabetic))
        .map(|l| l.size)
        .fold(0.0, f32::max);
    let floor = (body * LARGER).max(largest * NEAR_LARGEST);
    let mut starts: Vec<usize> = (0..cover.lines.len())
        .filter(|&i| cover.lines[i].size >= floor && cover.lines[i].text.chars().any(char::is_alphabetic))
        .collect();
    starts.sort_by(|&a, &b| cover.lines[a].top.total_cmp(&cover.lines[b].top));
    starts.into_iter().find_map(|i| {
        let text = run_from(cover, i);
        let text = if cover.tex { tex_logos(&text) } else { text };
        let text = super::collapse(text.trim_end_matches(['∗', '*', '†', '‡', ',', ' ']));
        let accepted = looks_like_title(&text, cover.pages > 1)
            && junk::why_not(&text, cover.author.as_deref(), key).is_none()
            && !super::is_boilerplate(&text)
            && !is_contents_label(&text);
        accepted.then_some(text)
    })
}

/// A PDF of one page with a few lines (a figure, a note): the sizes of
/// its type say nothing of a title.
fn is_figure(cover: &Cover) -> bool {
    cover.pages <= 1 && cover.lines.len() < ONE_PAGE_LINES
}

/// Line `i` and the lines of its size right under it.
fn run_from(cover: &Cover, i: usize) -> String {
    let start = &cover.lines[i];
    let mut text = start.text.clone();
    let mut last = start;
    for line in cover.lines[i + 1..].iter().take(MAX_LINES - 1) {
        let adjacent = line.top >= last.top && line.top - last.bottom < start.size;
        let same = line.size >= start.size * SAME_SIZE && line.size * SAME_SIZE <= start.size;
        if !adjacent || !same {
            break;
        }
        text.push(' ');
        text.push_str(&line.text);
        last = line;
    }
    text
}

/// "Contents" in Chinese, Japanese and Korean, spaced or not (`차 례`).
fn is_contents_label(text: &str) -> bool {
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ["目录", "目錄", "目次", "차례", "목차", "内容"].contains(&joined.as_str())
}

/// The size of the page's text: the median size of its lines (the lower
/// one of an even count: a title page of three lines has its title above
/// it).
fn body_size(lines: &[CoverLine]) -> Option<f32> {
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len().saturating_sub(1) / 2).copied()
}

/// Letters enough for a title: three letters, or two Han, kana or Hangul
/// characters (on a page of a longer document: a package's title may be
/// one word); else two words or four CJK characters. Not a page number,
/// not letters spaced out (`N G Q I N G`).
fn looks_like_title(text: &str, of_longer: bool) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let cjk = text.chars().filter(|&c| super::is_cjk(c)).count();
    let enough = if of_longer {
        letters >= 3 || cjk >= 2
    } else {
        text.split_whitespace().nth(1).is_some() || cjk >= 4
    };
    enough && !super::is_spaced_out(text) && !super::is_page_number(text)
}

/// TeX's logos as their names are written: `LATEX` → `LaTeX`, `TEX` →
/// `TeX`, `BIBTEX` → `BibTeX`, `XƎ` → `Xe`.
pub(crate) fn tex_logos(text: &str) -> String {
    let s = text
        .replace("LATEX", "LaTeX")
        .replace("BIBTEX", "BibTeX")
        .replace("XƎ", "Xe");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find("TEX") {
        let after = rest[i + 3..].chars().next();
        out.push_str(&rest[..i]);
        if after.is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push_str("TEX");
        } else {
            out.push_str("TeX");
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// Whether the declared title is on the page: most of its words (or CJK
/// characters) are among the page's.
pub(crate) fn shows(cover: &Cover, declared: &str) -> bool {
    let page: std::collections::HashSet<String> = cover
        .lines
        .iter()
        .flat_map(|l| words(&if cover.tex { tex_logos(&l.text) } else { l.text.clone() }))
        .collect();
    let wanted = words(declared);
    let found = wanted.iter().filter(|w| page.contains(*w)).count();
    !wanted.is_empty() && found * 4 >= wanted.len() * 3
}

/// Lower-case runs of letters and digits, each CJK character on its own.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if super::is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

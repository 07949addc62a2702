//! `sagasu files`: the folder at a glance, from the index: every indexed
//! document with its title, format, pages, passages, size, the time of
//! the version indexed and when it was indexed; the files skipped for their content with their
//! reasons; and the files that hold the same bytes under several names.

use std::io::Write;
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};
use sagasu_searcher::{Aliases, Duplicates, IndexedFile, Searcher};
use sagasu_store::{Commit, Payload, SkipMemo};

use crate::args::{FilesArgs, Global};
use crate::output::{escape_path, to_stdout};
use crate::source::open_or_build;

pub fn run(global: &Global, args: &FilesArgs) -> Result<bool> {
    let opened = open_or_build(global)?;
    let (skipped, touched) = match Payload::of(&opened.index).context("cannot read the index's commit")? {
        Commit::Current(p) => (p.skipped, p.mtimes),
        _ => Default::default(),
    };
    let updated = std::fs::metadata(opened.path.join("meta.json"))
        .and_then(|m| m.modified())
        .ok()
        .map(|t| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i64));
    let searcher = Searcher::new(opened.reader, opened.fields, Aliases::default());
    let mut files = searcher.files()?;
    // A file touched since it was indexed, with the same bytes, is not
    // re-indexed: its new mtime is in the commit, not in its passages.
    for f in &mut files {
        if let Some(&mtime) = touched.get(&f.path) {
            f.mtime = mtime;
        }
    }
    let duplicates = Duplicates::of(
        files
            .iter()
            .map(|f| (f.path.clone(), fingerprint(f)))
            .collect::<Vec<_>>()
            .iter()
            .map(|(p, f)| (p, f)),
    );
    let listing = Listing {
        files: &files,
        skipped: &skipped,
        duplicates: &duplicates,
        updated,
    };
    if args.json {
        let json = serde_json::to_string(&listing.json()).context("cannot serialize the list")?;
        to_stdout(|out| writeln!(out, "{json}"))?;
    } else {
        to_stdout(|out| listing.text(out))?;
        eprintln!("sagasu: {}", listing.summary());
    }
    Ok(!files.is_empty())
}

fn fingerprint(f: &IndexedFile) -> sagasu_store::Fingerprint {
    sagasu_store::Fingerprint {
        size: f.size,
        mtime: f.mtime,
        hash: f.hash.clone(),
    }
}

struct Listing<'a> {
    files: &'a [IndexedFile],
    skipped: &'a std::collections::BTreeMap<String, SkipMemo>,
    duplicates: &'a Duplicates,
    /// When the index last changed (its commit), ns since the epoch.
    updated: Option<i64>,
}

impl Listing<'_> {
    fn json(&self) -> serde_json::Value {
        let documents: Vec<_> = self
            .files
            .iter()
            .map(|f| {
                serde_json::json!({
                    "path": f.path,
                    "title": f.title,
                    "format": format_of(f),
                    "pages": f.pages,
                    "passages": f.passages,
                    "size": f.size,
                    "modified": iso(f.mtime),
                    "indexed": (f.indexed != 0).then(|| iso(f.indexed)),
                    "hash": f.hash,
                })
            })
            .collect();
        let skipped: Vec<_> = self
            .skipped
            .iter()
            .map(|(path, memo)| {
                serde_json::json!({
                    "path": path,
                    "kind": memo.reason.kind(),
                    "reason": memo.reason.to_string(),
                    "size": memo.size,
                    "modified": iso(memo.mtime),
                })
            })
            .collect();
        serde_json::json!({
            "documents": documents,
            "skipped": skipped,
            "duplicates": self.duplicates.groups,
            "updated": self.updated.map(iso),
        })
    }

    fn text(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let paths: Vec<String> = self.files.iter().map(|f| escape_path(&f.path).into_owned()).collect();
        let width = paths.iter().map(|p| p.chars().count()).max().unwrap_or(0).max(4);
        writeln!(
            out,
            "{:<width$}  {:<8} {:>5} {:>8} {:>10}  {:<20}  {:<20}  title",
            "path", "format", "pages", "passages", "bytes", "modified (UTC)", "indexed (UTC)"
        )?;
        for (f, path) in self.files.iter().zip(&paths) {
            let pages = f.pages.map_or("-".to_string(), |p| p.to_string());
            let pad = width - path.chars().count();
            writeln!(
                out,
                "{path}{:pad$}  {:<8} {pages:>5} {:>8} {:>10}  {:<20}  {:<20}  {}",
                "",
                format_of(f),
                f.passages,
                f.size,
                timestamp(f.mtime),
                if f.indexed == 0 {
                    "-".to_string()
                } else {
                    timestamp(f.indexed)
                },
                escape_path(&f.title)
            )?;
        }
        if !self.skipped.is_empty() {
            writeln!(out, "\nskipped:")?;
            for (path, memo) in self.skipped {
                writeln!(out, "  {}: {}", escape_path(path), memo.reason)?;
            }
        }
        if !self.duplicates.groups.is_empty() {
            writeln!(out, "\nthe same bytes under several names (search shows each once):")?;
            for g in &self.duplicates.groups {
                let names: Vec<_> = g.iter().map(|p| escape_path(p)).collect();
                writeln!(out, "  {}", names.join(" = "))?;
            }
        }
        Ok(())
    }

    fn summary(&self) -> String {
        let passages: u64 = self.files.iter().map(|f| f.passages).sum();
        let copies: usize = self.duplicates.groups.iter().map(|g| g.len() - 1).sum();
        let updated = self
            .updated
            .map_or(String::new(), |t| format!("; index updated {} UTC", timestamp(t)));
        format!(
            "{} documents, {passages} passages; {} skipped; {copies} duplicate{}{updated}",
            self.files.len(),
            self.skipped.len(),
            if copies == 1 { "" } else { "s" },
        )
    }
}

/// The document's format, by its file name (and pages: a PDF found by its
/// signature has pages whatever its name).
fn format_of(f: &IndexedFile) -> &'static str {
    let ext = f
        .path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "PDF",
        "docx" => "DOCX",
        "odt" => "ODT",
        "epub" => "EPUB",
        "html" | "htm" | "xhtml" => "HTML",
        "md" | "markdown" => "Markdown",
        "png" | "jpg" | "jpeg" | "tif" | "tiff" => "image",
        _ if f.pages.is_some() => "PDF",
        _ => "text",
    }
}

/// `2026-12-07 13:05:09` (UTC) for a time in ns since the epoch.
fn timestamp(ns: i64) -> String {
    let secs = ns.div_euclid(1_000_000_000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// `2026-12-07T13:05:09Z` (ISO 8601, UTC), for JSON.
fn iso(ns: i64) -> String {
    format!("{}Z", timestamp(ns).replacen(' ', "T", 1))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_dates() {
        assert_eq!(timestamp(0), "1970-01-01 00:00:00");
        assert_eq!(timestamp(951_782_400 * 1_000_000_000), "2000-02-29 00:00:00");
        assert_eq!(timestamp(1_796_649_909 * 1_000_000_000 + 5), "2026-12-07 13:25:09");
        assert_eq!(timestamp(-1_000_000_000), "1969-12-31 23:59:59");
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
    }
}

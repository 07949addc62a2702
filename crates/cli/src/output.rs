//! Rendering search results for a terminal or a pipe.

use std::io::{IsTerminal, Write};

use sagasu_searcher::SearchResults;

use crate::args::ColorChoice;

/// Whether to color stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Runs `write` on a locked, flushed stdout. A failure says so ("cannot
/// write to stdout: No space left on device"); a closed pipe keeps its
/// `io::Error`, which `main` recognises as the reader's choice (exit 0).
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    use anyhow::Context;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write(&mut out)
        .and_then(|()| out.flush())
        .context("cannot write to stdout")
}

/// A path (or any name from a file) fit for one line of a terminal:
/// control and bidi characters shown escaped.
pub fn escape_path(p: &str) -> std::borrow::Cow<'_, str> {
    sagasu_analysis::safe::escape_unsafe(p)
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Prints results as text: per document a header line, then its snippets
/// prefixed with `path:line:`.
pub fn print_text(res: &SearchResults, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let st = Style { color };
    for doc in &res.results {
        let path = escape_path(&doc.path);
        writeln!(
            out,
            "{} {}  {}  {}",
            st.paint("1;33", &format!("{}.", doc.rank)),
            st.paint("35", &path),
            st.paint("1", &escape_path(&doc.title)),
            st.paint("2", &format!("(score {:.3})", doc.score)),
        )?;
        for p in &doc.passages {
            let mut snippet = String::new();
            let mut last = 0;
            for &(a, b) in &p.highlights {
                snippet.push_str(&p.snippet[last..a]);
                snippet.push_str(&st.paint("1;31", &p.snippet[a..b]));
                last = b;
            }
            snippet.push_str(&p.snippet[last..]);
            writeln!(
                out,
                "{}:{}: {}",
                st.paint("35", &path),
                st.paint("32", &p.line.to_string()),
                snippet
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

//! What every command's output shares: color on a terminal only, stdout
//! that reports a full disk and a closed pipe, and strings (paths, error
//! lines) made safe for one terminal line.

use std::io::{IsTerminal, Write};

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

/// An error and its causes as one line fit for a terminal.
///
/// Causes are joined with `: ` as anyhow's `{:#}` does, except that a cause
/// whose text the message already holds is left out: many errors print
/// their source themselves (`index i: File exists (os error 17)`), and
/// anyhow would print it again. Line breaks inside a message (tantivy's
/// errors have them) become spaces; control and bidi characters that came
/// from a file are shown escaped.
pub fn error_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.contains(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    one_line(&msg)
}

/// Lines joined by spaces, then escaped for a terminal.
pub fn one_line(text: &str) -> String {
    let joined = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    sagasu_analysis::safe::escape_unsafe(&joined).into_owned()
}

/// A path of the command line or of the corpus, fit for one terminal line.
pub fn path_name(p: &std::path::Path) -> String {
    escape_path(&p.display().to_string()).into_owned()
}

/// `s` in the ANSI style `code` when `color`, else as it is.
pub fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "File exists (os error 17)");
        #[derive(Debug)]
        struct Wrapper(std::io::Error);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "index i: {}", self.0)
            }
        }
        impl std::error::Error for Wrapper {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = anyhow::Error::new(Wrapper(io)).context("while indexing into i");
        assert_eq!(
            error_line(&e),
            "while indexing into i: index i: File exists (os error 17)"
        );
        let e = anyhow::anyhow!("bad\nthing\u{1b}[31m").context("reading x");
        assert_eq!(error_line(&e), "reading x: bad thing\\u{1b}[31m");
    }
}

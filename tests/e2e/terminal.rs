//! End-to-end: what reaches the terminal (issue 8). Odd file names are
//! escaped in text and exact in JSON; control characters, escape
//! sequences and bidi overrides from a document never reach the terminal,
//! with or without color.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::util::{paths, text, Fixture};

#[test]
fn odd_file_names_are_escaped_in_text_and_valid_in_json() {
    let f = Fixture::empty();
    // Different texts: a file with the same bytes as another is shown once.
    std::fs::write(f.corpus.join(OsStr::from_bytes(b"bad\xffname.txt")), "odd zqbbbc\n").unwrap();
    f.write("new\nline.txt", "odd zqbbbc 2\n");
    f.write("back\\slash.txt", "odd zqbbbc 3\n");
    f.index(&[]);
    let (json, _) = f.search_json(&["zqbbbc"]);
    let got: BTreeSet<String> = paths(&json).into_iter().collect();
    let want: BTreeSet<String> = ["bad\\xFFname.txt", "new\nline.txt", "back\\\\slash.txt"]
        .map(String::from)
        .into();
    assert_eq!(got, want);
    let out = f.run(&["search", "zqbbbc"]);
    let (stdout, _) = text(&out);
    for line in ["bad\\xFFname.txt:1:", "new\\nline.txt:1:", "back\\\\slash.txt:1:"] {
        assert!(stdout.lines().any(|l| l.starts_with(line)), "{line} not in\n{stdout}");
    }
}

/// Removes SGR color sequences (`ESC [ digits ; … m`) that sagasu itself
/// writes, and returns what is left.
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            rest = &after[end + 1..];
        } else {
            out.push_str("\x1b[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let f = Fixture::empty();
    f.write(
        "hostile.txt",
        "Report\nclear \x1b[2J title \x1b]0;owned\x07 zqbbbc \u{202e}desrever\u{202c} <script>alert(1)</script> \
         \x1b[31mred\x1b[0m bell\x07 back\x08space\r\n",
    );
    f.index(&[]);
    for color in ["always", "never"] {
        let out = f.run(&["--color", color, "search", "zqbbbc"]);
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let left = strip_sgr(&stdout);
        assert!(
            !left.chars().any(is_unsafe),
            "--color {color}: unsafe character in {stdout:?}"
        );
        assert!(
            stdout.contains("<script>alert(1)</script>"),
            "text is shown as text: {stdout:?}"
        );
    }
    let (json, _) = f.search_json(&["zqbbbc"]);
    let p = &json["results"][0]["passages"][0];
    let snippet = p["snippet"].as_str().unwrap();
    assert!(!snippet.chars().any(is_unsafe), "{snippet:?}");
    assert_eq!(p["line"], 2);
    let raw = f.cmd().args(["search", "--json", "zqbbbc"]).output().unwrap().stdout;
    let raw = String::from_utf8(raw).unwrap();
    assert!(
        !raw.contains('\x1b') && !raw.contains('\x07'),
        "raw control in JSON output: {raw:?}"
    );
}

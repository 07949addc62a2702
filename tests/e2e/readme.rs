//! The README cannot drift (issue 29): every example it shows with its
//! output (`$ sagasu …` and the quick start's first search) is run on
//! the default corpus and its output compared with the README's, and every
//! other command of the quick start and the tour (its code blocks and its
//! table) is checked to be a command sagasu accepts.
//!
//! In a shown output, a line `…` stands for any lines, and a line that
//! starts with `sagasu: ` is a line of stderr; trailing spaces are not
//! compared. Nothing compared holds a time (the corpus is indexed before,
//! so no progress or timing line is printed).

use std::process::Command;

use crate::util::{bin, root, shared_corpus, text};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("read README.md")
}

/// The text of the section of `readme` under the heading `title` (up to
/// the next `## ` heading).
fn section<'a>(readme: &'a str, title: &str) -> &'a str {
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("README has no section {title}"));
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

/// A command line split as a POSIX shell splits words: single and double
/// quotes, no expansions (the README's examples use none).
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => (quote, any) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (_, c) => (word.push(c), any = true).1,
        }
    }
    assert!(quote.is_none(), "unbalanced quotes in {line}");
    if any {
        out.push(word);
    }
    out
}

/// The `$ sagasu …` examples of the README (indented blocks): each
/// command with the lines shown under it.
fn examples(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in readme.lines() {
        if let Some(cmd) = line.strip_prefix("    $ ") {
            out.push((cmd.to_string(), Vec::new()));
            open = true;
        } else if let (true, Some(shown)) = (open, line.strip_prefix("    ")) {
            if let Some(last) = out.last_mut() {
                last.1.push(shown.to_string());
            }
        } else {
            open = false;
        }
    }
    out
}

/// Whether `got` is what `shown` shows: line by line, `…` for any lines.
fn shows(shown: &[String], got: &[&str]) -> bool {
    match shown.split_first() {
        None => got.is_empty(),
        Some((first, rest)) if first == "…" => (0..=got.len()).any(|skip| shows(rest, &got[skip..])),
        // Trailing spaces are not kept by an editor (a snippet may end with one).
        Some((first, rest)) => got.first().is_some_and(|g| g.trim_end() == first) && shows(rest, &got[1..]),
    }
}

/// Runs `sagasu ARGS` (the words after `sagasu`) on the indexed default
/// corpus; returns exit code, stdout and stderr.
fn run(args: &[String]) -> (Option<i32>, String, String) {
    let out = shared_corpus().run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let (stdout, stderr) = text(&out);
    (out.status.code(), stdout, stderr)
}

#[test]
fn every_example_prints_what_the_readme_shows() {
    let readme = readme();
    let examples = examples(&readme);
    assert!(examples.len() >= 5, "{examples:?}");
    for (cmd, shown) in &examples {
        let args = words(cmd);
        assert_eq!(args[0], "sagasu", "{cmd}");
        let (code, stdout, stderr) = run(&args[1..]);
        assert_eq!(code, Some(0), "{cmd}: {stderr}");
        let (err_shown, out_shown): (Vec<String>, Vec<String>) =
            shown.iter().cloned().partition(|l| l.starts_with("sagasu: "));
        let got: Vec<&str> = stdout.lines().collect();
        assert!(
            shows(&out_shown, &got),
            "README shows for `{cmd}`:\n{}\n\nsagasu prints:\n{stdout}",
            out_shown.join("\n")
        );
        for line in &err_shown {
            assert!(
                stderr.lines().any(|l| l == line),
                "`{cmd}`: {line} not on stderr:\n{stderr}"
            );
        }
    }
}

#[test]
fn the_quick_start_prints_what_the_readme_shows() {
    let readme = readme();
    let quick = section(&readme, "Quick start");
    let blocks: Vec<&str> = quick.split("```").skip(1).step_by(2).collect();
    let commands = blocks[0].strip_prefix("sh\n").expect("a sh block of commands");
    let first = commands.lines().next().expect("a first command");
    let line = first.split('#').next().unwrap_or("");
    let args = words(line);
    assert_eq!(args[..4], ["cargo", "run", "--release", "--"], "{first}");
    let (code, stdout, stderr) = run(&args[4..]);
    assert_eq!(code, Some(0), "{first}: {stderr}");
    // The output block shows the first lines.
    let mut shown: Vec<String> = blocks[1].trim_start_matches('\n').lines().map(String::from).collect();
    shown.push("…".into());
    let got: Vec<&str> = stdout.lines().collect();
    assert!(
        shows(&shown, &got),
        "README shows for `{first}`:\n{}\nsagasu prints:\n{stdout}",
        blocks[1]
    );
}

/// The `sagasu …` commands of the quick start's and the tour's code
/// blocks and table, as written (output redirections and comments cut).
fn tour_commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    for title in ["Quick start", "A short tour"] {
        let text = section(readme, title);
        for (i, block) in text.split("```").enumerate() {
            if i % 2 == 1 && block.starts_with("sh\n") {
                for line in block.lines().skip(1) {
                    let line = line.split(['#', '>']).next().unwrap_or("").trim();
                    if let Some(rest) = line.strip_prefix("cargo run --release -- ") {
                        out.push(format!("sagasu {rest}"));
                    } else if line.starts_with("sagasu ") {
                        out.push(line.to_string());
                    }
                }
            }
        }
        for row in text.lines().filter(|l| l.starts_with("| `sagasu ")) {
            if let Some(cmd) = row.split('`').nth(1) {
                out.push(cmd.to_string());
            }
        }
    }
    out
}

#[test]
fn every_command_of_the_quick_start_and_the_tour_is_accepted() {
    let readme = readme();
    let commands = tour_commands(&readme);
    assert!(commands.len() >= 15, "{commands:?}");
    for cmd in &commands {
        // `--help` after the arguments: clap checks every option and value
        // given and prints the help, nothing is run (a server, a watch).
        let args = words(cmd);
        let out = Command::new(bin())
            .args(&args[1..])
            .arg("--help")
            .output()
            .expect("run sagasu");
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "`{cmd}` is not accepted: {stderr}");
        assert!(stdout.contains("Usage: sagasu"), "`{cmd}`: {stdout}");
    }
}

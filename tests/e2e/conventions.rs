//! The conventions of a command-line tool (issue 29): shell completions
//! and manual pages generated from the options, `eval` saying what its
//! measures are, and the global options in a help section of their own.

use std::process::Command;

use crate::util::{bin, text, Fixture};

/// `sagasu ARGS` without a corpus or index (these commands need none).
fn sagasu(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().expect("run sagasu");
    let (stdout, stderr) = text(&out);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

#[test]
fn bash_completion_completes_subcommands_and_options() {
    let (code, script, _) = sagasu(&["completions", "bash"]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sagasu.bash");
    std::fs::write(&path, &script).expect("write the script");
    // What a user's shell does on `sagasu se<TAB>` and `sagasu search --wi<TAB>`.
    let complete = |words: &str| {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
                 COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
                 _sagasu sagasu \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                path.display()
            ))
            .output()
            .expect("run bash");
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        let mut words: Vec<String> = stdout.split_whitespace().map(String::from).collect();
        words.sort();
        words
    };
    assert_eq!(complete("sagasu se"), ["search", "serve"]);
    assert_eq!(complete("sagasu fi"), ["files"]);
    assert_eq!(complete("sagasu search --wi"), ["--within"]);
    assert_eq!(complete("sagasu search --within ''"), ["document", "passage"]);
    assert_eq!(complete("sagasu completions p"), ["powershell"]);
}

#[test]
fn completions_for_each_shell_and_a_bad_shell() {
    for (shell, marker) in [
        ("zsh", "#compdef sagasu"),
        ("fish", "complete -c sagasu"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, script, _) = sagasu(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("files") && script.contains("within"), "{shell}");
    }
    let (code, _, err) = sagasu(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("possible values: bash, zsh, fish, powershell"), "{err}");
}

#[test]
fn man_prints_a_page_and_writes_one_per_subcommand() {
    let (code, page, _) = sagasu(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH sagasu 1"), "{page}");
    // man reads it: the subcommands and the environment variables are there.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sagasu.1");
    std::fs::write(&path, &page).expect("write the page");
    if let Ok(out) = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .output()
    {
        let (shown, _) = text(&out);
        for want in ["sagasu - ", "search", "files", "completions", "SAGASU_CORPUS"] {
            assert!(shown.contains(want), "{want} not in the page:\n{shown}");
        }
    }
    let out = dir.path().join("man1");
    let (code, _, err) = sagasu(&["man", "--out", out.to_str().expect("UTF-8 path")]);
    assert_eq!(code, 0, "{err}");
    let search = std::fs::read_to_string(out.join("sagasu-search.1")).expect("sagasu-search.1");
    assert!(search.contains("within"), "{search}");
    assert!(out.join("sagasu.1").is_file() && out.join("sagasu-files.1").is_file());
}

#[test]
fn global_options_have_their_own_help_section() {
    let (code, help, _) = sagasu(&["search", "--help"]);
    assert_eq!(code, 0);
    let at = |s: &str| help.find(s).unwrap_or_else(|| panic!("{s} not in\n{help}"));
    let global = at("\nGlobal options:\n");
    assert!(at("--limit") < global, "search's own options come first:\n{help}");
    for option in ["--corpus", "--index", "--color", "--pdftotext", "--no-ocr"] {
        assert!(at(option) > global, "{option} is a global option:\n{help}");
    }
}

#[test]
fn eval_says_what_its_measures_are() {
    let (_, help, _) = sagasu(&["eval", "--help"]);
    for want in [
        "map          mean average precision",
        "ndcg_cut.K   nDCG at K",
        "recip_rank   reciprocal rank",
    ] {
        assert!(help.contains(want), "{want} not in\n{help}");
    }
    let f = Fixture::empty();
    f.write("zebra.txt", "The zebra herds cross the river.\n");
    f.write("lion.txt", "A lion hunts at dawn.\n");
    let queries = f.aside("q.tsv", "q1\tzebra\nq2\tlion\n");
    let qrels = f.aside("qrels.txt", "q1 0 zebra 1\nq2 0 zebra 1\n");
    let out = f
        .cmd()
        .arg("eval")
        .arg("--queries")
        .arg(&queries)
        .arg("--qrels")
        .arg(&qrels)
        .args(["--metrics", "map,P.10,recip_rank"])
        .output()
        .expect("run sagasu eval");
    let (table, err) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        table,
        "metric      value\nmap         0.5000\nP.10        0.0500\nrecip_rank  0.5000\n"
    );
    let line = err.lines().last().unwrap_or("");
    assert_eq!(
        line,
        "sagasu: map = mean average precision; P.10 = precision at 10; \
         recip_rank = 1/rank of the first relevant document (mean: MRR) (see `sagasu eval --help`)"
    );
}

//! Regressions of where a query matches: `--every`, `--count`, context
//! lines, the document view, `terms` (issue 23, and issue 24 items 3, 4).

use std::process::Command;

use crate::documents::have_pdftotext;
use crate::http::{enc, get};
use crate::serve::Served;
use crate::util::{bin, text, Fixture};

/// The three one-line files of issue 23.
fn three_files() -> Fixture {
    let f = Fixture::empty();
    f.write("c.txt", "President Kim Dae Jung visited Tokyo in 1998.\n");
    f.write("d.txt", "김대중 대통령은 도쿄를 방문했다.\n");
    f.write("e.txt", "Kim Tae-jung met Obuchi.\n");
    f.index(&[]);
    f
}

/// The JSON lines `--every --json ARGS…` prints.
fn every_json(f: &Fixture, args: &[&str]) -> Vec<serde_json::Value> {
    let out = f
        .cmd()
        .args(["search", "--every", "--json"])
        .args(args)
        .output()
        .expect("run sagasu");
    text(&out)
        .0
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn field(lines: &[serde_json::Value], name: &str) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            l[name]
                .as_str()
                .unwrap_or_else(|| panic!("no {name} in {l}"))
                .to_string()
        })
        .collect()
}

/// issue 23, item 1: `--every` and `--count` dropped documents that ranked
/// search finds. `--every '"Kim Daejung"'` printed "0 occurrences in 0
/// documents" where ranked search found all three files (the key phrase of
/// a quoted name was never listed), and `--every 김대중` listed d.txt only.
#[test]
fn every_and_count_list_every_document_ranked_search_finds() {
    let f = three_files();
    for q in ["\"Kim Daejung\"", "김대중"] {
        let (json, _) = f.search_json(&[q]);
        assert_eq!(json["total_documents"], 3, "{q}: {json}");
        let every = every_json(&f, &[q]);
        assert_eq!(sorted(field(&every, "path")), ["c.txt", "d.txt", "e.txt"], "{q}");
        assert_eq!(
            sorted(field(&every, "match")),
            ["Kim Dae Jung", "Kim Tae-jung", "김대중"],
            "{q}: the text as written"
        );
        let (count, _) = text(&f.run(&["search", "--count", q]));
        let mut counted: Vec<&str> = count.lines().collect();
        counted.sort();
        assert_eq!(counted, ["c.txt:1", "d.txt:1", "e.txt:1"], "{q}");
    }
}

/// issue 23, item 2: a two-word name was counted twice. `--every "Kim
/// Dae-jung"` (one argument, no query quotes) listed "Kim" and "Dae-jung"
/// as two occurrences of every mention, and the document view's "Match N of
/// M" stepped through the same doubled list.
#[test]
fn a_name_of_two_words_is_one_occurrence() {
    let f = Fixture::empty();
    f.write(
        "kim.txt",
        "Kim Dae-jung met Obuchi in Tokyo.\nLater, Kim Dae-jung spoke; Kim alone, and Dae-jung alone.\n",
    );
    f.index(&[]);
    let every = every_json(&f, &["Kim Dae-jung"]);
    assert_eq!(
        field(&every, "match"),
        ["Kim Dae-jung", "Kim Dae-jung", "Kim", "Dae-jung"],
        "{every:?}"
    );
    let s = Served::start(&f, &[]);
    let v = get(
        s.addr,
        &format!("/api/doc?path=kim.txt&line=1&q={}", enc("Kim Dae-jung")),
    )
    .json();
    let hits: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["byte"].as_u64().unwrap())
        .collect();
    let bytes: Vec<u64> = every.iter().map(|o| o["byte"].as_u64().unwrap()).collect();
    assert_eq!(hits, bytes, "the view steps through what --every lists");
}

/// issue 23, item 3: three match finders disagreed. The document view's
/// hit list for `"joint declaration"` held each lone "joint", `--every`
/// only the phrase, and snippets marked the phrase's words wherever they
/// stood.
#[test]
fn the_document_view_and_snippets_find_what_every_lists() {
    let f = Fixture::empty();
    f.write(
        "joint.txt",
        "A joint statement came first.\nThen the joint declaration of 1998.\nNo joint venture followed.\n",
    );
    f.index(&[]);
    let q = "\"joint declaration\"";
    let every = every_json(&f, &[q]);
    assert_eq!(field(&every, "match"), ["joint declaration"]);
    let s = Served::start(&f, &[]);
    let v = get(s.addr, &format!("/api/doc?path=joint.txt&line=1&q={}", enc(q))).json();
    let hits: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["line"].as_u64().unwrap())
        .collect();
    assert_eq!(hits, [2], "{v}");
    let text = v["text"].as_str().unwrap();
    let marked: Vec<&str> = v["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &text[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked, ["joint", "declaration"], "only the phrase is marked");
    let (json, _) = f.search_json(&["--context", "200", q]);
    assert_eq!(crate::util::highlighted(&json), ["joint", "declaration"], "{json}");
}

/// issue 23, item 4: pages got lost. `--every -C 1` printed a PDF's hits
/// as `file.pdf:85:38:` where plain `--every` said `file.pdf#page=3:`; the
/// document view showed no page, printed a page break as the text
/// `\u{c}`, and had no way to open the PDF at its page.
#[test]
fn the_page_is_named_everywhere() {
    if !have_pdftotext() {
        return;
    }
    let f = Fixture::empty();
    std::fs::copy(
        crate::util::root().join("tests/fixtures/documents/paged.pdf"),
        f.corpus.join("paged.pdf"),
    )
    .unwrap();
    f.write("notes.txt", "A zeppelin, in text.\n");
    f.index(&[]);
    let (out, _) = text(&f.run(&["search", "--every", "-C", "1", "zeppelin", "--path", "paged.pdf"]));
    assert!(
        out.lines()
            .any(|l| l.starts_with("paged.pdf#page=2:") && l.contains("zeppelin")),
        "{out}"
    );
    let (vim, _) = text(&f.run(&["search", "--every", "--format", "vimgrep", "zeppelin"]));
    assert!(
        vim.lines().any(|l| l.contains("paged.pdf") && l.contains("page 2")),
        "{vim}"
    );
    let s = Served::start(&f, &[]);
    let every = every_json(&f, &["zeppelin", "--path", "paged.pdf"]);
    let line = every[0]["line"].as_u64().unwrap();
    let v = get(s.addr, &format!("/api/doc?path=paged.pdf&line={line}&q=zeppelin")).json();
    let shown = v["text"].as_str().unwrap();
    assert!(!shown.contains('\u{c}') && !shown.contains("\\u{c}"), "{shown:?}");
    assert_eq!(v["page"], 2, "{v}");
    assert!(v["page_breaks"].as_array().is_some_and(|b| !b.is_empty()), "{v}");
    assert_eq!(v["hits"][0]["page"], 2, "{v}");
    let page = get(s.addr, &format!("/doc?path=paged.pdf&line={line}&q=zeppelin")).text();
    assert!(page.contains("/file?path=paged.pdf#page=2"), "{page}");
    assert!(
        page.contains("Open the PDF at page 2") && page.contains("Page 2"),
        "{page}"
    );
    // The file itself, served by its index key, inline, as a PDF.
    let pdf = get(s.addr, "/file?path=paged.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf
        .header("content-disposition")
        .is_some_and(|d| d.starts_with("inline")));
    assert_eq!(pdf.header("x-content-type-options"), Some("nosniff"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    for refused in [
        "/file?path=notes.txt",
        "/file?path=../paged.pdf",
        "/file?path=nope.pdf",
        "/file",
    ] {
        let status = get(s.addr, refused).status;
        assert!(status == 404 || status == 400, "{refused}: {status}");
    }
}

/// issue 23, item 5: `sagasu terms` could not say which spellings exist:
/// it folded Chosŏn, Chosǒn and Choson into `choson`, merged English
/// "chosen" with Japanese Chōsen, and named no document.
#[test]
fn terms_spellings_are_as_written_and_grouped_by_name() {
    let f = Fixture::empty();
    f.write("a.txt", "The Chosŏn court and the Chosǒn kings.\n");
    f.write("b.txt", "Joseon ruled; 조선 in Hangul.\n");
    f.write("c.txt", "He was chosen. Chōsen was the Japanese name.\n");
    f.index(&[]);
    let out = f.run(&["terms", "--spellings", "--json", "Joseon"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{json}");
    let spellings: Vec<&str> = groups[0]["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["spelling"].as_str().unwrap())
        .collect();
    assert_eq!(
        sorted(spellings.iter().map(|s| s.to_string()).collect()),
        ["Chosŏn", "Chosǒn", "Joseon", "조선"]
    );
    let joseon = groups[0]["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["spelling"] == "Joseon")
        .unwrap();
    assert_eq!(joseon["paths"], serde_json::json!(["b.txt"]), "{json}");
    // `chos`: the name, the English word and the Japanese name apart.
    let out = f.run(&["terms", "--spellings", "--json", "chos"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let group_of = |spelling: &str| {
        json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .position(|g| {
                g["spellings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["spelling"] == spelling)
            })
            .unwrap_or_else(|| panic!("{spelling} not listed: {json}"))
    };
    assert_eq!(group_of("Chosŏn"), group_of("Joseon"));
    assert_ne!(group_of("chosen"), group_of("Chōsen"));
    assert_ne!(group_of("Chōsen"), group_of("Chosŏn"));
    let (plain, _) = text(&f.run(&["terms", "--spellings", "--paths", "Joseon"]));
    assert!(
        plain.contains("a.txt") && plain.contains("b.txt") && !plain.contains("c.txt"),
        "{plain}"
    );
}

/// Runs `sagasu ARGS…` on `f` with at most `seconds` of CPU time (the
/// shell's `ulimit -t`): killed past it. The bound is a hundred times what
/// the command needs in a debug build; a cost that grows with the square
/// (or the power) of the input passes it by far.
fn run_bounded(f: &Fixture, seconds: u32, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -t {seconds} && exec \"$@\""))
        .arg("sh")
        .arg(bin())
        .arg("--corpus")
        .arg(&f.corpus)
        .arg("--index")
        .arg(&f.index)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run sagasu")
}

/// issue 24, item 3: `--every` was quadratic per line: each occurrence
/// scanned back to its line's start and `-C` recomputed every line for
/// every occurrence. 40,000 occurrences on one 0.94 MB line took 39.5 s
/// (release build); `--count` 0.02 s.
#[test]
fn every_is_linear_on_a_long_line_of_matches() {
    let f = Fixture::empty();
    f.write("long.txt", "summit filler text here ".repeat(40_000));
    f.index(&[]);
    for extra in [&[][..], &["--json", "-C", "1"][..]] {
        let mut args = vec!["search", "--every"];
        args.extend_from_slice(extra);
        args.push("summit");
        let out = run_bounded(&f, 60, &args);
        assert!(
            out.status.success(),
            "{extra:?}: {:?} (killed past 60 s of CPU?)",
            out.status
        );
        let lines = text(&out).0.lines().count();
        assert_eq!(lines, 40_000, "{extra:?}");
    }
}

/// issue 24, item 4: `terms` globs backtracked: `*a*a*a*a*b` against a term
/// of 90 a's took 6.9 s, one more star more than a minute.
#[test]
fn terms_globs_never_backtrack_exponentially() {
    let f = Fixture::empty();
    f.write("a.txt", format!("{} {}b\n", "a".repeat(90), "a".repeat(40)));
    f.index(&[]);
    let out = run_bounded(&f, 60, &["terms", "--json", "*a*a*a*a*a*a*a*a*a*a*b"]);
    assert!(out.status.success(), "{:?} (killed past 60 s of CPU?)", out.status);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["terms"][0]["term"], format!("{}b", "a".repeat(40)), "{json}");
    assert_eq!(json["terms"].as_array().map(Vec::len), Some(1));
}

/// issue 29, item 3: a name written without spaces was highlighted in
/// pieces: 김대중 for `Kim Dae-jung` as `<mark>김</mark><mark>대중</mark>`
/// (the marks' padding read "김 대중"), and as two colored runs on a
/// terminal. Adjacent highlighted text is one mark everywhere.
#[test]
fn adjacent_highlights_are_one_mark() {
    let f = Fixture::empty();
    f.write("d.txt", "김대중 대통령은 도쿄를 방문했다.\n둘째 줄.\n");
    f.index(&[]);
    let q = "Kim Dae-jung";
    let (json, _) = f.search_json(&[q]);
    assert_eq!(crate::util::highlighted(&json), ["김대중"], "{json}");
    let red = |s: &str| format!("\x1b[1;31m{s}\x1b[0m");
    for args in [
        &["search", q][..],
        &["search", "--every", q][..],
        &["search", "--every", "-C", "1", q][..],
    ] {
        let out = f
            .cmd()
            .args(["--color", "always"])
            .args(args)
            .output()
            .expect("run sagasu");
        let (stdout, _) = text(&out);
        assert!(stdout.contains(&red("김대중")), "{args:?}: {stdout:?}");
        assert!(!stdout.contains(&red("김")), "{args:?}: {stdout:?}");
    }
    let s = Served::start(&f, &[]);
    for page in [
        format!("/?q={}", enc(q)),
        format!("/doc?path=d.txt&line=1&q={}", enc(q)),
    ] {
        let html = get(s.addr, &page).text();
        assert!(html.contains("<mark>김대중</mark>"), "{page}: {html}");
        assert!(!html.contains("<mark>김</mark>"), "{page}: {html}");
    }
}

/// issue 29, item 7: `--within document` was refused with `--every`,
/// `--count` and `--explain`, options a researcher combines ("every
/// mention in the documents that name both").
#[test]
fn within_document_combines_with_every_count_and_explain() {
    let f = crate::util::shared_corpus();
    let args = ["--within", "document", "--all", "Obuchi", "Yasukuni"];
    let both = ["003_0771a4b52a2fefa6.txt", "004_674ccde8731c1fbd.txt"];
    let every = every_json(f, &args);
    assert_eq!(sorted(field(&every, "path")), both, "the documents --within ranks");
    for path in both {
        let words: Vec<String> = every
            .iter()
            .filter(|o| o["path"] == path)
            .map(|o| o["match"].as_str().unwrap().to_string())
            .collect();
        for w in ["Obuchi", "Yasukuni"] {
            assert!(words.iter().any(|m| m == w), "{w} in {path}: {words:?}");
        }
    }
    let mut count_args = vec!["search", "--count"];
    count_args.extend(args);
    let out = f.run(&count_args);
    assert_eq!(out.status.code(), Some(0));
    let (count, _) = text(&out);
    let mut counted: Vec<String> = count.lines().map(str::to_string).collect();
    counted.sort();
    let want: Vec<String> = both
        .iter()
        .map(|p| format!("{p}:{}", every.iter().filter(|o| o["path"] == *p).count()))
        .collect();
    assert_eq!(counted, want);
    let mut explain_args = vec!["search", "--explain"];
    explain_args.extend(args);
    let out = f.run(&explain_args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains(both[0]) && stdout.contains(both[1]), "{stdout}");
    assert!(
        stderr.contains("parsed:") && stderr.contains("top hit scoring"),
        "{stderr}"
    );
    let mut json_args = vec!["--explain"];
    json_args.extend(args);
    let (json, _) = f.search_json(&json_args);
    let clauses = json["explain"]["top_hit"]["clauses"].as_array();
    assert_eq!(clauses.map(Vec::len), Some(2), "one scoring per word: {json}");
}

//! End-to-end: the query language, ranking, aliases and suggestions (the
//! search issue), on a copy of the default corpus.

use crate::util::{highlighted, paths, shared_corpus as corpus, text, Fixture};

const D000: &str = "000_d1566bec7f6aab24.txt";
const D001: &str = "001_4e13fa1f4c8f1c99.txt";
const D002: &str = "002_cfdbf63cab07ae4d.txt";
const D003: &str = "003_0771a4b52a2fefa6.txt";
const D004: &str = "004_674ccde8731c1fbd.txt";

fn docs_containing(word: &str) -> Vec<String> {
    let f = corpus();
    let mut out: Vec<String> = std::fs::read_dir(&f.corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .to_lowercase()
                .contains(&word.to_lowercase())
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn error_of(args: &[&str]) -> String {
    let out = corpus().run(args);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail: {stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    stderr
}

#[test]
fn all_words_within_one_passage() {
    let (json, code) = corpus().search_json(&["Koizumi", "Yasukuni"]);
    assert_eq!(code, 0);
    assert_eq!(json["fallback"], false);
    assert_eq!(sorted(paths(&json)), [D003, D004]);
    let hl = highlighted(&json);
    assert!(
        hl.iter().any(|h| h == "Koizumi") && hl.iter().any(|h| h == "Yasukuni"),
        "{hl:?}"
    );
}

#[test]
fn falls_back_to_any_word_and_says_so() {
    let out = corpus().run(&["search", "Nordpolitik", "xyzzyquux"]);
    assert_eq!(out.status.code(), Some(0));
    let (_, stderr) = text(&out);
    assert!(stderr.contains("any of them"), "{stderr}");
    let (json, _) = corpus().search_json(&["Nordpolitik", "xyzzyquux"]);
    assert_eq!(json["fallback"], true);
    assert_eq!(paths(&json), [D003]);
    // --all never falls back.
    let (json, code) = corpus().search_json(&["--all", "Nordpolitik", "xyzzyquux"]);
    assert_eq!((code, json["total_documents"].as_u64()), (1, Some(0)));
}

#[test]
fn any_flag_is_an_or() {
    let (json, _) = corpus().search_json(&["--any", "Nordpolitik", "Yasukuni"]);
    assert_eq!(sorted(paths(&json)), [D003, D004]);
}

#[test]
fn phrase_and_sloppy_phrase() {
    assert_eq!(paths(&corpus().search_json(&["\"joint declaration\""]).0), [D002]);
    // The exact phrase finds the documents that say "Korea-Japan relations";
    // 001 only says "Japan–South Korea relations" (the words apart and in
    // another order), which takes slop. The exact matches are a strict
    // subset of the sloppy ones.
    let docs = |q: &str| sorted(paths(&corpus().search_json(&[q]).0));
    let exact = docs("\"Korea Japan relations\"");
    let sloppy = docs("\"Korea Japan relations\"~3");
    assert_eq!(exact, [D002, D003, D004]);
    assert_eq!(sloppy, [D001, D002, D003, D004]);
}

#[test]
fn exclusion_removes_whole_documents() {
    assert_eq!(docs_containing("Yasukuni"), [D003, D004]);
    for q in [vec!["--", "Koizumi", "-Yasukuni"], vec!["Koizumi", "NOT", "Yasukuni"]] {
        let (json, code) = corpus().search_json(&q);
        assert_eq!(code, 0, "{q:?}");
        assert_eq!(paths(&json), [D002], "{q:?}");
    }
}

#[test]
fn leading_dash_query_after_double_dash() {
    let (json, code) = corpus().search_json(&["--", "-Yasukuni", "Koizumi"]);
    assert_eq!(code, 0);
    assert_eq!(paths(&json), [D002]);
}

#[test]
fn explicit_or_and_grouping() {
    let (json, _) = corpus().search_json(&["--no-aliases", "Nordpolitik OR Ishiba"]);
    assert_eq!(
        sorted(paths(&json)),
        sorted(vec![D003.into(), D001.into(), D002.into(), D004.into()])
    );
    let (json, _) = corpus().search_json(&["--all", "--no-aliases", "(Nordpolitik OR Ishiba) Roh"]);
    assert_eq!(paths(&json), [D003]);
    for h in highlighted(&json) {
        assert!(["Nordpolitik", "Ishiba", "Roh"].contains(&h.as_str()), "{h}");
    }
}

#[test]
fn field_restrictions() {
    let (json, _) = corpus().search_json(&["path:004*", "Koizumi"]);
    assert_eq!(paths(&json), [D004]);
    let (json, _) = corpus().search_json(&["title:Partnership"]);
    assert_eq!(paths(&json), [D004]);
    let (json, _) = corpus().search_json(&["title:pragmatic", "security"]);
    assert_eq!(paths(&json), [D001]);
}

#[test]
fn prefix_matches_and_highlights() {
    let (json, _) = corpus().search_json(&["Nordpol*"]);
    assert_eq!(paths(&json), [D003]);
    assert!(highlighted(&json)
        .iter()
        .all(|h| h.to_lowercase().starts_with("nordpol")));
}

#[test]
fn fuzzy_finds_misspelled_names() {
    for q in ["Ishbia~", "Ishbia~1"] {
        let (json, code) = corpus().search_json(&["--no-aliases", q]);
        assert_eq!(code, 0, "{q}");
        assert_eq!(sorted(paths(&json)), docs_containing("Ishiba"), "{q}");
        assert!(highlighted(&json).iter().any(|h| h == "Ishiba"), "{q}");
    }
    // Distance 0 is exact: nothing.
    assert_eq!(corpus().search_json(&["Ishbia~0"]).1, 1);
}

#[test]
fn adjacent_phrase_ranks_first_for_two_words() {
    let (json, _) = corpus().search_json(&["--passages", "-n", "5", "security", "cooperation"]);
    let top = json["results"][0]["passages"][0]["snippet"]
        .as_str()
        .unwrap()
        .to_lowercase();
    assert!(top.contains("security cooperation"), "top passage: {top}");
}

#[test]
fn exact_form_outranks_stem_only() {
    // "negotiations" exactly vs only its stem: a document saying
    // "negotiations" ranks above one that only says "negotiating".
    let f = Fixture::empty();
    f.write(
        "a.txt",
        "Talks went on.\nThe negotiating team met twice in Seoul and once in Tokyo.\n",
    );
    f.write(
        "b.txt",
        "Talks went on.\nThe negotiations team met twice in Seoul and once in Tokyo.\n",
    );
    let (json, _) = f.search_json(&["negotiations"]);
    assert_eq!(paths(&json), ["b.txt", "a.txt"]);
}

#[test]
fn aliases_expand_and_show_why() {
    let (json, code) = corpus().search_json(&["Dokdo"]);
    assert_eq!(code, 0);
    assert!(paths(&json).contains(&D000.to_string()));
    let hl = highlighted(&json);
    assert!(hl.iter().any(|h| h == "Takeshima"), "{hl:?}");
    assert_eq!(json["expansions"][0]["matched"], "Dokdo");
    assert!(json["expansions"][0]["names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "Liancourt Rocks"));
    let out = corpus().run(&["search", "--explain", "Dokdo"]);
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("Dokdo → Takeshima | Dokdo | Liancourt Rocks"),
        "{stderr}"
    );
    // --no-aliases and --aliases FILE override the default file.
    let (json, _) = corpus().search_json(&["--no-aliases", "Liancourt"]);
    assert_eq!(json["total_documents"], 0);
    let file = corpus().dir.path().join("my-aliases.txt");
    std::fs::write(&file, "Liancourt | Obuchi\n").unwrap();
    let (json, _) = corpus().search_json(&["--aliases", file.to_str().unwrap(), "Liancourt"]);
    assert!(json["total_documents"].as_u64().unwrap() > 0);
}

#[test]
fn suggests_closest_terms_when_nothing_matches() {
    let out = corpus().run(&["search", "--no-aliases", "Ishbia"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("did you mean ishiba"), "{}", text(&out).1);
    let (json, _) = corpus().search_json(&["--no-aliases", "Ishbia"]);
    assert_eq!(json["suggestions"][0]["word"], "Ishbia");
    assert_eq!(json["suggestions"][0]["terms"][0], "ishiba");
    // Words the corpus holds are not typos: a phrase of them that matches
    // nowhere suggests nothing, and a typo beside one is still caught.
    let (json, _) = corpus().search_json(&["--no-aliases", "\"Nordpolitik Ishiba\""]);
    assert_eq!(json["total_documents"], 0);
    assert_eq!(json["suggestions"], serde_json::json!([]));
    let (json, _) = corpus().search_json(&["--no-aliases", "\"Nordpolitik Ishbia\""]);
    assert_eq!(json["suggestions"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["suggestions"][0]["word"], "Ishbia");
}

#[test]
fn paging_with_limit_and_offset() {
    let (all, _) = corpus().search_json(&["--limit", "10", "Japan"]);
    let all = paths(&all);
    assert!(all.len() >= 4);
    let (page, _) = corpus().search_json(&["--limit", "2", "--offset", "1", "Japan"]);
    assert_eq!(paths(&page), all[1..3]);
    assert_eq!(page["results"][0]["rank"], 2);
}

#[test]
fn snippets_are_short_clean_and_non_overlapping() {
    let (json, _) = corpus().search_json(&["--context", "120", "Japan"]);
    for r in json["results"].as_array().unwrap() {
        let ps = r["passages"].as_array().unwrap();
        assert!(ps.len() <= 3);
        let mut lines: Vec<u64> = ps.iter().map(|p| p["line"].as_u64().unwrap()).collect();
        lines.dedup();
        assert_eq!(lines.len(), ps.len(), "two snippets on one spot: {ps:?}");
        for p in ps {
            let s = p["snippet"].as_str().unwrap();
            assert!(s.chars().count() <= 160, "{s}");
            assert!(!s.contains("  ") && !s.contains('\n'), "{s:?}");
        }
    }
}

#[test]
fn explain_shows_parse_and_scoring() {
    let (json, _) = corpus().search_json(&["--explain", "Kim Dae-jung"]);
    let ex = &json["explain"];
    assert!(ex["parsed"].as_str().unwrap().contains("Dae-jung"));
    assert!(
        ex["analyzed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().contains("dae jung")),
        "{ex}"
    );
    assert!(ex["top_hit"].is_object(), "{ex}");
}

#[test]
fn malformed_queries_exit_2_with_a_column() {
    let cases: &[(&[&str], &str)] = &[
        (&["search", "\"joint declaration"], "column 1: unbalanced quote"),
        (&["search", "(Takeshima OR Dokdo"], "column 1: unbalanced '('"),
        (&["search", "Takeshima)"], "column 10: unbalanced ')'"),
        (&["search", "author:Lee"], "column 1: unknown field `author`"),
        (&["search", ""], "empty query"),
        (&["search", "--", "-Yasukuni"], "only excludes"),
        (&["search", "Ishbia~5"], "fuzzy distance"),
    ];
    for (args, want) in cases {
        let err = error_of(args);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let long = "a".repeat(5000);
    assert!(error_of(&["search", &long]).contains("longer than 4096 bytes"));
    let many: Vec<String> = (0..70).map(|i| format!("w{i}")).collect();
    let mut args = vec!["search"];
    args.extend(many.iter().map(String::as_str));
    assert!(error_of(&args).contains("too many clauses"));
}

#[test]
fn snippets_never_carry_terminal_escapes() {
    let f = Fixture::empty();
    f.write(
        "evil.txt",
        // Regression: a bidi override in the first line reached JSON `title` raw.
        "Evil \u{202e}title\u{1b}[31m\nThe \u{1b}[2J\u{1b}]0;pwned\u{7}word Satō \u{202e}reversed\u{202c} here.\n",
    );
    for color in ["never", "always"] {
        let out = f.run(&["--color", color, "search", "sato"]);
        let (stdout, _) = text(&out);
        assert!(
            !stdout.contains("\u{1b}[2J") && !stdout.contains("\u{1b}]0") && !stdout.contains('\u{202e}'),
            "{stdout:?}"
        );
    }
    let (json, _) = f.search_json(&["sato"]);
    let title = json["results"][0]["title"].as_str().unwrap();
    assert!(!title.chars().any(|c| c.is_control() || c == '\u{202e}'), "{title:?}");
    let s = json["results"][0]["passages"][0]["snippet"].as_str().unwrap();
    assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
}

//! End-to-end: the workspace issue's promises, on a copy of the default corpus.

use crate::util::{highlighted, paths, text, Fixture};

#[test]
fn nordpolitik_finds_only_003_with_highlight_and_line() {
    let f = Fixture::default_corpus();
    let (json, code) = f.search_json(&["Nordpolitik"]);
    assert_eq!(code, 0);
    assert_eq!(paths(&json), ["003_0771a4b52a2fefa6.txt"]);
    assert_eq!(json["total_documents"], 1);
    let hl = highlighted(&json);
    assert!(!hl.is_empty() && hl.iter().all(|h| h == "Nordpolitik"), "{hl:?}");
    // Every reported line really holds the highlighted word.
    let doc = std::fs::read_to_string(f.corpus.join("003_0771a4b52a2fefa6.txt")).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    for p in json["results"][0]["passages"].as_array().unwrap() {
        let line = p["line"].as_u64().unwrap() as usize;
        assert!(
            lines[line - 1].contains("Nordpolitik"),
            "line {line}: {:?}",
            lines[line - 1]
        );
        assert!(p["line_start"].as_u64().unwrap() <= line as u64 && line as u64 <= p["line_end"].as_u64().unwrap());
    }
}

#[test]
fn json_has_the_documented_fields() {
    let f = Fixture::default_corpus();
    let (json, _) = f.search_json(&["Kim Dae-jung"]);
    for k in [
        "query",
        "total_documents",
        "fallback",
        "expansions",
        "suggestions",
        "results",
    ] {
        assert!(json.get(k).is_some(), "missing {k}");
    }
    let r = &json["results"][0];
    for k in ["path", "title", "score", "passages"] {
        assert!(r.get(k).is_some(), "missing results[].{k}");
    }
    let p = &r["passages"][0];
    for k in ["line_start", "line_end", "line", "byte", "snippet", "highlights"] {
        assert!(p.get(k).is_some(), "missing passages[].{k}");
    }
    // `byte` and `line` locate the first highlighted word in the file
    // (the corpus is UTF-8 with \n line ends).
    let file = std::fs::read(f.corpus.join(r["path"].as_str().unwrap())).unwrap();
    for p in r["passages"].as_array().unwrap() {
        let at = p["byte"].as_u64().unwrap() as usize;
        assert!(
            file[at..].starts_with(b"Kim"),
            "{:?}",
            String::from_utf8_lossy(&file[at..at + 20])
        );
        let line = 1 + file[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        assert_eq!(p["line"], line);
    }
    let scores: Vec<f64> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "not sorted: {scores:?}");
}

#[test]
fn no_match_exits_1() {
    let f = Fixture::default_corpus();
    let out = f.run(&["search", "xyzzyquux"]);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, _) = text(&out);
    assert!(stdout.trim().is_empty());
}

#[test]
fn missing_index_is_built_on_first_search() {
    let f = Fixture::default_corpus();
    assert!(!f.index.exists());
    let out = f.run(&["search", "Satō"]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert!(f.index.join("meta.json").is_file());
    let (stdout, stderr) = text(&out);
    assert!(stderr.contains("indexed 5 documents"), "{stderr}");
    assert!(stdout.contains("003_0771a4b52a2fefa6.txt:"), "{stdout}");
}

#[test]
fn piped_output_has_no_escape_codes_and_shows_path_line() {
    let f = Fixture::default_corpus();
    let out = f.run(&["search", "Nordpolitik"]);
    let (stdout, _) = text(&out);
    assert!(!stdout.contains('\u{1b}'));
    let first = stdout
        .lines()
        .find(|l| l.starts_with("003_0771a4b52a2fefa6.txt:"))
        .unwrap();
    let line: usize = first.split(':').nth(1).unwrap().parse().unwrap();
    let doc = std::fs::read_to_string(f.corpus.join("003_0771a4b52a2fefa6.txt")).unwrap();
    assert!(doc.lines().nth(line - 1).unwrap().contains("Nordpolitik"));
    let colored = f.run(&["--color", "always", "search", "Nordpolitik"]);
    assert!(text(&colored).0.contains("\u{1b}[1;31mNordpolitik\u{1b}[0m"));
}

#[test]
fn bad_corpus_is_an_error_with_exit_2() {
    let f = Fixture::empty();
    let out = std::process::Command::new(crate::util::bin())
        .args(["--corpus", "/nonexistent/sagasu-corpus", "--index"])
        .arg(&f.index)
        .args(["search", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    let err = stderr
        .lines()
        .find(|l| l.starts_with("sagasu: error:"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        err.contains("/nonexistent/sagasu-corpus") && err.contains("--corpus DIR or SAGASU_CORPUS"),
        "{err}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn env_vars_point_at_index_and_corpus() {
    let f = Fixture::default_corpus();
    let out = std::process::Command::new(crate::util::bin())
        .env("SAGASU_CORPUS", &f.corpus)
        .env("SAGASU_INDEX", &f.index)
        .args(["search", "--json", "Nordpolitik"])
        .current_dir(f.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(f.index.join("meta.json").is_file());
}

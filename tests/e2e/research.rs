//! End-to-end: research workflows (issue 19) on the shared default corpus:
//! every occurrence with its place, counts, and the outputs built on them.

use std::collections::BTreeMap;
use std::process::Command;

use crate::util::{paths, shared_corpus, text, Fixture};

/// `(path, line, column)` of each `--every` text line (`path:line:column: …`).
fn places(stdout: &str) -> Vec<(String, u64, u64)> {
    stdout
        .lines()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let mut next = || parts.next().unwrap_or_else(|| panic!("not path:line:column: {l:?}"));
            let path = next().to_string();
            let line = next().parse().unwrap_or_else(|_| panic!("no line in {l:?}"));
            let column = next().parse().unwrap_or_else(|_| panic!("no column in {l:?}"));
            (path, line, column)
        })
        .collect()
}

/// The oracle: each case-insensitive `summit` or `summits` that stands as a
/// word (what sagasu's stemming matches), and a `sum-` that ends a line and
/// continues with `mit` (a hyphenated line break, which grep misses), as
/// `(line, 1-based byte column)`.
fn summits_in(text: &str) -> Vec<(u64, u64)> {
    let lines: Vec<String> = text.split('\n').map(|l| l.to_ascii_lowercase()).collect();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for (at, _) in line.match_indices("sum") {
            let before = line[..at].chars().next_back();
            let rest = &line[at..];
            let whole = ["summits", "summit"]
                .iter()
                .any(|w| rest.starts_with(w) && !word(rest[w.len()..].chars().next()));
            let hyphenated = rest == "sum-" && lines.get(i + 1).is_some_and(|n| n.starts_with("mit"));
            if !word(before) && (whole || hyphenated) {
                out.push((i as u64 + 1, at as u64 + 1));
            }
        }
    }
    out
}

#[test]
fn every_summit_lists_each_occurrence_grep_finds_and_the_hyphenated_one() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "summit"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let listed = places(&stdout);

    // Every line `grep -inw summit` prints is listed.
    let grep = Command::new("grep")
        .args(["-inw", "summit"])
        .args(std::fs::read_dir(&f.corpus).unwrap().map(|e| e.unwrap().file_name()))
        .current_dir(&f.corpus)
        .output()
        .expect("run grep");
    let grep = String::from_utf8(grep.stdout).unwrap();
    assert!(grep.lines().count() >= 20, "{grep}");
    for l in grep.lines() {
        let mut parts = l.splitn(3, ':');
        let (path, line) = (parts.next().unwrap(), parts.next().unwrap().parse::<u64>().unwrap());
        assert!(
            listed.iter().any(|(p, n, _)| p == path && *n == line),
            "grep found {path}:{line}, --every did not:\n{stdout}"
        );
    }

    // Exactly the oracle's occurrences, each once, in text order per document.
    let mut expected = 0;
    let mut by_doc: BTreeMap<&str, Vec<(u64, u64)>> = BTreeMap::new();
    for (p, line, col) in &listed {
        by_doc.entry(p).or_default().push((*line, *col));
    }
    for entry in std::fs::read_dir(&f.corpus).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".txt") {
            continue;
        }
        let want = summits_in(&std::fs::read_to_string(f.corpus.join(&name)).unwrap());
        expected += want.len();
        assert_eq!(by_doc.remove(name.as_str()).unwrap_or_default(), want, "{name}");
    }
    assert!(by_doc.is_empty(), "{by_doc:?}");
    assert_eq!(listed.len(), expected);
    // The hyphenated "sum-\nmit" that grep misses.
    assert!(
        listed.contains(&("004_674ccde8731c1fbd.txt".into(), 302, 104)),
        "{stdout}"
    );
    assert!(
        stdout.contains("004_674ccde8731c1fbd.txt:302:104: …of the impact of an FTA on the economy. In the sum- mit meeting, Tokyo asked Seoul to agree to start…"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("{expected} occurrences in 4 documents")),
        "{stderr}"
    );

    // Documents in rank order: the order of the ranked search.
    let mut order: Vec<&str> = Vec::new();
    for (p, _, _) in &listed {
        if order.last() != Some(&p.as_str()) {
            order.push(p);
        }
    }
    let (json, _) = f.search_json(&["summit", "--limit", "100"]);
    assert_eq!(order, paths(&json));
}

#[test]
fn every_json_is_one_object_per_occurrence_with_its_place() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "--json", "summit"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let objects: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (text_out, _) = text(&f.run(&["search", "--every", "summit"]));
    assert_eq!(objects.len(), places(&text_out).len());
    let doc = std::fs::read_to_string(f.corpus.join("004_674ccde8731c1fbd.txt")).unwrap();
    let hyphen = objects
        .iter()
        .find(|o| o["path"] == "004_674ccde8731c1fbd.txt" && o["line"] == 302)
        .expect("the hyphenated summit");
    assert_eq!(hyphen["match"], "sum-\nmit");
    assert_eq!(hyphen["column"], 104);
    assert_eq!(hyphen["page"], serde_json::Value::Null);
    let byte = hyphen["byte"].as_u64().unwrap() as usize;
    assert_eq!(&doc[byte..byte + 8], "sum-\nmit");
    assert_eq!(hyphen["before"], "of the impact of an FTA on the economy. In the ");
    assert_eq!(hyphen["after"], " meeting, Tokyo asked Seoul to agree to start");
    for o in &objects {
        for key in [
            "rank", "path", "line", "column", "byte", "page", "match", "before", "after",
        ] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
}

#[test]
fn count_agrees_with_every() {
    let f = shared_corpus();
    let (every, _) = text(&f.run(&["search", "--every", "summit"]));
    let mut want: Vec<(String, usize)> = Vec::new();
    for (p, _, _) in places(&every) {
        match want.last_mut() {
            Some((last, n)) if *last == p => *n += 1,
            _ => want.push((p, 1)),
        }
    }
    let out = f.run(&["search", "--count", "summit"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    let got: Vec<(String, usize)> = stdout
        .lines()
        .map(|l| {
            let (p, n) = l.rsplit_once(':').unwrap();
            (p.to_string(), n.parse().unwrap())
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_phrase_is_listed_as_the_phrase_never_its_words() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "--json", "\"joint declaration\""]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let matches: Vec<(String, String)> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|o| (o["path"].as_str().unwrap().into(), o["match"].as_str().unwrap().into()))
        .collect();
    // grep -ci "joint declaration": two lines of 002, and the phrase never
    // breaks across a line there.
    let want = ("002_cfdbf63cab07ae4d.txt".to_string(), "joint declaration".to_string());
    assert_eq!(matches, [want.clone(), want]);
}

#[test]
fn nothing_found_exits_1() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "xylophonist"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

/// A file changed since the last pass is listed as it is now: its old
/// passages are never read with the new ones.
#[test]
fn every_reads_a_changed_file_as_it_is_now() {
    let f = Fixture::empty();
    let file = f.corpus.join("notes.txt");
    std::fs::write(&file, "the kernel was old\n").unwrap();
    std::fs::write(f.corpus.join("other.txt"), "nothing to see\n").unwrap();
    // One indexing thread: both files in one segment, so the old passages
    // of notes.txt stay in a live segment, deleted, after the second pass
    // (with two threads its segment could be dropped whole, and a reader
    // that ignored deletes would pass).
    f.index(&["--threads", "1"]);
    std::fs::write(&file, "a new first line\nthe kernel is new\n").unwrap();
    f.index(&["--threads", "1"]);
    let (stdout, _) = text(&f.run(&["search", "--every", "kernel"]));
    assert_eq!(stdout, "notes.txt:2:5: the kernel is new\n");
}

#[test]
fn every_gives_the_page_of_each_pdf_occurrence() {
    if !crate::documents::have_pdftotext() {
        return;
    }
    let f = crate::documents::corpus_of(&["paged.pdf"]);
    for (query, page, matched) in [
        ("zeppelin", 2, "zeppelin"),
        ("Yasukuni", 2, "Yasu-\nkuni"),
        ("quokka", 3, "quokka"),
        ("aardvark", 1, "aardvark"),
    ] {
        let out = f.run(&["search", "--every", "--json", query]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{query}: {stderr}");
        let objects: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert!(!objects.is_empty(), "{query}");
        for o in &objects {
            assert_eq!(o["page"], page, "{query}: {o}");
            assert_eq!(
                o["match"].as_str().unwrap().to_lowercase(),
                matched.to_lowercase(),
                "{o}"
            );
        }
        // Text output names the page as a viewer opens it.
        let (stdout, _) = text(&f.run(&["search", "--every", query]));
        assert!(stdout.starts_with(&format!("paged.pdf#page={page}: ")), "{stdout}");
    }
}

#[test]
fn context_lines_are_greps() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "-C", "2", "summit"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // 001 has only whole-word summits, so grep -C 2 is the oracle there.
    let name = "001_4e13fa1f4c8f1c99.txt";
    let ours: Vec<String> = stdout
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(name)?;
            Some(if let Some(context) = rest.strip_prefix('-') {
                context.to_string()
            } else {
                // `:line:column:text` → `line:text`
                let mut parts = rest[1..].splitn(3, ':');
                let (line, _column, text) = (parts.next()?, parts.next()?, parts.next()?);
                format!("{line}:{text}")
            })
        })
        .collect();
    let grep = Command::new("grep")
        .args(["-n", "-i", "-w", "-C", "2", "summit", name])
        .current_dir(&f.corpus)
        .output()
        .expect("run grep");
    let grep = String::from_utf8(grep.stdout).unwrap();
    let want: Vec<&str> = grep.lines().filter(|l| *l != "--").collect();
    assert_eq!(ours, want);
    // Groups that do not touch are separated as grep separates them.
    assert!(stdout.lines().any(|l| l == "--"));
    assert!(!stdout.starts_with("--"));
}

/// With feedback (the default since issue 28) the best passage of line 359
/// is the one that ends there: its snippet lacked line 360 while the lines
/// were cut from the passage alone, not from the document.
#[test]
fn ranked_snippets_of_context_lines_hold_those_lines() {
    let f = shared_corpus();
    let (json, code) = f.search_json(&["-C", "1", "Nordpolitik"]);
    assert_eq!(code, 0);
    let doc = std::fs::read_to_string(f.corpus.join("003_0771a4b52a2fefa6.txt")).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let passages = json["results"][0]["passages"].as_array().unwrap();
    assert!(!passages.is_empty());
    for p in passages {
        let n = p["line"].as_u64().unwrap() as usize;
        let want = squash(&lines[n - 2..=n].join("\n"));
        let got = p["snippet"].as_str().unwrap().trim_matches('…');
        assert_eq!(squash(got), want, "line {n}");
    }
}

/// Rows of CSV as Python's csv module reads them (JSON out).
fn python_csv(csv: &[u8]) -> Vec<Vec<String>> {
    use std::io::Write;
    let mut py = Command::new("python3")
        .args([
            "-c",
            "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the issue's CSV oracle)");
    py.stdin.take().unwrap().write_all(csv).unwrap();
    let out = py.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn csv_has_a_header_and_one_row_per_result() {
    let f = shared_corpus();
    let (json, _) = f.search_json(&["summit"]);
    let shown: usize = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["passages"].as_array().unwrap().len())
        .sum();
    let out = f.run(&["search", "--format", "csv", "summit"]);
    assert_eq!(out.status.code(), Some(0));
    let rows = python_csv(&out.stdout);
    assert_eq!(rows[0], ["rank", "path", "title", "line", "page", "score", "snippet"]);
    assert_eq!(rows.len(), 1 + shown);
    let first = &json["results"][0];
    assert_eq!(rows[1][1], first["path"].as_str().unwrap());
    assert_eq!(rows[1][2], first["title"].as_str().unwrap());
    assert_eq!(rows[1][3], first["passages"][0]["line"].to_string());
    assert_eq!(rows[1][6], first["passages"][0]["snippet"].as_str().unwrap());

    // --every: one row per occurrence.
    let (every, _) = text(&f.run(&["search", "--every", "summit"]));
    let out = f.run(&["search", "--every", "--format", "csv", "summit"]);
    let rows = python_csv(&out.stdout);
    assert_eq!(rows[0][..5], ["rank", "path", "title", "line", "column"]);
    assert_eq!(rows.len(), 1 + places(&every).len());
    let is_summit = |m: &str| ["summit", "summits", "sum- mit"].contains(&m.to_lowercase().as_str());
    assert!(rows[1..].iter().all(|r| r.len() == 9 && is_summit(&r[7])), "{rows:?}");
}

#[test]
fn markdown_is_a_table_with_one_row_per_occurrence() {
    let f = shared_corpus();
    let out = f.run(&["search", "--every", "--format", "markdown", "summit"]);
    let (stdout, _) = text(&out);
    let (every, _) = text(&f.run(&["search", "--every", "summit"]));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2 + places(&every).len());
    assert_eq!(lines[1], "| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    // Every row has as many cells as the header: no unescaped `|`.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("| ") && l.ends_with(" |") && cells(l) == 10),
        "{stdout}"
    );
}

#[test]
fn vimgrep_lines_open_at_the_match() {
    let f = shared_corpus();
    let out = f
        .cmd()
        .args(["search", "--every", "--format", "vimgrep", "summit"])
        .current_dir(f.corpus.parent().unwrap())
        .output()
        .unwrap();
    let (stdout, _) = text(&out);
    assert!(stdout.lines().count() >= 28);
    for l in stdout.lines() {
        let mut parts = l.splitn(4, ':');
        let (path, line, column) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        // The path opens from the current directory.
        let file = std::fs::read_to_string(f.corpus.parent().unwrap().join(path)).unwrap();
        let line_text = file.lines().nth(line.parse::<usize>().unwrap() - 1).unwrap();
        let at = &line_text.as_bytes()[column.parse::<usize>().unwrap() - 1..];
        assert!(at.to_ascii_lowercase().starts_with(b"sum"), "{l}");
    }
}

#[test]
fn within_document_finds_documents_with_each_word_in_some_passage() {
    let f = shared_corpus();
    // No passage has both words.
    let (_, code) = f.search_json(&["--all", "Obuchi", "Yasukuni"]);
    assert_eq!(code, 1);
    let (json, code) = f.search_json(&["--within", "document", "--all", "Obuchi", "Yasukuni"]);
    assert_eq!(code, 0);
    let mut found = paths(&json);
    found.sort();
    assert_eq!(found, ["003_0771a4b52a2fefa6.txt", "004_674ccde8731c1fbd.txt"]);
    assert_eq!(json["total_documents"], 2);
    // Each result shows the best passage of each word.
    for r in json["results"].as_array().unwrap() {
        let words: Vec<String> = crate::util::highlighted(&serde_json::json!({ "results": [r] }));
        for w in ["Obuchi", "Yasukuni"] {
            assert!(
                words.iter().any(|h| h == w),
                "{w} not shown for {}: {words:?}",
                r["path"]
            );
        }
    }
}

/// Occurrences `--count` finds for `word` (names only as spelled), summed.
fn counted(f: &crate::util::Fixture, word: &str) -> usize {
    let (stdout, _) = text(&f.run(&["search", "--count", "--no-romanization", word]));
    stdout
        .lines()
        .map(|l| l.rsplit_once(':').unwrap().1.parse::<usize>().unwrap())
        .sum()
}

#[test]
fn terms_lists_the_spellings_the_corpus_holds_with_their_counts() {
    let f = shared_corpus();
    let out = f.run(&["terms", "--json", "ch*ng*"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let terms = json["terms"].as_array().unwrap();
    let get = |t: &str| {
        terms
            .iter()
            .find(|x| x["term"] == t)
            .unwrap_or_else(|| panic!("{t}: {json}"))
    };
    let chongwadae = get("chongwadae");
    assert_eq!(chongwadae["documents"], 1);
    assert_eq!(
        chongwadae["occurrences"].as_u64().unwrap() as usize,
        counted(f, "chongwadae")
    );
    assert!(terms.iter().all(|t| {
        let t = t["term"].as_str().unwrap();
        t.starts_with("ch") && t[2..].contains("ng")
    }));
    // Most frequent first.
    let occurrences: Vec<u64> = terms.iter().map(|t| t["occurrences"].as_u64().unwrap()).collect();
    assert!(occurrences.windows(2).all(|w| w[0] >= w[1]), "{occurrences:?}");

    // Chosŏn is indexed folded, as `choson`.
    let out = f.run(&["terms", "--json", "Chosŏn"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let choson = &json["terms"][0];
    assert_eq!(choson["term"], "choson");
    assert!(choson["occurrences"].as_u64().unwrap() >= 1);
    assert_eq!(choson["occurrences"].as_u64().unwrap() as usize, counted(f, "choson"));

    let out = f.run(&["terms", "xqzzy"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn path_globs_filter_every_kind_of_search_and_never_fall_back() {
    let f = shared_corpus();
    let (all, _) = text(&f.run(&["search", "--count", "summit"]));
    let (only, _) = text(&f.run(&[
        "search",
        "--count",
        "summit",
        "--path",
        "003*",
        "--path",
        "001_4e13fa1f4c8f1c99.txt",
    ]));
    let want: Vec<&str> = all
        .lines()
        .filter(|l| l.starts_with("003_") || l.starts_with("001_"))
        .collect();
    assert_eq!(only.lines().collect::<Vec<_>>(), want);
    // `path:` in the query means the same.
    let (typed, _) = text(&f.run(&["search", "--every", "summit path:003*"]));
    let (option, _) = text(&f.run(&["search", "--every", "summit", "--path", "003*"]));
    assert_eq!(typed, option);
    assert!(!option.is_empty());
    // Nordpolitik is only in 003: restricted to 004, nothing, not a fallback.
    let (json, code) = f.search_json(&["--path", "004*", "Nordpolitik"]);
    assert_eq!(code, 1, "{json}");
    let (json, _) = f.search_json(&["--path", "004*", "Nordpolitik", "Obuchi"]);
    assert_eq!(paths(&json), ["004_674ccde8731c1fbd.txt"]);
    let (json, _) = f.search_json(&["--path", "004*", "--within", "document", "Obuchi", "Yasukuni"]);
    assert_eq!(paths(&json), ["004_674ccde8731c1fbd.txt"]);
}

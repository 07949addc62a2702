//! Golden table of the query translation (`sagasu_quickwit::translate`):
//! the analyzed query of sagasu's language in Quickwit's (tantivy's
//! grammar) over the exported token fields; and every translation of the
//! benchmark queries parses with tantivy's query grammar.
#![allow(unused_crate_dependencies)]

use sagasu_quickwit::translate::{translate, translate_clause};
use sagasu_searcher::query::{analyze_with, parse, Conjunction};
use sagasu_searcher::Aliases;

fn tr(q: &str, conjunction: Conjunction) -> String {
    let analyzed = analyze_with(&parse(q).unwrap(), &Aliases::default(), true).unwrap();
    translate(&analyzed, conjunction).unwrap()
}

/// One row: the query, its translation, and which rule is probably wrong
/// when it fails.
struct Row {
    query: &'static str,
    conjunction: Conjunction,
    quickwit: &'static str,
    help: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        query: "negotiations",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(body:"negotiations"^0.05 body_stem:"negoti"^1) title_tokens:"negotiations"^0.05)"#,
        help: "a word: exact form at 0.05, stem at 1; the title boost",
    },
    Row {
        query: "security cooperation",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(+(body:"security"^0.05 body_stem:"secur"^1) +(body:"cooperation"^0.05 body_stem:"cooper"^1)) (title_tokens:"security" title_tokens:"cooperation")^0.05 body_stem:"secur cooper"~4^0.8)"#,
        help: "juxtaposed words: all required; the proximity boost over the stems",
    },
    Row {
        query: "security cooperation",
        conjunction: Conjunction::Any,
        quickwit: r#"(+((body:"security"^0.05 body_stem:"secur"^1) (body:"cooperation"^0.05 body_stem:"cooper"^1)) (title_tokens:"security" title_tokens:"cooperation")^0.05 body_stem:"secur cooper"~4^0.8)"#,
        help: "--any (and the fallback): juxtaposed words optional",
    },
    Row {
        query: "\"joint declaration\"~2",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(body:"joint declaration"~2^0.05 body_stem:"joint declar"~2^1) (title_tokens:"joint" title_tokens:"declaration")^0.05)"#,
        help: "a phrase keeps its slop in both fields",
    },
    Row {
        query: "security -Yasukuni",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(body:"security"^0.05 body_stem:"secur"^1) title_tokens:"security"^0.05)"#,
        help: "a top-level exclusion is not in the query: it removes documents (translate_clause)",
    },
    Row {
        query: "(Dokdo OR -japan) Lee",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(+((body:"dokdo"^1.05 body_key:"tokto"^1) (+*^0 -(body:"japan"^0.05 body_stem:"japan"^1))) +(body:"lee"^1.05 body_key:"yi"^1)) (title_tokens:"dokdo" title_tokens:"lee")^0.05 body_stem:"dokdo lee"~4^0.8)"#,
        help: "an OR alternative NOT: every passage except, scoring nothing; a name as spelled or by its key",
    },
    Row {
        query: "+bilateral +alliance",
        conjunction: Conjunction::Any,
        quickwit: r#"(+(+(body:"bilateral"^0.05 body_stem:"bilater"^1) +(body:"alliance"^0.05 body_stem:"allianc"^1)) (title_tokens:"bilateral" title_tokens:"alliance")^0.05 body_stem:"bilater allianc"~4^0.8)"#,
        help: "an explicit AND stays required under --any",
    },
    Row {
        query: "Nordpol*",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+body:/nordpol.*/)"#,
        help: "a prefix: a regular expression over the exact forms",
    },
    Row {
        query: "Ishbia~1",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+body:/(?:i(?:h(?:bia|sbia)|s(?:b(?:hia|ia)|h(?:b(?:a(?:i)?|..."#,
        help: "a fuzzy word: the trie of its edits as one regular expression (an edit is any ASCII character)",
    },
    Row {
        query: "path:004* title:summit",
        conjunction: Conjunction::Any,
        quickwit: r#"(+(+path:/004.*/ +title_tokens:"summit"))"#,
        help: "restrictions stay required under --any; a path glob is a regular expression",
    },
    Row {
        query: "path:docs/a.txt",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+path:/docs\/a\.txt(\/.*)?/)"#,
        help: "a path without `*`: the path or the folder; `/` escaped for the grammar",
    },
    Row {
        query: "日本",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(body:"日本"^0.05 body_stem:"日本"^1) title_tokens:"日本"^0.05)"#,
        help: "a CJK word: its bigram",
    },
    Row {
        query: "Kim Dae-jung",
        conjunction: Conjunction::Auto,
        quickwit: r#"(+(+(body:"kim"^1.05 body_key:"kim"^1) +(body:"dae jung"^1.05 body_key:"taecunk"^1)) (title_tokens:"kim" title_tokens:"dae" title_tokens:"jung")^0.05 body_stem:"kim dae jung"~4^0.8)"#,
        help: "names: as spelled (no stem) or by their key; the words as typed in the boosts",
    },
];

#[test]
fn golden_rows() {
    for row in ROWS {
        let got = tr(row.query, row.conjunction);
        if let Some(prefix) = row.quickwit.strip_suffix("...") {
            assert!(
                got.starts_with(prefix.trim_end_matches('|')),
                "\nquery: {}\ngot: {got}\nhelp: {}",
                row.query,
                row.help
            );
            continue;
        }
        assert_eq!(got, row.quickwit, "\nquery: {}\nhelp: {}", row.query, row.help);
        assert!(
            tantivy_query_grammar::parse_query(&got).is_ok(),
            "does not parse: {got}"
        );
    }
}

/// Exclusions are translated alone, to list the documents they match.
#[test]
fn exclusions_alone() {
    let analyzed = analyze_with(
        &parse("security -Yasukuni -(-japan)").unwrap(),
        &Aliases::default(),
        true,
    )
    .unwrap();
    let got: Vec<String> = analyzed
        .exclusions
        .iter()
        .map(|c| translate_clause(c, Conjunction::Auto).unwrap())
        .collect();
    assert_eq!(
        got,
        [
            r#"(body:"yasukuni"^1.05 body_key:"yasukuni"^1)"#,
            r#"(+*^0 -(body:"japan"^0.05 body_stem:"japan"^1))"#
        ]
    );
}

/// The same clause reached twice (an alias group from two of its names)
/// scores twice locally; tantivy's grammar drops a repeated clause of a
/// group, so it is written once with a boost of 2.
#[test]
fn repeated_clauses_keep_their_weight() {
    let aliases = Aliases::parse("Takeshima | Dokdo", "aliases.txt").unwrap();
    let analyzed = analyze_with(&parse("(Takeshima OR Dokdo) Lee").unwrap(), &aliases, false).unwrap();
    let got = translate(&analyzed, Conjunction::Auto).unwrap();
    assert!(got.starts_with("(+(+(((body:\"takeshima\"^0.05"), "{got}");
    assert!(got.contains(")^2 +"), "the repeated group is boosted by 2: {got}");
    assert!(tantivy_query_grammar::parse_query(&got).is_ok(), "{got}");
}

/// Every benchmark query (search-benchmark-game's AOL queries, the
/// mixed-script and speed sets), in every conjunction, translates to a
/// query tantivy's grammar parses.
#[test]
fn every_benchmark_query_translates_to_a_parsable_query() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/queries");
    let mut queries: Vec<String> = Vec::new();
    for line in std::fs::read_to_string(dir.join("aol-queries.jsonl")).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        queries.push(v["query"].as_str().unwrap().to_string());
    }
    for file in ["mixed-script.tsv", "speed.tsv"] {
        for line in std::fs::read_to_string(dir.join(file)).unwrap().lines() {
            if let Some((_, q)) = line.split_once('\t').filter(|_| !line.starts_with('#')) {
                queries.push(q.to_string());
            }
        }
    }
    assert!(queries.len() > 1000, "{}", queries.len());
    let mut translated = 0;
    for q in &queries {
        // Queries sagasu refuses (a query that only excludes) are not sent.
        let Ok(analyzed) = parse(q).and_then(|node| analyze_with(&node, &Aliases::default(), true)) else {
            continue;
        };
        for c in [Conjunction::Auto, Conjunction::Any, Conjunction::All] {
            let got = translate(&analyzed, c).unwrap();
            assert!(tantivy_query_grammar::parse_query(&got).is_ok(), "{q:?} → {got}");
            for ex in &analyzed.exclusions {
                let got = translate_clause(ex, c).unwrap();
                assert!(tantivy_query_grammar::parse_query(&got).is_ok(), "{q:?} → {got}");
            }
            translated += 1;
        }
    }
    assert!(translated > 2500, "{translated}");
}

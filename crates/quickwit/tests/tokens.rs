//! Golden table of the token fields a passage travels to Quickwit with
//! (`sagasu_quickwit::tokens`), and the property that makes them the local
//! index's: every index-mode token of `analyze()` is in `body` as often as
//! the local field holds it, `body` starts with the query-mode tokens in
//! order, `body_stem` is their stems, and `body_key` holds every name key.
#![allow(unused_crate_dependencies)]

use std::collections::{BTreeMap, BTreeSet};

use sagasu_analysis::romanize::name_keys;
use sagasu_analysis::{analyze, stem, Mode};
use sagasu_quickwit::tokens::{title_tokens, token_fields, FILLER};

/// One row: the text, its `body`, `body_stem` and `body_key`, and which
/// rule is probably wrong when the row fails.
struct Row {
    text: &'static str,
    body: &'static str,
    stem: &'static str,
    key: &'static str,
    help: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        text: "Kim Dae-jung met negotiators",
        body: "kim dae jung met negotiators daejung",
        stem: "kim dae jung met negoti daejung",
        key: "kim tae cunk _ kim taecunk",
        help: "a hyphen compound: its parts in place, the joined form after the last token; \
               the joined key between the keys around it",
    },
    Row {
        text: "Kim Dae Jung",
        body: "kim dae jung",
        stem: "kim dae jung",
        key: "kim tae cunk _ kimtae cunk _ kim taecunk",
        help: "two one-syllable given names get a joined key (stacked locally), with its neighbours",
    },
    Row {
        text: "the coup d’état of Jun’ichirō",
        body: "the coup detat of junichiro etat ichiro",
        stem: "the coup detat of junichiro etat ichiro",
        key: "cuniciro _ iciro",
        help: "the word after an apostrophe is stacked locally: it goes after the last token",
    },
    Row {
        text: "日本語の 독도",
        body: "日本 本语 语の 독도 日 本 语 の 독 도",
        stem: "日本 本语 语の 독도 日 本 语 の 독 도",
        key: "tokto",
        help: "CJK: the bigrams a query makes in place, the unigrams (stacked locally) after; 語 folds to 语",
    },
    Row {
        text: "restric-\ntions on U.S. trade",
        body: "restric tions on us trade restrictions",
        stem: "restric tion on us trade restrict",
        key: "",
        help: "a word split at a line end: parts in place, the joined word after",
    },
    Row {
        text: "Chosŏn and Joseon, far apart from Pak",
        body: "choson and joseon far apart from pak",
        stem: "choson and joseon far apart from pak",
        key: "cosun _ cosun _ pak",
        help: "keys of names apart in the text are separated by a filler, never a phrase",
    },
];

fn words(s: &str) -> Vec<&str> {
    s.split(' ').filter(|w| !w.is_empty()).collect()
}

#[test]
fn golden_rows() {
    for row in ROWS {
        let f = token_fields(row.text);
        let got = (f.body.as_str(), f.body_stem.as_str(), f.body_key.as_str());
        assert_eq!(
            got,
            (row.body, row.stem, row.key),
            "\ntext: {:?}\nhelp: {}",
            row.text,
            row.help
        );
    }
}

/// The properties of one text's fields (see the module docs).
fn check(text: &str) {
    let f = token_fields(text);
    let body = words(&f.body);
    let index = analyze(text, Mode::Index);
    let query = analyze(text, Mode::Query);
    let count = |it: &mut dyn Iterator<Item = String>| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for t in it {
            *m.entry(t).or_default() += 1;
        }
        m
    };
    assert_eq!(
        count(&mut body.iter().map(|s| s.to_string())),
        count(&mut index.iter().map(|t| t.text.clone())),
        "body holds every index token as often: {text:?}"
    );
    let q: Vec<&str> = query.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        &body[..q.len()],
        q.as_slice(),
        "body starts with the query-mode tokens: {text:?}"
    );
    let stems: Vec<String> = body.iter().map(|t| stem(t).into_owned()).collect();
    assert_eq!(words(&f.body_stem), stems, "body_stem is body's stems: {text:?}");
    let keys: BTreeSet<&str> = words(&f.body_key).into_iter().filter(|k| *k != FILLER).collect();
    let expected_keys = name_keys(text, &index);
    let expected: BTreeSet<&str> = expected_keys.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, expected, "body_key holds every key: {text:?}");
    for t in body.iter().chain(words(&f.body_key).iter()) {
        assert!(!t.is_empty() && !t.contains(|c: char| c.is_ascii_whitespace()), "{t:?}");
    }
    assert!(!body.contains(&FILLER), "the filler is never a token");
}

#[test]
fn every_passage_of_the_default_corpus_keeps_the_local_tokens() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus/") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a UTF-8 essay");
        // Paragraph-sized pieces, like passages.
        for piece in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            check(piece);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} pieces");
    for row in ROWS {
        check(row.text);
    }
    for text in [
        "Ch’ŏngwadae ＲＯＫ Satō 김대중 대통령 Пак Чон Хи",
        "example.com 1,000 3.14 foo_bar a-b-c well-known x-",
        "人民 共和国 中華人民共和国 テキスト",
        "",
        "— … !!!",
    ] {
        check(text);
    }
}

#[test]
fn titles_are_laid_out_as_bodies() {
    assert_eq!(title_tokens("Japan-ROK Relations"), "japan rok relations japanrok");
    assert_eq!(title_tokens(""), "");
}

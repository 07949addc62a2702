//! End-to-end: every row of the analyzer issue's table as a `sagasu search`
//! on the default corpus (and on small fixtures for text the corpus lacks).
//! The analyzer's own golden table is crates/analysis/tests/golden.rs.

use crate::util::{paths, shared_corpus as corpus, Fixture};

const D000: &str = "000_d1566bec7f6aab24.txt";
const D001: &str = "001_4e13fa1f4c8f1c99.txt";
const D002: &str = "002_cfdbf63cab07ae4d.txt";
const D003: &str = "003_0771a4b52a2fefa6.txt";
const D004: &str = "004_674ccde8731c1fbd.txt";

/// Documents found and every highlighted word over up to 50 passages.
fn search(f: &Fixture, q: &str) -> (Vec<String>, Vec<String>) {
    let (docs, _) = f.search_json(&["--no-aliases", "--limit", "50", q]);
    let (passages, _) = f.search_json(&["--no-aliases", "--passages", "--limit", "50", q]);
    let mut hl = crate::util::highlighted(&passages);
    hl.sort();
    hl.dedup();
    let mut docs = paths(&docs);
    docs.sort();
    (docs, hl)
}

/// Asserts that `query` finds exactly `docs` and highlights all of `words`.
#[track_caller]
fn row(query: &str, docs: &[&str], words: &[&str], why: &str) {
    let (found, hl) = search(corpus(), query);
    assert_eq!(found, docs, "{query:?} found the wrong documents (help: {why})");
    for w in words {
        assert!(
            hl.iter().any(|h| h == w),
            "{query:?} did not highlight {w:?}, got {hl:?} (help: {why})"
        );
    }
}

#[test]
fn macron_folding() {
    for q in ["Sato", "sato", "SATŌ", "Satō"] {
        row(q, &[D003], &["Satō"], "macron folding");
    }
}

#[test]
fn breve_and_caron_fold_alike() {
    // 003 spells Chosǒn with a caron only; its breves are on other words
    // (hyŏngmyŏng, Chŏngsang). A fixture holds both spellings of Chosŏn.
    for q in ["Choson", "Chosŏn", "Chosǒn"] {
        row(q, &[D003], &["Chosǒn"], "breve and caron fold alike");
    }
    row("hyongmyong", &[D003], &["hyŏngmyŏng"], "breve folding");
    let f = Fixture::empty();
    f.write(
        "both.txt",
        "Title
The Chosŏn court, also written Chosǒn.
",
    );
    for q in ["Choson", "Chosŏn", "Chosǒn"] {
        let (found, hl) = search(&f, q);
        assert_eq!(found, ["both.txt"]);
        assert!(
            hl.contains(&"Chosŏn".to_string()) && hl.contains(&"Chosǒn".to_string()),
            "{q}: {hl:?}"
        );
    }
}

#[test]
fn apostrophes_inside_words_are_dropped() {
    for q in ["Chongwadae", "Ch'ongwadae", "Ch’ŏngwadae"] {
        row(
            q,
            &[D003],
            &["Ch’ŏngwadae"],
            "curly and straight apostrophes inside a word are dropped",
        );
    }
}

#[test]
fn possessives_are_stripped() {
    row(
        "Japan",
        &[D000, D001, D002, D003, D004],
        &["Japan", "Japan’s"],
        "possessive ’s stripped",
    );
    let f = Fixture::empty();
    f.write("a.txt", "Title\nJapan's policy\n");
    assert_eq!(search(&f, "Japan").0, ["a.txt"], "possessive 's stripped");
}

#[test]
fn hyphenated_names_in_every_spelling() {
    row(
        "Daejung",
        &[D000, D002, D003, D004],
        &["Dae-jung", "Dae Jung’s"],
        "index-time catenation of hyphenated words (and, through the romanization key, 004's Dae Jung)",
    );
    for q in ["\"Kim Dae Jung\"", "\"Kim Dae-jung\"", "Kim Dae-jung"] {
        let (found, _) = search(corpus(), q);
        assert_eq!(
            found,
            [D000, D002, D003, D004],
            "{q}: query-time parts, phrase positions line up"
        );
    }
}

#[test]
fn lee_jae_myung_is_not_lee_myung_bak() {
    let (found, _) = search(corpus(), "\"Lee Jae-myung\"");
    assert!(
        !found.contains(&D000.to_string()) && !found.contains(&D003.to_string()),
        "{found:?}"
    );
    assert!(found.contains(&D001.to_string()), "{found:?}");
    // As loose words, 000 and 003 (Lee Myung-bak only) must not outrank 001 and 002.
    let (json, _) = corpus().search_json(&["--no-aliases", "--any", "Lee", "Jae-myung"]);
    let ranked = paths(&json);
    let pos = |d: &str| ranked.iter().position(|p| p == d).unwrap_or(usize::MAX);
    assert!(pos(D001).max(pos(D002)) < pos(D000).min(pos(D003)), "{ranked:?}");
}

#[test]
fn line_end_hyphens_join_words() {
    row(
        "restrictions",
        &[D004],
        &[],
        "a hyphen at a line end between letters joins the word",
    );
    let (json, _) = corpus().search_json(&["restrictions"]);
    let line = json["results"][0]["passages"][0]["line"].as_u64().unwrap();
    assert_eq!(line, 63, "the line of `restric-`");
}

#[test]
fn compounds_match_as_phrases_of_parts() {
    let (found, hl) = search(corpus(), "Japan-ROK");
    assert!(found.contains(&D000.to_string()), "{found:?}");
    // The parts of one word are one highlight.
    assert!(hl.iter().any(|h| h == "Japan-ROK"), "{hl:?}");
}

#[test]
fn cjk_bigrams_and_single_characters() {
    for q in ["日本", "日本語", "語"] {
        row(q, &[D001], &[], "CJK bigrams, and single characters");
    }
}

#[test]
fn hangul_particles() {
    let f = Fixture::empty();
    f.write("dokdo.txt", "독도 문제\n독도는 한국 땅이다. 정부는 독도를 지킨다.\n");
    f.write("other.txt", "Title\n서울에서 회의가 열렸다.\n");
    let (found, hl) = search(&f, "독도");
    assert_eq!(found, ["dokdo.txt"], "Hangul bigrams: particles attached to nouns");
    assert!(hl.iter().any(|h| h.starts_with("독도")), "{hl:?}");
}

#[test]
fn cyrillic_and_latin_folding() {
    row("русский", &[D001], &["Русский"], "Cyrillic case folding");
    row("francais", &[D001], &["Français"], "Latin folding");
    row("espanol", &[D001], &["Español"], "Latin folding");
}

#[test]
fn dotted_acronyms_collapse() {
    let f = Fixture::empty();
    f.write("a.txt", "Title\nTalks with the U.S. began.\n");
    let (found, hl) = search(&f, "US");
    assert_eq!(found, ["a.txt"]);
    assert!(hl.iter().any(|h| h.starts_with("U.S")), "{hl:?}");
}

#[test]
fn nfkc_ligatures_and_full_width() {
    let f = Fixture::empty();
    f.write("pdf.txt", "Title\nThe ﬁnancial crisis of 1997.\n");
    f.write("wide.txt", "Title\nＲＯＫ forces.\n");
    let (found, hl) = search(&f, "financial");
    assert_eq!(found, ["pdf.txt"]);
    assert!(hl.iter().any(|h| h == "ﬁnancial"), "{hl:?}");
    let (found, hl) = search(&f, "ROK");
    assert_eq!(found, ["wide.txt"]);
    assert!(hl.iter().any(|h| h == "ＲＯＫ"), "{hl:?}");
}

#[test]
fn stems_match_below_exact_forms() {
    let (found, hl) = search(corpus(), "negotiate");
    assert!(found.contains(&D000.to_string()), "{found:?}");
    assert!(hl.iter().any(|h| h == "negotiations"), "{hl:?}");
    let f = Fixture::empty();
    f.write("exact.txt", "Title\nThey negotiate today.\n");
    f.write("stem.txt", "Title\nThey negotiating today.\n");
    f.write("stem2.txt", "Title\nThe negotiations today.\n");
    let (json, _) = f.search_json(&["negotiate"]);
    assert_eq!(
        paths(&json)[0],
        "exact.txt",
        "English stemming field, ranked below exact-form matches"
    );
    assert_eq!(json["total_documents"], 3);
}

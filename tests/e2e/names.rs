//! End-to-end: names across romanizations (issue 15). Every row of the
//! issue's table on the default corpus, Hangul documents written by the
//! tests, the must-not pairs on documents that hold one side of each, the
//! JSON `expansions`, and the switches.

use crate::util::{highlighted, paths, shared_corpus, Fixture};

const D000: &str = "000_d1566bec7f6aab24.txt";
const D001: &str = "001_4e13fa1f4c8f1c99.txt";
const D002: &str = "002_cfdbf63cab07ae4d.txt";
const D003: &str = "003_0771a4b52a2fefa6.txt";
const D004: &str = "004_674ccde8731c1fbd.txt";

/// Paths found, and the words highlighted, for `query` on the default corpus.
fn found(query: &str) -> (Vec<String>, Vec<String>) {
    let (json, _) = shared_corpus().search_json(&["-n", "10", query]);
    (paths(&json), highlighted(&json))
}

/// Paths found without romanization.
fn found_as_spelled(query: &str) -> Vec<String> {
    shared_corpus().paths(&["-n", "10", "--no-romanization", query])
}

/// One row of the table: `query` finds `doc` (which it did not
/// find as spelled), and a snippet highlights the document's own spelling.
fn row(query: &str, doc: &str, spelling: &str) {
    let (docs, hl) = found(query);
    assert!(docs.iter().any(|d| d == doc), "{query}: {docs:?}");
    assert!(hl.iter().any(|h| h == spelling), "{query}: no {spelling:?} in {hl:?}");
    assert!(
        !found_as_spelled(query).iter().any(|d| d == doc),
        "{query} finds {doc} without romanization: the row tests nothing"
    );
}

#[test]
fn joseon_finds_choson() {
    row("Joseon", D003, "Chosǒn");
}

#[test]
fn cheongwadae_finds_chongwadae() {
    row("Cheongwadae", D003, "Ch’ŏngwadae");
}

#[test]
fn daejung_finds_kim_dae_jung_written_with_a_space() {
    row("Daejung", D004, "Dae Jung’s");
    row("\"Kim Daejung\"", D004, "Dae Jung’s");
    // Exact spellings first: 004 only has the variant.
    let (docs, _) = found("Daejung");
    assert_eq!(docs.last().map(String::as_str), Some(D004), "{docs:?}");
}

#[test]
fn satou_and_satoh_find_sato() {
    row("Satou", D003, "Satō");
    row("Satoh", D003, "Satō");
}

#[test]
fn keizou_finds_keizo_but_not_keijo() {
    row("Keizou", D003, "Keizō");
    let (docs, _) = found("Keizou");
    assert!(docs.iter().any(|d| d == D002), "{docs:?}");
    // 004 writes "Keijo Obuchi": Keizō and Keijō must not meet.
    assert!(!docs.iter().any(|d| d == D004), "{docs:?}");
}

#[test]
fn dokdo_finds_tokdo_and_back() {
    row("Dokdo", D003, "Tokdo");
    row("Tokto", D000, "Dokdo");
    row("Tokto", D003, "Tokdo");
}

#[test]
fn soul_with_a_breve_finds_seoul() {
    row("Sŏul", D004, "Seoul");
    // The English word soul is not a name.
    assert!(found("soul").0.is_empty());
}

#[test]
fn a_quoted_name_also_matches_in_the_other_order_ranked_below() {
    row("\"Shigeru Ishiba\"", D001, "Ishiba");
    let (docs, _) = found("\"Shigeru Ishiba\"");
    assert_eq!(docs, [D002, D004, D001], "the order typed (002, 004) first");
}

#[test]
fn hangul_finds_the_latin_spellings() {
    row("김대중", D003, "Dae-jung");
    row("김대중", D004, "Dae Jung’s");
}

#[test]
fn pak_chong_hui_finds_park_chung_hee() {
    row("\"Pak Chŏng-hŭi\"", D003, "Chung-hee");
    let (_, hl) = found("\"Pak Chŏng-hŭi\"");
    assert!(hl.iter().any(|h| h == "Park"), "{hl:?}");
}

#[test]
fn latin_names_find_a_hangul_document() {
    let f = Fixture::empty();
    f.write(
        "kr.txt",
        "1998년 10월 김대중 대통령과 오부치 총리가 공동선언을 발표했다.\n",
    );
    f.write("en.txt", "The weather in Tokyo was mild.\n");
    f.index(&[]);
    for q in ["\"Kim Dae-jung\"", "\"Kim Daejung\"", "\"Gim Dae-jung\"", "Daejung"] {
        assert_eq!(f.paths(&[q]), ["kr.txt"], "{q}");
    }
    let (json, _) = f.search_json(&["\"Kim Dae-jung\""]);
    assert_eq!(
        highlighted(&json),
        ["김대중"],
        "the document's own spelling: surname and given name, one mention"
    );
    assert!(f.paths(&["--no-romanization", "\"Kim Dae-jung\""]).is_empty());
}

/// Documents holding one side of each pair the issue says must not meet;
/// the other side is searched, and must not find them.
#[test]
fn the_must_not_pairs_stay_apart() {
    let f = Fixture::empty();
    let docs = [
        ("keijo.txt", "Under colonial rule the city was called Keijō."),
        ("saito.txt", "Admiral Saitō Makoto was governor-general."),
        ("onoe.txt", "The kabuki actor Onoe Kikugorō played the part."),
        ("chosen.txt", "The Government-General of Chōsen ruled from 1910."),
        ("jae.txt", "President Lee Jae-myung met the press."),
        ("ora.txt", "The town of Ora lies in the prefecture."),
        ("god.txt", "In God we trust, the motto says."),
        ("soul.txt", "The Soul of the city is its markets."),
        ("park.txt", "They walked in the park after lunch."),
        ("no.txt", "No agreement was reached; the answer was no."),
    ];
    for (name, text) in docs {
        f.write(name, format!("{text}\n"));
    }
    f.index(&[]);
    let pairs = [
        ("Keizō", "keijo.txt"),
        ("Satō", "saito.txt"),
        ("Ōno", "onoe.txt"),
        ("Chosŏn", "chosen.txt"),
        ("\"Lee Myung-bak\"", "jae.txt"),
        ("Ohara", "ora.txt"),
        ("good", "god.txt"),
        ("Seoul", "soul.txt"),
        ("Pak", "park.txt"),
        ("Roh", "no.txt"),
    ];
    for (query, doc) in pairs {
        let found = f.paths(&[query]);
        assert!(!found.iter().any(|d| d == doc), "{query} found {doc}: {found:?}");
    }
    // The other side of each pair is indexed and found as spelled.
    for (query, doc) in [("Keijō", "keijo.txt"), ("Onoe", "onoe.txt"), ("Chōsen", "chosen.txt")] {
        assert_eq!(f.paths(&[query]), [doc], "{query}");
    }
}

#[test]
fn json_expansions_say_their_kind() {
    let (json, _) = shared_corpus().search_json(&["Joseon"]);
    assert_eq!(json["expansions"][0]["kind"], "romanization");
    assert_eq!(json["expansions"][0]["matched"], "Joseon");
    assert_eq!(json["expansions"][0]["names"][0], "cosun");
    let (json, _) = shared_corpus().search_json(&["\"Shigeru Ishiba\""]);
    let kinds: Vec<&str> = json["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["romanization", "name_order"]);
    assert_eq!(json["expansions"][1]["names"][0], "Ishiba Shigeru");
    // An alias group's names get their keys too.
    let (json, _) = shared_corpus().search_json(&["Dokdo"]);
    let kinds: Vec<&str> = json["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["alias", "romanization"]);
    // No romanization, no such expansions.
    let (json, _) = shared_corpus().search_json(&["--no-romanization", "Dokdo"]);
    assert_eq!(json["expansions"].as_array().unwrap().len(), 1);
}

#[test]
fn a_users_alias_file_adds_to_the_corpus_file() {
    let f = Fixture::default_corpus();
    let mine = f.dir.path().join("mine.txt");
    std::fs::write(&mine, "Obuchi | Prime Minister Obuchi\n").unwrap();
    f.index(&[]);
    let (json, _) = f.search_json(&["--aliases", mine.to_str().unwrap(), "Takeshima"]);
    assert_eq!(json["expansions"][0]["kind"], "alias", "the corpus's groups are kept");
    let (json, _) = f.search_json(&["--aliases", mine.to_str().unwrap(), "Obuchi"]);
    assert_eq!(json["expansions"][0]["names"][1], "Prime Minister Obuchi");
}

#[test]
fn eval_runs_with_and_without_romanization_and_compares_them() {
    let f = shared_corpus();
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.tsv");
    let qrels = dir.path().join("qrels.txt");
    std::fs::write(&queries, "1\tJoseon\n2\tTokto\n3\tSatou\n4\tSatō\n").unwrap();
    std::fs::write(
        &qrels,
        "1 0 003_0771a4b52a2fefa6 1\n2 0 003_0771a4b52a2fefa6 1\n3 0 003_0771a4b52a2fefa6 1\n4 0 003_0771a4b52a2fefa6 1\n",
    )
    .unwrap();
    let map = |run: &std::path::Path, extra: &[&str]| -> f64 {
        let mut c = f.cmd();
        c.args(["eval", "--json", "--complete", "--queries"]).arg(&queries);
        c.arg("--qrels").arg(&qrels).arg("--run").arg(run).args(extra);
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["summary"]["map"].as_f64().unwrap()
    };
    let (a, b) = (dir.path().join("plain.run"), dir.path().join("names.run"));
    assert_eq!(map(&a, &["--no-romanization"]), 0.25, "only Satō, as spelled");
    assert_eq!(map(&b, &[]), 1.0);
    let mut c = f.cmd();
    c.args(["eval", "--compare"]).arg(&a).arg(&b).arg("--qrels").arg(&qrels);
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("map"));
}

/// Issue 24, item 5: on Debian changelogs `Chul` found every entry dated
/// "Jul", `Choi` every "Joe". Month and day abbreviations and English given
/// names are English, not Korean names.
#[test]
fn english_dates_and_given_names_are_not_korean_names() {
    let f = Fixture::empty();
    f.write(
        "changelog.txt",
        "foo (1.2-1) unstable; urgency=medium\n\n  * New upstream release.\n\n \
         -- Joe Smith <joe@example.org>  Mon, 12 Jul 2021 10:00:00 +0200\n\n \
         -- Jon Doe <jon@example.org>  Sat, 5 Jan 2019 08:00:00 +0000\n\n\
         Shipped to 3 Ave Road on Wed, 9 Jun 2020.\n",
    );
    f.write("kr.txt", "Kim Chul met Choi Jeon and Chon Chan; Abe came too.\n");
    f.index(&[]);
    for q in ["Chul", "Jeon", "Chun", "Chan", "Choi", "Chon", "Abe"] {
        assert_eq!(f.paths(&[q]), ["kr.txt"], "{q}");
    }
    // The English words are still found as spelled.
    for q in ["Jul", "Joe", "Ave"] {
        assert_eq!(f.paths(&[q]), ["changelog.txt"], "{q}");
    }
}

/// Issue 27: McCune–Reischauer printed without breves (`Choson`, the way
/// most English books print Chosŏn) meets the breve forms and Revised
/// Romanization, both ways, with the conventional city spellings; exact
/// spellings rank first, `--every` and the JSON say the expansion's kind,
/// and `--no-romanization` turns it off.
#[test]
fn breveless_mccune_reischauer_meets_revised_romanization() {
    let f = Fixture::empty();
    f.write(
        "choson.txt",
        "In the late Choson period the port of Pusan traded with Tsushima,\n\
         and the Tonga Ilbo later reported from Taegu and Kwangju.\n",
    );
    f.write(
        "joseon.txt",
        "Joseon envoys sailed from Busan; the Chosun Ilbo and the Dong-a\n\
         Ilbo covered the Daegu and Gwangju uprisings.\n",
    );
    f.write("breve.txt", "The Chosŏn court sent envoys to Edo.\n");
    f.write(
        "english.txt",
        "The son of the harbour master sang a song under the sun.\n",
    );
    f.index(&[]);
    // Both directions, each finding its own spelling first (folding makes
    // Chosŏn the same word as Choson, so breve.txt may come first too).
    for (q, first, other) in [
        ("Joseon", "joseon.txt", "choson.txt"),
        ("Choson", "choson.txt", "joseon.txt"),
        ("Busan", "joseon.txt", "choson.txt"),
        ("Pusan", "choson.txt", "joseon.txt"),
        ("Daegu", "joseon.txt", "choson.txt"),
        ("Taegu", "choson.txt", "joseon.txt"),
        ("Gwangju", "joseon.txt", "choson.txt"),
        ("Kwangju", "choson.txt", "joseon.txt"),
        ("Tonga", "choson.txt", "joseon.txt"),
        ("Dong-a", "joseon.txt", "choson.txt"),
    ] {
        let found = f.paths(&[q]);
        let at = |doc: &str| found.iter().position(|d| d == doc);
        assert!(at(other).is_some(), "{q}: {found:?}");
        assert!(at(first) < at(other), "{q}: its own spelling first: {found:?}");
        assert!(!found.iter().any(|d| d == "english.txt"), "{q}: {found:?}");
        assert!(
            !f.paths(&["--no-romanization", q]).iter().any(|d| d == other),
            "{q} without romanization"
        );
    }
    // The newspaper keeps its old spelling: Choson finds Chosun (not the
    // other way: a u never varies), and the breve form all three.
    assert!(f.paths(&["Choson"]).iter().any(|d| d == "joseon.txt"));
    let mut found = f.paths(&["Chosŏn"]);
    found.sort();
    assert_eq!(found, ["breve.txt", "choson.txt", "joseon.txt"]);
    // The kind, in JSON and in --every.
    let (json, _) = f.search_json(&["Joseon"]);
    let kinds: Vec<&str> = crate::util::array(&json, "expansions")
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["romanization", "mccune_reischauer"]);
    assert_eq!(json["expansions"][1]["names"][0], "coson");
    let out = f.run(&["search", "--every", "--json", "Joseon"]);
    let (stdout, _) = crate::util::text(&out);
    let choson = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|o| o.to_string().contains("choson.txt"))
        .unwrap_or_else(|| panic!("--every Joseon misses Choson: {stdout}"));
    assert!(choson.to_string().contains("mccune_reischauer"), "{choson}");
    // --explain says so.
    let (_, stderr) = crate::util::text(&f.run(&["search", "--explain", "Choson"]));
    assert!(stderr.contains("(mccune_reischauer)"), "{stderr}");
    // Open syllables keep o and u apart (Japanese Ono is not Uno), and
    // English words are not names.
    f.write("uno.txt", "Admiral Uno and Mr Kuno met Satu.\n");
    f.index(&[]);
    for q in ["Ono", "Kono", "Sato", "son", "Sun"] {
        assert!(!f.paths(&[q]).iter().any(|d| d == "uno.txt"), "{q}");
    }
}

/// Issue 27: a name written in kana meets its Hepburn spellings, both ways
/// (サトウ = さとう = Satō = Satou = Sato), in ranked search, `--every` and the
/// JSON; hiragana inside a sentence is no name; `--no-romanization` turns it
/// off.
#[test]
fn kana_names_meet_their_hepburn_spellings() {
    let f = Fixture::empty();
    f.write(
        "jp.txt",
        "一九九八年の会議にはサトウ・ケイゾウ氏が出席し、\n小渕(おぶち)首相と会談した。\n",
    );
    f.write("en.txt", "Prime Minister Satō and Keizō Obuchi met in Tokyo.\n");
    f.write("sugar.txt", "コーヒーにさとうを入れた。\n");
    f.index(&[]);
    for (q, doc) in [
        ("Satō", "jp.txt"),
        ("Satou", "jp.txt"),
        ("Sato", "jp.txt"),
        ("Keizo", "jp.txt"),
        ("Obuchi", "jp.txt"),
        ("サトウ", "en.txt"),
        ("さとう", "en.txt"),
        ("おぶち", "en.txt"),
    ] {
        let found = f.paths(&[q]);
        assert!(found.iter().any(|d| d == doc), "{q}: {found:?}");
        if q.starts_with(|c: char| c.is_ascii()) {
            // The sugar of a sentence is no name (さとう as spelled finds it).
            assert!(
                !found.iter().any(|d| d == "sugar.txt"),
                "{q} found the sugar: {found:?}"
            );
        }
        assert!(
            !f.paths(&["--no-romanization", q]).iter().any(|d| d == doc),
            "{q} without romanization"
        );
    }
    // --every lists the kana spelling, found by its key.
    let out = f.run(&["search", "--every", "--json", "Satō"]);
    let (stdout, _) = crate::util::text(&out);
    assert!(stdout.contains("サトウ"), "{stdout}");
    let (json, _) = f.search_json(&["サトウ"]);
    assert_eq!(json["expansions"][0]["kind"], "romanization");
    assert_eq!(json["expansions"][0]["names"][0], "sato");
}

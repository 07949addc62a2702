//! End-to-end: Han characters across scripts (issue 27). Traditional and
//! simplified Chinese (and Japanese kyūjitai) meet. Sentences written as a historian would
//! find them, searched with ranking, phrases, `--every` and JSON.

use crate::util::{highlighted, paths, text, Fixture};

/// The `--every --json` objects of `query` (one per matching line).
fn every(f: &Fixture, query: &str) -> Vec<serde_json::Value> {
    let (stdout, _) = text(&f.run(&["search", "--every", "--json", query]));
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .collect()
}

/// Traditional and simplified characters are one character to every
/// field: each document is found by a query in the other form, phrases
/// match across forms, and snippets highlight the text as written.
#[test]
fn traditional_and_simplified_chinese_meet() {
    let f = Fixture::empty();
    f.write(
        "taipei.txt",
        "一九四九年以後，中華民國政府遷往臺灣，\n國語與漢語的關係從此成為學界的問題。\n",
    );
    f.write(
        "beijing.txt",
        "一九四九年以后，中华人民共和国成立，\n台湾问题与汉语规范化同时提上日程。\n",
    );
    f.write("tokyo.txt", "戦後の日本では國學院も国学院と書かれるようになった。\n");
    f.write("english.txt", "Taiwan and the Chinese language after 1949.\n");
    f.index(&[]);
    for (q, docs) in [
        ("臺灣", &["beijing.txt", "taipei.txt"][..]),
        ("台湾", &["beijing.txt", "taipei.txt"]),
        ("台灣", &["beijing.txt", "taipei.txt"]),
        ("漢語", &["beijing.txt", "taipei.txt"]),
        ("汉语", &["beijing.txt", "taipei.txt"]),
        ("以後", &["beijing.txt", "taipei.txt"]),
        ("國學院", &["tokyo.txt"]),
        ("学界", &["taipei.txt"]),
        ("国学院", &["tokyo.txt"]),
    ] {
        let mut found = f.paths(&[q]);
        found.sort();
        assert_eq!(found, docs, "{q}");
    }
    // A phrase in one form finds the other (the whole line as written).
    assert_eq!(f.paths(&["\"中華人民共和國成立\""]), ["beijing.txt"]);
    assert_eq!(f.paths(&["\"遷往台湾\""]), ["taipei.txt"]);
    // Snippets highlight the characters as each document writes them.
    let (json, code) = f.search_json(&["臺灣"]);
    assert_eq!(code, 0);
    let hl = highlighted(&json);
    assert!(hl.iter().any(|h| h == "臺灣"), "{hl:?}");
    assert!(hl.iter().any(|h| h == "台湾"), "{hl:?}");
    assert_eq!(paths(&json).len(), 2);
    // --every lists the line of each, as written.
    let lines = every(&f, "汉语");
    let taipei = lines
        .iter()
        .find(|o| o.to_string().contains("taipei.txt"))
        .unwrap_or_else(|| panic!("--every 汉语 misses the traditional text: {lines:?}"));
    assert_eq!(taipei["line"], 2, "{taipei}");
    assert_eq!(taipei["match"], "漢語", "{taipei}");
    assert_eq!(taipei["before"], "國語與", "{taipei}");
    // It is a character fold, not a name reading: --no-romanization keeps it.
    assert_eq!(f.paths(&["--no-romanization", "漢語"]).len(), 2);
    // 乾 keeps its own form in simplified text (乾隆), so it is not 干.
    f.write("qianlong.txt", "乾隆皇帝\n");
    f.write("gan.txt", "干部\n");
    f.index(&[]);
    assert_eq!(f.paths(&["乾隆"]), ["qianlong.txt"]);
    assert!(f.paths(&["干隆"]).is_empty());
}

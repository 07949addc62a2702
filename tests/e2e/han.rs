//! End-to-end: Han characters across scripts (issue 27). Traditional and
//! simplified Chinese (and Japanese kyūjitai) meet; a name in hanja finds
//! its Hangul and Latin spellings. Sentences written as a historian would
//! find them, searched with ranking, phrases, `--every` and JSON.

use crate::util::{array, highlighted, paths, text, Fixture};

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
    // terms --spellings lists both forms as one word.
    let (stdout, _) = text(&f.run(&["terms", "--spellings", "台湾"]));
    assert!(stdout.contains("臺灣") && stdout.contains("台湾"), "{stdout}");
    // It is a character fold, not a name reading: --no-romanization keeps it.
    assert_eq!(f.paths(&["--no-romanization", "漢語"]).len(), 2);
    // 乾 keeps its own form in simplified text (乾隆), so it is not 干.
    f.write("qianlong.txt", "乾隆皇帝\n");
    f.write("gan.txt", "干部\n");
    f.index(&[]);
    assert_eq!(f.paths(&["乾隆"]), ["qianlong.txt"]);
    assert!(f.paths(&["干隆"]).is_empty());
}

/// A Korean name in hanja finds its Hangul and Latin spellings, after the
/// Han text itself; `--no-romanization` turns it off; one character and
/// Japanese words are not read.
#[test]
fn hanja_finds_hangul_and_romanized_names() {
    let f = Fixture::empty();
    f.write(
        "hanja.txt",
        "一九九八年、金大中が大統領に就任し、\n朝鮮半島の緊張は和らいだ。\n",
    );
    f.write("hangul.txt", "1998년 김대중 대통령은 조선 말기의 역사를 언급했다.\n");
    f.write(
        "latin.txt",
        "In 1998 Kim Dae-jung took office; the late Chosŏn period\nwas on his mind.\n",
    );
    f.write("roh.txt", "노무현 대통령과 이승만 대통령.\n");
    f.index(&[]);
    // The Han text first, then the Korean spellings.
    for (q, others) in [
        ("金大中", &["hangul.txt", "latin.txt"][..]),
        ("朝鮮", &["hangul.txt", "latin.txt"]),
    ] {
        let found = f.paths(&[q]);
        assert_eq!(found.first().map(String::as_str), Some("hanja.txt"), "{q}: {found:?}");
        for o in others {
            assert!(found.iter().any(|d| d == o), "{q}: no {o} in {found:?}");
        }
        assert_eq!(f.paths(&["--no-romanization", q]), ["hanja.txt"], "{q}");
    }
    // The initial-sound rule: 盧 is 노, 李 is 이.
    assert_eq!(f.paths(&["盧武鉉"]), ["roh.txt"]);
    assert_eq!(f.paths(&["李承晩"]), ["roh.txt"]);
    // The kind, in JSON, --every and --explain; the Hangul is highlighted.
    let (json, _) = f.search_json(&["金大中"]);
    let kinds: Vec<&str> = array(&json, "expansions")
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["hanja"]);
    assert!(highlighted(&json).iter().any(|h| h == "김대중"), "{json}");
    let lines = every(&f, "金大中");
    let hangul = lines
        .iter()
        .find(|o| o.to_string().contains("hangul.txt"))
        .unwrap_or_else(|| panic!("--every 金大中 misses 김대중: {lines:?}"));
    assert!(hangul.to_string().contains("\"hanja\""), "{hangul}");
    let (_, stderr) = text(&f.run(&["search", "--explain", "金大中"]));
    assert!(stderr.contains("hanja"), "{stderr}");
    // terms --spellings lists the Korean spellings.
    let (stdout, _) = text(&f.run(&["terms", "--spellings", "金大中"]));
    assert!(stdout.contains("김대중"), "{stdout}");
    // One character is not read (金 is not 김), nor a word with kana.
    assert!(!f.paths(&["金"]).iter().any(|d| d == "hangul.txt"));
    assert_eq!(f.paths(&["就任し"]), ["hanja.txt"]);
    // A Sino-Korean word is a word too: 大統領 finds 대통령, after the
    // Han text.
    let found = f.paths(&["大統領"]);
    assert_eq!(found.first().map(String::as_str), Some("hanja.txt"), "{found:?}");
}

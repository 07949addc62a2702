//! End-to-end: Chinese names in Wade–Giles and Pinyin, and the old postal
//! spellings (issue 27, family 6), in sentences as a historian's sources
//! write them: ranked search both ways with the document's own spelling
//! first, `--every` with the line and the kind, JSON and `--explain`, the
//! English words that must not flood, and `--no-romanization`.

use crate::util::{array, text, Fixture};

/// Three documents: one in Pinyin, one in Wade–Giles with the postal names
/// (a name broken at a line end, typographic apostrophes), one in English
/// with the one-syllable words that must stay English.
fn corpus() -> Fixture {
    let f = Fixture::empty();
    f.write(
        "pinyin.txt",
        "Mao Zedong proclaimed the People's Republic in Beijing in 1949, and\n\
         Zhou Enlai became its premier. Deng Xiaoping later opened Guangzhou\n\
         and Xiamen to trade. The Guomindang of Jiang Jieshi had fled Nanjing\n\
         for Chongqing; Qinghua students marched in Sichuan with Zhang Xueliang.\n",
    );
    f.write(
        "wade.txt",
        "Mao Tse-tung and Chou En-lai fought the Kuomintang of Chiang\n\
         Kai-shek, who ruled from Nanking and in wartime from Chungking.\n\
         Teng Hsiao-p’ing was born in Szechwan; the students of Tsinghua\n\
         marched in Peking, and the merchants of Canton and Amoy struck.\n",
    );
    f.write(
        "english.txt",
        "The sun was long gone; a bell would ping and hang still while\n\
         Chang and Lin read the Tao in the hall of Chung.\n",
    );
    f.index(&[]);
    f
}

#[test]
fn wade_giles_and_pinyin_find_each_other() {
    let f = corpus();
    for (q, first, other) in [
        ("Mao Zedong", "pinyin.txt", "wade.txt"),
        ("Mao Tse-tung", "wade.txt", "pinyin.txt"),
        ("Zhou Enlai", "pinyin.txt", "wade.txt"),
        ("Chou En-lai", "wade.txt", "pinyin.txt"),
        ("Deng Xiaoping", "pinyin.txt", "wade.txt"),
        ("Teng Hsiao-p'ing", "wade.txt", "pinyin.txt"),
        ("Teng Hsiao-ping", "wade.txt", "pinyin.txt"),
        ("Jiang Jieshi", "pinyin.txt", "wade.txt"),
        ("Chiang Kai-shek", "wade.txt", "pinyin.txt"),
        ("Guomindang", "pinyin.txt", "wade.txt"),
        ("Kuomintang", "wade.txt", "pinyin.txt"),
        ("Qinghua", "pinyin.txt", "wade.txt"),
        ("Tsinghua", "wade.txt", "pinyin.txt"),
        ("Sichuan", "pinyin.txt", "wade.txt"),
        ("Szechwan", "wade.txt", "pinyin.txt"),
        ("Beijing", "pinyin.txt", "wade.txt"),
        ("Peking", "wade.txt", "pinyin.txt"),
        ("Guangzhou", "pinyin.txt", "wade.txt"),
        ("Canton", "wade.txt", "pinyin.txt"),
        ("Nanjing", "pinyin.txt", "wade.txt"),
        ("Nanking", "wade.txt", "pinyin.txt"),
        ("Chongqing", "pinyin.txt", "wade.txt"),
        ("Chungking", "wade.txt", "pinyin.txt"),
        ("Xiamen", "pinyin.txt", "wade.txt"),
        ("Amoy", "wade.txt", "pinyin.txt"),
    ] {
        let found = f.paths(&[q]);
        let at = |doc: &str| found.iter().position(|d| d == doc);
        assert!(at(other).is_some(), "{q}: {found:?}");
        if at(first).is_some() {
            assert!(at(first) < at(other), "{q}: its own spelling first: {found:?}");
        }
        assert!(!found.iter().any(|d| d == "english.txt"), "{q}: {found:?}");
        assert!(
            !f.paths(&["--no-romanization", q]).iter().any(|d| d == other),
            "{q} without romanization finds {other}"
        );
    }
}

#[test]
fn one_syllable_words_stay_english() {
    let f = corpus();
    // Alone, a one-syllable spelling is the word as typed: Chang does not
    // find Zhang, Chung (Korean 정 as often) not Zhong, Long not Lung.
    for q in ["Chang", "Long", "Sun", "Lin", "Tao", "Chung", "ping", "hang"] {
        let found = f.paths(&[q]);
        assert!(!found.iter().any(|d| d == "pinyin.txt"), "{q}: {found:?}");
    }
    let (json, _) = f.search_json(&["Chang"]);
    assert!(
        !array(&json, "expansions").iter().any(|e| e["kind"] == "wade_giles"),
        "{json}"
    );
}

#[test]
fn every_json_and_explain_name_the_kind() {
    let f = corpus();
    // JSON: the kind and the spelling searched.
    let (json, _) = f.search_json(&["Xiaoping"]);
    let e = array(&json, "expansions");
    assert_eq!(e.len(), 1, "{json}");
    assert_eq!(e[0]["kind"], "wade_giles");
    assert_eq!(e[0]["names"][0], "hsiaoping");
    // --every: the Wade–Giles line, found through the reading.
    let out = f.run(&["search", "--every", "--json", "Zedong"]);
    let (stdout, _) = text(&out);
    let occurrences: Vec<serde_json::Value> = stdout.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let wade = occurrences
        .iter()
        .find(|o| o["path"] == "wade.txt")
        .unwrap_or_else(|| panic!("--every Zedong misses Tse-tung: {stdout}"));
    assert_eq!(wade["line"], 1, "{wade}");
    assert_eq!(wade["match"], "Tse-tung", "{wade}");
    assert_eq!(wade["kind"], "wade_giles", "{wade}");
    let own = occurrences.iter().find(|o| o["path"] == "pinyin.txt").unwrap();
    assert_eq!(own["kind"], serde_json::Value::Null, "{own}");
    // --explain says which family found it.
    let (_, stderr) = text(&f.run(&["search", "--explain", "Peking"]));
    assert!(
        stderr.contains("(wade_giles)") && stderr.contains("beijing"),
        "{stderr}"
    );
    // terms --spellings lists the other spelling too.
    let (stdout, _) = text(&f.run(&["terms", "--spellings", "Kuomintang"]));
    assert!(stdout.contains("Guomindang"), "{stdout}");
}

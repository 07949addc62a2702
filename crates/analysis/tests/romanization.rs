//! The romanization key and its guard as tables (`sagasu_analysis::romanize`).
//!
//! - [`keys!`]: an original spelling and its key, with a `help:` line naming
//!   the rule that is probably wrong when the row fails;
//! - [`same!`]: groups of spellings that must share one key (and each be a
//!   name candidate in a query);
//! - [`apart!`]: pairs that must never meet: different keys, or one side
//!   never a name candidate where it stands;
//! - [`text_keys!`]: which words of a document text get keys, at which
//!   positions (the guard on the document side).
//!
//! To add a case, add a row.
#![allow(unused_crate_dependencies)]

use proptest::prelude::*;
use sagasu_analysis::romanize::{breveless_keys, is_name, key, name_keys, query_keys, Side};
use sagasu_analysis::{analyze, Mode};

macro_rules! keys {
    ($($name:ident: $input:expr => $expected:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(key($input).as_deref(), $expected, "\ninput: {:?}\nhelp: {}", $input, $help);
        }
    )*};
}

keys! {
    breve_is_eo: "Chosŏn" => Some("cosun"),
        help: "ŏ is eo (then eo = u, ch = j)";
    caron_is_breve: "Chosǒn" => Some("cosun"),
        help: "ǒ (caron) stands in for ŏ in many texts";
    revised: "Joseon" => Some("cosun"),
        help: "RR j = MR ch; eo = u";
    macron_is_long: "Chōsen" => Some("cosen"),
        help: "ō is a long o, not eo";
    aspirated: "Ch’ŏngwadae" => Some("cunkwatae"),
        help: "aspiration apostrophe dropped; ng written nk (g = k)";
    long_o_ou: "Satou" => Some("sato"),
        help: "ou is a long o";
    long_o_oh: "Satoh" => Some("sato"),
        help: "oh at the end is a long o";
    oh_before_vowel: "Ohara" => Some("ohara"),
        help: "oh before a vowel is o + ha, not a long o";
    stops_merge: "Tokto" => Some("tokto"),
        help: "k/g t/d merge (MR Tokto = RR Dokdo)";
    shi_si: "Shimbun" => Some("sinpun"),
        help: "shi = si; m before b = n; b = p";
    tsu_tu: "Matsumoto" => Some("matumoto"),
        help: "tsu = tu";
    hangul_rr: "김대중" => Some("kimtaecunk"),
        help: "Hangul romanized syllable by syllable (RR), then the rules";
    hangul_place: "독도" => Some("tokto"),
        help: "독 dok + 도 do";
    ui_after_h: "hŭi" => Some("hi"),
        help: "ŭi = ui; hui = hee = hi (희)";
    conventional_park: "Park" => Some("pak"),
        help: "CONVENTIONAL: Park = Pak";
    conventional_lee: "Lee" => Some("yi"),
        help: "CONVENTIONAL: Lee = Yi";
    possessive_ignored: "Jung’s" => Some("cunk"),
        help: "a possessive is not part of the name";
    cyrillic_has_no_key: "Москва" => None,
        help: "only Latin and Hangul letters have keys";
    digits_have_no_key: "G20" => None,
        help: "a word with digits is not a name";
}

macro_rules! same {
    ($($name:ident: [$($w:expr),+], help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            let words = [$($w),+];
            let first = key(words[0]);
            for w in words {
                assert_eq!(key(w), first, "\n{w:?} vs {:?}\nhelp: {}", words[0], $help);
                assert!(query_keys(w, None).is_some(), "\n{w:?} is not a name in a query\nhelp: {}", $help);
            }
        }
    )*};
}

same! {
    joseon: ["Joseon", "Chosŏn", "Chosǒn", "Chosun", "조선"],
        help: "ŏ = eo = u, ch = j, Hangul → RR";
    cheongwadae: ["Cheongwadae", "Ch’ŏngwadae", "Ch'ŏngwadae", "청와대"],
        help: "aspiration apostrophes dropped, ŏ = eo";
    daejung: ["Daejung", "Dae-jung", "Taechung", "대중"],
        help: "given names joined; t = d, ch = j";
    sato: ["Satō", "Satou", "Satoh", "Sato", "SATŌ", "Satoo"],
        help: "long vowels ō ou oh oo = o";
    keizo: ["Keizō", "Keizou", "Keizo"],
        help: "long vowels";
    dokdo: ["Dokdo", "Tokdo", "Tokto", "독도"],
        help: "k/g and t/d merge";
    seoul: ["Seoul", "Sŏul", "서울"],
        help: "ŏ = eo";
    shinbun: ["Shimbun", "Shinbun", "Sinbun"],
        help: "shi = si, syllabic n written m before b";
    gunma: ["Gumma", "Gunma"],
        help: "syllabic n written m before m";
    chung_hee: ["Chung-hee", "Chŏng-hŭi", "Jeonghui", "정희"],
        help: "eo = u, ŭi = ui, hui = hee";
    park: ["Park", "Pak", "Bak", "박"],
        help: "CONVENTIONAL row pak";
    lee: ["Lee", "Yi", "Rhee", "이"],
        help: "CONVENTIONAL row yi";
    roh: ["Roh", "Noh", "노"],
        help: "CONVENTIONAL row no";
    choi: ["Choi", "Ch'oe", "Choe", "최"],
        help: "CONVENTIONAL row choe";
    chung: ["Chung", "Chŏng", "Jeong", "정"],
        help: "CONVENTIONAL row jeong (also eo = u)";
    kim: ["Kim", "Gim", "김"],
        help: "k/g merge (and the CONVENTIONAL row gim)";
    jichi: ["Fuji", "Fuzi", "Hudi"],
        help: "fu = hu, ji = zi = di";
    sha: ["Shashin", "Syasin"],
        help: "sha = sya (Kunrei), shi = si";
}

/// Where a word stands: in a query, or in a document (with the word after it).
#[derive(Debug, Clone, Copy)]
enum At {
    Query,
    Text(Option<&'static str>),
}

fn meets(a: &str, b: &str, at: At) -> bool {
    match at {
        At::Query => query_keys(a, None).is_some() && query_keys(b, None).is_some() && key(a) == key(b),
        At::Text(next) => is_name(a, next, Side::Text) && is_name(b, next, Side::Text) && key(a) == key(b),
    }
}

macro_rules! apart {
    ($($name:ident: $a:expr, $b:expr, $at:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            assert!(!meets($a, $b, $at), "\n{:?} meets {:?} ({:?})\nhelp: {}", $a, $b, $at, $help);
            assert!(!meets($b, $a, $at), "\n{:?} meets {:?} ({:?})\nhelp: {}", $b, $a, $at, $help);
        }
    )*};
}

apart! {
    keizo_keijo: "Keizō", "Keijō", At::Query,
        help: "zo is not jo (ji = zi only before i; jo = zyo)";
    sato_saito: "Satō", "Saitō", At::Query,
        help: "no rule drops a vowel";
    ono_onoe: "Ōno", "Onoe", At::Query,
        help: "oe is a vowel of its own (ㅚ), not a long o";
    choson_chosen: "Chosŏn", "Chōsen", At::Query,
        help: "ŏ = eo, ō = o: the marks must be read before folding";
    lee_lee: "Myung-bak", "Jae-myung", At::Query,
        help: "different given names";
    ohara_ora: "Ohara", "Ora", At::Query,
        help: "oh before a vowel keeps its h";
    god_good: "god", "good", At::Query,
        help: "English words are not names (shape: d is no coda)";
    god_good_capitalized: "God", "Good", At::Text(None),
        help: "not even capitalized";
    soul_seoul: "soul", "Seoul", At::Query,
        help: "soul is English; and its key differs (ou = o, eo = u)";
    soul_seoul_text: "Soul", "Seoul", At::Text(None),
        help: "soul is English even when capitalized";
    park_word_pak: "park", "Pak", At::Text(None),
        help: "park in lower case is the word, not the surname";
    park_word_query: "park", "Pak", At::Query,
        help: "a lower-case park typed in a query is the word too";
    no_word_roh: "no", "Roh", At::Query,
        help: "no is a surname only when capitalized";
    no_sentence_roh: "No", "Roh", At::Text(Some("agreement")),
        help: "No is a surname only before a given name";
}

/// Issue 24, item 5: capitalized month and day abbreviations and English
/// given names got keys, so `Chul` found every changelog dated "Jul".
/// Each row: an English word, and the name whose key it had.
#[test]
fn english_dates_and_given_names_are_not_korean_names() {
    let rows = [
        ("Jul", "Chul"),
        ("Jun", "Jeon"),
        ("Jun", "Chun"),
        ("Jan", "Chan"),
        ("Joe", "Choi"),
        ("Jon", "Chon"),
        ("Ave", "Abe"),
        ("Mon", "Mun"),
        ("Sat", "Sato"),
        ("Wed", "Wet"),
        ("Dan", "Tan"),
    ];
    for (english, name) in rows {
        for at in [At::Text(None), At::Query] {
            assert!(!meets(english, name, at), "{english} meets {name} ({at:?})");
        }
        assert!(!is_name(english, None, Side::Text), "{english} is a name in a text");
        assert!(query_keys(english, None).is_none(), "{english} is a name in a query");
    }
    // The names themselves still are.
    for name in ["Chul", "Jeon", "Chun", "Chan", "Choi", "Chon", "Abe"] {
        assert!(is_name(name, None, Side::Text), "{name}");
    }
    assert_eq!(
        text_keys("Mon, 12 Jul 2021 10:00:00 +0200 -- Joe Smith; 5 Jan, Jon at 3 Ave Rd"),
        ""
    );
}

/// `Choson` finds the newspaper's `Chosun`; the other way is not asked for
/// (a u never varies).
#[test]
fn mr_choson_finds_chosun() {
    assert!(query_finds("Choson", "Chosun"));
    assert!(!query_finds("Chosun", "Choson"));
    // A u does not vary: it would give every Jung a second key.
    assert!(breveless_keys("Dae-jung").is_empty());
}

/// Whether a query for `a` finds a document's `b` by its key or by one of
/// its breve-less McCune–Reischauer readings (issue 27).
fn query_finds(a: &str, b: &str) -> bool {
    query_keys(a, None).is_some()
        && is_name(b, None, Side::Text)
        && (key(a) == key(b) || key(b).is_some_and(|k| breveless_keys(a).contains(&k)))
}

macro_rules! breveless {
    ($($name:ident: $a:expr, $b:expr, meet: $meet:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            for (q, d) in [($a, $b), ($b, $a)] {
                assert_eq!(query_finds(q, d), $meet, "\nquery {q:?}, document {d:?}\nhelp: {}", $help);
            }
        }
    )*};
}

breveless! {
    mr_choson_joseon: "Choson", "Joseon", meet: true,
        help: "a closed o may be ŏ (= eo) printed without its breve";
    mr_choson_breve: "Choson", "Chosŏn", meet: true,
        help: "the breve form's eo may be printed o";
    mr_pyongyang: "Pyongyang", "Pyeongyang", meet: true,
        help: "yeo printed yo: the o closed by ng";
    mr_pyongyang_breve: "Pyongyang", "P’yŏngyang", meet: true,
        help: "aspiration apostrophe and breve";
    mr_chong_jeong: "Chong", "Jeong", meet: true,
        help: "Chŏng printed Chong is the surname Jeong (CONVENTIONAL row)";
    mr_pusan: "Pusan", "Busan", meet: true,
        help: "p = b (no breve involved)";
    mr_taegu: "Taegu", "Daegu", meet: true,
        help: "t = d, k = g";
    mr_kwangju: "Kwangju", "Gwangju", meet: true,
        help: "k = g, j = ch";
    mr_tonga: "Tonga", "Dong-a", meet: true,
        help: "t = d; the hyphen of Dong-a dropped";
    mr_hangul: "조선", "Choson", meet: true,
        help: "a Hangul query gets the readings too (RR eo printed o)";
    mr_not_ono_uno: "Ono", "Uno", meet: false,
        help: "open syllables never vary: Japanese Ono is not Uno";
    mr_not_kono_kuno: "Kono", "Kuno", meet: false,
        help: "open syllables never vary";
    mr_not_sato_satu: "Sato", "Satu", meet: false,
        help: "open syllables never vary";
    mr_not_macron: "Kōno", "Kuno", meet: false,
        help: "a macron is Hepburn: no McCune–Reischauer reading";
    mr_not_chosen: "Choson", "Chōsen", meet: false,
        help: "Chōsen (Japanese) has e where Chosŏn has ŏ";
    mr_not_son_sun: "Son", "Sun", meet: false,
        help: "English words are never names in a document";
    mr_not_song_sung: "Sung", "Song", meet: false,
        help: "Song is an English word in a document: no key to meet";
    mr_not_kim_kum: "Kim", "Kum", meet: false,
        help: "only o and eo vary";
    mr_not_tokto_tukto: "Tokto", "Tukto", meet: false,
        help: "a stop final (k, t, p) does not vary: 독 is an o";
}

/// Renders the keys of a document text as `key@position`.
fn text_keys(text: &str) -> String {
    name_keys(text, &analyze(text, Mode::Index))
        .iter()
        .map(|k| format!("{}@{}", k.key, k.position))
        .collect::<Vec<_>>()
        .join(" ")
}

macro_rules! text_keys {
    ($($name:ident: $input:expr => $expected:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(text_keys($input), $expected, "\ninput: {:?}\nhelp: {}", $input, $help);
        }
    )*};
}

text_keys! {
    names_in_prose: "Prime Minister Satō met Kim Dae-jung in Seoul." => "sato@2 kim@4 tae@5 taecunk@5 cunk@6 sur@8",
        help: "capitalized, syllable-shaped, not English: Prime and Minister are not names";
    lower_case_is_not_a_name: "the park near the sato house" => "",
        help: "document words in lower case are never names";
    spaced_given_name: "Kim Dae Jung’s visit" => "kim@0 kimtae@0 tae@1 taecunk@1 cunk@2",
        help: "two adjacent capitalized syllables also get their joined key on the first";
    marked_lower_case: "kukka wa hyŏngmyŏng kwa na" => "hyunkmyunk@2",
        help: "a romanization mark makes a name whatever the case";
    aspirated_words: "Samch’ǒk and t’ŭkpyŏl" => "samcuk@0 teukpyur@2",
        help: "aspiration apostrophes and marks; no key for what follows the apostrophe alone";
    hangul_name: "대통령 김대중 씨" => "taetonkryunk@0 tae@0 tonkryunk@1 kimtaecunk@2 kim@2 taecunk@3 si@4",
        help: "a Hangul word (name or not: no way to tell): its key, and for three syllables surname + given name at consecutive positions";
    no_surname: "No Tae-woo said no. No agreement." => "no@0 tae@1 taewo@1 wo@2",
        help: "No only before a given name";
    all_caps_is_not_a_name: "ISHIBA SHIGERU" => "",
        help: "all capitals are headings and acronyms";
}

proptest! {
    /// Any text: keys never panic, stay inside the text, and their
    /// positions never decrease.
    #[test]
    fn name_keys_never_panic(text in "\\PC{0,80}") {
        let tokens = analyze(&text, Mode::Index);
        let keys = name_keys(&text, &tokens);
        let mut last = 0;
        for k in keys {
            prop_assert!(k.from <= k.to && k.to <= text.len());
            prop_assert!(k.position >= last);
            last = k.position;
            prop_assert!(!k.key.is_empty());
        }
    }

    /// A key is made of ASCII letters and is its own key: applying the
    /// rules twice changes nothing.
    #[test]
    fn keys_are_idempotent(word in "[A-Za-zōŏŭǒ’'\\-]{1,20}|[가-힣]{1,4}") {
        if let Some(k) = key(&word) {
            prop_assert!(k.bytes().all(|b| b.is_ascii_lowercase()), "{k}");
            let again = key(&k);
            prop_assert_eq!(again.as_deref(), Some(k.as_str()), "{}", word);
        }
    }
}

/// Issue 27: kana → Hepburn meets the Japanese key (サトウ = さとう = Satō =
/// Satou = Sato), in a query (any kana word) and in a document (a katakana
/// run, or a hiragana word standing alone).
#[test]
fn kana_meets_hepburn() {
    for (kana, latin) in [
        ("サトウ", "Satō"),
        ("さとう", "Satou"),
        ("サトウ", "Sato"),
        ("ケイゾウ", "Keizō"),
        ("おぶち", "Obuchi"),
        ("イシバ", "Ishiba"),
        ("ジュンイチロウ", "Jun’ichirō"),
        ("ハットリ", "Hattori"),
    ] {
        assert_eq!(key(kana), key(latin), "{kana} vs {latin}");
        assert!(query_keys(kana, None).is_some(), "{kana} is not a name in a query");
        assert!(is_name(latin, None, Side::Text), "{latin}");
    }
    // Must not meet.
    for (kana, latin) in [
        ("サトウ", "Saitō"),
        ("ケイゾウ", "Keijō"),
        ("オノエ", "Ōno"),
        ("サイトウ", "Sato"),
    ] {
        assert_ne!(key(kana), key(latin), "{kana} vs {latin}");
    }
    // One kana is no name; kana mixed with Latin or Han is no key.
    assert!(query_keys("サ", None).is_none());
    assert_eq!(key("サトウsan"), None);
    assert_eq!(key("佐藤"), None);
}

text_keys! {
    katakana_in_a_sentence: "会議にはサトウ・ケイゾウ氏が出席した。" => "sato@4 keizo@6",
        help: "katakana runs get keys at their first bigram's position; the middle dot splits them";
    hiragana_standing_alone: "小渕(おぶち)首相とさとうを入れた茶" => "opuci@1",
        help: "a hiragana word in brackets is a reading; hiragana inside a sentence is grammar, no key";
}

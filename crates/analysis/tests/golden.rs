//! The analyzer's behaviour as a table.
//!
//! Each row of [`golden!`] is one test: the input, the mode, the expected
//! tokens written `text@position` (tokens stacked at one position share it),
//! and a `help:` line naming the rule that is probably wrong when the row
//! fails. To add a case, add a row.
//!
//! Further tables below check the original spelling that each token covers
//! (offsets), the stems, and that query phrases line up with the index.
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use sagasu_analysis::{analyze, fold_term, stem, Mode, Token};

use Mode::{Index, Query};

/// Renders tokens as `text@position`, space-separated.
fn render(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| format!("{}@{}", t.text, t.position))
        .collect::<Vec<_>>()
        .join(" ")
}

macro_rules! golden {
    ($($name:ident: $input:expr, $mode:ident => $expected:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            let tokens = analyze($input, $mode);
            assert_eq!(
                render(&tokens),
                $expected,
                "\ninput: {:?} ({:?})\nhelp: {}",
                $input,
                $mode,
                $help
            );
        }
    )*};
}

golden! {
    // ── The table ───────────────────────────────────────────────
    macron: "Satō", Index => "sato@0",
        help: "diacritic folding: NFKD, then drop combining marks";
    macron_upper: "SATŌ", Query => "sato@0",
        help: "lower-casing after decomposition";
    macron_decomposed: "Sato\u{304}", Index => "sato@0",
        help: "a combining macron stays inside its UAX #29 word and is dropped";
    plain_sato: "Sato sato", Query => "sato@0 sato@1",
        help: "ASCII fast path lower-cases";
    breve: "Chosŏn", Index => "choson@0",
        help: "breve (U+014F) folds to o";
    caron: "Chosǒn", Index => "choson@0",
        help: "caron (U+01D2) folds to o like the breve";
    breve_decomposed: "Choso\u{306}n", Index => "choson@0",
        help: "o + combining breve folds like the precomposed letter";
    curly_apostrophe_inside: "Ch’ŏngwadae", Index => "chongwadae@0 ongwadae@0",
        help: "apostrophes inside a word are dropped, not split on (the tail after it is stacked, see elision)";
    straight_apostrophe_inside: "Ch'ongwadae", Query => "chongwadae@0",
        help: "straight apostrophe inside a word is dropped";
    possessive_curly: "Japan’s", Index => "japan@0",
        help: "possessive ’s is stripped";
    possessive_straight: "Japan's", Index => "japan@0",
        help: "possessive 's is stripped";
    compound_index: "Kim Dae-jung", Index => "kim@0 dae@1 daejung@1 jung@2",
        help: "index mode: parts at consecutive positions plus the joined word at the first part's position";
    compound_query: "Kim Dae-jung", Query => "kim@0 dae@1 jung@2",
        help: "query mode: the parts only (a stacked joined word would make the phrase impossible)";
    spaced_name: "Kim Dae Jung", Index => "kim@0 dae@1 jung@2",
        help: "plain words: one position each";
    joined_query: "Daejung", Query => "daejung@0",
        help: "a single word is one token";
    line_end_hyphen: "restric-\ntions", Index => "restric@0 restrictions@0 tions@1",
        help: "a hyphen at a line end between letters makes a compound";
    line_end_hyphen_crlf_spaces: "restric- \t\r\n   tions", Index => "restric@0 restrictions@0 tions@1",
        help: "line-end hyphen: spaces and tabs around one \\r\\n line break are allowed";
    line_end_query: "restrictions", Query => "restrictions@0",
        help: "the joined word is one plain token at query time";
    compound_pair_index: "Japan-ROK", Index => "japan@0 japanrok@0 rok@1",
        help: "hyphenated compound, index mode";
    compound_pair_query: "Japan-ROK", Query => "japan@0 rok@1",
        help: "hyphenated compound, query mode: a phrase of parts";
    cjk_index: "日本語", Index => "日@0 日本@0 本@1 本语@1 语@1",
        help: "CJK: a unigram and a bigram per position; the last unigram stacks on the last bigram (語 folds to 语)";
    cjk_query: "日本語", Query => "日本@0 本语@1",
        help: "CJK query of two or more characters: bigrams only, consecutive positions";
    cjk_query_two: "日本", Query => "日本@0",
        help: "CJK query of two characters: one bigram";
    cjk_query_one: "語", Query => "语@0",
        help: "CJK query of one character: its unigram (indexed in every run)";
    hangul_topic: "독도는", Index => "독@0 독도@0 도@1 도는@1 는@1",
        help: "Hangul syllables are bigrammed like Han (NFKC, never NFKD into jamo)";
    hangul_object: "독도를", Index => "독@0 독도@0 도@1 도를@1 를@1",
        help: "Hangul: the particle changes only the last bigram";
    hangul_query: "독도", Query => "독도@0",
        help: "Hangul query: the noun's bigram";
    cyrillic: "Русский", Index => "русский@0",
        help: "Cyrillic lower-casing; й keeps its breve (it is a letter, not an accent)";
    french: "Français", Index => "francais@0",
        help: "cedilla folding";
    spanish: "Español", Index => "espanol@0",
        help: "tilde folding";
    dotted_acronym: "U.S.", Index => "us@0",
        help: "a dotted acronym of single letters joins into one word";
    acronym_query: "US", Query => "us@0",
        help: "ASCII lower-casing";
    ligature: "ﬁnancial", Index => "financial@0",
        help: "compatibility decomposition (NFKD/NFKC) of the ﬁ ligature";
    full_width: "ＲＯＫ", Index => "rok@0",
        help: "compatibility decomposition of full-width letters";
    phrase_negative_index: "Lee Myung-bak", Index => "lee@0 myung@1 myungbak@1 bak@2",
        help: "compound parts of a different name";
    phrase_negative_query: "Lee Jae-myung", Query => "lee@0 jae@1 myung@2",
        help: "query parts of the name";

    // ── Apostrophes ─────────────────────────────────────────────────────
    modifier_apostrophe: "Jun'ichirō Chʼŏng", Query => "junichiro@0 chong@1",
        help: "' and ʼ inside a word are dropped";
    prime_apostrophe: "Ch′ŏngwadae", Index => "chongwadae@0 ongwadae@0",
        help: "a prime between letters (split off by UAX #29) glues the word back; its tail is stacked";
    prime_apostrophe_query: "Ch′ŏngwadae", Query => "chongwadae@0",
        help: "query mode never stacks: the glued word only";
    elision: "coup d’état", Index => "coup@0 detat@1 etat@1",
        help: "the word after an elided article (d’, l’, qu’) is stacked on the joined word";
    elision_query: "coup d’état", Query => "coup@0 detat@1",
        help: "query mode: the joined word only (it is indexed too)";
    name_part_after_apostrophe: "Jun’ichirō Koizumi", Index => "junichiro@0 ichiro@0 koizumi@1",
        help: "the name part after an apostrophe is stacked: ichiro finds Jun’ichirō";
    contractions_have_no_tail: "don't you're I'll we've", Index => "dont@0 youre@1 ill@2 weve@3",
        help: "a tail of one or two letters after an apostrophe is an English contraction, not a word";
    tail_after_first_apostrophe: "qu’aujourd’hui", Index => "quaujourdhui@0 aujourdhui@0",
        help: "only the first inner apostrophe starts a tail (the rest folds as the query folds it)";
    tail_after_composed_marks: "কো’রান", Index => "কোরান@0 রান@0",
        help: "regression: kept marks before an apostrophe compose (ে + া = ো, shorter) and the tail still starts at a character boundary (it panicked)";
    possessive_after_digits: "1990's", Index => "1990@0",
        help: "'s after digits (split off by UAX #29) is a possessive too";
    possessive_upper: "JAPAN'S", Index => "japan@0",
        help: "possessive 'S is stripped";
    possessive_compound: "Jun'ichirō's", Query => "junichiro@0",
        help: "possessive stripped, inner apostrophe dropped";
    quotes_are_not_apostrophes: "'hello' ‘world’", Index => "hello@0 world@1",
        help: "quotation marks around a word are not part of it";

    // ── Hyphens ─────────────────────────────────────────────────────────
    chain_index: "Kim-Dae-jung", Index => "kim@0 kimdaejung@0 dae@1 jung@2",
        help: "a chain of hyphens is one compound; one joined word";
    chain_query: "Kim-Dae-jung", Query => "kim@0 dae@1 jung@2",
        help: "a chain of hyphens in a query: the parts";
    unicode_hyphen: "Dae‐jung Dae‑jung", Query => "dae@0 jung@1 dae@2 jung@3",
        help: "U+2010 and U+2011 are hyphens";
    en_dash_is_not_a_hyphen: "Japan–South Korea", Index => "japan@0 south@1 korea@2",
        help: "an en dash separates words: no compound";
    bullet_is_not_a_hyphen: "- item\n-item", Index => "item@0 item@1",
        help: "a hyphen not right after a letter or digit is not a compound hyphen";
    paragraph_break_is_not_a_join: "restric-\n\ntions", Index => "restric@0 tions@1",
        help: "line-end hyphen: exactly one line break";
    spaced_hyphen: "well- known", Index => "well@0 known@1",
        help: "a hyphen followed by a space on the same line joins nothing";
    digits_across_lines: "1990-\n2000", Index => "1990@0 2000@1",
        help: "line-end hyphen: letters on both sides only (a range across lines is not a word)";
    digits_compound: "COVID-19", Index => "covid@0 covid19@0 19@1",
        help: "same-line compounds join letters and digits";
    name_across_lines: "Roh Moo-\nhyun", Query => "roh@0 moo@1 hyun@2",
        help: "line-end hyphen, query mode: parts";
    soft_hyphen_inside: "restric\u{AD}tions", Index => "restrictions@0",
        help: "a soft hyphen inside a word is invisible: dropped";
    soft_hyphen_line_end: "restric\u{AD}\ntions", Index => "restric@0 restrictions@0 tions@1",
        help: "a soft hyphen at a line end joins like a hyphen";

    // ── Inner punctuation ───────────────────────────────────────────────
    domain: "example.com", Index => "example@0 examplecom@0 com@1",
        help: "a dotted word that is not an acronym is a compound";
    domain_query: "example.com", Query => "example@0 com@1",
        help: "a dotted word in a query: its parts";
    thousands: "1,000", Index => "1@0 1000@0 000@1",
        help: "digit groups are a compound: 1000 matches the joined form";
    not_an_acronym: "Ph.D.", Index => "ph@0 phd@0 d@1",
        help: "an acronym needs single letters only";
    abbreviation: "e.g.", Query => "eg@0",
        help: "dotted single letters join";
    snake_case: "snake_case", Query => "snake@0 case@1",
        help: "underscore separates parts";

    // ── Letters and scripts ─────────────────────────────────────────────
    stroke_letters: "Ødegaard Łódź Đorđe", Index => "odegaard@0 lodz@1 dorde@2",
        help: "letters without a decomposition: ø ł đ";
    ligature_letters: "Æsir Œuvre Straße", Index => "aesir@0 oeuvre@1 strasse@2",
        help: "æ → ae, œ → oe, ß → ss";
    dotless_i: "Işık İstanbul", Index => "isik@0 istanbul@1",
        help: "Turkish ı → i, İ → i (its dot is a combining mark)";
    greek_final_sigma: "ΟΔΟΣ οδός", Index => "οδοσ@0 οδοσ@1",
        help: "Greek: accents dropped, final sigma folded to σ";
    cyrillic_yo: "Ёлка", Index => "елка@0",
        help: "ё folds to е (its diaeresis is a diacritic)";
    arabic_harakat: "أَحْمَد", Index => "احمد@0",
        help: "Arabic: harakat and hamza-on-alef dropped";
    devanagari_signs_kept: "हिन्दी", Index => "हिन्दी@0",
        help: "marks that spell the word (Indic vowel signs) are kept";
    superscript: "x² ½", Index => "x@0 2@1 1@2 12@2 2@3",
        help: "compatibility decomposition of superscripts (a word of its own in UAX #29) and fractions (1⁄2: a compound)";
    full_width_digits: "２０２５年", Index => "2025@0 年@1",
        help: "full-width digits fold; the Han character is its own run";

    // ── CJK ─────────────────────────────────────────────────────────────
    japanese_mixed: "日本語を話す", Query => "日本@0 本语@1 语を@2 を话@3 话す@4",
        help: "Han and kana form one run";
    hangul_then_latin: "독도는Korea", Index => "독@0 독도@0 도@1 도는@1 는@1 korea@2",
        help: "Hangul glued to Latin letters by UAX #29 is cut into its own run";
    cjk_then_word: "日本語 text", Query => "日本@0 本语@1 text@2",
        help: "positions after a CJK run continue without a gap";

    // ── Traditional and simplified Han (issue 27) ───────────────────────
    traditional_folds: "臺灣", Query => "台湾@0",
        help: "traditional characters fold to simplified (cjk::simplified): 臺 → 台, 灣 → 湾";
    simplified_stays: "台湾", Query => "台湾@0",
        help: "simplified characters are already folded";
    mixed_forms: "台灣", Query => "台湾@0",
        help: "a text mixing the forms (台灣, the usual Taiwanese spelling) folds alike";
    kyujitai_folds: "國學", Index => "国@0 国学@0 学@0",
        help: "Japanese kyūjitai fold where the shinjitai is the simplified form (國 → 国, 學 → 学)";
    shinjitai_apart: "広廣", Query => "広广@0",
        help: "a shinjitai that is not the simplified form (広) stays itself; 廣 folds to 广";
    qian_kept: "乾隆", Query => "乾隆@0",
        help: "乾 keeps its own form in simplified text (Unihan lists it as its own simplified form too): not 干";
    zhe_kept: "著名", Query => "著名@0",
        help: "著 likewise (著名, not 着名)";
    ban_kept: "大阪阪本", Query => "大阪@0 阪阪@1 阪本@2",
        help: "阪 is on the must-not list (Japanese 阪本 and 坂本 are different names)";
    li_inside: "這裡 這裏 这里", Query => "这里@0 这里@1 这里@2",
        help: "裡 and 裏 fold to 里 although Unihan lists 裡 as its own simplified form (FOLD_ANYWAY)";
    hou_folds: "以後 皇后", Query => "以后@0 皇后@1",
        help: "後 folds to 后: 以後 = 以后; 皇后 is a different bigram, so words stay apart";
    hair_folds: "頭髮 發展", Query => "头发@0 发展@1",
        help: "髮 and 發 both fold to 发, as simplified text writes them";
    variation_selector_then_fold: "國\u{E0100}", Query => "国@0",
        help: "a variation selector is dropped and the character still folds";
    half_width_katakana: "ｶﾀｶﾅ", Query => "カタ@0 タカ@1 カナ@2",
        help: "NFKC maps half-width katakana to full width";
    voiced_half_width: "ｶﾞ", Query => "ガ@0",
        help: "a half-width voicing mark joins its kana";
    compatibility_ideograph: "\u{F900}", Query => "\u{5C82}@0",
        help: "NFKC maps compatibility ideographs to unified ones (豈 U+8C48), then to simplified (岂)";
    decomposed_hangul: "\u{1103}\u{1169}\u{11A8}\u{1103}\u{1169}", Query => "독도@0",
        help: "conjoining jamo compose into syllables (NFKC per unit)";
    variation_selector: "葛\u{E0100}城", Query => "葛城@0",
        help: "ideographic variation selectors are dropped";

    // ── Skipped ─────────────────────────────────────────────────────────
    punctuation_only: "-- ... ‘’ “” ()", Index => "",
        help: "no letters or digits, no token";
    emoji: "🎉 ok 👍🏽", Index => "ok@0",
        help: "emoji are not words";
    cjk_under_marks: &format!("日{}本", "\u{3099}".repeat(60)), Query => "日本@0",
        help: "a CJK unit buried under marks keeps its character (bigrams never exceed 100 bytes)";
    too_long: &format!("a {} b", "x".repeat(101)), Index => "a@0 b@1",
        help: "tokens over 100 bytes are dropped without taking a position";
}

/// Rows: input, a token's text, the original spelling its offsets cover.
const SPELLINGS: &[(&str, &str, &str)] = &[
    ("Satō met him", "sato", "Satō"),
    ("Sato\u{304}", "sato", "Sato\u{304}"),
    ("Ch’ŏngwadae", "chongwadae", "Ch’ŏngwadae"),
    ("Japan’s", "japan", "Japan’s"),
    ("Kim Dae-jung", "daejung", "Dae-jung"),
    ("Kim Dae-jung", "jung", "jung"),
    ("long-standing restric-\ntions on", "restrictions", "restric-\ntions"),
    ("long-standing restric-\ntions on", "tions", "tions"),
    ("the U.S. and", "us", "U.S"),
    ("ﬁnancial", "financial", "ﬁnancial"),
    ("ＲＯＫ", "rok", "ＲＯＫ"),
    ("日本語", "本语", "本語"),
    ("日本語", "语", "語"),
    ("臺灣", "台湾", "臺灣"),
    ("1990's", "1990", "1990's"),
    ("coup d’état", "etat", "état"),
    ("Jun’ichirō", "ichiro", "ichirō"),
    ("Ch′ŏngwadae", "ongwadae", "ŏngwadae"),
    ("ｶﾞ", "ガ", "ｶﾞ"),
];

#[test]
fn offsets_cover_the_original_spelling() {
    for &(input, text, spelling) in SPELLINGS {
        let tokens = analyze(input, Index);
        let token = tokens
            .iter()
            .find(|t| t.text == text)
            .unwrap_or_else(|| panic!("{input:?}: no token {text:?} in {}", render(&tokens)));
        assert_eq!(
            &input[token.offset_from..token.offset_to],
            spelling,
            "\ninput: {input:?}, token {text:?}\nhelp: offsets must point into the original text"
        );
    }
}

/// Rows: words whose stems must be equal, and the help line.
const SAME_STEM: &[(&[&str], &str)] = &[
    (
        &["negotiations", "negotiating", "negotiate", "negotiated"],
        "English Snowball stemming of folded tokens",
    ),
    (
        &["Relations", "relation", "related"],
        "stemming applies to folded (lower-case) tokens",
    ),
];

#[test]
fn stems() {
    for &(words, help) in SAME_STEM {
        let stems: Vec<String> = words
            .iter()
            .map(|w| {
                let t = analyze(w, Query);
                assert_eq!(t.len(), 1, "{w}");
                stem(&t[0].text).into_owned()
            })
            .collect();
        assert!(
            stems.iter().all(|s| *s == stems[0]),
            "{words:?} stem to {stems:?}\nhelp: {help}"
        );
    }
    for other in ["русский", "日本", "독도", "2025"] {
        assert_eq!(stem(other), other, "help: non-Latin tokens are not stemmed");
    }
}

#[test]
fn fold_term_matches_analyze() {
    for (word, folded) in [
        ("Satō", "sato"),
        ("SATŌ", "sato"),
        ("Chosǒn", "choson"),
        ("Ch’ŏngwadae", "chongwadae"),
        ("Japan’s", "japan"),
        ("Jun'ichirō", "junichiro"),
        ("Dae-jung", "daejung"),
        ("U.S.", "us"),
        ("ﬁnancial", "financial"),
        ("ＲＯＫ", "rok"),
        ("Русский", "русский"),
        ("日本語", "日本语"),
        ("臺灣", "台湾"),
        ("독도", "독도"),
        ("ｶﾞ", "ガ"),
    ] {
        assert_eq!(fold_term(word), folded, "fold_term({word:?})");
    }
}

/// Does `query` (analyzed in query mode) occur as a phrase in `text`
/// (analyzed in index mode)? Every query token must be found at the same
/// relative position, as tantivy's phrase query would require.
fn phrase_matches(text: &str, query: &str) -> bool {
    let index = analyze(text, Index);
    let query = analyze(query, Query);
    let Some(first) = query.first() else {
        return false;
    };
    let has = |text: &str, position: usize| index.iter().any(|t| t.text == text && t.position == position);
    index.iter().filter(|t| t.text == first.text).any(|start| {
        query
            .iter()
            .all(|q| has(&q.text, start.position + q.position - first.position))
    })
}

/// Rows: a query, a text it must find as a phrase, and the help line.
const MUST_FIND: &[(&str, &str, &str)] = &[
    ("Sato", "Satō", "macron folding"),
    ("SATŌ", "Satō", "macron folding, upper case"),
    ("Choson", "Chosŏn", "breve folding"),
    ("Chosŏn", "Chosǒn", "breve and caron fold alike"),
    ("Chongwadae", "Ch’ŏngwadae", "apostrophe inside a word"),
    ("Ch'ongwadae", "Ch’ŏngwadae", "straight and curly apostrophes"),
    ("Japan", "Japan’s", "possessive ’s"),
    ("Japan", "Japan's", "possessive 's"),
    ("Daejung", "Kim Dae-jung", "joined word indexed at the first part"),
    ("Kim Dae Jung", "Kim Dae-jung", "query parts line up with index parts"),
    ("Kim Dae Jung", "Kim Dae Jung", "plain phrase"),
    ("Kim Dae-jung", "Kim Dae-jung", "compound query against compound text"),
    ("Kim Dae-jung", "Kim Dae Jung", "compound query against spaced text"),
    ("Kim Daejung", "Kim Dae-jung", "joined word in a phrase"),
    ("restrictions", "long-standing restric-\ntions on", "line-end hyphen"),
    (
        "restric tions",
        "long-standing restric-\ntions on",
        "line-end hyphen parts",
    ),
    ("Japan-ROK", "Japan-ROK summit", "compound phrase"),
    ("Japan ROK", "the Japan-ROK summit", "compound parts as a phrase"),
    ("日本", "- 日本語", "CJK bigram"),
    ("日本語", "- 日本語", "CJK bigram phrase"),
    ("語", "- 日本語", "CJK unigram"),
    ("日本語 text", "日本語 text", "CJK then a word"),
    ("語 text", "日本語 text", "last CJK unigram then a word"),
    ("text 日本", "text 日本語", "a word then CJK"),
    (
        "中華人民共和國",
        "中华人民共和国成立",
        "traditional query, simplified text",
    ),
    ("台湾问题", "臺灣問題", "simplified query, traditional text"),
    ("國", "中华人民共和国", "traditional unigram in simplified text"),
    ("독도", "독도는 한국 땅", "Hangul bigram, particle 는"),
    ("독도", "독도를 방문했다", "Hangul bigram, particle 를"),
    ("русский", "Русский", "Cyrillic lower case"),
    ("francais", "Français", "cedilla"),
    ("espanol", "Español", "tilde"),
    ("US", "the U.S. and", "dotted acronym"),
    ("U.S.", "the US and", "dotted acronym in the query"),
    ("financial", "ﬁnancial", "ligature"),
    ("ROK", "ＲＯＫ", "full-width"),
    ("example com", "see example.com now", "dotted compound parts"),
    ("Jun'ichirō", "Junichiro", "apostrophe dropped on both sides"),
    ("Moo-hyun", "Roh Moo-\nhyun", "line-end hyphen in a name"),
    ("état", "the coup d’état", "the word after an elided article"),
    ("coup d'état", "the coup d’état", "elision, joined"),
    ("coup état", "the coup d’état", "elision: the article dropped"),
    ("ichiro", "Jun’ichirō Koizumi", "the name part after an apostrophe"),
    (
        "Ichiro Koizumi",
        "Jun’ichirō Koizumi",
        "the name part after an apostrophe, in a phrase",
    ),
];

#[test]
fn must_find() {
    for &(query, text, help) in MUST_FIND {
        assert!(
            phrase_matches(text, query),
            "query {query:?} does not find {text:?}\nquery: {}\nindex: {}\nhelp: {help}",
            render(&analyze(query, Query)),
            render(&analyze(text, Index)),
        );
    }
}

/// Rows: a query, a text it must NOT find as a phrase, and the help line.
const MUST_NOT_FIND: &[(&str, &str, &str)] = &[
    (
        "Lee Jae-myung",
        "Lee Myung-bak",
        "compound parts keep their order: a different name must not match",
    ),
    ("Lee Jae myung", "Lee Myung-bak", "spaced query, different name"),
    ("독도를", "독도는", "different particle"),
    ("restrictions", "restric-\n\ntions", "no join across a paragraph"),
    ("t", "don't", "a contraction's tail is not a word"),
    ("re", "you're", "a contraction's tail is not a word"),
];

#[test]
fn must_not_find() {
    for &(query, text, help) in MUST_NOT_FIND {
        assert!(
            !phrase_matches(text, query),
            "query {query:?} finds {text:?}\nquery: {}\nindex: {}\nhelp: {help}",
            render(&analyze(query, Query)),
            render(&analyze(text, Index)),
        );
    }
}

/// A known, accepted looseness: a CJK run of n characters takes n - 1
/// positions (one per bigram), the last unigram stacked on the last bigram,
/// so that query positions stay consecutive and "語 text" finds
/// "日本語 text". The price: the first unigram of a two-character run shares
/// that position, so the phrase "日 text" also finds "日本 text". Phrases of
/// lone CJK characters separated by spaces are rare; this test pins the
/// behaviour so that changing it is a decision.
#[test]
fn cjk_unigram_phrases_are_loose() {
    assert!(phrase_matches("日本 text", "日 text"));
    assert!(!phrase_matches("日本語 text", "日 text"));
}

/// Index and query mode agree: the query-mode tokens of any text occur in
/// its index-mode tokens, at the same positions, and are consecutive.
#[test]
fn index_and_query_agree() {
    let texts = MUST_FIND
        .iter()
        .flat_map(|&(q, t, _)| [q, t])
        .chain(SPELLINGS.iter().map(|&(t, _, _)| t))
        .chain([
            "Kim-Dae-jung met Lee Myung-bak and Japan’s PM in the U.S.",
            "日本語を話す독도는Korea ｶﾞ restric-\r\n  tions 1,000 example.com",
            "Roh Moo-\nhyun, 1990's, Ch′ŏngwadae, e.g. COVID-19",
        ]);
    for text in texts {
        let index = analyze(text, Index);
        let query = analyze(text, Query);
        for (i, q) in query.iter().enumerate() {
            assert_eq!(q.position, i, "{text:?}: query positions must be 0, 1, 2, ...");
            assert!(
                index.iter().any(|t| t.text == q.text
                    && t.position == q.position
                    && t.offset_from == q.offset_from
                    && t.offset_to == q.offset_to),
                "{text:?}: query token {q:?} missing from index tokens {}",
                render(&index)
            );
        }
        assert!(phrase_matches(text, text) || query.is_empty(), "{text:?}");
    }
}

//! Wade–Giles ↔ Pinyin as tables (`sagasu_analysis::romanize::wade_giles`).
//!
//! - [`syllables!`]: a Pinyin syllable and its Wade–Giles spelling, rows of
//!   the Library of Congress / University of Chicago conversion tables, with
//!   the rule that is probably wrong when the row fails;
//! - [`meets!`]: a query (its words as typed) and a word of a document that
//!   it must find (`meet: true`) or must not (`meet: false`), through a
//!   reading ([`wade_giles_readings`]), in the query's context.
//!
//! To add a case, add a row.
#![allow(unused_crate_dependencies)]

use sagasu_analysis::fold_term;
use sagasu_analysis::romanize::{is_chinese_name, wade_giles, wade_giles_readings, PINYIN, POSTAL};

macro_rules! syllables {
    ($($name:ident: $pinyin:expr => $wade:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(wade_giles($pinyin), $wade, "\npinyin {:?}\nhelp: {}", $pinyin, $help);
        }
    )*};
}

syllables! {
    s_b_is_p: "ba" => "pa", help: "b p → p p’ (aspiration)";
    s_p_is_p_apostrophe: "ping" => "p'ing", help: "p → p’";
    s_d_is_t: "deng" => "teng", help: "d → t";
    s_t_aspirated: "tai" => "t'ai", help: "t → t’";
    s_g_is_k: "guang" => "kuang", help: "g → k";
    s_k_aspirated: "kang" => "k'ang", help: "k → k’";
    s_j_is_ch: "jiang" => "chiang", help: "j → ch";
    s_q_is_ch_apostrophe: "qing" => "ch'ing", help: "q → ch’";
    s_x_is_hs: "xiao" => "hsiao", help: "x → hs";
    s_zh_is_ch: "zhou" => "chou", help: "zh → ch";
    s_ch_aspirated: "chen" => "ch'en", help: "ch → ch’";
    s_sh_is_sh: "shan" => "shan", help: "sh stays";
    s_r_is_j: "ren" => "jen", help: "r → j";
    s_z_is_ts: "zao" => "tsao", help: "z → ts";
    s_c_is_ts_apostrophe: "cao" => "ts'ao", help: "c → ts’";
    s_zhi: "zhi" => "chih", help: "zhi chi shi ri → chih ch’ih shih jih";
    s_chi: "chi" => "ch'ih", help: "zhi chi shi ri → chih ch’ih shih jih";
    s_shi: "shi" => "shih", help: "zhi chi shi ri → chih ch’ih shih jih";
    s_ri: "ri" => "jih", help: "zhi chi shi ri → chih ch’ih shih jih";
    s_zi: "zi" => "tzu", help: "zi ci si → tzu tz’u ssu";
    s_ci: "ci" => "tz'u", help: "zi ci si → tzu tz’u ssu";
    s_si: "si" => "ssu", help: "zi ci si → tzu tz’u ssu";
    s_ie: "jie" => "chieh", help: "-ie → -ieh";
    s_ian: "xian" => "hsien", help: "-ian → -ien";
    s_ong: "dong" => "tung", help: "-ong → -ung";
    s_iong: "xiong" => "hsiung", help: "-iong → -iung";
    s_ju: "ju" => "chv", help: "u after j q x is ü (v)";
    s_xue: "xue" => "hsveh", help: "-üe → -üeh";
    s_juan: "quan" => "ch'van", help: "u after j q x is ü";
    s_lve: "lve" => "lveh", help: "lüe → lüeh";
    s_uo: "luo" => "lo", help: "-uo → -o";
    s_guo: "guo" => "kuo", help: "guo kuo huo shuo keep uo";
    s_zuo: "zuo" => "tso", help: "-uo → -o";
    s_ge: "ge" => "ko", help: "ge ke he → ko k’o ho";
    s_he: "he" => "ho", help: "ge ke he → ko k’o ho";
    s_gui: "gui" => "kuei", help: "gui kui → kuei k’uei";
    s_hui: "hui" => "hui", help: "hui stays";
    s_yi: "yi" => "i", help: "yi → i";
    s_yan: "yan" => "yen", help: "yan → yen";
    s_ye: "ye" => "yeh", help: "ye → yeh";
    s_you: "you" => "yu", help: "you → yu";
    s_yu: "yu" => "yv", help: "yu → yü";
    s_yong: "yong" => "yung", help: "yong → yung";
    s_er: "er" => "erh", help: "er → erh";
    s_ze: "ze" => "tse", help: "z → ts, e stays (tsê)";
    s_mao: "mao" => "mao", help: "m and ao stay";
    s_en: "en" => "en", help: "en stays";
}

/// Every Pinyin syllable is spelled in Wade–Giles with the letters that
/// alphabet has (no b d g j q x z r c, and hs ts tz only as initials).
#[test]
fn wade_giles_has_no_pinyin_letters() {
    for p in PINYIN.split_whitespace() {
        let w = wade_giles(p);
        let rest = w.replacen("ch", "", 1).replacen("tz", "", 1).replacen("erh", "", 1);
        assert!(!rest.contains(&['b', 'd', 'q', 'x', 'z', 'r', 'c'][..]), "{p} → {w}");
    }
}

/// Whether the query (its words as typed) finds the document's word: the
/// document's folded word is the folded spelling of a query word or one of
/// its readings, each word read with the others as its context.
fn finds(query: &str, document: &str) -> bool {
    let words: Vec<&str> = query.split_whitespace().collect();
    let doc = fold_term(document);
    words.iter().enumerate().any(|(i, w)| {
        let in_name = words.iter().enumerate().any(|(j, o)| j != i && is_chinese_name(o));
        wade_giles_readings(w, in_name).contains(&doc)
    })
}

macro_rules! meets {
    ($($name:ident: $query:expr, $document:expr, meet: $meet:expr, help: $help:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_eq!(finds($query, $document), $meet, "\nquery {:?}, document {:?}\nhelp: {}", $query, $document, $help);
        }
    )*};
}

meets! {
    m_zedong: "Mao Zedong", "Tse-tung", meet: true, help: "ze-dong → tse-tung";
    m_tse_tung: "Mao Tse-tung", "Zedong", meet: true, help: "tse → ze (ts → z), tung → dong";
    m_tsetung_joined: "Tsetung", "Zedong", meet: true, help: "an unhyphenated Wade–Giles name splits into syllables";
    m_chou: "Chou En-lai", "Zhou", meet: true, help: "ch → zh; En-lai makes Chou a name";
    m_zhou: "Zhou Enlai", "Chou", meet: true, help: "zh → ch";
    m_deng: "Deng Xiaoping", "Teng", meet: true, help: "d → t";
    m_xiaoping: "Deng Xiaoping", "Hsiao-p'ing", meet: true, help: "x → hs, p → p’";
    m_hsiao_ping_apostrophe: "Teng Hsiao-p'ing", "Xiaoping", meet: true, help: "p’ is Pinyin p";
    m_hsiao_ping_typographic: "Teng Hsiao-p’ing", "Xiaoping", meet: true, help: "’ is an apostrophe";
    m_hsiao_ping_okina: "Teng Hsiao-pʻing", "Xiaoping", meet: true, help: "ʻ is an apostrophe";
    m_hsiao_ping_left_quote: "Teng Hsiao-p‘ing", "Xiaoping", meet: true, help: "‘ is an apostrophe";
    m_hsiao_ping_bare: "Teng Hsiao-ping", "Xiaoping", meet: true, help: "without apostrophes p may be p’";
    m_hsiaoping_joined: "Teng Hsiaoping", "Xiaoping", meet: true, help: "without the hyphen";
    m_teng: "Teng Hsiao-p'ing", "Deng", meet: true, help: "t → d, Teng in a name";
    m_chiang: "Chiang Kai-shek", "Jiang", meet: true, help: "ch → j (before i)";
    m_kai_shek: "Chiang Kai-shek", "Jieshi", meet: true, help: "POSTAL row: Kai-shek is Cantonese";
    m_jieshi: "Jiang Jieshi", "Kai-shek", meet: true, help: "POSTAL row";
    m_jiang: "Jiang Jieshi", "Chiang", meet: true, help: "j → ch";
    m_yat_sen: "Sun Yat-sen", "Yixian", meet: true, help: "POSTAL row (decided: Yixian, his courtesy name)";
    m_kuomintang: "Kuomintang", "Guomindang", meet: true, help: "k → g, t → d";
    m_guomindang: "Guomindang", "Kuomintang", meet: true, help: "g → k, d → t";
    m_tsinghua: "Tsinghua", "Qinghua", meet: true, help: "POSTAL row";
    m_qinghua: "Qinghua", "Tsinghua", meet: true, help: "POSTAL row";
    m_qinghua_wade: "Qinghua", "Ch'ing-hua", meet: true, help: "q → ch’";
    m_szechwan: "Szechwan", "Sichuan", meet: true, help: "POSTAL row";
    m_sichuan: "Sichuan", "Szechwan", meet: true, help: "POSTAL row";
    m_peking: "Peking", "Beijing", meet: true, help: "POSTAL row";
    m_beijing: "Beijing", "Peking", meet: true, help: "POSTAL row";
    m_canton: "Canton", "Guangzhou", meet: true, help: "POSTAL row";
    m_nanking: "Nanking", "Nanjing", meet: true, help: "POSTAL row";
    m_tientsin: "Tianjin", "Tientsin", meet: true, help: "POSTAL row";
    m_amoy: "Amoy", "Xiamen", meet: true, help: "POSTAL row";
    m_chungking: "Chongqing", "Chungking", meet: true, help: "POSTAL row";
    m_taipei: "Taibei Zhongshan", "Taipei", meet: true, help: "b → p: Taipei is Wade–Giles without its apostrophe; Taibei (Hepburn-shaped) beside a Chinese name";
    not_taibei_alone: "Taibei", "Taipei", meet: false, help: "ta-i-be-i is shaped like Japanese: read only beside a Chinese name";
    not_ishiba: "Shigeru Ishiba", "Ishihpa", meet: false, help: "Japanese names (Hepburn-shaped) get no reading";
    not_ono_uno: "Ono", "Onuo", meet: false, help: "Japanese names (Hepburn-shaped) get no reading";
    not_sato: "Sato", "Satuo", meet: false, help: "Japanese names (Hepburn-shaped) get no reading";
    not_mixing: "mixing", "mihsing", meet: false, help: "english_chinese.txt: mi-xing is English";
    not_canadian: "Canadian", "Tsanatien", meet: false, help: "english_chinese.txt (capitalized words of the list too)";
    m_ching: "Ch'ing", "Qing", meet: true, help: "an apostrophe makes one syllable a name (ch’ → q)";
    // Must not.
    not_chang_alone: "Chang", "Zhang", meet: false, help: "one syllable alone: Chang is English";
    not_long: "Long", "Lung", meet: false, help: "one syllable alone";
    not_sun: "Sun", "Sun", meet: false, help: "the word itself is never a reading";
    not_hang: "Hang", "Hang", meet: false, help: "one syllable alone";
    not_ping: "Ping", "Bing", meet: false, help: "one syllable alone";
    not_lin: "Lin", "Lin", meet: false, help: "one syllable alone";
    not_chin: "Chin", "Jin", meet: false, help: "one syllable alone";
    not_tao: "Tao", "Dao", meet: false, help: "one syllable alone";
    not_yang: "Yang", "Yang", meet: false, help: "one syllable alone";
    not_wang: "Wang", "Wang", meet: false, help: "one syllable alone";
    not_tang: "Tang", "Dang", meet: false, help: "one syllable alone";
    not_shi: "Shi", "Shih", meet: false, help: "one syllable alone";
    not_mao: "Mao", "Mao", meet: false, help: "one syllable alone";
    not_chung_korean: "Chung Ju-yung", "Zhong", meet: false, help: "NEVER: Chung is Korean 정 too";
    not_chung_alone: "Chung", "Zhong", meet: false, help: "NEVER";
    not_kim: "Kim Dae-jung", "Jin", meet: false, help: "Kim and Dae-jung are no Mandarin syllables";
    not_park: "Park Chung-hee", "Zhong", meet: false, help: "hee is no Mandarin syllable";
    not_lee: "Lee", "Li", meet: false, help: "lee is no Mandarin syllable";
    not_china: "china", "qina", meet: false, help: "a common English word of two syllables";
    not_human: "human", "human", meet: false, help: "a common English word";
    not_canton_lower: "canton", "Guangzhou", meet: false, help: "canton is an English word: the postal name needs its capital";
    not_chiang_alone: "Chiang", "Jiang", meet: false, help: "one syllable alone";
}

/// The postal table has no spelling twice and only lower-case letters
/// (what `fold_term` makes of a word).
#[test]
fn postal_rows_are_folded_and_apart() {
    let mut seen = std::collections::HashSet::new();
    for row in POSTAL {
        assert!(row.len() >= 2, "{row:?}");
        for s in *row {
            assert_eq!(fold_term(s), *s);
            assert!(seen.insert(*s), "{s} twice");
        }
    }
}

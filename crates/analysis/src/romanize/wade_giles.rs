//! Wade–Giles ↔ Pinyin (issue 27): a Chinese name typed in one
//! romanization is also searched in the other, as words (query side only:
//! nothing indexed changes). `Zedong` is also `Tse-tung`, `Teng Hsiao-p’ing`
//! also `Deng Xiaoping`, `Kuomintang` also `Guomindang`; the old postal
//! spellings, which no syllable rule gives (`Peking`, `Canton`, `Amoy`),
//! come from [`POSTAL`].
//!
//! The correspondence is one of syllables. [`PINYIN`] lists the syllables
//! of Hanyu Pinyin; each one's Wade–Giles spelling follows from the
//! initials and finals of the standard conversion tables (Library of
//! Congress, *Pinyin Conversion Project: New Chinese Romanization
//! Guidelines*, <https://www.loc.gov/catdir/pinyin/romcover.html>, and its
//! Wade–Giles/Pinyin conversion table; University of Chicago Library,
//! *Wade-Giles to Pinyin Conversion Table*): b p m f d t n l g k h → p p’ m
//! f t t’ n l k k’ h; j q x → ch ch’ hs; zh ch sh r → ch ch’ sh j; z c s →
//! ts ts’ s; zhi chi shi ri → chih ch’ih shih jih; zi ci si → tzu tz’u ssu;
//! -ie -ian -ong -iong → -ieh -ien -ung -iung; -ü -üe after j q x y → -ü
//! -üeh; -uo → -o (but guo kuo huo shuo); ge ke he → ko k’o ho; gui kui →
//! kuei k’uei; yi you yu yan ye yong er → i yu yü yen yeh yung erh. The
//! golden rows of `crates/analysis/tests/romanization.rs` check it.
//!
//! Wade–Giles drops its apostrophes and umlauts in most English books, and
//! the index drops them too (`P’ing` is indexed `ping`): a Wade–Giles word
//! written without any apostrophe or ü may be aspirated or not (`Teng` is
//! 鄧 Deng or 滕 Teng), so it gets both readings; one written with an
//! apostrophe somewhere is read as written (`Hsiao-p’ing` is Xiaoping).
//!
//! Guard: most one-syllable spellings are English words or very frequent
//! (Chang, Long, Sun, Hang, Ping, Lin, Tao, Wang), so a word of one
//! syllable gets readings only next to a word of two or more (`Teng` in
//! `Teng Hsiao-p’ing`, `Chou` in `Chou En-lai`) or when it carries an
//! aspiration apostrophe (`Ch’en`), never `Chung` (Korean 정 as often as
//! Chinese 鍾). A word of two or more syllables that is a common English
//! word (`human`, `china`, `banana`) gets none.

use super::guard::is_english;
use crate::fold::is_apostrophe;

/// The syllables of Hanyu Pinyin, `v` for ü (lü, nü, lüe, nüe).
pub const PINYIN: &str = "a ai an ang ao e ei en eng er o ou \
yi ya yao ye you yan yin yang ying yong yu yue yuan yun wu wa wo wai wei wan wen wang weng \
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu \
fa fan fang fei fen feng fo fou fu \
da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve \
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv lve \
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo \
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
sa sai san sang sao se sen seng si song sou su suan sui sun suo";

/// Conventional spellings no syllable rule gives: the postal romanization
/// of places (1906) and the Cantonese-derived spellings of two names, each
/// row's spellings (lower case, no hyphen) meeting each other. Taiwan,
/// Formosa and Hong Kong are not here: Formosa is another name, not a
/// spelling, and Hong Kong and Taiwan are spelled the same in both.
/// Sun Yat-sen is 孫逸仙 Sun Yixian (his courtesy name, in Pinyin); the
/// Pinyin books also call him Sun Zhongshan (孫中山), another name, left to
/// an alias file.
pub const POSTAL: &[&[&str]] = &[
    &["peking", "beijing", "peiping", "beiping"],
    &["canton", "guangzhou", "kwangchow"],
    &["nanking", "nanjing"],
    &["tientsin", "tianjin"],
    &["amoy", "xiamen"],
    &["chungking", "chongqing"],
    &["tsinghua", "qinghua"],
    &["szechwan", "szechuan", "sichuan"],
    &["tsingtao", "qingdao"],
    &["sinkiang", "xinjiang"],
    &["kwangtung", "guangdong"],
    &["kwangsi", "guangxi"],
    &["fukien", "fujian"],
    &["hupeh", "hubei"],
    &["honan", "henan"],
    &["hopeh", "hopei", "hebei"],
    &["shansi", "shanxi"],
    &["shensi", "shaanxi"],
    &["kiangsu", "jiangsu"],
    &["kiangsi", "jiangxi"],
    &["chekiang", "zhejiang"],
    &["kweichow", "guizhou"],
    &["anhwei", "anhui"],
    &["soochow", "suzhou"],
    &["hangchow", "hangzhou"],
    &["foochow", "fuzhou"],
    &["swatow", "shantou"],
    &["hankow", "hankou"],
    &["tsinan", "jinan"],
    &["sian", "xian"],
    &["lanchow", "lanzhou"],
    &["kaishek", "jieshi"],
    &["yatsen", "yixian"],
];

/// Postal names that are also English words: they need their capital.
const POSTAL_ENGLISH: &[&str] = &["canton"];

/// One-syllable words that never get readings, whatever stands next to
/// them: `Chung` is the Korean surname 정 as often as Chinese 鍾.
pub const NEVER: &[&str] = &["chung"];

/// At most this many readings of one word.
const MAX_READINGS: usize = 6;

/// At most this many syllables in one word (Kuomintang has three,
/// Heilongjiang three).
const MAX_SYLLABLES: usize = 4;

/// Common English words that split into two or more Pinyin or Wade–Giles
/// syllables (`mixing`, `canadian`) and are not already in the romanization
/// guard's list: never read as Chinese names. Generated by `cargo run -p
/// sagasu-analysis --example english_chinese_list`.
const ENGLISH_CHINESE: &str = include_str!("english_chinese.txt");

/// Whether `folded` (lower case) is a common English word (see
/// [`ENGLISH_CHINESE`] and the guard's list).
fn english(folded: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    is_english(folded)
        || WORDS
            .get_or_init(|| {
                ENGLISH_CHINESE
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .collect()
            })
            .contains(folded)
}

/// The word as the tables read it: lower case ASCII, `v` for ü, `'` for
/// any apostrophe, `-` for a hyphen; `None` when it has another letter, a
/// digit or punctuation inside.
fn normalize(word: &str) -> Option<String> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ü' | 'Ü' => out.push('v'),
            'ê' | 'Ê' | 'é' | 'è' => out.push('e'),
            c if c.is_ascii_alphabetic() => out.push(c.to_ascii_lowercase()),
            c if is_apostrophe(c) => out.push('\''),
            '-' | '\u{2010}' | '\u{2011}' => out.push('-'),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The spelling the index holds: no apostrophe, no hyphen, u for ü.
fn folded(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '\'' && c != '-')
        .map(|c| if c == 'v' { 'u' } else { c })
        .collect()
}

/// The Wade–Giles spelling of one Pinyin syllable (`v` for ü, `'` for the
/// aspiration apostrophe).
pub fn wade_giles(pinyin: &str) -> String {
    let whole = match pinyin {
        "zhi" => "chih",
        "chi" => "ch'ih",
        "shi" => "shih",
        "ri" => "jih",
        "zi" => "tzu",
        "ci" => "tz'u",
        "si" => "ssu",
        "er" => "erh",
        "e" => "o",
        "yi" => "i",
        "you" => "yu",
        "yu" => "yv",
        "yue" => "yveh",
        "yuan" => "yvan",
        "yun" => "yvn",
        "yan" => "yen",
        "ye" => "yeh",
        "yong" => "yung",
        "ge" => "ko",
        "ke" => "k'o",
        "he" => "ho",
        "gui" => "kuei",
        "kui" => "k'uei",
        _ => "",
    };
    if !whole.is_empty() {
        return whole.to_string();
    }
    let initials = [
        ("zh", "ch"),
        ("ch", "ch'"),
        ("sh", "sh"),
        ("b", "p"),
        ("p", "p'"),
        ("d", "t"),
        ("t", "t'"),
        ("g", "k"),
        ("k", "k'"),
        ("j", "ch"),
        ("q", "ch'"),
        ("x", "hs"),
        ("r", "j"),
        ("z", "ts"),
        ("c", "ts'"),
        ("m", "m"),
        ("f", "f"),
        ("n", "n"),
        ("l", "l"),
        ("h", "h"),
        ("s", "s"),
    ];
    let (initial, rest) = initials
        .iter()
        .find(|(p, _)| pinyin.starts_with(p))
        .map_or(("", pinyin), |&(p, w)| (w, &pinyin[p.len()..]));
    let palatal = matches!(pinyin.as_bytes()[0], b'j' | b'q' | b'x');
    let mut fin = rest.to_string();
    if palatal && fin.starts_with('u') {
        // ju qu xu: the u is ü.
        fin.replace_range(..1, "v");
    }
    let fin = match fin.as_str() {
        "uo" if !matches!(pinyin, "guo" | "kuo" | "huo" | "shuo" | "wo") => "o".to_string(),
        "ie" => "ieh".to_string(),
        "ve" => "veh".to_string(),
        "ian" => "ien".to_string(),
        "ong" => "ung".to_string(),
        "iong" => "iung".to_string(),
        _ => fin.clone(),
    };
    format!("{initial}{fin}")
}

/// Pinyin and Wade–Giles syllables, each with its spellings in the other.
struct Tables {
    pinyin: std::collections::HashSet<&'static str>,
    /// Wade–Giles as written (apostrophes, `v`) → Pinyin.
    wade: std::collections::HashMap<String, Vec<&'static str>>,
    /// Wade–Giles without apostrophes or umlauts → Pinyin.
    bare: std::collections::HashMap<String, Vec<&'static str>>,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            pinyin: PINYIN.split_whitespace().collect(),
            wade: Default::default(),
            bare: Default::default(),
        };
        for p in PINYIN.split_whitespace() {
            let w = wade_giles(p);
            let mut variants = vec![w.clone()];
            // ssu is also written szu; tzu (zi) also tsu in older books.
            if p == "si" {
                variants.push("szu".into());
            }
            for w in variants {
                t.bare.entry(folded(&w)).or_default().push(p);
                t.wade.entry(w).or_default().push(p);
            }
        }
        t
    })
}

/// Every way to split `s` (no hyphen) into the fewest syllables that
/// `is_syllable` accepts (at most [`MAX_SYLLABLES`]; at most 8 splits).
fn split<'a>(s: &'a str, is_syllable: &dyn Fn(&str) -> bool) -> Vec<Vec<&'a str>> {
    // fewest[i]: fewest syllables covering s[i..].
    let n = s.len();
    let mut fewest = vec![usize::MAX; n + 1];
    fewest[n] = 0;
    for i in (0..n).rev() {
        for j in i + 1..=n.min(i + 7) {
            if s.is_char_boundary(j) && fewest[j] != usize::MAX && is_syllable(&s[i..j]) {
                fewest[i] = fewest[i].min(fewest[j] + 1);
            }
        }
    }
    if fewest[0] == usize::MAX || fewest[0] > MAX_SYLLABLES {
        return Vec::new();
    }
    fn walk<'a>(
        s: &'a str,
        i: usize,
        fewest: &[usize],
        is_syllable: &dyn Fn(&str) -> bool,
        path: &mut Vec<&'a str>,
        out: &mut Vec<Vec<&'a str>>,
    ) {
        if out.len() >= 8 {
            return;
        }
        if i == s.len() {
            out.push(path.clone());
            return;
        }
        for j in i + 1..=s.len().min(i + 7) {
            if fewest[j] != usize::MAX && fewest[j] + 1 == fewest[i] && is_syllable(&s[i..j]) {
                path.push(&s[i..j]);
                walk(s, j, fewest, is_syllable, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(s, 0, &fewest, is_syllable, &mut Vec::new(), &mut out);
    out
}

/// The syllables of `word` (normalized) in one romanization: each hyphen-
/// or apostrophe-separated part split into the fewest syllables, every
/// split; empty when a part does not split.
fn syllables<'a>(parts: &[&'a str], is_syllable: &dyn Fn(&str) -> bool) -> Vec<Vec<&'a str>> {
    let mut all: Vec<Vec<&str>> = vec![Vec::new()];
    for part in parts {
        let splits = split(part, is_syllable);
        if splits.is_empty() {
            return Vec::new();
        }
        all = all
            .iter()
            .flat_map(|a| {
                splits.iter().map(move |s| {
                    let mut a = a.clone();
                    a.extend(s);
                    a
                })
            })
            .take(8)
            .collect();
    }
    all
}

/// How `word` reads as Chinese: its Pinyin syllables' Wade–Giles
/// spellings and its Wade–Giles syllables' Pinyin spellings (folded), and
/// the fewest syllables it has in either (`None` when it is neither).
fn read(word: &str) -> Option<(Vec<String>, usize)> {
    let s = normalize(word)?;
    let t = tables();
    // (readings, syllables) in each romanization; only the one with the
    // fewest syllables counts (`Chiang` is one Wade–Giles syllable, not
    // Pinyin chi-ang).
    let mut found: Vec<(String, usize)> = Vec::new();
    // As Pinyin: an apostrophe or hyphen separates syllables (Xi'an).
    let pinyin_parts: Vec<&str> = s.split(['\'', '-']).filter(|p| !p.is_empty()).collect();
    for syllables in syllables(&pinyin_parts, &|x: &str| t.pinyin.contains(x)) {
        let reading = syllables.iter().map(|p| folded(&wade_giles(p))).collect();
        found.push((reading, syllables.len()));
    }
    // As Wade–Giles: hyphens separate syllables, apostrophes are marks
    // (read as written when there is one, else either way).
    let marked = s.contains(['\'', 'v']);
    let map = if marked { &t.wade } else { &t.bare };
    let wade_parts: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    for syllables in syllables(&wade_parts, &|x: &str| map.contains_key(x)) {
        let mut readings: Vec<String> = vec![String::new()];
        for syllable in &syllables {
            let pinyin = &map[*syllable];
            readings = readings
                .iter()
                .flat_map(|r| pinyin.iter().map(move |p| format!("{r}{}", folded(p))))
                .take(MAX_READINGS * 2)
                .collect();
        }
        found.extend(readings.into_iter().map(|r| (r, syllables.len())));
    }
    let fewest = found.iter().map(|f| f.1).min()?;
    let mut out: Vec<String> = found.into_iter().filter(|f| f.1 == fewest).map(|f| f.0).collect();
    let own = folded(&s);
    let mut seen = Vec::new();
    out.retain(|r| {
        *r != own && !seen.contains(r) && {
            seen.push(r.clone());
            true
        }
    });
    Some((out, fewest))
}

/// The postal row of `word`, if it is one (and not an English word typed
/// without its capital).
fn postal(word: &str) -> Option<&'static [&'static str]> {
    let own = folded(&normalize(word)?);
    let row = POSTAL.iter().find(|row| row.contains(&own.as_str()))?;
    let capital = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .starts_with(char::is_uppercase);
    (capital || !POSTAL_ENGLISH.contains(&own.as_str())).then_some(*row)
}

/// How many syllables `word` has as Pinyin or Wade–Giles when it has a
/// reading in the other, English or not (what the English list of this
/// guard is generated from); `None` when it has none.
pub fn chinese_syllables(word: &str) -> Option<usize> {
    read(word).filter(|(r, _)| !r.is_empty()).map(|(_, n)| n)
}

/// Whether `word` is a Chinese name of two or more syllables in Pinyin or
/// Wade–Giles (`Zedong`, `Tse-tung`, `Hsiao-p’ing`, `Kuomintang`), or a
/// postal name (`Peking`, `Kai-shek`), and not a common English word: what
/// lets a one-syllable neighbour (`Mao`, `Teng`) be read too.
///
/// ```
/// use sagasu_analysis::romanize::is_chinese_name;
/// assert!(is_chinese_name("Hsiao-p'ing"));
/// assert!(is_chinese_name("Peking"));
/// assert!(!is_chinese_name("Teng"));
/// assert!(!is_chinese_name("human"));
/// ```
pub fn is_chinese_name(word: &str) -> bool {
    if postal(word).is_some() {
        return true;
    }
    let Some(s) = normalize(word) else { return false };
    !english(&folded(&s)) && !hepburn_shaped(&s) && read(word).is_some_and(|(_, n)| n >= 2)
}

/// The other spellings of `word` as a Chinese name, as the index holds them
/// (lower case, no hyphen or apostrophe): Pinyin ↔ Wade–Giles syllable by
/// syllable, and the [`POSTAL`] spellings. `in_name`: a neighbouring word
/// of the query is a Chinese name of two or more syllables
/// ([`is_chinese_name`]), which a one-syllable word needs (see the module
/// doc). Never the word itself; at most six.
///
/// ```
/// use sagasu_analysis::romanize::wade_giles_readings;
/// assert_eq!(wade_giles_readings("Zedong", false), ["tsetung"]);
/// assert_eq!(wade_giles_readings("Hsiao-p'ing", false), ["xiaoping"]);
/// assert_eq!(wade_giles_readings("Teng", true), ["deng"]);
/// assert!(wade_giles_readings("Teng", false).is_empty());
/// assert!(wade_giles_readings("Chang", false).is_empty());
/// assert!(wade_giles_readings("human", false).is_empty());
/// ```
pub fn wade_giles_readings(word: &str, in_name: bool) -> Vec<String> {
    let Some(s) = normalize(word) else { return Vec::new() };
    let own = folded(&s);
    let mut out: Vec<String> = Vec::new();
    if let Some(row) = postal(word) {
        out.extend(row.iter().filter(|&&p| p != own).map(|p| p.to_string()));
    }
    if let Some((readings, n)) = read(word) {
        let aspirated = s.contains('\'') && n == 1;
        let allowed = if n >= 2 && !hepburn_shaped(&s) {
            !english(&own)
        } else {
            (in_name || aspirated) && !NEVER.contains(&own.as_str())
        };
        if allowed {
            for r in readings {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out.truncate(MAX_READINGS);
    out
}

/// Whether `s` (normalized) splits into the syllables of a Hepburn
/// romanization of Japanese (`ishiba`, `shigeru`, `ono`, and also Pinyin
/// `jintao`, `taibei`): such a word is read only beside a Chinese name, as
/// a one-syllable word is, or Japanese names would get readings. A
/// hyphenated or marked word never is.
fn hepburn_shaped(s: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ch", "sh", "ts", "k", "s", "t", "n", "h", "m", "y", "r", "w", "g", "z", "d", "b", "p", "j", "f", "",
    ];
    fn from(b: &[u8], i: usize, memo: &mut [Option<bool>]) -> bool {
        if i == b.len() {
            return true;
        }
        if let Some(v) = memo[i] {
            return v;
        }
        let vowel = |at: usize| b.get(at).is_some_and(|c| b"aiueo".contains(c));
        let mut ok = false;
        // A syllabic n, or a doubled consonant (the small tsu).
        if b[i] == b'n' && !vowel(i + 1) && b.get(i + 1) != Some(&b'y') {
            ok = from(b, i + 1, memo);
        }
        if !ok && b.get(i + 1) == Some(&b[i]) && !b"aiueon".contains(&b[i]) {
            ok = from(b, i + 1, memo);
        }
        for onset in ONSETS {
            if ok {
                break;
            }
            if !b[i..].starts_with(onset.as_bytes()) {
                continue;
            }
            let mut j = i + onset.len();
            if !onset.is_empty() && b.get(j) == Some(&b'y') {
                j += 1;
            }
            // Hepburn writes shi chi tsu fu ji, never si ti tu hu zi di du.
            let not_hepburn = ["si", "ti", "tu", "hu", "zi", "di", "du", "yi", "ye", "wi", "wu", "we"];
            let pair = std::str::from_utf8(&b[i..(j + 1).min(b.len())]).unwrap_or("");
            if vowel(j) && !not_hepburn.contains(&pair) {
                ok = from(b, j + 1, memo);
            }
        }
        memo[i] = Some(ok);
        ok
    }
    if s.contains(['-', '\'', 'v']) || s.len() > 40 {
        return false;
    }
    from(s.as_bytes(), 0, &mut vec![None; s.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_syllable_has_one_wade_giles_spelling_read_back() {
        let t = tables();
        for p in PINYIN.split_whitespace() {
            assert!(t.wade[&wade_giles(p)].contains(&p), "{p}");
        }
    }

    #[test]
    fn japanese_names_are_hepburn_shaped() {
        for w in [
            "ishiba", "shigeru", "ono", "sato", "kono", "tanaka", "jintao", "taibei", "nippon",
        ] {
            assert!(hepburn_shaped(w), "{w}");
        }
        for w in [
            "zedong",
            "xiaoping",
            "enlai",
            "guomindang",
            "sichuan",
            "tse-tung",
            "beijing",
        ] {
            assert!(!hepburn_shaped(w), "{w}");
        }
    }

    #[test]
    fn fewest_syllables_win() {
        let t = tables();
        let splits = split("kuomintang", &|x: &str| t.bare.contains_key(x));
        assert_eq!(splits, [vec!["kuo", "min", "tang"]]);
    }
}

//! Tesseract as a helper: what is installed (its version and language
//! packs), which languages a pass uses, and reading one page image.
//!
//! `tesseract stdin stdout -l LANGS --psm 4`, the image on its standard
//! input (a TIFF with several images: `-c tessedit_page_number=N`, 0-based,
//! reads one of them), with `OMP_THREAD_LIMIT=1`: sagasu reads several
//! pages at once, one Tesseract each, which beats one Tesseract spreading
//! a page over the cores (measured in BENCHMARKS.md, section OCR).
//!
//! `--psm 4` (one column of text of any size) rather than Tesseract's
//! default 3 (automatic layout): with 3, the layout analysis cuts Korean
//! lines into columns at the spaces between words and recall of Korean
//! words fell to 1–5% on the bench pages (97% with 4); English, Japanese
//! and Chinese read as well with either.
//!
//! Vertical Japanese (columns read top to bottom, right to left) is read
//! only by the `jpn_vert` pack with `--psm 5` (one vertical block): with
//! the default languages and `--psm 4` such a page comes out empty, or as
//! single characters picked across the columns. [`looks_vertical`] tells
//! such a reading from a horizontal one, [`words_read`] which of two
//! readings to keep (BENCHMARKS.md, section OCR).

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use crate::extract::helper::{self, Failure};
use sagasu_store::SkipReason;

/// Tesseract's page segmentation mode (see the module's doc).
pub const PSM: &str = "4";

/// The pack and page segmentation mode that read vertical Japanese.
pub const VERTICAL: &str = "jpn_vert";
pub const VERTICAL_PSM: &str = "5";

/// The languages read when `--ocr-lang` is not given: those of these that
/// are installed, in this order.
pub const DEFAULT_LANGUAGES: &[&str] = &["eng", "kor", "jpn", "chi_sim", "chi_tra"];

/// What the installed Tesseract is and can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// Its version line, e.g. `tesseract 5.3.0`.
    pub version: String,
    /// The language packs it finds (`eng`, `kor`, …; `osd` left out).
    pub languages: Vec<String>,
}

/// The Debian package of a language pack (`chi_sim` → `tesseract-ocr-chi-sim`).
pub fn package_of(language: &str) -> String {
    format!("tesseract-ocr-{}", language.replace('_', "-"))
}

/// The apt line that installs Tesseract with the default languages.
pub fn install_line() -> String {
    let packs: Vec<String> = DEFAULT_LANGUAGES
        .iter()
        .chain([&VERTICAL])
        .map(|l| package_of(l))
        .collect();
    format!("apt-get install tesseract-ocr {}", packs.join(" "))
}

pub(crate) fn name(program: &Path) -> String {
    sagasu_analysis::safe::escape_unsafe(&program.display().to_string()).into_owned()
}

/// Why Tesseract cannot be used: missing, or not runnable.
pub(crate) fn missing(program: &Path, error: Option<&std::io::Error>) -> SkipReason {
    SkipReason::HelperMissing {
        helper: name(program),
        fix: match error {
            Some(e) if e.kind() != std::io::ErrorKind::NotFound => {
                format!("it cannot be run ({})", sagasu_store::os_error(e))
            }
            _ => format!("{} (or point --tesseract / SAGASU_TESSERACT at it)", install_line()),
        },
    }
}

/// Asks `program` for its version and languages.
pub(crate) fn installed(program: &Path) -> Result<Installed, SkipReason> {
    let run = |arg: &str| helper::run(program, &[OsStr::new(arg)], b"", Duration::from_secs(30), 1 << 20);
    let version = match run("--version") {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr;
            let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
            if !line.starts_with("tesseract") {
                return Err(SkipReason::HelperFailed {
                    helper: name(program),
                    error: format!(
                        "does not look like tesseract: {}",
                        sagasu_analysis::safe::escape_unsafe(line)
                    ),
                });
            }
            line.to_string()
        }
        Err(Failure::NotStarted(e)) => return Err(missing(program, Some(&e))),
        Err(_) => return Err(missing(program, None)),
    };
    let languages = match run("--list-langs") {
        Ok(out) => parse_languages(&(String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr)),
        Err(_) => Vec::new(),
    };
    Ok(Installed { version, languages })
}

/// The language names of `tesseract --list-langs` (after its heading line).
fn parse_languages(listing: &str) -> Vec<String> {
    listing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(' ') && *l != "osd")
        .map(str::to_string)
        .collect()
}

/// The `-l` argument for `asked` (`eng+kor`; `None`: the installed
/// defaults), or the first language asked for that is not installed.
pub(crate) fn languages(asked: Option<&str>, installed: &Installed) -> Result<String, SkipReason> {
    let has = |l: &str| installed.languages.iter().any(|i| i == l);
    match asked {
        Some(asked) => {
            for l in asked.split('+') {
                if !has(l) {
                    return Err(SkipReason::OcrLanguageMissing {
                        language: sagasu_analysis::safe::escape_unsafe(l).into_owned(),
                        fix: format!("apt-get install {}", package_of(l)),
                    });
                }
            }
            Ok(asked.to_string())
        }
        None => {
            let found: Vec<&str> = DEFAULT_LANGUAGES.iter().copied().filter(|l| has(l)).collect();
            if found.is_empty() {
                return Err(SkipReason::OcrLanguageMissing {
                    language: "eng".into(),
                    fix: format!("apt-get install {}", package_of("eng")),
                });
            }
            Ok(found.join("+"))
        }
    }
}

/// The languages to read a page again with when the default languages
/// (`first`, all of them at once) gave mostly Hangul: Korean read among the
/// Chinese and Japanese models comes out cut into syllables (`왕 조 는`),
/// and only a third of the words are found; read as `kor+eng`, 91% are
/// (BENCHMARKS.md, section OCR). `None`: keep the first reading.
pub(crate) fn reread_languages(first: &str, installed_languages: &str) -> Option<String> {
    let (mut hangul, mut other) = (0usize, 0usize);
    for c in first.chars() {
        match c as u32 {
            0xac00..=0xd7a3 | 0x1100..=0x11ff | 0x3130..=0x318f => hangul += 1,
            _ if c.is_alphabetic() => other += 1,
            _ => {}
        }
    }
    let has = |l: &str| installed_languages.split('+').any(|i| i == l);
    if hangul <= other || !has("kor") || installed_languages == "kor" {
        return None;
    }
    Some(if has("eng") { "kor+eng" } else { "kor" }.to_string())
}

/// Whether a first reading (horizontal, `--psm 4`) looks like vertical
/// Japanese read across its columns: next to nothing (fewer than 10
/// letters), or Chinese and Japanese characters that Tesseract could put
/// into no word, at least 85% of its 5 or more words of them being one
/// character. Horizontal Chinese and Japanese come out with 62–80% of
/// their words one character long (the 21 bench pages), vertical text
/// read across with 86–100%.
pub(crate) fn looks_vertical(first: &str) -> bool {
    if first.chars().filter(|c| c.is_alphabetic()).count() < 10 {
        return true;
    }
    let (mut words, mut single) = (0usize, 0usize);
    for word in first.split_whitespace() {
        match word.chars().filter(|&c| is_han_or_kana(c)).count() {
            0 => {}
            1 => (words, single) = (words + 1, single + 1),
            _ => words += 1,
        }
    }
    words >= 5 && single * 100 >= words * 85
}

/// How much of a reading Tesseract could put into words: the Chinese and
/// Japanese characters of its words of two or more of them, and the other
/// letters of its words of three or more (CJK glyphs read as Latin come
/// out as junk words of one to three letters: `ai ee HEB Ome`). The right
/// reading of a page scores far above the wrong one in either direction,
/// since a vertical reading of a horizontal page, or a horizontal reading
/// of a vertical one, is single characters: 0–27 against 18–63 on
/// vertical pages, 25–382 against 0–156 on horizontal ones. Counts of CJK
/// characters do not tell them apart (BENCHMARKS.md, section OCR).
pub(crate) fn words_read(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let cjk = word.chars().filter(|&c| is_han_or_kana(c)).count();
            let other = word
                .chars()
                .filter(|&c| c.is_alphabetic() && !is_han_or_kana(c))
                .count();
            (if cjk >= 2 { cjk } else { 0 }) + (if other >= 3 { other } else { 0 })
        })
        .sum()
}

/// Han ideographs, kana and CJK punctuation (not Hangul).
pub(crate) fn is_han_or_kana(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30ff // CJK punctuation, hiragana, katakana
        | 0x3400..=0x4dbf // extension A
        | 0x4e00..=0x9fff // unified ideographs
        | 0xf900..=0xfaff // compatibility ideographs
        | 0xff00..=0xff60 // full-width forms
        | 0x20000..=0x3134f)
}

/// How reading one page went.
#[derive(Debug)]
pub(crate) enum Read {
    /// Its text (possibly empty).
    Text(String),
    /// What went wrong; the page is left out.
    Problem(SkipReason),
}

/// Reads the image `bytes` (`image`: which image of a TIFF file, 0-based)
/// with `languages` in page segmentation mode `psm`. `Err` means that no page can be read (Tesseract is
/// missing, or sagasu is stopping).
pub(crate) fn read(
    program: &Path,
    languages: &str,
    psm: &str,
    bytes: &[u8],
    image: Option<u64>,
    timeout: Duration,
) -> Result<Read, SkipReason> {
    let page = image.map(|n| format!("tessedit_page_number={n}"));
    let mut args: Vec<&OsStr> = ["stdin", "stdout", "-l", languages, "--psm", psm]
        .into_iter()
        .map(OsStr::new)
        .collect();
    if let Some(page) = &page {
        args.extend([OsStr::new("-c"), OsStr::new(page.as_str())]);
    }
    // A page of text is a few kilobytes; 4 MB is far past any page.
    let env = [("OMP_THREAD_LIMIT", "1")];
    match helper::run_with_env(program, &args, &env, bytes, timeout, 4 << 20) {
        Ok(out) if out.status.success() => Ok(Read::Text(String::from_utf8_lossy(&out.stdout).into_owned())),
        Ok(out) => Ok(Read::Problem(failed(program, &out))),
        Err(Failure::NotStarted(e)) => Err(missing(program, Some(&e))),
        Err(Failure::Stopped) => Err(helper::stopped(&name(program))),
        Err(Failure::TimedOut) => Ok(Read::Problem(SkipReason::HelperTimeout {
            helper: name(program),
            seconds: timeout.as_secs().max(1),
        })),
        Err(Failure::TooMuchOutput) => Ok(Read::Problem(SkipReason::HelperFailed {
            helper: name(program),
            error: "printed more than 4 MB for one page".into(),
        })),
        Err(Failure::Io(e)) => Ok(Read::Problem(SkipReason::HelperFailed {
            helper: name(program),
            error: sagasu_store::os_error(&e),
        })),
    }
}

/// Why Tesseract exited with an error on a page.
fn failed(program: &Path, out: &helper::Finished) -> SkipReason {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = out.status.signal() {
            return SkipReason::HelperFailed {
                helper: name(program),
                error: format!("killed by signal {signal}"),
            };
        }
    }
    let said = out
        .stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("Estimating resolution"))
        .map(|l| sagasu_analysis::safe::escape_unsafe(l).into_owned());
    SkipReason::HelperFailed {
        helper: name(program),
        error: said.unwrap_or_else(|| format!("exit status {}", out.status.code().unwrap_or(-1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_the_installed_defaults_or_those_asked_for() {
        let listing =
            "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (4):\nchi_sim\neng\nkor\nosd\n";
        let installed = Installed {
            version: "tesseract 5.3.0".into(),
            languages: parse_languages(listing),
        };
        assert_eq!(installed.languages, ["chi_sim", "eng", "kor"]);
        assert_eq!(languages(None, &installed).unwrap(), "eng+kor+chi_sim");
        assert_eq!(languages(Some("kor+eng"), &installed).unwrap(), "kor+eng");
        let missing = languages(Some("eng+jpn"), &installed).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "the OCR language jpn is not installed: apt-get install tesseract-ocr-jpn"
        );
    }

    #[test]
    fn a_page_mostly_of_hangul_is_read_again_as_korean() {
        let all = "eng+kor+jpn+chi_sim+chi_tra";
        assert_eq!(
            reread_languages("조선 왕 조 는 오백 년", all).as_deref(),
            Some("kor+eng")
        );
        assert_eq!(reread_languages("The Joseon dynasty 조선", all), None);
        assert_eq!(reread_languages("東京で首相が", all), None);
        assert_eq!(reread_languages("조선 왕조", "eng+jpn"), None, "no Korean pack");
        assert_eq!(reread_languages("조선 왕조", "kor+jpn").as_deref(), Some("kor"));
    }

    /// Readings of bench pages by Tesseract 5.3 (`bench/ocr.sh`'s pages and
    /// denser vertical ones): the default languages with `--psm 4`, and
    /// `jpn_vert` with `--psm 5`.
    const HORIZONTAL_JPN: &str = "東京 で 首相 が 記者 会 見 を 開い た 。\n\n外務 大 臣 も 会 談 に 同席 し た 。\n\
        江戸 時 代 の 商人 は 米 を 取引 し た 。\n図書 館 に は 古い 新聞 が 保存 され て いる 。\n";
    const HORIZONTAL_CHI_SIM: &str =
        "中 华人 民 共 和 国 成 立 于 一 九 四 九 年 。\n北京 是 中 国 的 首都 和 文化 中 心 。\n\
        历史 学 家 在 档案 馆 里 阅读 报纸 。\n两 国政 府 签订 了 经 济 合 作协 议 。\n";
    const VERTICAL_READ_ACROSS: &str = "ai ee 図 江 外 東\n守 清 都 書 戸 務 京\nHEB Ome Re\nak ag hee\n\
        は 史 に 院 は の も 相\nae og eS oO\nの を い 観 い 人 談 記\n夜 十 て 光 新 は に 者\n\
        SSG 8H KES\nKt A Ce Ee\nっ 読 が 岩 保 取 し\nPERRET EE\nい だ 意 っ さ し い\nた し た れ た た\n";
    const VERTICAL_READ_DOWN: &str = "東京 で 首相 が 記者 会 見 を 開い た\n\n外務 大 臣 も 会 談 に 同席 し た\n\
        江戸 時 代 の 商人 は 米 を 取引 し た\n図書 館 に は 古い 新聞 が 保存 され て いる\n\
        京都 の 寺院 は 観光 客 で 賑わっ た\n経済 協力 に つい て 両国 が 合意 し た\n";
    const HORIZONTAL_READ_DOWN: &str = "る\n\n1\n\nし o\no 。 て 。 た o\nた た れ た し 。 た\n\
        い 。 し さっ 意 だ い\n開 た 引 存 わ 合 ん て\nを し 取 保 賑 が 読 っ\n見 席 を が で 国 に 光\n";

    #[test]
    fn vertical_japanese_read_across_its_columns_is_told_from_horizontal_text() {
        assert!(looks_vertical(""), "nothing read");
        assert!(looks_vertical("日本\n"), "next to nothing");
        assert!(looks_vertical(VERTICAL_READ_ACROSS));
        assert!(looks_vertical(
            "日 本 の 歴史 と 文化 に つい て\n\n図 江 外 東\n\n戸 京\n館 時 大 で\nに 代 Be\n"
        ));
        assert!(!looks_vertical(HORIZONTAL_JPN));
        assert!(!looks_vertical(HORIZONTAL_CHI_SIM));
        assert!(!looks_vertical(
            "The Joseon dynasty ruled the peninsula for five centuries.\n"
        ));
        assert!(!looks_vertical("조선 왕조는 오백 년 동안 한반도를 다스렸다.\n"));
    }

    #[test]
    fn the_reading_kept_is_the_one_put_into_words() {
        assert!(words_read(VERTICAL_READ_DOWN) > words_read(VERTICAL_READ_ACROSS));
        assert!(words_read(HORIZONTAL_JPN) > 4 * words_read(HORIZONTAL_READ_DOWN));
        assert_eq!(words_read("東京 で 首相 が\n"), 4);
        assert_eq!(words_read("The ferry 東 京\n"), 8);
        assert_eq!(words_read("ai ee HEB 図 江\n"), 3);
        assert_eq!(words_read(""), 0);
    }

    #[test]
    fn the_install_line_names_every_default_pack() {
        assert_eq!(
            install_line(),
            "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-jpn \
             tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-jpn-vert"
        );
    }
}

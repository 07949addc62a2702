//! Whether this system has a font for the East Asian scripts an index
//! holds (`sagasu serve` says so on start): without one, a browser here
//! shows every Hangul, kana and Han character as an empty box, and nothing
//! else would tell why.
//!
//! fontconfig knows: `fc-list :lang=ko family` lists the fonts that cover
//! Korean, and so on. Without `fc-list` (not a fontconfig system) nothing
//! is said.

use std::process::{Command, Stdio};

use sagasu_analysis::script::Script;

/// The package that covers all three scripts, on Debian and Ubuntu.
pub const PACKAGE: &str = "fonts-noto-cjk";

/// The fontconfig languages whose fonts draw `script` (any one will do:
/// a Japanese or a Traditional Chinese font has the Han characters too).
fn langs(script: Script) -> &'static [&'static str] {
    match script {
        Script::Hangul => &["ko"],
        Script::Kana => &["ja"],
        Script::Han => &["zh-cn", "zh-tw", "ja"],
    }
}

/// Whether fontconfig lists a font for `lang`; `None` when `fc-list`
/// cannot be run.
fn has_font(lang: &str) -> Option<bool> {
    let out = Command::new("fc-list")
        .arg(format!(":lang={lang}"))
        .arg("family")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    Some(out.status.success() && out.stdout.iter().any(|b| !b.is_ascii_whitespace()))
}

/// The scripts of `scripts` that no installed font draws (empty when
/// fontconfig cannot be asked).
pub fn missing(scripts: &[Script]) -> Vec<Script> {
    let mut out = Vec::new();
    for &s in scripts {
        let mut covered = false;
        for lang in langs(s) {
            match has_font(lang) {
                None => return Vec::new(),
                Some(true) => {
                    covered = true;
                    break;
                }
                Some(false) => {}
            }
        }
        if !covered {
            out.push(s);
        }
    }
    out
}

/// The warning for `missing` scripts, if any.
pub fn warning(missing: &[Script]) -> Option<String> {
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|s| s.name()).collect();
    Some(format!(
        "sagasu: warning: the indexed text holds {} but this system has no font for it \
         (fc-list :lang={} lists none): a browser here shows those characters as empty boxes; \
         install {PACKAGE} (Debian, Ubuntu: sudo apt install {PACKAGE}) or another CJK font",
        names.join(", "),
        langs(missing[0])[0],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_names_the_scripts_and_the_package() {
        assert_eq!(warning(&[]), None);
        let w = warning(&[Script::Hangul, Script::Han]).unwrap();
        assert!(w.contains("Korean (Hangul), Chinese characters (Han)"), "{w}");
        assert!(w.contains("fc-list :lang=ko"), "{w}");
        assert!(w.contains("apt install fonts-noto-cjk"), "{w}");
    }
}

//! Korean, Japanese and Chinese text on the page (issue 29, item 2):
//! `sagasu serve` says on start when the system has no font for a script
//! the index holds (it asks fontconfig's `fc-list`, replaced here by a
//! script that lists no font, or one), and the snippets carry the `lang`
//! their script tells, as do the document view's lines. That the glyphs really render is the browser
//! test's part.

use std::os::unix::fs::PermissionsExt;

use super::Served;
use crate::http::{enc, get};
use crate::util::Fixture;

/// A folder holding an `fc-list` that prints `fonts` (one family a line),
/// and the `PATH` that finds it first.
fn fake_fc_list(f: &Fixture, name: &str, fonts: &str) -> String {
    let dir = f.dir.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("fc-list");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' '{fonts}'\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default())
}

fn cjk_fixture() -> Fixture {
    let f = Fixture::empty();
    f.write("ko.txt", "김대중 대통령은 Nordpolitik 을 말했다.\n");
    f.write("ja.txt", "東京の会議で Nordpolitik について話した。\n");
    f.write("zh.txt", "北京會議討論了 Nordpolitik 問題。\n");
    f.write("en.txt", "Kim Dae-jung spoke of Nordpolitik.\n");
    f.index(&[]);
    f
}

#[test]
fn serve_says_on_start_when_no_font_draws_the_indexed_scripts() {
    let f = cjk_fixture();
    let none = fake_fc_list(&f, "no-fonts", "");
    let s = Served::start_with(&f, &["--no-watch"], &[("PATH", &none)]);
    let err = s.stderr();
    assert!(
        err.contains("Korean (Hangul), Japanese (kana), Chinese characters (Han)"),
        "{err}"
    );
    assert!(err.contains("install fonts-noto-cjk"), "{err}");
    drop(s);

    // A font for them: nothing to say.
    let some = fake_fc_list(&f, "fonts", "Noto Sans CJK JP\n");
    let s = Served::start_with(&f, &["--no-watch"], &[("PATH", &some)]);
    assert!(!s.stderr().contains("font"), "{}", s.stderr());
    drop(s);

    // No East Asian text: no font is asked for.
    let en = Fixture::empty();
    en.write("en.txt", "Kim Dae-jung spoke of Nordpolitik.\n");
    en.index(&[]);
    let none = fake_fc_list(&en, "no-fonts", "");
    let s = Served::start_with(&en, &["--no-watch"], &[("PATH", &none)]);
    assert!(!s.stderr().contains("font"), "{}", s.stderr());
}

#[test]
fn snippets_carry_the_language_their_script_tells() {
    let f = cjk_fixture();
    let s = Served::start(&f, &["--no-watch"]);
    let page = get(s.addr, &format!("/?q={}", enc("Nordpolitik"))).text();
    for (path, lang) in [
        ("ko.txt", Some("ko")),
        ("ja.txt", Some("ja")),
        ("zh.txt", Some("zh")),
        ("en.txt", None),
    ] {
        let at = page
            .find(&format!("<span class=\"loc\">{path}:"))
            .unwrap_or_else(|| panic!("{path} in {page}"));
        let frag = &page[at..];
        let frag = &frag[frag.find("<span class=\"frag\"").unwrap()..];
        let tag = &frag[..frag.find('>').unwrap()];
        match lang {
            Some(l) => assert_eq!(tag, format!("<span class=\"frag\" lang=\"{l}\""), "{path}"),
            None => assert_eq!(tag, "<span class=\"frag\"", "{path}"),
        }
    }
}

#[test]
fn the_document_view_lines_carry_the_language_their_script_tells() {
    let f = Fixture::empty();
    f.write(
        "mixed.txt",
        "김대중 대통령은 말했다.\n東京の会議で話した。\n北京會議討論了問題。\nKim Dae-jung spoke.\n",
    );
    f.index(&[]);
    let s = Served::start(&f, &["--no-watch"]);
    let page = get(s.addr, "/doc?path=mixed.txt&line=1").text();
    let tags: Vec<&str> = page
        .match_indices("<span class=\"lt\"")
        .map(|(at, _)| &page[at..at + page[at..].find('>').unwrap()])
        .collect();
    assert_eq!(
        tags,
        [
            "<span class=\"lt\" lang=\"ko\"",
            "<span class=\"lt\" lang=\"ja\"",
            "<span class=\"lt\" lang=\"zh\"",
            "<span class=\"lt\""
        ],
        "{page}"
    );
}

//! End-to-end: real folders are messy (issue 8). A corpus with one file of
//! every kind the issue lists, plus 200 ordinary documents, is indexed;
//! every file must be indexed or reported with the right reason, and every
//! indexed file must be found by the word planted in it.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use crate::util::{paths, text, Fixture};
use serde_json::Value;

/// The i-th planted word: "zq" and four consonants, so that no stemmer
/// folds two of them together and no ordinary text contains one.
fn plant(i: usize) -> String {
    const LETTERS: &[u8] = b"bcdfghjkmpqrtvwx";
    let mut w = String::from("zq");
    for k in (0..4).rev() {
        w.push(LETTERS[(i >> (4 * k)) & 15] as char);
    }
    w
}

fn utf16(s: &str, little_endian: bool) -> Vec<u8> {
    let bom: [u8; 2] = if little_endian { [0xff, 0xfe] } else { [0xfe, 0xff] };
    bom.into_iter()
        .chain(s.encode_utf16().flat_map(|u| {
            if little_endian {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        }))
        .collect()
}

/// Whether this process can read a file whatever its permissions (root).
fn permissions_are_bypassed(dir: &Path) -> bool {
    let p = dir.join("probe-chmod-000");
    std::fs::write(&p, "x").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&p).is_ok();
    std::fs::remove_file(&p).unwrap();
    readable
}

/// What a messy corpus should give.
#[derive(Default)]
struct Expect {
    /// Indexed files (keys) and the words planted in each, with the line
    /// of the first one when it is checked.
    indexed: BTreeMap<String, (Vec<String>, Option<u64>)>,
    /// Skipped entries (keys), the kind of their reason, and a phrase
    /// its text must contain.
    skipped: BTreeMap<String, (&'static str, &'static str)>,
    /// Words that must find nothing (script and style contents).
    absent: Vec<String>,
}

struct Planter {
    next: usize,
}

impl Planter {
    fn word(&mut self) -> String {
        self.next += 1;
        plant(self.next)
    }
}

/// Builds the messy corpus in `f` and says what indexing it must give.
fn messy(f: &Fixture) -> Expect {
    let mut e = Expect::default();
    let mut p = Planter { next: 0 };
    let text_file = |e: &mut Expect, name: &str, bytes: Vec<u8>, words: Vec<String>, line: Option<u64>| {
        f.write(name, bytes);
        e.indexed.insert(name.to_string(), (words, line));
    };

    // UTF-8 without and with a BOM; CRLF and CR line ends.
    let w = p.word();
    text_file(
        &mut e,
        "utf8.txt",
        format!("Plain UTF-8, Satō\nsecond line {w}\n").into(),
        vec![w],
        Some(2),
    );
    let w = p.word();
    let bytes = [
        &b"\xef\xbb\xbf"[..],
        format!("first\r\nsecond\r\nthird {w}\r\n").as_bytes(),
    ]
    .concat();
    text_file(&mut e, "utf8_bom_crlf.txt", bytes, vec![w], Some(3));
    let w = p.word();
    text_file(
        &mut e,
        "cr_only.txt",
        format!("first\rsecond\rthird {w}\r").into(),
        vec![w],
        Some(3),
    );
    // UTF-16 with a BOM, both byte orders.
    let w = p.word();
    text_file(
        &mut e,
        "utf16le.txt",
        utf16(&format!("Satō wrote\r\n{w} here\r\n"), true),
        vec![w],
        Some(2),
    );
    let w = p.word();
    text_file(
        &mut e,
        "utf16be.txt",
        utf16(&format!("Chŏsŏn\n\n{w}\n"), false),
        vec![w],
        Some(3),
    );
    // Windows-1252 that is not UTF-8.
    let w = p.word();
    let mut latin = b"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve \x93quotes\x94\n".to_vec();
    latin.extend_from_slice(format!("{w}\n").as_bytes());
    text_file(&mut e, "latin1.txt", latin, vec![w], Some(2));
    // Markdown and HTML.
    let w = p.word();
    text_file(
        &mut e,
        "notes.md",
        format!("# Notes\n\n*Emphasis*, `code` and [a link](x.md) {w}\n").into(),
        vec![w],
        Some(3),
    );
    let (title, body, script, style) = (p.word(), p.word(), p.word(), p.word());
    let html = format!(
        "<!DOCTYPE html>\n<html><head><title>Messy {title}</title>\n<style>.{style} {{ color: red }}</style>\n\
         <script>var {script} = \"</p>\";</script></head>\n<body>\n<p>Body &amp; <b>{body}</b></p>\n</body></html>\n"
    );
    text_file(&mut e, "page.html", html.into(), vec![body, title], Some(6));
    e.absent.extend([script, style]);
    // Terminal escapes, bidi controls and a script tag in plain text.
    let w = p.word();
    let hostile = format!(
        "Hostile\n\x1b[2J\x1b]0;owned\x07 {w} \u{202e}desrever\u{202c} <script>alert(1)</script> \x1b[31mred\x1b[0m\n"
    );
    text_file(&mut e, "hostile.txt", hostile.into(), vec![w], Some(2));
    // File names that are not UTF-8 or hold a newline.
    let w = p.word();
    std::fs::write(
        f.corpus.join(OsStr::from_bytes(b"bad\xffname.txt")),
        format!("bad name {w}\n"),
    )
    .unwrap();
    e.indexed.insert("bad\\xFFname.txt".into(), (vec![w], Some(1)));
    let w = p.word();
    text_file(
        &mut e,
        "new\nline.txt",
        format!("newline name {w}\n").into(),
        vec![w],
        Some(1),
    );
    // A 10 MB single line.
    let w = p.word();
    let mut big = String::with_capacity(10_100_000);
    let mut i = 0usize;
    while big.len() < 10_000_000 {
        if i == 600_000 {
            big.push_str(&w);
            big.push(' ');
        }
        big.push_str(["alpha ", "beta ", "gamma ", "delta ", "epsilon "][i % 5]);
        i += 1;
    }
    text_file(&mut e, "one_line_10mb.txt", big.into(), vec![w], Some(1));

    // Unreadable file and folder: root reads them anyway.
    let bypassed = permissions_are_bypassed(f.dir.path());
    let w = p.word();
    let locked = f.write("locked.txt", format!("locked {w}\n"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let w2 = p.word();
    f.write("locked_dir/inside.txt", format!("inside {w2}\n"));
    std::fs::set_permissions(f.corpus.join("locked_dir"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if bypassed {
        eprintln!(
            "note: running as root, so chmod 000 does not make files unreadable; \
             locked.txt and locked_dir/ are expected to be indexed"
        );
        e.indexed.insert("locked.txt".into(), (vec![w], None));
        e.indexed.insert("locked_dir/inside.txt".into(), (vec![w2], None));
    } else {
        e.skipped
            .insert("locked.txt".into(), ("unreadable", "Permission denied"));
        e.skipped
            .insert("locked_dir".into(), ("unreadable", "Permission denied"));
    }

    // Skipped, each with its reason.
    f.write("binary.dat", b"\x01\x02\x03\0\0\0 zqbbbb \xff\xfe");
    e.skipped.insert("binary.dat".into(), ("binary", "binary (NUL bytes"));
    f.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    e.skipped.insert("image.png".into(), ("binary", "binary (PNG image)"));
    f.write("empty.txt", b"");
    e.skipped.insert("empty.txt".into(), ("empty", "empty"));
    f.write("blank.txt", b" \r\n\t \n\xef\xbb\xbf");
    e.skipped.insert("blank.txt".into(), ("empty", "empty"));
    let huge = std::fs::File::create(f.corpus.join("huge.txt")).unwrap();
    huge.set_len(64 * 1024 * 1024 + 1).unwrap(); // sparse: costs nothing
    e.skipped.insert(
        "huge.txt".into(),
        (
            "too-large",
            "larger than --max-file-size (67108865 bytes > 67108864 bytes)",
        ),
    );
    f.write(".hidden.txt", format!("hidden {}\n", p.word()));
    e.skipped.insert(".hidden.txt".into(), ("hidden", "hidden"));
    f.write(".hiddendir/inside.txt", format!("hidden {}\n", p.word()));
    e.skipped.insert(".hiddendir".into(), ("hidden", "hidden"));
    f.write(".gitignore", "*.log\n");
    e.skipped.insert(".gitignore".into(), ("hidden", "hidden"));
    f.write("debug.log", format!("ignored {}\n", p.word()));
    e.skipped.insert(
        "debug.log".into(),
        ("ignored", "ignored by .gitignore (pattern `*.log`"),
    );
    f.write(".sagasuignore", "private/\n");
    e.skipped.insert(".sagasuignore".into(), ("hidden", "hidden"));
    f.write("private/secret.txt", format!("private {}\n", p.word()));
    e.skipped.insert(
        "private".into(),
        ("ignored", "ignored by .sagasuignore (pattern `private/`"),
    );
    let outside = f.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("o.txt"), format!("outside {}\n", p.word())).unwrap();
    symlink(&outside, f.corpus.join("link_out")).unwrap();
    e.skipped
        .insert("link_out".into(), ("link-not-followed", "symbolic link (use --follow"));
    symlink(".", f.corpus.join("loop")).unwrap();
    e.skipped
        .insert("loop".into(), ("link-not-followed", "symbolic link (use --follow"));

    // 200 ordinary documents.
    let vocabulary = [
        "summit", "treaty", "archive", "minister", "harbor", "election", "railway", "island", "museum", "letter",
    ];
    for d in 0..200 {
        let w = p.word();
        let planted_line = 1 + d % 20;
        let mut doc = String::new();
        for line in 1..=20 {
            let words: Vec<&str> = (0..12)
                .map(|k| vocabulary[(d * 7 + line * 3 + k) % vocabulary.len()])
                .collect();
            doc.push_str(&words.join(" "));
            if line == planted_line {
                doc.push(' ');
                doc.push_str(&w);
            }
            doc.push('\n');
        }
        text_file(
            &mut e,
            &format!("docs/{:02}/doc{d:03}.txt", d / 50),
            doc.into(),
            vec![w],
            Some(planted_line as u64),
        );
    }
    e
}

fn skipped_of(report: &Value) -> BTreeMap<String, String> {
    kinds_of(report)
        .into_iter()
        .map(|(p, (_, reason))| (p, reason))
        .collect()
}

/// Path → (kind, reason) of every skipped entry.
fn kinds_of(report: &Value) -> BTreeMap<String, (String, String)> {
    report["skipped"]
        .as_array()
        .expect("skipped list")
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap().to_string();
            (text("path"), (text("kind"), text("reason")))
        })
        .collect()
}

#[test]
fn nothing_is_lost_in_a_messy_folder() {
    let f = Fixture::empty();
    let e = messy(&f);
    let report = f.index(&[]);

    // Every file is indexed or skipped with the right reason.
    assert_eq!(report["documents"].as_u64(), Some(e.indexed.len() as u64), "{report:#}");
    assert_eq!(report["added"].as_u64(), Some(e.indexed.len() as u64), "{report:#}");
    let skipped = skipped_of(&report);
    assert_eq!(
        skipped.keys().collect::<BTreeSet<_>>(),
        e.skipped.keys().collect::<BTreeSet<_>>(),
        "skipped: {skipped:#?}"
    );
    let kinds = kinds_of(&report);
    for (path, (kind, phrase)) in &e.skipped {
        assert_eq!(kinds[path].0, *kind, "{path}: {:?}", kinds[path]);
        assert!(
            skipped[path].contains(phrase),
            "{path}: {:?} lacks {phrase:?}",
            skipped[path]
        );
    }
    let encodings: Vec<&str> = report["encodings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for expected in [
        "latin1.txt: windows-1252",
        "utf16le.txt: UTF-16LE",
        "utf16be.txt: UTF-16BE",
    ] {
        assert!(encodings.contains(&expected), "{expected} not in {encodings:?}");
    }

    // Each planted word finds exactly its file, on the right line.
    for (path, (words, line)) in &e.indexed {
        for (i, w) in words.iter().enumerate() {
            let (json, code) = f.search_json(&[w]);
            assert_eq!(code, 0, "{w} (planted in {path:?}) found nothing: {json}");
            assert_eq!(paths(&json), [path.as_str()], "{w}");
            if let (0, Some(line)) = (i, line) {
                let got = json["results"][0]["passages"][0]["line"].as_u64();
                assert_eq!(got, Some(*line), "{w} in {path:?}: {json}");
            }
        }
    }
    for w in &e.absent {
        let (json, code) = f.search_json(&[w]);
        assert_eq!(
            (code, paths(&json).len()),
            (1, 0),
            "{w} must be stripped with its <script>/<style>: {json}"
        );
    }

    // A second run changes nothing and reports the same skips.
    let again = f.index(&[]);
    for k in ["added", "updated", "removed"] {
        assert_eq!(again[k].as_u64(), Some(0), "{k}: {again:#}");
    }
    assert_eq!(again["unchanged"].as_u64(), Some(e.indexed.len() as u64), "{again:#}");
    assert_eq!(
        skipped_of(&again).keys().collect::<Vec<_>>(),
        skipped.keys().collect::<Vec<_>>()
    );
    assert_eq!(again["documents"], report["documents"]);

    // Restore permissions so that the temporary folder can be removed.
    let _ = std::fs::set_permissions(f.corpus.join("locked_dir"), std::fs::Permissions::from_mode(0o755));
}

#[test]
fn html_title_and_decoded_text_are_searchable() {
    let f = Fixture::empty();
    f.write(
        "page.HTM",
        "<html><head><title>The  Pyongyang\n Summit</title><script>hidden()</script></head>\
         <body><p>K&ouml;nig &amp; Satō</p></body></html>",
    );
    f.write("latin.txt", b"na\xefve K\xf6nig cr\xe8me\n");
    f.index(&[]);
    let (json, _) = f.search_json(&["title:Pyongyang"]);
    assert_eq!(paths(&json), ["page.HTM"]);
    assert_eq!(json["results"][0]["title"], "The Pyongyang Summit");
    let (json, _) = f.search_json(&["König"]);
    assert_eq!(
        paths(&json).into_iter().collect::<BTreeSet<_>>(),
        ["latin.txt".to_string(), "page.HTM".to_string()].into()
    );
    let (json, code) = f.search_json(&["hidden"]);
    assert_eq!((code, paths(&json).len()), (1, 0), "{json}");
}

#[test]
fn hidden_and_ignored_files_are_included_on_request() {
    let f = Fixture::empty();
    f.write("visible.txt", "visible zqbbbc\n");
    f.write(".hidden.txt", "hidden zqbbbd\n");
    f.write(".gitignore", "*.log\n");
    f.write("debug.log", "ignored zqbbbf\n");
    f.write(".sagasuignore", "private/\n!.keep\n");
    f.write("private/secret.txt", "private zqbbbg\n");
    f.write(".keep", "kept zqbbbh\n");
    let report = f.index(&[]);
    assert_eq!(report["documents"], 2, "{report:#}"); // visible.txt, .keep (whitelisted)
    let (json, _) = f.search_json(&["zqbbbh"]);
    assert_eq!(paths(&json), [".keep"]);

    let report = f.index(&["--hidden"]);
    assert_eq!(report["documents"], 5, "{report:#}"); // and .hidden.txt, .gitignore, .sagasuignore
    assert!(skipped_of(&report).contains_key("debug.log"));

    let report = f.index(&["--hidden", "--no-ignore"]);
    assert_eq!(report["documents"], 7, "{report:#}");
    for (w, path) in [
        ("zqbbbd", ".hidden.txt"),
        ("zqbbbf", "debug.log"),
        ("zqbbbg", "private/secret.txt"),
    ] {
        assert_eq!(f.paths(&[w]), [path]);
    }
}

#[test]
fn files_that_become_hidden_ignored_or_unlinked_leave_the_index() {
    let f = Fixture::empty();
    f.write("visible.txt", "visible zqbbbc\n");
    f.write(".hidden.txt", "hidden zqbbbd\n");
    f.write("drafts/d.txt", "draft zqbbbf\n");
    let outside = f.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("o.txt"), "outside zqbbbg\n").unwrap();
    symlink(&outside, f.corpus.join("link_out")).unwrap();
    let report = f.index(&["--hidden", "--follow"]);
    assert_eq!(report["documents"], 4, "{report:#}");
    f.write(".sagasuignore", "drafts/\n");
    let report = f.index(&[]);
    assert_eq!(report["documents"], 1, "{report:#}");
    assert_eq!(report["removed"], 3, "{report:#}");
    assert_eq!(f.paths(&["zqbbbf"]), Vec::<String>::new());
}

#[test]
fn links_are_followed_only_with_follow_and_loops_are_reported() {
    let f = Fixture::empty();
    f.write("a/inside.txt", "inside zqbbbc\n");
    let outside = f.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("o.txt"), "outside zqbbbd\n").unwrap();
    symlink(&outside, f.corpus.join("link_out")).unwrap();
    symlink("..", f.corpus.join("a/loop")).unwrap();
    symlink("nowhere.txt", f.corpus.join("dangling")).unwrap();

    let report = f.index(&[]);
    assert_eq!(report["documents"], 1, "{report:#}");
    let skipped = skipped_of(&report);
    for link in ["link_out", "a/loop", "dangling"] {
        assert!(skipped[link].starts_with("symbolic link (use --follow"), "{skipped:?}");
    }

    let out = f.run(&["index", "--json", "--follow"]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"], 2, "{report:#}");
    assert_eq!(f.paths(&["zqbbbd"]), ["link_out/o.txt"]);
    let skipped = skipped_of(&report);
    assert_eq!(
        skipped["a/loop"], "symbolic link loop (points back to .); not followed",
        "{skipped:?}"
    );
    let kinds = kinds_of(&report);
    assert_eq!(kinds["a/loop"].0, "link-loop");
    assert_eq!(kinds["dangling"], ("broken-link".into(), "broken symbolic link".into()));
    assert_eq!(skipped.len(), 2, "{skipped:?}");

    // The human summary says it too, and the run still succeeds.
    let out = f.run(&["index", "--follow", "--verbose"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr.contains("a/loop: symbolic link loop"), "{stderr}");
}

#[test]
fn a_ten_megabyte_line_gives_bounded_passages_and_short_snippets() {
    let f = Fixture::empty();
    let mut big = String::with_capacity(10_100_000);
    let mut i = 0usize;
    while big.len() < 10_000_000 {
        big.push_str(if i == 1_000_000 {
            "zqbbbc "
        } else {
            ["summit ", "treaty ", "harbor "][i % 3]
        });
        i += 1;
    }
    f.write("big.txt", &big);
    let report = f.index(&[]);
    let passages = report["passages"].as_u64().unwrap();
    assert!(
        passages > 10_000_000 / 4096,
        "passages must be bounded: {passages} for 10 MB"
    );
    let (json, _) = f.search_json(&["--passages", "zqbbbc"]);
    let p = &json["results"][0]["passages"][0];
    assert_eq!((p["line_start"].as_u64(), p["line_end"].as_u64()), (Some(1), Some(1)));
    let snippet = p["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("zqbbbc") && snippet.chars().count() <= 400,
        "{snippet}"
    );
}

#[test]
fn unusable_corpus_or_index_exits_2_and_file_problems_exit_0() {
    let f = Fixture::empty();
    f.write("ok.txt", "fine zqbbbc\n");
    f.write("bin.dat", b"\0\0\0");
    let out = f.run(&["index"]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let run = |corpus: &Path, index: &Path| {
        std::process::Command::new(crate::util::bin())
            .env_remove("SAGASU_INDEX")
            .env_remove("SAGASU_CORPUS")
            .arg("--corpus")
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .arg("index")
            .output()
            .unwrap()
    };
    // The corpus is a file, or missing.
    let out = run(&f.corpus.join("ok.txt"), &f.index);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    let out = run(&f.corpus.join("missing"), &f.index);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    // The index path is a file.
    let out = run(&f.corpus, &f.corpus.join("ok.txt"));
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(!text(&out).1.contains("panicked"));
}

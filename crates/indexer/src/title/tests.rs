//! The table of cases of the title picker: the five documents of the
//! default corpus, what a reader would pick in other kinds of text, first
//! pages of PDFs as lines of type, and real PDFs of TeX Live.

use super::choose;
use crate::layout::{Cover, CoverLine};

/// (why, file key, declared title, text, expected title)
type Case = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

/// The first lines of the five documents of `corpus/` (as they are).
const DEFAULT_CORPUS: &[Case] = &[
    (
        "000: the text opens with running prose; its first heading is a section's",
        "000_d1566bec7f6aab24.txt",
        None,
        " On February 25, Lee Myung-bak was sworn in as \nthe Republic of Korea’s 17th president. So far, \n\
         Japan-ROK relations are expected to improve \nfurther under his administration. Japanese Prime \n\
         Minister Yasuo Fukuda and Mr. Lee have already \n New Foreign Policy Orientation \n",
        "",
    ),
    (
        "001: the first line is the title",
        "001_4e13fa1f4c8f1c99.txt",
        None,
        "President Lee’s “Pragmatic Diplomacy”: Can He Balance Foreign Ties and Security?\nPolitics- English\n\
         - 日本語\n- 简体字\nConsistency Builds Trust Between Nations\n",
        "President Lee’s “Pragmatic Diplomacy”: Can He Balance Foreign Ties and Security?",
    ),
    (
        "002: a newsletter prompt, lone words, bullets, then prose",
        "002_cfdbf63cab07ae4d.txt",
        None,
        "Stay informed about our latest news,\npublications, & uploads:\nKey\nTakeaways\n-\nSouth\n\
         Korea and Japan have made historic strides in bilateral relations under\n\
         President Lee, with the first joint statement in 17 years and enhanced\n\
         trilateral cooperation with the U.S.\n-\nTo\n\
         sustain momentum, both countries should institutionalize cooperation through\n\
         Japanese Prime Minister Shigeru\nIshiba announced his resignation on September 8,\n",
        "",
    ),
    (
        "003: an abstract's running text; `Background` is a section label",
        "003_0771a4b52a2fefa6.txt",
        None,
        " Abstract | Since the normalization of diplomatic relations in 1965, South Korea and \n\
         Japan have developed their security relations in diverse ways. Concerning the causes \n\
         and mechanisms of Korea-Japan security relations, some researchers have focused on \n\
         the role of the US in the Asia-Pacific region in propelling the two allies towards more \n\
         Background\n\nThe strategies of nation states are comprised of diverse policies\n",
        "",
    ),
    (
        "004: a running header (page 1 of the center's name, again on page 11) above the title",
        "004_674ccde8731c1fbd.txt",
        None,
        " 1 Asia-Pacific Center for Security Studies\n\nNew Partnership in the Twenty-first Century?\n\n\
         As South Korea achieved progress in democracy in the 1990s following its remarkable economic success\n\
         in the 1970s and 1980s, its leaders launched a bold initiative to upgrade its relations with Japan\n\
         \n11 Asia-Pacific Center for Security Studies\n",
        "New Partnership in the Twenty-first Century?",
    ),
];

const CASES: &[Case] = &[
    (
        "a declared title (HTML <title>) wins",
        "a.html",
        Some(" The  Summit\n of 2002 "),
        "Menu\n\nSomething else\n",
        "The Summit of 2002",
    ),
    (
        "a declared title that is boilerplate is not taken",
        "a.pdf",
        Some("Copyright 2002"),
        "The Real Title\n\nBody.\n",
        "The Real Title",
    ),
    (
        "reStructuredText: an SPDX comment, then a title between overline and underline",
        "memory-barriers.txt",
        None,
        ".. SPDX-License-Identifier: GPL-2.0\n\n\t\t\t ============================\n\
         \t\t\t LINUX KERNEL MEMORY BARRIERS\n\t\t\t ============================\n\nBy: David Howells\n",
        "LINUX KERNEL MEMORY BARRIERS",
    ),
    (
        "reStructuredText: directives and a label before the title",
        "unix.rst.txt",
        None,
        ".. highlight:: sh\n\n.. _using-on-unix:\n\n********************************\n\
         \x20Using Python on Unix platforms\n********************************\n\n.. sectionauthor:: X\n",
        "Using Python on Unix platforms",
    ),
    (
        "an underline alone under the title",
        "arkfb.rst.txt",
        None,
        "arkfb - fbdev driver for ARK Logic chips\n========================================\n\n\
         Supported Hardware\n==================\n",
        "arkfb - fbdev driver for ARK Logic chips",
    ),
    (
        "Markdown: a level-1 heading after badges and a level-2 heading",
        "README.md",
        None,
        "[![build](https://ci/x.svg)](https://ci)\n\n## Status\n\n# sagasu — search a folder\n\nText.\n",
        "sagasu — search a folder",
    ),
    (
        "Markdown: front matter's title",
        "post.md",
        None,
        "---\nlayout: post\ntitle: \"Names across romanizations\"\n---\n\n# Other\n",
        "Names across romanizations",
    ),
    (
        "outside Markdown a # line is a comment",
        "fstab.txt",
        None,
        "# /etc/fstab: static file system information.\n#\nUUID=1234 / ext4 defaults 0 1\n",
        "fstab",
    ),
    (
        "cranfield: a title in lower case, on a line of its own",
        "1.txt",
        None,
        "experimental investigation of the aerodynamics of a wing in a slipstream .\n\n\
         experimental investigation of the aerodynamics of a\nwing in a slipstream .\n",
        "experimental investigation of the aerodynamics of a wing in a slipstream .",
    ),
    (
        "cisi: a title that starts with a number",
        "1.txt",
        None,
        "18 Editions of the Dewey Decimal Classifications\n\nThe present study is a history of the DEWEY Decimal\n\
         Classification.  The first edition of the DDC was published\n",
        "18 Editions of the Dewey Decimal Classifications",
    ),
    (
        "vaswani: no title, running text in lower case, a numbered file: no title",
        "docs/11394.txt",
        None,
        "\n\ncompact memories have flexible capacities  a digital data storage\n\
         system with capacity up to bits and random and or sequential access\nis described\n",
        "",
    ),
    (
        "navigation lines and a breadcrumb before a numbered heading",
        "ap-pkg-scope.txt",
        None,
        "Navigation\n\nindex\n\nnext |\n\nprevious |\n\nDebian Policy Manual v4.6.2.0 »\n\n\
         1. Introduction and scope of these appendices\n\nBody.\n",
        "1. Introduction and scope of these appendices",
    ),
    (
        "a page number and a line of punctuation first",
        "report.txt",
        None,
        "- 3 -\n\n* * * * *\n\nAnnual Report on Fisheries\n\nThe year began.\n",
        "Annual Report on Fisheries",
    ),
    (
        "a line that recurs three times is a header, not a title",
        "paper.txt",
        None,
        "Journal of Things\nA Study of Stuff\n\nText.\nJournal of Things\nMore.\nJournal of Things\n",
        "A Study of Stuff",
    ),
    (
        "a Japanese title (no spaces)",
        "ja.txt",
        None,
        "日本語の文書の題名\n\n本文です。\n",
        "日本語の文書の題名",
    ),
    (
        "a one-line document longer than a title: the file name",
        "1790_george_washington_f.txt",
        None,
        "Fellow-Citizens of the Senate and House of Representatives: I embrace with great satisfaction the \
         opportunity which now presents itself of congratulating you on the present favorable prospects of \
         our public affairs.",
        "1790_george_washington_f",
    ),
    ("an empty text: the file name", "dir/empty.txt", None, "", "empty"),
    ("a number is not a title", "docs/1998-07.txt", None, "", ""),
    ("a hash is not a title", "by-hash/e3b0c442_98fc1c14.pdf", None, "", ""),
    ("a word of hex letters is a name", "deadbeef.txt", None, "", "deadbeef"),
    ("a short name with a digit is a name", "r408.txt", None, "", "r408"),
    (
        "words and numbers are a name",
        "2019-annual-report.txt",
        None,
        "",
        "2019-annual-report",
    ),
    ("a file name without extension", "dir/.hidden", None, "", ".hidden"),
];

#[test]
fn titles_of_the_default_corpus_read_like_titles() {
    check(DEFAULT_CORPUS);
}

#[test]
fn titles_a_reader_would_pick() {
    check(CASES);
}

fn check(cases: &[Case]) {
    let mut failed = Vec::new();
    for &(why, key, declared, text, want) in cases {
        let got = choose(declared, None, text, key).shown;
        if got != want {
            failed.push(format!("{why}\n   got: {got:?}\n  want: {want:?}"));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_title_is_bounded_and_on_one_line() {
    let long = format!("{}\n\nBody text.\n", "Word ".repeat(29).trim());
    assert_eq!(choose(None, None, &long, "x.txt").shown.split(' ').count(), 29);
    let declared = "T ".repeat(300);
    let t = choose(Some(&declared), None, "", "x.txt").shown;
    assert_eq!(t.chars().count(), 200);
    assert!(!t.contains('\n'));
}

/// (why, file key, declared title, author, made by TeX, pages, the first
/// page's lines as (text, size, top), expected title)
type CoverCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
    usize,
    &'static [(&'static str, f32, f32)],
    &'static str,
);

/// Ten lines of 10-point text under a title page's lines.
const BODY: &[(&str, f32, f32)] = &[
    ("Some text of the page, in the size of its text.", 10.0, 400.0),
    ("Some text of the page, in the size of its text.", 10.0, 412.0),
    ("Some text of the page, in the size of its text.", 10.0, 424.0),
    ("Some text of the page, in the size of its text.", 10.0, 436.0),
    ("Some text of the page, in the size of its text.", 10.0, 448.0),
    ("Some text of the page, in the size of its text.", 10.0, 460.0),
    ("Some text of the page, in the size of its text.", 10.0, 472.0),
    ("Some text of the page, in the size of its text.", 10.0, 484.0),
];

/// First pages modelled on TeX Live's documentation (the real files are
/// in `TEXLIVE` below).
const COVERS: &[CoverCase] = &[
    (
        "gckanbun: the package's name in large type, its author below (once taken for the title)",
        "gckanbun.pdf",
        None,
        None,
        true,
        9,
        &[
            ("gckanbun Package", 17.2, 140.0),
            ("Munehiro Yamamoto", 12.0, 170.0),
            ("2021/03/27 v1.2", 12.0, 190.0),
        ],
        "gckanbun Package",
    ),
    (
        "kotex-utf-doc: a page of three lines; the date (once taken) is smaller",
        "kotex-utf-doc.pdf",
        None,
        None,
        true,
        30,
        &[
            ("ko.TEX-utf v3.0 사용 설명서", 14.4, 142.0),
            ("김강수", 10.9, 185.0),
            ("2021년 7월", 11.7, 216.0),
        ],
        "ko.TeX-utf v3.0 사용 설명서",
    ),
    (
        "lshort-ko: the largest type is the title; the English title in small type is not cut",
        "lshort-ko.pdf",
        None,
        None,
        true,
        150,
        &[
            ("The Not So Short", 12.0, 197.0),
            ("Introduction to LATEX2ε", 12.0, 216.0),
            ("LATEX2ε 입문", 20.7, 262.0),
            ("143 분 동안 익히는 LATEX2ε", 12.0, 311.0),
            ("by Tobias Oetiker", 10.0, 420.0),
            ("Version 6.4, March 2021", 10.0, 472.0),
        ],
        "LaTeX2ε 입문",
    ),
    (
        "zxjatype's example: a section heading set larger than the title, further down",
        "example.pdf",
        None,
        None,
        true,
        3,
        &[
            ("XƎLATEXで日本語する件について", 15.9, 146.0),
            ("ZR", 12.0, 182.0),
            ("2010 年 某月 某日", 11.1, 208.0),
            ("1 XƎTEX の紹介", 17.5, 266.0),
            ("1.1 XƎTEX とは", 12.0, 293.0),
        ],
        "XeLaTeXで日本語する件について",
    ),
    (
        "a title over two lines of the same type, a footnote mark after it",
        "zhs-man.pdf",
        None,
        None,
        true,
        12,
        &[
            ("Typesetting Chinese in XƎTEX:", 20.7, 170.0),
            ("zhspacing user’s manual∗", 20.7, 195.0),
            ("Yin Dian", 14.3, 242.0),
            ("2016/05/14", 14.3, 277.0),
        ],
        "Typesetting Chinese in XeTeX: zhspacing user’s manual",
    ),
    (
        "a metadata title that is on the page wins (it is the page's title, spelled cleanly)",
        "ctex-faq.pdf",
        Some("CTeX FAQ"),
        None,
        true,
        40,
        &[("CTEX FAQ （常见问题集）", 24.8, 150.0), ("CTEX 社区", 12.0, 200.0)],
        "CTeX FAQ",
    ),
    (
        "a metadata title that is not on the page gives way to what the reader sees",
        "lshort-zh-cn.pdf",
        Some("The Short Introduction to LaTeX2e (Chinese Simplified)"),
        None,
        true,
        200,
        &[
            ("一份（不太）简短的 LATEX2ε 介绍", 20.7, 200.0),
            ("lshort-zh-cn 6.02", 12.0, 240.0),
        ],
        "一份（不太）简短的 LaTeX2ε 介绍",
    ),
    (
        "a metadata title that is the input file, on a one-page figure numbered 4-1: no title",
        "figures/4-1.pdf",
        Some("4-1_.dvi"),
        None,
        true,
        1,
        &[("ω", 12.0, 10.0), ("Ω", 14.0, 40.0)],
        "",
    ),
    (
        "a metadata title that is the author: the page's title",
        "paper.pdf",
        Some("Kangsoo Kim"),
        Some("Kangsoo Kim"),
        false,
        5,
        &[
            ("Poorman’s Hangul Jamo Input Method", 17.0, 120.0),
            ("pmhanguljamo.sty", 12.0, 150.0),
            ("Kangsoo Kim", 12.0, 170.0),
        ],
        "Poorman’s Hangul Jamo Input Method",
    ),
    (
        "a poster: letters spaced out in large type are not a title",
        "poster.pdf",
        None,
        None,
        false,
        1,
        &[("N G Q I N G", 30.0, 40.0), ("X E", 30.0, 80.0)],
        "poster",
    ),
    (
        "outside TeX, TEX stays as it is",
        "notes.pdf",
        None,
        None,
        false,
        4,
        &[("THE TEX FILES", 20.0, 100.0), ("Annual notes", 12.0, 140.0)],
        "THE TEX FILES",
    ),
];

#[test]
fn a_pdfs_title_is_the_large_type_of_its_first_page() {
    let mut failed = Vec::new();
    for &(why, key, declared, author, tex, pages, lines, want) in COVERS {
        let lines = lines.iter().chain(if lines.len() > 3 { &[][..] } else { BODY });
        let cover = Cover {
            lines: lines
                .map(|&(text, size, top)| CoverLine {
                    text: text.to_string(),
                    size,
                    top,
                    bottom: top + size,
                })
                .collect(),
            author: author.map(String::from),
            tex,
            pages,
        };
        let got = choose(declared, Some(&cover), "", key).shown;
        if got != want {
            failed.push(format!("{why}\n   got: {got:?}\n  want: {want:?}"));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

/// (package-relative path under `usr/share/doc/texlive-doc/`, expected
/// title) of real PDFs of Debian 12's texlive-lang-korean, -japanese and
/// -chinese (2022.20230122-1), and what was taken before (in the comment).
const TEXLIVE: &[(&str, &str)] = &[
    // "Munehiro Yamamoto" (the author)
    ("latex/gckanbun/gckanbun.pdf", "gckanbun Package"),
    // "Kangsoo Kim" (the author), "Nova de Hi" (the author)
    (
        "latex/pmhanguljamo/pmhanguljamo-doc.pdf",
        "Poorman’s Hangul Jamo Input Method",
    ),
    (
        "latex/pmhanguljamo/pmhanguljamo-kdoc.pdf",
        "Poorman’s Hangul Jamo Input Method",
    ),
    // "Nova de Hi" (the author)
    ("latex/kotex-oblivoir/ob-mathleading-doc.pdf", "ob-mathleading"),
    ("latex/kotex-oblivoir/obchaptertoc-doc.pdf", "chapter toc for oblivoir"),
    // "2022년 11월" (a date)
    (
        "latex/kotex-oblivoir/oblivoir-simpledoc.pdf",
        "초간단 oblivoir v3.1.5 사용법",
    ),
    // "2021년 7월" (a date)
    ("latex/kotex-utf/kotex-utf-doc.pdf", "ko.TeX-utf v3.0 사용 설명서"),
    // "The Not So Short" (cut)
    ("latex/lshort-korean/lshort-ko.pdf", "LaTeX2ε 입문"),
    // "' ÛWsï  G # [ ×È÷  Ë ;ã ÿë ãÏ" (mojibake)
    ("latex/kotex-utf/fig/testdhucsallowbreak.pdf", "testdhucsallowbreak"),
    // "4-1_.dvi" (the metadata: a file name); the file's own name is a
    // number, which is no title either (issue 28)
    ("support/asymptote-faq-zh-cn/src/figures/4-1.pdf", ""),
    // "C:/Users/DONGDO~1/AppData/Local/Temp/tp6d377f97_….eps"
    ("latex/xtuthesis/figures/Correct_Ratio.pdf", "Correct_Ratio"),
    // "2009 年 3 月 29 日" (a date)
    ("platex/pxchfon/sample-pxchfon.pdf", "pxchfon パッケージ"),
    // "松井 正一 (matsui@denken.or.jp)" (the author)
    ("latex/pbibtex-manual/jbibtex.pdf", "日本語BibTeX：JBibTeX"),
    // "About upL" (a logo in pieces)
    ("uplatex/base/uplatex-en.pdf", "About upLaTeX2ε"),
    // "TEXで日本語する件について"
    ("latex/zxjatype/example/example.pdf", "XeLaTeXで日本語する件について"),
    // "ATEX2εをもっと便利に"
    ("latex/platexcheat/sample.pdf", "pLaTeX2εをもっと便利に"),
    // "Yin Dian†" (the author)
    (
        "generic/zhspacing/zhs-man.pdf",
        "Typesetting Chinese in XeTeX: zhspacing user’s manual",
    ),
    // "一份简短的关于 L"
    (
        "latex/install-latex-guide-zh-cn/install-latex-guide-zh-cn.pdf",
        "一份简短的关于 LaTeX 安装的介绍",
    ),
    // "倉沢 良一" (the author)
    ("ptex/ptex-manual/jtexdoc_asciimw.pdf", "日本語TeX"),
    // The metadata's title, on the page:
    ("latex/ctex-faq/ctex-faq.pdf", "CTeX FAQ"),
    (
        "latex/fduthesis/fduthesis-en.pdf",
        "fduthesis: LaTeX Thesis Template for Fudan University",
    ),
    ("texlive/texlive-ja/texlive-ja.pdf", "TeX Liveガイド 2022"),
];

/// Where `tests/fixtures/texlive/fetch.sh` unpacked the packages.
fn texlive_dir() -> std::path::PathBuf {
    std::env::var_os("SAGASU_TEXLIVE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/texlive-docs"))
}

#[test]
#[ignore = "needs TeX Live's PDFs: bash tests/fixtures/texlive/fetch.sh, then --ignored texlive"]
fn texlive_pdfs_get_the_titles_a_reader_sees() {
    let root = texlive_dir().join("usr/share/doc/texlive-doc");
    assert!(
        root.is_dir(),
        "{} is missing: run bash tests/fixtures/texlive/fetch.sh",
        root.display()
    );
    let opts = crate::extract::ExtractOptions::default();
    let mut failed = Vec::new();
    for &(path, want) in TEXLIVE {
        let file = root.join(path);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let hash = blake3::hash(&bytes).to_hex();
        let ocr = crate::extract::ocr::Ocr::new(&opts.ocr, opts.timeout, None, 1, &crate::NoProgress);
        let text = crate::extract::text_of(&file, &bytes, hash.as_str(), &opts, &ocr, 64 << 20)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let key = path.rsplit('/').next().unwrap_or(path);
        let got = choose(text.title.as_deref(), text.cover.as_ref(), &text.text, key).shown;
        if got != want {
            failed.push(format!("{path}\n   got: {got:?}\n  want: {want:?}"));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_document_without_a_title_has_its_first_line_scored_as_one() {
    let abstract_ = "\n\ncompact memories have flexible capacities  a digital data storage\n\
                     system with capacity up to bits and random and or sequential access\nis described\n";
    let t = choose(None, None, abstract_, "11394.txt");
    assert_eq!(t.shown, "");
    assert_eq!(
        t.lead.as_deref(),
        Some("compact memories have flexible capacities a digital data storage")
    );
    // A title of its own: nothing else is scored.
    let t = choose(
        None,
        None,
        "Annual Report on Fisheries\n\nThe year began.\n",
        "11394.txt",
    );
    assert_eq!((t.shown.as_str(), t.lead), ("Annual Report on Fisheries", None));
    let t = choose(Some("Book"), None, "Chapter one\n", "b.epub");
    assert_eq!(t.lead, None);
    // A file name that says something is the title, and nothing else.
    let t = choose(
        None,
        None,
        "it was raining,\nand then it snowed.\n",
        "notes/weather.txt",
    );
    assert_eq!((t.shown.as_str(), t.lead), ("weather", None));
    assert_eq!(choose(None, None, "", "12.txt").lead, None);
}

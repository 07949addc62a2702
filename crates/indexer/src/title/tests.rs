//! The table of cases of the title picker: the five documents of the
//! default corpus, and what a reader would pick in other kinds of text.

use super::choose;

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
        "000_d1566bec7f6aab24",
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
        "002_cfdbf63cab07ae4d",
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
        "003_0771a4b52a2fefa6",
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
        "vaswani: no title, running text in lower case: the file name",
        "docs/11394.txt",
        None,
        "\n\ncompact memories have flexible capacities  a digital data storage\n\
         system with capacity up to bits and random and or sequential access\nis described\n",
        "11394",
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
        let got = choose(declared, text, key);
        if got != want {
            failed.push(format!("{why}\n   got: {got:?}\n  want: {want:?}"));
        }
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

#[test]
fn a_title_is_bounded_and_on_one_line() {
    let long = format!("{}\n\nBody text.\n", "Word ".repeat(29).trim());
    assert_eq!(choose(None, &long, "x.txt").split(' ').count(), 29);
    let declared = "T ".repeat(300);
    let t = choose(Some(&declared), "", "x.txt");
    assert_eq!(t.chars().count(), 200);
    assert!(!t.contains('\n'));
}

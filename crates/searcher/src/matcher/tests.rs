use sagasu_analysis::{analyze, stem, Mode};

use super::*;
use crate::query::{analyze_with, parse, Aliases};

fn matcher(q: &str, aliases: &Aliases) -> Matcher {
    Matcher::new(&analyze_with(&parse(q).unwrap(), aliases, true).unwrap())
}

/// The text of each match of `q` in `text`.
fn found<'t>(q: &str, text: &'t str) -> Vec<&'t str> {
    matcher(q, &Aliases::default())
        .find(text)
        .into_iter()
        .map(|m| &text[m.start..m.end])
        .collect()
}

/// The highlighted parts of each match.
fn parts<'t>(q: &str, text: &'t str) -> Vec<Vec<&'t str>> {
    matcher(q, &Aliases::default())
        .find(text)
        .into_iter()
        .map(|m| m.parts.iter().map(|&(a, b)| &text[a..b]).collect())
        .collect()
}

#[test]
fn every_kind_of_word_match_covers_the_original_spelling() {
    let text = "Satō met Kim Dae-jung; negotiations on Nordpolitik with Ishiba.";
    assert_eq!(found("sato", text), ["Satō"]);
    assert_eq!(found("Daejung", text), ["Dae-jung"]);
    assert_eq!(found("negotiate", text), ["negotiations"]);
    assert_eq!(found("Nordpol*", text), ["Nordpolitik"]);
    assert_eq!(found("Ishbia~1", text), ["Ishiba"]);
    // Excluded words are never found.
    assert_eq!(found("Ishiba -sato", text), ["Ishiba"]);
    // Restrictions are not found in a text.
    assert_eq!(found("title:Ishiba", text), Vec::<&str>::new());
}

#[test]
fn phrases_are_one_match_and_their_words_alone_are_none() {
    let text = "a joint declaration; joint, and a declaration; Joint Declarations of 1998";
    assert_eq!(
        found("\"joint declaration\"", text),
        ["joint declaration", "Joint Declarations"]
    );
    assert_eq!(
        found("\"joint declaration\" 1998", text),
        ["joint declaration", "Joint Declarations", "1998"]
    );
    // A word inside a phrase found is not found again.
    assert_eq!(
        found("joint \"joint declaration\"", text),
        ["joint declaration", "joint", "Joint Declarations"]
    );
    // Slop: the words between are not highlighted.
    assert_eq!(found("\"joint and declaration\"~1", text), ["joint, and a declaration"]);
    assert_eq!(
        parts("\"joint and declaration\"~1", text),
        [["joint", "and", "declaration"]]
    );
}

#[test]
fn sloppy_phrases_match_as_tantivy_counts_slop() {
    let text = "declaration joint; the joint of the declaration";
    // A swap costs 2 (tantivy, Lucene).
    assert_eq!(found("\"joint declaration\"~1", text), Vec::<&str>::new());
    assert_eq!(
        found("\"joint declaration\"~2", text),
        ["declaration joint", "joint of the declaration"]
    );
}

#[test]
fn compounds_and_hyphenated_line_ends_are_whole() {
    let text = "Kim Dae-jung met them at the sum-\nmit; the Kim Dae jung summit";
    assert_eq!(found("summit", text), ["sum-\nmit", "summit"]);
    assert_eq!(found("\"Kim Dae-jung\"", text), ["Kim Dae-jung", "Kim Dae jung"]);
}

#[test]
fn a_name_typed_as_several_words_is_one_mention() {
    let text = "Kim Dae-jung met Obuchi. Kim said: Dae-jung, Kim.";
    // Kim and Dae-jung next to each other in query order: one mention;
    // apart or out of order, each is its own.
    assert_eq!(found("Kim Dae-jung", text), ["Kim Dae-jung", "Kim", "Dae-jung", "Kim"]);
    assert_eq!(parts("Kim Dae-jung", text)[0], ["Kim", "Dae-jung"]);
}

#[test]
fn names_are_found_in_any_romanization_and_in_hangul() {
    let texts = [
        "President Kim Dae Jung visited Tokyo in 1998.",
        "김대중 대통령은 도쿄를 방문했다.",
        "Kim Tae-jung met Obuchi.",
    ];
    for q in ["\"Kim Daejung\"", "김대중", "Kim Dae-jung"] {
        let m = matcher(q, &Aliases::default());
        let got: Vec<Vec<&str>> = texts
            .iter()
            .map(|t| m.find(t).iter().map(|o| &t[o.start..o.end]).collect())
            .collect();
        assert_eq!(got, [vec!["Kim Dae Jung"], vec!["김대중"], vec!["Kim Tae-jung"]], "{q}");
    }
    // The kind that found it: the typed spelling as typed, the others by key.
    let m = matcher("Chosŏn", &Aliases::default());
    let text = "Chosŏn and Joseon";
    let kinds: Vec<_> = m.find(text).iter().map(|o| o.kind).collect();
    assert_eq!(kinds, [None, Some(ExpansionKind::Romanization)]);
}

#[test]
fn aliases_and_other_orders_say_what_found_them() {
    let aliases = Aliases::parse("Takeshima | Dokdo | Liancourt Rocks", "test").unwrap();
    let m = matcher("Dokdo", &aliases);
    let text = "Dokdo, or Takeshima, the Liancourt Rocks; Tokdo";
    let got: Vec<(&str, Option<ExpansionKind>)> =
        m.find(text).iter().map(|o| (&text[o.start..o.end], o.kind)).collect();
    assert_eq!(
        got,
        [
            ("Dokdo", None),
            ("Takeshima", Some(ExpansionKind::Alias)),
            ("Liancourt Rocks", Some(ExpansionKind::Alias)),
            ("Tokdo", Some(ExpansionKind::Alias)),
        ]
    );
    let m = matcher("\"Shigeru Ishiba\"", &Aliases::default());
    let text = "Shigeru Ishiba, or Ishiba Shigeru";
    let kinds: Vec<_> = m.find(text).iter().map(|o| (&text[o.start..o.end], o.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("Shigeru Ishiba", None),
            ("Ishiba Shigeru", Some(ExpansionKind::NameOrder))
        ]
    );
}

/// The default corpus's documents, read once.
fn corpus() -> &'static Vec<String> {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        paths.sort();
        paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    })
}

/// The matcher stems only words that start like a query stem; that is
/// exact only if stemming keeps the first letter. Checked on every word of
/// the default corpus and on Snowball's exceptional forms.
#[test]
fn stemming_keeps_the_first_letter() {
    let mut text = String::from("skis skies dying lying tying idly gently ugly early only singly yelling 'tis");
    for doc in corpus() {
        text.push_str(doc);
    }
    let mut checked = 0;
    for t in analyze(&text, Mode::Index) {
        let s = stem(&t.text);
        assert_eq!(s.as_bytes().first(), t.text.as_bytes().first(), "{} → {s}", t.text);
        checked += 1;
    }
    assert!(checked > 10_000, "{checked}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// For a random word of the corpus, the matches in each document are
    /// exactly the analyzer's own tokens of it with that form or stem
    /// (stacked tokens of one word merged into one).
    #[test]
    fn a_word_matches_where_the_analyzer_has_its_tokens(doc in 0usize..5, pick in 0usize..100_000) {
        let texts = corpus();
        let tokens = analyze(&texts[doc], Mode::Index);
        let word = tokens[pick % tokens.len()].text.clone();
        proptest::prop_assume!(!["and", "or", "not"].contains(&word.as_str()));
        let q = crate::query::analyze(&parse(&word).unwrap(), &Aliases::default()).unwrap();
        proptest::prop_assume!(q.positive_leaves().iter().all(|l| l.tokens.len() == 1));
        let m = Matcher::new(&q);
        let stemmed = stem(&word).into_owned();
        for text in texts {
            let mut want: Vec<(usize, usize)> = Vec::new();
            for t in analyze(text, Mode::Index) {
                if t.text != word && stem(&t.text) != stemmed {
                    continue;
                }
                match want.last_mut() {
                    Some(last) if t.offset_from < last.1 => last.1 = last.1.max(t.offset_to),
                    _ => want.push((t.offset_from, t.offset_to)),
                }
            }
            let got: Vec<(usize, usize)> = m.find(text).iter().map(|o| (o.start, o.end)).collect();
            proptest::prop_assert_eq!(got, want, "{}", word);
        }
    }
}

/// issue 29, item 3: a name whose words the text writes together (김대중
/// for `Kim Dae-jung` or `김 대중`, 東京大学 for `東京 大学`) is one part,
/// one mark; words apart stay apart.
#[test]
fn words_written_together_are_one_part() {
    assert_eq!(parts("Kim Dae-jung", "김대중은 말했다"), [["김대중"]]);
    assert_eq!(parts("김 대중", "김대중은"), [["김대중"]]);
    assert_eq!(parts("東京 大学", "東京大学へ"), [["東京大学"]]);
    assert_eq!(parts("Kim Dae-jung", "Kim Dae-jung"), [["Kim", "Dae-jung"]]);
    assert_eq!(join_touching([(0, 3), (3, 9), (10, 12), (11, 14)]), [(0, 9), (10, 14)]);
}

proptest::proptest! {
    /// The matches found with the prefilter (only the pieces that may hold
    /// a match analyzed) are those of the whole text analyzed, in texts of
    /// ASCII, inert, Latin letters with diacritics and other non-ASCII
    /// characters.
    #[test]
    fn the_prefilter_finds_what_the_whole_text_holds(
        text in "[kKeErRnNlL2s .\\-\n\r\u{e9}\u{c9}\u{e8}\u{f6}\u{f1}\u{137}\u{1ebd}\u{df}\u{ad}\u{a0}\u{200c}\u{301}\u{2010}\u{2019}\u{ff4b}д日あ、（]{0,60}",
        q in proptest::sample::select(vec!["kernel", "kern", "kernels", "ner", "s2", "kernel OR nes"]),
    ) {
        let m = matcher(q, &Aliases::default());
        proptest::prop_assert!(m.needles.is_some());
        let whole = Matcher { needles: None, ..m.clone() };
        proptest::prop_assert_eq!(m.find(&text), whole.find(&text));
    }
}

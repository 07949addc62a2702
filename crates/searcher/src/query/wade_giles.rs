//! Chinese names across romanizations, at query time (issue 27): a body
//! word or phrase whose words are Chinese names in Pinyin or Wade–Giles
//! is also searched in the other spelling, as words
//! ([`ExpansionKind::WadeGiles`]; `romanize::wade_giles_readings`):
//! `Zedong` also finds *Tse-tung* and *Tsetung*, `Hsiao-p’ing` finds
//! *Xiaoping*, `Peking` finds *Beijing*. Nothing indexed changes: a
//! reading is one joined word (`tsetung`), which the index holds for
//! *Tsetung* and, stacked, for *Tse-tung*.
//!
//! A one-syllable word (`Teng`, `Chou`, `Chiang`) is read only when a word
//! next to it (in the phrase, or juxtaposed in the query) is a Chinese name
//! of two or more syllables: `Teng Hsiao-p’ing` finds *Deng Xiaoping*,
//! `Chang` alone is the English word. Readings rank below the spelling
//! typed ([`WADE_GILES_WEIGHT`]).

use sagasu_analysis::romanize::{is_chinese_name, wade_giles_readings};

use crate::query::{query_tokens, Clause, ExpansionKind, FieldSel, Leaf, LeafKind};

/// The weight of a reading against the spelling typed (as
/// [`crate::query::NAME_ORDER_WEIGHT`]: another spelling ranks below it).
pub const WADE_GILES_WEIGHT: f32 = 0.5;

/// At most this many readings of one word or phrase.
const MAX_LEAVES: usize = 6;

/// Whether `clause` is a body word that is a Chinese name of two or more
/// syllables: what lets a one-syllable word next to it be read.
pub(crate) fn is_chinese_word(clause: &Clause) -> bool {
    match clause {
        Clause::Leaf(l) => {
            l.field == FieldSel::Body
                && matches!(l.kind, LeafKind::Words)
                && l.text.split_whitespace().count() == 1
                && is_chinese_name(&l.text)
        }
        Clause::Expanded(e) => is_chinese_word(&Clause::Leaf(e.original.clone())),
        _ => false,
    }
}

/// The leaves of a word's or phrase's other spellings (same kind as the
/// leaf: a word, or a phrase with its slop), each word replaced by one of
/// its readings; `beside`: a neighbouring clause is a Chinese name.
pub(crate) fn readings(leaf: &Leaf, beside: bool) -> Vec<Leaf> {
    if leaf.field != FieldSel::Body || !matches!(leaf.kind, LeafKind::Words | LeafKind::Phrase { .. }) {
        return Vec::new();
    }
    let words: Vec<&str> = leaf.text.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return Vec::new();
    }
    // Each word's spellings, its own first.
    let mut slots: Vec<Vec<String>> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let in_name = beside || words.iter().enumerate().any(|(j, o)| j != i && is_chinese_name(o));
        let mut spellings = vec![w.to_string()];
        spellings.extend(wade_giles_readings(w, in_name));
        slots.push(spellings);
    }
    if slots.iter().all(|s| s.len() == 1) {
        return Vec::new();
    }
    let mut texts: Vec<(String, bool)> = vec![(String::new(), false)];
    for spellings in &slots {
        texts = texts
            .iter()
            .flat_map(|(t, changed)| {
                spellings.iter().enumerate().map(move |(r, s)| {
                    let sep = if t.is_empty() { "" } else { " " };
                    (format!("{t}{sep}{s}"), *changed || r > 0)
                })
            })
            .take(4 * MAX_LEAVES)
            .collect();
    }
    texts
        .into_iter()
        .filter(|(_, changed)| *changed)
        .take(MAX_LEAVES)
        .map(|(text, _)| Leaf {
            tokens: query_tokens(&text),
            text,
            ..leaf.clone()
        })
        .filter(|l| !l.tokens.is_empty())
        .collect()
}

/// The readings of a whole leaf, as JSON `names` and `--explain` show them.
pub(crate) fn shown(readings: &[Leaf]) -> Vec<String> {
    readings.iter().map(|l| l.text.clone()).collect()
}

/// Marks `readings`' kind on an expansion's last alternatives.
pub(crate) fn kinds(n: usize) -> Vec<Option<ExpansionKind>> {
    vec![Some(ExpansionKind::WadeGiles); n]
}

#[cfg(test)]
mod tests {
    use crate::query::{analyze_with, parse, AnalyzedQuery, ExpansionKind};
    use crate::Aliases;

    fn analyzed(q: &str, romanize: bool) -> AnalyzedQuery {
        analyze_with(&parse(q).unwrap(), &Aliases::default(), romanize).unwrap()
    }

    fn kinds(q: &AnalyzedQuery) -> Vec<ExpansionKind> {
        q.expansions.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn readings_are_words_of_their_own_kind() {
        let q = analyzed("Xiaoping", true);
        assert_eq!(q.to_string(), "WG(\"Xiaoping\" | wg:\"hsiaoping\")");
        assert_eq!(kinds(&q), [ExpansionKind::WadeGiles]);
        // A name that also has a key: both kinds, the reading marked.
        let q = analyzed("Zedong", true);
        assert_eq!(kinds(&q).last(), Some(&ExpansionKind::WadeGiles));
        assert_eq!(kinds(&q)[0], ExpansionKind::Romanization);
        let crate::query::Clause::Expanded(e) = &q.root else {
            panic!("{q}")
        };
        let last = e.alternatives.last().unwrap();
        assert_eq!(last.text, "tsetung");
        assert_eq!(e.found_by(last), Some(ExpansionKind::WadeGiles));
        assert_eq!(e.weights.last(), Some(&super::WADE_GILES_WEIGHT));
        // Off with romanization.
        assert!(analyzed("Xiaoping", false).expansions.is_empty());
    }

    #[test]
    fn one_syllable_only_beside_a_chinese_name() {
        let q = analyzed("Teng Hsiao-p'ing", true);
        let deng = q
            .expansions
            .iter()
            .find(|e| e.matched == "Teng" && e.kind == ExpansionKind::WadeGiles)
            .unwrap();
        assert_eq!(deng.names, ["deng"]);
        let q = analyzed("\"Chou En-lai\"", true);
        assert_eq!(q.expansions.last().unwrap().names, ["zhou En-lai"]);
        for alone in ["Teng", "Chang", "Long", "Chung"] {
            assert!(
                !kinds(&analyzed(alone, true)).contains(&ExpansionKind::WadeGiles),
                "{alone}"
            );
        }
    }
}

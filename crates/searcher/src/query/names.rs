//! Names across romanizations, at query time: a pass over the analyzed
//! tree (after alias groups) that lets a name typed in one romanization find
//! the others.
//!
//! - A body word or phrase whose every word is a name candidate
//!   ([`query_keys`]: Hangul, a romanization mark, or shaped like romanized
//!   syllables and not an English word) becomes an
//!   [`ExpansionKind::Romanization`] expansion: the words as typed, or their
//!   keys in the key field (a [`LeafKind::Name`] leaf, a phrase for several
//!   words). The key field holds the keys of the documents' name candidates
//!   only, so `Joseon` finds `Chosŏn` but `Pak` never finds the word park.
//! - A quoted name of two or three words is also searched in the other
//!   orders (`"Shigeru Ishiba"` finds *Ishiba Shigeru*), at
//!   [`NAME_ORDER_WEIGHT`]: an [`ExpansionKind::NameOrder`] expansion.
//! - An alias group's names get their keys too (`Dokdo` finds *Tokdo*).
//! - A name whose closed o, u or eo may be McCune–Reischauer printed
//!   without breves also gets those readings' keys
//!   ([`ExpansionKind::McCuneReischauer`]: `Joseon` finds *Choson*,
//!   `Choson` finds *Joseon*; `romanize::breveless_keys`).
//! - A word of two to four Han characters that all have a Korean reading
//!   is also searched by the keys of its readings ([`ExpansionKind::Hanja`]:
//!   `金大中` finds *김대중* and *Kim Dae-jung*;
//!   `romanize::hanja_readings`), at [`HANJA_WEIGHT`], so the Han text
//!   itself ranks first.
//! - A Chinese name in Pinyin is also searched in Wade–Giles and the other
//!   way round, as words (`super::wade_giles`, [`ExpansionKind::WadeGiles`]:
//!   `Zedong` finds *Tse-tung*, `Peking` finds *Beijing*).
//!
//! Ranking: a document with the spelling typed matches the word (exact and
//! stem fields) and its key; a document with another romanization matches
//! only the key; so exact spellings rank first.
//!
//! Trap: a phrase's keys are placed one word after another (a word's keys at
//! the position of its first token), as the document writes it when it
//! spells the name like the query; a phrase mixing names with other words
//! is not romanized.

use sagasu_analysis::romanize::{breveless_keys, hanja_readings, is_certain_name, key, query_key_pieces, query_keys};

use crate::query::wade_giles;
use crate::query::{
    query_tokens, Clause, Expanded, Expansion, ExpansionKind, FieldSel, Leaf, LeafKind, QueryToken, NAME_ORDER_WEIGHT,
};

/// Expands the names of an analyzed tree; records each expansion in `out`.
pub(crate) fn expand(clause: Clause, out: &mut Vec<Expansion>) -> Clause {
    expand_beside(clause, false, out)
}

/// [`expand`]; `beside`: a clause next to this one is a Chinese name
/// (`wade_giles::is_chinese_word`), so a one-syllable Chinese name is read.
fn expand_beside(clause: Clause, beside: bool, out: &mut Vec<Expansion>) -> Clause {
    match clause {
        Clause::Leaf(leaf) if is_name_like(&leaf) => expand_leaf(leaf, beside, out),
        Clause::All { clauses, implicit } => {
            let chinese: Vec<bool> = clauses.iter().map(wade_giles::is_chinese_word).collect();
            let beside = |i: usize| (i > 0 && chinese[i - 1]) || chinese.get(i + 1) == Some(&true);
            Clause::All {
                clauses: clauses
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| expand_beside(c, beside(i), out))
                    .collect(),
                implicit,
            }
        }
        Clause::Any(alts) => Clause::Any(alts.into_iter().map(|c| expand(c, out)).collect()),
        Clause::Not(inner) => Clause::Not(Box::new(expand(*inner, out))),
        Clause::Expanded(e) => Clause::Expanded(augment(e, out)),
        other => other,
    }
}

/// A body word or phrase.
fn is_name_like(leaf: &Leaf) -> bool {
    leaf.field == FieldSel::Body && matches!(leaf.kind, LeafKind::Words | LeafKind::Phrase { .. })
}

/// The whitespace-separated words of a leaf's text that analyzed to
/// something, each with the position of its first token.
fn words(leaf: &Leaf) -> Vec<(&str, usize)> {
    leaf.text
        .split_whitespace()
        .enumerate()
        .filter_map(|(i, w)| leaf.tokens.iter().find(|t| t.word == i).map(|t| (w, t.position)))
        .collect()
}

/// The key leaf of a word or phrase whose every word is a name, or `None`.
fn name_leaf(leaf: &Leaf) -> Option<Leaf> {
    let words = words(leaf);
    if words.is_empty() {
        return None;
    }
    let mut tokens = Vec::new();
    for (i, &(word, position)) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|w| w.0);
        for (j, key) in query_keys(word, next)?.into_iter().enumerate() {
            tokens.push(QueryToken {
                stem: key.clone(),
                text: key,
                position: position + j,
                word: i,
            });
        }
    }
    Some(Leaf {
        field: FieldSel::Body,
        kind: LeafKind::Name {
            slop: leaf.slop(),
            by: ExpansionKind::Romanization,
        },
        text: leaf.text.clone(),
        column: leaf.column,
        tokens,
    })
}

/// The keys of a key leaf, as JSON `names` shows them.
fn shown(key_leaf: &Leaf) -> String {
    key_leaf
        .tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The leaf as spelled, without stems when every word is certainly a
/// name (see [`QueryToken::stem`]).
fn as_spelled(leaf: &Leaf) -> Leaf {
    let mut spelled = leaf.clone();
    if words(leaf).iter().all(|(w, _)| is_certain_name(w)) {
        for t in &mut spelled.tokens {
            t.stem.clear();
        }
    }
    spelled
}

/// At most this many breve-less readings of one word or phrase.
const MAX_BREVELESS: usize = 7;

/// The key leaves of a name's breve-less McCune–Reischauer readings
/// (`Choson` → `cosun`, `Joseon` → `coson`): every combination of each
/// key's readings but the name's own keys, at most [`MAX_BREVELESS`].
fn breveless_leaves(leaf: &Leaf) -> Vec<Leaf> {
    let words = words(leaf);
    // Each key's readings, its own first, with its position and word.
    let mut slots: Vec<(Vec<String>, usize, usize)> = Vec::new();
    for (i, &(word, position)) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|w| w.0);
        let Some(pieces) = query_key_pieces(word, next) else {
            return Vec::new();
        };
        for (j, piece) in pieces.iter().enumerate() {
            let Some(own) = key(piece) else {
                return Vec::new();
            };
            let mut readings = vec![own];
            readings.extend(breveless_keys(piece));
            slots.push((readings, position + j, i));
        }
    }
    let mut combinations: Vec<Vec<usize>> = vec![Vec::new()];
    for (readings, ..) in &slots {
        combinations = combinations
            .iter()
            .flat_map(|c| {
                (0..readings.len()).map(move |r| {
                    let mut c = c.clone();
                    c.push(r);
                    c
                })
            })
            .take(MAX_BREVELESS + 1)
            .collect();
    }
    combinations
        .into_iter()
        .filter(|c| c.iter().any(|&r| r > 0))
        .take(MAX_BREVELESS)
        .map(|c| Leaf {
            field: FieldSel::Body,
            kind: LeafKind::Name {
                slop: leaf.slop(),
                by: ExpansionKind::McCuneReischauer,
            },
            text: leaf.text.clone(),
            column: leaf.column,
            tokens: slots
                .iter()
                .zip(&c)
                .map(|((readings, position, word), &r)| QueryToken {
                    text: readings[r].clone(),
                    stem: readings[r].clone(),
                    position: *position,
                    word: *word,
                })
                .collect(),
        })
        .collect()
}

/// Weight of a hanja word's Korean readings, relative to the Han text
/// typed: a Chinese or Japanese text with the characters ranks first.
pub(crate) const HANJA_WEIGHT: f32 = 0.5;

/// The key leaves of a one-word leaf in hanja, one per Korean reading
/// (`金大中` → `kim taecunk`, `kum taecunk`); none for anything else.
fn hanja_leaves(leaf: &Leaf) -> Vec<Leaf> {
    let [(word, position)] = words(leaf)[..] else {
        return Vec::new();
    };
    hanja_readings(word)
        .iter()
        .filter_map(|reading| query_keys(reading, None))
        .map(|keys| Leaf {
            field: FieldSel::Body,
            kind: LeafKind::Name {
                slop: leaf.slop(),
                by: ExpansionKind::Hanja,
            },
            text: leaf.text.clone(),
            column: leaf.column,
            tokens: keys
                .into_iter()
                .enumerate()
                .map(|(j, key)| QueryToken {
                    stem: key.clone(),
                    text: key,
                    position: position + j,
                    word: 0,
                })
                .collect(),
        })
        .collect()
}

/// A hanja word: itself, or its readings' keys at [`HANJA_WEIGHT`].
fn expand_hanja(leaf: Leaf, out: &mut Vec<Expansion>) -> Clause {
    let readings = hanja_leaves(&leaf);
    if readings.is_empty() {
        return Clause::Leaf(leaf);
    }
    out.push(Expansion {
        matched: leaf.text.clone(),
        names: readings.iter().map(shown).collect(),
        kind: ExpansionKind::Hanja,
    });
    let mut alternatives = vec![leaf.clone()];
    alternatives.extend(readings);
    let mut e = Expanded::new(ExpansionKind::Hanja, leaf, alternatives);
    for w in e.weights.iter_mut().skip(1) {
        *w = HANJA_WEIGHT;
    }
    Clause::Expanded(e)
}

fn expand_leaf(leaf: Leaf, beside: bool, out: &mut Vec<Expansion>) -> Clause {
    let chinese = wade_giles::readings(&leaf, beside);
    let e = match name_leaf(&leaf) {
        Some(keys) => keyed(leaf, keys, out),
        None if chinese.is_empty() => return expand_hanja(leaf, out),
        None => {
            let spelled = as_spelled(&leaf);
            Expanded::new(ExpansionKind::WadeGiles, leaf, vec![spelled])
        }
    };
    Clause::Expanded(with_readings(e, chinese, out))
}

/// `e` with the Wade–Giles or Pinyin spellings of its name as more
/// alternatives (ranked below the spelling typed), recorded in `out`.
fn with_readings(mut e: Expanded, chinese: Vec<Leaf>, out: &mut Vec<Expansion>) -> Expanded {
    if chinese.is_empty() {
        return e;
    }
    out.push(Expansion {
        matched: e.original.text.clone(),
        names: wade_giles::shown(&chinese),
        kind: ExpansionKind::WadeGiles,
    });
    e.weights.extend(chinese.iter().map(|_| wade_giles::WADE_GILES_WEIGHT));
    e.by.extend(wade_giles::kinds(chinese.len()));
    e.alternatives.extend(chinese);
    e
}

/// The expansion of a name that has keys.
fn keyed(leaf: Leaf, keys: Leaf, out: &mut Vec<Expansion>) -> Expanded {
    out.push(Expansion {
        matched: leaf.text.clone(),
        names: vec![shown(&keys)],
        kind: ExpansionKind::Romanization,
    });
    let breveless = breveless_leaves(&leaf);
    if !breveless.is_empty() {
        out.push(Expansion {
            matched: leaf.text.clone(),
            names: breveless.iter().map(shown).collect(),
            kind: ExpansionKind::McCuneReischauer,
        });
    }
    let orders = other_orders(&leaf);
    if orders.is_empty() {
        let spelled = as_spelled(&leaf);
        let mut alternatives = vec![spelled, keys];
        alternatives.extend(breveless);
        return Expanded::new(ExpansionKind::Romanization, leaf, alternatives);
    }
    out.push(Expansion {
        matched: leaf.text.clone(),
        names: orders.iter().map(|o| o.text.clone()).collect(),
        kind: ExpansionKind::NameOrder,
    });
    let mut alternatives = vec![as_spelled(&leaf), keys];
    for order in orders {
        alternatives.extend(name_leaf(&order));
        alternatives.push(as_spelled(&order));
    }
    let others = alternatives.len() - 2;
    alternatives.extend(breveless);
    let mut e = Expanded::new(ExpansionKind::NameOrder, leaf, alternatives);
    for w in e.weights.iter_mut().skip(2).take(others) {
        *w = NAME_ORDER_WEIGHT;
    }
    e
}

/// A quoted name of two or three words in its other orders (family name
/// first or last): `"Shigeru Ishiba"` → `"Ishiba Shigeru"`; `"Kim Dae
/// Jung"` → `"Jung Kim Dae"`, `"Dae Jung Kim"`.
fn other_orders(leaf: &Leaf) -> Vec<Leaf> {
    let LeafKind::Phrase { .. } = leaf.kind else {
        return Vec::new();
    };
    let words: Vec<&str> = leaf.text.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) || words.len() != self::words(leaf).len() {
        return Vec::new();
    }
    (1..words.len())
        .map(|r| {
            let mut w = words.clone();
            w.rotate_left(r);
            let text = w.join(" ");
            Leaf {
                tokens: query_tokens(&text),
                text,
                ..leaf.clone()
            }
        })
        .collect()
}

/// An alias group's names with their keys added (`Dokdo` also finds
/// *Tokdo*).
fn augment(mut e: Expanded, out: &mut Vec<Expansion>) -> Expanded {
    let keys: Vec<Leaf> = e
        .alternatives
        .iter()
        .filter(|a| is_name_like(a))
        .filter_map(name_leaf)
        .collect();
    if keys.is_empty() {
        return e;
    }
    out.push(Expansion {
        matched: e.original.text.clone(),
        names: keys.iter().map(shown).collect(),
        kind: ExpansionKind::Romanization,
    });
    e.weights.extend(keys.iter().map(|_| 1.0));
    e.by.extend(keys.iter().map(|_| None));
    e.alternatives.extend(keys);
    e
}

#[cfg(test)]
mod tests {
    use crate::query::{analyze_with, parse};
    use crate::Aliases;

    fn shown(q: &str) -> String {
        analyze_with(&parse(q).unwrap(), &Aliases::default(), true)
            .unwrap()
            .to_string()
    }

    #[test]
    fn names_get_keys_and_english_words_do_not() {
        assert_eq!(shown("Joseon"), "NAME(\"Joseon\" | key:\"Joseon\" | mr:\"coson\")");
        assert_eq!(shown("good"), "body:good");
        assert_eq!(
            shown("Joseon dynasty"),
            "(NAME(\"Joseon\" | key:\"Joseon\" | mr:\"coson\") body:dynasty)"
        );
        // A phrase mixing names and English words is not romanized.
        assert_eq!(shown("\"Joseon dynasty\""), "body:\"Joseon dynasty\"");
    }

    #[test]
    fn quoted_names_are_also_searched_in_the_other_order() {
        let q = analyze_with(&parse("\"Shigeru Ishiba\"").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(
            q.to_string(),
            "NAME_ORDER(\"Shigeru Ishiba\" | key:\"Shigeru Ishiba\" | key:\"Ishiba Shigeru\" | \"Ishiba Shigeru\")"
        );
        let crate::query::Clause::Expanded(e) = &q.root else {
            panic!()
        };
        assert_eq!(e.weights, [1.0, 1.0, 0.5, 0.5]);
        let kinds: Vec<_> = q.expansions.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [crate::ExpansionKind::Romanization, crate::ExpansionKind::NameOrder]
        );
    }

    #[test]
    fn kinds_are_named_as_json_names_them() {
        use crate::ExpansionKind::*;
        for kind in [Alias, Romanization, NameOrder] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn breveless_readings_are_their_own_kind() {
        let q = analyze_with(&parse("Choson").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(q.to_string(), "NAME(\"Choson\" | key:\"Choson\" | mr:\"cosun\")");
        assert_eq!(q.expansions[1].kind, crate::ExpansionKind::McCuneReischauer);
        assert_eq!(q.expansions[1].names, ["cosun"]);
        let q = analyze_with(&parse("Joseon").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(q.expansions[1].names, ["coson"]);
        // Open syllables, where Japanese names keep o and u apart: none.
        let q = analyze_with(&parse("Ono").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(q.expansions.len(), 1);
        // Hangul: each piece (조선 → coson; 김대중 → nothing varies).
        let q = analyze_with(&parse("조선").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(q.expansions[1].names, ["coson"]);
    }

    #[test]
    fn hanja_words_are_read_as_korean() {
        let q = analyze_with(&parse("金大中").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(
            q.to_string(),
            "HANJA(\"金大中\" | hanja:\"kim taecunk\" | hanja:\"keum taecunk\")"
        );
        assert_eq!(q.expansions[0].kind, crate::ExpansionKind::Hanja);
        let crate::query::Clause::Expanded(e) = &q.root else {
            panic!()
        };
        assert_eq!(e.weights, [1.0, super::HANJA_WEIGHT, super::HANJA_WEIGHT]);
        // One character, kana (a kana name is romanized, not read as
        // hanja), a phrase of several words: not read.
        for q in ["金", "ひらがな", "\"金大中 朝鮮\""] {
            let q = analyze_with(&parse(q).unwrap(), &Aliases::default(), true).unwrap();
            assert!(
                !q.expansions.iter().any(|e| e.kind == crate::ExpansionKind::Hanja),
                "{q}"
            );
        }
        // Off with the names (--no-romanization).
        let q = analyze_with(&parse("金大中").unwrap(), &Aliases::default(), false).unwrap();
        assert!(q.expansions.is_empty(), "{q}");
    }

    #[test]
    fn hangul_names_are_surname_and_given_name() {
        let q = analyze_with(&parse("김대중").unwrap(), &Aliases::default(), true).unwrap();
        assert_eq!(q.expansions[0].names, ["kim taecunk"]);
    }
}

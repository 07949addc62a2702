//! Fuzzy words as regular expressions: Quickwit's query language has no
//! fuzzy term, but it has regular expressions over a field's terms.
//!
//! A word within `d` edits (insertion, deletion, substitution, or the
//! transposition of two neighbours, as tantivy's `FuzzyTermQuery` with
//! transpositions counts them) is matched by one of the patterns that `d`
//! edits make of it, an edited character being any character (`.`).
//!
//! Trap: two edits applied one after the other can edit the same place
//! (a transposition, then an insertion between the two), which restricted
//! Damerau–Levenshtein, tantivy's measure, counts as three: for `d = 2`
//! the expression also matches a few words at distance 3.

use std::collections::BTreeSet;

/// One symbol of a pattern: a character of the word, or any character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sym {
    Char(char),
    Any,
}

/// Regular expressions (regex-syntax, matched against whole terms) whose
/// union is the terms within `distance` edits of `word`.
///
/// Quickwit compiles each to a DFA of at most 1,000 states (tantivy-fst's
/// limit, which one expression of every two-edit pattern of an
/// eight-letter word already exceeds): when one expression does not
/// compile, there is one per length of the terms matched (a term matches
/// one of them, so a passage scores as many as the lengths of its
/// matching terms, mostly one), and a length's expression is halved again
/// until each compiles with the same compiler as Quickwit's.
pub fn fuzzy_regexes(word: &str, distance: u8) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let patterns: Vec<Vec<Sym>> = patterns(&chars, distance).into_iter().collect();
    let whole = expression(&patterns);
    if tantivy_fst::Regex::new(&whole).is_ok() {
        return vec![whole];
    }
    let mut by_length: Vec<Vec<Vec<Sym>>> = Vec::new();
    for p in patterns {
        match by_length.iter_mut().find(|g| g[0].len() == p.len()) {
            Some(g) => g.push(p),
            None => by_length.push(vec![p]),
        }
    }
    by_length.sort_by_key(|g| g[0].len());
    let mut out = Vec::new();
    for group in &by_length {
        split(group, &mut out);
    }
    out
}

/// Appends to `out` the expressions of `patterns`: one if it compiles,
/// else those of each half.
fn split(patterns: &[Vec<Sym>], out: &mut Vec<String>) {
    let re = expression(patterns);
    if patterns.len() <= 1 || tantivy_fst::Regex::new(&re).is_ok() {
        out.push(re);
        return;
    }
    let (a, b) = patterns.split_at(patterns.len() / 2);
    split(a, out);
    split(b, out);
}

/// One expression of `patterns` (sorted), written as their trie: each
/// shared prefix once, then the alternation of what follows it (a trie
/// compiles to a far smaller automaton than a flat alternation).
fn expression(patterns: &[Vec<Sym>]) -> String {
    let ascii = patterns.iter().flatten().all(|s| match s {
        Sym::Char(c) => c.is_ascii(),
        Sym::Any => true,
    });
    let mut out = String::new();
    trie(patterns, 0, ascii, &mut out);
    out
}

/// Writes the trie of `patterns` (sorted, sharing their first `depth`
/// symbols) from `depth` on.
fn trie(patterns: &[Vec<Sym>], depth: usize, ascii: bool, out: &mut String) {
    let ends = patterns.iter().any(|p| p.len() == depth);
    let rest: Vec<&Vec<Sym>> = patterns.iter().filter(|p| p.len() > depth).collect();
    if rest.is_empty() {
        return;
    }
    // Children: runs of patterns with the same symbol at `depth` (sorted).
    let mut children: Vec<(Sym, Vec<Vec<Sym>>)> = Vec::new();
    for p in rest {
        match children.last_mut() {
            Some((sym, group)) if *sym == p[depth] => group.push(p.clone()),
            _ => children.push((p[depth], vec![p.clone()])),
        }
    }
    let wrap = ends || children.len() > 1;
    if wrap {
        out.push_str("(?:");
    }
    for (i, (sym, group)) in children.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        render_sym(*sym, ascii, out);
        trie(group, depth + 1, ascii, out);
    }
    if wrap {
        out.push(')');
        if ends {
            out.push('?');
        }
    }
}

fn render_sym(s: Sym, ascii: bool, out: &mut String) {
    match s {
        Sym::Char(c) => out.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0; 4]))),
        Sym::Any if ascii => out.push_str("[\\x00-\\x7F]"),
        Sym::Any => out.push('.'),
    }
}

/// Every pattern within `distance` edits of `word`.
fn patterns(word: &[char], distance: u8) -> BTreeSet<Vec<Sym>> {
    let mut patterns: BTreeSet<Vec<Sym>> = BTreeSet::new();
    patterns.insert(word.iter().copied().map(Sym::Char).collect());
    let mut frontier: Vec<Vec<Sym>> = patterns.iter().cloned().collect();
    for _ in 0..distance {
        let mut next = Vec::new();
        for p in &frontier {
            for edited in edits(p) {
                if patterns.insert(edited.clone()) {
                    next.push(edited);
                }
            }
        }
        frontier = next;
    }
    patterns
}

/// Every pattern one edit away from `p`.
fn edits(p: &[Sym]) -> Vec<Vec<Sym>> {
    let mut out = Vec::new();
    for i in 0..p.len() {
        let mut deleted = p.to_vec();
        deleted.remove(i);
        out.push(deleted);
        if p[i] != Sym::Any {
            let mut substituted = p.to_vec();
            substituted[i] = Sym::Any;
            out.push(substituted);
        }
        if i + 1 < p.len() && p[i] != p[i + 1] {
            let mut swapped = p.to_vec();
            swapped.swap(i, i + 1);
            out.push(swapped);
        }
    }
    for i in 0..=p.len() {
        let mut inserted = p.to_vec();
        inserted.insert(i, Sym::Any);
        out.push(inserted);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Matches `text` against `re` as tantivy does: the whole term.
    fn matches(res: &[String], text: &str) -> bool {
        res.iter()
            .any(|re| regex::Regex::new(&format!("^{re}$")).unwrap().is_match(text))
    }

    #[test]
    fn one_edit_of_each_kind_and_no_more() {
        let re = fuzzy_regexes("ishiba", 1);
        for near in ["ishiba", "ishbia", "ishba", "ishibaa", "isxiba", "xishiba"] {
            assert!(matches(&re, near), "{near} is one edit from ishiba");
        }
        for far in ["ishbiaa", "sihbia", "ishi", "abihsi"] {
            assert!(!matches(&re, far), "{far} is more than one edit from ishiba");
        }
        assert!(matches(&fuzzy_regexes("ishiba", 2), "ishbiaa"));
        assert_eq!(fuzzy_regexes("ab", 0), ["ab"]);
    }

    #[test]
    fn characters_are_escaped_and_unicode_is_one_character() {
        assert_eq!(fuzzy_regexes("a.b", 0), [r"a\.b"]);
        assert!(matches(&fuzzy_regexes("日本", 1), "日"));
        assert!(matches(&fuzzy_regexes("日本", 1), "日x"));
    }
}

#[cfg(test)]
mod compile {
    use super::*;

    /// Quickwit compiles each expression with tantivy-fst, whose DFA may
    /// have at most 1,000 states: every expression of a word of up to 24
    /// letters (ASCII or not) at distance 1 and 2 must compile.
    #[test]
    fn every_expression_fits_quickwits_automaton_limit() {
        let long = "abcdefghijklmnopqrstuvwx";
        for word in [
            "ab",
            "pyongyan",
            "nordpolitk",
            "cooperaton",
            "реформа",
            "日本語の",
            long,
        ] {
            for d in [1u8, 2] {
                let t = std::time::Instant::now();
                let res = fuzzy_regexes(word, d);
                eprintln!("{word}~{d}: {} expressions in {:?}", res.len(), t.elapsed());
                for re in res {
                    if let Err(e) = tantivy_fst::Regex::new(&re) {
                        panic!("{word}~{d}: {e} ({} bytes)", re.len());
                    }
                }
            }
        }
    }
}

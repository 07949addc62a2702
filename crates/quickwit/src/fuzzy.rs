//! Fuzzy words as regular expressions: Quickwit's query language has no
//! fuzzy term, but it has regular expressions over a field's terms.
//!
//! A word within `d` edits (insertion, deletion, substitution, or the
//! transposition of two neighbours, as tantivy's `FuzzyTermQuery` with
//! transpositions counts them) is matched by one of the patterns that `d`
//! edits make of it, an edited character being any character (`.`; any
//! ASCII character when the word is ASCII, which keeps the automaton
//! small: an ASCII word does not match a term it becomes by inserting or
//! substituting another character).
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
/// union is the terms within `distance` edits of `word`, and which no term
/// matches twice.
///
/// Quickwit compiles each to a DFA of at most 1,000 states (tantivy-fst's
/// limit, which one expression of every two-edit pattern of an
/// eight-letter word already exceeds). When one expression does not
/// compile with that same compiler, the patterns are split by the length
/// of the terms they match, then by their first character (`c…` for each
/// character a pattern puts first, `[^c…]…` for the edits that put
/// another there), their second, and so on, until each part compiles. The parts match disjoint sets of terms, so a
/// passage scores one per distinct matching term it holds (mostly one),
/// where locally it scores 1.
///
/// `None` when it takes more than [`MAX_EXPRESSIONS`] (a long word at
/// distance 2).
pub fn fuzzy_regexes(word: &str, distance: u8) -> Option<Vec<String>> {
    let chars: Vec<char> = word.chars().collect();
    let patterns: Vec<Vec<Sym>> = patterns(&chars, distance).into_iter().collect();
    let ascii = chars.iter().all(char::is_ascii);
    let whole = expression(&patterns, ascii);
    if tantivy_fst::Regex::new(&whole).is_ok() {
        return Some(vec![whole]);
    }
    // Terms of different lengths are disjoint sets: one part per length,
    // each split further if it does not compile.
    let mut out = Vec::new();
    let lengths: BTreeSet<usize> = patterns.iter().map(Vec::len).collect();
    for length in lengths {
        let group: Vec<Vec<Sym>> = patterns.iter().filter(|p| p.len() == length).cloned().collect();
        disjoint(String::new(), group, ascii, &mut out);
        if out.len() > MAX_EXPRESSIONS {
            return None;
        }
    }
    Some(out)
}

/// Most expressions a fuzzy word may take: each is an automaton that every
/// split of the index runs over its terms.
pub const MAX_EXPRESSIONS: usize = 64;

/// Appends to `out` the expressions of the terms that start with `prefix`
/// (an expression) and go on as one of `patterns`: one if it compiles,
/// else one per first character.
fn disjoint(prefix: String, mut patterns: Vec<Vec<Sym>>, ascii: bool, out: &mut Vec<String>) {
    patterns.sort();
    patterns.dedup();
    let re = format!("{prefix}{}", expression(&patterns, ascii));
    if out.len() > MAX_EXPRESSIONS {
        return;
    }
    if patterns.iter().all(|p| p.len() <= 1) || tantivy_fst::Regex::new(&re).is_ok() {
        out.push(re);
        return;
    }
    if patterns.iter().any(Vec::is_empty) {
        // The term that ends here.
        out.push(prefix.clone());
    }
    let firsts: BTreeSet<char> = patterns
        .iter()
        .filter_map(|p| match p.first() {
            Some(Sym::Char(c)) => Some(*c),
            _ => None,
        })
        .collect();
    let after = |keep: &dyn Fn(&Sym) -> bool| -> Vec<Vec<Sym>> {
        patterns
            .iter()
            .filter(|p| p.first().is_some_and(keep))
            .map(|p| p[1..].to_vec())
            .collect()
    };
    // Terms that start with `c`: the patterns that put `c` or any first.
    for &c in &firsts {
        let mut next = prefix.clone();
        render_sym(Sym::Char(c), ascii, &mut next);
        disjoint(next, after(&|s| *s == Sym::Char(c) || *s == Sym::Any), ascii, out);
    }
    // Terms that start with another character: the patterns that put any.
    let rest = after(&|s| *s == Sym::Any);
    if !rest.is_empty() {
        let others: String = firsts
            .iter()
            .map(|c| regex_syntax::escape(c.encode_utf8(&mut [0; 4])))
            .collect();
        let class = if ascii {
            format!("[\\x00-\\x7F&&[^{others}]]")
        } else {
            format!("[^{others}]")
        };
        disjoint(format!("{prefix}{class}"), rest, ascii, out);
    }
}

/// One expression of `patterns` (sorted), written as their trie: each
/// shared prefix once, then the alternation of what follows it (a trie
/// compiles to a smaller automaton than a flat alternation).
fn expression(patterns: &[Vec<Sym>], ascii: bool) -> String {
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
    fn matches(res: &Option<Vec<String>>, text: &str) -> bool {
        let res = res.as_ref().unwrap();
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
        assert_eq!(fuzzy_regexes("ab", 0).unwrap(), ["ab"]);
    }

    #[test]
    fn characters_are_escaped_and_unicode_is_one_character() {
        assert_eq!(fuzzy_regexes("a.b", 0).unwrap(), [r"a\.b"]);
        assert!(matches(&fuzzy_regexes("日本", 1), "日"));
        assert!(matches(&fuzzy_regexes("日本", 1), "日x"));
    }
}

#[cfg(test)]
mod compile {
    use super::*;

    /// Quickwit compiles each expression with tantivy-fst, whose DFA may
    /// have at most 1,000 states: every expression of a word of up to 12
    /// letters (ASCII or not) at distance 1 and 2 must compile, and no
    /// term may match two of them.
    #[test]
    fn every_expression_fits_quickwits_automaton_limit_and_none_overlap() {
        for word in [
            "ab",
            "pyongyan",
            "nordpolitk",
            "cooperaton",
            "реформа",
            "日本語の",
            "abcdefghijkl",
        ] {
            for d in [1u8, 2] {
                let res = fuzzy_regexes(word, d).unwrap_or_else(|| panic!("{word}~{d}: too many expressions"));
                for re in &res {
                    if let Err(e) = tantivy_fst::Regex::new(re) {
                        panic!("{word}~{d}: {e} ({} bytes)", re.len());
                    }
                }
                let compiled: Vec<regex::Regex> = res
                    .iter()
                    .map(|re| regex::Regex::new(&format!("^(?:{re})$")).unwrap())
                    .collect();
                // Every one- and two-edit spelling made of the word's letters
                // and `x`: matched by exactly one expression when within d.
                let chars: Vec<char> = word.chars().collect();
                for p in patterns(&chars, d) {
                    let term: String = p
                        .iter()
                        .map(|s| match s {
                            Sym::Char(c) => *c,
                            Sym::Any => 'x',
                        })
                        .collect();
                    let n = compiled.iter().filter(|r| r.is_match(&term)).count();
                    assert_eq!(n, 1, "{word}~{d}: {term:?} matched by {n} expressions");
                }
            }
        }
        assert!(
            fuzzy_regexes("abcdefghijklmnopqrstuvwx", 2).is_none(),
            "a 24-letter word takes too many"
        );
    }
}

//! Parsed tree → analyzed tree, once per query: analyze every leaf, expand
//! names (alias groups), then split exclusions from what must match.
//!
//! Trap: query text is analyzed with [`Mode::Query`]. The index-mode
//! analyzer stacks a joined word on hyphenated compounds; a phrase built from
//! those tokens would demand both at one position and never match.

use sagasu_analysis::{analyze as analyze_text, close_cjk_gaps, fold_term, stem, Mode, MAX_TOKEN_BYTES};

use super::aliases::Aliases;
use super::ast::{FieldSel, Node, TermKind};
use super::names;
use super::tree::{AnalyzedQuery, Clause, Leaf, LeafKind, QueryToken};
use crate::error::SearchError;

/// Analyzes a parsed query: every leaf analyzed once (query mode), alias
/// groups expanded, top-level exclusions split off, clauses that analyze
/// to nothing (punctuation only) dropped. Names are not romanized: see
/// [`analyze_with`].
///
/// Errors when nothing is left to search for.
pub fn analyze(node: &Node, aliases: &Aliases) -> Result<AnalyzedQuery, SearchError> {
    analyze_with(node, aliases, false)
}

/// [`analyze`], and with `romanize` names across romanizations too
/// (`super::names`: romanization keys and other name orders, after the
/// alias groups).
pub fn analyze_with(node: &Node, aliases: &Aliases, romanize: bool) -> Result<AnalyzedQuery, SearchError> {
    let tree = convert(node)?;
    let mut expansions = Vec::new();
    let mut tree = aliases.expand(tree, &mut expansions);
    if romanize {
        tree = names::expand(tree, &mut expansions);
    }
    let mut seen = std::collections::HashSet::new();
    expansions.retain(|e| seen.insert((e.matched.clone(), e.kind)));
    let (positive, excluded) = split_exclusions(tree);
    let root = prune(positive)
        .ok_or_else(|| SearchError::syntax(1, "nothing to search for: the query has no letters or digits"))?;
    let exclusions = excluded.into_iter().filter_map(prune).collect();
    Ok(AnalyzedQuery {
        root,
        exclusions,
        expansions,
    })
}

/// The query-mode tokens of `text`, positions relative to the first,
/// stems computed, each with the index of its whitespace-separated word.
pub(crate) fn query_tokens(text: &str) -> Vec<QueryToken> {
    let tokens = analyze_text(text, Mode::Query);
    let base = tokens.first().map_or(0, |t| t.position);
    let word_starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && text[..i].chars().next_back().is_none_or(char::is_whitespace))
        .map(|(i, _)| i)
        .collect();
    tokens
        .into_iter()
        .map(|t| {
            let word = word_starts.partition_point(|&s| s <= t.offset_from).saturating_sub(1);
            QueryToken {
                stem: stem(&t.text).into_owned(),
                position: t.position - base,
                text: t.text,
                word,
            }
        })
        .collect()
}

/// The whitespace-separated words of `text`, each with the number of
/// characters before it.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars_before = 0;
    text.split(char::is_whitespace).filter_map(move |piece| {
        let at = chars_before;
        chars_before += piece.chars().count() + 1;
        (!piece.is_empty()).then_some((at, piece))
    })
}

/// One folded term (prefix and fuzzy words, which tantivy does not analyze).
fn folded_token(text: &str) -> Vec<QueryToken> {
    let folded = fold_term(text);
    if folded.is_empty() {
        return Vec::new();
    }
    vec![QueryToken {
        stem: folded.clone(),
        text: folded,
        position: 0,
        word: 0,
    }]
}

/// The tree with its leaves analyzed, shape unchanged.
fn convert(node: &Node) -> Result<Clause, SearchError> {
    Ok(match node {
        Node::Term {
            field,
            text,
            kind,
            column,
        } => {
            let (kind, tokens) = match (field, kind) {
                (FieldSel::Path, _) => (LeafKind::Glob, Vec::new()),
                (_, TermKind::Plain) => (LeafKind::Words, query_tokens(text)),
                (_, TermKind::Prefix) => (LeafKind::Prefix, folded_token(text)),
                (_, TermKind::Fuzzy(d)) => (LeafKind::Fuzzy { distance: *d }, folded_token(text)),
            };
            checked(Leaf {
                field: *field,
                kind,
                text: text.clone(),
                column: *column,
                tokens,
            })?
        }
        Node::Phrase {
            field,
            text,
            slop,
            column,
        } => {
            let (kind, tokens) = match field {
                FieldSel::Path => (LeafKind::Glob, Vec::new()),
                _ => (LeafKind::Phrase { slop: *slop }, query_tokens(text)),
            };
            let leaf = |text: String, tokens| Leaf {
                field: *field,
                kind,
                text,
                column: *column,
                tokens,
            };
            let typed = checked(leaf(text.clone(), tokens))?;
            // "人民 共和国" is also 人民共和国: CJK is mostly written unspaced.
            match close_cjk_gaps(text).filter(|_| kind != LeafKind::Glob) {
                Some(joined) => Clause::Any(vec![typed, checked(leaf(joined.clone(), query_tokens(&joined)))?]),
                None => typed,
            }
        }
        Node::And { clauses, implicit } => Clause::All {
            clauses: clauses.iter().map(convert).collect::<Result<_, _>>()?,
            implicit: *implicit,
        },
        Node::Or(alts) => Clause::Any(alts.iter().map(convert).collect::<Result<_, _>>()?),
        Node::Not(inner) => Clause::Not(Box::new(convert(inner)?)),
    })
}

/// The leaf, or an error if one of its words is longer than any indexed
/// token (the analyzer drops such tokens: the word would silently vanish,
/// or make the query look empty).
fn checked(leaf: Leaf) -> Result<Clause, SearchError> {
    let too_long = |folded: &str| folded.len() > MAX_TOKEN_BYTES;
    let error = |column: usize, word: &str| {
        let start: String = word.chars().take(10).collect();
        SearchError::syntax(
            column,
            format!(
                "the word is longer than any indexed word ({MAX_TOKEN_BYTES} bytes); \
                 search for its beginning instead (e.g. {start}*)"
            ),
        )
    };
    match leaf.kind {
        LeafKind::Prefix if leaf.tokens.first().is_some_and(|t| too_long(&t.text)) => {
            return Err(SearchError::syntax(
                leaf.column,
                format!("the prefix is longer than any indexed word ({MAX_TOKEN_BYTES} bytes), so it matches nothing; shorten it"),
            ));
        }
        LeafKind::Fuzzy { .. } if leaf.tokens.first().is_some_and(|t| too_long(&t.text)) => {
            return Err(error(leaf.column, &leaf.text));
        }
        LeafKind::Prefix | LeafKind::Fuzzy { .. } => {}
        LeafKind::Words | LeafKind::Phrase { .. } => {
            // Where the text starts: after the opening quote of a phrase.
            let text_column = leaf.column + usize::from(matches!(leaf.kind, LeafKind::Phrase { .. }));
            for (n, (chars_before, word)) in words(&leaf.text).enumerate() {
                if !leaf.tokens.iter().any(|t| t.word == n) && too_long(&fold_term(word)) {
                    return Err(error(text_column + chars_before, word));
                }
            }
        }
        LeafKind::Glob | LeafKind::Name { .. } => {}
    }
    Ok(Clause::Leaf(leaf))
}

/// Splits the exclusions that apply to the whole query (which remove whole
/// documents) from the rest: those of the top-level AND and of the AND
/// groups nested in it, since `a (b -c)` means `a b -c`. Exclusions
/// elsewhere (in an OR, or inside an exclusion) stay where they are.
fn split_exclusions(tree: Clause) -> (Clause, Vec<Clause>) {
    match tree {
        Clause::All { clauses, implicit } => {
            let mut excluded = Vec::new();
            let mut positive = hoist_exclusions(clauses, &mut excluded);
            let positive = if positive.len() == 1 && implicit {
                positive.pop().unwrap_or_else(|| unreachable!())
            } else {
                Clause::All {
                    clauses: positive,
                    implicit,
                }
            };
            (positive, excluded)
        }
        other => (other, Vec::new()),
    }
}

/// The positive clauses of an AND, its exclusions and those of its nested
/// ANDs moved to `excluded`.
fn hoist_exclusions(clauses: Vec<Clause>, excluded: &mut Vec<Clause>) -> Vec<Clause> {
    let mut positive = Vec::with_capacity(clauses.len());
    for c in clauses {
        match c {
            Clause::Not(inner) => excluded.push(*inner),
            Clause::All { clauses, implicit } => {
                let mut inner = hoist_exclusions(clauses, excluded);
                match inner.len() {
                    0 => {}
                    1 if implicit => positive.extend(inner.pop()),
                    _ => positive.push(Clause::All {
                        clauses: inner,
                        implicit,
                    }),
                }
            }
            other => positive.push(other),
        }
    }
    positive
}

/// Drops what analyzed to nothing (leaves without tokens, but path globs;
/// exclusions of nothing), and gives negations their meaning:
/// `NOT NOT x` is `x`, and an AND group of exclusions only is "every
/// passage except any of them" (a [`Clause::Not`] outside an AND).
fn prune(clause: Clause) -> Option<Clause> {
    match clause {
        Clause::Leaf(l) => (l.kind == LeafKind::Glob || !l.tokens.is_empty()).then_some(Clause::Leaf(l)),
        Clause::All { clauses, implicit } => {
            let clauses: Vec<Clause> = clauses.into_iter().filter_map(prune).collect();
            if clauses.iter().any(|c| !matches!(c, Clause::Not(_))) {
                return Some(Clause::All { clauses, implicit });
            }
            let mut excluded: Vec<Clause> = clauses
                .into_iter()
                .filter_map(|c| match c {
                    Clause::Not(inner) => Some(*inner),
                    _ => None,
                })
                .collect();
            match excluded.len() {
                0 => None,
                1 => excluded.pop().map(|x| Clause::Not(Box::new(x))),
                _ => Some(Clause::Not(Box::new(Clause::Any(excluded)))),
            }
        }
        Clause::Any(alts) => {
            let alts: Vec<Clause> = alts.into_iter().filter_map(prune).collect();
            (!alts.is_empty()).then_some(Clause::Any(alts))
        }
        Clause::Not(inner) => match prune(*inner)? {
            Clause::Not(x) => Some(*x),
            x => Some(Clause::Not(Box::new(x))),
        },
        Clause::Expanded(e) => Some(Clause::Expanded(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn analyzed(q: &str) -> AnalyzedQuery {
        analyze(&parse(q).unwrap(), &Aliases::default()).unwrap()
    }

    #[test]
    fn leaves_carry_tokens_positions_and_stems() {
        let q = analyzed("\"Kim Dae-jung\" negotiations");
        let Clause::All {
            clauses,
            implicit: true,
        } = &q.root
        else {
            panic!("{:?}", q.root)
        };
        let Clause::Leaf(phrase) = &clauses[0] else { panic!() };
        assert!(phrase.is_phrase());
        let toks: Vec<(&str, usize, usize)> = phrase
            .tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position, t.word))
            .collect();
        assert_eq!(toks, [("kim", 0, 0), ("dae", 1, 1), ("jung", 2, 1)]);
        let Clause::Leaf(word) = &clauses[1] else { panic!() };
        assert_eq!(word.tokens[0].stem, "negoti");
    }

    #[test]
    fn exclusions_are_split_and_punctuation_dropped() {
        let q = analyzed("Koizumi -Yasukuni — -–");
        assert_eq!(q.to_string(), "(body:Koizumi) -body:Yasukuni");
        let err = analyze(&parse("— …").unwrap(), &Aliases::default()).unwrap_err();
        assert!(err.to_string().contains("nothing to search for"), "{err}");
    }

    #[test]
    fn negations_keep_their_meaning_below_the_top_level() {
        // Exclusions in nested AND groups exclude for the whole query.
        let q = analyzed("Koizumi (Obuchi -Yasukuni) -(Satō)");
        assert_eq!(q.to_string(), "(body:Koizumi body:Obuchi) -body:Yasukuni -body:Satō");
        // In an OR, a pure negative alternative stays "every passage except".
        let q = analyzed("(Dokdo OR -japan) Lee");
        assert_eq!(q.to_string(), "((body:Dokdo OR NOT body:japan) body:Lee)");
        let q = analyzed("Lee (Dokdo OR (-japan -korea))");
        assert_eq!(
            q.to_string(),
            "(body:Lee (body:Dokdo OR NOT (body:japan OR body:korea)))"
        );
        // A double negation below the top level cancels out; at the top
        // level it stays a document-level exclusion of "never says japan".
        let q = analyzed("Lee (Dokdo OR -(-japan))");
        assert_eq!(q.to_string(), "(body:Lee (body:Dokdo OR body:japan))");
        let q = analyzed("korea -(-japan)");
        assert_eq!(q.to_string(), "body:korea -NOT body:japan");
    }

    #[test]
    fn a_spaced_cjk_phrase_is_also_searched_unspaced() {
        let q = analyzed("\"人民 共和国\"");
        assert_eq!(q.to_string(), "(body:\"人民 共和国\" OR body:\"人民共和国\")");
        let Clause::Any(alts) = &q.root else { panic!() };
        let Clause::Leaf(joined) = &alts[1] else { panic!() };
        let toks: Vec<&str> = joined.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(toks, ["人民", "民共", "共和", "和国"]);
    }

    #[test]
    fn suggestion_candidates_are_single_token_words() {
        let q = analyzed("\"Nordpolitik Dae-jung Ishbia\"");
        let Clause::Leaf(l) = &q.root else { panic!() };
        let words: Vec<&str> = l.single_token_words().iter().map(|(w, _)| *w).collect();
        assert_eq!(words, ["Nordpolitik", "Ishbia"]);
    }
}

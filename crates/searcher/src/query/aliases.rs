//! Alias groups: equivalent names that a query expands into an OR of phrases.
//!
//! The file format is one group per line, names separated by `|`, `#` starts
//! a comment:
//!
//! ```text
//! Takeshima | Dokdo | Liancourt Rocks
//! ROK | South Korea | Republic of Korea
//! ```
//!
//! Names are compared after query-mode analysis, so `dokdo`, `Dokdo` and
//! `DOKDO` all hit the first group. Each name is analyzed once, when the
//! file is read; a query's words are matched by their analyzed tokens.
//! Groups that share a name are one group (equivalence is transitive).

use std::collections::HashMap;

use crate::error::SearchError;
use crate::query::{query_tokens, Clause, Expanded, Expansion, ExpansionKind, FieldSel, Leaf, LeafKind, QueryToken};

/// A set of alias groups.
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    /// Each group's names, analyzed (body phrases).
    groups: Vec<Vec<Leaf>>,
    /// A name's tokens → its group.
    by_tokens: HashMap<Vec<String>, usize>,
    /// Most tokens in a name.
    longest: usize,
}

fn key(tokens: &[QueryToken]) -> Vec<String> {
    tokens.iter().map(|t| t.text.clone()).collect()
}

impl Aliases {
    /// Parses alias groups from text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Aliases, SearchError> {
        let mut a = Aliases::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let error = |message: String| SearchError::Aliases {
                path: origin.to_string(),
                message: format!("line {}: {message}", i + 1),
            };
            let names: Vec<&str> = line.split('|').map(str::trim).filter(|n| !n.is_empty()).collect();
            if names.len() < 2 {
                return Err(error("a group needs at least two names separated by `|`".into()));
            }
            let mut group = Vec::with_capacity(names.len());
            for n in names {
                let tokens = query_tokens(n);
                if tokens.is_empty() {
                    return Err(error(format!("`{n}` has no searchable word")));
                }
                group.push(Leaf {
                    field: FieldSel::Body,
                    kind: LeafKind::Phrase { slop: 0 },
                    text: n.to_string(),
                    column: 1,
                    tokens,
                });
            }
            a.add_group(group);
        }
        Ok(a)
    }

    /// Adds a group of analyzed names. A name already in a group merges
    /// the two groups (and every group it meets): names are equivalent
    /// whichever line says so, so `Dokdo | Takeshima` and
    /// `Liancourt Rocks | Dokdo` make one group of three.
    fn add_group(&mut self, group: Vec<Leaf>) {
        let mut met: Vec<usize> = group
            .iter()
            .filter_map(|n| self.by_tokens.get(&key(&n.tokens)).copied())
            .collect();
        met.sort_unstable();
        met.dedup();
        let target = match met.first() {
            Some(&g) => g,
            None => {
                self.groups.push(Vec::new());
                self.groups.len() - 1
            }
        };
        // The other groups met, merged into `target` (emptied, they are
        // never looked up again), then this line's names.
        let mut names: Vec<Leaf> = Vec::new();
        for &g in met.iter().skip(1) {
            names.extend(std::mem::take(&mut self.groups[g]));
        }
        names.extend(group);
        for name in names {
            let k = key(&name.tokens);
            if self.by_tokens.get(&k) == Some(&target) {
                continue;
            }
            self.longest = self.longest.max(name.tokens.len());
            self.by_tokens.insert(k, target);
            self.groups[target].push(name);
        }
    }

    /// Adds the groups of `other` (another alias file, or the built-in
    /// groups), merging groups that share a name.
    pub fn extend(&mut self, other: Aliases) {
        for group in other.groups {
            if !group.is_empty() {
                self.add_group(group);
            }
        }
    }

    /// Rewrites an analyzed tree, replacing body words, exact phrases and
    /// runs of juxtaposed words that name an alias with a
    /// [`Clause::Expanded`]; records each expansion in `out`.
    pub(crate) fn expand(&self, clause: Clause, out: &mut Vec<Expansion>) -> Clause {
        if self.groups.is_empty() {
            return clause;
        }
        match clause {
            Clause::Leaf(leaf) if is_name_like(&leaf) => match self.by_tokens.get(&key(&leaf.tokens)) {
                Some(&g) => self.alias(g, leaf, out),
                None => Clause::Leaf(leaf),
            },
            Clause::All { clauses, implicit } => {
                let mut res = self.expand_runs(clauses, out);
                if res.len() == 1 && implicit {
                    res.pop().unwrap_or_else(|| unreachable!())
                } else {
                    Clause::All { clauses: res, implicit }
                }
            }
            Clause::Any(alts) => Clause::Any(alts.into_iter().map(|a| self.expand(a, out)).collect()),
            Clause::Not(inner) => Clause::Not(Box::new(self.expand(*inner, out))),
            other => other,
        }
    }

    /// The clauses of an AND, the longest runs of juxtaposed words that
    /// name an alias first, then each clause on its own.
    fn expand_runs(&self, clauses: Vec<Clause>, out: &mut Vec<Expansion>) -> Vec<Clause> {
        let mut res = Vec::with_capacity(clauses.len());
        let mut rest = clauses.into_iter().peekable();
        let mut pending: Vec<Clause> = Vec::new();
        loop {
            // Fill a window of candidate clauses.
            while pending.len() < self.longest.max(1) {
                match rest.next() {
                    Some(c) => pending.push(c),
                    None => break,
                }
            }
            if pending.is_empty() {
                return res;
            }
            let words = pending.iter().take_while(|c| is_run_word(c)).count();
            let found = (2..=words.min(self.longest)).rev().find_map(|len| {
                let tokens: Vec<String> = pending[..len].iter().flat_map(leaf_key).collect();
                self.by_tokens.get(&tokens).map(|&g| (len, g))
            });
            match found {
                Some((len, g)) => {
                    let run: Vec<Clause> = pending.drain(..len).collect();
                    res.push(self.alias(g, run_phrase(run), out));
                }
                None => {
                    let first = pending.remove(0);
                    res.push(self.expand(first, out));
                }
            }
        }
    }

    fn alias(&self, g: usize, original: Leaf, out: &mut Vec<Expansion>) -> Clause {
        let alternatives = self.groups[g].clone();
        out.push(Expansion {
            matched: original.text.clone(),
            names: alternatives.iter().map(|n| n.text.clone()).collect(),
            kind: ExpansionKind::Alias,
        });
        Clause::Expanded(Expanded::new(ExpansionKind::Alias, original, alternatives))
    }
}

/// A body word or exact phrase, which may name an alias.
fn is_name_like(leaf: &Leaf) -> bool {
    leaf.field == FieldSel::Body && matches!(leaf.kind, LeafKind::Words | LeafKind::Phrase { slop: 0 })
}

/// A typed body word, which may start or continue a run.
fn is_run_word(c: &Clause) -> bool {
    matches!(c, Clause::Leaf(l) if l.field == FieldSel::Body && l.kind == LeafKind::Words)
}

fn leaf_key(c: &Clause) -> Vec<String> {
    match c {
        Clause::Leaf(l) => key(&l.tokens),
        _ => Vec::new(),
    }
}

/// A run of typed words as one phrase leaf ("South Korea").
fn run_phrase(run: Vec<Clause>) -> Leaf {
    let mut text = String::new();
    let mut tokens: Vec<QueryToken> = Vec::new();
    let mut column = 1;
    for (i, c) in run.into_iter().enumerate() {
        let Clause::Leaf(l) = c else { continue };
        if i == 0 {
            column = l.column;
        } else {
            text.push(' ');
        }
        text.push_str(&l.text);
        for t in l.tokens {
            tokens.push(QueryToken {
                position: tokens.len(),
                word: i,
                ..t
            });
        }
    }
    Leaf {
        field: FieldSel::Body,
        kind: LeafKind::Phrase { slop: 0 },
        text,
        column,
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{analyze, parse};

    fn aliases() -> Aliases {
        Aliases::parse(
            "# names\nTakeshima | Dokdo | Liancourt Rocks\nROK | South Korea | Republic of Korea\n",
            "test",
        )
        .unwrap()
    }

    #[test]
    fn expands_words_phrases_and_runs() {
        let a = aliases();
        let q = analyze(&parse("dokdo fisheries").unwrap(), &a).unwrap();
        assert_eq!(
            q.to_string(),
            "(ALIAS(\"Takeshima\" | \"Dokdo\" | \"Liancourt Rocks\") body:fisheries)"
        );
        assert_eq!(q.expansions[0].matched, "dokdo");
        let q = analyze(&parse("South Korea Japan").unwrap(), &a).unwrap();
        assert_eq!(
            q.to_string(),
            "(ALIAS(\"ROK\" | \"South Korea\" | \"Republic of Korea\") body:Japan)"
        );
        assert_eq!(q.expansions[0].matched, "South Korea");
        let q = analyze(&parse("\"liancourt rocks\"").unwrap(), &a).unwrap();
        assert!(q.to_string().starts_with("ALIAS("));
        // An exclusion between two words breaks the run.
        let q = analyze(&parse("South -x Korea").unwrap(), &a).unwrap();
        assert!(q.expansions.is_empty(), "{q}");
    }

    #[test]
    fn groups_sharing_a_name_are_one_group() {
        let a = Aliases::parse("Dokdo | Takeshima\nA | B\nLiancourt Rocks | dokdo | C\nC | B\n", "t").unwrap();
        let q = analyze(&parse("Takeshima").unwrap(), &a).unwrap();
        assert_eq!(
            q.expansions[0].names,
            ["Dokdo", "Takeshima", "Liancourt Rocks", "C", "A", "B"]
        );
        let q = analyze(&parse("B").unwrap(), &a).unwrap();
        assert_eq!(q.expansions[0].names.len(), 6);
    }

    #[test]
    fn malformed_lines_are_reported_with_line_numbers() {
        let e = Aliases::parse("A | B\nlonely\n", "f.txt").unwrap_err().to_string();
        assert!(e.contains("f.txt") && e.contains("line 2"), "{e}");
    }
}

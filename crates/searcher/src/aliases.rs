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
//! `DOKDO` all hit the first group.

use std::collections::HashMap;
use std::path::Path;

use sagasu_analysis::{analyze, Mode};
use serde::Serialize;

use crate::error::SearchError;
use crate::query::{FieldSel, Node, TermKind};

/// A set of alias groups.
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    groups: Vec<Vec<String>>,
    by_tokens: HashMap<Vec<String>, usize>,
    longest: usize,
}

/// One expansion made in a query, for `--explain` and JSON output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Expansion {
    /// What the user typed.
    pub matched: String,
    /// The equivalent names searched for.
    pub names: Vec<String>,
}

fn key(name: &str) -> Vec<String> {
    analyze(name, Mode::Query).into_iter().map(|t| t.text).collect()
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
            let names: Vec<String> = line
                .split('|')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            if names.len() < 2 {
                return Err(SearchError::Aliases {
                    path: origin.to_string(),
                    message: format!("line {}: a group needs at least two names separated by `|`", i + 1),
                });
            }
            let g = a.groups.len();
            for n in &names {
                let k = key(n);
                if k.is_empty() {
                    return Err(SearchError::Aliases {
                        path: origin.to_string(),
                        message: format!("line {}: `{n}` has no searchable word", i + 1),
                    });
                }
                a.longest = a.longest.max(k.len());
                a.by_tokens.insert(k, g);
            }
            a.groups.push(names);
        }
        Ok(a)
    }

    /// Reads an alias file.
    pub fn load(path: &Path) -> Result<Aliases, SearchError> {
        let text = std::fs::read_to_string(path).map_err(|e| SearchError::Aliases {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Aliases::parse(&text, &path.display().to_string())
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there is no group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Rewrites `node`, replacing words, phrases and runs of juxtaposed words
    /// that name an alias with an [`Node::Alias`]; records each expansion.
    pub fn expand(&self, node: Node, out: &mut Vec<Expansion>) -> Node {
        if self.groups.is_empty() {
            return node;
        }
        match node {
            Node::Term {
                field: FieldSel::Body,
                kind: TermKind::Plain,
                ref text,
                ..
            }
            | Node::Phrase {
                field: FieldSel::Body,
                slop: 0,
                ref text,
                ..
            } => {
                let text = text.clone();
                self.lookup(&key(&text), &text, node, out)
            }
            Node::And { clauses, implicit } => {
                let mut res = Vec::new();
                let mut i = 0;
                'outer: while i < clauses.len() {
                    for len in (2..=self.longest.min(clauses.len() - i)).rev() {
                        let run = &clauses[i..i + len];
                        let words: Option<Vec<&str>> = run
                            .iter()
                            .map(|c| match c {
                                Node::Term {
                                    field: FieldSel::Body,
                                    kind: TermKind::Plain,
                                    text,
                                    ..
                                } => Some(text.as_str()),
                                _ => None,
                            })
                            .collect();
                        if let Some(words) = words {
                            let typed = words.join(" ");
                            let k = key(&typed);
                            if let Some(&g) = self.by_tokens.get(&k) {
                                let column = match &run[0] {
                                    Node::Term { column, .. } => *column,
                                    _ => 1,
                                };
                                let original = Node::Phrase {
                                    field: FieldSel::Body,
                                    text: typed.clone(),
                                    slop: 0,
                                    column,
                                };
                                res.push(self.alias(g, &typed, original, out));
                                i += len;
                                continue 'outer;
                            }
                        }
                    }
                    res.push(self.expand(clauses[i].clone(), out));
                    i += 1;
                }
                if res.len() == 1 && implicit {
                    res.pop().unwrap_or_else(|| unreachable!())
                } else {
                    Node::And { clauses: res, implicit }
                }
            }
            Node::Or(alts) => Node::Or(alts.into_iter().map(|a| self.expand(a, out)).collect()),
            Node::Not(inner) => Node::Not(Box::new(self.expand(*inner, out))),
            other => other,
        }
    }

    fn lookup(&self, k: &[String], typed: &str, node: Node, out: &mut Vec<Expansion>) -> Node {
        match self.by_tokens.get(k) {
            Some(&g) => self.alias(g, typed, node, out),
            None => node,
        }
    }

    fn alias(&self, g: usize, typed: &str, original: Node, out: &mut Vec<Expansion>) -> Node {
        let names = self.groups[g].clone();
        out.push(Expansion {
            matched: typed.to_string(),
            names: names.clone(),
        });
        Node::Alias {
            original: Box::new(original),
            names,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

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
        let mut ex = Vec::new();
        let n = a.expand(parse("dokdo fisheries").unwrap(), &mut ex);
        assert_eq!(
            n.to_string(),
            "(ALIAS(\"Takeshima\" | \"Dokdo\" | \"Liancourt Rocks\") body:fisheries)"
        );
        let n = a.expand(parse("South Korea Japan").unwrap(), &mut ex);
        assert_eq!(
            n.to_string(),
            "(ALIAS(\"ROK\" | \"South Korea\" | \"Republic of Korea\") body:Japan)"
        );
        let n = a.expand(parse("\"liancourt rocks\"").unwrap(), &mut ex);
        assert!(n.to_string().starts_with("ALIAS("));
        assert_eq!(ex.len(), 3);
        assert_eq!(ex[0].matched, "dokdo");
    }

    #[test]
    fn malformed_lines_are_reported_with_line_numbers() {
        let e = Aliases::parse("A | B\nlonely\n", "f.txt").unwrap_err().to_string();
        assert!(e.contains("f.txt") && e.contains("line 2"), "{e}");
    }
}

//! The parsed form of a query: the syntax as typed, before analysis (see
//! [`super::tree`] for the analyzed form).

use std::fmt;

/// Which field a clause is restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSel {
    /// Passage text (exact and stemmed fields).
    Body,
    /// Document title.
    Title,
    /// Path relative to the corpus (raw, with `*` wildcards).
    Path,
}

/// How a single word is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// The analyzed word (exact form, or its stem at lower weight).
    Plain,
    /// Any indexed word starting with the folded word (`Nordpol*`).
    Prefix,
    /// Indexed words within this edit distance of the folded word (`Ishbia~1`).
    Fuzzy(u8),
}

/// How juxtaposed clauses (`a b`) combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conjunction {
    /// All of them, falling back to any of them when that finds nothing.
    Auto,
    /// All of them, no fallback (`--all`).
    All,
    /// Any of them (`--any`).
    Any,
}

/// A node of the query tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One word.
    Term {
        /// Field restriction, if any.
        field: FieldSel,
        /// The word as typed.
        text: String,
        /// How it matches.
        kind: TermKind,
        /// 1-based column where it starts.
        column: usize,
    },
    /// A quoted phrase.
    Phrase {
        /// Field restriction, if any.
        field: FieldSel,
        /// The words as typed, without quotes.
        text: String,
        /// Allowed slop (`~N`).
        slop: u32,
        /// 1-based column of the opening quote.
        column: usize,
    },
    /// Clauses joined by juxtaposition or `AND`; `implicit` is true when no
    /// `AND` or `+` was written (then [`Conjunction`] decides).
    And {
        /// The clauses.
        clauses: Vec<Node>,
        /// Whether the conjunction was only juxtaposition.
        implicit: bool,
    },
    /// Clauses joined by `OR`.
    Or(Vec<Node>),
    /// `-x` or `NOT x`.
    Not(Box<Node>),
}

impl Node {
    /// Whether the query has a prefix or fuzzy word, which stands for
    /// many indexed words: the costly kind of query (a server runs them
    /// apart from the others).
    pub fn has_prefix_or_fuzzy(&self) -> bool {
        match self {
            Node::Term { kind, field, .. } => *field != FieldSel::Path && *kind != TermKind::Plain,
            Node::Phrase { .. } => false,
            Node::And { clauses, .. } | Node::Or(clauses) => clauses.iter().any(Node::has_prefix_or_fuzzy),
            Node::Not(n) => n.has_prefix_or_fuzzy(),
        }
    }

    /// Number of leaf clauses (terms and phrases).
    pub fn clauses(&self) -> usize {
        match self {
            Node::Term { .. } | Node::Phrase { .. } => 1,
            Node::And { clauses, .. } | Node::Or(clauses) => clauses.iter().map(Node::clauses).sum(),
            Node::Not(n) => n.clauses(),
        }
    }
}

impl fmt::Display for FieldSel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldSel::Body => "body",
            FieldSel::Title => "title",
            FieldSel::Path => "path",
        })
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Term { field, text, kind, .. } => {
                write!(f, "{field}:{text}")?;
                match kind {
                    TermKind::Plain => Ok(()),
                    TermKind::Prefix => f.write_str("*"),
                    TermKind::Fuzzy(d) => write!(f, "~{d}"),
                }
            }
            Node::Phrase { field, text, slop, .. } => {
                write!(f, "{field}:\"{text}\"")?;
                if *slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            Node::And { clauses, implicit } => join(f, clauses, if *implicit { " " } else { " AND " }),
            Node::Or(clauses) => join(f, clauses, " OR "),
            Node::Not(n) => write!(f, "NOT {n}"),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, clauses: &[Node], sep: &str) -> fmt::Result {
    f.write_str("(")?;
    for (i, c) in clauses.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{c}")?;
    }
    f.write_str(")")
}

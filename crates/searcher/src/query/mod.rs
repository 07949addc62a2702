//! The query language, in three steps, each done once per query:
//!
//! 1. [`parse`]: text → [`Node`] (the syntax as typed, with columns).
//! 2. [`analyze`]: [`Node`] → [`AnalyzedQuery`] (every word analyzed with
//!    the query-mode analyzer, alias groups expanded, names romanized with
//!    [`analyze_with`], exclusions split).
//! 3. [`build`]: [`AnalyzedQuery`] → tantivy query ([`Built`]), strict or
//!    any-word.
//!
//! | syntax | meaning |
//! |---|---|
//! | `security cooperation` | all terms (or any, see [`Conjunction`]) |
//! | `"joint declaration"`, `"…"~3` | phrase, phrase with slop |
//! | `-Yasukuni`, `NOT Yasukuni` | exclusion (whole documents at top level) |
//! | `a OR b`, `( … )`, `a AND b`, `+a` | explicit boolean and grouping |
//! | `title:summit`, `path:004*` | field restriction |
//! | `Nordpol*` | prefix |
//! | `Ishbia~`, `Ishbia~1` | fuzzy, edit distance 1 or 2 (2 by default for long words) |
//!
//! A query's prefix and fuzzy words may stand for at most
//! [`MAX_EXPANDED_TERMS`] indexed words together ([`check_expansions`]).

pub mod aliases;
mod analyze;
mod ast;
mod build;
mod multi_term;
mod names;
mod parser;
mod tree;
mod wade_giles;

pub use aliases::Aliases;
pub(crate) use analyze::query_tokens;
pub use analyze::{analyze, analyze_with};
pub use ast::{Conjunction, FieldSel, Node, TermKind};
pub use build::{
    build, build_clause, path_regex, Built, EXACT_WEIGHT, KEY_WEIGHT, NAME_ORDER_WEIGHT, PROXIMITY_SLOP,
    PROXIMITY_WEIGHT, STEM_WEIGHT, TITLE_WEIGHT,
};
pub use multi_term::{check_expansions, MAX_EXPANDED_TERMS};
pub(crate) use names::expand as expand_names;
pub use parser::{auto_distance, parse, MAX_CLAUSES, MAX_QUERY_BYTES};
pub use tree::{AnalyzedQuery, Clause, Expanded, Expansion, ExpansionKind, Leaf, LeafKind, Polarity, QueryToken};
pub use wade_giles::WADE_GILES_WEIGHT;

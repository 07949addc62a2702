//! The query language: parsing user text into a [`Node`] tree, and turning
//! that tree into a tantivy query.
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

mod ast;
mod build;
mod parser;

pub use ast::{Conjunction, FieldSel, Node, TermKind};
pub use build::{edit_distance, Builder, Highlighter};
pub use parser::{auto_distance, parse, MAX_CLAUSES, MAX_QUERY_BYTES};

//! Regressions, one test per defect, named after what broke (ripgrep's
//! `tests/regression.rs` habit). Each test says in a comment what went
//! wrong and where it was reported (`issue N, item M`), and fails on the
//! code before its fix.
//!
//! One file per area, so that fixes in different crates do not touch the
//! same file: `index` (indexing runs and the index folder), `documents`
//! (what the extractors make of hostile files), `export` (the hand-over to
//! Quickwit), `query` (the query language, ranking, snippets), `matches`
//! (where a query matches: `--every`, the document view, `terms`), `cli`
//! (arguments, output, eval, watch), `serve` (the server).

mod cli;
mod documents;
mod export;
mod index;
mod matches;
mod query;
mod serve;

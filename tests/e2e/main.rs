//! End-to-end tests: they run the built `sagasu` binary on real files in
//! temporary folders (the `e2e` test target of crates/cli, so that Cargo
//! builds the binary first and names it in `CARGO_BIN_EXE_sagasu`).
//!
//! One module per area, as ripgrep's tests/ does; `util` holds the fixtures.

// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

mod analysis;
mod chinese_names;
mod conventions;
mod documents;
mod eval;
mod files;
mod han;
mod http;
mod incremental;
mod index_folder;
mod messages;
mod messy;
mod names;
mod ocr;
mod ocr_run;
mod ocr_vertical;
mod query;
mod quickwit;
mod readme;
mod regression;
mod relevance;
mod research;
mod search;
mod serve;
mod terminal;
mod util;

//! Test tooling shared by the workspace's property tests, benchmarks,
//! end-to-end tests and fuzz targets (dev-only: `publish = false`, never a
//! dependency of a library or of the binary).
//!
//! - [`SplitMix64`]: a small deterministic generator; same seed, same
//!   corpus, same test, on every machine.
//! - [`corpus`]: corpora generated from the seed corpus, from 2,000 files
//!   for a benchmark to 20,000 for `bench/incremental.sh`, byte for byte
//!   the same for the same arguments.
//! - [`TempCorpus`]: a temporary folder with a corpus and an index path.
//! - [`invariants`]: what must hold for any input of the analyzer, the
//!   decoder, the query parser and the eval parsers, as functions that
//!   return the violation instead of panicking, so that a proptest can
//!   shrink it and a fuzz target can assert it.
//!
//! ```
//! use sagasu_testkit::{corpus, SplitMix64, TempCorpus};
//!
//! let mut rng = SplitMix64::new(42);
//! assert!(rng.below(10) < 10);
//! let tmp = TempCorpus::empty();
//! let lines = vec!["The zebra crossed the river.".to_string()];
//! corpus::write_corpus(&tmp.corpus, &lines, 7, 3)?;
//! assert!(tmp.corpus.join(corpus::doc_path(2)).is_file());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Trap: use it from integration tests (`tests/`), benches, examples and
//! fuzz targets, not from the unit tests in `src/` of a crate it depends
//! on: those would see a second copy of that crate, whose types do not
//! match the ones under test.

pub mod corpus;
mod fixture;
pub mod invariants;

pub use fixture::TempCorpus;
/// sagasu's one generator (`sagasu_eval::SplitMix64`), for test data.
pub use sagasu_eval::SplitMix64;

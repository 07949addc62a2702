//! What a command searches, and with which names: the local index
//! (opened, or built first when there is none), a Quickwit cluster, and
//! the alias groups of the corpus and `--aliases`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use sagasu_quickwit::{ClusterSearcher, Target};
use sagasu_searcher::Aliases;
use sagasu_store::{open_index, OpenedIndex, StoreError};

use crate::args::Global;
use crate::build::{index_once, options, summary};
use crate::input::{self, Input};

/// Name of the default alias file inside the corpus folder.
pub const DEFAULT_ALIASES: &str = ".sagasu-aliases.txt";

/// Opens the index, building it from the corpus first when there is none,
/// finishing its first build when that did not finish, and rebuilding it
/// when another analyzer version built it from this same corpus (its
/// marker says from which: an index of another corpus is never filled with
/// this one without `sagasu index`).
pub fn open_or_build(global: &Global) -> Result<OpenedIndex> {
    let why = match open_index(&global.index) {
        Err(StoreError::Missing { .. }) => "no index yet",
        // Finished quietly: if another `sagasu index` is still building
        // it, the error says so in one line.
        Err(StoreError::Incomplete { .. }) => {
            let report = index_once(&options(global, None))?;
            eprintln!(
                "sagasu: finished the index, which was incomplete (its first build did not finish): {}",
                summary(&report)
            );
            return Ok(open_index(&global.index)?);
        }
        Err(StoreError::Outdated { .. }) if same_corpus(global) => "the index was built by another analyzer version",
        Err(StoreError::Unreadable { .. }) if same_corpus(global) => "the index's commit record cannot be read",
        other => return Ok(other?),
    };
    // Nothing to search and nothing to build it from: one line, not a
    // notice that indexing starts and then the OS error.
    if !global.corpus.exists() {
        anyhow::bail!(
            "no index yet, and no folder {} to build it from: point sagasu at your documents with --corpus DIR or SAGASU_CORPUS=DIR",
            global.corpus.display()
        );
    }
    eprintln!(
        "sagasu: {why}; indexing {} into {}",
        global.corpus.display(),
        global.index.display()
    );
    let report = index_once(&options(global, None))?;
    eprintln!("sagasu: {}", summary(&report));
    Ok(open_index(&global.index)?)
}

/// Whether the index records that it was built from `--corpus`.
fn same_corpus(global: &Global) -> bool {
    let recorded = sagasu_store::built_from(&global.index);
    recorded.is_some() && recorded == global.corpus.canonicalize().ok()
}

/// The alias groups to use: the corpus default if present, and `--aliases`
/// added to it (a user's file adds names, it does not drop the corpus's).
pub fn aliases(global: &Global, file: Option<&PathBuf>, none: bool) -> Result<Aliases> {
    let mut aliases = Aliases::default();
    if none {
        return Ok(aliases);
    }
    let default = global.corpus.join(DEFAULT_ALIASES);
    if default.exists() {
        aliases = read_aliases(&default)?;
    }
    if let Some(f) = file {
        aliases.extend(read_aliases(f)?);
    }
    Ok(aliases)
}

/// Reads and parses one alias file (a user input: regular file, bounded).
fn read_aliases(path: &Path) -> Result<Aliases> {
    let text = input::read(path, Input::Aliases)?;
    Ok(Aliases::parse(&text, &path.display().to_string())?)
}

/// A searcher of the Quickwit cluster at `target` (`http://HOST:PORT/INDEX`),
/// with the corpus's aliases (and `file`'s) unless `no_aliases`.
pub fn cluster(
    global: &Global,
    target: &str,
    file: Option<&PathBuf>,
    no_aliases: bool,
    romanize: bool,
) -> Result<ClusterSearcher> {
    let target = Target::parse(target)?;
    let aliases = aliases(global, file, no_aliases)?;
    Ok(ClusterSearcher::new(target, aliases).romanization(romanize))
}

//! How a pass starts: on which index, and from what (an update, a first
//! build, a resumed first build, a rebuild), decided from what the folder
//! holds and what its last commit says.

use std::path::{Path, PathBuf};

use sagasu_analysis::schema::Fields;
use sagasu_analysis::ANALYZER_VERSION;
use tantivy::Index;

use sagasu_store::{Commit, Holds, Marker, Payload, StoreError};

use crate::directory::Observed;
use crate::error::IndexError;
use crate::fault;
use crate::folder;
use crate::manifest::Manifest;
use crate::writer::Writer;

/// What a pass starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Starting {
    /// A complete index of this version: only what changed is indexed.
    Update,
    /// A new, empty index.
    FirstBuild,
    /// An index whose first build did not finish: resumed from its last
    /// commit.
    Resume,
    /// Every document is replaced, in one commit: the old ones stay
    /// visible until then.
    Rebuild,
}

/// An index opened for a pass.
pub(crate) struct Start {
    /// The index.
    pub index: Index,
    /// What the pass starts from.
    pub starting: Starting,
    /// Why all documents are replaced, if they are (for the report).
    pub rebuilt: Option<String>,
    /// Whether a write to the index failed for lack of room.
    pub observed: Observed,
    /// The folder's marker, if it has one.
    marker: Option<Marker>,
}

const GIVEN: &str = "rebuilt the index from scratch (--rebuild)";

impl Start {
    /// Opens the index in `dir` for a pass, claiming the folder and
    /// creating the index when there is none. An index of another version,
    /// or with `rebuild`, is rebuilt: in place (atomically) when its schema
    /// is this one, else by clearing the folder first.
    pub fn open(dir: &Path, rebuild: bool, corpus: Option<PathBuf>) -> Result<Start, IndexError> {
        match sagasu_store::inspect(dir)? {
            Holds::Nothing => {
                let marker = folder::claim(dir, corpus)?;
                fault::crash_point("marker");
                Start::fresh(dir, None, Some(marker))
            }
            Holds::Ours { marker } => Start::ours(dir, marker, rebuild),
        }
    }

    /// A new index in the claimed folder `dir`.
    fn fresh(dir: &Path, rebuilt: Option<String>, marker: Option<Marker>) -> Result<Start, IndexError> {
        let (index, observed) = folder::create(dir)?;
        Ok(Start {
            index,
            starting: Starting::FirstBuild,
            rebuilt,
            observed,
            marker,
        })
    }

    /// Opens the index in `dir`, a folder of ours.
    fn ours(dir: &Path, marker: Option<Marker>, rebuild: bool) -> Result<Start, IndexError> {
        if !dir.join("meta.json").exists() {
            // Claimed but never created, or cleared halfway: start afresh.
            folder::clear(dir)?;
            return Start::fresh(dir, None, marker);
        }
        let (index, observed) = match folder::open(dir) {
            Ok(opened) => opened,
            Err(IndexError::Store(StoreError::Damaged { .. })) if rebuild => {
                folder::clear(dir)?;
                return Start::fresh(dir, Some(GIVEN.into()), marker);
            }
            Err(e) => return Err(e),
        };
        let commit = Payload::of(&index).map_err(|e| StoreError::damaged(dir, &e))?;
        let rebuilt = |why: String| {
            if rebuild {
                format!("rebuilt the index from scratch (--rebuild; {why})")
            } else {
                format!("rebuilt the index from scratch because {why}")
            }
        };
        let (starting, why) = match commit {
            Commit::None => (Starting::Resume, None),
            Commit::Current(p) if p.incomplete && rebuild => {
                drop(index);
                folder::clear(dir)?;
                return Start::fresh(dir, Some(GIVEN.into()), marker);
            }
            Commit::Current(p) if p.incomplete => (Starting::Resume, None),
            Commit::Current(_) if rebuild => (Starting::Rebuild, Some(GIVEN.to_string())),
            Commit::Current(_) => (Starting::Update, None),
            Commit::Other(v) => (
                Starting::Rebuild,
                Some(rebuilt(format!(
                    "it was built by analyzer version {v}, this is version {ANALYZER_VERSION}"
                ))),
            ),
            Commit::Foreign => (Starting::Rebuild, Some(rebuilt("it records no sagasu version".into()))),
            Commit::Unreadable(why) => (
                Starting::Rebuild,
                Some(rebuilt(format!("its commit record could not be read ({why})"))),
            ),
        };
        if index.schema() != Fields::build().0 {
            if starting == Starting::Update || starting == Starting::Resume {
                return Err(StoreError::Damaged {
                    path: dir.into(),
                    reason: "its schema is not the one of its version".into(),
                }
                .into());
            }
            // Another schema cannot be rebuilt in place.
            drop(index);
            folder::clear(dir)?;
            return Start::fresh(dir, why, marker);
        }
        Ok(Start {
            index,
            starting,
            rebuilt: why,
            observed,
            marker,
        })
    }

    /// Readies `writer` (holding the writer lock) for the pass and returns
    /// what the index knows: records `corpus` in the folder's marker (or
    /// writes one into a folder that predates markers), commits the start
    /// of a first build as incomplete, deletes every document of a
    /// rebuild, or reads the manifest of an update or a resumed build.
    pub fn prepare(&self, writer: &mut Writer, dir: &Path, corpus: Option<PathBuf>) -> Result<Manifest, IndexError> {
        folder::remark(dir, self.marker.as_ref(), corpus)?;
        match self.starting {
            Starting::FirstBuild => {
                writer.commit(&Payload::current().incomplete())?;
                Ok(Manifest::default())
            }
            Starting::Rebuild => {
                writer.delete_all()?;
                Ok(Manifest::default())
            }
            Starting::Update | Starting::Resume => {
                let reader = sagasu_store::reader(&self.index, dir)?;
                let payload = match Payload::of(&self.index) {
                    Ok(Commit::Current(p)) => p,
                    _ => Payload::current(),
                };
                Manifest::read(&reader.searcher(), payload).map_err(|e| StoreError::damaged(dir, &e).into())
            }
        }
    }
}

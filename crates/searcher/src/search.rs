//! The searcher: one query, from text to ranked documents with snippets.
//!
//! [`Searcher::search`] analyzes the query once ([`Searcher::analyze`]),
//! takes one snapshot of the index, collects the documents its exclusions
//! remove, counts the matching documents (falling back to any word when
//! all words find nothing), then hands the built query to result assembly
//! ([`crate::assemble`]) or, when nothing matched, to suggestions
//! ([`crate::suggest`]).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use sagasu_analysis::schema::Fields;
use tantivy::IndexReader;

use crate::assemble::Assembler;
use crate::duplicates::Copies;
use crate::error::SearchError;
use crate::feedback::with_boosts;
use crate::matcher::Matcher;
use crate::options::SearchOptions;
use crate::query::{analyze_with, check_expansions, parse, Aliases, AnalyzedQuery};
use crate::results::{Explain, SearchResults};
use crate::retrieve::matched_without;
use crate::suggest::suggest;

/// Searches a sagasu index. `Sync`: share it across threads for batches.
pub struct Searcher {
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    aliases: Aliases,
    /// Whether names are searched across romanizations (on by default).
    pub(crate) romanize: bool,
    /// Path globs every query is restricted to (`--path`), if any.
    paths: Vec<String>,
    /// The duplicate files of the last snapshot searched, by its
    /// generation.
    pub(crate) duplicates: Mutex<Option<(u64, Arc<Copies>)>>,
    /// The index folder, if known: the duplicate files stored there are
    /// then mapped, not read whole ([`Searcher::folder`]).
    pub(crate) folder: Option<PathBuf>,
}

impl Searcher {
    /// A searcher over an opened index (its analyzers registered, its schema
    /// checked: see `sagasu_store::open_index`).
    pub fn new(reader: IndexReader, fields: Fields, aliases: Aliases) -> Searcher {
        Searcher {
            reader,
            fields,
            aliases,
            romanize: true,
            paths: Vec::new(),
            duplicates: Mutex::new(None),
            folder: None,
        }
    }

    /// The index's folder (`sagasu_store::OpenedIndex::path`): the
    /// duplicate files its last pass stored are then mapped, and only the
    /// parts a search needs are read (at debdocs ×10 the file is 8.6 MB,
    /// read whole by every whole-process search otherwise).
    pub fn folder(mut self, folder: PathBuf) -> Searcher {
        self.folder = Some(folder);
        self
    }

    /// Restricts every query to documents whose path matches one of
    /// `globs` (`path:` syntax), as a required clause: never a fallback.
    pub fn paths(mut self, globs: Vec<String>) -> Searcher {
        self.paths = globs;
        self
    }

    /// Whether a name typed in one romanization also finds the others
    /// (`Joseon` → *Chosŏn*, quoted names in either order); on unless
    /// turned off here (`--no-romanization`).
    pub fn romanization(mut self, on: bool) -> Searcher {
        self.romanize = on;
        self
    }

    /// Parses, expands and analyzes `query`: the tree that searching,
    /// snippets and `--explain` read. A query whose prefix and fuzzy words
    /// stand for too many indexed words is refused here
    /// ([`crate::query::check_expansions`]).
    pub fn analyze(&self, query: &str) -> Result<AnalyzedQuery, SearchError> {
        let mut q = analyze_with(&parse(query)?, &self.aliases, self.romanize)?;
        crate::restrict::restrict_to_paths(&mut q, &self.paths);
        check_expansions(&q, &self.reader.searcher(), &self.fields)?;
        Ok(q)
    }

    /// Runs `query` (the query language) and returns ranked documents with
    /// snippets.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults, SearchError> {
        let analyzed = self.analyze(query)?;
        let searcher = self.reader.searcher();
        // A file whose bytes are also under other names is shown once.
        let duplicates = self.duplicates(&searcher)?;
        let copies = duplicates.left_out(&analyzed);
        let mut matched = matched_without(&searcher, &self.fields, &analyzed, opts.conjunction, copies)?;
        let feedback = match &opts.feedback {
            Some(fb) if matched.total > 0 => {
                let (clauses, used) = fb.expand(
                    &searcher,
                    &self.fields,
                    matched.query.as_ref(),
                    &matched.excluded,
                    &analyzed,
                )?;
                matched.query = with_boosts(matched.query, clauses);
                Some(used)
            }
            _ => None,
        };
        let matcher = Matcher::new(&analyzed);
        let assembler = Assembler {
            searcher: &searcher,
            fields: &self.fields,
            matcher: &matcher,
            context: opts.context,
            lines: opts.lines,
        };
        let (mut results, best) = if matched.total == 0 {
            (Vec::new(), None)
        } else if opts.passages {
            assembler.passages(&matched, opts)?
        } else {
            assembler.documents(&matched, opts)?
        };
        assembler.widen_lines(&mut results)?;
        for r in &mut results {
            r.duplicates = duplicates.others(&r.path);
        }
        let suggestions = if matched.total == 0 {
            suggest(&searcher, &self.fields, &analyzed, &duplicates.left_out(&analyzed))?
        } else {
            Vec::new()
        };
        let explain = opts
            .explain
            .then(|| Explain::new(&analyzed, matched.query.as_ref(), &searcher, best));
        Ok(SearchResults {
            query: query.to_string(),
            total_documents: matched.total,
            fallback: matched.fallback,
            expansions: analyzed.expansions,
            feedback,
            suggestions,
            results,
            explain,
        })
    }
}

//! Which East Asian scripts the indexed text holds (`sagasu serve` checks
//! that the system has a font for each): per script and segment, one
//! range of the body's term dictionary, for a term that starts with a
//! character of the script (terms sort by UTF-8 bytes, which is code point
//! order). Nothing is read but a few dictionary blocks.

use sagasu_analysis::script::Script;

use crate::error::SearchError;
use crate::search::Searcher;

impl Searcher {
    /// The scripts some indexed word starts with, in [`Script::ALL`]'s order.
    pub fn scripts(&self) -> Result<Vec<Script>, SearchError> {
        let searcher = self.reader.searcher();
        let mut inverted = Vec::new();
        for reader in searcher.segment_readers() {
            inverted.push(reader.inverted_index(self.fields.body)?);
        }
        let mut found = Vec::new();
        'scripts: for script in Script::ALL {
            for &(first, last) in script.ranges() {
                let (mut lo, mut hi) = ([0; 4], [0; 4]);
                let lo = first.encode_utf8(&mut lo).as_bytes();
                // Up to the next code point (none of the ranges ends just
                // before the surrogates or at the last one).
                let after = char::from_u32(last as u32 + 1).unwrap_or(char::MAX);
                let hi = after.encode_utf8(&mut hi).as_bytes();
                for inv in &inverted {
                    let mut terms = inv
                        .terms()
                        .range()
                        .ge(lo)
                        .lt(hi)
                        .into_stream()
                        .map_err(tantivy::TantivyError::from)?;
                    if terms.advance() {
                        found.push(script);
                        continue 'scripts;
                    }
                }
            }
        }
        Ok(found)
    }
}

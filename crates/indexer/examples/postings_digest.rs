//! Prints what an index holds, field by field, independently of how its
//! passages fell into segments: for every indexed field its number of
//! distinct terms, postings and positions and a digest of all of them (each
//! posting as term, document path, passage number, frequency and
//! positions), and a digest of the stored passages. Two builds of one
//! corpus index the same thing exactly when the lines are equal: the check
//! that a change to the indexer or the analyzer's speed changed nothing
//! indexed (issue 26).
//!
//! ```sh
//! cargo run --release -p sagasu-indexer --example postings_digest -- INDEX_DIR
//! ```
#![allow(unused_crate_dependencies)]

use std::collections::{BTreeMap, HashSet};

use tantivy::postings::Postings;
use tantivy::schema::{FieldType, IndexRecordOption};
use tantivy::{DocSet, Document, Index, TantivyDocument, TERMINATED};

/// Counts and an order-independent digest of one field's postings.
#[derive(Default)]
struct Tally {
    terms: HashSet<u128>,
    postings: u64,
    positions: u64,
    digest: u128,
}

fn hash(parts: &[&[u8]]) -> u128 {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p);
    }
    u128::from_le_bytes(h.finalize().as_bytes()[..16].try_into().expect("16 bytes"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: postings_digest INDEX_DIR")?;
    let index = Index::open_in_dir(&dir)?;
    let schema = index.schema();
    let searcher = index.reader()?.searcher();
    let mut fields: BTreeMap<String, Tally> = BTreeMap::new();
    let mut stored = Tally::default();
    let mut positions = Vec::new();
    for segment in searcher.segment_readers() {
        let paths = segment.fast_fields().str("path")?.ok_or("no path fast field")?;
        let numbers = segment.fast_fields().u64("passage")?;
        let alive = |doc: u32| segment.alive_bitset().is_none_or(|a| a.is_alive(doc));
        // Each document as its path and passage number.
        let names: Vec<Vec<u8>> = (0..segment.max_doc())
            .map(|doc| {
                let mut path = String::new();
                if let Some(ord) = paths.term_ords(doc).next() {
                    paths.ord_to_str(ord, &mut path).expect("a path");
                }
                let number = numbers.first(doc).unwrap_or(u64::MAX);
                format!("{path}#{number}").into_bytes()
            })
            .collect();
        for (field, entry) in schema.fields() {
            if !entry.is_indexed() {
                continue;
            }
            let with_positions = matches!(entry.field_type(), FieldType::Str(_));
            let tally = fields.entry(entry.name().to_string()).or_default();
            let inverted = segment.inverted_index(field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let term = terms.key();
                let mut postings =
                    inverted.read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqsAndPositions)?;
                let mut counted = false;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive(doc) {
                        positions.clear();
                        if with_positions {
                            postings.positions(&mut positions);
                        }
                        let freq = postings.term_freq();
                        let bytes: Vec<u8> = positions.iter().flat_map(|p| p.to_le_bytes()).collect();
                        tally.digest = tally.digest.wrapping_add(hash(&[
                            entry.name().as_bytes(),
                            term,
                            &names[doc as usize],
                            &freq.to_le_bytes(),
                            &bytes,
                        ]));
                        tally.postings += 1;
                        tally.positions += positions.len() as u64;
                        counted = true;
                    }
                    doc = postings.advance();
                }
                if counted {
                    tally.terms.insert(hash(&[term]));
                }
            }
        }
        let store = segment.get_store_reader(0)?;
        for doc in 0..segment.max_doc() {
            if alive(doc) {
                let d: TantivyDocument = store.get(doc)?;
                let json = d.to_json(&schema);
                stored.digest = stored
                    .digest
                    .wrapping_add(hash(&[&names[doc as usize], json.as_bytes()]));
                stored.postings += 1;
            }
        }
    }
    for (name, t) in &fields {
        println!(
            "{name}\tterms {}\tpostings {}\tpositions {}\tdigest {:032x}",
            t.terms.len(),
            t.postings,
            t.positions,
            t.digest
        );
    }
    println!("(stored)\tdocuments {}\tdigest {:032x}", stored.postings, stored.digest);
    Ok(())
}

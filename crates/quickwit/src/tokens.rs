//! A passage's text as the token fields Quickwit indexes.
//!
//! Quickwit cannot run sagasu's analyzer, so sagasu analyzes the text and
//! sends each token field as its tokens joined by spaces; the index maps
//! them with Quickwit's `whitespace` tokenizer (positions and fieldnorms
//! on). A whitespace-separated text has one token per position, so what
//! the local index stacks at one position cannot travel as such:
//!
//! - **body** and **title**: the tokens a query produces at each position
//!   (the query-mode analysis of the same text: the parts of `Dae-jung`,
//!   the bigrams of `日本語`), in order; then, after the last one, the
//!   stacked tokens (the joined `daejung`, the unigrams `日`, `本`, `語`,
//!   the `etat` of `d’état`). Every token of the local field is there as
//!   often as there (the term frequencies, document frequencies and field
//!   lengths that BM25 reads are the local index's), but a stacked token
//!   is no longer at its place: a phrase through one (`"Kim Daejung"`
//!   for *Kim Dae-jung*) does not match.
//! - **body_stem**: the stem of each token of `body`, in the same order.
//! - **body_key**: the romanization keys of the passage's names (sparse):
//!   first one key per position, with [`FILLER`] where positions were
//!   skipped (so that the keys of two names far apart are not a phrase);
//!   then each stacked key (the joined `taecunk` of `Dae Jung`) with the
//!   keys just before and after it, so that a quoted name meets it as a
//!   phrase (`"Kim Dae-jung"` → `kim taecunk`).
//!
//! Trap: a token never contains ASCII whitespace (the analyzer's tokens
//! are letters, digits and marks), and [`FILLER`] is never a token (a word
//! without a letter or digit produces none).

use sagasu_analysis::romanize::{name_keys, NameKey};
use sagasu_analysis::{analyze, stem, Mode, Token};

/// The token that stands for skipped positions in the key field: never a
/// token of the analyzer, so no query matches it.
pub const FILLER: &str = "_";

/// The token fields of one passage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenFields {
    /// Exact (folded) forms: one per position, then the stacked ones.
    pub body: String,
    /// The stem of each token of `body`, in its order.
    pub body_stem: String,
    /// Romanization keys of the passage's names (see the module docs).
    pub body_key: String,
}

/// The token fields of a passage's text.
pub fn token_fields(text: &str) -> TokenFields {
    let layout = Layout::of(text);
    let ordered = layout.ordered();
    let body = join(ordered.iter().map(|t| t.text.as_str()));
    let body_stem = join(ordered.iter().map(|t| stem(&t.text)));
    let keys = name_keys(text, &layout.tokens);
    TokenFields {
        body,
        body_stem,
        body_key: key_sequence(&layout, &keys).join(" "),
    }
}

/// A title's exact forms, laid out as `body` is.
pub fn title_tokens(title: &str) -> String {
    let layout = Layout::of(title);
    join(layout.ordered().iter().map(|t| t.text.as_str()))
}

fn join<S: AsRef<str>>(tokens: impl Iterator<Item = S>) -> String {
    let mut out = String::new();
    for t in tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t.as_ref());
    }
    out
}

/// The index-mode tokens of a text, with the one a query produces at each
/// position marked.
struct Layout {
    /// Index-mode tokens (positions never decrease).
    tokens: Vec<Token>,
    /// Per position, the index in `tokens` of its primary token.
    primary: Vec<Option<usize>>,
}

impl Layout {
    fn of(text: &str) -> Layout {
        let tokens = analyze(text, Mode::Index);
        let query = analyze(text, Mode::Query);
        let positions = tokens.last().map_or(0, |t| t.position + 1);
        let mut primary: Vec<Option<usize>> = vec![None; positions];
        let mut q = query.iter().peekable();
        let mut i = 0;
        while i < tokens.len() {
            let position = tokens[i].position;
            let end = tokens[i..]
                .iter()
                .position(|t| t.position != position)
                .map_or(tokens.len(), |n| i + n);
            // The query-mode token at this position, if the two analyses
            // agree on it (they do: query positions are the index's); else
            // the first token.
            while q.peek().is_some_and(|t| t.position < position) {
                q.next();
            }
            let chosen = q
                .peek()
                .filter(|t| t.position == position)
                .and_then(|qt| {
                    (i..end).find(|&k| {
                        let t = &tokens[k];
                        t.text == qt.text && t.offset_from == qt.offset_from && t.offset_to == qt.offset_to
                    })
                })
                .unwrap_or(i);
            primary[position] = Some(chosen);
            i = end;
        }
        Layout { tokens, primary }
    }

    fn is_primary(&self, i: usize) -> bool {
        self.primary[self.tokens[i].position] == Some(i)
    }

    /// The primary tokens in position order, then the stacked ones in
    /// text order.
    fn ordered(&self) -> Vec<&Token> {
        let mut out: Vec<&Token> = self.primary.iter().flatten().map(|&i| &self.tokens[i]).collect();
        out.extend(
            (0..self.tokens.len())
                .filter(|&i| !self.is_primary(i))
                .map(|i| &self.tokens[i]),
        );
        out
    }

    /// The primary token at `position`.
    fn primary_at(&self, position: usize) -> Option<&Token> {
        self.primary.get(position).copied().flatten().map(|i| &self.tokens[i])
    }

    /// The last position whose primary token starts before byte `to`.
    fn last_position_before(&self, from_position: usize, to: usize) -> usize {
        (from_position..self.primary.len())
            .take_while(|&p| self.primary_at(p).is_none_or(|t| t.offset_from < to))
            .last()
            .unwrap_or(from_position)
    }
}

/// The key field: the primary key of each position (the key of the
/// position's primary token, else the narrowest key starting where it
/// starts, else the narrowest at the position), [`FILLER`] over skipped
/// positions; then each other key between the primary keys of the
/// positions just before and just after the ones it covers.
fn key_sequence(layout: &Layout, keys: &[NameKey]) -> Vec<String> {
    let mut primary_key: Vec<Option<usize>> = vec![None; layout.primary.len()];
    for (position, slot) in primary_key.iter_mut().enumerate() {
        let at: Vec<usize> = (0..keys.len()).filter(|&k| keys[k].position == position).collect();
        if at.is_empty() {
            continue;
        }
        let width = |k: &usize| keys[*k].to - keys[*k].from;
        let chosen = layout.primary_at(position).and_then(|t| {
            at.iter()
                .copied()
                .find(|&k| keys[k].from == t.offset_from && keys[k].to == t.offset_to)
                .or_else(|| {
                    at.iter()
                        .copied()
                        .filter(|&k| keys[k].from == t.offset_from)
                        .min_by_key(width)
                })
        });
        *slot = chosen.or_else(|| at.iter().copied().min_by_key(width));
    }
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<usize> = None;
    for (position, k) in primary_key.iter().enumerate() {
        let Some(k) = *k else { continue };
        if last.is_some_and(|l| position > l + 1) {
            out.push(FILLER.to_string());
        }
        out.push(keys[k].key.clone());
        last = Some(position);
    }
    let key_at = |p: Option<usize>| p.and_then(|p| primary_key.get(p).copied().flatten());
    for (k, key) in keys.iter().enumerate() {
        if primary_key[key.position] == Some(k) {
            continue;
        }
        if !out.is_empty() {
            out.push(FILLER.to_string());
        }
        if let Some(before) = key_at(key.position.checked_sub(1)) {
            out.push(keys[before].key.clone());
        }
        out.push(key.key.clone());
        let covered = layout.last_position_before(key.position, key.to);
        if let Some(after) = key_at(Some(covered + 1)) {
            out.push(keys[after].key.clone());
        }
    }
    out
}

//! The analyzed query: the tree that every consumer of a query reads.
//!
//! [`super::analyze`] turns a parsed [`super::Node`] into an
//! [`AnalyzedQuery`] once: every word and phrase is analyzed with the
//! query-mode analyzer, alias groups are expanded, exclusions are split
//! from what must match. Building the tantivy query (strict, and the
//! any-word fallback), the scoring boosts, suggestions, highlighting and
//! `--explain` all read this tree; none analyzes the query again.
//!
//! Shape of the tree, for a consumer that renders it in another query
//! language (Quickwit): a [`Clause`] is a [`Leaf`] or a boolean node; a
//! [`Leaf`] says its field, its [`LeafKind`] (words, phrase, prefix, fuzzy,
//! glob) and its analyzed [`QueryToken`]s with their relative positions
//! and stems; [`Clause::walk`] visits every leaf with its [`Polarity`]
//! (required, optional, excluded) under strict AND semantics.

use std::fmt;

use super::ast::FieldSel;

/// A query parsed, expanded and analyzed.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalyzedQuery {
    /// What a passage must match.
    pub root: Clause,
    /// Exclusions at the top level (`-Yasukuni`, or inside nested AND
    /// groups): a document that matches one anywhere is left out whole.
    /// A `Clause::Not` here means "documents where the inner clause never
    /// matches" (`-(-japan)` keeps only documents that mention japan).
    pub exclusions: Vec<Clause>,
    /// The expansions made (alias groups, romanizations, name orders), in
    /// query order, one per matched text and kind.
    pub expansions: Vec<Expansion>,
}

/// A node of the analyzed tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    /// One analyzed word, phrase, prefix, fuzzy word or path glob.
    Leaf(Leaf),
    /// Every positive clause, none of the [`Clause::Not`] ones (a passage
    /// level exclusion). `implicit`: the clauses were only juxtaposed, so
    /// `--any` and the any-word fallback read them as OR, except
    /// restrictions ([`Clause::is_restriction`]), which stay required.
    All {
        /// The clauses, exclusions among them.
        clauses: Vec<Clause>,
        /// Whether no `AND` or `+` was written.
        implicit: bool,
    },
    /// At least one of the clauses. A [`Clause::Not`] alternative means
    /// "every passage except" (Lucene's reading of a pure negative clause).
    Any(Vec<Clause>),
    /// Inside [`Clause::All`]: the passage must not match. Elsewhere (an OR
    /// alternative, a group of exclusions only): every passage except those
    /// that match.
    Not(Box<Clause>),
    /// A word or phrase expanded into equivalent names (an alias group, its
    /// romanization keys, its other name order): any of them.
    Expanded(Expanded),
}

/// A word or phrase expanded into equivalent names.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    /// Why it was expanded.
    pub kind: ExpansionKind,
    /// The word or phrase as typed (a run of juxtaposed words becomes one
    /// phrase). It scores in the title and proximity boosts; only the
    /// alternatives match.
    pub original: Leaf,
    /// The equivalent names, each a body phrase (or, for
    /// [`LeafKind::Name`], the names' romanization keys), in the group's
    /// order.
    pub alternatives: Vec<Leaf>,
    /// Each alternative's weight: 1 but for the other orders of a name
    /// ([`ExpansionKind::NameOrder`]) and the Wade–Giles or Pinyin
    /// spellings ([`ExpansionKind::WadeGiles`]), which rank below the
    /// spelling typed.
    pub weights: Vec<f32>,
    /// Each alternative's own kind when it is not the expansion's: a
    /// Wade–Giles or Pinyin spelling added to a romanization expansion
    /// (`Zedong` → `tsetung`) is `Some(WadeGiles)`; `None` for the rest.
    pub by: Vec<Option<ExpansionKind>>,
}

impl Expanded {
    /// An expansion whose alternatives all weigh 1.
    pub fn new(kind: ExpansionKind, original: Leaf, alternatives: Vec<Leaf>) -> Expanded {
        let weights = vec![1.0; alternatives.len()];
        let by = vec![None; alternatives.len()];
        Expanded {
            kind,
            original,
            alternatives,
            weights,
            by,
        }
    }
}

impl Expanded {
    /// The kind of expansion that finds what `alternative` (one of
    /// [`Expanded::alternatives`]) matches: `None` for the words as typed
    /// (same tokens as [`Expanded::original`]), [`ExpansionKind::Romanization`]
    /// for the keys of the order typed in a [`ExpansionKind::NameOrder`]
    /// expansion, else the expansion's own kind.
    pub fn found_by(&self, alternative: &Leaf) -> Option<ExpansionKind> {
        let own = self
            .alternatives
            .iter()
            .position(|a| std::ptr::eq(a, alternative))
            .and_then(|i| self.by.get(i).copied().flatten());
        if own.is_some() {
            return own;
        }
        let same_tokens = || {
            alternative.tokens.len() == self.original.tokens.len()
                && alternative
                    .tokens
                    .iter()
                    .zip(&self.original.tokens)
                    .all(|(a, b)| a.text == b.text)
        };
        match alternative.kind {
            LeafKind::Name { by, .. }
                if self.kind == ExpansionKind::NameOrder && alternative.text == self.original.text =>
            {
                Some(by)
            }
            LeafKind::Name { by, .. } if by != ExpansionKind::Romanization => Some(by),
            LeafKind::Name { .. } => Some(self.kind),
            _ if same_tokens() => None,
            _ => Some(self.kind),
        }
    }
}

/// What kind of expansion made an [`Expanded`] clause.
///
/// Its name is written once, in [`ExpansionKind::as_str`]: JSON serializes
/// that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpansionKind {
    /// A group of the alias file.
    Alias,
    /// Names found through their romanization key (`Joseon` → `Chosŏn`,
    /// `김대중` → `Kim Dae-jung`): the key field, name candidates only.
    Romanization,
    /// Names found through the keys they have when their o, u and eo may
    /// be McCune–Reischauer printed without breves (`Joseon` → `Choson`,
    /// `Choson` → `Chosun`): `romanize::breveless_keys`.
    McCuneReischauer,
    /// A Chinese name in Pinyin also searched in Wade–Giles and the other
    /// way round, and the old postal spellings (`Zedong` → `tsetung`,
    /// `Peking` → `beijing`): words, not keys (`romanize::wade_giles_readings`).
    WadeGiles,
    /// A quoted name also searched in the other order (`"Shigeru Ishiba"`
    /// → `"Ishiba Shigeru"`), ranked below the order typed.
    NameOrder,
    /// A word in hanja read as Korean (`金大中` → `김대중`), whose keys
    /// find the Hangul and Latin spellings: `romanize::hanja_readings`.
    Hanja,
}

impl ExpansionKind {
    /// The name JSON gives it (`"alias"`, `"romanization"`, `"name_order"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExpansionKind::Alias => "alias",
            ExpansionKind::Romanization => "romanization",
            ExpansionKind::NameOrder => "name_order",
            ExpansionKind::McCuneReischauer => "mccune_reischauer",
            ExpansionKind::Hanja => "hanja",
            ExpansionKind::WadeGiles => "wade_giles",
        }
    }
}

impl serde::Serialize for ExpansionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One expansion made in a query, for `--explain` and JSON output.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Expansion {
    /// What the user typed.
    pub matched: String,
    /// The equivalent names searched for: alias names, the name in its
    /// other orders, or for a romanization the keys searched (`cosun` for
    /// `Joseon`: what every romanization of the name shares).
    pub names: Vec<String>,
    /// Why: `"alias"`, `"romanization"`, `"mccune_reischauer"`,
    /// `"hanja"`, `"wade_giles"` or `"name_order"`.
    pub kind: ExpansionKind,
}

/// One analyzed clause of the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// The field it searches.
    pub field: FieldSel,
    /// How its tokens match.
    pub kind: LeafKind,
    /// The text as typed (without quotes, `*` or `~N`); for an alias
    /// alternative, the name as the alias file spells it.
    pub text: String,
    /// 1-based column in the query where it starts (1 for alias names).
    pub column: usize,
    /// The analyzed tokens: for words and phrases the query-mode tokens
    /// in order; for a prefix or fuzzy word its one folded term
    /// (`fold_term`); none for a path glob.
    pub tokens: Vec<QueryToken>,
}

/// How a [`Leaf`] matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind {
    /// A typed word: one token is a term, several (a compound, CJK
    /// bigrams) an exact phrase.
    Words,
    /// A quoted phrase with its slop (`"…"~N`).
    Phrase {
        /// Extra positions allowed between the tokens.
        slop: u32,
    },
    /// Romanization keys of names (`romanize::query_keys`), matched in
    /// the key field, which holds the keys of the documents' name
    /// candidates; several are a phrase with this slop. Only made by
    /// expansion ([`ExpansionKind::Romanization`]), never typed.
    Name {
        /// Extra positions allowed between the keys.
        slop: u32,
        /// Which keys: [`ExpansionKind::Romanization`] for the name's own
        /// keys, [`ExpansionKind::McCuneReischauer`] for its breve-less
        /// readings', [`ExpansionKind::Hanja`] for its Korean readings' (what `--every` and the JSON say found a match).
        by: ExpansionKind,
    },
    /// Any indexed term starting with the folded word (`Nordpol*`).
    Prefix,
    /// Indexed terms within `distance` edits of the folded word (`Ishbia~1`).
    Fuzzy {
        /// Edits allowed (0, 1 or 2).
        distance: u8,
    },
    /// A `path:` pattern, not analyzed: `*` is a wildcard; without one it
    /// matches the path or anything under that folder.
    Glob,
}

/// One token of a [`Leaf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryToken {
    /// The folded token (what the exact-form field holds).
    pub text: String,
    /// Its English stem (what the stemmed field holds); equal to `text`
    /// for prefix and fuzzy terms, which only search exact forms; empty
    /// for a certain name (a romanization expansion's spelling as typed:
    /// `Ōno` must not find *Onoe*, whose stem is `ono`), which is searched
    /// as spelled or by its key, never by its stem.
    pub stem: String,
    /// Position relative to the leaf's first token (consecutive: the
    /// query-mode analyzer never stacks tokens).
    pub position: usize,
    /// Index of the whitespace-separated word of [`Leaf::text`] it comes
    /// from.
    pub word: usize,
}

/// How a leaf takes part in the query, read with strict AND semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Every match must have it.
    Required,
    /// One of several alternatives (OR, alias names).
    Optional,
    /// A match must not have it.
    Excluded,
}

impl Leaf {
    /// Whether it matches as a phrase (two or more tokens).
    pub fn is_phrase(&self) -> bool {
        self.tokens.len() >= 2
            && matches!(
                self.kind,
                LeafKind::Words | LeafKind::Phrase { .. } | LeafKind::Name { .. }
            )
    }

    /// The phrase slop (0 for anything but a sloppy phrase).
    pub fn slop(&self) -> u32 {
        match self.kind {
            LeafKind::Phrase { slop } | LeafKind::Name { slop, .. } => slop,
            _ => 0,
        }
    }

    /// Whether it restricts a field other than the body (`title:`,
    /// `path:`): such clauses stay required when juxtaposed words are
    /// read as OR.
    pub fn is_restriction(&self) -> bool {
        self.field != FieldSel::Body
    }

    /// The whitespace-separated words of [`Leaf::text`] that analyzed to
    /// exactly one token, with that token (the candidates for "did you
    /// mean").
    pub fn single_token_words(&self) -> Vec<(&str, &QueryToken)> {
        self.text
            .split_whitespace()
            .enumerate()
            .filter_map(|(i, word)| {
                let mut of_word = self.tokens.iter().filter(|t| t.word == i);
                match (of_word.next(), of_word.next()) {
                    (Some(t), None) => Some((word, t)),
                    _ => None,
                }
            })
            .collect()
    }
}

impl Clause {
    /// Visits every leaf in query order with its polarity (alias
    /// alternatives as optional leaves; the typed original of an
    /// expansion is not visited).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Leaf, Polarity)) {
        self.visit(&mut |leaf, polarity, _| f(leaf, polarity));
    }

    /// [`Clause::walk`], with the expansion each leaf is an alternative
    /// of (`None` for a leaf as typed).
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Leaf, Polarity, Option<&'a Expanded>)) {
        self.walk_as(Polarity::Required, f);
    }

    fn walk_as<'a>(&'a self, polarity: Polarity, f: &mut impl FnMut(&'a Leaf, Polarity, Option<&'a Expanded>)) {
        let flip = |p: Polarity| match p {
            Polarity::Excluded => Polarity::Required,
            _ => Polarity::Excluded,
        };
        match self {
            Clause::Leaf(leaf) => f(leaf, polarity, None),
            Clause::All { clauses, .. } => clauses.iter().for_each(|c| c.walk_as(polarity, f)),
            Clause::Any(alts) => {
                let p = if alts.len() == 1 || polarity == Polarity::Excluded {
                    polarity
                } else {
                    Polarity::Optional
                };
                alts.iter().for_each(|c| c.walk_as(p, f));
            }
            Clause::Not(inner) => inner.walk_as(flip(polarity), f),
            Clause::Expanded(e) => {
                let p = if polarity == Polarity::Excluded {
                    polarity
                } else {
                    Polarity::Optional
                };
                e.alternatives.iter().for_each(|l| f(l, p, Some(e)));
            }
        }
    }

    /// Whether it only restricts `title:` or `path:` (a restriction leaf,
    /// or a group of them).
    pub fn is_restriction(&self) -> bool {
        match self {
            Clause::Leaf(l) => l.is_restriction(),
            Clause::All { clauses, .. } | Clause::Any(clauses) => clauses.iter().all(Clause::is_restriction),
            Clause::Not(_) | Clause::Expanded(_) => false,
        }
    }
}

impl AnalyzedQuery {
    /// The leaves a match must have or may have (not the excluded ones),
    /// in query order: what snippets highlight.
    pub fn positive_leaves(&self) -> Vec<&Leaf> {
        let mut out = Vec::new();
        self.root.walk(&mut |leaf, p| {
            if p != Polarity::Excluded {
                out.push(leaf);
            }
        });
        out
    }

    /// The words of the query that score in the title and proximity
    /// boosts: body words and phrases as typed (an expanded word as typed,
    /// not its names), not excluded, in order.
    pub fn plain_words(&self) -> Vec<&Leaf> {
        fn collect<'a>(c: &'a Clause, out: &mut Vec<&'a Leaf>) {
            match c {
                Clause::Leaf(l) => {
                    if l.field == FieldSel::Body && matches!(l.kind, LeafKind::Words | LeafKind::Phrase { .. }) {
                        out.push(l);
                    }
                }
                Clause::All { clauses, .. } | Clause::Any(clauses) => clauses.iter().for_each(|c| collect(c, out)),
                Clause::Expanded(e) => out.push(&e.original),
                Clause::Not(_) => {}
            }
        }
        let mut out = Vec::new();
        collect(&self.root, &mut out);
        out
    }

    /// The leaves whose words get "did you mean" suggestions: typed
    /// words, fuzzy words and phrases of the body or the title, not
    /// excluded, not expanded.
    pub fn suggestable_leaves(&self) -> Vec<&Leaf> {
        fn collect<'a>(c: &'a Clause, out: &mut Vec<&'a Leaf>) {
            match c {
                Clause::Leaf(l) => {
                    let text_field = matches!(l.field, FieldSel::Body | FieldSel::Title);
                    let kind = matches!(
                        l.kind,
                        LeafKind::Words | LeafKind::Fuzzy { .. } | LeafKind::Phrase { .. }
                    );
                    if text_field && kind {
                        out.push(l);
                    }
                }
                Clause::All { clauses, .. } | Clause::Any(clauses) => clauses.iter().for_each(|c| collect(c, out)),
                // A name typed in some romanization is still a typed word.
                Clause::Expanded(e) if e.kind != ExpansionKind::Alias => out.push(&e.original),
                Clause::Expanded(_) | Clause::Not(_) => {}
            }
        }
        let mut out = Vec::new();
        collect(&self.root, &mut out);
        out
    }
}

impl fmt::Display for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            LeafKind::Words | LeafKind::Glob => write!(f, "{}:{}", self.field, self.text),
            LeafKind::Phrase { slop } => {
                write!(f, "{}:\"{}\"", self.field, self.text)?;
                if slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            LeafKind::Name { .. } => write!(f, "key:\"{}\"", self.text),
            LeafKind::Prefix => write!(f, "{}:{}*", self.field, self.text),
            LeafKind::Fuzzy { distance } => write!(f, "{}:{}~{distance}", self.field, self.text),
        }
    }
}

impl fmt::Display for Clause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clause::Leaf(l) => write!(f, "{l}"),
            Clause::All { clauses, implicit } => join(f, clauses, if *implicit { " " } else { " AND " }),
            Clause::Any(clauses) => join(f, clauses, " OR "),
            Clause::Not(inner) => write!(f, "NOT {inner}"),
            Clause::Expanded(e) => {
                f.write_str(match e.kind {
                    ExpansionKind::Alias => "ALIAS(",
                    ExpansionKind::Romanization => "NAME(",
                    ExpansionKind::NameOrder => "NAME_ORDER(",
                    ExpansionKind::McCuneReischauer => "MR(",
                    ExpansionKind::Hanja => "HANJA(",
                    ExpansionKind::WadeGiles => "WG(",
                })?;
                for (i, n) in e.alternatives.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    if e.by.get(i).copied().flatten() == Some(ExpansionKind::WadeGiles) {
                        write!(f, "wg:\"{}\"", n.text)?;
                        continue;
                    }
                    match n.kind {
                        LeafKind::Name {
                            by: ExpansionKind::McCuneReischauer,
                            ..
                        } => {
                            let keys: Vec<&str> = n.tokens.iter().map(|t| t.text.as_str()).collect();
                            write!(f, "mr:\"{}\"", keys.join(" "))?
                        }
                        LeafKind::Name {
                            by: ExpansionKind::Hanja,
                            ..
                        } => {
                            let keys: Vec<&str> = n.tokens.iter().map(|t| t.text.as_str()).collect();
                            write!(f, "hanja:\"{}\"", keys.join(" "))?
                        }
                        LeafKind::Name { .. } => write!(f, "key:\"{}\"", n.text)?,
                        _ => write!(f, "\"{}\"", n.text)?,
                    }
                }
                f.write_str(")")
            }
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, clauses: &[Clause], sep: &str) -> fmt::Result {
    f.write_str("(")?;
    for (i, c) in clauses.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{c}")?;
    }
    f.write_str(")")
}

impl fmt::Display for AnalyzedQuery {
    /// The tree as `--explain` shows it: the clauses, then ` -x` per
    /// exclusion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)?;
        for e in &self.exclusions {
            write!(f, " -{e}")?;
        }
        Ok(())
    }
}

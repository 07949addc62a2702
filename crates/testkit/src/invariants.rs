//! What must hold for any input, checked the same way by the property tests
//! (`proptest`, in each crate's `tests/`) and by the fuzz targets (`fuzz/`).
//!
//! Each check takes arbitrary input, runs the code under test, and returns
//! the first violated property as a message (`Err`) rather than panicking:
//! a proptest turns it into a failure it can shrink
//! (`check(x).map_err(TestCaseError::fail)?`), a fuzz target asserts it. A
//! panic inside the code under test is a violation too; both harnesses
//! catch it.
//!
//! Each group is behind the feature of the library it checks (`analysis`,
//! `indexer`, `searcher`, `eval`).

/// A violated property: what was expected, and of which input.
pub type Violation = String;

/// Returns a [`Violation`] built from the format arguments if `cond` is
/// false. (Unused when no feature is on.)
#[allow(unused_macros)]
macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

#[cfg(feature = "analysis")]
pub use analysis::tokens;
#[cfg(feature = "eval")]
pub use eval::eval_inputs;
#[cfg(feature = "indexer")]
pub use indexer::decoded;
#[cfg(feature = "searcher")]
pub use searcher::query;

#[cfg(feature = "analysis")]
mod analysis {
    use sagasu_analysis::{analyze, fold_term, stem, Mode};

    use super::Violation;

    /// The analyzer on any text, in both modes: tokens are non-empty, at
    /// most 100 bytes, with char-boundary offsets into the text, positions
    /// that never decrease and a position length of 1; query-mode tokens
    /// have consecutive positions and are all among the index-mode tokens
    /// at the same position (what makes a phrase query match). Stemming
    /// and folding any token or the whole text does not panic.
    pub fn tokens(text: &str) -> Result<(), Violation> {
        for mode in [Mode::Index, Mode::Query] {
            let mut last_position = 0;
            for t in &analyze(text, mode) {
                ensure!(!t.text.is_empty(), "empty token in {text:?}");
                ensure!(t.text.len() <= 100, "token over 100 bytes: {:?}", t.text);
                ensure!(
                    t.offset_from < t.offset_to && t.offset_to <= text.len(),
                    "bad offsets {t:?} in {text:?}"
                );
                ensure!(
                    text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to),
                    "offsets not on char boundaries: {t:?} in {text:?}"
                );
                ensure!(t.position >= last_position, "position decreased in {text:?}");
                ensure!(t.position_length == 1, "position length of {t:?} in {text:?}");
                last_position = t.position;
                let _ = stem(&t.text);
            }
        }
        let index = analyze(text, Mode::Index);
        for (i, q) in analyze(text, Mode::Query).iter().enumerate() {
            ensure!(q.position == i, "query positions in {text:?}: {q:?} at {i}");
            ensure!(
                index.iter().any(|t| t.text == q.text && t.position == q.position),
                "query token {q:?} not among index tokens of {text:?}"
            );
        }
        let _ = fold_term(text);
        Ok(())
    }
}

#[cfg(feature = "indexer")]
mod indexer {
    use sagasu_indexer::decode::{binary_kind, decode_as, is_blank, Decoded, Format};
    use sagasu_indexer::passage::{split, PassageConfig};

    use super::Violation;

    /// The decoder on any bytes, as plain text and as HTML: text has no
    /// `\r` and is not blank, names its encoding, and has a short title
    /// without control characters; binary is exactly what the sniffer says
    /// (after a UTF-8 BOM; never with a UTF-16 BOM) whatever the format;
    /// the passages of the text are non-empty, on char boundaries, in the
    /// text, with ordered line numbers.
    pub fn decoded(bytes: &[u8]) -> Result<(), Violation> {
        let utf16_bom = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
        let sniffed = binary_kind(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
        let mut binary = Vec::new();
        for format in [Format::Plain, Format::Html] {
            let d = decode_as(bytes, format);
            binary.push(matches!(d, Decoded::Binary(_)));
            match d {
                Decoded::Text { text, encoding, title } => {
                    ensure!(!text.contains('\r'), "\\r left in {text:?}");
                    ensure!(!is_blank(&text), "blank text decoded from {bytes:?}");
                    ensure!(!encoding.is_empty(), "no encoding named for {bytes:?}");
                    if let Some(t) = title {
                        ensure!(!t.is_empty() && t.chars().count() <= 200, "title {t:?}");
                        ensure!(!t.chars().any(char::is_control), "control character in title {t:?}");
                    }
                    passages(&text)?;
                }
                Decoded::Binary(kind) => {
                    ensure!(!utf16_bom, "UTF-16 text taken for binary ({kind})");
                    ensure!(sniffed == Some(kind), "binary {kind} but the sniffer says {sniffed:?}");
                }
                Decoded::Empty => ensure!(
                    utf16_bom || sniffed.is_none(),
                    "empty, but the sniffer says {sniffed:?}"
                ),
            }
        }
        ensure!(
            binary[0] == binary[1],
            "binary as text but not as HTML, or back: {bytes:?}"
        );
        Ok(())
    }

    fn passages(text: &str) -> Result<(), Violation> {
        for p in split(text, &PassageConfig::default()) {
            ensure!(
                p.byte_start < p.byte_end && p.byte_end <= text.len(),
                "passage {}..{} of {} bytes",
                p.byte_start,
                p.byte_end,
                text.len()
            );
            ensure!(
                text.is_char_boundary(p.byte_start) && text.is_char_boundary(p.byte_end),
                "passage {}..{} off char boundaries",
                p.byte_start,
                p.byte_end
            );
            ensure!(
                p.line_start <= p.line_end,
                "passage lines {}..{}",
                p.line_start,
                p.line_end
            );
        }
        Ok(())
    }
}

#[cfg(feature = "searcher")]
mod searcher {
    use sagasu_analysis::schema::Fields;
    use sagasu_searcher::query::{analyze, build, build_clause, parse, Conjunction};
    use sagasu_searcher::{Aliases, SearchError};

    use super::Violation;

    /// The query parser on any text: it parses, or fails with a syntax
    /// error whose column lies within the query (1-based, in characters, at
    /// most one past the end) and whose message is not empty; a parsed
    /// query analyzes (or says, with a column, that there is nothing to
    /// search for) and builds into tantivy queries in every conjunction
    /// mode, or fails with a syntax error.
    pub fn query(text: &str) -> Result<(), Violation> {
        let chars = text.chars().count();
        match parse(text).and_then(|node| analyze(&node, &Aliases::default())) {
            Ok(q) => {
                let (_, fields) = Fields::build();
                for conjunction in [Conjunction::Auto, Conjunction::All, Conjunction::Any] {
                    if let Err(e) = build(&q, &fields, conjunction) {
                        ensure!(
                            matches!(e, SearchError::Syntax { .. }),
                            "building {text:?} failed without a syntax error: {e}"
                        );
                    }
                    for ex in &q.exclusions {
                        if let Err(e) = build_clause(ex, &fields, conjunction) {
                            ensure!(
                                matches!(e, SearchError::Syntax { .. }),
                                "building an exclusion of {text:?} failed without a syntax error: {e}"
                            );
                        }
                    }
                }
                Ok(())
            }
            Err(SearchError::Syntax { column, message }) => {
                ensure!(
                    (1..=chars + 1).contains(&column),
                    "column {column} outside 1..={} for {text:?}: {message}",
                    chars + 1
                );
                ensure!(!message.is_empty(), "empty message for {text:?}");
                Ok(())
            }
            Err(other) => Err(format!("not a syntax error for {text:?}: {other}")),
        }
    }
}

#[cfg(feature = "eval")]
mod eval {
    use sagasu_eval::{
        evaluate, parse_topics, parse_trec_topics, parse_tsv_topics, EvalError, EvalOptions, Metric, Qrels, Run, Topic,
    };

    use super::Violation;

    /// A parse error must point at a line of the text and name its label.
    fn parse_error(e: &EvalError, text: &str, label: &str) -> Result<(), Violation> {
        let EvalError::Parse { path, line, message } = e else {
            return Err(format!("{label}: not a parse error: {e}"));
        };
        let lines = text.matches('\n').count() + 1;
        ensure!(
            (1..=lines).contains(line),
            "{label}: line {line} outside 1..={lines}: {message}"
        );
        ensure!(path.to_str() == Some(label), "error labelled {path:?}, not {label}");
        ensure!(!message.is_empty(), "{label}:{line}: empty message");
        Ok(())
    }

    fn topics_ok(topics: &[Topic]) -> Result<(), Violation> {
        let mut seen = std::collections::HashSet::new();
        for t in topics {
            ensure!(
                !t.qid.is_empty() && !t.qid.chars().any(char::is_whitespace),
                "query id {:?}",
                t.qid
            );
            ensure!(seen.insert(&t.qid), "query id {:?} twice", t.qid);
            ensure!(!t.text.trim().is_empty(), "query {:?} has empty text", t.qid);
        }
        Ok(())
    }

    /// The eval parsers on any text, and scoring what parses: a query
    /// file, qrels or run parses or fails with a parse error on one of its
    /// lines; topics have unique, non-blank ids and text; a run written
    /// and read back ranks every query the same; evaluating a parsed run
    /// against parsed qrels succeeds (or finds no common query) with
    /// finite values, rates in `0..=1`.
    pub fn eval_inputs(queries: &str, qrels: &str, run: &str) -> Result<(), Violation> {
        for (label, parsed) in [
            ("topics", parse_topics(queries, "topics")),
            ("topics", parse_tsv_topics(queries, "topics")),
            ("topics", parse_trec_topics(queries, "topics")),
        ] {
            match parsed {
                Ok(topics) => topics_ok(&topics)?,
                Err(e) => parse_error(&e, queries, label)?,
            }
        }
        let qrels = match Qrels::parse(qrels, "qrels") {
            Ok(q) => Some(q),
            Err(e) => {
                parse_error(&e, qrels, "qrels")?;
                None
            }
        };
        let run = match Run::parse(run, "run") {
            Ok(r) => Some(r),
            Err(e) => {
                parse_error(&e, run, "run")?;
                None
            }
        };
        if let Some(run) = &run {
            round_trip(run)?;
        }
        if let (Some(qrels), Some(run)) = (qrels, run) {
            scores(&run, &qrels)?;
        }
        Ok(())
    }

    fn round_trip(run: &Run) -> Result<(), Violation> {
        let written = run.to_trec_string();
        let back = Run::parse(&written, "written").map_err(|e| format!("written run does not parse: {e}"))?;
        ensure!(back.qids().eq(run.qids()), "queries differ after writing:\n{written}");
        for qid in run.qids() {
            let ids = |r: &Run| -> Vec<String> {
                r.ranking(qid)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| d.docid.clone())
                    .collect()
            };
            ensure!(
                ids(&back) == ids(run),
                "query {qid} ranks otherwise after writing:\n{written}"
            );
        }
        Ok(())
    }

    fn scores(run: &Run, qrels: &Qrels) -> Result<(), Violation> {
        let metrics = Metric::default_set();
        match evaluate(run, qrels, &metrics, &EvalOptions::default()) {
            Ok(e) => {
                for q in &e.per_query {
                    for (m, v) in q.values.iter() {
                        ensure!(v.is_finite(), "{} of query {} is {v}", m.name(), q.qid);
                        ensure!(
                            m.is_count() || (0.0..=1.0).contains(&v),
                            "{} of query {} is {v}",
                            m.name(),
                            q.qid
                        );
                    }
                }
                Ok(())
            }
            Err(EvalError::NoCommonQueries) => Ok(()),
            Err(e) => Err(format!("evaluating parsed inputs failed: {e}")),
        }
    }
}

/// Each check on inputs that once broke something, or nearly: the checks
/// must accept what the code does today (`cargo test -p sagasu-testkit
/// --all-features`; the proptests and fuzz targets then search further).
#[cfg(test)]
mod tests {
    #[cfg(feature = "analysis")]
    #[test]
    fn tokens_hold_on_tricky_text() {
        for text in [
            "",
            "Satō Kim Dae-jung",
            "occupa-\ntion",
            "日本語 독도",
            "a\u{301}\u{200b}b",
            "ﬁ ＲＯＫ",
        ] {
            super::tokens(text).unwrap();
        }
    }

    #[cfg(feature = "indexer")]
    #[test]
    fn decoding_holds_on_tricky_bytes() {
        for bytes in [
            &b""[..],
            b"\xef\xbb\xbfplain\r\ntext\r",
            b"\xff\xfeh\0i\0",
            b"%PDF-1.4 binary",
            b"<title>T</title><script>x</script>body",
            b"caf\xe9 au lait",
        ] {
            super::decoded(bytes).unwrap();
        }
    }

    #[cfg(feature = "searcher")]
    #[test]
    fn queries_hold_on_tricky_text() {
        for text in [
            "",
            "\"unclosed",
            "(a OR",
            "-(-japan)",
            "path:a<b",
            "title:",
            "Ishbia~1 Nordpol*",
        ] {
            super::query(text).unwrap();
        }
    }

    #[cfg(feature = "eval")]
    #[test]
    fn eval_inputs_hold_on_tricky_text() {
        super::eval_inputs("12\tété\n", "1 0 d 1\n", "1 Q0 d 1 1 t\n").unwrap();
        super::eval_inputs("<top><num>1<title>x", "1 0 d x", "1 Q0 d 1 NaN t").unwrap();
        super::eval_inputs("\u{feff}<top>", "", "1 Q0 a 1 1 t\n1 Q0 b 2 1 t\n").unwrap();
    }
}

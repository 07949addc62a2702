//! The HTTP side: one search request to a Quickwit cluster, and its answer.
//!
//! Searches go through Quickwit's Elasticsearch-compatible endpoint
//! (`POST /api/v1/_elastic/<index>/_search`), not its native one: the
//! native answer lists documents without their scores, and sagasu needs
//! them (a document scores its best passage; eval runs carry scores). The
//! query travels as a `query_string` in tantivy's grammar, sorted by
//! `_score`, with `default_operator: OR` (see [`crate::translate`]) and
//! `allow_partial_search_results=false`: a split that fails fails the
//! search rather than silently dropping passages.
//!
//! With `SAGASU_QUICKWIT_TRACE=FILE`, every exchange is appended to FILE as
//! one JSON line (`path`, `request`, `status`, `response`): what was asked
//! and answered, and the recordings the tests replay.

use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::{one_line, QuickwitError};

/// Where to search: `http://HOST:PORT/INDEX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `http://HOST:PORT` (any path prefix kept, no trailing `/`).
    pub base: String,
    /// The Quickwit index id.
    pub index: String,
}

impl Target {
    /// Reads `http://HOST:PORT/INDEX` (a path before the index is kept as
    /// a prefix, for a cluster behind a proxy).
    pub fn parse(given: &str) -> Result<Target, QuickwitError> {
        let bad = |message: &str| QuickwitError::Target {
            given: given.to_string(),
            message: message.to_string(),
        };
        let Some(rest) = given.strip_prefix("http://") else {
            return Err(bad(if given.starts_with("https://") {
                "only plain http:// is supported (put a TLS proxy in front if needed)"
            } else {
                "expected http://HOST:PORT/INDEX"
            }));
        };
        let rest = rest.trim_end_matches('/');
        let Some((host, index)) = rest.rsplit_once('/') else {
            return Err(bad("no index: expected http://HOST:PORT/INDEX"));
        };
        if host.is_empty() || host.starts_with('/') {
            return Err(bad("no host: expected http://HOST:PORT/INDEX"));
        }
        if !crate::mapping::valid_index_id(index) {
            return Err(bad(&format!("{index:?} is not a Quickwit index id")));
        }
        Ok(Target {
            base: format!("http://{host}"),
            index: index.to_string(),
        })
    }
}

/// What a search asks for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The query, in tantivy's grammar ([`crate::translate`]).
    pub query: &'a str,
    /// Passages to return, best first.
    pub size: usize,
    /// Return only the `path` and `passage` of each hit (ranking without
    /// snippets); else every stored field.
    pub paths_only: bool,
    /// Elasticsearch aggregations to compute over every match.
    pub aggs: Option<Value>,
}

/// One matching passage: its score and stored fields.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Its BM25 score, as Quickwit computed it (per split).
    pub score: f32,
    /// Its stored fields.
    pub source: Value,
}

/// What a search answered.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The passages, best first.
    pub hits: Vec<Hit>,
    /// How many passages matched in all.
    pub total: u64,
    /// The aggregations asked for.
    pub aggregations: Value,
}

/// A client of one Quickwit index.
pub struct Client {
    agent: ureq::Agent,
    target: Target,
    trace: Option<Mutex<std::fs::File>>,
}

/// How long one exchange may take.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How large an answer may be.
const MAX_ANSWER_BYTES: u64 = 512 << 20;

impl Client {
    /// A client of `target`; traces exchanges when `SAGASU_QUICKWIT_TRACE`
    /// names a file.
    pub fn new(target: Target) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into();
        let trace = std::env::var_os("SAGASU_QUICKWIT_TRACE").and_then(|path| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .ok()
                .map(Mutex::new)
        });
        Client { agent, target, trace }
    }

    /// The index searched.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Runs one search.
    pub fn search(&self, req: &Request<'_>) -> Result<Answer, QuickwitError> {
        let mut path = format!(
            "/api/v1/_elastic/{}/_search?allow_partial_search_results=false",
            self.target.index
        );
        if req.paths_only {
            path.push_str("&_source_includes=path,passage");
        }
        let mut body = json!({
            "query": {"query_string": {"query": req.query, "default_operator": "OR"}},
            "size": req.size,
            "sort": [{"_score": {"order": "desc"}}],
            "track_total_hits": true,
        });
        if let Some(aggs) = &req.aggs {
            body["aggs"] = aggs.clone();
        }
        let (status, answer) = self.post(&path, &body)?;
        parse_answer(&self.url(&path), status, &answer)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.target.base)
    }

    fn post(&self, path: &str, body: &Value) -> Result<(u16, String), QuickwitError> {
        let url = self.url(path);
        let unreachable = |e: ureq::Error| QuickwitError::Unreachable {
            url: url.clone(),
            message: one_line(&e.to_string()),
        };
        let mut resp = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .map_err(unreachable)?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(unreachable)?;
        if let Some(trace) = &self.trace {
            let response: Value = serde_json::from_str(&text).unwrap_or(Value::String(text.clone()));
            let line = json!({"path": path, "request": body, "status": status, "response": response});
            if let Ok(mut f) = trace.lock() {
                // A trace is a courtesy: failing to write it fails nothing.
                let _ = writeln!(f, "{line}");
            }
        }
        Ok((status, text))
    }
}

/// Reads an Elasticsearch-shaped search answer.
fn parse_answer(url: &str, status: u16, text: &str) -> Result<Answer, QuickwitError> {
    let bad = |message: String| QuickwitError::Answer {
        url: url.to_string(),
        message,
    };
    let v: Value = serde_json::from_str(text).map_err(|e| {
        if status == 200 {
            bad(format!("not JSON ({e})"))
        } else {
            QuickwitError::Status {
                url: url.to_string(),
                status,
                message: one_line(text),
            }
        }
    })?;
    if status != 200 {
        let message = v["error"]["reason"]
            .as_str()
            .or_else(|| v["message"].as_str())
            .map_or_else(|| one_line(text), one_line);
        return Err(QuickwitError::Status {
            url: url.to_string(),
            status,
            message,
        });
    }
    let hits = v["hits"]["hits"]
        .as_array()
        .ok_or_else(|| bad("no hits.hits".into()))?
        .iter()
        .map(|h| {
            let score = h["sort"][0]
                .as_f64()
                .or_else(|| h["_score"].as_f64())
                .ok_or_else(|| bad("a hit without a score (sort by _score)".into()))?;
            Ok(Hit {
                score: score as f32,
                source: h["_source"].clone(),
            })
        })
        .collect::<Result<Vec<Hit>, QuickwitError>>()?;
    let total = v["hits"]["total"]["value"]
        .as_u64()
        .ok_or_else(|| bad("no hits.total.value".into()))?;
    Ok(Answer {
        hits,
        total,
        aggregations: v["aggregations"].clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_a_host_and_an_index() {
        let t = Target::parse("http://127.0.0.1:7280/debdocs").unwrap();
        assert_eq!(t.base, "http://127.0.0.1:7280");
        assert_eq!(t.index, "debdocs");
        let t = Target::parse("http://proxy/qw/debdocs/").unwrap();
        assert_eq!((t.base.as_str(), t.index.as_str()), ("http://proxy/qw", "debdocs"));
        for bad in [
            "127.0.0.1:7280/debdocs",
            "https://h/debdocs",
            "http://h",
            "http:///x",
            "http://h/1x",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}

//! Query-string parameters of the page and the API, checked once.
//!
//! Both read the same names with the same meaning and the same limits:
//! `q`, `limit`, `offset`, `passages`, `prf` for a search; `path`, `line`,
//! `byte`, `q` for a document. A value that is not what a name takes is a
//! [`ParamError`] that names the parameter (400), never a silently
//! different search.

use sagasu_searcher::SearchOptions;

/// Documents (or passages) one request may ask for at most.
pub const MAX_LIMIT: usize = 100;
/// How deep paging may go: `offset` + `limit` at most.
pub const MAX_DEPTH: usize = 10_000;
/// Lines of a document view before and after the line asked for.
pub const VIEW_BEFORE: u64 = 12;
/// Lines after.
pub const VIEW_AFTER: u64 = 36;

/// A parameter with a value it does not take.
#[derive(Debug, thiserror::Error)]
#[error("parameter `{name}`: {message}")]
pub struct ParamError {
    /// The parameter.
    pub name: &'static str,
    /// What it takes.
    pub message: String,
}

/// The parameters of a query string: first value of each name.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a raw query string (`None`: no `?`).
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn number<T: std::str::FromStr>(&self, name: &'static str, what: &str) -> Result<Option<T>, ParamError> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| ParamError {
                name,
                message: format!("expected {what}, got {:?}", shorten(v)),
            }),
        }
    }

    fn flag(&self, name: &'static str) -> Result<bool, ParamError> {
        self.flag_or(name, false)
    }

    /// A flag that is `default` when absent or empty.
    fn flag_or(&self, name: &'static str, default: bool) -> Result<bool, ParamError> {
        match self.get(name) {
            None | Some("") => Ok(default),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some(v) => Err(ParamError {
                name,
                message: format!("expected 1 or 0, got {:?}", shorten(v)),
            }),
        }
    }
}

/// A search: the query and the options the CLI would use for it.
#[derive(Debug, Clone)]
pub struct SearchParams {
    /// The query (the CLI's query language), trimmed.
    pub q: String,
    /// The same options `sagasu search` builds from its flags.
    pub options: SearchOptions,
}

impl SearchParams {
    /// `q`, `limit` (default 10, at most [`MAX_LIMIT`]), `offset` (default
    /// 0; `offset + limit` at most [`MAX_DEPTH`]), `passages` (0 or 1) and
    /// `prf` (1, the default, as `sagasu search`; 0 as `--no-prf`).
    pub fn from(p: &Params) -> Result<SearchParams, ParamError> {
        let defaults = SearchOptions::default();
        let limit = p.number::<usize>("limit", "a whole number")?.unwrap_or(defaults.limit);
        if limit > MAX_LIMIT {
            return Err(ParamError {
                name: "limit",
                message: format!("at most {MAX_LIMIT}"),
            });
        }
        let offset = p.number::<usize>("offset", "a whole number")?.unwrap_or(0);
        if offset.saturating_add(limit) > MAX_DEPTH {
            return Err(ParamError {
                name: "offset",
                message: format!("offset + limit at most {MAX_DEPTH}"),
            });
        }
        Ok(SearchParams {
            q: p.get("q").unwrap_or("").trim().to_string(),
            options: SearchOptions {
                limit,
                offset,
                passages: p.flag("passages")?,
                feedback: if p.flag_or("prf", true)? {
                    defaults.feedback
                } else {
                    None
                },
                ..defaults
            },
        })
    }
}

/// A document view.
#[derive(Debug, Clone)]
pub struct DocParams {
    /// The document's index key, as search results give it.
    pub path: String,
    /// The line to show (default 1).
    pub line: u64,
    /// A byte offset to show (a result's `byte`).
    pub byte: Option<u64>,
    /// The query whose words to highlight.
    pub q: Option<String>,
}

impl DocParams {
    /// `path` (required), `line`, `byte`, `q`.
    pub fn from(p: &Params) -> Result<DocParams, ParamError> {
        let path = p.get("path").ok_or_else(|| ParamError {
            name: "path",
            message: "required (a document's path as search results give it)".into(),
        })?;
        Ok(DocParams {
            path: path.to_string(),
            line: p.number::<u64>("line", "a line number")?.unwrap_or(1),
            byte: p.number::<u64>("byte", "a byte offset")?,
            q: p.get("q").map(str::trim).filter(|q| !q.is_empty()).map(String::from),
        })
    }
}

/// A value cut for an error message.
fn shorten(v: &str) -> String {
    v.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(q: &str) -> Result<SearchParams, ParamError> {
        SearchParams::from(&Params::parse(Some(q)))
    }

    #[test]
    fn search_parameters_default_to_the_cli_defaults() {
        let s = search("q=Kim+Dae-jung").unwrap();
        assert_eq!(s.q, "Kim Dae-jung");
        let d = SearchOptions::default();
        assert_eq!(
            (s.options.limit, s.options.offset, s.options.passages),
            (d.limit, 0, false)
        );
        let s = search("q=%E6%97%A5%E6%9C%AC&limit=3&offset=6&passages=1").unwrap();
        assert_eq!(
            (s.q.as_str(), s.options.limit, s.options.offset, s.options.passages),
            ("日本", 3, 6, true)
        );
        // The first value counts.
        assert_eq!(search("q=a&q=b").unwrap().q, "a");
    }

    /// issue 28: feedback is on by default, as in `sagasu search`; `prf=0`
    /// is `--no-prf`.
    #[test]
    fn feedback_runs_unless_prf_0() {
        let on = SearchOptions::default().feedback;
        assert!(on.is_some());
        assert_eq!(search("q=a").unwrap().options.feedback, on);
        assert_eq!(search("q=a&prf=").unwrap().options.feedback, on);
        assert_eq!(search("q=a&prf=1").unwrap().options.feedback, on);
        assert_eq!(search("q=a&prf=0").unwrap().options.feedback, None);
        assert_eq!(search("q=a&prf=off").unwrap().options.feedback, None);
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (query, name) in [
            ("limit=ten", "limit"),
            ("limit=-1", "limit"),
            ("limit=101", "limit"),
            ("offset=9999&limit=10", "offset"),
            ("offset=1e3", "offset"),
            ("passages=maybe", "passages"),
            ("prf=2", "prf"),
        ] {
            let e = search(query).unwrap_err();
            assert_eq!(e.name, name, "{query}: {e}");
        }
        let e = DocParams::from(&Params::parse(Some("line=3"))).unwrap_err();
        assert_eq!(e.name, "path");
        let e = DocParams::from(&Params::parse(Some("path=a&line=x"))).unwrap_err();
        assert_eq!(e.name, "line");
    }
}

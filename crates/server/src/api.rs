//! The HTTP API: `/api/search` answers with exactly the bytes of `sagasu
//! search --json` ([`SearchResults::to_json`]); `/api/doc` with a
//! [`DocumentView`]; errors are one JSON object with an HTTP status.
//!
//! Error form: `{"error": {"status": 400, "kind": "query", "message":
//! "query error at column 5: …", "column": 5}}`; `kind` is one of
//! `query` (with `column`), `parameter` (with `parameter`), `request` (a
//! request HTTP does not allow, such as two `Host` headers), `not_found`,
//! `host`, `timeout`, `internal`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sagasu_searcher::{DocumentRequest, DocumentView, SearchError, SearchResults};
use serde::Serialize;

use crate::params::{DocParams, ParamError, Params, SearchParams, VIEW_AFTER, VIEW_BEFORE};
use crate::state::{App, Fault, Lane};

/// An API error: its status and JSON body.
#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    kind: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'static str>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            column: None,
            parameter: None,
        }
    }

    /// 404: no such document or route.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 400: a request HTTP itself does not allow.
    pub fn bad_request(message: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "request", message)
    }

    /// 403: a `Host` the server does not answer.
    pub fn host() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "host",
            "this server answers only requests addressed to it (Host: localhost, 127.0.0.1, [::1] or its --bind address)",
        )
    }

    /// 503: the request took longer than the limit.
    pub fn timeout() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the server is too busy to answer in time; try again",
        )
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> ApiError {
        ApiError {
            parameter: Some(e.name),
            ..ApiError::new(StatusCode::BAD_REQUEST, "parameter", e.to_string())
        }
    }
}

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> ApiError {
        match e {
            SearchError::Syntax { column, .. } => ApiError {
                column: Some(column),
                ..ApiError::new(StatusCode::BAD_REQUEST, "query", e.to_string())
            },
            other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", other.to_string()),
        }
    }
}

impl From<Fault> for ApiError {
    fn from(f: Fault) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", f.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: Status<'a>,
        }
        #[derive(Serialize)]
        struct Status<'a> {
            status: u16,
            #[serde(flatten)]
            error: &'a ApiError,
        }
        let body = serde_json::to_vec(&Body {
            error: Status {
                status: self.status.as_u16(),
                error: &self,
            },
        })
        .unwrap_or_default();
        json(self.status, body, None)
    }
}

/// A JSON response; `stale` says why a newer commit is not served.
pub fn json(status: StatusCode, body: Vec<u8>, stale: Option<&str>) -> Response {
    let mut resp = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    if stale.is_some() {
        resp.headers_mut()
            .insert("x-sagasu-stale", HeaderValue::from_static("the index is being rebuilt"));
    }
    resp
}

/// `GET /api/search?q=&limit=&offset=&passages=&prf=` (`prf=0`: no feedback, as `search --no-prf`).
pub async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let p = SearchParams::from(&Params::parse(raw.as_deref()))?;
    if p.q.trim().is_empty() {
        return Err(ParamError {
            name: "q",
            message: "required (a query, as `sagasu search` takes it)".into(),
        }
        .into());
    }
    let corpus = app.live.source().corpus.clone();
    let (res, stale) = app
        .run(Lane::of(Some(&p.q)), move |s| {
            s.search(&p.q, &p.options).map(|mut r: SearchResults| {
                mark_gone(corpus.as_deref(), &mut r);
                r.to_json()
            })
        })
        .await?;
    let body = res?.map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(json(StatusCode::OK, body, stale.as_deref()))
}

/// Marks the results whose file is gone from `corpus`, as `sagasu
/// search` does (so that both print the same bytes).
pub fn mark_gone(corpus: Option<&std::path::Path>, res: &mut SearchResults) {
    if let Some(corpus) = corpus {
        res.mark_gone(|key| sagasu_store::file_gone(corpus, key));
    }
}

/// `GET /api/doc?path=&line=&byte=&q=`.
pub async fn document(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let p = DocParams::from(&Params::parse(raw.as_deref()))?;
    let (view, stale) = app.run(Lane::of(p.q.as_deref()), move |s| view(s, &p)).await?;
    match view? {
        Some(v) => Ok(json(
            StatusCode::OK,
            serde_json::to_vec(&v).unwrap_or_default(),
            stale.as_deref(),
        )),
        None => Err(ApiError::not_found("no indexed document has this path")),
    }
}

/// The document view `p` asks for.
pub fn view(s: &sagasu_searcher::Searcher, p: &DocParams) -> Result<Option<DocumentView>, SearchError> {
    s.document(&DocumentRequest {
        path: &p.path,
        line: p.line,
        byte: p.byte,
        query: p.q.as_deref(),
        before: VIEW_BEFORE,
        after: VIEW_AFTER,
    })
}

//! The HTML pages: `/` (search) and `/doc` (document view).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use sagasu_searcher::SearchError;

use crate::api::{mark_gone, view};
use crate::html::{self, Frame};
use crate::params::{DocParams, Params, SearchParams};
use crate::state::{App, Lane};

fn page(status: StatusCode, frame: &Frame, content: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html::layout(frame, content).into_string(),
    )
        .into_response()
}

fn frame<'a>(title: &'a str, q: &'a str, page: &'a str) -> Frame<'a> {
    Frame {
        title,
        q,
        passages: false,
        feedback: true,
        page,
        stale: None,
        documents: None,
        index: None,
    }
}

/// A 404 page saying `message`.
pub fn not_found(message: &str) -> Response {
    page(
        StatusCode::NOT_FOUND,
        &frame("Not found", "", "error"),
        html::error_page("", message, None),
    )
}

fn failed(status: StatusCode, q: &str, message: &str, column: Option<usize>) -> Response {
    page(
        status,
        &frame("Error", q, "search"),
        html::error_page(q, message, column),
    )
}

/// `GET /?q=&offset=&passages=&prf=`: the home page, or results.
pub async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let p = match SearchParams::from(&params) {
        Ok(p) => p,
        Err(e) => {
            return failed(
                StatusCode::BAD_REQUEST,
                params.get("q").unwrap_or(""),
                &e.to_string(),
                None,
            )
        }
    };
    let asked = p.clone();
    let corpus = app.live.source().corpus.clone();
    let run = app
        .run(Lane::of(Some(&p.q)), move |s| {
            let res = (!asked.q.trim().is_empty()).then(|| s.search(&asked.q, &asked.options));
            let mut res = res.transpose();
            if let Ok(Some(r)) = &mut res {
                mark_gone(corpus.as_deref(), r);
            }
            (res, s.document_count().ok())
        })
        .await;
    let ((res, documents), stale) = match run {
        Ok(done) => done,
        Err(e) => return failed(StatusCode::INTERNAL_SERVER_ERROR, &p.q, &e.to_string(), None),
    };
    let res = match res {
        Ok(res) => res,
        Err(SearchError::Syntax { message, column }) => {
            let message = format!("The query has an error at column {column}: {message}.");
            return failed(StatusCode::BAD_REQUEST, &p.q, &message, Some(column));
        }
        Err(e) => return failed(StatusCode::INTERNAL_SERVER_ERROR, &p.q, &e.to_string(), None),
    };
    let f = Frame {
        passages: p.options.passages,
        feedback: p.options.feedback.is_some(),
        stale: stale.as_deref(),
        documents,
        index: Some((app.live.served().changed, app.watching)),
        ..frame(&p.q, &p.q, if res.is_some() { "search" } else { "home" })
    };
    page(StatusCode::OK, &f, html::search_page(&p, res.as_ref()))
}

/// `GET /doc?path=&line=&byte=&q=`: a document around a line.
pub async fn document(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let q = params.get("q").unwrap_or("").to_string();
    let p = match DocParams::from(&params) {
        Ok(p) => p,
        Err(e) => return failed(StatusCode::BAD_REQUEST, &q, &e.to_string(), None),
    };
    let asked = p.clone();
    let corpus = app.live.source().corpus.clone();
    let (res, stale) = match app.run(Lane::of(asked.q.as_deref()), move |s| view(s, &asked)).await {
        Ok(done) => done,
        Err(e) => return failed(StatusCode::INTERNAL_SERVER_ERROR, &q, &e.to_string(), None),
    };
    match res {
        Ok(Some(v)) => {
            let f = Frame {
                stale: stale.as_deref(),
                ..frame(&v.title, &q, "document")
            };
            // The index's copy of a file deleted or moved since: said, so
            // that its text is not taken for the folder's.
            let gone = corpus.as_deref().is_some_and(|c| sagasu_store::file_gone(c, &v.path));
            page(StatusCode::OK, &f, html::document_page(&p, &v, gone))
        }
        Ok(None) => not_found("No indexed document has this path."),
        Err(SearchError::Syntax { message, column }) => failed(
            StatusCode::BAD_REQUEST,
            &q,
            &format!("The query has an error at column {column}: {message}."),
            Some(column),
        ),
        Err(e) => failed(StatusCode::INTERNAL_SERVER_ERROR, &q, &e.to_string(), None),
    }
}

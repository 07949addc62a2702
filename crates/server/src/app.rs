//! The routes, and the guard every request passes (Host check, time
//! limit, security headers). What the handlers share is `state::App`.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::api::{self, ApiError};
use crate::host::HostCheck;
use crate::state::App;
use crate::{assets, file, pages, status};

/// The policy every response carries: scripts, styles and images from the
/// server itself only (no inline script or style, no `eval`), requests
/// and forms to it only, and no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The routes, behind the guard.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::search))
        .route("/doc", get(pages::document))
        .route("/api/search", get(api::search))
        .route("/api/doc", get(api::document))
        .route("/api/status", get(status::status))
        .route("/file", get(file::file))
        .route("/static/{name}", get(assets::serve))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        ApiError::not_found("no such route: the API has /api/search, /api/doc and /api/status").into_response()
    } else {
        pages::not_found("There is no such page.")
    }
}

fn is_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

/// Refuses requests not addressed to this server, bounds the time of the
/// others, and adds the security headers to every response.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri());
    let resp = if req.headers().get_all(header::HOST).iter().nth(1).is_some() {
        // RFC 9112, 3.2: a request with more than one Host is a bad
        // request; checking only the first would let a second name reach
        // whatever reads the last.
        bad_request(api, "a request has one Host header, not several")
    } else if !addressed_here(&app.hosts, req.uri(), req.headers()) {
        if api {
            ApiError::host().into_response()
        } else {
            (
                StatusCode::FORBIDDEN,
                "sagasu: this server answers only requests addressed to it\n",
            )
                .into_response()
        }
    } else {
        match tokio::time::timeout(app.limits.request_timeout, next.run(req)).await {
            Ok(resp) => resp,
            Err(_) if api => ApiError::timeout().into_response(),
            Err(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "sagasu: too busy to answer in time; try again\n",
            )
                .into_response(),
        }
    };
    secure(resp)
}

/// 400, as JSON for the API.
fn bad_request(api: bool, message: &'static str) -> Response {
    if api {
        ApiError::bad_request(message).into_response()
    } else {
        (StatusCode::BAD_REQUEST, format!("sagasu: {message}\n")).into_response()
    }
}

/// Whether the request's `Host` (and the authority of an absolute URI,
/// which takes precedence over it) is one this server answers.
fn addressed_here(hosts: &HostCheck, uri: &Uri, headers: &HeaderMap) -> bool {
    let header = headers.get(header::HOST).map(|h| h.to_str().ok());
    let authority = uri.authority().map(|a| a.as_str());
    match (header, authority) {
        (None, None) | (Some(None), _) => false,
        (Some(Some(h)), a) => hosts.allows(h) && a.is_none_or(|a| hosts.allows(a)),
        (None, Some(a)) => hosts.allows(a),
    }
}

fn secure(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, "content-security-policy", CONTENT_SECURITY_POLICY);
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "no-referrer");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "cross-origin-resource-policy", "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        // Private documents: no copy in any cache.
        set(h, "cache-control", "no-store");
    }
    resp
}

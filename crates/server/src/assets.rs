//! The page's static files (stylesheet, script, icon), compiled into the
//! binary: the server reads nothing from disk but the index.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// A static file.
struct Asset {
    name: &'static str,
    body: &'static str,
    content_type: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        body: include_str!("../assets/app.css"),
        content_type: "text/css; charset=utf-8",
    },
    Asset {
        name: "app.js",
        body: include_str!("../assets/app.js"),
        content_type: "text/javascript; charset=utf-8",
    },
    Asset {
        name: "icon.svg",
        body: include_str!("../assets/icon.svg"),
        content_type: "image/svg+xml",
    },
];

/// A hash of every asset: their URLs change when they do, so browsers may
/// keep them as long as they like.
fn version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for a in ASSETS {
            a.body.hash(&mut h);
        }
        format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
    })
}

/// The URL of the asset `name`.
pub fn url(name: &str) -> String {
    format!("/static/{name}?v={}", version())
}

/// `GET /static/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            a.body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

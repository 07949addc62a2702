//! `GET /file?path=P`: the file of an indexed PDF, for the browser's own
//! viewer (the document view links to it with `#page=N`).
//!
//! The document is looked up by its index key first: only a key the index
//! holds, of a paged document, is ever turned into a path (the key as the
//! index stores it, read back from the document), and only a key
//! that is a plain relative path (no `..`, no escaped bytes). The path must
//! stay inside the corpus folder once symbolic links are resolved, be a
//! regular file, and still start with `%PDF-`: it is served as
//! `application/pdf`, inline, and nothing else is. Anything else is 404.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::pages::not_found;
use crate::params::Params;
use crate::state::{App, Lane};

/// Largest file served (a PDF larger than this was not indexed whole
/// anyway: the text limit is far below it).
const MAX_FILE_BYTES: u64 = 1 << 30;

/// `GET /file?path=P`.
pub async fn file(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let params = Params::parse(raw.as_deref());
    let Some(asked) = params.get("path").filter(|p| !p.is_empty()).map(str::to_string) else {
        return (
            StatusCode::BAD_REQUEST,
            "sagasu: /file needs ?path= (a document's path as results give it)\n",
        )
            .into_response();
    };
    let Some(corpus) = app.live.source().corpus.clone() else {
        return not_found("This server serves no files.");
    };
    let indexed = match app
        .run(Lane::Plain, move |s: &sagasu_searcher::Searcher| s.indexed(&asked))
        .await
    {
        Ok((Ok(found), _)) => found,
        _ => None,
    };
    // The path opened is the key the index stores, not the request's text.
    let Some(key) = indexed.filter(|i| i.paged).map(|i| i.path) else {
        return not_found("No indexed PDF has this path.");
    };
    let read = tokio::task::spawn_blocking(move || read_pdf(&corpus, &key).map(|bytes| (bytes, key))).await;
    let Ok(Some((bytes, key))) = read else {
        return not_found("No indexed PDF has this path.");
    };
    let name = key.rsplit('/').next().unwrap_or("document.pdf");
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    let disposition = format!("inline; filename=\"{}\"", ascii_name(name));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// The bytes of the PDF whose index key is `key`, if the key is a plain
/// relative path that stays inside `corpus`, names a regular file, and
/// that file is a PDF.
fn read_pdf(corpus: &Path, key: &str) -> Option<Vec<u8>> {
    let path = inside(corpus, key)?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    bytes.starts_with(b"%PDF-").then_some(bytes)
}

/// The file `key` names in `corpus`, if `key` is a plain relative path
/// (`/`-separated, no `.` or `..`, no escaped byte) whose real path is
/// inside the corpus's.
fn inside(corpus: &Path, key: &str) -> Option<PathBuf> {
    let rel = Path::new(key);
    let plain = !key.contains('\\') && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return None;
    }
    let root = corpus.canonicalize().ok()?;
    let real = root.join(rel).canonicalize().ok()?;
    real.starts_with(&root).then_some(real)
}

/// A file name for `Content-Disposition`: printable ASCII, quotes and
/// backslashes replaced.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_keys_inside_the_corpus_are_paths() {
        let dir = std::env::temp_dir().join(format!("sagasu-file-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("corpus/sub")).unwrap();
        std::fs::write(dir.join("corpus/sub/a.pdf"), "%PDF-1.4\n").unwrap();
        std::fs::write(dir.join("secret.pdf"), "%PDF-1.4\n").unwrap();
        std::fs::write(dir.join("corpus/b.txt"), "text").unwrap();
        let corpus = dir.join("corpus");
        assert!(read_pdf(&corpus, "sub/a.pdf").is_some());
        for refused in [
            "../secret.pdf",
            "sub/../../secret.pdf",
            "/etc/passwd",
            "b.txt",
            "sub\\x2e.pdf",
            "./sub/a.pdf",
        ] {
            assert!(read_pdf(&corpus, refused).is_none(), "{refused}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.pdf"), corpus.join("link.pdf")).unwrap();
            assert!(read_pdf(&corpus, "link.pdf").is_none(), "a link out of the corpus");
        }
        assert_eq!(ascii_name("a \"b\"\\ç.pdf"), "a _b___.pdf");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

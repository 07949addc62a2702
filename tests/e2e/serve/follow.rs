//! `sagasu serve` follows the folder (issue 29, item 1): a file deleted,
//! added or changed is re-indexed by the server's own watch and served
//! without `sagasu index`; until then, and with `--no-watch`, a result
//! whose file is gone is marked so, by the page, the API and the CLI alike
//! (or left out, where a row is a place to open).

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{cli_json, Served};
use crate::http::Conn;
use crate::util::{Fixture, PATIENCE};

/// The paths the API finds for `q`, each with whether it is marked gone.
fn paths(conn: &mut Conn, q: &str) -> Vec<(String, bool)> {
    let resp = conn.get(&format!("/api/search?q={q}"));
    assert_eq!(resp.status, 200, "{q}: {}", resp.text());
    let json = resp.json();
    json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r["gone"] == true))
        .collect()
}

fn status(conn: &mut Conn) -> Value {
    let resp = conn.get("/api/status");
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

/// Polls `/api/status` until the served index's generation passes `after`
/// (the watch's pass was committed and is served); returns the status.
fn next_generation(conn: &mut Conn, s: &Served, after: u64) -> Value {
    let started = Instant::now();
    loop {
        let st = status(conn);
        if st["generation"].as_u64().unwrap() > after {
            return st;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "the index served did not change within {PATIENCE:?}; stderr:\n{}",
            s.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_deleted_file_leaves_the_page_without_sagasu_index() {
    let f = Fixture::empty();
    f.write("a.txt", "Alpha speaks of Nordpolitik.\n");
    f.write("b.txt", "Bravo met Zebulon about Nordpolitik.\n");
    f.index(&[]);
    let s = Served::start(&f, &[]);
    let mut conn = Conn::open(s.addr);
    // The pass at start found nothing to change: still the first index.
    let st = status(&mut conn);
    assert_eq!(st["watching"], true, "{st}");
    assert_eq!(st["documents"], 2, "{st}");
    assert!(st["changed"].as_str().is_some_and(|t| t.ends_with('Z')), "{st}");
    let g0 = st["generation"].as_u64().unwrap();
    assert_eq!(paths(&mut conn, "Zebulon"), [("b.txt".to_string(), false)]);
    let page = conn.get("/").text();
    assert!(page.contains("follows the folder"), "{page}");

    std::fs::remove_file(f.corpus.join("b.txt")).unwrap();
    // Before the watch's pass is served, b.txt may still be found, but
    // never as if it were there.
    for (path, gone) in paths(&mut conn, "Nordpolitik") {
        assert!(path == "a.txt" || gone, "{path} shown as if it were there");
    }
    let st = next_generation(&mut conn, &s, g0);
    assert_eq!(st["documents"], 1, "{st}");
    assert!(paths(&mut conn, "Zebulon").is_empty());
    assert_eq!(paths(&mut conn, "Nordpolitik"), [("a.txt".to_string(), false)]);
    let page = conn.get("/?q=Zebulon").text();
    assert!(page.contains("No document matches"), "{page}");
    assert!(!page.contains("b.txt"), "{page}");
    assert_eq!(conn.get("/api/doc?path=b.txt").status, 404);

    // Added and changed files are served the same way.
    let g1 = st["generation"].as_u64().unwrap();
    f.write("c.txt", "Charlie met Yorick.\n");
    next_generation(&mut conn, &s, g1);
    assert_eq!(paths(&mut conn, "Yorick"), [("c.txt".to_string(), false)]);
    assert!(s.stderr().contains("1 removed"), "{}", s.stderr());
}

#[test]
fn without_the_watch_a_deleted_file_is_marked_gone_by_the_page_the_api_and_the_cli() {
    let f = Fixture::empty();
    f.write("a.txt", "Alpha speaks of Nordpolitik.\n");
    f.write("b.txt", "Bravo met Zebulon about Nordpolitik.\n");
    f.index(&[]);
    let s = Served::start(&f, &["--no-watch"]);
    let mut conn = Conn::open(s.addr);
    let st = status(&mut conn);
    assert_eq!(st["watching"], false, "{st}");
    assert!(conn.get("/").text().contains("not following the folder"));

    std::fs::remove_file(f.corpus.join("b.txt")).unwrap();
    assert_eq!(paths(&mut conn, "Zebulon"), [("b.txt".to_string(), true)]);
    let page = conn.get("/?q=Zebulon").text();
    assert!(page.contains("deleted since it was indexed"), "{page}");
    // Its document view says so too; a file still there is shown plainly.
    let doc = conn.get("/doc?path=b.txt&line=1&q=Zebulon").text();
    assert!(
        doc.contains("Deleted since it was indexed:") && doc.contains("Zebulon"),
        "{doc}"
    );
    let doc = conn.get("/doc?path=a.txt&line=1").text();
    assert!(doc.contains("Nordpolitik") && !doc.contains("Deleted since"), "{doc}");
    // The API's bytes are still the CLI's.
    let api = conn.get("/api/search?q=Nordpolitik").text();
    assert_eq!(api, String::from_utf8_lossy(&cli_json(&f, &["Nordpolitik"])));
    assert!(api.contains("\"gone\":true"), "{api}");
    // The CLI's text says it, and a table leaves it out.
    let out = f.cmd().args(["search", "Zebulon"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("b.txt") && text.contains("[gone: deleted since it was indexed]"),
        "{text}"
    );
    let out = f
        .cmd()
        .args(["search", "--format", "vimgrep", "Nordpolitik"])
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&out.stdout);
    assert!(rows.contains("a.txt") && !rows.contains("b.txt"), "{rows}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 result(s) left out"));
    // --every and --count list places to open: a gone file is left out.
    for mode in ["--every", "--count"] {
        let out = f.cmd().args(["search", mode, "Nordpolitik"]).output().unwrap();
        let rows = String::from_utf8_lossy(&out.stdout);
        assert!(rows.contains("a.txt") && !rows.contains("b.txt"), "{mode}: {rows}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("1 document(s) left out"), "{mode}: {err}");
    }
    // Nothing re-indexed it: the generation stayed.
    assert_eq!(status(&mut conn)["generation"], st["generation"]);
}

#[test]
fn a_change_made_while_no_server_ran_is_indexed_even_if_the_index_is_locked_at_start() {
    let f = Fixture::empty();
    f.write("a.txt", "Alpha speaks of Nordpolitik.\n");
    f.write("b.txt", "Bravo met Zebulon about Nordpolitik.\n");
    f.index(&[]);
    std::fs::remove_file(f.corpus.join("b.txt")).unwrap();
    // Another `sagasu index` holds the index when the server starts.
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(f.index.join(".tantivy-writer.lock"))
        .unwrap();
    lock.try_lock().expect("take the writer lock");
    let s = Served::start(&f, &[]);
    let started = Instant::now();
    while !s.stderr().contains("retrying in") {
        assert!(started.elapsed() < PATIENCE, "no failed pass said:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut conn = Conn::open(s.addr);
    let g0 = status(&mut conn)["generation"].as_u64().unwrap();
    assert_eq!(paths(&mut conn, "Zebulon"), [("b.txt".to_string(), true)]);
    // Freed: the pass runs again and the page catches up.
    drop(lock);
    next_generation(&mut conn, &s, g0);
    assert!(paths(&mut conn, "Zebulon").is_empty(), "{}", s.stderr());
}

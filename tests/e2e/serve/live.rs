//! The server sees every commit on the next request, without a restart,
//! and never serves a state that is not a complete commit. (`--no-watch`:
//! these tests commit themselves, as `sagasu index` would.)

use super::Served;
use crate::http::{get, Conn};
use crate::util::Fixture;

/// Total documents the server finds for `q`, and whether it says its
/// snapshot is stale.
fn found(conn: &mut Conn, q: &str) -> (u64, bool) {
    let resp = conn.get(&format!("/api/search?q={q}"));
    assert_eq!(resp.status, 200, "{q}: {}", resp.text());
    (
        resp.json()["total_documents"].as_u64().unwrap(),
        resp.header("x-sagasu-stale").is_some(),
    )
}

#[test]
fn a_commit_is_seen_on_the_next_request() {
    let f = Fixture::empty();
    f.write("a.txt", "Alpha speaks of Nordpolitik.\n");
    f.index(&[]);
    let s = Served::start(&f, &["--no-watch"]);
    let mut conn = Conn::open(s.addr);
    assert_eq!(found(&mut conn, "Zebulon"), (0, false));
    // Added: found on the same kept-alive connection, no restart.
    f.write("b.txt", "Bravo met Zebulon.\n");
    f.index(&[]);
    assert_eq!(found(&mut conn, "Zebulon"), (1, false));
    let doc = conn.get("/api/doc?path=b.txt&q=Zebulon").json();
    assert_eq!(doc["text"], "Bravo met Zebulon.");
    // Changed, then removed.
    f.write("b.txt", "Bravo met Yorick.\n");
    f.index(&[]);
    assert_eq!(found(&mut conn, "Zebulon"), (0, false));
    assert_eq!(found(&mut conn, "Yorick"), (1, false));
    std::fs::remove_file(f.corpus.join("b.txt")).unwrap();
    f.index(&[]);
    assert_eq!(found(&mut conn, "Yorick"), (0, false));
    assert_eq!(conn.get("/api/doc?path=b.txt").status, 404);
    // A rebuild of the same schema is one atomic commit too.
    f.write("c.txt", "Charlie and Zebulon.\n");
    f.index(&["--rebuild"]);
    assert_eq!(found(&mut conn, "Zebulon"), (1, false));
    assert_eq!(found(&mut conn, "Nordpolitik"), (1, false));
}

#[test]
fn an_index_rebuilt_from_scratch_is_served_only_once_complete() {
    let f = Fixture::empty();
    for i in 0..6 {
        f.write(&format!("old{i}.txt"), format!("Old document {i} about Nordpolitik.\n"));
    }
    f.index(&[]);
    let s = Served::start(&f, &["--no-watch"]);
    let mut conn = Conn::open(s.addr);
    assert_eq!(found(&mut conn, "Nordpolitik"), (6, false));

    // The index folder disappears: the last snapshot stays, said stale.
    std::fs::remove_dir_all(&f.index).unwrap();
    assert_eq!(found(&mut conn, "Nordpolitik"), (6, true));
    assert_eq!(conn.get("/api/doc?path=old3.txt").status, 200);

    // A first build from a changed corpus is killed after one file: the
    // folder holds an incomplete commit, which is not served.
    for i in 0..6 {
        std::fs::remove_file(f.corpus.join(format!("old{i}.txt"))).unwrap();
        f.write(&format!("new{i}.txt"), format!("New document {i} about Yorick.\n"));
    }
    let out = f
        .cmd()
        .env("SAGASU_FAULT", "abort-after-files:2")
        .args(["index"])
        .output()
        .unwrap();
    assert!(out.status.code().is_none(), "the build was not killed");
    // (Read-only check: `sagasu search` would finish the build.)
    let err = sagasu_store::open_index(&f.index).err().map(|e| e.to_string());
    assert!(err.as_deref().is_some_and(|e| e.contains("incomplete")), "{err:?}");
    assert_eq!(found(&mut conn, "Nordpolitik"), (6, true));
    assert_eq!(found(&mut conn, "Yorick"), (0, true));
    let page = conn.get("/?q=Nordpolitik").text();
    assert!(page.contains("the index is being built"), "{page}");

    // The build finishes: the next request sees the new index whole.
    f.index(&[]);
    assert_eq!(found(&mut conn, "Yorick"), (6, false));
    assert_eq!(found(&mut conn, "Nordpolitik"), (0, false));
    assert_eq!(conn.get("/api/doc?path=old3.txt").status, 404);
    assert_eq!(get(s.addr, "/api/doc?path=new3.txt").status, 200);
}

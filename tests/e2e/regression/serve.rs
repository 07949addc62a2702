//! Regressions of `sagasu serve`: what one request may cost the others.

use std::time::{Duration, Instant};

use crate::http::{enc, get, send};
use crate::serve::Served;
use crate::util::{Fixture, PATIENCE};

/// Waits until the server's stderr holds `count` lines with `needle` (the
/// fault seam says so when a search reaches its point).
fn wait_for_log(s: &Served, needle: &str, count: usize) {
    let started = Instant::now();
    while s.stderr().matches(needle).count() < count {
        assert!(
            started.elapsed() < PATIENCE,
            "no {count}× {needle:?} in the server's stderr:\n{}",
            s.stderr()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn corpus() -> Fixture {
    let f = Fixture::empty();
    f.write("a.txt", "Summit notes\nThe summit of Seoul and Tokyo.\n");
    f.index(&[]);
    f
}

/// issue 24, item 2: a search whose request had timed out (503 at 30 s)
/// kept running at full CPU and kept its search slot, so the requests
/// after it waited too. `SAGASU_FAULT=stall-prefix:zzstall` makes the
/// search of `zzstall*` run until it is cancelled (as a search too costly
/// for the time left would); once its request is given up, the one slot
/// of prefix queries must be free again for the next one.
#[test]
fn a_search_whose_time_is_up_is_stopped_and_frees_its_slot() {
    let f = corpus();
    let s = Served::start_with(
        &f,
        &["--request-timeout-ms", "3000", "--search-slots", "1"],
        &[("SAGASU_FAULT", "stall-prefix:zzstall")],
    );
    let r = get(s.addr, "/api/search?q=zzstall*");
    assert_eq!((r.status, r.json()["error"]["kind"].clone()), (503, "timeout".into()));
    // Stopped: the next prefix query gets the slot within its own time.
    let r = get(s.addr, "/api/search?q=summ*");
    assert_eq!(r.status, 200, "{}\n{}", r.text(), s.stderr());
    assert_eq!(r.json()["total_documents"], 1);
}

/// issue 24, item 2: two costly requests at once made a trivial search
/// wait 27.9 s: every search waited in one pool of one slot per core.
/// Prefix and fuzzy queries now wait in a pool of their own.
#[test]
fn a_cheap_query_is_not_queued_behind_costly_ones() {
    let f = corpus();
    let s = Served::start_with(
        &f,
        &["--request-timeout-ms", "20000", "--search-slots", "2"],
        &[("SAGASU_FAULT", "stall-prefix:zzstall")],
    );
    let addr = s.addr;
    let costly: Vec<_> = (0..2)
        .map(|_| std::thread::spawn(move || get(addr, "/api/search?q=zzstall*").status))
        .collect();
    // Both slots a single pool of two would have are held (one stalled
    // search, and the other waiting for the prefix pool's one slot, or
    // stalled in the old pool's second).
    wait_for_log(&s, "sagasu-fault: stalled zzstall*", 1);
    let started = Instant::now();
    let r = get(addr, "/api/search?q=summit");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["total_documents"], 1);
    // Answered well before the costly requests' time is up.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    drop(s);
    for c in costly {
        let _ = c.join();
    }
}

/// issue 24, item 13: with two `Host` headers (`localhost:P`, then
/// `evil.example:P`) only the first was checked and the request answered;
/// RFC 9112 says 400.
#[test]
fn two_host_headers_are_a_bad_request() {
    let f = corpus();
    let s = Served::start(&f, &[]);
    let port = s.addr.port();
    for target in ["/api/search?q=summit", "/?q=summit"] {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example:{port}\r\n\r\n");
        let r = send(s.addr, &raw);
        assert_eq!(r.status, 400, "{target}: {}", r.text());
    }
    let raw = format!(
        "GET /api/search?q={} HTTP/1.1\r\nHost: localhost:{port}\r\nHost: localhost:{port}\r\n\r\n",
        enc("summit")
    );
    let r = send(s.addr, &raw);
    assert_eq!((r.status, r.json()["error"]["kind"].clone()), (400, "request".into()));
    // One Host still works.
    assert_eq!(get(s.addr, "/api/search?q=summit").status, 200);
}

//! A flood of requests slows the server down but never fails a request,
//! crashes it or grows its memory without bound; it starts and stops as a
//! command-line program should.

use std::io::Read;

use super::Served;
use crate::http::{enc, get, Conn};
use crate::util::{shared_corpus, Fixture};

const QUERIES: &[&str] = &[
    "Kim Dae-jung",
    "\"joint declaration\"",
    "security cooperation",
    "Dokdo",
    "Joseon",
    "Koizumi -Yasukuni",
    "Nordpol*",
    "Ishbia~1",
    "日本",
    "comfort women",
];

/// Requests per client (in the warm-up flood, and in the measured one),
/// and clients.
const WARM_UP_PER_CLIENT: usize = 100;
const PER_CLIENT: usize = 500;
const CLIENTS: usize = 16;

/// 16 clients × 500 requests (searches, pages and document views) on a
/// server that allows 8 connections at once, after a warm-up flood of
/// 16 × 100: every request is answered, and memory after the flood stays
/// near memory after the warm-up.
///
/// The warm-up is a flood too, so that it fills the caches and the
/// allocator's pools of every thread that serves: mimalloc keeps freed
/// pages with the thread that freed them, and after a warm-up of one
/// request at a time the flood looked like growth (21 MB, mimalloc v3). A
/// leak grows with the requests, so the measured flood still shows it.
#[test]
fn sixteen_clients_times_five_hundred_requests() {
    let f = shared_corpus();
    let s = Served::start(f, &["--max-connections", "8"]);
    let doc = get(s.addr, "/api/search?q=Korea&limit=1").json()["results"][0]["path"]
        .as_str()
        .unwrap()
        .to_string();
    let targets: Vec<String> = QUERIES
        .iter()
        .flat_map(|q| {
            [
                format!("/api/search?q={}", enc(q)),
                format!("/?q={}", enc(q)),
                format!("/api/doc?path={}&line=40&q={}", enc(&doc), enc(q)),
            ]
        })
        .collect();
    flood(s.addr, &targets, WARM_UP_PER_CLIENT);
    let (warm_rss, _) = s.memory_kb();
    flood(s.addr, &targets, PER_CLIENT);
    let (rss, peak) = s.memory_kb();
    // Each request's memory is bounded and freed: 8,000 requests that each
    // kept 1.5 kB would add 12 MB. (Measured, debug build with mimalloc v2:
    // 64.7 MB after a warm-up flood of 16 × 500, 64.1 MB after a second.)
    let grown = rss.saturating_sub(warm_rss);
    eprintln!("serve memory: after the warm-up {warm_rss} kB, after the flood {rss} kB, peak {peak} kB");
    assert!(
        grown < 12 * 1024,
        "memory grew {grown} kB over the flood (after the warm-up {warm_rss} kB, now {rss} kB, peak {peak} kB)"
    );
    assert_eq!(get(s.addr, "/api/search?q=Kim").status, 200);
}

/// [`CLIENTS`] clients, each sending `per_client` of `targets` over one
/// connection (a new one every 50th request, as browsers do): every
/// request is answered.
fn flood(addr: std::net::SocketAddr, targets: &[String], per_client: usize) {
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let targets = targets.to_vec();
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                let mut failed = Vec::new();
                for i in 0..per_client {
                    let t = &targets[(c * 7 + i) % targets.len()];
                    // Every 50th request on a new connection, as browsers do.
                    if i % 50 == 49 {
                        conn = Conn::open(addr);
                    }
                    let resp = conn.get(t);
                    if resp.status != 200 {
                        failed.push(format!("{t}: {}", resp.status));
                    }
                }
                failed
            })
        })
        .collect();
    let failed: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().expect("client thread"))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} failed: {:?}",
        failed.len(),
        CLIENTS * per_client,
        &failed[..failed.len().min(5)]
    );
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    assert_eq!(get(s.addr, "/").status, 200);
    // A kept-alive connection does not hold it up.
    let mut idle = Conn::open(s.addr);
    assert_eq!(idle.get("/api/search?q=Kim").status, 200);
    let log = s.log.clone();
    let addr = s.addr;
    let status = s.interrupt();
    assert!(status.success(), "{status:?}");
    let stderr = std::fs::read_to_string(log).unwrap();
    assert!(stderr.contains("sagasu: stopped"), "{stderr}");
    assert!(idle.closed_by_server());
    assert!(std::net::TcpStream::connect(addr).is_err(), "still listening");
}

#[test]
fn it_builds_the_index_when_there_is_none_and_says_where_it_listens() {
    let f = Fixture::default_corpus();
    let s = Served::start(&f, &["--bind", "0.0.0.0"]);
    let stderr = s.stderr();
    assert!(stderr.contains("no index yet; indexing"), "{stderr}");
    assert!(stderr.contains("warning: listening on 0.0.0.0"), "{stderr}");
    assert!(
        stderr.contains(&format!("at http://127.0.0.1:{}/", s.addr.port())),
        "{stderr}"
    );
    assert_eq!(get(s.addr, "/api/search?q=Kim").json()["total_documents"], 4);
    // Listening on every interface, any IP literal is its address; names are not.
    let port = s.addr.port();
    let raw =
        |host: &str| format!("GET /api/search?q=Kim HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(crate::http::send(s.addr, &raw("10.1.2.3")).status, 200);
    assert_eq!(crate::http::send(s.addr, &raw("evil.example")).status, 403);
    // A port in use is one clear line and exit 2.
    let out = f.run(&["serve", "--port", &port.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot listen on 127.0.0.1") || err.contains("in use"),
        "{err}"
    );
}

#[test]
fn open_runs_the_browser_with_the_url() {
    let f = shared_corpus();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("opened");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", fifo.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let s = Served::start_with(f, &["--open"], &[("BROWSER", browser.to_str().unwrap())]);
    // Blocks until the browser script writes: no sleeping.
    let mut opened = String::new();
    std::fs::File::open(&fifo).unwrap().read_to_string(&mut opened).unwrap();
    assert_eq!(opened, format!("http://{}/", s.addr));
}

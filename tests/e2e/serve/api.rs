//! The API answers with the CLI's JSON, byte for byte, and its errors are
//! JSON with the right status; the pages show what the CLI shows.

use super::{cli_json, Served};
use crate::http::{enc, get, send, Conn};
use crate::util::shared_corpus;

/// (query string of /api/search, the same search as CLI arguments)
const SAME: &[(&str, &[&str])] = &[
    ("q=Kim+Dae-jung", &["Kim Dae-jung"]),
    (
        "q=%22joint+declaration%22&limit=3",
        &["-n", "3", "\"joint declaration\""],
    ),
    (
        "q=security+cooperation&offset=2&limit=2",
        &["--offset", "2", "-n", "2", "security cooperation"],
    ),
    ("q=Dokdo&passages=1&limit=5", &["--passages", "-n", "5", "Dokdo"]),
    ("q=Joseon", &["Joseon"]),
    // Feedback runs by default in both (it reorders "summit"'s documents);
    // prf=0 is --no-prf.
    ("q=summit", &["summit"]),
    ("q=summit&prf=0", &["--no-prf", "summit"]),
    ("q=economic&prf=1&limit=5", &["-n", "5", "--prf", "economic"]),
    ("q=Nordpolitik+Yasukuni+zebra", &["Nordpolitik Yasukuni zebra"]),
    ("q=Ishbia", &["Ishbia"]),
    ("q=Koizumi+-Yasukuni", &["--", "Koizumi -Yasukuni"]),
    ("q=path%3A004*+Obuchi", &["path:004* Obuchi"]),
    ("q=%E6%97%A5%E6%9C%AC", &["日本"]),
];

#[test]
fn api_search_answers_with_the_bytes_of_search_json() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    let mut conn = Conn::open(s.addr);
    for (query, args) in SAME {
        let resp = conn.get(&format!("/api/search?{query}"));
        assert_eq!(resp.status, 200, "{query}: {}", resp.text());
        assert_eq!(resp.header("content-type"), Some("application/json"));
        let cli = cli_json(f, args);
        assert!(cli.len() > 50, "{args:?}: {}", String::from_utf8_lossy(&cli));
        assert_eq!(
            resp.text(),
            String::from_utf8_lossy(&cli),
            "{query} vs sagasu search --json {args:?}"
        );
    }
    // The cases cover what the page shows besides results.
    let json = |q: &str| get(s.addr, &format!("/api/search?q={}", enc(q))).json();
    assert_eq!(json("Nordpolitik Yasukuni zebra")["fallback"], true);
    assert_eq!(json("Ishbia")["suggestions"][0]["terms"][0], "ishiba");
    assert_eq!(json("Dokdo")["expansions"][0]["kind"], "alias");
    // JSON says whether feedback ran, as the CLI's does.
    let fed = get(s.addr, "/api/search?q=summit").json();
    assert!(
        fed["feedback"]["terms"].as_array().is_some_and(|t| !t.is_empty()),
        "{fed}"
    );
    assert!(get(s.addr, "/api/search?q=summit&prf=0")
        .json()
        .get("feedback")
        .is_none());
}

#[test]
fn errors_are_json_with_a_status() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    let cases: &[(&str, u16, &str)] = &[
        ("/api/search?q=%22unclosed", 400, "query"),
        ("/api/search?q=a+(b", 400, "query"),
        ("/api/search?q=nope%3Aword", 400, "query"),
        ("/api/search", 400, "parameter"),
        ("/api/search?q=+++", 400, "parameter"),
        ("/api/search?q=x&limit=ten", 400, "parameter"),
        ("/api/search?q=x&limit=101", 400, "parameter"),
        ("/api/search?q=x&offset=20000", 400, "parameter"),
        ("/api/search?q=x&passages=2", 400, "parameter"),
        ("/api/search?q=x&prf=maybe", 400, "parameter"),
        ("/api/doc?line=3", 400, "parameter"),
        ("/api/doc?path=000_d1566bec7f6aab24.txt&line=x", 400, "parameter"),
        ("/api/doc?path=000_d1566bec7f6aab24.txt&q=%22oops", 400, "query"),
        ("/api/doc?path=nope.txt", 404, "not_found"),
        ("/api/nothing", 404, "not_found"),
    ];
    for &(target, status, kind) in cases {
        let resp = get(s.addr, target);
        assert_eq!(resp.status, status, "{target}: {}", resp.text());
        let json = resp.json();
        assert_eq!(json["error"]["status"], status, "{target}");
        assert_eq!(json["error"]["kind"], kind, "{target}: {json}");
    }
    // A malformed query says where, as the CLI does.
    let e = get(s.addr, "/api/search?q=a+%22b").json();
    assert_eq!(e["error"]["column"], 3, "{e}");
    let cli = f.run(&["search", "a \"b"]);
    assert_eq!(cli.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&cli.stderr).contains("column 3"));
    assert_eq!(
        get(s.addr, "/api/search?q=x&limit=ten").json()["error"]["parameter"],
        "limit"
    );
    // Only GET (and HEAD): no other method, and no CORS preflight answer.
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let raw = format!(
            "{method} /api/search?q=Kim HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\n\
             Access-Control-Request-Method: GET\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            s.addr
        );
        let resp = send(s.addr, &raw);
        assert_eq!(resp.status, 405, "{method}");
        assert!(resp.header("access-control-allow-origin").is_none(), "{method}");
    }
    let resp = send(
        s.addr,
        &format!(
            "GET /api/search?q=Kim HTTP/1.1\r\nHost: {}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n",
            s.addr
        ),
    );
    assert_eq!(resp.status, 200);
    assert!(
        resp.headers.iter().all(|(k, _)| !k.starts_with("access-control-")),
        "{:?}",
        resp.headers
    );
}

#[test]
fn the_document_api_gives_text_highlights_and_every_hit() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    let search = get(s.addr, "/api/search?q=Nordpolitik&limit=1").json();
    let hit = &search["results"][0];
    let path = hit["path"].as_str().unwrap();
    let line = hit["passages"][0]["line"].as_u64().unwrap();
    let v = get(
        s.addr,
        &format!("/api/doc?path={}&line={line}&q=Nordpolitik", enc(path)),
    )
    .json();
    assert_eq!(v["path"], path);
    let (from, to) = (v["line_start"].as_u64().unwrap(), v["line_end"].as_u64().unwrap());
    assert!(from <= line && line <= to, "{from}..{to} around {line}");
    // The text is the file's own lines.
    let file = std::fs::read_to_string(f.corpus.join(path)).unwrap();
    let lines: Vec<&str> = file.lines().collect();
    assert_eq!(v["text"], lines[from as usize - 1..to as usize].join("\n"));
    let text = v["text"].as_str().unwrap();
    let marked: Vec<&str> = v["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &text[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize])
        .collect();
    assert!(
        !marked.is_empty() && marked.iter().all(|m| m.eq_ignore_ascii_case("Nordpolitik")),
        "{marked:?}"
    );
    // Every hit is a line of the file holding the word, and every such line is a hit.
    let hits: Vec<u64> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = (1..=lines.len() as u64)
        .filter(|&n| lines[n as usize - 1].contains("Nordpolitik"))
        .collect();
    let mut unique = hits.clone();
    unique.dedup();
    assert_eq!(unique, expected);
}

#[test]
fn the_pages_show_results_and_documents() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    let home = get(s.addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("5 documents indexed"), "{}", home.text());
    let page = get(s.addr, "/?q=Kim+Dae-jung").text();
    assert!(page.contains("<mark>Kim</mark> <mark>Dae-jung</mark>"), "{page}");
    assert!(page.contains("4 documents match"), "{page}");
    // A snippet links to its document view at its line.
    let json = get(s.addr, "/api/search?q=Kim+Dae-jung").json();
    let p = &json["results"][0]["passages"][0];
    let link = format!(
        "/doc?path={}&amp;line={}&amp;byte={}&amp;q=Kim+Dae-jung#L{}",
        json["results"][0]["path"].as_str().unwrap(),
        p["line"],
        p["byte"],
        p["line"]
    );
    assert!(page.contains(&link), "no {link} in the page");
    let doc = get(
        s.addr,
        &link.replace("&amp;", "&").replace(&format!("#L{}", p["line"]), ""),
    );
    assert_eq!(doc.status, 200);
    let doc = doc.text();
    assert!(
        doc.contains(&format!("<div class=\"line target\" id=\"L{}\">", p["line"])),
        "{doc}"
    );
    assert!(doc.contains("<mark>Dae-jung</mark>"));
    assert!(doc.contains("rel=\"next\""), "a way to the next match");
    // Fallback, did-you-mean, expansions, paging, errors.
    assert!(get(s.addr, "/?q=Nordpolitik+Yasukuni+zebra")
        .text()
        .contains("showing passages with any of them"));
    assert!(get(s.addr, "/?q=Ishbia")
        .text()
        .contains("<a href=\"/?q=ishiba\">ishiba</a>"));
    assert!(get(s.addr, "/?q=Dokdo")
        .text()
        .contains("also searched as Takeshima · Liancourt Rocks"));
    let paged = get(s.addr, "/?q=Korea&offset=2&limit=2").text();
    assert!(
        paged.contains("rel=\"prev\"") && paged.contains("rel=\"next\""),
        "{paged}"
    );
    // Feedback is on unless the "no feedback" box is ticked (prf=0); its
    // pages rank as --no-prf and keep prf=0 in their links.
    let box_ticked = "name=\"prf\" value=\"0\" checked";
    assert!(!paged.contains(box_ticked), "{paged}");
    let plain = get(s.addr, "/?q=summit&prf=0&limit=2").text();
    assert!(plain.contains(box_ticked), "{plain}");
    assert!(plain.contains("href=\"/?q=summit&amp;offset=2&amp;prf=0\""), "{plain}");
    let order = |page: &str| -> Vec<usize> {
        ["001_", "004_"]
            .iter()
            .map(|p| page.find(&format!("/doc?path={p}")).unwrap_or(usize::MAX))
            .collect()
    };
    let (fed, plain) = (get(s.addr, "/?q=summit").text(), get(s.addr, "/?q=summit&prf=0").text());
    // As the CLI ranks them: 001 before 004 (feedback keeps the first
    // search's three best documents in place), and the scores differ.
    let (f, p) = (order(&fed), order(&plain));
    assert!(f[0] < f[1] && p[0] < p[1], "{f:?} {p:?}");
    let first_score = |page: &str| page.split(">score ").nth(1).map(|s| s[..6].to_string());
    assert_ne!(first_score(&fed), first_score(&plain), "{fed}");
    let bad = get(s.addr, "/?q=a+%22b");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("error at column 3"), "{}", bad.text());
    assert_eq!(get(s.addr, "/doc?path=nope.txt").status, 404);
    assert_eq!(get(s.addr, "/nothing").status, 404);
}

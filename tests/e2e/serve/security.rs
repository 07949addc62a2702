//! It serves a folder of private documents: only indexed documents, only
//! to requests addressed to it, every string escaped, within limits.

use super::Served;
use crate::http::{enc, get, send, Conn};
use crate::util::{shared_corpus, Fixture};

/// A corpus with one public document, a secret outside the corpus that a
/// symbolic link points to, and a hidden file.
fn private_corpus() -> (Fixture, std::path::PathBuf) {
    let f = Fixture::empty();
    f.write("public.txt", "A public note about Nordpolitik.\n");
    f.write(".hidden.txt", "A hidden note: Nordpolitik SECRET-HIDDEN.\n");
    let secret = f.dir.path().join("secret.txt");
    std::fs::write(&secret, "Nordpolitik SECRET-OUTSIDE the corpus.\n").unwrap();
    std::os::unix::fs::symlink(&secret, f.corpus.join("link.txt")).unwrap();
    f.index(&[]);
    (f, secret)
}

#[test]
fn only_indexed_documents_are_served_whatever_the_path() {
    let (f, secret) = private_corpus();
    let s = Served::start(&f, &[]);
    assert_eq!(get(s.addr, "/api/doc?path=public.txt").status, 200);
    let abs = secret.display().to_string();
    let corpus_file = f.corpus.join("public.txt").display().to_string();
    let attempts: Vec<String> = vec![
        "link.txt".into(),    // a symbolic link out of the corpus (not followed)
        ".hidden.txt".into(), // a hidden file (not indexed)
        "../secret.txt".into(),
        "./public.txt".into(),
        "corpus/../secret.txt".into(),
        "public.txt/../../secret.txt".into(),
        abs.clone(),
        corpus_file,
        "/etc/passwd".into(),
        "../../../../../../etc/passwd".into(),
        "..\\secret.txt".into(),
        "public.txt\0".into(),
        "file:///etc/passwd".into(),
        "".into(),
    ];
    for path in &attempts {
        for route in ["/api/doc", "/doc"] {
            let resp = get(s.addr, &format!("{route}?path={}", enc(path)));
            assert_eq!(resp.status, 404, "{route} {path:?}: {}", resp.text());
            assert!(!resp.text().contains("SECRET"), "{route} {path:?} leaked");
        }
    }
    // Encoded as a browser or an attacker might, raw on the wire.
    for raw in [
        "/api/doc?path=%2e%2e%2fsecret.txt",
        "/api/doc?path=%2E%2E%2Fsecret.txt",
        "/api/doc?path=..%2fsecret.txt",
        "/api/doc?path=%252e%252e%252fsecret.txt",
        "/api/doc?path=%c0%ae%c0%ae%2fsecret.txt",
        "/api/doc?path=..%5csecret.txt",
        "/api/doc/../../secret.txt",
        "/api/doc/%2e%2e/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/../../../etc/passwd",
        "/..%2f..%2fsecret.txt",
    ] {
        let resp = get(s.addr, raw);
        assert!(matches!(resp.status, 400 | 404), "{raw}: {}", resp.status);
        assert!(!resp.text().contains("SECRET"), "{raw} leaked");
    }
    // Nor through search: the link and the hidden file were never indexed.
    let found = get(s.addr, "/api/search?q=Nordpolitik").json();
    assert_eq!(found["total_documents"], 1, "{found}");
    assert!(!found.to_string().contains("SECRET"));
}

#[test]
fn requests_addressed_elsewhere_are_refused() {
    let f = shared_corpus();
    let s = Served::start(f, &[]);
    let port = s.addr.port();
    let ok = |host: &str| format!("GET /api/search?q=Kim HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(send(s.addr, &ok(&host)).status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"), // DNS rebinding
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        "localhost".to_string(),
        String::new(),
    ] {
        for target in [
            "/api/search?q=Kim",
            "/",
            "/doc?path=000_d1566bec7f6aab24.txt",
            "/static/app.js",
        ] {
            let raw = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            let resp = send(s.addr, &raw);
            assert_eq!(resp.status, 403, "Host {host:?} {target}");
            assert!(!resp.text().contains("Kim"), "Host {host:?} {target} answered");
        }
    }
    // No Host at all (HTTP/1.0), and an absolute URI naming another host.
    assert_eq!(send(s.addr, "GET /api/search?q=Kim HTTP/1.0\r\n\r\n").status, 403);
    let raw = format!("GET http://evil.example:{port}/api/search?q=Kim HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(send(s.addr, &raw).status, 403);
    assert!(s.stderr().contains(&format!("127.0.0.1:{port}")));
}

/// Every kind of markup and trick a document, its name or a query can hold.
pub const HOSTILE: &str = "<script>window.pwned = 1; alert('xss')</script> Nordpolitik\n\
    \"onmouseover=\"alert(1)\" x=\" Nordpolitik '><img src=x onerror=alert(2)>\n\
    <a href=\"javascript:alert(3)\">click</a> <iframe src=//evil.example></iframe> Nordpolitik\n\
    Right-to-left: \u{202E}txt.exe Nordpolitik \u{2066}isolate\u{2069} {{template}} ${expr}\n\
    </textarea></pre></mark><style>body{display:none}</style> Nordpolitik\n";

#[test]
fn hostile_documents_render_as_text() {
    let f = Fixture::empty();
    let name = "<img src=x onerror=alert(4)>\u{202E}gpj.txt";
    f.write(name, HOSTILE);
    f.write("plain.txt", "Nordpolitik is a word.\n");
    f.index(&[]);
    let s = Served::start(&f, &[]);
    let q = "Nordpolitik <script>alert(5)</script> \"><b>x";
    let pages = [
        format!("/?q={}", enc("Nordpolitik")),
        format!("/?q={}&passages=1", enc("Nordpolitik")),
        format!("/?q={}", enc(q)),
        format!("/?q={}", enc("\"<script>")),
        format!("/doc?path={}&line=1&q={}", enc(name), enc("Nordpolitik")),
        format!("/doc?path={}&line=3&q={}", enc(name), enc(q)),
        format!("/doc?path={}", enc("<script>alert(6)</script>")),
    ];
    let mut seen_title = false;
    for target in &pages {
        let resp = get(s.addr, target);
        assert!(matches!(resp.status, 200 | 400 | 404), "{target}: {}", resp.status);
        assert_eq!(resp.header("content-security-policy"), Some(sagasu_csp()), "{target}");
        assert_eq!(resp.header("x-content-type-options"), Some("nosniff"));
        let html = resp.text();
        // Every tag is one the templates write, with no event handler and
        // no link off the server: the document's markup stayed text.
        for (tag, attrs) in tags(&html) {
            assert!(
                TEMPLATE_TAGS.contains(&tag.as_str()),
                "{target}: a <{tag}> tag in\n{html}"
            );
            for (name, value) in attrs {
                assert!(!name.starts_with("on"), "{target}: <{tag} {name}=…>");
                if ["href", "src", "action"].contains(&name.as_str()) {
                    assert!(
                        value.starts_with('/') || value.starts_with('#'),
                        "{target}: <{tag} {name}={value:?}>"
                    );
                }
            }
            if tag == "script" {
                assert!(
                    html.contains("<script src=\"/static/app.js?v="),
                    "{target}: another script"
                );
            }
        }
        assert_eq!(html.matches("<script").count(), 1, "{target}");
        // Bidi controls never reach the page raw.
        assert!(!html.contains('\u{202E}') && !html.contains('\u{2066}'), "{target}");
        seen_title |= html.contains("&lt;script&gt;window.pwned = 1; alert('xss')&lt;/script&gt;");
    }
    assert!(seen_title, "the hostile title is shown as text");
    // The document view shows the file's markup as text, and its name escaped.
    let doc = get(s.addr, &format!("/doc?path={}&line=1&q=Nordpolitik", enc(name))).text();
    assert!(
        doc.contains("&lt;iframe src=//evil.example&gt;&lt;/iframe&gt;"),
        "{doc}"
    );
    assert!(
        doc.contains("&lt;img src=x onerror=alert(4)&gt;\\u{202e}gpj.txt"),
        "{doc}"
    );
    assert!(doc.contains("\\u{202e}txt.exe <mark>Nordpolitik</mark>"), "{doc}");
    // The API returns JSON strings: valid, and the same escaping of controls.
    let v = get(s.addr, &format!("/api/doc?path={}&q=Nordpolitik", enc(name))).json();
    assert!(v["text"].as_str().unwrap().contains("<script>window.pwned"));
    assert!(!v["text"].as_str().unwrap().contains('\u{202E}'));
}

/// The tags the page templates write.
const TEMPLATE_TAGS: &[&str] = &[
    "!doctype", "html", "head", "meta", "title", "link", "script", "body", "a", "header", "span", "form", "input",
    "label", "button", "main", "section", "p", "ol", "ul", "li", "h1", "h2", "q", "nav", "footer", "kbd", "mark",
    "table", "caption", "tbody", "tr", "td", "code", "article", "details", "summary", "div", "pre", "time", "strong",
];

/// The start tags of `html`: name and attributes (quoted values read as
/// values, so a `>` or `on…=` inside one is not taken for markup).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if b.get(i) == Some(&b'/') {
            continue; // an end tag
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>')
            .map_or(html.len(), |n| i + n);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |n| i + n);
            let attr = html[i..end].to_ascii_lowercase();
            i = end;
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                if let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') {
                    let close = html[i + 1..].find(q as char).map_or(html.len(), |n| i + 1 + n);
                    value = html[i + 1..close].to_string();
                    i = close + 1;
                } else {
                    let end = html[i..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |n| i + n);
                    value = html[i..end].to_string();
                    i = end;
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

fn sagasu_csp() -> &'static str {
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

#[test]
fn oversized_and_slow_requests_are_cut_and_the_server_goes_on() {
    let f = shared_corpus();
    let s = Served::start(f, &["--max-connections", "4", "--header-timeout-ms", "300"]);
    // A request head larger than the limit: refused, not read into memory.
    let long = format!("/api/search?q={}", "a".repeat(64 * 1024));
    let raw = format!("GET {long} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", s.addr);
    let mut conn = Conn::open(s.addr);
    match conn.send(raw.as_bytes()) {
        Ok(resp) => assert!(matches!(resp.status, 414 | 431), "{}", resp.status),
        // Or the connection is closed before the whole request is sent.
        Err(e) => assert!(
            matches!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::InvalidData
            ),
            "{e}"
        ),
    }
    // A query longer than the searcher takes (4 KB) is a 400, as in the CLI.
    let resp = get(s.addr, &format!("/api/search?q={}", "a+".repeat(3000)));
    assert_eq!(resp.status, 400, "{}", resp.text());
    // As many slow clients as connections allowed, each sending half a head.
    let mut slow: Vec<Conn> = (0..4).map(|_| Conn::open(s.addr)).collect();
    for c in &mut slow {
        use std::io::Write;
        c.stream()
            .write_all(b"GET /api/search?q=Kim HTTP/1.1\r\nHost: ")
            .unwrap();
    }
    // A real request waits for a free connection; the slow ones are cut at
    // their header timeout, so it is answered.
    let resp = get(s.addr, "/api/search?q=Kim");
    assert_eq!(resp.status, 200);
    for c in &mut slow {
        assert!(c.closed_by_server(), "a slow client was not cut");
    }
    assert_eq!(get(s.addr, "/api/search?q=Kim").status, 200);
}

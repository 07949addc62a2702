//! A minimal HTTP/1.1 client over a plain `TcpStream`, for the `sagasu
//! serve` tests: it sends exactly the bytes a test writes (a hostile
//! `Host`, an encoded `../`, a head too large), which a real client library
//! would normalize or refuse.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A response: status, headers (names lowercase) and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (panics with the body if it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text()))
    }
}

/// A connection kept alive across requests.
pub struct Conn {
    addr: SocketAddr,
    reader: BufReader<TcpStream>,
}

/// Read timeout of every test connection: a server that hangs fails the
/// test instead of blocking it forever.
const PATIENCE: Duration = Duration::from_secs(60);

impl Conn {
    /// Connects to `addr`.
    pub fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect to sagasu serve");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        Conn {
            addr,
            reader: BufReader::new(stream),
        }
    }

    /// Sends `raw` as it is, then reads one response.
    pub fn send(&mut self, raw: &[u8]) -> std::io::Result<Response> {
        self.reader.get_mut().write_all(raw)?;
        read_response(&mut self.reader)
    }

    /// `GET target` with the server's own `Host`, keeping the connection.
    pub fn get(&mut self, target: &str) -> Response {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        self.send(raw.as_bytes())
            .unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    /// The stream, to write partial requests.
    pub fn stream(&mut self) -> &mut TcpStream {
        self.reader.get_mut()
    }

    /// Whether the server closed the connection: a read gets end of file
    /// or a reset (within the read timeout).
    pub fn closed_by_server(&mut self) -> bool {
        let mut buf = [0u8; 512];
        loop {
            match self.reader.read(&mut buf) {
                Ok(0) => return true,
                Ok(_) => continue, // an error response before closing
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
                Err(_) => return false,
            }
        }
    }
}

/// `GET target` on a new connection with the server's own `Host`.
pub fn get(addr: SocketAddr, target: &str) -> Response {
    Conn::open(addr).get(target)
}

/// Sends `raw` on a new connection and reads one response.
pub fn send(addr: SocketAddr, raw: &str) -> Response {
    Conn::open(addr)
        .send(raw.as_bytes())
        .unwrap_or_else(|e| panic!("{raw:?}: {e}"))
}

fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<Response> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(bad("connection closed before a response"));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').ok_or_else(|| bad(&format!("bad header {l:?}")))?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v): &(String, String)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(n) = header("content-length") {
        let n: usize = n.parse().map_err(|_| bad("bad content-length"))?;
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Response { status, headers, body })
}

/// `s` percent-encoded for a query string.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

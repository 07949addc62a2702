//! What the server listens on, which `Host` headers it answers, and its
//! limits.

use std::net::SocketAddr;
use std::time::Duration;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// Host names to answer besides `localhost`, `127.0.0.1`, `[::1]` and
    /// the listening address (a LAN name when listening beyond loopback).
    pub extra_hosts: Vec<String>,
    /// Bounds on connections, work and slow clients.
    pub limits: Limits,
    /// Whether something re-indexes the corpus on every change (`sagasu
    /// serve`'s watch): the page and `/api/status` say so.
    pub watching: bool,
}

impl Config {
    /// Listening on `addr` with the default limits.
    pub fn new(addr: SocketAddr) -> Config {
        Config {
            addr,
            extra_hosts: Vec::new(),
            limits: Limits::default(),
            watching: false,
        }
    }
}

/// Bounds that keep a flood of requests from growing memory or starving
/// the machine: it slows down instead.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections at most; more wait in the kernel's accept queue.
    pub max_connections: usize,
    /// Searches (and document views) running at once; more wait their
    /// turn. Searching is CPU work: more than the cores only adds switching.
    /// Queries with a prefix or fuzzy word have half as many slots of
    /// their own besides (at least one), so that they never make the
    /// others wait.
    pub search_slots: usize,
    /// Time a client has to send a request's head (request line and
    /// headers), and to send the next one on a kept-alive connection.
    pub header_timeout: Duration,
    /// Time from a request's head to its response, waiting included
    /// (503 after it).
    pub request_timeout: Duration,
    /// Time a connection may stay open at all: then it finishes its
    /// request and closes (a client that never reads its response is cut).
    pub connection_lifetime: Duration,
    /// Bytes of a request's head (the request line with its query, and the
    /// headers): larger heads are refused.
    pub max_head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            max_connections: 256,
            search_slots: cores.max(2),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            connection_lifetime: Duration::from_secs(300),
            max_head_bytes: 16 * 1024,
        }
    }
}

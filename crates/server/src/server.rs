//! Listening, accepting and serving connections within the limits, and
//! stopping cleanly.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

use crate::app::router;
use crate::config::{Config, Limits};
use crate::error::ServeError;
use crate::host::{ip_literal, HostCheck};
use crate::live::{LiveIndex, Source};
use crate::state::App;

/// How long open connections get to finish when the server stops.
const DRAIN: Duration = Duration::from_secs(5);

/// A server bound to its address, not yet answering.
pub struct Server {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    app: Arc<App>,
}

impl Server {
    /// Opens the index of `source` (it must exist and be complete) and
    /// listens on `config.addr`.
    pub fn bind(config: Config, source: Source) -> Result<Server, ServeError> {
        let live = LiveIndex::open(source)?;
        let bind = |source| ServeError::Bind {
            addr: config.addr,
            source,
        };
        let listener = std::net::TcpListener::bind(config.addr).map_err(bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let hosts = HostCheck::new(addr, &config.extra_hosts);
        Ok(Server {
            listener,
            addr,
            app: Arc::new(App::new(live, hosts, config.limits, config.watching)),
        })
    }

    /// The address it listens on (with the real port when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open in a browser on this machine.
    pub fn url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            ip_literal(self.addr.ip())
        };
        format!("http://{host}:{}/", self.addr.port())
    }

    /// Serves until `shutdown` completes, then lets open connections finish
    /// their requests (for a few seconds at most). Runs its own runtime:
    /// call it from a plain thread.
    pub fn run(self, shutdown: impl Future<Output = ()> + Send) -> Result<(), ServeError> {
        let limits = &self.app.limits;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // Both search pools (see `state::App`), and a little room.
            .max_blocking_threads(limits.search_slots.max(1) + (limits.search_slots / 2).max(1) + 2)
            .thread_name("sagasu-serve")
            .enable_all()
            .build()?;
        runtime.block_on(accept(self.listener, self.app, shutdown))
    }

    /// Serves until Ctrl-C (SIGINT) or SIGTERM.
    pub fn run_until_signal(self) -> Result<(), ServeError> {
        self.run(signal())
    }
}

async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Accepts connections while fewer than `max_connections` are open (the
/// others wait in the kernel's queue), each served on its own task.
async fn accept(
    listener: std::net::TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let listener = TcpListener::from_std(listener)?;
    let limits = app.limits.clone();
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let routes = router(app);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&open).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            routes.clone(),
            limits.clone(),
            permit,
            stopping.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a permit: all of them back means all closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(DRAIN, open.acquire_many(all)).await;
    Ok(())
}

/// Serves one connection: HTTP/1.1, the head within `header_timeout` and
/// `max_head_bytes`, closed after `connection_lifetime` (its request
/// finished first, within `request_timeout`) or when the server stops.
async fn connection(
    stream: TcpStream,
    routes: axum::Router,
    limits: Limits,
    _permit: OwnedSemaphorePermit,
    mut stopping: watch::Receiver<bool>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_head_bytes.max(8192))
        .keep_alive(true);
    let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(routes));
    tokio::pin!(conn);
    let deadline = tokio::time::sleep(limits.connection_lifetime);
    tokio::pin!(deadline);
    let mut closing = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            () = &mut deadline => {
                if closing {
                    return; // It did not finish in time: cut it.
                }
                conn.as_mut().graceful_shutdown();
                closing = true;
                deadline.as_mut().reset(tokio::time::Instant::now() + limits.request_timeout);
            }
            _ = stopping.changed(), if !closing => {
                conn.as_mut().graceful_shutdown();
                closing = true;
                deadline.as_mut().reset(tokio::time::Instant::now() + DRAIN);
            }
        }
    }
}

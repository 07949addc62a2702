//! Why the server could not start or stopped.

use std::net::SocketAddr;

/// A failure to start or run the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be listened on (in use, not an address of
    /// this machine, a privileged port).
    #[error("cannot listen on {addr}: {source}{}", if source.kind() == std::io::ErrorKind::AddrInUse { " (another program uses this port: pass --port N, or --port 0 for a free one)" } else { "" })]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] sagasu_store::StoreError),
    /// The runtime or the listening socket failed.
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

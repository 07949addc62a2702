//! sagasu's server: a read-only search page and HTTP API over a sagasu
//! index (`sagasu serve`).
//!
//! - [`Server::bind`] opens the index ([`Source`]) and listens
//!   ([`Config`]); [`Server::run`] answers until told to stop.
//! - `GET /` is the search page and `GET /doc` the document view: HTML from
//!   maud templates, which escape every string; JavaScript only adds search
//!   as you type and keys, the pages work without it.
//! - `GET /api/search` answers with exactly the bytes of `sagasu search
//!   --json` (one serializer: `SearchResults::to_json`), `GET /api/doc`
//!   with a document view; errors are JSON with an HTTP status. `GET
//!   /file` serves an indexed PDF from the corpus folder, for the browser's
//!   viewer ([`Source::corpus`]).
//! - Live: each request checks whether the index has a new commit and
//!   reopens it if so ([`live`]); a request works on one snapshot. `GET
//!   /api/status` says which (its generation, when it was made) and
//!   whether the folder is watched ([`Config::watching`]). Results whose
//!   file is gone from the corpus are marked so (`"gone": true`), by the
//!   API as by the CLI.
//! - Safe to leave running on a folder of private documents: loopback by
//!   default, a `Host` check against DNS rebinding ([`host`]), a strict
//!   Content-Security-Policy, no CORS, documents served only by their index
//!   key (never a path built from the request), bounded connections, work,
//!   request heads and slow clients ([`Limits`]).
//!
//! ```no_run
//! use sagasu_searcher::Aliases;
//! use sagasu_server::{Config, Server, Source};
//! let source = Source { index: "index".into(), aliases: Aliases::default(), romanize: true, corpus: None };
//! let server = Server::bind(Config::new("127.0.0.1:0".parse().unwrap()), source)?;
//! println!("{}", server.url());
//! server.run_until_signal()?;
//! # Ok::<(), sagasu_server::ServeError>(())
//! ```

mod api;
mod app;
mod assets;
mod config;
mod error;
mod file;
pub mod host;
mod html;
pub mod live;
mod pages;
mod params;
mod server;
mod state;
mod status;

pub use app::CONTENT_SECURITY_POLICY;
pub use config::{Config, Limits};
pub use error::ServeError;
pub use live::Source;
pub use params::{MAX_DEPTH, MAX_LIMIT};
pub use server::Server;

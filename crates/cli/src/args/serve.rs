//! `sagasu serve`.

use std::path::PathBuf;

use clap::Args;

use super::ranges::usize_in;

pub const SERVE_HELP: &str = "\
Pages:  /  (search)   /doc?path=P&line=N  (a document around a line)
API:    /api/search?q=Q&limit=N&offset=N&passages=1  (the JSON of `sagasu search --json`)
        /api/doc?path=P&line=N&q=Q  (text around a line, highlights, every match)
        /api/status  (the index served: generation, when it changed, whether the folder is watched)
The server follows the folder: a file added, changed or deleted is re-indexed within seconds and
the page shows it (--no-watch turns this off). It also sees each commit of `sagasu index` without
a restart. A result whose file was deleted since it was indexed is marked gone.";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, short = 'p', default_value_t = 8421)]
    pub port: u16,
    /// Address to listen on. Anything but loopback (127.0.0.1, ::1) lets
    /// other machines search and read every indexed document.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Also answer requests addressed to this host name (for --bind
    /// beyond loopback); may be repeated.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Do not follow the folder: serve the index as `sagasu index` leaves
    /// it (by default files added, changed or deleted are re-indexed).
    #[arg(long)]
    pub no_watch: bool,
    /// Open the page in a browser ($BROWSER, else the system's opener).
    #[arg(long)]
    pub open: bool,
    /// An alias file to add to .sagasu-aliases.txt of the corpus (if present).
    #[arg(long, value_name = "FILE", conflicts_with = "no_aliases")]
    pub aliases: Option<PathBuf>,
    /// Do not expand aliases.
    #[arg(long)]
    pub no_aliases: bool,
    /// Search names only as spelled (no other romanizations or name order).
    #[arg(long)]
    pub no_romanization: bool,
    /// Open connections at most.
    #[arg(long, default_value_t = 256, value_name = "N", hide = true, value_parser = usize_in(1..=65_536))]
    pub max_connections: usize,
    /// Milliseconds a client has to send a request's head.
    #[arg(long, default_value_t = 10_000, value_name = "MS", hide = true,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub header_timeout_ms: u64,
    /// Milliseconds from a request's head to its response (503 after it,
    /// and its search is stopped).
    #[arg(long, default_value_t = 30_000, value_name = "MS", hide = true,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub request_timeout_ms: u64,
    /// Searches running at once (0: one per core, at least 2).
    #[arg(long, default_value_t = 0, value_name = "N", hide = true, value_parser = usize_in(0..=256))]
    pub search_slots: usize,
}

//! `sagasu serve`: the search page and HTTP API (crates/server), on the
//! index `sagasu search` would use, built first if there is none.

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Result;
use sagasu_server::{Config, Server, Source};

use crate::args::{Global, ServeArgs};
use crate::source::{aliases, open_or_build};

pub fn run(global: &Global, args: &ServeArgs) -> Result<bool> {
    // Built, finished or rebuilt as `sagasu search` would; the server then
    // opens it itself (and again after every commit).
    drop(open_or_build(global)?);
    let source = Source {
        index: global.index.clone(),
        aliases: aliases(global, args.aliases.as_ref(), args.no_aliases)?,
        romanize: !args.no_romanization,
        corpus: Some(global.corpus.clone()),
    };
    let mut config = Config::new(SocketAddr::new(args.bind, args.port));
    config.extra_hosts = args.allow_host.clone();
    config.limits.max_connections = args.max_connections.max(1);
    config.limits.header_timeout = Duration::from_millis(args.header_timeout_ms.max(1));
    config.limits.request_timeout = Duration::from_millis(args.request_timeout_ms.max(1));
    if args.search_slots > 0 {
        config.limits.search_slots = args.search_slots;
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "sagasu: warning: listening on {}: any machine that can reach it can search and read every indexed document",
            args.bind
        );
    }
    let server = Server::bind(config, source)?;
    let url = server.url();
    eprintln!("sagasu: serving {} at {url} (Ctrl-C to stop)", global.index.display());
    // The URL alone on stdout, for scripts (`sagasu serve --port 0 | head -1`).
    let mut out = std::io::stdout();
    writeln!(out, "{url}")?;
    out.flush()?;
    if args.open {
        open_browser(&url);
    }
    server.run_until_signal()?;
    eprintln!("sagasu: stopped");
    Ok(true)
}

/// Opens `url` with `$BROWSER`, else the system's opener; a failure is a
/// warning (the URL is printed anyway).
fn open_browser(url: &str) {
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let program = match &browser {
        // $BROWSER may list several, separated by colons: take the first.
        Some(b) => b.split(':').next().unwrap_or(b).trim().to_string(),
        None if cfg!(target_os = "macos") => "open".into(),
        None => "xdg-open".into(),
    };
    let spawned = Command::new(&program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        // Reaped when it exits (an opener returns at once, a browser may not).
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!("sagasu: warning: could not open a browser with {program}: {e}; open {url} yourself"),
    }
}

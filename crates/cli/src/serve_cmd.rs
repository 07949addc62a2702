//! `sagasu serve`: the search page and HTTP API (crates/server), on the
//! index `sagasu search` would use, built first if there is none; and,
//! unless `--no-watch`, the watch of `sagasu index --watch` on a thread of
//! its own, so that the page follows the folder (the server opens each
//! commit on the next request).

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use std::path::Path;

use anyhow::Result;
use sagasu_indexer::{IndexOptions, IndexReport};
use sagasu_searcher::{Aliases, Searcher};
use sagasu_server::{Config, Server, Source};

use crate::args::{Global, ServeArgs};
use crate::build::{options, summary};
use crate::fonts;
use crate::output::{error_line, path_name};
use crate::source::{aliases, open_or_build};
use crate::watch::Watching;

pub fn run(global: &Global, args: &ServeArgs) -> Result<bool> {
    // Built, finished or rebuilt as `sagasu search` would; the server then
    // opens it itself (and again after every commit).
    let opened = open_or_build(global)?;
    // A warning only: the check must not keep the server from starting.
    let scripts = Searcher::new(opened.reader, opened.fields, Aliases::default()).scripts();
    if let Some(w) = fonts::warning(&fonts::missing(&scripts.unwrap_or_default())) {
        eprintln!("{w}");
    }
    // The folder the index was built from: where results are looked for.
    let built_from = sagasu_store::built_from(&global.index);
    let watching = if args.no_watch {
        None
    } else {
        watch(global, built_from.as_deref())?
    };
    let source = Source {
        index: global.index.clone(),
        aliases: aliases(global, args.aliases.as_ref(), args.no_aliases)?,
        romanize: !args.no_romanization,
        corpus: Some(built_from.unwrap_or_else(|| global.corpus.clone())),
    };
    let mut config = Config::new(SocketAddr::new(args.bind, args.port));
    config.watching = watching.is_some();
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
    if let Some((w, opts)) = watching {
        // Ends with the process: a pass cut short leaves the last commit.
        drop(std::thread::spawn(move || follow(w, &opts)));
    }
    server.run_until_signal()?;
    eprintln!("sagasu: stopped");
    Ok(true)
}

/// Starts watching the corpus, if the index was built from it: watching
/// another folder would fill the index with that folder's files.
fn watch(global: &Global, built_from: Option<&Path>) -> Result<Option<(Watching, IndexOptions)>> {
    let corpus = global.corpus.canonicalize().ok();
    if built_from.is_some_and(|b| Some(b) != corpus.as_deref()) {
        eprintln!(
            "sagasu: warning: not following {}: the index was built from {} (`sagasu index` updates it)",
            path_name(&global.corpus),
            path_name(built_from.unwrap_or(Path::new("")))
        );
        return Ok(None);
    }
    let opts = options(global, None);
    // Before the first pass, so that no change made during it is missed.
    let w = Watching::start(&opts)?;
    Ok(Some((w, opts)))
}

/// Re-indexes what changed while no server ran (retried if it fails),
/// then on every change, saying what each pass changed.
fn follow(w: Watching, opts: &IndexOptions) {
    let report = |r: &IndexReport| {
        eprintln!("sagasu: {}", summary(r));
        Ok(())
    };
    if let Err(e) = w.run(opts, true, report) {
        eprintln!(
            "sagasu: error: {}; the page no longer follows the folder",
            error_line(&e)
        );
    }
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

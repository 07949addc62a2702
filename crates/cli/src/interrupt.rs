//! Ctrl-C (and SIGTERM) while sagasu runs helpers: they run in process
//! groups of their own (so that a time limit kills a helper with its
//! children), which also keeps the terminal's Ctrl-C from reaching them.
//! [`watch`] waits for the signal on a thread of its own, kills every
//! helper running (`sagasu_indexer::stop_helpers`), says so on stderr and
//! exits as an interrupted program does (130 for SIGINT, 143 for SIGTERM). The index
//! stays as its last commit left it, as after any crash.
//!
//! Trap: once a handler is installed the signal no longer ends sagasu by
//! itself, so the thread must exit; `sagasu serve` handles its signals
//! itself (a graceful shutdown) and does not call this.

/// Starts the watching thread (once per process).
pub fn watch() {
    let started = std::thread::Builder::new().name("sagasu-interrupt".into()).spawn(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        let code = rt.block_on(signal());
        sagasu_indexer::stop_helpers();
        eprintln!("sagasu: interrupted (an index keeps its last commit: the next sagasu index completes it)");
        std::process::exit(code);
    });
    // Without the thread, Ctrl-C still ends sagasu (the helpers then end
    // at their time limit, or when they write to their closed pipe).
    drop(started);
}

/// The exit code of the first SIGINT or SIGTERM.
async fn signal() -> i32 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            return tokio::select! {
                _ = tokio::signal::ctrl_c() => 130,
                _ = term.recv() => 143,
            };
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    130
}

//! The searcher's directives of the fault-injection seam (`SAGASU_FAULT`;
//! the indexer's `fault.rs` lists them all), compiled only in debug
//! builds: a test reaches a slow search on purpose instead of hoping a
//! query is slow enough on this machine.
//!
//! | directive | effect |
//! |---|---|
//! | `stall-prefix:WORD` | the prefix query `WORD*` waits, before reading its words, until its search is cancelled (print `sagasu-fault: stalled WORD*` on stderr) |

use crate::cancel::Cancel;

/// Waits until `cancel` is set if `SAGASU_FAULT` stalls `prefix`.
#[inline]
pub(crate) fn stall_prefix(_prefix: &str, _cancel: Option<&Cancel>) {
    #[cfg(debug_assertions)]
    {
        let spec = std::env::var("SAGASU_FAULT").unwrap_or_default();
        let wanted = format!("stall-prefix:{_prefix}");
        if !spec.split(',').any(|d| d.trim() == wanted) {
            return;
        }
        eprintln!("sagasu-fault: stalled {_prefix}*");
        // Only a cancel ends it: a search nobody can cancel would wait for
        // ever, which is what the directive stands for.
        while !_cancel.is_some_and(Cancel::is_cancelled) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

//! The work of a pass before the writer, on several threads: reading a
//! file, hashing it, extracting its text (a PDF helper runs for hundreds
//! of milliseconds) and cutting it into passage documents.
//!
//! [`in_order`] runs the work on a few threads while the calling thread
//! consumes the results in their original order (the writer, the ledger
//! and the checkpoints see the walk's order, as with one thread). Memory
//! stays bounded: work is started only while the results not yet consumed
//! are few (two per thread) and cost at most a budget (a file's size), and
//! a file larger than the budget is prepared alone. (Reading ahead 64 MB
//! of small text files doubled the peak memory of a build, since a
//! prepared file holds its text three times, for nothing: the writer is
//! the bottleneck there.)

use std::collections::BTreeMap;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Condvar, Mutex};

/// Shared state of [`in_order`].
struct State<T> {
    /// The next item to start.
    next: usize,
    /// Cost of the items started and not yet consumed.
    reserved: u64,
    /// How many items are started and not yet consumed.
    pending: usize,
    /// Finished items, waiting to be consumed.
    done: BTreeMap<usize, std::thread::Result<T>>,
    /// The consumer stopped (an error): start nothing more.
    stop: bool,
}

/// Runs `work(i)` for every `i < n` on `threads` threads and calls
/// `consume(i, result)` on the calling thread for `i = 0, 1, …` in order.
///
/// Work on item `i` starts only when fewer than `2 × threads` items are
/// started and not consumed, and these cost, with it, at most `budget`
/// (`cost(i)` each), or when none is pending. Items are started in order, so the item the consumer waits for
/// has always started or is the next to start: no deadlock.
///
/// The first error of `consume` stops the work (items under way finish
/// and are dropped) and is returned. A panic in `work` is resumed on the
/// calling thread when its item's turn comes.
pub(crate) fn in_order<T: Send, E>(
    n: usize,
    threads: usize,
    budget: u64,
    cost: impl Fn(usize) -> u64 + Sync,
    work: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E> {
    if n == 0 {
        return Ok(());
    }
    let state = Mutex::new(State {
        next: 0,
        reserved: 0,
        pending: 0,
        done: BTreeMap::new(),
        stop: false,
    });
    let (room, ready) = (Condvar::new(), Condvar::new());
    let max_pending = 2 * threads.max(1);
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let worker = || loop {
        let mut s = lock();
        let i = loop {
            if s.stop || s.next >= n {
                return;
            }
            let c = cost(s.next);
            if s.pending == 0 || (s.pending < max_pending && s.reserved + c <= budget) {
                let i = s.next;
                s.next += 1;
                s.reserved += c;
                s.pending += 1;
                break i;
            }
            s = room.wait(s).unwrap_or_else(|e| e.into_inner());
        };
        drop(s);
        let result = catch_unwind(AssertUnwindSafe(|| work(i)));
        lock().done.insert(i, result);
        ready.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(worker);
        }
        let outcome = (|| {
            for i in 0..n {
                let result = {
                    let mut s = lock();
                    loop {
                        if let Some(r) = s.done.remove(&i) {
                            break r;
                        }
                        s = ready.wait(s).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let item = match result {
                    Ok(item) => item,
                    Err(panic) => {
                        stop(&lock, &room);
                        resume_unwind(panic);
                    }
                };
                // A panic of `consume` (an interrupted pass in the tests)
                // must stop the workers too, or the scope waits for them.
                let consumed = catch_unwind(AssertUnwindSafe(|| consume(i, item)));
                {
                    let mut s = lock();
                    s.reserved = s.reserved.saturating_sub(cost(i));
                    s.pending -= 1;
                }
                room.notify_all();
                match consumed {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return Err(e),
                    Err(panic) => {
                        stop(&lock, &room);
                        resume_unwind(panic);
                    }
                }
            }
            Ok(())
        })();
        stop(&lock, &room);
        outcome
    })
}

fn stop<'a, T: 'a>(lock: &impl Fn() -> std::sync::MutexGuard<'a, State<T>>, room: &Condvar) {
    lock().stop = true;
    room.notify_all();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn results_come_in_order_whatever_finishes_first() {
        // Within each group of four items (one per thread), an item waits
        // until the next one has finished, so the group finishes in reverse
        // order: 3, 2, 1, 0. No timing: the order is forced. (No deadlock:
        // the last item of a group waits for nothing, and items start in
        // order, so a waited-for item always has a thread.)
        const THREADS: usize = 4;
        let finished = Mutex::new(Vec::new());
        let changed = Condvar::new();
        let mut seen = Vec::new();
        in_order(
            48,
            THREADS,
            1000,
            |_| 1,
            |i| {
                let mut f = finished.lock().unwrap();
                if i % THREADS != THREADS - 1 {
                    while !f.contains(&(i + 1)) {
                        f = changed.wait(f).unwrap();
                    }
                }
                f.push(i);
                changed.notify_all();
                i * 10
            },
            |i, r| {
                seen.push((i, r));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let finished = finished.into_inner().unwrap();
        let first_group: Vec<usize> = finished.iter().copied().filter(|&i| i < THREADS).collect();
        assert_eq!(first_group, [3, 2, 1, 0], "the work did finish out of order");
        assert_eq!(seen, (0..48).map(|i| (i, i * 10)).collect::<Vec<_>>());
    }

    #[test]
    fn pending_work_stays_within_the_budget() {
        let pending = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        in_order(
            40,
            4,
            30,
            |i| if i == 7 { 100 } else { 10 },
            |i| {
                let c = if i == 7 { 100 } else { 10 };
                let now = pending.fetch_add(c, Ordering::SeqCst) + c;
                peak.fetch_max(now, Ordering::SeqCst);
                c
            },
            |_, c| {
                pending.fetch_sub(c, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        // Three items of 10 at most, or the large one alone.
        assert!(peak.load(Ordering::SeqCst) <= 100, "{peak:?}");
    }

    #[test]
    fn an_error_stops_the_work() {
        let started = AtomicU64::new(0);
        let r = in_order(
            1000,
            2,
            20,
            |_| 10,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |i, _| if i == 3 { Err(i) } else { Ok(()) },
        );
        assert_eq!(r, Err(3));
        assert!(started.load(Ordering::SeqCst) < 10);
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_in_the_work_reaches_the_caller() {
        let _ = in_order(
            5,
            2,
            100,
            |_| 1,
            |i| if i == 2 { panic!("boom") } else { i },
            |_, _| Ok::<(), ()>(()),
        );
    }
}

//! Work on several threads, results in order: `--every` reads and searches
//! documents on every core while one thread hands them on in rank order.
//!
//! The first item is computed on the calling thread before any worker
//! starts, so it is handed on as soon as it would be without threads.
//! Workers then take the others in order (item `i` only once every item
//! before `i - window` has been handed on), so memory holds at most
//! `window` results. When the consumer stops (a closed pipe), no worker takes another
//! item: each finishes the one it holds, and [`map`] returns.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Which items workers may take.
struct Claims {
    /// The next item to take.
    next: usize,
    /// Items handed on so far.
    done: usize,
    /// The consumer stopped.
    stop: bool,
}

/// Computes `work(i)` for `i` in `0..items` on `threads` threads (at least
/// one) and hands each result to `sink` in order of `i`, on the calling
/// thread, with at most `window` results computed ahead of `sink` (at
/// least one). Stops taking items at the first `ControlFlow::Break`, which
/// it returns.
pub fn map<T: Send, B>(
    items: usize,
    threads: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    mut sink: impl FnMut(T) -> ControlFlow<B>,
) -> ControlFlow<B> {
    if items == 0 {
        return ControlFlow::Continue(());
    }
    // The first item on this thread, before any worker starts: it comes as
    // soon as it would without threads (the first line of `--every`),
    // never sharing the cores with the items after it.
    sink(work(0))?;
    let window = window.max(1);
    let threads = threads.min(items - 1).max(1);
    if threads == 1 {
        // No thread to start: in order, one at a time.
        for i in 1..items {
            sink(work(i))?;
        }
        return ControlFlow::Continue(());
    }
    let claims = Mutex::new(Claims {
        next: 1,
        done: 1,
        stop: false,
    });
    let freed = Condvar::new();
    let (send, results) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (claims, freed, work) = (&claims, &freed, &work);
            scope.spawn(move || {
                let _stop = StopOnPanic { claims, freed };
                while let Some(i) = claim(claims, freed, items, window) {
                    if send.send((i, work(i))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(send);
        let flow = hand_on(items, window, &results, &claims, &freed, &mut sink);
        if flow.is_break() {
            lock(&claims).stop = true;
            freed.notify_all();
        }
        flow
    })
}

/// Stops the other workers when one panics: the item it held never comes,
/// so they would wait for the consumer forever (the scope then raises the
/// panic).
struct StopOnPanic<'a> {
    claims: &'a Mutex<Claims>,
    freed: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.claims).stop = true;
            self.freed.notify_all();
        }
    }
}

/// The next item a worker may take, waiting while it is more than `window`
/// ahead of the consumer; `None` when there is none left or it stopped.
fn claim(claims: &Mutex<Claims>, freed: &Condvar, items: usize, window: usize) -> Option<usize> {
    let mut c = lock(claims);
    loop {
        if c.stop || c.next >= items {
            return None;
        }
        if c.next < c.done + window {
            c.next += 1;
            return Some(c.next - 1);
        }
        c = freed.wait(c).unwrap_or_else(std::sync::PoisonError::into_inner);
    }
}

/// Receives the workers' results and hands them to `sink` in order.
fn hand_on<T, B>(
    items: usize,
    window: usize,
    results: &mpsc::Receiver<(usize, T)>,
    claims: &Mutex<Claims>,
    freed: &Condvar,
    sink: &mut impl FnMut(T) -> ControlFlow<B>,
) -> ControlFlow<B> {
    // Slot k holds item `done + k` once it has come.
    let mut pending: VecDeque<Option<T>> = VecDeque::with_capacity(window);
    let mut done = 1;
    while done < items {
        // A worker that panicked closes the channel early: its panic is
        // the scope's to raise.
        let Ok((i, result)) = results.recv() else {
            return ControlFlow::Continue(());
        };
        let k = i - done;
        if pending.len() <= k {
            pending.resize_with(k + 1, || None);
        }
        pending[k] = Some(result);
        let before = done;
        while let Some(Some(_)) = pending.front() {
            let Some(Some(result)) = pending.pop_front() else {
                unreachable!("the front was checked");
            };
            done += 1;
            sink(result)?;
        }
        if done > before {
            lock(claims).done = done;
            freed.notify_all();
        }
    }
    ControlFlow::Continue(())
}

fn lock(claims: &Mutex<Claims>) -> std::sync::MutexGuard<'_, Claims> {
    claims.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            for window in [1, 2, 5, 100] {
                let mut got = Vec::new();
                let flow: ControlFlow<()> = map(
                    50,
                    threads,
                    window,
                    |i| {
                        // Uneven work, so that later items often finish first.
                        if i % 3 == 0 {
                            std::thread::yield_now();
                        }
                        i * 10
                    },
                    |r| {
                        got.push(r);
                        ControlFlow::Continue(())
                    },
                );
                assert_eq!(flow, ControlFlow::Continue(()));
                assert_eq!(
                    got,
                    (0..50).map(|i| i * 10).collect::<Vec<_>>(),
                    "{threads} threads, window {window}"
                );
            }
        }
    }

    #[test]
    fn no_item_is_taken_more_than_a_window_ahead_of_the_consumer() {
        let taken = AtomicUsize::new(0);
        let mut handed = 0;
        let _: ControlFlow<()> = map(
            200,
            4,
            3,
            |i| {
                taken.fetch_max(i + 1, Ordering::SeqCst);
                i
            },
            |i| {
                // Items 0..=i are handed on; at most `window` past them taken.
                handed = i + 1;
                assert!(taken.load(Ordering::SeqCst) <= handed - 1 + 3 + 1);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(handed, 200);
    }

    #[test]
    fn a_stopped_consumer_stops_the_workers() {
        let computed = AtomicUsize::new(0);
        let flow = map(
            10_000,
            3,
            4,
            |i| {
                computed.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                if i == 5 {
                    ControlFlow::Break("closed")
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(flow, ControlFlow::Break("closed"));
        // Item 5 was handed on; no worker took more than a window past it.
        assert!(computed.load(Ordering::SeqCst) <= 6 + 4, "{computed:?}");
    }

    #[test]
    fn a_panicking_worker_is_a_panic_not_a_hang() {
        let run = std::panic::catch_unwind(|| {
            let _: ControlFlow<()> = map(
                1000,
                2,
                2,
                |i| assert!(i != 3, "item 3"),
                |()| ControlFlow::Continue(()),
            );
        });
        assert!(run.is_err());
    }

    #[test]
    fn no_items_and_one_item() {
        let flow: ControlFlow<()> = map(0, 4, 4, |i| i, |_| panic!("no item"));
        assert_eq!(flow, ControlFlow::Continue(()));
        let mut got = Vec::new();
        let _: ControlFlow<()> = map(
            1,
            4,
            4,
            |i| i,
            |i| {
                got.push(i);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(got, [0]);
    }
}

//! `GET /api/status`: which index is served and whether it follows the
//! folder, for a page or a script that waits for a change to show.
//!
//! `{"generation": 2, "changed": "2026-12-07T13:20:05Z", "documents": 68,
//! "watching": true, "stale": null}`: `generation` counts the commits the
//! server has opened since it started (it moves when a change is served),
//! `changed` is when the served commit was made (UTC), `watching` whether
//! the folder is re-indexed on every change (`sagasu serve` without
//! `--no-watch`), `stale` why a newer commit is not served, if one is not.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use crate::api::{json, ApiError};
use crate::state::{App, Fault};

#[derive(Serialize)]
struct Status {
    generation: u64,
    changed: Option<String>,
    documents: Option<usize>,
    watching: bool,
    stale: Option<String>,
}

/// `GET /api/status`.
pub async fn status(State(app): State<Arc<App>>) -> Result<Response, ApiError> {
    let watching = app.watching;
    // One snapshot (opening a new commit is blocking work).
    let status = tokio::task::spawn_blocking(move || {
        let snapshot = app.live.current();
        Status {
            generation: snapshot.generation,
            changed: snapshot.changed.map(utc),
            documents: snapshot.searcher.document_count().ok(),
            watching,
            stale: snapshot.stale.clone(),
        }
    })
    .await
    .map_err(|_| ApiError::from(Fault::Panicked))?;
    let body = serde_json::to_vec(&status).unwrap_or_default();
    Ok(json(StatusCode::OK, body, status.stale.as_deref()))
}

/// `t` as an RFC 3339 UTC time to the second: `2026-12-07T13:20:05Z`.
pub fn utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The (year, month, day) of `days` since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for days on or after the epoch).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::utc;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn times_are_utc_calendar_dates() {
        let at = |s| utc(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_798_723_205), "2026-12-31T13:20:05Z");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
    }
}

//! `sagasu formats`: which document formats sagasu reads, and which helper
//! program (with its version) reads each.

use anyhow::Result;

use crate::args::{FormatsArgs, Global};
use crate::build::extract_options;
use crate::output::{escape_path, to_stdout};

pub fn run(global: &Global, args: &FormatsArgs) -> Result<bool> {
    let formats = sagasu_indexer::formats(&extract_options(global));
    if args.json {
        let rows: Vec<serde_json::Value> = formats
            .iter()
            .map(|f| {
                let (version, error) = match &f.helper_status {
                    Some(Ok(v)) => (Some(v.as_str()), None),
                    Some(Err(e)) => (None, Some(e.as_str())),
                    None => (None, None),
                };
                serde_json::json!({
                    "format": f.format,
                    "extensions": f.extensions,
                    "reader": f.reader,
                    "helper_version": version,
                    "helper_error": error,
                })
            })
            .collect();
        to_stdout(|out| writeln!(out, "{}", serde_json::Value::Array(rows)))?;
        return Ok(true);
    }
    let width = formats.iter().map(|f| f.format.len()).max().unwrap_or(0);
    to_stdout(|out| {
        for f in &formats {
            let status = match &f.helper_status {
                Some(Ok(version)) => format!(" ({})", escape_path(version)),
                Some(Err(why)) => format!(" — unavailable: {why}"),
                None => String::new(),
            };
            writeln!(
                out,
                "{:<width$} .{:<22} {}{}",
                f.format,
                f.extensions.join(" ."),
                escape_path(&f.reader),
                status
            )?;
        }
        Ok(())
    })?;
    Ok(true)
}

//! `--explain` on stderr: the expansions, the parsed and analyzed query,
//! the top hit's scoring, and what feedback added. Alias names and stems
//! come from files: every line is escaped.

use sagasu_analysis::safe::escape_unsafe;
use sagasu_searcher::{Expansion, Explain, FeedbackUsed};

/// `--explain` on stderr. Alias names come from a file and every line
/// here can hold them (the expansion, the parsed tree, the analyzed
/// clauses, tantivy's explanation): each line is escaped.
pub fn print_query(expansions: &[Expansion], ex: &Explain) {
    for e in expansions {
        let names: Vec<_> = e.names.iter().map(|n| escape_unsafe(n)).collect();
        eprintln!(
            "sagasu: {} → {} ({})",
            escape_unsafe(&e.matched),
            names.join(" | "),
            e.kind.as_str()
        );
    }
    eprintln!("parsed:   {}", escape_unsafe(&ex.parsed));
    for a in &ex.analyzed {
        eprintln!("analyzed: {}", escape_unsafe(a));
    }
    if let Some(top) = &ex.top_hit {
        eprintln!("top hit scoring:");
        for line in serde_json::to_string_pretty(top).unwrap_or_default().lines() {
            eprintln!("{}", escape_unsafe(line));
        }
    }
}

/// The `--explain` lines of what feedback added (stems come from the
/// documents: escaped).
pub fn print_feedback(used: &FeedbackUsed) {
    let terms: Vec<String> = used
        .terms
        .iter()
        .map(|t| format!("{}^{:.3}", escape_unsafe(&t.term), t.weight))
        .collect();
    eprintln!(
        "feedback: {} {} read; {}",
        used.units,
        used.unit.as_str(),
        if terms.is_empty() {
            "no expansion term".to_string()
        } else {
            format!("body_stem:[{}]", terms.join(" "))
        }
    );
}

//! `--path GLOB`: restricting a query to documents whose path matches one
//! of the globs, the same as a `path:` clause in the query: required, so
//! the any-word fallback keeps it.

use crate::query::{AnalyzedQuery, Clause, FieldSel, Leaf, LeafKind};

/// `q` restricted to the documents whose path matches one of `globs` (in
/// the query language's `path:` syntax: `*` is a wildcard, a pattern
/// without one is the path or a folder above it). No globs: unchanged.
pub(crate) fn restrict_to_paths(q: &mut AnalyzedQuery, globs: &[String]) {
    if globs.is_empty() {
        return;
    }
    let leaves: Vec<Clause> = globs
        .iter()
        .map(|g| {
            Clause::Leaf(Leaf {
                field: FieldSel::Path,
                kind: LeafKind::Glob,
                text: g.clone(),
                column: 1,
                tokens: Vec::new(),
            })
        })
        .collect();
    let restriction = if leaves.len() == 1 {
        leaves.into_iter().next().unwrap_or(Clause::Any(Vec::new()))
    } else {
        Clause::Any(leaves)
    };
    let root = std::mem::replace(&mut q.root, Clause::Any(Vec::new()));
    q.root = match root {
        Clause::All { mut clauses, implicit } => {
            clauses.push(restriction);
            Clause::All { clauses, implicit }
        }
        other => Clause::All {
            clauses: vec![other, restriction],
            implicit: true,
        },
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{analyze, parse};
    use crate::Aliases;

    #[test]
    fn globs_become_a_required_path_clause() {
        let typed = |s: &str| analyze(&parse(s).unwrap(), &Aliases::default()).unwrap();
        let mut q = typed("kim park");
        restrict_to_paths(&mut q, &["003*".to_string()]);
        // The same clause as typed, but for its column.
        let mut want = typed("kim park path:003*");
        if let Clause::All { clauses, .. } = &mut want.root {
            if let Some(Clause::Leaf(l)) = clauses.last_mut() {
                l.column = 1;
            }
        }
        assert_eq!(q.root, want.root);
        let mut q = typed("kim OR park");
        restrict_to_paths(&mut q, &["a/*".to_string(), "b".to_string()]);
        assert!(matches!(&q.root, Clause::All { clauses, .. } if clauses[1].is_restriction()));
    }
}

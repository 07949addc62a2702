//! Regressions of the query language, ranking and snippets.

use crate::util::{paths, Fixture};

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// issue 12, item 6: the any-word fallback dropped `path:` and `title:`
/// restrictions. `sagasu search 'path:nonexistent/*' pathword` listed every
/// document with `fallback: true`: the fallback turned every clause of the
/// query, restrictions included, into "any of these". `--any` did the same.
#[test]
fn fallback_keeps_field_restrictions() {
    let f = Fixture::empty();
    f.write("a/one.txt", "Summit notes\nThe pathword appears here with alpha.\n");
    f.write("a/two.txt", "Budget notes\nThe pathword appears here with beta.\n");
    f.write("b/three.txt", "Summit minutes\nThe pathword appears here with gamma.\n");
    let (json, code) = f.search_json(&["path:nonexistent/*", "pathword"]);
    assert_eq!((code, json["total_documents"].as_u64()), (1, Some(0)), "{json}");
    // No passage has both words: any of them, but only under a/.
    let (json, _) = f.search_json(&["path:a/*", "pathword", "gamma"]);
    assert_eq!(json["fallback"], true, "{json}");
    assert_eq!(sorted(paths(&json)), ["a/one.txt", "a/two.txt"]);
    let (json, _) = f.search_json(&["title:summit", "pathword", "beta"]);
    assert_eq!(json["fallback"], true, "{json}");
    assert_eq!(sorted(paths(&json)), ["a/one.txt", "b/three.txt"]);
    let (json, _) = f.search_json(&["--any", "path:b/*", "alpha", "gamma"]);
    assert_eq!(paths(&json), ["b/three.txt"]);
    // A `+word` makes its group all-required: no fallback drops it.
    let (json, code) = f.search_json(&["+pathword", "+delta"]);
    assert_eq!((code, json["fallback"].as_bool()), (1, Some(false)), "{json}");
}

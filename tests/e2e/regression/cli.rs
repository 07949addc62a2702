//! Regressions of cli: arguments, output, `eval`, `--watch`.

use std::path::Path;

use crate::util::*;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// A corpus of three short documents, one per word a query may hold.
fn words_corpus() -> Fixture {
    let f = Fixture::empty();
    f.write("ete.txt", "Summer\n\nThe été was long and hot.\n");
    f.write("nihon.txt", "Japan\n\n日本 is an island country.\n");
    f.write("uber.txt", "Over\n\nÜber alles, and nothing else.\n");
    f
}

// Issue 12, item 3: `TopicFormat::detect` sliced the first line at byte 4
// (`l[..4]`) to look for `<top`; a multi-byte character across byte 4
// panicked (exit 101) on a perfectly valid query file.
#[test]
fn eval_panicked_on_a_multibyte_character_near_byte_4_of_the_first_query_line() {
    let f = words_corpus();
    for (queries, qrels) in [
        ("12\tété\n", "12 0 ete 1\n"),
        ("1\t日本\n", "1 0 nihon 1\n"),
        ("q1\tÜber\n", "q1 0 uber 1\n"),
    ] {
        let q = f.aside("q.tsv", queries);
        let r = f.aside("qrels.txt", qrels);
        let out = f
            .cmd()
            .args(["eval", "--json", "--queries", s(&q), "--qrels", s(&r)])
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{queries:?}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["summary"]["map"], 1.0, "{queries:?}: {json}");
    }
}

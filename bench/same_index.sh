#!/usr/bin/env bash
# Do two sagasu binaries index a corpus the same way? Builds the corpus with
# each into a temporary index and compares, field by field, every term with
# its postings (path, passage, frequency, positions) and the stored passages,
# whatever segments they fell into (crates/indexer/examples/postings_digest.rs).
# For a change meant to make indexing cheaper without changing what is
# indexed (issue 26); the analyzer's golden tables are the other half.
#
#   bash bench/same_index.sh OLD_SAGASU NEW_SAGASU CORPUS
#
# The digest tool is target/debug/examples/postings_digest, which
# `cargo test --workspace` builds (or `cargo test --workspace --examples --no-run`).
# Exits 0 when the two indexes hold the same, 1 when they differ (the lines
# that differ are printed), 2 on an error.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
old="$1" new="$2" corpus="$3"
digest="${DIGEST:-$root/target/debug/examples/postings_digest}"
[[ -x "$digest" ]] || { echo "same_index: $digest is missing: cargo test --workspace --examples --no-run" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in old new; do
    bin="${!side}"
    "$bin" --corpus "$corpus" --index "$work/$side" index --json >"$work/$side.json"
    "$digest" "$work/$side" >"$work/$side.digest"
done
if diff "$work/old.digest" "$work/new.digest"; then
    cat "$work/new.digest"
    echo "same_index: the same terms, postings and stored passages"
else
    echo "same_index: the indexes differ" >&2
    exit 1
fi

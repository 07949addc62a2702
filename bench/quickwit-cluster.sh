#!/usr/bin/env bash
# A local Quickwit cluster of 3 nodes for `just scale` (bench/scale.sh), as
# ../shared/scale/README.md describes: node 1 runs the metastore, control
# plane, indexer, searcher and janitor; nodes 2 and 3 are searchers; the
# metastore and the index storage are files in one shared folder.
#
#   bench/quickwit-cluster.sh build        build Quickwit 0.9.0 once into bench-data/scale/
#   bench/quickwit-cluster.sh start        start the 3 nodes, wait until each answers
#   bench/quickwit-cluster.sh stop         stop the nodes this script started (by their pid files)
#   bench/quickwit-cluster.sh create DIR   create the index of an export folder (its index-config.yaml)
#   bench/quickwit-cluster.sh ingest DIR   ingest its passages-*.ndjson, wait until all are searchable
#   bench/quickwit-cluster.sh delete ID    delete an index
#
# Environment: BENCH_DATA (default bench-data), QW_PORT (node 1's REST port,
# default 17280; node N uses QW_PORT + 10*(N-1), gRPC on the next port).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(realpath -m "${BENCH_DATA:-$root/bench-data}")"
scale="$data/scale"
src_tar="$root/../shared/scale/quickwit-0.9.0-src.tar.gz"
qw_dir="$scale/quickwit-0.9.0/quickwit"
qw="$qw_dir/target/release/quickwit"
cluster="$scale/cluster"
port="${QW_PORT:-17280}"
say() { printf '== %s\n' "$*" >&2; }
rest() { echo $((port + 10 * ($1 - 1))); }
url() { echo "http://127.0.0.1:$(rest "$1")"; }

build() {
    if [[ -x "$qw" ]]; then
        say "quickwit: $qw present (not rebuilt)"
        return
    fi
    [[ -f "$src_tar" ]] || { echo "scale: $src_tar is missing" >&2; exit 2; }
    if ! command -v protoc >/dev/null; then
        say "quickwit: installing protobuf-compiler (apt-get)"
        apt-get install -y protobuf-compiler >&2
    fi
    mkdir -p "$scale"
    [[ -d "$qw_dir" ]] || tar -xzf "$src_tar" -C "$scale"
    say "quickwit: building 0.9.0 (cargo build --release -p quickwit-cli; about 25-80 minutes on 2 cores)"
    (cd "$qw_dir" && cargo build --release -p quickwit-cli --bin quickwit >&2)
}

node_config() { # node services...
    local n="$1"; shift
    local dir="$cluster/node$n"
    mkdir -p "$dir/data" "$cluster/shared/indexes"
    local services
    services="$(printf '%s, ' "$@")"
    cat >"$dir/quickwit.yaml" <<EOF
version: 0.8
cluster_id: sagasu-scale
node_id: node-$n
listen_address: 127.0.0.1
rest:
  listen_port: $(rest "$n")
grpc_listen_port: $(( $(rest "$n") + 1 ))
gossip_listen_port: $(rest "$n")
peer_seeds:
  - 127.0.0.1:$(rest 1)
data_dir: $dir/data
metastore_uri: file://$cluster/shared/indexes
default_index_root_uri: file://$cluster/shared/indexes
enabled_services: [${services%, }]
EOF
}

start_node() { # n
    local n="$1" dir="$cluster/node$1"
    if [[ -f "$dir/pid" ]] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        say "node $n already running (pid $(cat "$dir/pid"))"
        return
    fi
    QW_DISABLE_TELEMETRY=1 NO_COLOR=1 setsid "$qw" run --config "$dir/quickwit.yaml" >"$dir/log" 2>&1 &
    echo $! >"$dir/pid"
}

wait_ready() { # n
    local n="$1"
    for _ in $(seq 1 240); do
        if curl -fsS "$(url "$n")/health/readyz" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$(cat "$cluster/node$n/pid")" 2>/dev/null; then
            echo "scale: node $n died; see $cluster/node$n/log" >&2; tail -5 "$cluster/node$n/log" >&2; exit 2
        fi
        sleep 0.5
    done
    echo "scale: node $n not ready after 2 minutes; see $cluster/node$n/log" >&2
    exit 2
}

start() {
    [[ -x "$qw" ]] || { echo "scale: no quickwit binary; run: $0 build" >&2; exit 2; }
    node_config 1 metastore control_plane indexer searcher janitor
    node_config 2 searcher
    node_config 3 searcher
    start_node 1; wait_ready 1
    start_node 2; start_node 3
    wait_ready 2; wait_ready 3
    say "cluster up: $(url 1) (node 1), $(url 2), $(url 3)"
}

stop() {
    local n pid
    for n in 3 2 1; do
        [[ -f "$cluster/node$n/pid" ]] || continue
        pid="$(cat "$cluster/node$n/pid")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        fi
        rm -f "$cluster/node$n/pid"
    done
    say "cluster stopped"
}

index_id_of() { sed -n 's/^index_id: //p' "$1/index-config.yaml"; }

create() { # export-dir
    local id; id="$(index_id_of "$1")"
    curl -fsS -XPOST "$(url 1)/api/v1/indexes" -H 'Content-Type: application/yaml' \
        --data-binary @"$1/index-config.yaml" >/dev/null
    say "index $id created"
}

# Ingests every NDJSON file of an export, then waits until the cluster
# counts as many documents as the files hold. Prints {"passages", "seconds"}.
ingest() { # export-dir
    local dir="$1" id expected t0 t1 n f
    id="$(index_id_of "$dir")"
    expected="$(cat "$dir"/passages-*.ndjson | wc -l)"
    t0="$(date +%s.%N)"
    for f in "$dir"/passages-*.ndjson; do
        # Quickwit answers 503 while its ingest queue is full: retry.
        curl -fsS --retry 60 --retry-delay 2 -XPOST "$(url 1)/api/v1/$id/ingest" \
            -H 'Content-Type: application/x-ndjson' --data-binary @"$f" >/dev/null
    done
    for _ in $(seq 1 1200); do
        n="$(curl -fsS "$(url 1)/api/v1/$id/search?query=*&max_hits=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["num_hits"])')"
        [[ "$n" -ge "$expected" ]] && break
        sleep 0.5
    done
    t1="$(date +%s.%N)"
    [[ "$n" -ge "$expected" ]] || { echo "scale: $id holds $n of $expected passages after 10 minutes" >&2; exit 2; }
    python3 -c "import json,sys; print(json.dumps({'passages': $expected, 'seconds': $t1 - $t0}))"
}

# The number of published splits of an index.
splits() { # id
    curl -fsS "$(url 1)/api/v1/indexes/$1/splits?split_states=Published" |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("splits", d)))'
}

delete() { # id
    curl -fs -XDELETE "$(url 1)/api/v1/indexes/$1" >/dev/null || true
}

case "${1:-}" in
    build) build ;;
    start) start ;;
    stop) stop ;;
    create) create "$2" ;;
    ingest) ingest "$2" ;;
    delete) delete "$2" ;;
    url) url "${2:-1}" ;;
    splits) splits "$2" ;;
    pid) cat "$cluster/node${2:-1}/pid" ;;
    *) echo "usage: $0 build|start|stop|create DIR|ingest DIR|delete ID|url N|pid N" >&2; exit 2 ;;
esac

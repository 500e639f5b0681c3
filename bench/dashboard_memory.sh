#!/bin/sh
# Peak memory of the release server answering the benchmark's dashboard to 32 clients
# for 10 s (VmHWM), over a database the dashboard benchmark kept (DALEEL_BENCH_KEEP=1).
#   bench/dashboard_memory.sh postgres://postgres@127.0.0.1:5432/daleel_bench_s_seed1 "pool 10" [server args]
# Needs target/release/daleel (cargo build --release), curl and python3.
set -e
URL=$1; LABEL=$2; shift 2
DIR=$(mktemp -d)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
python3 - "$ROOT/benches/dashboard/queries.rs" "$DIR/body.json" <<'PY'
import json, sys
q = open(sys.argv[1]).read()
start = q.index('pub const DASHBOARD: &str = r#"') + len('pub const DASHBOARD: &str = r#"')
json.dump({"query": q[start:q.index('"#;', start)], "variables": {}}, open(sys.argv[2], "w"))
PY
"$ROOT/target/release/daleel" --database-url "$URL" --bind 127.0.0.1:8811 --log warn --no-seed \
  --rate-limit-per-address 0 --max-complexity 1000000000 "$@" serve > "$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null localhost:8811/readyz && break; sleep 0.3; done
curl -s -o /dev/null -H 'content-type: application/json' --data @"$DIR/body.json" localhost:8811/graphql
ONE=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
END=$(( $(date +%s) + 10 ))
seq 1 32 | xargs -P 32 -I{} sh -c "while [ \$(date +%s) -lt $END ]; do curl -s -o /dev/null -H 'content-type: application/json' --data @$DIR/body.json localhost:8811/graphql; done"
PEAK=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
echo "$LABEL: after one dashboard $((ONE / 1024)) MiB, peak with 32 clients for 10 s $((PEAK / 1024)) MiB"
kill $PID; wait $PID 2>/dev/null || true
rm -rf "$DIR"

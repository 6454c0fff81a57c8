#!/usr/bin/env bash
# Starts the built worker (`node apps/worker/dist/main.js`) on BullMQ with a scratch Redis prefix
# and data folder, waits for /health/ready, checks /metrics shows the queue, then stops it with
# SIGTERM and expects a clean exit.
set -euo pipefail
data_dir=$(mktemp -d)
port=${SMOKE_WORKER_PORT:-3918}
prefix="reco-smoke-$$-$RANDOM:"
log=tmp/smoke-worker.log
mkdir -p tmp
DATA_DIR="$data_dir" WORKER_PORT="$port" JOB_QUEUE=bullmq CACHE_KEY_PREFIX="$prefix" NODE_ENV=production node apps/worker/dist/main.js >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  rm -rf "$data_dir"
  redis-cli --scan --pattern "${prefix}*" | xargs -r redis-cli del >/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 1 60); do
  code=$(curl -s -o tmp/worker-ready.json -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
  if [ "$code" = "200" ]; then
    echo "ready: $(cat tmp/worker-ready.json)"
    # Saved first: `curl | grep -q` under pipefail fails when grep stops reading early (curl exit 23).
    curl -sf -o tmp/smoke-worker-metrics.txt "http://127.0.0.1:$port/metrics"
    grep -q '^reco_jobs{status="queued"}' tmp/smoke-worker-metrics.txt
    echo "metrics show the queue"
    kill -TERM "$pid"
    wait "$pid"
    echo "worker stopped cleanly"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
echo "worker did not become ready; its log:" >&2
cat "$log" >&2
exit 1

#!/usr/bin/env bash
# Starts the built backend with `node` on embedded defaults in a scratch data folder, waits for
# /health/ready to answer 200, checks the dashboard, docs and API description are served and /api
# needs a key, then stops it with SIGTERM and expects a clean exit.
set -euo pipefail
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-3917}
log=tmp/smoke-backend.log
mkdir -p tmp
DATA_DIR="$data_dir" PORT="$port" NODE_ENV=development node apps/backend/dist/main.js >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

for _ in $(seq 1 60); do
  code=$(curl -s -o tmp/ready.json -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
  if [ "$code" = "200" ]; then
    echo "ready: $(cat tmp/ready.json)"
    # The build copies the dashboard's static files: the built server must serve them.
    # Each page is saved before grep reads it: `curl | grep -q` fails under pipefail when grep
    # stops reading at its match and curl gets a write error (exit 23) on a large enough page.
    curl -sf -o tmp/smoke-index.html "http://127.0.0.1:$port/"
    grep -q '<title>Reco dashboard</title>' tmp/smoke-index.html
    curl -sf -o /dev/null "http://127.0.0.1:$port/dashboard.js"
    curl -sf -o tmp/smoke-docs.html "http://127.0.0.1:$port/docs"
    grep -q 'swagger-ui-bundle.js' tmp/smoke-docs.html
    # Swagger UI comes from node_modules (swagger-ui-dist), resolved from the built server.
    curl -sf -o /dev/null "http://127.0.0.1:$port/docs/swagger-ui/swagger-ui-bundle.js"
    curl -sf -o tmp/smoke-openapi.json "http://127.0.0.1:$port/api/openapi.json"
    grep -q '"openapi":"3.1.0"' tmp/smoke-openapi.json
    test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/tools")" = "401"
    echo "dashboard, docs and openapi.json served; /api refuses a request without a key"
    kill -TERM "$pid"
    wait "$pid"
    echo "backend stopped cleanly"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 1
done
echo "backend did not become ready; its log:" >&2
cat "$log" >&2
exit 1

#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, pinned below; from the npm
# registry through `npm exec`), every server scenario, against the built backend
# (apps/backend/dist/main.js) on embedded defaults in a scratch data folder, with the suite's
# reference fixtures on (MCP_CONFORMANCE_FIXTURES=true) and a throw-away API key, which a small
# proxy adds to each request (the suite's client sends no headers of its own).
# Every scenario passes, or fails and is listed with its reason in
# .ci/mcp-conformance-expected-failures.txt; anything else (an unexpected failure, or a listed
# scenario that now passes) fails the step. Last line: `MCP conformance: N passed, M expected
# failures, U unexpected`.
# The suite needs Node >= 22: CI runs this on Node 24. To run it on a machine whose `node` is
# older, name a newer one for the suite alone: MCP_CONFORMANCE_NODE_DIR=$(bash .ci/ensure-node24.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

suite=@modelcontextprotocol/conformance@0.1.16
expected=.ci/mcp-conformance-expected-failures.txt
mkdir -p tmp
work=$(mktemp -d)
backend_log=tmp/mcp-conformance-backend.log
suite_log=tmp/mcp-conformance-suite.log
backend_pid=
proxy_pid=
cleanup() {
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; fi
  if [ -n "$backend_pid" ]; then kill "$backend_pid" 2>/dev/null || true; wait "$backend_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

key=$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")
key_sha256=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")

# The rate limit is off: the suite makes a few hundred requests in a minute with one key.
DATA_DIR="$work/data" PORT="$port" NODE_ENV=development LOG_LEVEL=warn API_KEYS="conformance:service:$key_sha256" \
  MCP_CONFORMANCE_FIXTURES=true RATE_LIMIT_PER_MINUTE=0 node apps/backend/dist/main.js >"$backend_log" 2>&1 &
backend_pid=$!
for _ in $(seq 1 60); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = "200" ]; then break; fi
  if ! kill -0 "$backend_pid" 2>/dev/null; then break; fi
  sleep 1
done
if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" != "200" ]; then
  echo "backend did not become ready; its log:" >&2
  cat "$backend_log" >&2
  exit 1
fi

UPSTREAM="http://127.0.0.1:$port" API_KEY="$key" node .ci/mcp-conformance-proxy.mjs >"$work/proxy-port" &
proxy_pid=$!
for _ in $(seq 1 50); do
  if [ -s "$work/proxy-port" ]; then break; fi
  sleep 0.1
done
proxy_port=$(head -n 1 "$work/proxy-port")
echo "backend on port $port, the suite's requests through the key-adding proxy on port $proxy_port"

# The expected failures also as the suite's own baseline file: its verdict must agree with ours.
{
  echo "server:"
  grep -Ev '^[[:space:]]*(#|$)' "$expected" | awk '{ print "  - " $1 }'
} >"$work/baseline.yml"

suite_path=$PATH
if [ -n "${MCP_CONFORMANCE_NODE_DIR:-}" ]; then suite_path="$MCP_CONFORMANCE_NODE_DIR/bin:$PATH"; fi
echo "running $suite (every server scenario) on Node $(PATH="$suite_path" node --version)"
set +e
PATH="$suite_path" timeout 900 npm exec --yes --package="$suite" -- \
  conformance server --url "http://127.0.0.1:$proxy_port/mcp" --suite all --output-dir "$work/results" --expected-failures "$work/baseline.yml" \
  >"$suite_log" 2>&1
suite_status=$?
set -e
echo "the suite's output: $suite_log; the backend's log: $backend_log"

node .ci/mcp-conformance-report.mjs "$suite_log" "$work/results" "$expected" "$suite_status"

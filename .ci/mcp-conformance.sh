#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance), every server scenario,
# against the built backend (apps/backend/dist/main.js) on embedded defaults in a scratch data
# folder, with the suite's reference fixtures on (MCP_CONFORMANCE_FIXTURES=true) and a throw-away
# API key, which a small proxy adds to each request (the suite's client sends no headers of its own).
# The suite and every one of its dependencies are pinned by .ci/mcp-conformance/package-lock.json
# and installed from it with `npm ci` into tmp/mcp-conformance, again only when the lockfile changes.
# Every scenario passes, or fails and is listed with its reason in
# .ci/mcp-conformance-expected-failures.txt; anything else (an unexpected failure, or a listed
# scenario that now passes) fails the step. Last line: `MCP conformance: N passed, M expected
# failures, U unexpected`.
# The suite needs Node >= 22: CI runs this on Node 24. To run it on a machine whose `node` is
# older, name a newer one for the suite alone: MCP_CONFORMANCE_NODE_DIR=$(bash .ci/ensure-node24.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

pinned=.ci/mcp-conformance
install_dir=tmp/mcp-conformance
expected=.ci/mcp-conformance-expected-failures.txt
ready_seconds=120
mkdir -p tmp
work=$(mktemp -d)
backend_log=tmp/mcp-conformance-backend.log
proxy_log=tmp/mcp-conformance-proxy.log
suite_log=tmp/mcp-conformance-suite.log
backend_pid=
proxy_pid=

# Stops a process this script started, by its pid: SIGTERM, then SIGKILL after $2 seconds.
stop() {
  local pid=$1 grace=$2
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((grace * 10))); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  if [ -n "$proxy_pid" ]; then stop "$proxy_pid" 5; fi
  if [ -n "$backend_pid" ]; then stop "$backend_pid" 20; fi
  if [ -n "${partial:-}" ]; then rm -rf "$partial"; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "mcp-conformance: $*" >&2
  exit 1
}

suite_path=$PATH
if [ -n "${MCP_CONFORMANCE_NODE_DIR:-}" ]; then suite_path="$MCP_CONFORMANCE_NODE_DIR/bin:$PATH"; fi
suite_node=$(PATH="$suite_path" node --version)
suite_node_major=${suite_node#v}
suite_node_major=${suite_node_major%%.*}
if [ "$suite_node_major" -lt 22 ]; then
  fail "the suite needs Node 22 or newer and \`node\` is $suite_node: run with MCP_CONFORMANCE_NODE_DIR=\$(bash .ci/ensure-node24.sh)"
fi

# The suite's own install, outside the root workspace, from its lockfile: `npm ci` into a scratch
# folder that replaces tmp/mcp-conformance only once complete, skipped while the lockfile is the one
# installed there.
lock_sha256=$(cat "$pinned/package.json" "$pinned/package-lock.json" | sha256sum | cut -d' ' -f1)
suite_bin=$install_dir/node_modules/.bin/conformance
if [ ! -x "$suite_bin" ] || [ "$(cat "$install_dir/installed-lock.sha256" 2>/dev/null || true)" != "$lock_sha256" ]; then
  echo "installing the suite from $pinned/package-lock.json into $install_dir (npm ci on Node $suite_node)"
  partial=$(mktemp -d tmp/mcp-conformance.partial.XXXXXX)
  cp "$pinned/package.json" "$pinned/package-lock.json" "$partial/"
  if ! PATH="$suite_path" timeout 600 npm ci --prefix "$partial" --ignore-scripts --no-audit --no-fund --loglevel=error; then
    rm -rf "$partial"
    fail "npm ci of $pinned/package-lock.json failed (its output is above)"
  fi
  echo "$lock_sha256" >"$partial/installed-lock.sha256"
  rm -rf "$install_dir"
  mv "$partial" "$install_dir"
  partial=
fi
suite=$(PATH="$suite_path" node -p "const p = require('./$install_dir/node_modules/@modelcontextprotocol/conformance/package.json'); p.name + '@' + p.version")

key=$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")
key_sha256=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)

# PORT=0: the backend binds a port the system picks (none picked here for another process to take
# first) and names it in its `Reco backend listening on http://…` log line, an info line.
# The rate limit is off: the suite makes a few hundred requests in a minute with one key.
DATA_DIR="$work/data" HOST=127.0.0.1 PORT=0 NODE_ENV=development LOG_LEVEL=info API_KEYS="conformance:service:$key_sha256" \
  MCP_CONFORMANCE_FIXTURES=true RATE_LIMIT_PER_MINUTE=0 node apps/backend/dist/main.js >"$backend_log" 2>&1 &
backend_pid=$!
deadline=$((SECONDS + ready_seconds))
port=
ready=
while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$backend_pid" 2>/dev/null; do
  if [ -z "$port" ]; then
    port=$(sed -nE '/Reco backend listening on/{s|.*Reco backend listening on http://[^" ]*:([0-9]+).*|\1|p;q}' "$backend_log")
  fi
  if [ -n "$port" ] && [ "$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = "200" ]; then
    ready=yes
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  if kill -0 "$backend_pid" 2>/dev/null; then echo "the backend was not ready within ${ready_seconds} s; its log:" >&2; else echo "the backend stopped before it was ready; its log:" >&2; fi
  cat "$backend_log" >&2
  exit 1
fi

UPSTREAM="http://127.0.0.1:$port" API_KEY="$key" node .ci/mcp-conformance-proxy.mjs >"$work/proxy-port" 2>"$proxy_log" &
proxy_pid=$!
proxy_port=
for _ in $(seq 1 100); do
  proxy_port=$(sed -nE '1{/^[0-9]+$/p}' "$work/proxy-port")
  if [ -n "$proxy_port" ] || ! kill -0 "$proxy_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$proxy_port" ]; then
  echo "the key-adding proxy (.ci/mcp-conformance-proxy.mjs) did not start; what it said:" >&2
  cat "$work/proxy-port" "$proxy_log" >&2
  exit 1
fi
echo "backend on port $port, the suite's requests through the key-adding proxy on port $proxy_port"

# The expected failures also as the suite's own baseline file: its verdict must agree with ours.
# (awk alone: grep finding no line, the goal of an empty list, would end the script under pipefail.)
awk '!/^[[:space:]]*(#|$)/ { list = list "\n  - " $1 } END { print (list == "" ? "server: []" : "server:" list) }' "$expected" >"$work/baseline.yml"

echo "running $suite (every server scenario) on Node $suite_node"
set +e
PATH="$suite_path" timeout 900 "$suite_bin" \
  server --url "http://127.0.0.1:$proxy_port/mcp" --suite all --output-dir "$work/results" --expected-failures "$work/baseline.yml" \
  >"$suite_log" 2>&1
suite_status=$?
set -e
echo "the suite's output: $suite_log; the backend's log: $backend_log; the proxy's: $proxy_log"

node .ci/mcp-conformance-report.mjs "$suite_log" "$work/results" "$expected" "$suite_status"

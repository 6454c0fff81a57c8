#!/usr/bin/env bash
# promtool (Prometheus's checker) for the metrics spec: `promtool check metrics` must find nothing
# on the backend's and the worker's /metrics. Debian ships promtool only inside its `prometheus`
# package (19 MB .deb, ~96 MB installed, a server and its web assets as dependencies), so the .deb
# is downloaded with apt (hashes checked against the signed index) and only promtool is unpacked,
# once, into tmp/promtool/: no service, no dependencies, no root needed.
# Prints the path of promtool (a promtool already on PATH is used as it is); the metrics spec
# finds it there, or through PROMTOOL=<path>.
set -euo pipefail
cd "$(dirname "$0")/.."
if found=$(command -v promtool); then
  "$found" --version 2>&1 | head -n 1 >&2
  echo "$found"
  exit 0
fi
dir="$PWD/tmp/promtool"
if [ ! -x "$dir/promtool" ]; then
  if ! apt-get download --print-uris prometheus >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update >&2
  fi
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  (cd "$dir.partial" && apt-get download prometheus >&2 && dpkg-deb -x prometheus_*.deb unpacked)
  mkdir -p "$dir" && mv "$dir.partial/unpacked/usr/bin/promtool" "$dir/promtool" && rm -rf "$dir.partial"
fi
"$dir/promtool" --version 2>&1 | head -n 1 >&2
echo "$dir/promtool"

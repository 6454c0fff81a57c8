#!/usr/bin/env bash
# The dashboard's browser test drives Debian's chromium with playwright-core (no browser
# download). Install it from Debian's packages when this machine does not have it yet.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends chromium
echo "chromium: $(/usr/bin/chromium --version)"

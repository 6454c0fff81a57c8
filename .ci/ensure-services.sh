#!/usr/bin/env bash
# The tests need PostgreSQL and Redis on 127.0.0.1 (see README). A machine of this kind runs
# them; if one has stopped, start it the way the machine's notes say, then wait for it.
set -uo pipefail

wait_for() { # name check-command
  for _ in $(seq 1 30); do
    if eval "$2" >/dev/null 2>&1; then echo "$1: up"; return 0; fi
    sleep 1
  done
  echo "$1: NOT reachable on 127.0.0.1" >&2
  return 1
}

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi

status=0
wait_for postgresql "pg_isready -h 127.0.0.1 -p 5432" || status=1
wait_for redis "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG" || status=1
exit $status

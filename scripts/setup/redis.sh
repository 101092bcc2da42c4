#!/usr/bin/env bash
# redis-server for tests and the demo: the Debian package, installed when
# missing if we may (root with apt-get), otherwise a message saying what to do.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing redis-server with apt-get"
  # Keep the package from starting a system-wide Redis on 6379: tests start their own.
  policy=/usr/sbin/policy-rc.d
  created_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=true
  fi
  trap '[ "$created_policy" = true ] && rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
setup: redis-server (Redis 7+ or Valkey) is required and not installed.
  Debian/Ubuntu: sudo apt-get install redis-server
  macOS:         brew install redis
  or run with Docker present (INFRA=containers) to use a Valkey container instead.
MSG
exit 1

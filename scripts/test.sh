#!/usr/bin/env bash
# `npm test`: everything a fresh machine needs, then the whole suite (unit and
# integration) against real infrastructure. Extra arguments go to vitest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
exec bash scripts/with-node.sh bash -c 'npm run --silent build && exec npx vitest run "$@"' vitest "$@"

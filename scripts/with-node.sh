#!/usr/bin/env bash
# Runs a command with Node >= 22.12 first on PATH. When the machine's Node is
# older (or missing), the Node release named in .nvmrc is installed from the
# npm registry into .tools/ — no download from anywhere else is needed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

if ! node_is_recent; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x64 ;;
    Linux-aarch64) platform=linux-arm64 ;;
    Darwin-x86_64) platform=darwin-x64 ;;
    Darwin-arm64) platform=darwin-arm64 ;;
    *) echo "with-node: install Node >= 22.12 yourself; no packaged Node for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
  major="$(tr -d '[:space:]' <"$root/.nvmrc")"
  tools="$root/.tools/node-$major"
  bin="$tools/node_modules/node-$platform/bin"
  if [ ! -x "$bin/node" ]; then
    echo "with-node: Node $(node --version 2>/dev/null || echo '(none)') is older than 22.12; installing Node $major into .tools/" >&2
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "node-$platform@$major" >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"

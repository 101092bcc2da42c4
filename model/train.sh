#!/usr/bin/env bash
# `npm run model:train`: the whole training pipeline from a fresh clone.
# Sets up what it needs (npm dependencies, model/.venv), builds the repo,
# builds the dataset with the TypeScript feature reference, trains, and writes
# model/artifacts/. With --check it writes into a temporary directory instead
# and fails unless the result reproduces the committed model-manifest.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *)
    echo "usage: bash model/train.sh [--check]" >&2
    exit 64
    ;;
esac

with_node() { bash scripts/with-node.sh "$@"; }
with_node bash scripts/setup/node-modules.sh
# numpy 2.4 and xgboost 3 need Python 3.11 or later.
bash scripts/setup/python-venv.sh model/.venv model/requirements.txt 3.11
with_node npm run --silent build

mkdir -p model/.work
if $check; then
  out="$(mktemp -d "$root/model/.work/check.XXXXXX")"
  trap 'rm -rf "$out"' EXIT
  data="$out/dataset.csv"
else
  out=model/artifacts
  data=model/.work/dataset.csv
  mkdir -p "$out"
fi

with_node node model/dataset/build-dataset.mjs --config model/training-config.json --out "$data"
model/.venv/bin/python model/train.py --config model/training-config.json --data "$data" --out "$out"

if $check; then
  model/.venv/bin/python model/compare_manifests.py model/artifacts/model-manifest.json "$out/model-manifest.json"
else
  # The repository's formatting, so `npm run lint` passes on the committed artifacts.
  with_node npx --no-install prettier --log-level warn --write "$out"/*.json
fi

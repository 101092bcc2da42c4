#!/usr/bin/env bash
# PROTOTYPE: measures the candidate features of extra-features.mjs on top of
# the current ones (model/README.md, "Beyond the 10-minute windows").
# Needs the dataset of a training run (`npm run model:train` leaves it in
# model/.work/dataset.csv). Prints the results as JSON.
#
#   bash model/prototype/evaluate.sh [exact|utc-days]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
windows="${1:-exact}"
data=model/.work/dataset.csv
[ -f "$data" ] || {
  echo "prototype: $data is missing; run npm run model:train first" >&2
  exit 1
}
extra="model/.work/extra-features-$windows.csv"
bash scripts/with-node.sh node model/prototype/extra-features.mjs --config model/training-config.json --out "$extra" --windows "$windows"
PYTHONPATH=model model/.venv/bin/python model/prototype/evaluate_extra_features.py --config model/training-config.json --data "$data" --extra "$extra"

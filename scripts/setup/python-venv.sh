#!/usr/bin/env bash
# Creates a project-local Python virtualenv from pinned requirements.
#   python-venv.sh [VENV REQUIREMENTS MIN_PYTHON]
# By default <repo>/.venv with moto_server, the local SNS and SQS (Python
# 3.9+); the training pipeline passes model/.venv, model/requirements.txt,
# 3.11. Idempotent: pip runs only when the requirements changed since the
# last successful install, which a sha256 stamp inside the venv records (so
# deleting the venv starts over cleanly). Paths are relative to the repo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/${1:-.venv}"
requirements="$root/${2:-packages/testing/moto/requirements.txt}"
min_python="${3:-3.9}"
stamp="$venv/.requirements.sha256"

fail() {
  echo "python-venv: $*" >&2
  exit 1
}

command -v python3 >/dev/null 2>&1 || fail "python3 (>= $min_python) is required and not on PATH"
python3 -c 'import sys; sys.exit(0 if sys.version_info >= tuple(map(int, sys.argv[1].split("."))) else 1)' "$min_python" ||
  fail "python3 >= $min_python is required; found $(python3 --version 2>&1)"
# Debian splits venv and ensurepip out of python3; without them `-m venv`
# leaves a half-made directory with no pip in it.
python3 -c 'import venv, ensurepip' 2>/dev/null ||
  fail "the python3 venv module is missing; on Debian or Ubuntu run: sudo apt-get install python3-venv"

# A venv is rebuilt when its interpreter no longer runs (python3 upgraded or
# removed) or the repo moved: its scripts' #! lines hold the old absolute path.
venv_is_usable() {
  "$venv/bin/python" -c '' >/dev/null 2>&1 || return 1
  local shebang
  IFS= read -r shebang 2>/dev/null <"$venv/bin/pip" || return 1
  [[ "$shebang" == "#!$venv/bin/"* ]]
}
if [ -d "$venv" ] && ! venv_is_usable; then
  rm -rf "$venv"
fi
if [ ! -d "$venv" ]; then
  python3 -m venv "$venv" || {
    rm -rf "$venv"
    fail "python3 -m venv $venv failed"
  }
fi

sha256() {
  "$venv/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}
wanted="$(sha256 "$requirements")"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  echo "python-venv: ${venv#"$root/"} is up to date"
  exit 0
fi

"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-virtualenv -r "$requirements" ||
  fail "pip could not install $requirements into $venv"
echo "$wanted" >"$stamp"
echo "python-venv: installed ${requirements#"$root/"} into ${venv#"$root/"}"

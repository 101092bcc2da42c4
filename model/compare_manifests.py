"""
Fails unless a rerun's manifest reproduces the committed one: the same model
version, feature order, thresholds, number of trees and every evaluation
figure. Artifact bytes that differ are reported, not failed on: another CPU
may round a float differently without changing any figure.

    python model/compare_manifests.py COMMITTED.json RERUN.json
"""

import json
import sys

MUST_MATCH = (
    ("modelVersion",),
    ("featureNames",),
    ("thresholds",),
    ("training", "trees"),
    ("evaluation",),
)


def at(document: dict, path: tuple[str, ...]):
    for key in path:
        document = document.get(key) if isinstance(document, dict) else None
    return document


def differences(committed, rerun, where: str = "") -> list[str]:
    if isinstance(committed, dict) and isinstance(rerun, dict):
        found = []
        for key in sorted(set(committed) | set(rerun)):
            found += differences(committed.get(key), rerun.get(key), f"{where}.{key}")
        return found
    return [] if committed == rerun else [f"{where}: committed {committed!r}, rerun {rerun!r}"]


def main() -> None:
    committed_path, rerun_path = sys.argv[1:3]
    with open(committed_path) as file:
        committed = json.load(file)
    with open(rerun_path) as file:
        rerun = json.load(file)
    failed = []
    for path in MUST_MATCH:
        failed += differences(at(committed, path), at(rerun, path), ".".join(path))
    for name, entry in committed.get("artifacts", {}).items():
        if "sha256" in entry and entry["sha256"] != at(rerun, ("artifacts", name, "sha256")):
            print(f"check: note: {name} differs byte for byte from the committed one", file=sys.stderr)
    if failed:
        print(f"check: the rerun does not reproduce {committed_path}:", file=sys.stderr)
        for line in failed[:50]:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)
    print(f"check: the rerun reproduces {committed_path} ({committed['modelVersion']})", file=sys.stderr)


if __name__ == "__main__":
    main()

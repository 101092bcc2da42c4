"""`model-manifest.json`: what the model is, how it was made, and how good it is."""

import hashlib
import json
import os

# The files whose content decides the model besides the config and the data.
CODE_FILES = ("requirements.txt", "train.py", "dataset", "pipeline")
DECIMALS = 6


def code_sha256(model_dir: str) -> str:
    digest = hashlib.sha256()
    paths = []
    for entry in CODE_FILES:
        path = os.path.join(model_dir, entry)
        if os.path.isdir(path):
            paths.extend(os.path.join(path, name) for name in os.listdir(path) if name.endswith((".py", ".mjs")))
        else:
            paths.append(path)
    for path in sorted(paths):
        digest.update(os.path.relpath(path, model_dir).encode() + b"\0")
        with open(path, "rb") as file:
            digest.update(file.read() + b"\0")
    return digest.hexdigest()


def model_version(config: dict, dataset_sha256: str, code_sha: str) -> str:
    """The same seed, config, data and code give the same version; any change gives another."""
    canonical = json.dumps([config, dataset_sha256, code_sha], sort_keys=True, separators=(",", ":"))
    return "xgb-" + hashlib.sha256(canonical.encode()).hexdigest()[:12]


def rounded(value):
    """Floats to DECIMALS places, so the figures read well and compare exactly between reruns."""
    if isinstance(value, float):
        return round(value, DECIMALS)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def file_entry(path: str) -> dict:
    with open(path, "rb") as file:
        content = file.read()
    return {"bytes": len(content), "sha256": sha256_of(content)}


def write_json(path: str, document: dict) -> None:
    with open(path, "w") as file:
        json.dump(document, file, indent=2)
        file.write("\n")

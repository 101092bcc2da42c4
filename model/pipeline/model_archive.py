"""`model.tar.gz` as the SageMaker built-in XGBoost container loads it."""

import gzip
import io
import os
import tarfile
import tempfile

import xgboost as xgb

# The container's loader (sagemaker-xgboost-container, serve_utils.get_loaded_booster)
# tries pickle, then `Booster.load_model(path)` on every file of the model
# directory. The file holds XGBoost's text JSON model format: for a file name
# without extension, XGBoost 1.x dispatches on a leading `{` to its (text-only)
# JSON reader and later versions tell text JSON from UBJSON by the next
# character, so every container version reads it; a pickle or UBJSON would
# tie the model to the versions that can read those.
MODEL_FILE = "xgboost-model"


def model_json(booster: xgb.Booster) -> bytes:
    return bytes(booster.save_raw(raw_format="json"))


def write_model_archive(path: str, booster: xgb.Booster) -> None:
    """A tar.gz with exactly one file, `xgboost-model`; byte-identical for the same booster (no times, owners)."""
    payload = model_json(booster)
    info = tarfile.TarInfo(MODEL_FILE)
    info.size = len(payload)
    info.mode = 0o644
    info.mtime = 0
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(info, io.BytesIO(payload))
    with open(path, "wb") as file, gzip.GzipFile(filename="", mode="wb", fileobj=file, mtime=0) as archive:
        archive.write(tar_bytes.getvalue())


def read_model_archive(path: str) -> xgb.Booster:
    """Loads the archive the way the container does: unpacked, then `Booster.load_model` on the bare file name."""
    with tarfile.open(path, "r:gz") as tar:
        names = tar.getnames()
        if names != [MODEL_FILE]:
            raise ValueError(f"{path} must hold exactly {MODEL_FILE}, holds {names}")
        with tempfile.TemporaryDirectory() as directory:
            tar.extractall(directory, filter="data")
            booster = xgb.Booster()
            booster.load_model(os.path.join(directory, MODEL_FILE))
    return booster

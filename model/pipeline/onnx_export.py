"""The same model as ONNX, for onnxruntime (the local SageMaker-compatible endpoint)."""

import numpy as np
import onnx
import onnxruntime as ort
import xgboost as xgb
from onnxmltools import convert_xgboost
from onnxmltools.convert.common.data_types import FloatTensorType

INPUT_NAME = "features"
# onnxmltools' classifier outputs: `label` and `probabilities` (one column per class).
SCORE_OUTPUT = "probabilities"
SCORE_COLUMN = 1
# The highest opset onnxmltools 1.16 converts XGBoost to; onnxruntime-node runs it.
OPSET = 15


def to_onnx(booster: xgb.Booster, feature_names: tuple[str, ...], model_version: str) -> onnx.ModelProto:
    model = convert_xgboost(
        booster,
        name="fraud-xgboost",
        initial_types=[(INPUT_NAME, FloatTensorType([None, len(feature_names)]))],
        target_opset=OPSET,
    )
    # Carried inside the file too, so a server can check it was given the model its manifest describes.
    for key, value in (("model_version", model_version), ("feature_names", ",".join(feature_names))):
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = value
    return model


def onnx_scores(model: onnx.ModelProto, features: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    outputs = session.run([SCORE_OUTPUT], {INPUT_NAME: features.astype(np.float32)})
    return np.asarray(outputs[0])[:, SCORE_COLUMN]


def check_parity(model: onnx.ModelProto, features: np.ndarray, expected: np.ndarray, tolerance: float) -> float:
    """The largest difference between onnxruntime's and xgboost's scores; fails above `tolerance`."""
    difference = float(np.max(np.abs(onnx_scores(model, features) - expected)))
    if difference > tolerance:
        raise AssertionError(f"onnxruntime differs from xgboost by {difference} > {tolerance}")
    return difference

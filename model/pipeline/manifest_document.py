"""The content of `model-manifest.json`."""

import numpy as np
import onnxruntime
import sklearn
import xgboost

from .dataset import Dataset
from .manifest import rounded
from .model_archive import MODEL_FILE
from .onnx_export import INPUT_NAME, OPSET, SCORE_COLUMN, SCORE_OUTPUT
from .split import Split

# The newest SageMaker built-in XGBoost image; it runs the XGBoost pinned in requirements.txt.
SAGEMAKER_XGBOOST_IMAGE = "3.0-5"


def manifest_document(
    *,
    version: str,
    config: dict,
    dataset: Dataset,
    split: Split,
    code_sha: str,
    trees: int,
    thresholds: dict[str, float],
    artifacts: dict[str, dict],
    onnx_difference: float,
    parity: dict,
    evaluation: dict,
) -> dict:
    rules = config["thresholds"]
    return {
        "modelVersion": version,
        "featureNames": list(dataset.feature_names),
        "thresholds": {
            **thresholds,
            "rule": {
                "review": f"highest validation recall with precision >= {rules['reviewMinPrecision']} over all flagged",
                "block": f"highest validation recall with precision >= {rules['blockMinPrecision']} over all flagged",
                "flagged": "score >= threshold",
            },
        },
        "artifacts": {
            "model.tar.gz": {
                **artifacts["model.tar.gz"],
                "contains": MODEL_FILE,
                "format": "XGBoost JSON model (Booster.load_model)",
                "sagemakerXgboostImage": SAGEMAKER_XGBOOST_IMAGE,
            },
            "model.onnx": {
                **artifacts["model.onnx"],
                "opset": OPSET,
                "input": INPUT_NAME,
                "inputType": "float32 [rows, features], columns in featureNames order",
                "scoreOutput": SCORE_OUTPUT,
                "scoreColumn": SCORE_COLUMN,
                "maxDifferenceFromXgboostOnTest": onnx_difference,
            },
            "parity-fixture.json": parity,
        },
        "training": {
            "config": config,
            "trees": trees,
            "datasetSha256": dataset.sha256,
            "codeSha256": code_sha,
            "libraries": {
                "xgboost": xgboost.__version__,
                "onnxruntime": onnxruntime.__version__,
                "scikit-learn": sklearn.__version__,
                "numpy": np.__version__,
            },
            "transactions": split.counts(dataset),
        },
        "evaluation": rounded(evaluation),
    }

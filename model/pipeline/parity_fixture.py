"""Feature rows with xgboost's own scores, for the endpoint's parity test."""

import numpy as np

from .dataset import Dataset

LEGIT_ROWS = 25
ROWS_PER_FRAUD_SCENARIO = 5


def fixture_rows(test: Dataset, seed: int) -> np.ndarray:
    """Indexes of test transactions: some genuine, some of each fraud scenario, drawn with `seed`, in dataset order."""
    random = np.random.default_rng(seed)
    picked = []
    for scenario in sorted(set(test.scenarios)):
        candidates = np.flatnonzero(test.scenarios == scenario)
        wanted = LEGIT_ROWS if scenario == "legit" else ROWS_PER_FRAUD_SCENARIO
        picked.extend(random.choice(candidates, size=min(wanted, len(candidates)), replace=False))
    return np.sort(np.array(picked))


def parity_fixture(test: Dataset, scores: np.ndarray, rows: np.ndarray, model_version: str, tolerance: float) -> dict:
    return {
        "modelVersion": model_version,
        "featureNames": list(test.feature_names),
        "tolerance": tolerance,
        "rows": [
            {
                "transactionId": str(test.transaction_ids[i]),
                "scenario": str(test.scenarios[i]),
                # The values as the feature engine emits them (doubles); xgboost and onnxruntime read them as float32.
                "features": [float(value) for value in test.features[i]],
                "xgboostScore": float(scores[i]),
            }
            for i in rows
        ],
    }

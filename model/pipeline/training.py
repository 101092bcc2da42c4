"""XGBoost, seeded and single-threaded so the same data gives the same trees bit for bit."""

import numpy as np
import xgboost as xgb

from .dataset import Dataset

# Keys of the config's "xgboost" section that are not booster parameters.
ROUND_KEYS = ("max_rounds", "early_stopping_rounds")


def matrix(part: Dataset) -> xgb.DMatrix:
    # No feature names in the model: the SageMaker container builds its
    # DMatrix from header-less CSV, and the manifest holds the order.
    return xgb.DMatrix(part.features, label=part.is_fraud, nthread=1)


def train_booster(params: dict, train: Dataset, validation: Dataset) -> xgb.Booster:
    """
    Boosts until validation average precision has not improved for
    `early_stopping_rounds` rounds, and returns the trees up to the best
    round only, so every consumer of the saved model predicts alike.
    """
    booster_params = {key: value for key, value in params.items() if key not in ROUND_KEYS}
    booster = xgb.train(
        booster_params,
        matrix(train),
        num_boost_round=params["max_rounds"],
        evals=[(matrix(validation), "validation")],
        early_stopping_rounds=params["early_stopping_rounds"],
        verbose_eval=False,
    )
    return booster[: booster.best_iteration + 1]


def predict(booster: xgb.Booster, part: Dataset) -> np.ndarray:
    return booster.predict(matrix(part))

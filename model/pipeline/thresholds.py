"""The operating thresholds, chosen on the validation days only."""

import numpy as np
from sklearn.metrics import precision_recall_curve


def threshold_for_precision(is_fraud: np.ndarray, scores: np.ndarray, min_precision: float) -> float:
    """
    The threshold with the highest recall whose precision over every
    transaction it flags (`score >= threshold`) is at least `min_precision`.
    It is placed halfway between the lowest flagged score and the next lower
    one, so scores that differ in the last bits between runtimes (xgboost,
    onnxruntime) do not land on the boundary.
    """
    precision, _, thresholds = precision_recall_curve(is_fraud, scores)
    # precision[i] is the precision at thresholds[i]; thresholds ascend, so the first qualifying one flags the most.
    qualifying = np.flatnonzero(precision[:-1] >= min_precision)
    if len(qualifying) == 0:
        raise ValueError(f"no threshold reaches precision {min_precision} on the validation days")
    lowest_flagged = float(thresholds[qualifying[0]])
    below = scores[scores < lowest_flagged]
    if len(below) == 0:
        return lowest_flagged
    midpoint = (lowest_flagged + float(below.max())) / 2
    rounded = round(midpoint, 6)
    return rounded if float(below.max()) < rounded <= lowest_flagged else midpoint

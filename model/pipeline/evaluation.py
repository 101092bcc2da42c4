"""Everything the manifest reports about one evaluation period."""

import numpy as np

from . import metrics
from .dataset import Dataset

CARD_PRECISION_K = 100


def evaluate(part: Dataset, scores: np.ndarray, thresholds: dict[str, float]) -> dict:
    handbook = np.isin(part.scenarios, ("legit", *metrics.HANDBOOK_SCENARIOS))
    return {
        "days": [int(part.days.min()), int(part.days.max()) + 1],
        "all": metrics.ranking(part, scores),
        # Card testing and impossible travel left out, so the data holds what the handbook's did.
        "handbookScenarios": {
            "scenarios": list(metrics.HANDBOOK_SCENARIOS),
            **metrics.ranking(part.subset(handbook), scores[handbook]),
        },
        "cardPrecisionAt100": metrics.card_precision_at_k(part, scores, CARD_PRECISION_K),
        "atThreshold": {name: metrics.at_threshold(part, scores, value) for name, value in thresholds.items()},
    }

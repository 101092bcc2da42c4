"""
PROTOTYPE: measures what the candidate features of
`model/prototype/extra-features.mjs` add to the model, each group on top of
the current features, with the same training, thresholds rule and test days
as `model/train.py`. Prints one JSON document; writes no artifact.

    PYTHONPATH=model python model/prototype/evaluate_extra_features.py --config model/training-config.json \
        --data DATASET.csv --extra EXTRA.csv
"""

import argparse
import csv
import json
import sys

import numpy as np

from pipeline.dataset import Dataset, load_dataset
from pipeline.evaluation import evaluate
from pipeline.manifest import rounded
from pipeline.split import Split
from pipeline.thresholds import threshold_for_precision
from pipeline.training import predict, train_booster

CARD_HISTORY = (
    "amount_minor",
    "card_txn_count_1d",
    "card_amount_avg_1d",
    "card_txn_count_7d",
    "card_amount_avg_7d",
    "card_txn_count_30d",
    "card_amount_avg_30d",
    "amount_to_card_avg_30d",
)


def merchant_feedback(delay: int) -> tuple[str, ...]:
    return tuple(
        f"merchant_{kind}_{horizon}d_delay{delay}d" for horizon in (1, 7, 30) for kind in ("txn_count", "fraud_rate")
    )


# The smallest set found to reach the handbook-scenario target with a two-day label delay.
RECOMMENDED = (
    "card_txn_count_7d",
    "card_amount_avg_7d",
    "card_txn_count_30d",
    "card_amount_avg_30d",
    "amount_to_card_avg_30d",
    "merchant_txn_count_1d_delay2d",
    "merchant_fraud_rate_1d_delay2d",
    "merchant_txn_count_7d_delay2d",
    "merchant_fraud_rate_7d_delay2d",
)


def variants() -> dict[str, tuple[str, ...]]:
    found = {"current": (), "+amount_minor": ("amount_minor",), "+card_history": CARD_HISTORY}
    for delay in (1, 2, 3, 7):
        found[f"+merchant_feedback_delay{delay}d"] = merchant_feedback(delay)
        found[f"+card_history+merchant_feedback_delay{delay}d"] = CARD_HISTORY + merchant_feedback(delay)
    found["+recommended"] = RECOMMENDED
    return found


def with_columns(dataset: Dataset, names: tuple[str, ...], extra_names: list[str], extra: np.ndarray) -> Dataset:
    columns = [extra_names.index(name) for name in names]
    return Dataset(
        dataset.feature_names + names,
        dataset.transaction_ids,
        dataset.days,
        dataset.cards,
        np.hstack([dataset.features, extra[:, columns]]),
        dataset.is_fraud,
        dataset.scenarios,
        dataset.has_earlier,
        dataset.sha256,
    )


def summary(evaluation: dict) -> dict:
    review = evaluation["atThreshold"]["review"]
    return {
        "averagePrecision": evaluation["all"]["averagePrecision"],
        "handbookScenariosAveragePrecision": evaluation["handbookScenarios"]["averagePrecision"],
        "rocAuc": evaluation["all"]["rocAuc"],
        "cardPrecisionAt100": evaluation["cardPrecisionAt100"]["mean"],
        "review": {
            "threshold": review["threshold"],
            "precision": review["precision"],
            "recall": review["recall"],
            "burstWithEarlierRecall": review["burstWithEarlierRecall"],
            "recallPerScenario": {name: entry["recall"] for name, entry in review["perScenario"].items()},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--extra", required=True)
    args = parser.parse_args()
    with open(args.config) as file:
        config = json.load(file)
    dataset = load_dataset(args.data)
    with open(args.extra, newline="") as file:
        reader = csv.reader(file)
        extra_names = next(reader)[1:]
        rows = list(reader)
    if [row[0] for row in rows] != list(dataset.transaction_ids):
        raise ValueError("the extra features are not in the dataset's transaction order")
    extra = np.array([row[1:] for row in rows], dtype=np.float64)

    split = Split.from_config(config["split"])
    rules = config["thresholds"]
    results = {}
    for name, columns in variants().items():
        train, validation, test = split.parts(with_columns(dataset, columns, extra_names, extra))
        booster = train_booster(config["xgboost"], train, validation)
        validation_scores = predict(booster, validation)
        thresholds = {
            "review": threshold_for_precision(validation.is_fraud, validation_scores, rules["reviewMinPrecision"]),
        }
        results[name] = rounded(summary(evaluate(test, predict(booster, test), thresholds)))
        print(f"prototype: {name}: {json.dumps(results[name])}", file=sys.stderr)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

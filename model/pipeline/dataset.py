"""The CSV written by `model/dataset/build-dataset.mjs`, as numpy arrays."""

import csv
import hashlib
from dataclasses import dataclass

import numpy as np

ID_COLUMNS = ("transactionId", "day", "cardToken")
LABEL_COLUMNS = ("isFraud", "scenario", "has_earlier_in_window")


@dataclass(frozen=True)
class Dataset:
    feature_names: tuple[str, ...]
    transaction_ids: np.ndarray
    days: np.ndarray
    cards: np.ndarray
    features: np.ndarray
    is_fraud: np.ndarray
    scenarios: np.ndarray
    has_earlier: np.ndarray
    sha256: str

    def subset(self, mask: np.ndarray) -> "Dataset":
        return Dataset(
            self.feature_names,
            self.transaction_ids[mask],
            self.days[mask],
            self.cards[mask],
            self.features[mask],
            self.is_fraud[mask],
            self.scenarios[mask],
            self.has_earlier[mask],
            self.sha256,
        )


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_dataset(path: str) -> Dataset:
    """
    Reads the dataset. The feature columns, between the id and the label
    columns, are `FEATURE_NAMES` of `@fraud/features` in order: the header is
    where the model's feature order comes from, so it is never restated here.
    """
    with open(path, newline="") as file:
        reader = csv.reader(file)
        header = tuple(next(reader))
        if header[: len(ID_COLUMNS)] != ID_COLUMNS or header[-len(LABEL_COLUMNS) :] != LABEL_COLUMNS:
            raise ValueError(f"{path}: columns {header} do not start with {ID_COLUMNS} and end with {LABEL_COLUMNS}")
        feature_names = header[len(ID_COLUMNS) : -len(LABEL_COLUMNS)]
        rows = list(reader)
    first_feature = len(ID_COLUMNS)
    last_feature = first_feature + len(feature_names)
    columns = list(zip(*rows, strict=True))
    return Dataset(
        feature_names=feature_names,
        transaction_ids=np.array(columns[0], dtype=object),
        days=np.array(columns[1], dtype=np.int64),
        cards=np.array(columns[2], dtype=object),
        features=np.array(columns[first_feature:last_feature], dtype=np.float64).T.copy(),
        is_fraud=np.array(columns[last_feature], dtype=np.int64),
        scenarios=np.array(columns[last_feature + 1], dtype=object),
        has_earlier=np.array(columns[last_feature + 2], dtype=np.int64) == 1,
        sha256=file_sha256(path),
    )

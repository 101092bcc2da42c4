"""The time-based split: whole simulated days, in order, never shuffled."""

import itertools
from dataclasses import dataclass

import numpy as np

from .dataset import Dataset


@dataclass(frozen=True)
class DayRange:
    """Days [start, end) of the simulation."""

    start: int
    end: int

    def mask(self, days: np.ndarray) -> np.ndarray:
        return (days >= self.start) & (days < self.end)


@dataclass(frozen=True)
class Split:
    train: DayRange
    validation: DayRange
    # Days simulated but not used: the model is trained at the end of
    # validation and only meets the test days after the labels of this period
    # would have come in (the handbook's delay period).
    delay: DayRange
    test: DayRange

    @staticmethod
    def from_config(config: dict) -> "Split":
        split = Split(
            train=DayRange(*config["trainDays"]),
            validation=DayRange(*config["validationDays"]),
            delay=DayRange(*config["delayDays"]),
            test=DayRange(*config["testDays"]),
        )
        ranges = [split.train, split.validation, split.delay, split.test]
        for before, after in itertools.pairwise(ranges):
            if before.start >= before.end or before.end != after.start:
                raise ValueError(f"split ranges must be non-empty and consecutive: {config}")
        return split

    def parts(self, dataset: Dataset) -> tuple[Dataset, Dataset, Dataset]:
        """The train, validation and test transactions."""
        return (
            dataset.subset(self.train.mask(dataset.days)),
            dataset.subset(self.validation.mask(dataset.days)),
            dataset.subset(self.test.mask(dataset.days)),
        )

    def counts(self, dataset: Dataset) -> dict:
        """Transactions per period and scenario."""
        periods = {"train": self.train, "validation": self.validation, "delay": self.delay, "test": self.test}
        result = {}
        for name, days in periods.items():
            names, numbers = np.unique(dataset.scenarios[days.mask(dataset.days)], return_counts=True)
            result[name] = {str(scenario): int(number) for scenario, number in zip(names, numbers, strict=True)}
        return result

"""Small vectorised sampling helpers shared by the generator's modules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


class Coded:
    """A categorical column: indices into ``labels`` (-1 is missing)."""

    __slots__ = ("index", "labels")

    def __init__(self, index: np.ndarray, labels: tuple[Any, ...]) -> None:
        self.index = np.asarray(index, dtype=np.int16)
        self.labels = labels

    def __len__(self) -> int:
        return int(self.index.size)

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.index[rows], self.labels)

    def values(self) -> np.ndarray:
        """The labels as an object array (None where missing): for the file writers."""
        table = np.array([*self.labels, None], dtype=object)
        return table[np.where(self.index < 0, len(self.labels), self.index)]

    @staticmethod
    def concat(parts: list[Coded], labels: tuple[Any, ...]) -> Coded:
        if not parts:
            return Coded(np.empty(0, dtype=np.int16), labels)
        return Coded(np.concatenate([p.index for p in parts]), labels)


def choice(rng: np.random.Generator, weights: Mapping[Any, float], size: int) -> Coded:
    labels = tuple(weights)
    p = np.array([weights[k] for k in labels], dtype=float)
    return Coded(rng.choice(len(labels), size=size, p=p / p.sum()), labels)


def choose_values(rng: np.random.Generator, weights: Mapping[Any, float], size: int) -> np.ndarray:
    """Sample the keys themselves (numbers), not indices."""
    labels = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return labels[rng.choice(len(labels), size=size, p=p / p.sum())]


def lognormal_int(
    rng: np.random.Generator, median: float, sigma: float, size: int, *, low: int = 1
) -> np.ndarray:
    values = np.rint(rng.lognormal(np.log(median), sigma, size))
    return np.maximum(values, low).astype(np.int64)


def uniform_int(rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, size: int):
    """Integers in [low, high] (inclusive), element-wise; high below low gives low."""
    low_a = np.asarray(low, dtype=np.int64)
    span = np.maximum(np.asarray(high, dtype=np.int64) - low_a, 0) + 1
    return low_a + (rng.random(size) * span).astype(np.int64)

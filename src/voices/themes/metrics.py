"""One evaluation figure, as `voices nlp evaluate` prints it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Metric:
    section: str  # "tagging", "discovery", "stability", "speed", ...
    dataset: str  # "fft_v6", "banking77", "codebook test split", ...
    name: str  # "micro-F1", "NMI", ...
    value: float
    spread: float | None = None  # standard deviation across folds or seeds, when there is one
    target: str | None = None  # e.g. ">= 0.72"
    passed: bool | None = None  # None where there is no target
    per_fold: tuple[float, ...] = ()  # each fold's value, in fold order, for paired comparisons

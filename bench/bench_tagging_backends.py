"""Is the optional sentence-embedding backend worth having? FFT v6 5-fold CV, fold by fold.

Run from the project root: ``.venv/bin/python bench/bench_tagging_backends.py`` (about ten minutes
on two cores; it needs the ``embeddings`` extra, which ``make bench`` installs).
The optional backend is admitted only if, on the same folds as the default tagger, it meets both
FFT targets and beats the default: macro-F1 by >= 0.01 and micro-F1 by >= 0.005 on average, and
on at least 4 of the 5 folds. Prints one row per fold and metric; exits 1 if any of that fails.
This lived in the test suite, where it was a tenth of its run time for a backend `make run` never
installs.
"""

from __future__ import annotations

import sys

import numpy as np
from rich.console import Console
from rich.table import Table

from voices.text.embeddings import INSTALL_HINT, available_encoders
from voices.themes.datasets import DEFAULT_DATASETS_DIR
from voices.themes.evaluate import MACRO_TARGET, MICRO_TARGET, encoder_suffix, fft_cross_validation
from voices.themes.metrics import Metric

FOLDS = 5
LEAST_MEAN_GAIN = {"macro-F1": 0.01, "micro-F1": 0.005}
LEAST_FOLDS_GAINED = 4
TARGETS = {"micro-F1": MICRO_TARGET, "macro-F1": MACRO_TARGET}


def by_name(metrics: list[Metric], suffix: str = "") -> dict[str, Metric]:
    return {m.name.removesuffix(suffix): m for m in metrics}


def compare(default: dict[str, Metric], encoded: dict[str, Metric], encoder: str) -> list[str]:
    """Print the per-fold table for one encoder; what it missed, as sentences."""
    table = Table(title=f"FFT v6 {FOLDS}-fold CV: default tagger against + {encoder} sentence embeddings")
    for column in ("metric", *(f"fold {i + 1}" for i in range(FOLDS)), "mean", "needs"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    missed = []
    for name, target in TARGETS.items():
        before, after = np.array(default[name].per_fold), np.array(encoded[name].per_fold)
        gains = after - before
        table.add_row(f"{name} default", *(f"{v:.3f}" for v in before), f"{before.mean():.3f}", "")
        table.add_row(f"{name} + {encoder}", *(f"{v:.3f}" for v in after), f"{after.mean():.3f}", f">= {target}")
        table.add_row(
            "gain", *(f"{g:+.3f}" for g in gains), f"{gains.mean():+.3f}",
            f">= {LEAST_MEAN_GAIN[name]}, on {LEAST_FOLDS_GAINED} folds",
        )
        if after.mean() < target:
            missed.append(f"{name} {after.mean():.3f} with {encoder} is under its target {target}")
        if gains.mean() < LEAST_MEAN_GAIN[name] or (gains > 0).sum() < LEAST_FOLDS_GAINED:
            missed.append(f"{name} gains per fold {gains.round(3).tolist()} do not beat the default")
    Console(width=160).print(table)
    return missed


def main() -> int:
    encoders = available_encoders()
    if not encoders:
        print(f"no sentence encoder is installed; {INSTALL_HINT}")
        return 1
    default = by_name(fft_cross_validation(DEFAULT_DATASETS_DIR, FOLDS, with_baseline=False))
    missed = []
    for encoder in encoders:
        metrics = fft_cross_validation(DEFAULT_DATASETS_DIR, FOLDS, with_baseline=False, sentence_encoder=encoder)
        missed += compare(default, by_name(metrics, encoder_suffix(encoder)), encoder)
    for line in missed:
        print(f"missed: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""NPMI of emergent themes' top words on FFT v6, by seed, guided or not, joining themes given one
name or not: the table behind issue 12's "NPMI no worse than today" (docs/benchmarks.md).

"Today" is the engine before issue 12: unguided, themes given one name left apart. Each setting runs
at 20 themes asked on all FFT v6 answers, as `voices nlp evaluate` does, and reports NPMI three
ways: ten words a theme in the order names read, pooled over pairs (the evaluate row) and with each
theme weighing the same, and over the words officers are shown.

    .venv/bin/python bench/bench_coherence.py [--seeds 5]
"""

from __future__ import annotations

import argparse

import numpy as np
from rich.console import Console
from rich.table import Table

from voices.themes.coherence import npmi_coherence, theme_mean_npmi
from voices.themes.datasets import DEFAULT_DATASETS_DIR, load_fft, load_fft_questions
from voices.themes.discover import NOT_SUBSTANTIVE, ThemeDiscoverer
from voices.themes.guide import shipped_guide
from voices.themes.vectorise import analyse_comments

SETTINGS = (  # (row name, guided, join_same_names)
    ("today: unguided, apart", False, False),
    ("unguided, joined", False, True),
    ("guided, apart", True, False),
    ("guided, joined (shipped)", True, True),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    texts = load_fft(DEFAULT_DATASETS_DIR)[0]
    guide = shipped_guide(texts, load_fft_questions(DEFAULT_DATASETS_DIR))
    analyses = analyse_comments(texts)
    table = Table(title=f"FFT v6, {len(texts)} answers, 20 themes asked, seeds 0-{args.seeds - 1}")
    for column in ("setting", "themes", "NPMI ten words (pooled)", "mean", "ten words, each theme alike",
                   "mean", "words shown (pooled)", "mean"):
        table.add_column(column, justify="left" if column in {"setting"} else "right")
    for name, guided, join in SETTINGS:
        found, pooled, alike, shown = [], [], [], []
        for seed in range(args.seeds):
            engine = ThemeDiscoverer(n_themes=20, merge_similarity=None, join_same_names=join, random_state=seed)
            discovery = engine.discover(texts, analyses=analyses, guide=guide if guided else None)
            themed = [analyses[i] for i in np.flatnonzero(discovery.labels != NOT_SUBSTANTIVE)]
            counts = engine.vectoriser_.term_counts(themed)
            vocabulary = engine.vectoriser_.vocabulary
            found.append(len(discovery.themes))
            pooled.append(npmi_coherence(engine.name_term_weights_, vocabulary, counts))
            alike.append(theme_mean_npmi(engine.name_term_weights_, vocabulary, counts))
            shown.append(npmi_coherence(engine.term_weights_, vocabulary, counts))
        cells = []
        for values in (pooled, alike, shown):
            cells += [" ".join(f"{v:.3f}" for v in values), f"{np.mean(values):.3f}"]
        table.add_row(name, " ".join(map(str, found)), *cells)
    Console(width=200).print(table)


if __name__ == "__main__":
    main()

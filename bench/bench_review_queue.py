"""Review queue against random picks: macro/micro-F1 as a simulated reviewer labels 200 comments.

Run from the project root: ``.venv/bin/python bench/bench_review_queue.py`` (about 3 minutes of CPU,
8 of wall time on 2 cores shared with other work; ``--seeds 1 --rounds 2`` for a quick look). Writes the learning curves to
``docs/img/review_queue.svg`` and prints the table recorded in docs/benchmarks.md.

The oracle is FFT v6 (../shared/datasets): its NHS-coded theme columns are the reviewer's answers.
The labels are those ``voices nlp evaluate`` scores on FFT (the themes with at least 30 examples,
"Not assigned" meaning no theme). The codebook's own test split cannot be the oracle: it holds
~130 comments, fewer than the 200 labels to add. Per seed:

- FFT rows are split by text (identical answers, such as "Nothing.", all fall on one side) into a
  held-out test set, never chosen from or trained on, and a pool of unreviewed comments
  (subsampled, ``--pool``, to keep the run short).
- The start stands in for the shipped training data: the codebook gives every theme a handful of
  examples, so the start is ``--per-theme`` pool comments drawn at random among each theme's
  positives, with every theme they carry. The shipped codebook itself cannot be the start: its 18
  strategy themes are not FFT's.
- Each round the tagger (the shipped recipe: ``CODEBOOK_PARAMS``, meant for a few dozen examples a
  theme) is refitted on what is labelled so far and scored on the test set; then ``--batch``
  more pool comments get their labels, chosen by ``review_queue`` or uniformly at random (or, with
  ``--strategies``, by uncertainty alone: the queue without themes taking turns or near-duplicate
  skipping). All strategies share the start, the split and the pool of a seed, so seeds are paired.

BLAS runs single-threaded: on 2 cores shared with other work, its threads only contend (a fit
took ten times longer with them).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from sklearn.metrics import f1_score
from threadpoolctl import threadpool_limits

from voices.settings import PROJECT_ROOT
from voices.themes.datasets import fft_frequent_labels, load_fft
from voices.themes.evaluate import FFT_NOT_A_THEME
from voices.themes.review_queue import review_queue, threshold_distances
from voices.themes.tagger import CodebookTagger
from voices.themes.train import CODEBOOK_PARAMS

STRATEGIES = ("queue", "random")
COLOURS = {"queue": "#1d70b8", "random": "#d4351c", "uncertainty": "#505a5f"}
LEGEND = {
    "queue": "review queue (uncertainty, themes taking turns)",
    "random": "random",
    "uncertainty": "uncertainty only (ablation)",
}
# Chooses a batch of pool positions, given the tagger fitted so far, the pool's texts and a seed.
Chooser = Callable[[CodebookTagger, list[str], int, int], list[int]]


@dataclass(frozen=True, slots=True)
class Split:
    start: np.ndarray  # row numbers labelled before the first round
    pool: np.ndarray  # unreviewed row numbers the strategies choose from
    test: np.ndarray  # held-out row numbers, only ever scored


def fft_themes() -> tuple[list[str], np.ndarray, list[str]]:
    """FFT v6 as ``voices nlp evaluate`` reads it: frequent themes, "Not assigned" as no theme."""
    texts, labels, names = load_fft()
    themes = [i for i, name in enumerate(names) if name != FFT_NOT_A_THEME]
    y, kept = fft_frequent_labels(labels[:, themes], [names[i] for i in themes])
    return texts, y, kept


def split(
    texts: Sequence[str], y: np.ndarray, seed: int, test_size: int, pool_size: int, per_theme: int
) -> Split:
    """Test and pool by distinct text, then a start of ``per_theme`` positives a theme from the pool."""
    rng = np.random.default_rng(seed)
    distinct = sorted(set(texts))
    order = dict(zip(distinct, rng.permutation(len(distinct)).tolist(), strict=True))
    rank = np.array([order[text] for text in texts])
    rows = np.argsort(rank, kind="stable")
    # Whole groups of identical answers: the test set ends with the whole group of its last row.
    in_test = rank <= rank[rows[test_size - 1]]
    test, rest = np.flatnonzero(in_test), np.flatnonzero(~in_test)
    pool = rng.permutation(rest)[:pool_size]
    start: set[int] = set()
    for j in range(y.shape[1]):
        positives = pool[y[pool, j] == 1]
        start.update(rng.permutation(positives)[:per_theme].tolist())
    start_rows = np.array(sorted(start))
    return Split(start_rows, np.setdiff1d(pool, start_rows), test)


def by_queue(tagger: CodebookTagger, pool: list[str], n: int, seed: int) -> list[int]:
    return [pick.index for pick in review_queue(tagger, pool, n, seed=seed)]


def by_uncertainty(tagger: CodebookTagger, pool: list[str], n: int, seed: int) -> list[int]:
    """Ablation: the queue's uncertainty without its diversity (nearest any threshold, no turns)."""
    _, distances = threshold_distances(tagger, pool)
    tie_break = np.random.default_rng(seed).permutation(len(pool))
    return np.lexsort((tie_break, distances.min(axis=1)))[:n].tolist()


def at_random(tagger: CodebookTagger, pool: list[str], n: int, seed: int) -> list[int]:
    return np.random.default_rng(seed).choice(len(pool), size=min(n, len(pool)), replace=False).tolist()


def fit(
    texts: Sequence[str], y: np.ndarray, rows: np.ndarray, themes: list[str], seed: int
) -> CodebookTagger:
    return CodebookTagger(classes=themes, random_state=seed, **CODEBOOK_PARAMS).fit(
        [texts[i] for i in rows], y[rows]
    )


def scores(
    tagger: CodebookTagger, texts: Sequence[str], y: np.ndarray, test: np.ndarray
) -> tuple[float, float]:
    predicted = tagger.predict([texts[i] for i in test])
    return tuple(  # type: ignore[return-value]
        float(f1_score(y[test], predicted, average=average, zero_division=0))
        for average in ("micro", "macro")
    )


def learning_curve(
    texts: Sequence[str],
    y: np.ndarray,
    themes: list[str],
    data: Split,
    first: CodebookTagger,
    choose: Chooser,
    rounds: int,
    batch: int,
    seed: int,
) -> list[tuple[float, float]]:
    """(micro, macro) after 0, batch, 2 x batch, ... labels added to the start."""
    tagger, labelled, pool = first, data.start, data.pool
    curve = [scores(tagger, texts, y, data.test)]
    for round_number in range(rounds):
        picked = choose(tagger, [texts[i] for i in pool], batch, seed * 1000 + round_number)
        chosen = pool[picked]
        labelled = np.concatenate([labelled, chosen])
        pool = np.setdiff1d(pool, chosen)
        tagger = fit(texts, y, labelled, themes, seed)
        curve.append(scores(tagger, texts, y, data.test))
    return curve


def chart(labels: list[int], curves: dict[str, np.ndarray], path: Path, title: str) -> None:
    """Two panels (micro, macro): the mean over seeds, shaded between the lowest and highest seed."""
    rcParams["svg.hashsalt"] = "review-queue"  # stable element ids, so a re-run diffs cleanly
    # A bare Figure needs neither pyplot nor a display; savefig picks the SVG writer by suffix.
    figure = Figure(figsize=(9, 3.6))
    axes = figure.subplots(1, 2, sharex=True)
    for column, (axis, name) in enumerate(zip(axes, ("micro-F1", "macro-F1"), strict=True)):
        for strategy, values in curves.items():
            colour = COLOURS[strategy]
            values = values[:, :, column]
            axis.plot(
                labels, values.mean(axis=0), marker="o", markersize=3, color=colour, label=LEGEND[strategy]
            )
            axis.fill_between(labels, values.min(axis=0), values.max(axis=0), color=colour, alpha=0.15)
        axis.set_title(name)
        axis.set_xlabel("labels added by the reviewer")
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("F1 on held-out FFT comments")
    handles, names = axes[0].get_legend_handles_labels()
    figure.legend(handles, names, loc="lower center", ncol=len(names), fontsize=8, frameon=False)
    figure.suptitle(title, fontsize=10)
    figure.tight_layout(rect=(0, 0.07, 1, 1))  # room below the panels for the shared legend
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Date": None})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--per-theme", type=int, default=5)
    parser.add_argument("--pool", type=int, default=3000)
    parser.add_argument("--test", type=int, default=1500)
    parser.add_argument(
        "--strategies",
        default=",".join(STRATEGIES),
        help="comma-separated, from queue, random and uncertainty (the queue without its diversity)",
    )
    parser.add_argument("--chart", type=Path, default=PROJECT_ROOT / "docs" / "img" / "review_queue.svg")
    args = parser.parse_args()
    texts, y, themes = fft_themes()
    choosers: dict[str, Chooser] = {"queue": by_queue, "random": at_random, "uncertainty": by_uncertainty}
    strategies = args.strategies.split(",")
    curves: dict[str, list[list[tuple[float, float]]]] = {strategy: [] for strategy in strategies}
    started, cpu_started = time.perf_counter(), time.process_time()
    starts, tests = [], []
    with threadpool_limits(limits=1):
        for seed in range(args.seeds):
            data = split(texts, y, seed, args.test, args.pool, args.per_theme)
            starts.append(len(data.start))
            tests.append(len(data.test))
            first = fit(texts, y, data.start, themes, seed)
            for strategy in strategies:
                curves[strategy].append(
                    learning_curve(
                        texts, y, themes, data, first, choosers[strategy], args.rounds, args.batch, seed
                    )
                )
                final = curves[strategy][-1][-1]
                print(
                    f"seed {seed} {strategy:11}: micro {final[0]:.3f} macro {final[1]:.3f}"
                    f" ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
    arrays = {strategy: np.array(curves[strategy]) for strategy in strategies}  # seeds x points x 2
    labels = [args.batch * k for k in range(args.rounds + 1)]
    print(
        f"\nFFT v6, {len(themes)} themes; start {np.mean(starts):.0f} comments ({args.per_theme} a theme),"
        f" pool {args.pool}, held-out test {np.mean(tests):.0f}; {args.rounds} rounds of {args.batch};"
        f" mean ± sd over {args.seeds} seeds; {time.perf_counter() - started:.0f} s"
        f" ({time.process_time() - cpu_started:.0f} s of CPU)\n"
    )
    headers = [f"{name} {strategy}" for name in ("micro-F1", "macro-F1") for strategy in strategies]
    print("| labels added | " + " | ".join(headers) + " |")
    print("|---:|" + "---:|" * len(headers))
    for point, added in enumerate(labels):
        cells = [
            f"{arrays[s][:, point, c].mean():.3f} ± {arrays[s][:, point, c].std():.3f}"
            for c in (0, 1)
            for s in strategies
        ]
        print(f"| {added} | " + " | ".join(cells) + " |")
    # Seeds are paired (same split, start and pool), so the per-seed difference is the fair comparison.
    for strategy in [s for s in strategies if s != "random" and "random" in arrays]:
        for column, name in ((0, "micro-F1"), (1, "macro-F1")):
            gain = arrays[strategy][:, -1, column] - arrays["random"][:, -1, column]
            print(
                f"\n{name} at {labels[-1]} labels, {strategy} - random per seed: "
                + ", ".join(f"{g:+.3f}" for g in gain)
                + f"; mean {gain.mean():+.3f}, ahead on {int((gain > 0).sum())} of {len(gain)} seeds"
            )
    chart(
        labels,
        arrays,
        args.chart,
        f"FFT v6: {' vs '.join(strategies)}, mean and range over {args.seeds} seeds",
    )
    print(f"\nchart: {args.chart}")


if __name__ == "__main__":
    main()

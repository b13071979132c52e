"""Speed and memory of theming, against a bare spaCy tokenizer pass over the same texts.

Texts are FFT v6 answers resampled with a fixed seed to 10,000 and 100,000 comments. Each size
runs in a fresh subprocess so its peak resident memory (ru_maxrss) is its own; 10k timings are
the best of three runs, 100k runs once. Prints a Markdown table for docs/benchmarks.md.

    .venv/bin/python bench/bench_theming.py            # 10k and 100k
    .venv/bin/python bench/bench_theming.py --sizes 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

TARGETS = {10_000: {"tag": 1.0, "full": 10.0}, 100_000: {"full": 120.0, "peak_mib": 2048.0}}


def resampled_texts(n: int, seed: int = 0) -> list[str]:
    from voices.themes.datasets import DEFAULT_DATASETS_DIR, load_fft

    texts = load_fft(DEFAULT_DATASETS_DIR)[0]
    picks = np.random.default_rng(seed).integers(0, len(texts), n)
    return [texts[i] for i in picks]


def measure(n: int, repeats: int) -> dict[str, float]:
    """Runs in the child: tokenizer baseline, tagging alone, then full theming.

    Each timing is the best of ``repeats`` runs: on a shared machine other work only adds time.
    """
    from voices.settings import Settings
    from voices.text import text_pipeline
    from voices.themes.run import theme_comments
    from voices.errors import TaggerNotTrained
    from voices.themes.train import load_tagger

    texts = resampled_texts(n)
    tokenizer = text_pipeline().tokenizer
    figures = {"tokenizer": best_of(repeats, lambda: list(tokenizer.pipe(texts, batch_size=1000)))}
    try:
        tagger = load_tagger(Settings.from_env().nlp_models_dir)
    except TaggerNotTrained:
        tagger = None
    if tagger is not None:
        tagger.tag(texts[:200])  # warm caches, as a long-running process would have them
        figures["tag"] = best_of(repeats, lambda: tagger.predict_proba(texts))
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = theme_comments(texts, tagger=tagger)
        runs.append((time.perf_counter() - started, result))
    figures["full"], result = min(runs, key=lambda run: run[0])
    figures.update({f"step {k}": v for k, v in result.seconds.items()})
    figures["themes"] = len(result.discovery.themes)
    figures["unassigned share"] = result.discovery.n_unassigned / max(result.discovery.n_substantive, 1)
    # ru_maxrss is in KiB on Linux.
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def table(results: dict[int, dict[str, float]]) -> str:
    lines = [
        "| comments | step | seconds / value | x tokenizer | target | passed |",
        "|---:|---|---:|---:|---|---|",
    ]
    for n, figures in results.items():
        base = figures["tokenizer"]
        for key, value in figures.items():
            target = TARGETS.get(n, {}).get(key)
            ratio = f"{value / base:.1f}" if key in {"tag", "full"} or key.startswith("step") else ""
            verdict = "" if target is None else ("yes" if value <= target else "**no**")
            shown = f"{value:.2f}" if not float(value).is_integer() else f"{int(value)}"
            lines.append(f"| {n:,} | {key} | {shown} | {ratio} | {'' if target is None else f'<= {target:g}'} | {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs (100k: once)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeats)))
        return
    results = {}
    for n in args.sizes:
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--one", str(n),
             "--repeats", str(args.repeats if n <= 10_000 else 1)],
            capture_output=True, text=True, check=True,
        )
        results[n] = json.loads(child.stdout.strip().splitlines()[-1])
    print(table(results))


if __name__ == "__main__":
    main()

"""Tag 10,000 comments with the shipped codebook tagger, against a bare spaCy tokenizer pass.

Run from the project root: ``.venv/bin/python bench/bench_tagging.py [--n 10000] [--repeats 3]``.
Texts are FFT v6 answers from ../shared/datasets (cycled to reach --n); times are the best of
--repeats runs, since on a shared machine other work only ever adds time.
"""

from __future__ import annotations

import argparse

from voices.settings import Settings
from voices.themes.datasets import load_fft
from voices.themes.evaluate import print_metrics, tagging_speed
from voices.themes.train import load_tagger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    tagger = load_tagger(Settings().nlp_models_dir)
    print_metrics(tagging_speed(tagger, load_fft()[0], args.n, args.repeats))


if __name__ == "__main__":
    main()

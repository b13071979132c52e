"""Tag 10,000 comments with the shipped codebook tagger, against a bare spaCy tokenizer pass.

Run from the project root: ``.venv/bin/python bench/bench_tagging.py [--n 10000] [--repeats 3]``.
Texts are FFT v6 answers from ../shared/datasets (cycled to reach --n); times are the best of
--repeats runs, since on a shared machine other work only ever adds time. With the optional
``embeddings`` extra installed it also times a codebook tagger that reads sentence embeddings
(one run, with the encoder's memo switched off so that every comment is encoded).
"""

from __future__ import annotations

import argparse

from voices.settings import Settings
from voices.text.embeddings import available_encoders
from voices.themes.codebook import load_codebook
from voices.themes.datasets import load_fft
from voices.themes.evaluate import print_metrics, tagging_speed
from voices.themes.train import fit_codebook_tagger, load_tagger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    models_dir = Settings().nlp_models_dir
    texts = load_fft()[0]
    metrics = tagging_speed(load_tagger(models_dir), texts, args.n, args.repeats)
    for name in available_encoders():
        tagger = fit_codebook_tagger(load_codebook(models_dir / "codebook.yaml"), sentence_encoder=name)
        metrics += tagging_speed(tagger, texts, args.n, repeats=1)
    print_metrics(metrics)


if __name__ == "__main__":
    main()

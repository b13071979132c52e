"""The new training comments and the question as tagging input (issue 12), measured off the blind set.

Run from the project root: ``.venv/bin/python bench/bench_question_tagging.py [--section ...]``.
Every figure here is on data the recipes may be chosen on; the blind set is scored only by
``voices nlp evaluate --only blind``.

- ``held-out``: recipes fitted on codebook.yaml (all of it) plus the training split of
  ``themes_training.jsonl``, scored on its held-out split (a stable hash of the text, a fifth), with
  and without each comment's question, for a few question weights and seeds.
- ``codebook``: the codebook's own test split (as ``voices nlp evaluate`` computes it: 80% of the
  examples with descriptions, seed phrases and unthemed examples), with and without the new comments
  in training. Its comments answer no question.
- ``fft``: ``voices nlp evaluate``'s FFT v6 cross-validation (same folds, same tagger defaults),
  with each row's question (``FFT question``) as input against without, fold by fold.

BLAS runs single-threaded: on 2 cores shared with other work, its threads only contend.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from threadpoolctl import threadpool_limits

from voices.settings import PROJECT_ROOT
from voices.themes.blind import content_hash
from voices.themes.codebook import Codebook, load_codebook
from voices.themes.datasets import DEFAULT_DATASETS_DIR, fft_frequent_labels, load_fft, load_fft_questions
from voices.themes.evaluate import FFT_NOT_A_THEME
from voices.themes.tagger import CodebookTagger
from voices.themes.train import CODEBOOK_PARAMS, shipped_training_comments, training_rows, training_set
from voices.themes.training_data import TrainingComment, split_training_comments

WEIGHTS = (0.0, 0.25, 0.5, 1.0)


def _f1s(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    return (
        float(f1_score(truth, predicted, average="micro", zero_division=0)),
        float(f1_score(truth, predicted, average="macro", zero_division=0)),
    )


def _truth(comments: Sequence[TrainingComment], ids: list[str]) -> np.ndarray:
    return np.array([[int(theme in c.themes) for theme in ids] for c in comments], dtype=np.int8)


def held_out(codebook: Codebook, seeds: Sequence[int]) -> None:
    train, test = split_training_comments(shipped_training_comments())
    # A held-out comment whose wording codebook.yaml also holds (2 of 885) would be scored on its own
    # training text.
    in_codebook = {content_hash(text) for text in training_set(codebook, extra=[])[0]}
    test = [comment for comment in test if content_hash(comment.text) not in in_codebook]
    ids = codebook.theme_ids
    truth = _truth(test, ids)
    texts, test_questions = [c.text for c in test], [c.question for c in test]
    print(f"held-out split: {len(test)} comments; training {len(train)} + codebook.yaml")
    recipes: list[tuple[str, Sequence[TrainingComment], float]] = [("codebook only", [], 0.0)]
    recipes += [(f"+ training split, question weight {w}", train, w) for w in WEIGHTS]
    for name, extra, weight in recipes:
        scores = []
        for seed in seeds:
            rows, questions, labels = training_rows(codebook, extra=extra)
            tagger = CodebookTagger(
                classes=ids, random_state=seed, question_weight=weight, **CODEBOOK_PARAMS
            ).fit(rows, labels, questions)
            scores.append(_f1s(truth, tagger.predict(texts, test_questions)))
        micro, macro = np.mean(scores, axis=0)
        print(f"  {name:45s} micro {micro:.3f}  macro {macro:.3f}  (seeds {list(seeds)})", flush=True)


def codebook_split(codebook: Codebook, seed: int) -> None:
    train, test = codebook.split()
    ids = codebook.theme_ids
    base_texts = [t for t, _ in train + codebook.seed_texts()] + codebook.unthemed_examples
    base_labels = [{th} for _, th in train + codebook.seed_texts()]
    base_labels += [set() for _ in codebook.unthemed_examples]
    truth = np.array([[int(theme == t) for t in ids] for _, theme in test])
    comments = shipped_training_comments()
    for name, extra, weight in (
        ("codebook split only", [], 0.0),
        ("+ all training comments", comments, 0.0),
        (f"+ all training comments, question weight {WEIGHTS[2]}", comments, WEIGHTS[2]),
    ):
        texts = base_texts + [c.text for c in extra]
        labels = base_labels + [set(c.themes) for c in extra]
        questions: list[str | None] = [None] * len(base_texts) + [c.question for c in extra]
        tagger = CodebookTagger(classes=ids, random_state=seed, question_weight=weight, **CODEBOOK_PARAMS)
        tagger.fit(texts, labels, questions)
        micro, macro = _f1s(truth, tagger.predict([t for t, _ in test]))
        print(f"codebook test split ({len(test)}), {name:50s} micro {micro:.3f}  macro {macro:.3f}")


def fft(weights: Sequence[float], folds: int = 5, seed: int = 0) -> None:
    texts, labels, names = load_fft(DEFAULT_DATASETS_DIR)
    questions = load_fft_questions(DEFAULT_DATASETS_DIR)
    themes = [i for i, name in enumerate(names) if name != FFT_NOT_A_THEME]
    y, kept = fft_frequent_labels(labels[:, themes], [names[i] for i in themes], 30)
    per_weight: dict[float, list[tuple[float, float]]] = {w: [] for w in weights}
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(texts):
        for weight in weights:
            tagger = CodebookTagger(classes=kept, random_state=seed, question_weight=weight).fit(
                [texts[i] for i in train], y[train], [questions[i] for i in train]
            )
            predicted = tagger.predict([texts[i] for i in test], [questions[i] for i in test])
            per_weight[weight].append(_f1s(y[test], predicted))
            print(f"  fold {len(per_weight[weight])} weight {weight}: {per_weight[weight][-1]}", flush=True)
    for weight, scores in per_weight.items():
        values = np.array(scores)
        print(
            f"fft_v6 ({len(kept)} labels, {folds}-fold), question weight {weight}: "
            f"micro {values[:, 0].mean():.3f} ± {values[:, 0].std():.3f}, "
            f"macro {values[:, 1].mean():.3f} ± {values[:, 1].std():.3f}; per fold {values.round(3).tolist()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", choices=["held-out", "codebook", "fft"], action="append")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--fft-weights", type=float, nargs="+", default=[0.0, WEIGHTS[2]])
    args = parser.parse_args()
    sections = args.section or ["held-out", "codebook", "fft"]
    codebook = load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml")
    with threadpool_limits(1):
        if "held-out" in sections:
            held_out(codebook, range(args.seeds))
        if "codebook" in sections:
            codebook_split(codebook, 0)
        if "fft" in sections:
            fft(args.fft_weights)


if __name__ == "__main__":
    main()

"""Tagging evaluation and the one table ``voices nlp evaluate`` prints.

- ``codebook_split_metrics``: train on 80% of the codebook examples, per-theme F1 on the rest.
- ``fft_cross_validation``: the same tagger architecture, k-fold CV on FFT v6 labels with at least
  30 examples; thresholds are tuned inside each training fold only. A plain TF-IDF + LinearSVC
  baseline runs on the same folds, so the gain is measured, not quoted. With ``sentence_encoder``
  the tagger also reads sentence embeddings (the optional ``embeddings`` extra).
- ``tagging_speed``: tag 10,000 comments with the shipped tagger against a bare spaCy tokenizer
  pass over the same texts (``bench/bench_tagging.py`` prints the same figures); the target
  applies to the default tagger; one with a sentence encoder is timed with no target.
- ``blind_set_metrics``: the shipped recipe trained on the whole codebook, scored on the frozen blind
  set (``themes/blind.py``) over several seeds: micro/macro-F1, the weakest theme, the share of
  no-theme comments left untagged, and precision/recall/F1/support per theme. Only scored, never
  tuned on. The issue's targets apply to the default tagger (the one ``make run`` installs).
- ``print_metrics``: one rich table of ``Metric`` rows, whatever section they come from;
  ``print_theme_scores`` the per-theme table beside it, one column group per backend.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC

from voices.text import embeddings, text_pipeline
from voices.themes.blind import BlindComment, label_matrix, shared_with
from voices.themes.codebook import Codebook
from voices.themes.datasets import fft_frequent_labels, load_fft, load_fft_questions
from voices.themes.metrics import Metric
from voices.themes.tagger import CodebookTagger
from voices.themes.train import SHIPPED_PARAMS, fit_codebook_tagger, shipped_training_comments, training_set

MICRO_TARGET, MACRO_TARGET = 0.72, 0.58
# Issue 12's targets on the blind set, for the default install: micro, macro, and every theme.
BLIND_MICRO_TARGET, BLIND_MACRO_TARGET, BLIND_THEME_TARGET = 0.75, 0.70, 0.55
# Training is random only through the inner folds that tune thresholds; the issue asks for 5 seeds.
BLIND_SEEDS = 5
SPEED_TARGET_SECONDS, SPEED_N_TEXTS = 1.0, 10_000
# "Not assigned" marks comments with no theme; the tagger expresses that by assigning none.
FFT_NOT_A_THEME = "Not assigned"


def codebook_split_metrics(
    codebook: Codebook, random_state: int = 0
) -> tuple[list[Metric], dict[str, float]]:
    """Micro/macro-F1 on the held-out 20% of codebook examples, and F1 per theme.

    Training uses the other 80% plus every description, seed phrase and unthemed example, and the
    shipped training comments with their questions (the shipped recipe).
    """
    train, test = codebook.split()
    train += codebook.seed_texts()
    ids = codebook.theme_ids
    extra = shipped_training_comments()
    texts = [text for text, _ in train] + codebook.unthemed_examples + [c.text for c in extra]
    labels = [{theme} for _, theme in train] + [set() for _ in codebook.unthemed_examples]
    labels += [set(c.themes) for c in extra]
    questions = [None] * (len(texts) - len(extra)) + [c.question for c in extra]
    tagger = CodebookTagger(classes=ids, random_state=random_state, **SHIPPED_PARAMS)
    tagger.fit(texts, labels, questions)
    truth = np.array([[int(theme == t) for t in ids] for _, theme in test])
    predicted = tagger.predict([text for text, _ in test])
    per_theme = f1_score(truth, predicted, average=None, zero_division=0)
    dataset = "codebook test split"
    metrics = [
        Metric("tagging", dataset, "micro-F1", _f1(truth, predicted, "micro")),
        Metric("tagging", dataset, "macro-F1", _f1(truth, predicted, "macro")),
        Metric("tagging", dataset, "themes per comment", float(predicted.sum(axis=1).mean())),
    ]
    return metrics, {theme: float(f) for theme, f in zip(ids, per_theme, strict=True)}


def fft_cross_validation(
    datasets_dir: Path,
    folds: int = 5,
    random_state: int = 0,
    min_count: int = 30,
    with_baseline: bool = True,
    sentence_encoder: str | None = None,
) -> list[Metric]:
    """Tagger and baseline micro/macro-F1 over k folds of FFT v6 (each answer with its question), mean
    and standard deviation."""
    texts, labels, names = load_fft(datasets_dir)
    questions = load_fft_questions(datasets_dir)
    themes = [i for i, name in enumerate(names) if name != FFT_NOT_A_THEME]
    y, kept = fft_frequent_labels(labels[:, themes], [names[i] for i in themes], min_count)
    scores: dict[str, list[tuple[float, float]]] = {"tagger": [], "baseline": []}
    splitter = KFold(folds, shuffle=True, random_state=random_state)
    for train, test in splitter.split(texts):
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        # The shipped tagger's use of the question; its other settings stay the defaults, which
        # suit thousands of FFT answers better than the codebook's few examples.
        tagger = CodebookTagger(
            classes=kept, random_state=random_state, sentence_encoder=sentence_encoder,
            question_weight=SHIPPED_PARAMS["question_weight"],
        ).fit(train_texts, y[train], [questions[i] for i in train])
        predicted = tagger.predict(test_texts, [questions[i] for i in test])
        scores["tagger"].append((_f1(y[test], predicted, "micro"), _f1(y[test], predicted, "macro")))
        if with_baseline:
            baseline = _baseline_predictions(train_texts, y[train], test_texts)
            scores["baseline"].append((_f1(y[test], baseline, "micro"), _f1(y[test], baseline, "macro")))
    dataset = f"fft_v6 ({len(kept)} labels, {folds}-fold CV)"
    metrics = []
    for model, targets in (("tagger", (MICRO_TARGET, MACRO_TARGET)), ("baseline", (None, None))):
        if not scores[model]:
            continue
        values = np.array(scores[model])
        for column, name, target in ((0, "micro-F1", targets[0]), (1, "macro-F1", targets[1])):
            mean = float(values[:, column].mean())
            label = f"{name}{encoder_suffix(sentence_encoder)}" if model == "tagger" else (
                f"{name}, TF-IDF + LinearSVC baseline"
            )
            metrics.append(
                Metric(
                    "tagging", dataset, label, mean, float(values[:, column].std()),
                    target=f">= {target}" if target else None,
                    passed=(mean >= target) if target else None,
                    per_fold=tuple(float(v) for v in values[:, column]),
                )
            )
    return metrics


@dataclass(frozen=True, slots=True)
class ThemeScore:
    """One theme on a labelled set; precision, recall and F1 are means over the seeds."""

    precision: float
    recall: float
    f1: float
    support: int  # comments labelled with the theme


def blind_set_metrics(
    codebook: Codebook,
    comments: Sequence[BlindComment],
    seeds: Iterable[int] = range(BLIND_SEEDS),
    sentence_encoder: str | None = None,
) -> tuple[list[Metric], dict[str, ThemeScore]]:
    """The shipped recipe, fitted on the whole codebook once per seed, scored on ``comments``.

    Figures are means over the seeds, with their standard deviation and each seed's value.
    """
    ids = codebook.theme_ids
    truth = label_matrix(comments, ids)
    texts, questions = [comment.text for comment in comments], [comment.question for comment in comments]
    runs = [
        fit_codebook_tagger(codebook, random_state=seed, sentence_encoder=sentence_encoder).predict(
            texts, questions
        )
        for seed in seeds
    ]
    if not runs:
        raise ValueError("blind_set_metrics needs at least one seed")
    per_run = [precision_recall_fscore_support(truth, p, average=None, zero_division=0) for p in runs]
    precision, recall, f1 = (np.mean([run[k] for run in per_run], axis=0) for k in range(3))
    support = truth.sum(axis=0)
    scores = {
        theme: ThemeScore(float(precision[j]), float(recall[j]), float(f1[j]), int(support[j]))
        for j, theme in enumerate(ids)
    }
    untagged = truth.sum(axis=1) == 0
    # A few stock non-answers ("n/a", "idk") are also unthemed training examples word for word;
    # the share over the rest says how the tagger meets a non-answer it was not shown.
    trained = set(shared_with(comments, training_set(codebook)[0]))
    unseen = untagged & np.array([comment.id not in trained for comment in comments])
    weakest = ids[int(np.argmin(f1))]
    default = sentence_encoder is None
    suffix = encoder_suffix(sentence_encoder)
    seeds_said = f"{len(runs)} seeds" if len(runs) > 1 else "1 seed"
    dataset = f"{len(comments)} blind comments, trained on the codebook, {seeds_said}"

    def metric(name: str, values: Sequence[float], target: float | None = None) -> Metric:
        mean = float(np.mean(values))
        # The targets are the default install's; another backend's figures are shown beside them.
        graded = target if default else None
        return Metric(
            "tagging",
            dataset,
            f"{name}{suffix}",
            mean,
            float(np.std(values)) if len(values) > 1 else None,
            target=f">= {graded}" if graded is not None else None,
            passed=(mean >= graded) if graded is not None else None,
            per_fold=tuple(float(v) for v in values),
        )

    metrics = [
        metric("micro-F1", [_f1(truth, p, "micro") for p in runs], BLIND_MICRO_TARGET),
        metric("macro-F1", [_f1(truth, p, "macro") for p in runs], BLIND_MACRO_TARGET),
        # The mean over seeds of the theme weakest on average, so one unlucky seed does not decide it.
        metric(f"lowest theme F1 ({weakest})", [float(f1.min())], BLIND_THEME_TARGET),
        # Comments with no theme are a tenth of the set; tagging them is a false finding for officers.
        metric(
            f"no-theme comments given no theme (of {int(untagged.sum())})",
            [float((p[untagged].sum(axis=1) == 0).mean()) for p in runs],
        ),
        metric(
            f"no-theme comments given no theme (of {int(unseen.sum())} not in codebook.yaml)",
            [float((p[unseen].sum(axis=1) == 0).mean()) for p in runs],
        ),
        metric(
            f"themes per comment (labelled {truth.sum(axis=1).mean():.2f})",
            [float(p.sum(axis=1).mean()) for p in runs],
        ),
    ]
    return metrics, scores


def encoder_suffix(sentence_encoder: str | None) -> str:
    """How metric names mark figures of a tagger that also reads sentence embeddings."""
    return f", + {sentence_encoder} sentence embeddings" if sentence_encoder else ""


def _baseline_predictions(train: Sequence[str], y: np.ndarray, test: Sequence[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer()
    model = OneVsRestClassifier(LinearSVC()).fit(vectorizer.fit_transform(train), y)
    return model.predict(vectorizer.transform(test))


def tagging_speed(
    tagger: CodebookTagger, texts: Sequence[str], n_texts: int | None = None, repeats: int = 3
) -> list[Metric]:
    """Seconds to tag ``n_texts`` comments, and a bare spaCy tokenizer pass over the same texts.

    The target is for the default 10,000; on fewer, the row is printed without it."""
    at_target_size = n_texts is None or n_texts == SPEED_N_TEXTS
    n_texts = n_texts or SPEED_N_TEXTS
    sample = [texts[i % len(texts)] for i in range(n_texts)]
    tokenizer = text_pipeline().tokenizer
    tagger.tag(sample[:200])  # warm caches, as a running server would have them

    # Best of a few runs: on a shared machine, other work only ever adds time.
    tokenizer_seconds = min(_seconds(lambda: list(tokenizer.pipe(sample, batch_size=1000))) for _ in range(repeats))
    encoder = embeddings.sentence_encoder(tagger.sentence_encoder) if tagger.sentence_encoder else None
    if encoder:
        # A server meets each comment once: every text is encoded, none read from the memo.
        encoder.memoise = False
    try:
        tag_seconds = min(_seconds(lambda: tagger.tag(sample)) for _ in range(repeats))
    finally:
        if encoder:
            encoder.memoise = True
    dataset = f"{n_texts:,} fft_v6 comments, best of {repeats}"
    suffix = encoder_suffix(tagger.sentence_encoder)
    default = not tagger.sentence_encoder and at_target_size
    return [
        Metric(
            "speed", dataset, f"tag (seconds){suffix}", tag_seconds,
            target=f"<= {SPEED_TARGET_SECONDS}" if default else None,
            passed=(tag_seconds <= SPEED_TARGET_SECONDS) if default else None,
        ),
        Metric("speed", dataset, "bare spaCy tokenizer (seconds)", tokenizer_seconds),
        Metric("speed", dataset, f"tag / tokenizer{suffix}", tag_seconds / tokenizer_seconds),
    ]


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def print_metrics(metrics: Sequence[Metric], console: Console | None = None) -> None:
    """One table, all sections, in the order given."""
    table = Table(title="voices nlp evaluate")
    for column in ("section", "dataset", "metric", "value", "± spread", "target", "passed"):
        table.add_column(column, justify="right" if column in {"value", "± spread"} else "left")
    for m in metrics:
        table.add_row(
            m.section, m.dataset, m.name, f"{m.value:.3f}",
            "" if m.spread is None else f"{m.spread:.3f}",
            m.target or "",
            "" if m.passed is None else ("yes" if m.passed else "NO"),
        )
    # Wide enough that theme ids and dataset names stay on one line when piped to a file.
    (console or Console(width=160)).print(table)


def print_theme_scores(
    title: str, scores: Mapping[str, Mapping[str, ThemeScore]], console: Console | None = None
) -> None:
    """Per-theme precision, recall and F1, one column group per backend, with each theme's support."""
    table = Table(title=title)
    table.add_column("theme")
    table.add_column("support", justify="right")
    for backend in scores:
        for column in ("P", "R", "F1"):
            table.add_column(f"{column} {backend}", justify="right")
    themes = next(iter(scores.values()), {})
    for theme, first in themes.items():
        cells = [theme, str(first.support)]
        for by_theme in scores.values():
            score = by_theme[theme]
            cells += [f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}"]
        table.add_row(*cells)
    (console or Console(width=160)).print(table)


def _f1(truth: np.ndarray, predicted: np.ndarray, average: str) -> float:
    return float(f1_score(truth, predicted, average=average, zero_division=0))

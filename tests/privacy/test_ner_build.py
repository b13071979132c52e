"""Rebuilding the compact entity model: the texts it learns from, the windows it is shown, and a
short real training installed and loaded as the redactor would load it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from voices.privacy.evaluate import HELD_OUT_SETS
from voices.privacy.ner_build.corpus import Text, WindowCutter, real_texts, write_corpus
from voices.privacy.ner_build.generated import CommentWriter
from voices.privacy.ner_build.install import install, train
from voices.privacy.redact import load_redactor
from voices.privacy.redact.entities import _windows
from voices.privacy.redact.ner_model import LABELS, TEACHER_MANIFEST_NAME, load_ner_model
from voices.privacy.redact.spans import text_of
from voices.settings import PROJECT_ROOT

REDACTION = PROJECT_ROOT / "nlp_models" / "redaction"


@pytest.fixture(scope="module")
def cutter() -> WindowCutter:
    return WindowCutter(REDACTION, REDACTION / TEACHER_MANIFEST_NAME, seed=1)


def test_the_writer_repeats_itself_only_from_the_same_seed() -> None:
    first = list(CommentWriter(7).comments(200))
    assert first == list(CommentWriter(7).comments(200))
    assert first != list(CommentWriter(8).comments(200))
    assert len(set(first)) == 200
    # Names of many origins, not a handful: the surnames drawn span most of the locales.
    writer = CommentWriter(7)
    surnames = {writer.person()[1] for _ in range(500)}
    assert len(surnames) > 300


def test_no_held_out_set_is_ever_read(datasets_dir: Path) -> None:
    sources = {text.source for text in real_texts(REDACTION, datasets_dir)}
    assert {"fft", "banking77", "evaluation", "blind_test_5"} <= sources
    assert not {name.removesuffix(".jsonl") for name in HELD_OUT_SETS} & sources


def test_the_model_is_shown_the_windows_the_redactor_sends_it(cutter: WindowCutter) -> None:
    redactor = load_redactor(PROJECT_ROOT / "nlp_models")
    finder = redactor.nlp.get_pipe("entities")
    texts = list(CommentWriter(3).comments(60))
    compared = 0
    for text in texts:
        doc = redactor._make_doc(text)
        for name, component in redactor.nlp.pipeline:
            if name == "entities":
                break
            doc = component(doc)
        sent = [text_of(doc)[start:end] for start, end in _windows(doc, finder.unknown_words(doc))]
        shown = cutter.windows(Text("generated", text))
        assert set(sent) <= set(shown), text
        compared += len(sent)
    assert compared > 30


def test_a_short_training_is_installed_and_loads(tmp_path: Path, cutter: WindowCutter) -> None:
    texts = [Text("generated", t) for t in CommentWriter(5).comments(150)]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    counts = write_corpus(texts, cutter, corpus)
    assert counts["train"] > counts["dev"] > 0
    redaction = tmp_path / "redaction"
    redaction.mkdir()
    shutil.copy(REDACTION / "ner_training.cfg", redaction)
    best = train(corpus, redaction, tmp_path / "training", steps=12, seed=1)
    files = install(best, redaction)
    model = load_ner_model(redaction / "ner_model.json")
    assert set(model.nlp.get_pipe("ner").labels) <= set(LABELS)
    assert json.loads((redaction / "ner_model.json").read_text())["files"] == files
    # Installed again over the first: the folder holds the new files and nothing else.
    (redaction / "ner" / "left-over").write_text("from an older build")
    install(best, redaction)
    assert not (redaction / "ner" / "left-over").exists()
    load_ner_model(redaction / "ner_model.json")


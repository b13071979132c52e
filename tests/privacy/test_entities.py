"""The entity models: their files are the reviewed ones, and reading windows costs nothing in what
the redactor's model finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voices.privacy.evaluate import load_examples
from voices.privacy.redact import Redactor, load_redactor
from voices.privacy.redact.entities import EntityFinder, _windows
from voices.privacy.redact.ner_model import LABELS, NerModelUnavailable, load_ner_model
from voices.privacy.redact.spans import state_of
from voices.settings import PROJECT_ROOT

REDACTION = PROJECT_ROOT / "nlp_models" / "redaction"
MANIFEST = REDACTION / "ner_model.json"  # the compact model the redactor reads, shipped in nlp_models/
TEACHER = REDACTION / "ner_teacher.json"  # en_core_web_sm, which labels the compact model's training windows


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return load_redactor(PROJECT_ROOT / "nlp_models")


def test_only_the_named_entity_component_is_loaded() -> None:
    model = load_ner_model(MANIFEST)
    assert model.nlp.pipe_names == ["ner"] and model.manifest.package == ""
    assert set(model.nlp.get_pipe("ner").labels) == set(LABELS)
    teacher = load_ner_model(TEACHER)
    assert teacher.nlp.pipe_names == ["ner"] and teacher.manifest.version == "3.8.0"


def shipped_manifest_copy(tmp_path: Path) -> tuple[Path, dict]:
    """The shipped manifest beside a link to the shipped model, to change one without the other."""
    (tmp_path / "ner").symlink_to(REDACTION / "ner", target_is_directory=True)
    return tmp_path / "ner_model.json", json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    changed, manifest = shipped_manifest_copy(tmp_path)
    manifest["files"]["ner/model"] = "0" * 64
    changed.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(NerModelUnavailable, match=r"ner/model has sha256 .* not the reviewed 0{64}; .*build-ner"):
        load_ner_model(changed)


def test_an_extra_model_file_is_refused(tmp_path: Path) -> None:
    changed, manifest = shipped_manifest_copy(tmp_path)
    del manifest["files"]["meta.json"]
    changed.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(NerModelUnavailable, match="meta.json was not in the reviewed model"):
        load_ner_model(changed)


def test_a_changed_teacher_file_is_refused(tmp_path: Path) -> None:
    manifest = json.loads(TEACHER.read_text(encoding="utf-8"))
    manifest["files"]["ner/model"] = "0" * 64
    changed = tmp_path / "ner_teacher.json"
    changed.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(NerModelUnavailable, match=r"ner/model has sha256 .* not the reviewed 0{64}; reinstall"):
        load_ner_model(changed)


def test_a_missing_model_package_says_how_to_install_it(tmp_path: Path) -> None:
    manifest = json.loads(TEACHER.read_text(encoding="utf-8"))
    manifest["package"] = "no_such_model_package"
    changed = tmp_path / "ner_model.json"
    changed.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(NerModelUnavailable, match="is not installed; reinstall it with: .*pip install"):
        load_ner_model(changed)


def test_windows_find_what_the_whole_comment_would(redactor: Redactor) -> None:
    """The model reads only windows around unknown capitalised words; on every tuning example it
    finds there exactly the entities it finds reading the whole comment."""
    finder: EntityFinder = redactor.nlp.get_pipe("entities")
    protect = redactor.nlp.get_pipe("protect")
    compared = 0
    for example in load_examples(REDACTION / "evaluation.jsonl"):
        doc = redactor.nlp.make_doc(example.text)
        state_of(doc).source_text = example.text
        unknown = finder.unknown_words(protect(doc))

        def touches_unknown(start: int, end: int) -> bool:
            return any(start <= token.idx < end for token in unknown)  # noqa: B023 - used at once

        whole = {
            (e.start_char, e.end_char, e.label_)
            for e in finder.nlp(example.text).ents
            if touches_unknown(e.start_char, e.end_char)
        }
        windowed = set()
        for start, end in _windows(doc, unknown):
            for e in finder.nlp(example.text[start:end]).ents:
                if touches_unknown(start + e.start_char, start + e.end_char):
                    windowed.add((start + e.start_char, start + e.end_char, e.label_))
        assert windowed == whole, example.id
        compared += len(whole)
    assert compared > 200


"""The codebook as data: the 18 strategy themes, enough examples, clear errors on bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voices.settings import PROJECT_ROOT
from voices.themes.codebook import (
    MIN_EXAMPLES,
    REQUIRED_THEME_IDS,
    InvalidCodebook,
    load_codebook,
)

CODEBOOK = PROJECT_ROOT / "nlp_models" / "codebook.yaml"


def test_codebook_has_the_18_theme_ids() -> None:
    codebook = load_codebook(CODEBOOK)
    assert len(REQUIRED_THEME_IDS) == 18
    assert set(REQUIRED_THEME_IDS) <= set(codebook.theme_ids)


def test_every_theme_has_at_least_20_distinct_examples() -> None:
    for theme in load_codebook(CODEBOOK).themes:
        assert len(set(theme.examples)) >= MIN_EXAMPLES, theme.id
        assert theme.description and theme.seed_phrases, theme.id


def test_split_holds_out_a_fifth_of_each_theme_stably() -> None:
    codebook = load_codebook(CODEBOOK)
    train, test = codebook.split(0.2)
    assert codebook.split(0.2) == (train, test)
    for theme in codebook.themes:
        held_out = [text for text, theme_id in test if theme_id == theme.id]
        assert len(held_out) == round(len(theme.examples) * 0.2)
    assert not {text for text, _ in train} & {text for text, _ in test}


def _write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_a_missing_required_theme_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["themes"].pop(0))
    with pytest.raises(InvalidCodebook, match="awareness_of_services"):
        load_codebook(path)


def test_bad_data_names_the_theme(tmp_path: Path) -> None:
    def break_priority(raw: dict) -> None:
        raw["themes"][3]["priority"] = "somewhere"

    with pytest.raises(InvalidCodebook, match="public_spaces_safety"):
        load_codebook(_write(tmp_path, break_priority))


def test_too_few_examples_names_the_theme(tmp_path: Path) -> None:
    def trim(raw: dict) -> None:
        raw["themes"][5]["examples"] = raw["themes"][5]["examples"][:3]

    with pytest.raises(InvalidCodebook, match="being_believed.*3 examples"):
        load_codebook(_write(tmp_path, trim))


def test_officers_can_add_a_theme(tmp_path: Path) -> None:
    def add(raw: dict) -> None:
        raw["themes"].append(
            {**raw["themes"][0], "id": "housing", "label": "Housing", "priority": "cross_cutting"}
        )

    assert "housing" in load_codebook(_write(tmp_path, add)).theme_ids

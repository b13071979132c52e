"""The codebook as data: ``nlp_models/codebook.yaml`` loaded, typed and validated.

``load_codebook(path)`` returns a ``Codebook``; bad data raises ``InvalidCodebook`` whose message
names the theme id (or position) at fault. ``Codebook.split(test_fraction)`` holds out a stable
share of each theme's examples, chosen by a hash of the text, so adding examples later does not
reshuffle the existing test split.
"""

from __future__ import annotations

import hashlib
import re
from enum import Enum
from pathlib import Path

import msgspec
import yaml

from voices.errors import VoicesError

REQUIRED_THEME_IDS = (
    "awareness_of_services", "victim_blaming", "consent_education", "public_spaces_safety",
    "online_abuse", "being_believed", "waiting_times_capacity", "trauma_informed_practice",
    "choice_and_control", "access_and_inclusion", "children_and_young_people", "lifelong_support",
    "reporting_barriers", "police_response", "courts_and_justice", "perpetrator_accountability",
    "partnership_working", "positive_experience",
)
MIN_EXAMPLES = 20
THEME_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class InvalidCodebook(VoicesError):
    """The codebook file is missing, malformed, or lacks a required theme."""


class Priority(str, Enum):
    prevention = "prevention"
    supporting_victims_and_survivors = "supporting_victims_and_survivors"
    pursuing_perpetrators = "pursuing_perpetrators"
    cross_cutting = "cross_cutting"


class Theme(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    priority: Priority
    label: str
    description: str
    seed_phrases: list[str]
    examples: list[str]


class Codebook(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    version: int
    themes: list[Theme]
    # Comments with no theme; without them the tagger would learn that every comment has one.
    unthemed_examples: list[str] = []

    @property
    def theme_ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def split(
        self, test_fraction: float = 0.2
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """``(train, test)`` lists of ``(text, theme_id)``; the test share is per theme."""
        train: list[tuple[str, str]] = []
        test: list[tuple[str, str]] = []
        for theme in self.themes:
            ranked = sorted(theme.examples, key=_stable_rank)
            n_test = round(len(ranked) * test_fraction)
            test += [(text, theme.id) for text in ranked[:n_test]]
            train += [(text, theme.id) for text in ranked[n_test:]]
        return train, test

    def examples(self) -> list[tuple[str, str]]:
        """Every themed ``(text, theme_id)`` pair (see ``unthemed_examples`` for the rest)."""
        return [(text, theme.id) for theme in self.themes for text in theme.examples]

    def seed_texts(self) -> list[tuple[str, str]]:
        """Each theme's description and seed phrases as ``(text, theme_id)``: extra training
        text (never test data) that names the theme in the officers' own words."""
        return [
            (text, theme.id)
            for theme in self.themes
            for text in [theme.description, *theme.seed_phrases]
        ]


def _stable_rank(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_codebook(path: Path) -> Codebook:
    """Read and validate the codebook; the error names the file and the theme at fault."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidCodebook(f"{path}: cannot read codebook: {error}") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("themes"), list):
        raise InvalidCodebook(f"{path}: expected a mapping with a 'themes' list")
    # Convert theme by theme so that a type error can name the theme it belongs to.
    themes: list[Theme] = []
    for position, item in enumerate(raw["themes"]):
        name = item.get("id", f"#{position + 1}") if isinstance(item, dict) else f"#{position + 1}"
        try:
            themes.append(msgspec.convert(item, Theme))
        except msgspec.ValidationError as error:
            raise InvalidCodebook(f"{path}: theme {name}: {error}") from error
    try:
        codebook = msgspec.convert({**raw, "themes": []}, Codebook)
    except msgspec.ValidationError as error:
        raise InvalidCodebook(f"{path}: {error}") from error
    codebook = msgspec.structs.replace(codebook, themes=themes)
    _check(codebook, path)
    return codebook


def _check(codebook: Codebook, path: Path) -> None:
    seen: set[str] = set()
    for theme in codebook.themes:
        if not THEME_ID.match(theme.id):
            raise InvalidCodebook(f"{path}: theme {theme.id!r}: id must be lower_snake_case")
        if theme.id in seen:
            raise InvalidCodebook(f"{path}: theme {theme.id}: defined twice")
        seen.add(theme.id)
        if len(theme.examples) < MIN_EXAMPLES:
            raise InvalidCodebook(
                f"{path}: theme {theme.id}: has {len(theme.examples)} examples,"
                f" needs at least {MIN_EXAMPLES}"
            )
        if any(not text.strip() for text in theme.examples):
            raise InvalidCodebook(f"{path}: theme {theme.id}: has a blank example")
    missing = [theme_id for theme_id in REQUIRED_THEME_IDS if theme_id not in seen]
    if missing:
        raise InvalidCodebook(f"{path}: missing required themes: {', '.join(missing)}")

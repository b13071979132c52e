"""Demo comments: phrase-bank fragments put together in many voices, fitted to each comment box."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TypeVar

from voices.demo.phrases import (
    CLOSERS,
    FOLLOW_UPS,
    OPENERS,
    SLOTS,
    THEMES,
    Persona,
    Stance,
)
from voices.surveys.definition import FreeTextQuestion, SurveyDefinition, translate

# What a box's prompt is about decides which themes its comments keep to, so an attitudes survey
# hears mostly about prevention and a feedback survey about services; a few stray, as people do.
FOCUS_WORDS: dict[str, tuple[str, ...]] = {
    "attitude": ("victim_blaming", "consent_education", "public_spaces_safety", "online_abuse",
                 "perpetrator_accountability"),
    "report": ("awareness_of_services", "reporting_barriers", "police_response", "access_and_inclusion"),
    "getting help": ("awareness_of_services", "waiting_times_capacity", "access_and_inclusion"),
    "service": ("being_believed", "waiting_times_capacity", "trauma_informed_practice", "choice_and_control",
                "lifelong_support", "police_response", "courts_and_justice", "partnership_working",
                "positive_experience", "children_and_young_people"),
    "safe": ("public_spaces_safety", "online_abuse", "victim_blaming"),
}  # fmt: skip
FOCUS_WEIGHT, STRAY_WEIGHT = 4.0, 0.3

# Follow-up boxes ("something else") get a short answer from the bank their question id names.
FOLLOW_UP_WORDS: tuple[tuple[str, str], ...] = (
    ("stop", "barrier"), ("barrier", "barrier"), ("service", "service"), ("source", "information"),
    ("information", "information"), ("wait", "waiting"), ("place", "place"),
)  # fmt: skip

# Stances by what the box asks: "what helped" hears praise, "what would make it better" requests.
STANCE_WORDS: tuple[tuple[str, tuple[tuple[Stance, float], ...]], ...] = (
    ("not_help", (("bad", 1.0),)),
    ("helped", (("good", 1.0),)),
    ("better", (("ask", 0.85), ("bad", 0.15))),
    ("improve", (("ask", 0.85), ("bad", 0.15))),
)
GENERAL_STANCES: tuple[tuple[Stance, float], ...] = (("bad", 0.5), ("ask", 0.35), ("good", 0.15))
THEMES_PER_COMMENT = ((1, 0.62), (2, 0.3), (3, 0.08))

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Comment:
    text: str
    redacted: dict[str, int] | None  # placeholders in the text, as the redactor would count them


@dataclass(frozen=True, slots=True)
class CommentBox:
    """What one free-text question asks for, and so what its demo answers say."""

    max_length: int
    stances: tuple[tuple[Stance, float], ...]
    themes: dict[str, float]
    personas: tuple[Persona, ...]
    follow_up: str | None = None

    def write(self, rng: random.Random) -> Comment:
        if self.follow_up is not None:
            return _counted(rng.choice(FOLLOW_UPS[self.follow_up])[: self.max_length])
        stance = _weighted(rng, self.stances)
        candidates = {theme: weight for theme, weight in self.themes.items() if THEMES[theme][stance]}
        count = _weighted(rng, THEMES_PER_COMMENT)
        parts = [_fill(rng.choice(THEMES[theme][stance]), rng) for theme in _sample(rng, candidates, count)]
        if rng.random() < 0.3:
            parts = _after_opener(rng.choice(OPENERS[rng.choice(self.personas)]), parts)
        if rng.random() < 0.2:
            parts.append(rng.choice(CLOSERS))
        return _counted(_styled(rng, _fitted(parts, self.max_length)))


def box_for(question: FreeTextQuestion, definition: SurveyDefinition) -> CommentBox:
    """The comment box a free-text question is, read from its id, its prompt and the survey's title."""
    topic = f"{translate(definition.title, 'en')} {translate(question.prompt, 'en')}".lower()
    personas: tuple[Persona, ...] = ("survivor", "supporter", "group") if "survivor" in topic else ("resident",)
    focus = {theme for word, themes in FOCUS_WORDS.items() if word in topic for theme in themes}
    themes = {theme: FOCUS_WEIGHT if theme in focus else STRAY_WEIGHT if focus else 1.0 for theme in THEMES}
    follow_up = None
    if question.show_if is not None:
        follow_up = next((bank for word, bank in FOLLOW_UP_WORDS if word in question.id), None)
    stances = next((stances for word, stances in STANCE_WORDS if word in question.id), GENERAL_STANCES)
    return CommentBox(question.max_length, stances, themes, personas, follow_up)


class _Slots(dict[str, str]):
    """Fills `{slot}` markers with a random value each; `{slot_cap}` capitalised."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng

    def __missing__(self, key: str) -> str:
        name, capitalise = (key[:-4], True) if key.endswith("_cap") else (key, False)
        value = self._rng.choice(SLOTS[name])
        return value[:1].upper() + value[1:] if capitalise else value


def _fill(fragment: str, rng: random.Random) -> str:
    return fragment.format_map(_Slots(rng))


def _after_opener(opener: str, parts: list[str]) -> list[str]:
    """Prefix an opener; one that runs on ("As a bar worker,") lowers the next sentence's first letter."""
    if opener[-1] in ".:!?":
        return [opener, *parts]
    first, rest = parts[0], parts[1:]
    word = first.split(" ", 1)[0]
    if not (word == "I" or word.startswith("I'") or word[1:2].isupper()):
        first = first[:1].lower() + first[1:]
    return [f"{opener} {first}", *rest]


def _fitted(parts: list[str], max_length: int) -> str:
    """As many whole sentences as the box takes; the first is cut at a word if it alone is too long."""
    text = parts[0]
    for part in parts[1:]:
        if len(text) + 1 + len(part) > max_length:
            break
        text = f"{text} {part}"
    if len(text) > max_length:
        text = text[:max_length].rsplit(" ", 1)[0]
    return text


def _styled(rng: random.Random, text: str) -> str:
    """People type on phones: some write all in lower case, some leave off the last full stop."""
    roll = rng.random()
    if roll < 0.12:
        text = text.lower()
    elif roll < 0.22 and text.endswith("."):
        text = text[:-1]
    return text


def _counted(text: str) -> Comment:
    counts = {kind: text.count(f"[{kind}]") for kind in ("name", "place")}
    counts = {kind: n for kind, n in counts.items() if n}
    return Comment(text, counts or None)


def _weighted(rng: random.Random, options: tuple[tuple[T, float], ...]) -> T:
    return rng.choices([option for option, _ in options], [weight for _, weight in options])[0]


def _sample(rng: random.Random, weights: dict[str, float], count: int) -> list[str]:
    """Up to `count` different themes, drawn by weight without replacement."""
    remaining = dict(weights)
    chosen: list[str] = []
    while remaining and len(chosen) < count:
        theme = rng.choices(list(remaining), list(remaining.values()))[0]
        chosen.append(theme)
        del remaining[theme]
    return chosen

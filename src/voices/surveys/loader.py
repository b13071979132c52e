"""Read survey files: decode by type, then check what types cannot (ids, branching, translations)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, get_args

import msgspec
import yaml

from voices.errors import InvalidSurveyDefinition
from voices.surveys.definition import (
    DEFAULT_LANGUAGE,
    LIKERT_IDS,
    ChoiceQuestion,
    Label,
    LikertQuestion,
    NumberQuestion,
    Question,
    SurveyDefinition,
)

_QUESTION_PATH = re.compile(r"\$\.questions\[(\d+)\]")


def read_definition(path: Path) -> SurveyDefinition:
    """Decode and check one file; raises InvalidSurveyDefinition listing every problem found."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InvalidSurveyDefinition([f"{path}: cannot be read as YAML: {error}"]) from None
    try:
        definition = msgspec.convert(raw, SurveyDefinition, strict=True)
    except msgspec.ValidationError as error:
        raise InvalidSurveyDefinition([f"{path}: {_locate(str(error), raw)}"]) from None
    problems = [f"{path}: {problem}" for problem in check_definition(definition)]
    if problems:
        raise InvalidSurveyDefinition(problems)
    return definition


def _locate(message: str, raw: Any) -> str:
    """Name the question by its id, not its list position, so the author can find it."""
    match = _QUESTION_PATH.search(message)
    if not match:
        return message
    index = int(match.group(1))
    try:
        question_id = raw["questions"][index]["id"]
    except (KeyError, IndexError, TypeError):
        question_id = None
    where = f"question {question_id!r}" if question_id else f"question number {index + 1}"
    if message.startswith("Invalid value") and message.endswith(".kind`"):
        kinds = ", ".join(sorted(q.__struct_config__.tag for q in get_args(Question)))
        message = f"unknown kind {raw['questions'][index].get('kind')!r}: use one of {kinds}"
    return f"{where}: {message}"


def check_definition(definition: SurveyDefinition) -> list[str]:
    """Problems the types cannot see; an empty list means the definition is sound."""
    problems: list[str] = []
    languages = set(definition.languages)
    if DEFAULT_LANGUAGE not in languages:
        problems.append(f"languages must include {DEFAULT_LANGUAGE!r}")
    if definition.opens_on and definition.closes_on and definition.closes_on < definition.opens_on:
        problems.append("closes_on is before opens_on")
    scale_ids = {scale.id for scale in definition.scales}
    for scale in definition.scales:
        if (scale.higher_means is None) != (scale.lower_means is None):
            problems.append(f"scale {scale.id!r}: give both higher_means and lower_means, or neither")
        if any(words is not None and not words.strip() for words in (scale.higher_means, scale.lower_means)):
            problems.append(f"scale {scale.id!r}: higher_means and lower_means cannot be empty")
    seen: dict[str, int] = {}
    for position, question in enumerate(definition.questions):
        where = f"question {question.id!r}"
        if question.id in seen:
            problems.append(f"{where}: duplicate id (also question number {seen[question.id] + 1})")
        seen.setdefault(question.id, position)
        problems += [f"{where}: {p}" for p in _check_question(question, definition, seen, scale_ids)]
        problems += [f"{where}: {p}" for p in _check_labels(question, languages)]
    return problems


def _check_question(
    question: Any, definition: SurveyDefinition, earlier: dict[str, int], scale_ids: set[str]
) -> list[str]:
    problems: list[str] = []
    if isinstance(question, ChoiceQuestion):
        if not question.choices:
            problems.append("choice list is empty: add at least two choices")
        ids = [choice.id for choice in question.choices]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"duplicate choice ids: {', '.join(duplicates)}")
        unknown = sorted(set(getattr(question, "exclusive", [])) - set(ids))
        if unknown:
            problems.append(f"exclusive names choices that are not offered: {', '.join(unknown)}")
    if isinstance(question, NumberQuestion):
        if question.minimum is not None and question.maximum is not None and question.minimum > question.maximum:
            problems.append(f"minimum {question.minimum} is greater than maximum {question.maximum}")
    if isinstance(question, LikertQuestion):
        if question.scale is not None and question.scale not in scale_ids:
            problems.append(f"scale {question.scale!r} is not declared under scales")
        if question.reverse and question.scale is None:
            problems.append("reverse is set but the question belongs to no scale")
    if question.show_if is not None:
        problems += _check_show_if(question, definition, earlier)
    return problems


def _check_show_if(question: Any, definition: SurveyDefinition, earlier: dict[str, int]) -> list[str]:
    target_id = question.show_if.question
    if target_id == question.id:
        return [f"show_if names the question itself ({target_id!r})"]
    if target_id not in earlier:
        later = definition.question(target_id) is not None
        return [
            f"show_if names {target_id!r}, which is a later question: branching may only look back"
            if later
            else f"show_if names {target_id!r}, which is not a question in this survey"
        ]
    target = definition.question(target_id)
    if question.show_if.any_of:
        if not isinstance(target, ChoiceQuestion | LikertQuestion):
            return [f"show_if.any_of needs a choice question, but {target_id!r} is not one"]
        offered = (
            {choice.id for choice in target.choices}
            if isinstance(target, ChoiceQuestion)
            else LIKERT_IDS
        )
        unknown = sorted(set(question.show_if.any_of) - offered)
        if unknown:
            return [f"show_if.any_of names choices {target_id!r} does not offer: {', '.join(unknown)}"]
    elif question.show_if.answered is None:
        return ["show_if needs any_of or answered"]
    return []


def _check_labels(question: Any, languages: set[str]) -> list[str]:
    labels: list[tuple[str, Label | None]] = [("prompt", question.prompt), ("hint", question.hint)]
    labels += [(f"choice {c.id!r}", c.label) for c in getattr(question, "choices", [])]
    problems = []
    for name, label in labels:
        if isinstance(label, dict):
            missing = sorted(languages - set(label))
            if missing:
                problems.append(f"{name} has no translation for {', '.join(missing)}")
    return problems


def content_hash(definition: SurveyDefinition) -> str:
    """sha256 of the canonical JSON form: the same content always gives the same version."""
    return hashlib.sha256(msgspec.json.encode(definition, order="sorted")).hexdigest()


def read_directory(directory: Path) -> tuple[list[SurveyDefinition], list[str]]:
    """Every definition in `directory`, plus every problem; a bad file contributes problems only."""
    definitions: list[SurveyDefinition] = []
    problems: list[str] = []
    slugs: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            definition = read_definition(path)
        except InvalidSurveyDefinition as error:
            problems += error.problems
            continue
        if definition.slug in slugs:
            problems.append(f"{path}: slug {definition.slug!r} is already used by {slugs[definition.slug]}")
            continue
        slugs[definition.slug] = path
        definitions.append(definition)
    problems += _check_reported_in(definitions, slugs)
    return definitions, problems


def _check_reported_in(definitions: list[SurveyDefinition], paths: dict[str, Path]) -> list[str]:
    """`reported_in` names another survey of the directory, itself reported in none."""
    reported = {d.slug: d.reported_in for d in definitions}
    problems = []
    for definition in definitions:
        target = definition.reported_in
        if target is None:
            continue
        where = f"{paths[definition.slug]}: reported_in {target!r}"
        if target == definition.slug:
            problems.append(f"{where} is this survey itself: name another survey, or leave it out")
        elif target not in reported:
            problems.append(f"{where} is not a survey in this directory: use the slug of one that is")
        elif reported[target] is not None:
            problems.append(f"{where} is itself reported in {reported[target]!r}: name that survey instead")
    return problems

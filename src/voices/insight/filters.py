"""A report's filters (period, survey version, channel, source, group, band of people, area): read
from the address, checked, applied.

A period is a year ("2026", a survey wave: surveys ask the same questions once a year) or a month
("2026-03"). Reports group by year; a month narrows one. A band is one answer to the age or gender
question ("age_band:age_25_34"), an area one answer to the part-of-the-county question. Whether a
filter may be shown at all is the disclosure layer's decision (`DisclosurePolicy.check_filter`),
made on live counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import numpy as np

from voices.insight.dataset import BoolArray, Dataset, choice_codes
from voices.insight.responses import SurveyData
from voices.privacy.disclosure import DisclosurePolicy
from voices.surveys.definition import SingleChoiceQuestion, SurveyDefinition, translate

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Where feedback came from, as officers name it, and the channels each takes in.
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "residents": ("Resident surveys", ("survey", "api")),
    "groups": ("Group feedback", ("group",)),
    "notes": ("Facilitated notes", ("facilitated",)),
}
# The questions whose answers describe who people are, as officers name them. A band is an answer
# to one of the first; an area, to the last.
BAND_QUESTIONS: dict[str, str] = {"age_band": "Age", "gender": "Gender"}
AREA_QUESTION = "area"


class BadFilter(ValueError):
    """A filter typed or linked wrongly: the message says how to put it right, `field` which it is."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ReportFilter:
    period: str | None = None
    version: int | None = None
    channel: str | None = None
    source: str | None = None  # a key of SOURCES
    group: int | None = None  # a survivor-involvement group's id
    band: tuple[str, str] | None = None  # (question id of BAND_QUESTIONS, choice id)
    area: str | None = None  # a choice id of AREA_QUESTION

    @property
    def narrows(self) -> bool:
        return any(value is not None for value in self._values())

    @property
    def key(self) -> tuple[str, ...]:
        """For caches and addresses: the same filter, the same key (in the order of FILTER_NAMES)."""
        return tuple("" if value is None else str(value) for value in self._values())

    def _values(self) -> tuple[object, ...]:
        band = None if self.band is None else ":".join(self.band)
        return (self.period, self.version, self.channel, self.source, self.group, band, self.area)

    def mask(self, data: Dataset) -> BoolArray:
        """Which of the dataset's submissions the filter keeps."""
        kept = np.ones(data.size, dtype=np.bool_)
        if self.period is not None:
            month = _MONTH.match(self.period)
            kept &= (
                data.months == int(month[1]) * 100 + int(month[2])
                if month
                else data.years == int(self.period)
            )
        if self.version is not None:
            kept &= data.versions == self.version
        if self.channel is not None:
            kept &= data.channels == data.channel_code(self.channel)
        if self.source is not None:
            kept &= np.isin(data.channels, [data.channel_code(name) for name in SOURCES[self.source][1]])
        if self.group is not None:
            kept &= data.groups == self.group
        for question_id, choice_id in (self.band or ("", None), (AREA_QUESTION, self.area)):
            if choice_id is not None:
                code = choice_codes(data.data.definition, question_id)[choice_id]
                kept &= data.singles[question_id] == code
        return kept

    def without_period(self) -> ReportFilter:
        return replace(self, period=None)


FILTER_NAMES = ("period", "version", "channel", "source", "group", "band", "area")


@dataclass(frozen=True, slots=True)
class Typed:
    """The filters as the address gives them (the page's form, and its links to the downloads)."""

    period: str = ""
    version: str = ""
    channel: str = ""
    source: str = ""
    group: str = ""
    band: str = ""
    area: str = ""

    def given(self) -> dict[str, str]:
        """The filters typed, by name, in the order of FILTER_NAMES."""
        return {name: value for name in FILTER_NAMES if (value := getattr(self, name)).strip()}


def parse_filter(data: SurveyData, typed: Typed, groups_shown: frozenset[int] = frozenset()) -> ReportFilter:
    """The filter the address asks for; raises `BadFilter` for a value the survey cannot have.

    ``groups_shown``: the groups a report may be filtered by (each reaches the disclosure threshold
    in this survey); any other group is refused like a group that does not exist.
    """
    given = list(typed.given())
    if len(given) > 1:
        # Each filtered table is published against the unfiltered one, so nothing small can be worked
        # out between them; two filtered tables, one inside the other ("north" and "north, aged 16 to
        # 24"), could be subtracted to describe a few people. One filter at a time.
        raise BadFilter(
            f"Choose one filter at a time: {' and '.join(given)} together could describe too few people "
            "to show safely",
            field=given[1],
        )
    period, version, channel, source, group, band, area = (getattr(typed, name).strip() for name in FILTER_NAMES)
    if period and not (_YEAR.match(period) or _MONTH.match(period)):
        raise BadFilter("Enter the period as a year, like 2026, or a month, like 2026-03", "period")
    version_id: int | None = None
    if version:
        if not version.isdigit() or int(version) not in {v.id for v in data.versions}:
            raise BadFilter("Choose a version of this survey from the list", "version")
        version_id = int(version)
    if channel and channel not in data.channels:
        raise BadFilter("Choose a channel from the list", "channel")
    if source and source not in SOURCES:
        raise BadFilter("Choose where the feedback came from from the list", "source")
    if group and not (group.isdigit() and int(group) in groups_shown):
        raise BadFilter("Choose a group from the list", "group")
    bands, areas = demographic_choices(data.definition)
    if band and band not in dict(bands):
        raise BadFilter("Choose an age band or gender from the list", "band")
    if area and area not in dict(areas):
        raise BadFilter("Choose a part of the county from the list", "area")
    question_id, _, choice_id = band.partition(":")
    return ReportFilter(
        period or None, version_id, channel or None, source or None, int(group) if group else None,
        (question_id, choice_id) if band else None, area or None,
    )  # fmt: skip


def demographic_choices(definition: SurveyDefinition) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The bands and areas a report of this survey may be filtered by, as (value, words):
    ("age_band:age_25_34", "Age: 25 to 34"), ("north", "North of the county")."""
    bands = [
        (f"{question.id}:{choice.id}", f"{heading}: {translate(choice.label, 'en')}")
        for question_id, heading in BAND_QUESTIONS.items()
        if isinstance(question := definition.question(question_id), SingleChoiceQuestion)
        for choice in question.choices
    ]
    area = definition.question(AREA_QUESTION)
    areas = (
        [(choice.id, translate(choice.label, "en")) for choice in area.choices]
        if isinstance(area, SingleChoiceQuestion)
        else []
    )
    return bands, areas


def check_mask(policy: DisclosurePolicy, data: Dataset, chosen: ReportFilter) -> BoolArray:
    """The mask of the submissions the filter keeps, or `FilterTooNarrow` (plain words) when it
    describes or leaves out a few."""
    kept = chosen.mask(data)
    if chosen.narrows:
        policy.check_filter(int(kept.sum()), data.size)
    return kept


def previous_period(period: str) -> str:
    """The year or the month before."""
    month = _MONTH.match(period)
    if month is None:
        return f"{int(period) - 1}"
    year, number = int(month[1]), int(month[2])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def period_words(period: str) -> str:
    """ "2026", or "March 2026"."""
    month = _MONTH.match(period)
    return period if month is None else dt.date(int(month[1]), int(month[2]), 1).strftime("%B %Y")

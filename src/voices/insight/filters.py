"""A report's filters (period, survey version, channel, source, group): read from the address,
checked, applied.

A period is a year ("2026", a survey wave: surveys ask the same questions once a year) or a month
("2026-03"). Reports group by year; a month narrows one. Whether a filter may be shown at all is
the disclosure layer's decision (`DisclosurePolicy.check_filter`), made on live counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from voices.insight.dataset import BoolArray, Dataset
from voices.insight.responses import Sent, SurveyData
from voices.privacy.disclosure import DisclosurePolicy

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Where feedback came from, as officers name it, and the channels each takes in.
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "residents": ("Resident surveys", ("survey", "api")),
    "groups": ("Group feedback", ("group",)),
    "notes": ("Facilitated notes", ("facilitated",)),
}


class BadFilter(ValueError):
    """A filter typed or linked wrongly: the message says which and how to put it right."""


@dataclass(frozen=True, slots=True)
class ReportFilter:
    period: str | None = None
    version: int | None = None
    channel: str | None = None
    source: str | None = None  # a key of SOURCES
    group: int | None = None  # a survivor-involvement group's id

    @property
    def narrows(self) -> bool:
        return any(
            value is not None for value in (self.period, self.version, self.channel, self.source, self.group)
        )

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """For caches: the same filter, the same key (in the order of FILTER_NAMES)."""
        return (
            self.period or "",
            str(self.version or ""),
            self.channel or "",
            self.source or "",
            str(self.group or ""),
        )

    def keeps(self, sent: Sent) -> bool:
        return (
            (self.period is None or in_period(sent.day, self.period))
            and (self.version is None or sent.version == self.version)
            and (self.channel is None or sent.channel == self.channel)
            and (self.source is None or sent.channel in SOURCES[self.source][1])
            and (self.group is None or sent.group == self.group)
        )

    def mask(self, data: Dataset) -> BoolArray:
        """Which of the dataset's submissions the filter keeps, as `keeps` decides for one."""
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
        return kept

    def without_period(self) -> ReportFilter:
        return ReportFilter(None, self.version, self.channel, self.source, self.group)


FILTER_NAMES = ("period", "version", "channel", "source", "group")


def parse_filter(
    data: SurveyData,
    period: str,
    version: str,
    channel: str,
    source: str = "",
    group: str = "",
    groups_shown: frozenset[int] = frozenset(),
) -> ReportFilter:
    """The filter the address asks for; raises `BadFilter` for a value the survey cannot have.

    ``groups_shown``: the groups a report may be filtered by (each reaches the disclosure threshold
    in this survey); any other group is refused like a group that does not exist.
    """
    period, version, channel, source, group = (
        period.strip(),
        version.strip(),
        channel.strip(),
        source.strip(),
        group.strip(),
    )
    if period and not (_YEAR.match(period) or _MONTH.match(period)):
        raise BadFilter("Enter the period as a year, like 2026, or a month, like 2026-03")
    version_id: int | None = None
    if version:
        if not version.isdigit() or int(version) not in {v.id for v in data.versions}:
            raise BadFilter("Choose a version of this survey from the list")
        version_id = int(version)
    if channel and channel not in data.channels:
        raise BadFilter("Choose a channel from the list")
    if source and source not in SOURCES:
        raise BadFilter("Choose where the feedback came from from the list")
    if group and not (group.isdigit() and int(group) in groups_shown):
        raise BadFilter("Choose a group from the list")
    return ReportFilter(
        period or None, version_id, channel or None, source or None, int(group) if group else None
    )


def check(policy: DisclosurePolicy, data: SurveyData, chosen: ReportFilter) -> list[Sent]:
    """The submissions the filter keeps; raises `FilterTooNarrow` (plain words) when it isolates a few."""
    kept = [s for s in data.submissions if chosen.keeps(s)]
    if chosen.narrows:
        policy.check_filter(len(kept), len(data.submissions))
    return kept


def check_mask(policy: DisclosurePolicy, data: Dataset, chosen: ReportFilter) -> BoolArray:
    """`check` over the dataset's arrays: the mask of kept submissions, or `FilterTooNarrow`."""
    kept = chosen.mask(data)
    if chosen.narrows:
        policy.check_filter(int(kept.sum()), data.size)
    return kept


def year_of(day: dt.date) -> str:
    return f"{day.year}"


def in_period(day: dt.date, period: str) -> bool:
    return f"{day:%Y-%m}" == period if _MONTH.match(period) else year_of(day) == period


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

"""The shapes of a theme run and its summaries: built by summarise, stored by run_store, scrubbed by
the purge, read by reports. Defined once here, as msgspec types, so no module knows the JSON by heart.

A quote is a verbatim slice ``text[start:end]`` of one comment. While a run is being built it names
its comment by position among the texts themed (``Quote``); once stored, by the answer it was cut
from (``StoredQuote``), which is what the JSON column holds and what the purge looks for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar

import msgspec

Source = Literal["codebook", "emergent"]


class Quote(msgspec.Struct, frozen=True):
    comment: int  # index of the comment it is cut from, among the texts themed
    start: int
    end: int
    text: str  # == comments[comment][start:end]


class StoredQuote(msgspec.Struct, frozen=True):
    answer: int  # id of the answer it is cut from
    start: int
    end: int
    text: str


Q = TypeVar("Q", Quote, StoredQuote)


class ThemeSummary(msgspec.Struct, Generic[Q], frozen=True):
    key: str
    label: str
    source: Source
    count: int  # raw: the disclosure layer decides what is shown
    share: float  # of the substantive comments in the set
    top_phrases: list[str]
    positive: int
    negative: int
    neutral: int
    quotes: list[Q]
    sentence: str
    quotes_withheld: bool


StoredSummary = ThemeSummary[StoredQuote]


def stored(summary: ThemeSummary[Quote], answer_ids: Sequence[int]) -> StoredSummary:
    """``summary`` as stored: quotes name the answer they come from, not a list position."""
    quotes = [StoredQuote(answer_ids[q.comment], q.start, q.end, q.text) for q in summary.quotes]
    return msgspec.structs.replace(summary, quotes=quotes)  # type: ignore[return-value]


def without_quotes(summary: StoredSummary, gone: Callable[[int], bool]) -> StoredSummary:
    """``summary`` less the quotes of answers for which ``gone(answer id)``."""
    return msgspec.structs.replace(summary, quotes=[q for q in summary.quotes if not gone(q.answer)])


def encode_summary(summary: StoredSummary) -> dict[str, Any]:
    """For the ``theme_summary.summary`` JSON column."""
    return msgspec.to_builtins(summary)


def decode_summary(data: Mapping[str, Any] | str) -> StoredSummary:
    """From the JSON column, as a dict (``load_json=True``) or as the text itself."""
    if isinstance(data, str):
        return msgspec.json.decode(data, type=StoredSummary)
    return msgspec.convert(data, StoredSummary)


class RunCounts(msgspec.Struct, frozen=True):
    """A run's figures, as stored in ``theme_run.counts``."""

    comments: int
    substantive: int
    unassigned: int
    not_substantive: int
    emergent_themes: int
    assignments: int


class StoredRun(msgspec.Struct, frozen=True):
    """A theme run as reports read it."""

    id: int
    survey_slug: str
    created_on: dt.date
    status: str
    parameters: dict[str, Any]  # seed and discovery settings: shown, never computed on
    counts: RunCounts

"""What every export says about itself: which report, filters and day, the rule that hid figures,
each hidden figure with the reason, and the sections the layer refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from voices.insight.exports.tables import ReportTable
from voices.insight.filters import SOURCES, ReportFilter, demographic_choices, period_words
from voices.insight.report import Report
from voices.insight.responses import SurveyData
from voices.privacy.disclosure import DisclosurePolicy, Hidden


@dataclass(frozen=True, slots=True)
class HiddenFigure:
    table: str
    row: str
    column: str
    shown_as: str
    why: str


@dataclass(frozen=True, slots=True)
class Notes:
    survey: str
    filters: str  # "period 2026; source Resident surveys", or "none (every response)"
    made_on: dt.date
    rule: list[str]  # the disclosure rule, in sentences
    hidden: list[HiddenFigure]
    refused: list[str]  # sections (or the whole report) the layer would not show, with its words

    @property
    def heading(self) -> str:
        """One line for every page of the PDF and the top of every file."""
        return f"{self.survey}. Filters: {self.filters}. Made on {self.made_on:%d %B %Y}."


def why_hidden(reason: Hidden, threshold: int) -> str:
    match reason:
        case Hidden.SMALL_COUNT:
            return f"The count is between 1 and {threshold - 1}: small enough to help pick someone out."
        case Hidden.PROTECTS_SMALL_COUNT:
            return "Hidden so that a small count elsewhere in the table cannot be worked out from the totals."
        case Hidden.SMALL_BASE:
            return f"The figure rests on fewer than {threshold} people."
        case Hidden.HIDDEN_COUNT:
            return "A share whose count (or the number it is a share of) is hidden."


def filters_in_words(chosen: ReportFilter, data: SurveyData, group_names: dict[int, str]) -> str:
    """The filters as the page's form names them ("Version 2, loaded 01 March 2026")."""
    versions = data.versions
    parts = []
    if chosen.period:
        parts.append(f"period {period_words(chosen.period)}")
    if chosen.version:
        version = next(v for v in versions if v.id == chosen.version)
        of = f"{version.survey_title}: " if version.survey_title else "survey "
        parts.append(f"{of}version {version.number}, loaded {version.loaded_on:%d %B %Y}")
    if chosen.channel:
        parts.append(f"channel {chosen.channel}")
    if chosen.source:
        parts.append(f"source {SOURCES[chosen.source][0]}")
    if chosen.group:
        parts.append(f"group {group_names.get(chosen.group, chosen.group)}")
    bands, areas = demographic_choices(data.definition)
    if chosen.band:
        parts.append(f"people {dict(bands)[':'.join(chosen.band)]}")
    if chosen.area:
        parts.append(f"area {dict(areas)[chosen.area]}")
    return "; ".join(parts) if parts else "none (every response)"


def report_notes(
    report: Report, tables: list[ReportTable], policy: DisclosurePolicy, made_on: dt.date, filters: str
) -> Notes:
    threshold = policy.threshold
    rule = [
        f"No figure describes fewer than {threshold} people. A count from 1 to {threshold - 1} is shown as "
        f"\"fewer than {threshold}\", and other figures in the same table are hidden as well where the totals "
        "would otherwise give it away.",
        f"Shares, averages and other statistics resting on fewer than {threshold} people are withheld.",
        f"A filter that describes, or leaves out, fewer than {threshold} people is refused.",
        "A hidden figure is written as the words the report shows for it, never as a number.",
        f"In the responses file (one row per response, no free text), rows whose year, source and demographic "
        f"answers (area, age band, gender) together are shared by fewer than {threshold} rows have those answers "
        f"withheld, one at a time, until the combination is shared by {threshold} or more; rows still that rare "
        "are left out.",
    ]
    hidden = [
        HiddenFigure(table.title, _text(row[0]), column, cell.text, why_hidden(cell.hidden, threshold))
        for table in tables
        for row in table.rows
        for column, cell in zip(table.columns, row, strict=True)
        if not isinstance(cell, str) and cell.hidden is not None
    ]
    return Notes(report.title, filters, made_on, rule, hidden, _refused(report))


def _text(cell: object) -> str:
    return cell if isinstance(cell, str) else str(cell)


def _refused(report: Report) -> list[str]:
    if report.refused:
        return [f"The whole report: {report.refused}"]
    found = []
    if report.themes is not None and report.themes.refused:
        found.append(f"What people said: {report.themes.refused}")
    found += [f"{block.heading}: {block.refused}" for block in report.awareness if block.refused]
    if report.indices_refused:
        found.append(f"Attitude scores: {report.indices_refused}")
    return found

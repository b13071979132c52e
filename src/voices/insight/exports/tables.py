"""A report laid out as the tables its page shows, cell for cell, from the report's own figures.

The page draws these tables from the same `Report` (frontend/templates/officers/report.html):
here they are named, given their section and column headings, and kept as `Figure`s, so each
format can write a shown figure as a number and a hidden one as the layer's words for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from voices.insight.awareness import Block
from voices.insight.indices import Index
from voices.insight.report import Report
from voices.insight.themes_view import SOURCE_LABELS, ThemesSection
from voices.privacy.disclosure import Figure
from voices.surveys.definition import LIKERT_CHOICES, translate

Cell = str | Figure[Any]
LIKERT_WORDS = [translate(label, "en") for _, label in LIKERT_CHOICES]


class Kind(StrEnum):
    """How a cell is written: a count or a share as a number, anything else as its words."""

    label = "label"
    count = "count"
    share = "share"
    words = "words"  # a statistic with its interval ("4.25 (4.04 to 4.46)"), a change, a hidden figure


@dataclass(frozen=True, slots=True)
class ReportTable:
    section: str  # the page heading the table sits under
    title: str  # its caption on the page
    columns: list[str]
    rows: list[list[Cell]]  # the first cell of each row labels it
    group: str = ""  # the subheading it sits under, if any (an awareness block, an index)
    chart: str = ""  # the chart drawn from the same figures (`report_charts`), if any


def kind_of(cell: Cell) -> Kind:
    """Read from the figure itself: a shown count holds an int, a shown share a float written with %."""
    if isinstance(cell, str):
        return Kind.label
    if cell.value is None:
        return Kind.words
    if isinstance(cell.value, int):
        return Kind.count
    if isinstance(cell.value, float) and cell.text.endswith("%"):
        return Kind.share
    return Kind.words


def report_tables(report: Report) -> list[ReportTable]:
    """Every table of the report, in page order; none for a refused filter or an empty survey."""
    if report.refused or report.submissions is None or report.empty:
        return []
    narrows = report.chosen.narrows
    responses: list[list[Cell]] = [["Responses in this filter" if narrows else "Responses", report.submissions]]
    if narrows:
        responses.append(["Responses in all", report.everyone])
    themes = report.themes
    if themes is not None and themes.run is not None and themes.refused is None:
        responses.append(["Comments read by the last theme run" + (", in this filter" if narrows else ""), themes.comments])
        responses.append(["Comments sent since the last theme run", themes.newer])
    tables = [ReportTable("Responses", "Responses", ["", "Number"], responses)]
    if themes is not None:
        tables += _themes(themes)
    for number, block in enumerate(report.awareness):
        tables += _awareness(block, f"awareness-{number}")
    for found in report.indices:
        tables += _index(found)
    return tables


THEMES = "What people said"
AWARENESS = "Awareness of support and reporting"
ATTITUDES = "Attitude scores"


def _themes(themes: ThemesSection) -> list[ReportTable]:
    if themes.run is None or themes.refused is not None:
        return []
    views = [view for group in themes.groups for view in group.themes]
    tables = [
        ReportTable(
            THEMES,
            "Comments in each theme",
            ["Theme", "Comments", "Share"],
            [[v.label, v.count, v.share] for v in views],
            chart="themes",
        )
    ]
    mixes = [v for v in views if v.sources or v.sources_note]
    if mixes:
        width = max(1, *(len(v.sources) for v in mixes))
        heads = list(SOURCE_LABELS[:width]) if any(v.sources for v in mixes) else ["Where the comments came from"]
        rows: list[list[Cell]] = []
        for v in mixes:
            cells: list[Cell] = [figure for _, figure in v.sources] or [v.sources_note]
            rows.append([v.label, *cells, *([""] * (width - len(cells)))])
        tables.append(
            ReportTable(THEMES, "Where each theme's comments came from", ["Theme", *heads], rows)
        )
    if themes.periods:
        before, after = themes.periods
        tables.append(
            ReportTable(
                THEMES,
                "Comments in each theme by period, as counted when the themes were last run",
                ["Theme", before, after, "Change"],
                [[v.label, v.previous or "", v.latest or "", v.change or "cannot be shown"] for v in views],
                chart="theme_trend",
            )
        )
    return tables


def _awareness(block: Block, chart: str) -> list[ReportTable]:
    if block.refused:
        return []
    head = ["", *block.periods]
    shares: list[list[Cell]] = [[row.label, *(cell.share for cell in row.cells)] for row in block.rows]
    if block.one_question:
        shares.append(["People who answered", *block.asked])
    counts: list[list[Cell]] = [[row.label, *(cell.count for cell in row.cells)] for row in block.rows]
    tables = [
        ReportTable(AWARENESS, f"{block.heading}: the share who {block.measure}", head, shares, block.heading, chart),
        ReportTable(AWARENESS, f"{block.heading}: how many {block.measure}", head, counts, block.heading),
    ]
    if not block.one_question:
        # Statements each have their own base: people skip some of them.
        asked: list[list[Cell]] = [[row.label, *row.asked] for row in block.rows]
        tables.append(ReportTable(AWARENESS, f"{block.heading}: how many answered each statement", head, asked, block.heading))
    return tables


def _index(found: Index) -> list[ReportTable]:
    summary: list[list[Cell]] = [
        ["Average score", found.mean],
        ["Reliability (Cronbach's alpha)", found.alpha],
    ]
    if found.change_between:
        summary.append([f"Change between {found.change_between}", found.change])
        if found.reading:
            summary.append(["What the change means", found.reading])
    tables = [
        ReportTable(
            ATTITUDES,
            f"{found.title}: score",
            ["", f"Score (a higher score means {found.higher_means})"],
            summary,
            found.title,
        ),
        ReportTable(
            ATTITUDES,
            f"{found.title}: average score by year",
            ["Year", "Average (95% confidence interval)"],
            [[wave.period, wave.mean] for wave in found.by_wave],
            found.title,
            f"index-{found.key}",
        ),
    ]
    for item in found.items:
        rows: list[list[Cell]] = [
            [word, count, share] for word, count, share in zip(LIKERT_WORDS, item.counts, item.shares, strict=True)
        ]
        rows.append(["Answered", item.answered, ""])
        title = item.prompt + (" (scored the other way round)" if item.reverse else "")
        tables.append(ReportTable(ATTITUDES, f"{found.title}: {title}", ["Answer", "People", "Share"], rows, found.title))
    return tables

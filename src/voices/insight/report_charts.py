"""Which charts a report gets, drawn from its published figures (hidden ones are left out).

Where a picture beats a table: theme shares, theme counts in two periods, awareness by period,
indices by wave. Every chart sits beside its data table on the page; its alt text says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from voices.insight.charts import (
    ChartCache,
    Interval,
    Series,
    bar_chart,
    interval_chart,
)
from voices.insight.report import Report

SEE_TABLE = "The figures are in the table that follows."
# Charts are drawn from values rounded past what the eye can tell apart on them (a mean to 0.01 on
# the 1-5 axis, a share to 0.1 of a percentage point: under a pixel), and kept by those values. One
# more answer among thousands then leaves every chart as it was, and the page is not held up by
# matplotlib drawing the same picture again (about 0.1 s a chart).
MEAN_PLACES, SHARE_PLACES = 2, 1


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str
    alt: str


def report_charts(report: Report, cache: ChartCache) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}

    def add(name: str, alt: str, data: object, draw: Callable[[], str]) -> None:
        key = (report.data.slug, report.chosen.key, name, repr(data))
        charts[name] = Chart(cache.get(key, draw), alt)

    themes = [view for group in (report.themes.groups if report.themes else []) for view in group.themes]
    labels = [view.label for view in themes]
    if any(view.share.shown for view in themes):
        shares = Series("Share of comments", _rounded([view.share.value for view in themes], SHARE_PLACES))
        alt = f"Bar chart: the share of comments in each theme. {SEE_TABLE}"
        add("themes", alt, (labels, shares), lambda: bar_chart(alt, labels, [shares]))
    if report.themes and report.themes.periods and any(view.change for view in themes):
        before, after = report.themes.periods or ("", "")
        trend = [
            Series(before, [view.previous.value if view.previous else None for view in themes]),
            Series(after, [view.latest.value if view.latest else None for view in themes]),
        ]
        alt = f"Bar chart: comments in each theme, {report.themes.compared}. {SEE_TABLE}"
        add("theme_trend", alt, (labels, trend), lambda: bar_chart(alt, labels, trend, unit="Comments"))
    for index, block in enumerate(report.awareness):
        if block.refused or not any(cell.share.shown for row in block.rows for cell in row.cells):
            continue
        rows = [row.label for row in block.rows]
        series = [
            Series(p, _rounded([row.cells[i].share.value for row in block.rows], SHARE_PLACES))
            for i, p in enumerate(block.periods)
        ]
        alt = f"Bar chart: {block.heading.lower()}, the share who {block.measure}, by year. {SEE_TABLE}"
        add(f"awareness-{index}", alt, (rows, series), _bars(alt, rows, series))
    for found in report.indices:
        points = [
            Interval(*(round(v, MEAN_PLACES) for v in (w.estimate.mean, w.estimate.low, w.estimate.high)))
            if w.estimate
            else None
            for w in found.by_wave
        ]
        if any(points):
            periods = [w.period for w in found.by_wave]
            alt = f"Chart: the mean {found.title.lower()} score by year, with its 95% confidence interval. {SEE_TABLE}"
            add(f"index-{found.key}", alt, (periods, points), _intervals(alt, periods, points))
    return charts


def _rounded(values: Sequence[float | None], places: int) -> list[float | None]:
    return [None if value is None else round(value, places) for value in values]


def _bars(alt: str, rows: Sequence[str], series: Sequence[Series]) -> Callable[[], str]:
    return lambda: bar_chart(alt, rows, series)


def _intervals(alt: str, periods: Sequence[str], points: Sequence[Interval | None]) -> Callable[[], str]:
    return lambda: interval_chart(alt, periods, points, "Mean score (1 to 5)")


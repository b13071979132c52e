"""The themes of a survey's current run as the report shows them, counted from live rows.

A stored summary gives a theme's name, key phrases, polarity and candidate quotes; how many
comments a theme holds, and whether it may show quotes, is counted now from the run's assignments
whose answers still exist, within the report's filter. So a purge that takes a theme below the
threshold hides its quotes on the next request, whatever the stored summary still says.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import msgspec
import numpy as np

from voices.errors import FilterTooNarrow
from voices.insight.dataset import TONES, BoolArray, Dataset, History, IntArray, Members
from voices.insight.filters import SOURCES, period_words, previous_period
from voices.insight.publish import one_way
from voices.privacy.disclosure import DisclosurePolicy, Figure, Hidden
from voices.themes.codebook import Priority
from voices.themes.stock_answers import are_about, comments_about, is_mix
from voices.themes.summaries import StoredRun, StoredSummary

QUOTES_SHOWN = 3
PRIORITY_HEADINGS: dict[str, str] = {
    Priority.prevention.value: "Prioritising prevention",
    Priority.supporting_victims_and_survivors.value: "Supporting victims and survivors",
    Priority.pursuing_perpetrators.value: "Pursuing perpetrators",
    Priority.cross_cutting.value: "Across all three priorities",
}
EMERGENT_HEADING = "Other themes people raised (not in the codebook)"
# A theme's comments by where they came from: the report's sources, then any other channel (demo).
SOURCE_LABELS: tuple[str, ...] = (*(label for label, _ in SOURCES.values()), "Other channels")
_NO_MEMBERS = Members(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int8))


@dataclass(frozen=True, slots=True)
class ThemeView:
    key: str
    label: str
    count: Figure[int]
    share: Figure[float]
    previous: Figure[int] | None  # comments in the period before, from the theme history
    latest: Figure[int] | None  # comments in the period compared, from the same history
    change: str  # "up 4", "down 2", "no change", "" when either count is hidden
    phrases: list[str]
    polarity: list[tuple[str, Figure[float]]]  # ("positive", 40%) ...; empty when withheld
    sentence: str
    quotes: list[str]
    quotes_note: str  # why there are no quotes, in words
    sources: list[tuple[str, Figure[int]]]  # (source, comments from it); empty when withheld
    sources_note: str = ""  # why the mix of sources is not shown, in words


@dataclass(frozen=True, slots=True)
class ThemeGroup:
    heading: str
    themes: list[ThemeView]


@dataclass(frozen=True, slots=True)
class ThemesSection:
    run: StoredRun | None
    comments: Figure[int]  # comments sent up to the run's day, in the filter
    newer: Figure[int]  # comments sent after the run's day, in the filter
    groups: list[ThemeGroup] = field(default_factory=list)
    periods: tuple[str, str] | None = None  # (before, latest) compared from the theme history
    refused: str | None = None
    quotes_shown: int = 0
    reviewed: dict[str, Figure[int]] = field(default_factory=dict)  # theme key -> comments an analyst reviewed

    @property
    def compared(self) -> str:
        return "" if self.periods is None else f"{self.periods[1]} compared with {self.periods[0]}"


def themes_section(
    policy: DisclosurePolicy,
    data: Dataset,
    priorities: dict[str, str],
    kept: BoolArray | None,
    period: str | None,
    may_read_comments: bool,
) -> ThemesSection:
    """`kept` is None when the report is not filtered; `priorities` maps codebook theme id to priority."""
    run = data.run
    in_filter = kept if kept is not None else np.ones(data.size, dtype=np.bool_)
    comment_days = data.days[data.comments]
    comment_kept = in_filter[data.comments]
    run_day = run.created_on.toordinal() if run else None
    newer = int(comment_kept.sum() if run_day is None else (comment_kept & (comment_days > run_day)).sum())
    if run is None:
        return ThemesSection(None, policy.count(0), policy.count(newer))
    read = comment_days <= run_day
    read_all, read_kept = int(read.sum()), int((read & comment_kept).sum())
    periods, history = _history(data.history, period, run.id)
    groups: dict[str, list[ThemeView]] = defaultdict(list)
    sources = _source_of(data)
    shown_quotes = 0
    try:
        total = one_way(policy, [read_all], None if kept is None else [read_kept]).total
        for summary in data.summaries:
            live = data.members.get(summary.key, _NO_MEMBERS)
            view = _theme(
                policy,
                summary,
                live,
                kept,
                read_all,
                read_kept,
                history.get(summary.key, (0, 0)) if periods else None,
                may_read_comments,
                sources,
            )
            shown_quotes += len(view.quotes)
            heading = PRIORITY_HEADINGS.get(priorities.get(summary.key, ""), EMERGENT_HEADING)
            if summary.source == "emergent":
                heading = EMERGENT_HEADING
            groups[heading].append(view)
    except FilterTooNarrow as refusal:
        return ThemesSection(run, policy.count(read_kept), policy.count(newer), refused=str(refusal))
    reviewed = _reviewed(policy, data, kept)
    # A mix is often the largest theme found (FFT v6: a fifth of the comments), and says least of
    # what people raise: the themes with a subject come first.
    groups[EMERGENT_HEADING].sort(key=lambda view: is_mix(view.label))
    order = [*PRIORITY_HEADINGS.values(), EMERGENT_HEADING]
    return ThemesSection(
        run,
        total,
        policy.count(newer),
        [ThemeGroup(h, groups[h]) for h in order if groups.get(h)],
        periods,
        None,
        shown_quotes,
        reviewed,
    )


def _theme(
    policy: DisclosurePolicy,
    summary: StoredSummary,
    live: Members,
    in_filter: BoolArray | None,
    comments_all: int,
    comments_kept: int,
    history: tuple[int, int] | None,
    may_read_comments: bool,
    sources: IntArray,
) -> ThemeView:
    """`live`: the theme's assignments that still exist (answers and their submissions)."""
    mine = live if in_filter is None else _within(live, in_filter)
    everyone_counts = [live.answers.size, comments_all - live.answers.size]
    table = one_way(
        policy,
        everyone_counts,
        None if in_filter is None else [mine.answers.size, comments_kept - mine.answers.size],
    )
    count = table.cells[0]
    share = policy.percentage(count, table.total)
    previous = latest = None
    change = ""
    if history is not None:
        previous, latest = policy.count(history[0]), policy.count(history[1])
        if previous.value is not None and latest.value is not None:
            difference = latest.value - previous.value
            change = (
                "no change"
                if difference == 0
                else f"{'up' if difference > 0 else 'down'} {abs(difference):,}"
            )
    # Distinct respondents (one may send two comments): positions counted, not sorted as by np.unique.
    people = int(np.count_nonzero(np.bincount(mine.positions))) if mine.positions.size else 0
    words_allowed = policy.quotes_allowed(people)
    if not words_allowed:
        # Key phrases, and the name of a theme found in the comments, are those few people's words.
        summary = _without_words(summary, policy.threshold)
    quotes, note = _quotes(policy, summary, people, mine, may_read_comments)
    polarity = _polarity(policy, live, None if in_filter is None else mine) if count.shown else []
    mix, mix_note = _source_mix(policy, sources, live, None if in_filter is None else mine)
    return ThemeView(
        summary.key,
        summary.label,
        count,
        share,
        previous,
        latest,
        change,
        list(summary.top_phrases),
        polarity,
        _sentence(summary, count, share, polarity),
        quotes,
        note,
        mix,
        mix_note,
    )


def _source_of(data: Dataset) -> IntArray:
    """Each submission's source, as an index into SOURCE_LABELS (the last: any other channel)."""
    other = len(SOURCES)
    by_channel = np.full(max(len(data.channel_names), 1), other, dtype=np.int64)
    for index, (_, channels) in enumerate(SOURCES.values()):
        for channel in channels:
            code = data.channel_code(channel)
            if code >= 0:
                by_channel[code] = index
    return by_channel[data.channels] if data.size else np.empty(0, dtype=np.int64)


def _source_mix(
    policy: DisclosurePolicy, sources: IntArray, live: Members, mine: Members | None
) -> tuple[list[tuple[str, Figure[int]]], str]:
    """A theme's comments by source, as one table with the theme's count as its total.

    The total is shown beside it, so a small source is hidden with another (the layer's secondary
    suppression): no source can be worked out by subtracting the others from the total. Filtered,
    the mix is published against the unfiltered one, like every filtered table. "Other channels"
    is left out where it is empty for the whole survey, which says nothing about anyone.
    """
    sizes = len(SOURCE_LABELS)
    everyone = np.bincount(sources[live.positions], minlength=sizes).tolist()
    filtered = None if mine is None else np.bincount(sources[mine.positions], minlength=sizes).tolist()
    if not np.any(sources == sizes - 1):
        everyone, filtered = everyone[:-1], None if filtered is None else filtered[:-1]
    try:
        table = one_way(policy, everyone, filtered)
    except FilterTooNarrow:
        return [], "Where these comments came from cannot be shown in this filter without revealing a small number."
    if not table.total.shown and all(not cell.shown for cell in table.cells):
        return [], ""
    return list(zip(SOURCE_LABELS[: len(table.cells)], table.cells, strict=True)), ""


def _without_words(summary: StoredSummary, threshold: int) -> StoredSummary:
    """The summary of a theme too few people are in: no key phrases, and a theme found in the
    comments named without the words its name was made from."""
    label = summary.label if summary.source == "codebook" else f"Another theme, raised by fewer than {threshold} people"
    return msgspec.structs.replace(summary, top_phrases=[], label=label)


def _quotes(
    policy: DisclosurePolicy, summary: StoredSummary, people: int, mine: Members, may_read_comments: bool
) -> tuple[list[str], str]:
    if not may_read_comments:
        return [], "Your role shows figures only, not people's words."
    if not policy.quotes_allowed(people):
        return [], f"No quotes: fewer than {policy.threshold} people's comments are in this theme."
    members = set(mine.answers.tolist())
    quotes = [q.text for q in summary.quotes if q.answer in members][:QUOTES_SHOWN]
    return quotes, "" if quotes else "No quotes were chosen for this theme."


def _polarity(policy: DisclosurePolicy, live: Members, mine: Members | None) -> list[tuple[str, Figure[float]]]:
    """The theme's positive / negative / neutral shares, counted from its comments that still exist
    (`mine`: those in the report's filter, published against the unfiltered split). Empty for a run
    that kept no tones (made before they were kept), or where the layer withholds the split."""
    read = live.tones[live.tones >= 0]
    if not read.size:
        return []
    everyone = np.bincount(read, minlength=len(TONES)).tolist()
    within = None if mine is None else np.bincount(mine.tones[mine.tones >= 0], minlength=len(TONES)).tolist()
    try:
        split = one_way(policy, everyone, within)
    except FilterTooNarrow:
        return []
    return [(name, policy.percentage(cell, split.total)) for name, cell in zip(TONES, split.cells, strict=True)]


def _sentence(
    summary: StoredSummary,
    count: Figure[int],
    share: Figure[float],
    polarity: list[tuple[str, Figure[float]]],
) -> str:
    """The summary sentence, rebuilt from published figures: the stored one holds the run's raw counts."""
    if count.hidden is Hidden.SMALL_COUNT:
        return f"{count.text.capitalize()} comments {are_about(summary.label)}."
    if not count.shown:
        return f"The number of {comments_about(summary.label)} is {count.text}."
    sentence = f"{count.text} comments ({share.text}) {are_about(summary.label)}"
    if summary.top_phrases:
        sentence += ", often mentioning " + ", ".join(f"“{p}”" for p in summary.top_phrases[:3])
    shares = dict(polarity)
    if shares and shares["positive"].shown and shares["negative"].shown:
        sentence += f"; {shares['positive'].text} read as positive and {shares['negative'].text} as negative"
    return sentence + "."


def _reviewed(policy: DisclosurePolicy, data: Dataset, in_filter: BoolArray | None) -> dict[str, Figure[int]]:
    """How many of each theme's live assignments (in the filter) an analyst confirmed or made."""
    found = {}
    for summary in data.summaries:
        live = data.members.get(summary.key, _NO_MEMBERS)
        mine = live if in_filter is None else _within(live, in_filter)
        reviewed = data.reviewed.get(summary.key)
        count = 0 if reviewed is None else int(np.isin(mine.answers, reviewed).sum())
        found[summary.key] = policy.count(count)
    return found


def _within(live: Members, in_filter: BoolArray) -> Members:
    keep = in_filter[live.positions]
    return Members(live.answers[keep], live.positions[keep], live.tones[keep])


def _history(
    rows: list[History], period: str | None, current_run: int
) -> tuple[tuple[str, str] | None, dict[str, tuple[int, int]]]:
    """(("2025", "2026"), theme key → (count before, count in the period)) from theme_history.

    Each month is counted by the current run where it has counts of that month, so both periods
    are themed alike; a month before its first (those comments purged before it ran) by the latest
    earlier run that has, for codebook themes only (an emergent theme's key names another
    theme in each run). By year, or by month when the filter names a month. Without a period
    filter, the latest year is compared.
    """
    current = {row.period for row in rows if row.run_id == current_run}
    # Only months before the current run's first: a purge takes the oldest months, while a month
    # between two it counted had nothing themed, and a run with no counts (demo data cleared) has none.
    first = min(current, default="")
    earlier: dict[str, int] = {}  # such a month -> the latest run that counted it
    for row in rows:
        if row.period < first and row.source == "codebook":
            earlier[row.period] = max(earlier.get(row.period, 0), row.run_id)
    rows = [
        row for row in rows
        if row.run_id == current_run or (row.source == "codebook" and earlier.get(row.period) == row.run_id)
    ]  # fmt: skip
    if not rows:
        return None, {}
    by_month = period is not None and len(period) == 7
    key = (lambda month: month) if by_month else (lambda month: month[:4])
    latest = period if period is not None else max(key(row.period) for row in rows)
    before = previous_period(latest)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        when = key(row.period)
        if when in (before, latest):
            counts[row.theme_key][when == latest] += row.comment_count
    found = {theme: (pair[0], pair[1]) for theme, pair in counts.items()}
    return (period_words(before), period_words(latest)), found

"""The report cache: a report is reused only while its rows are unchanged, and any change to them
(a new submission, a purge, a review of a theme run) is counted on the very next request."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from tests.insight import data
from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from voices.db.tables import ThemeAssignment
from voices.insight import report as report_module
from voices.insight.dataset import Dataset
from voices.insight.filters import ReportFilter
from voices.insight.indices import Distribution, WaveMean
from voices.insight.report import Report, cached_report, survey_dataset
from voices.insight.report_charts import report_charts
from voices.insight.sql import _postgres_sql, _sqlite, _sqlite_lists
from voices.insight.workspace import Insight, build_insight
from voices.jobs.catalogue import PURGE, build_jobs
from voices.privacy.retention import purge_expired
from voices.settings import Settings

ITEM = "bystander_pestered"


async def report_of(insight: Insight, slug: str, chosen: ReportFilter | None = None) -> Report:
    version, dataset = await survey_dataset(insight, slug)
    return await cached_report(insight, version, dataset, chosen or ReportFilter(), True)


def distribution(report: Report, item_id: str = ITEM) -> Distribution:
    return next(d for index in report.indices for d in index.items if d.item_id == item_id)


def counts(report: Report, item_id: str = ITEM) -> list[int | None]:
    """The published counts of one Likert item, strongly agree first (None when hidden)."""
    return [cell.value for cell in distribution(report, item_id).counts]


def assert_same_rows(extended: Dataset, fresh: Dataset) -> None:
    for name in ("ids", "days", "years", "months", "channels", "versions", "comments"):
        assert np.array_equal(getattr(extended, name), getattr(fresh, name)), name
    assert extended.likert.keys() == fresh.likert.keys()
    for question_id, column in fresh.likert.items():
        assert np.array_equal(extended.likert[question_id], column), question_id
    assert extended.data.submissions == fresh.data.submissions


async def test_an_unchanged_survey_is_served_from_the_cache(settings: Settings, published: list[str]) -> None:
    await data.attitude_waves()
    insight = build_insight(settings)
    first_version, first = await survey_dataset(insight, "attitudes")
    report = await cached_report(insight, first_version, first, ReportFilter(), True)
    version, dataset = await survey_dataset(insight, "attitudes")
    assert version == first_version and dataset is first
    assert await cached_report(insight, version, dataset, ReportFilter(), True) is report
    # Another filter or role is another report of the same rows.
    assert await cached_report(insight, version, dataset, ReportFilter(), False) is not report


async def test_new_submissions_are_read_alone_and_counted_as_a_fresh_read_would(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await data.attitude_waves()
    insight = build_insight(settings)
    before = await report_of(insight, "attitudes")
    assert before.everyone.value == 20 and distribution(before).answered.value == 20
    reads = []
    full_read = report_module.load_dataset
    monkeypatch.setattr(report_module, "load_dataset", lambda *args: reads.append(args) or full_read(*args))
    for _ in range(12):
        await data.submit(
            "attitudes", data.AWARE_2026, dict.fromkeys(data.BYSTANDER, "disagree"), channel="api"
        )
    after = await report_of(insight, "attitudes")
    assert not reads, "only the new submissions are read"
    assert after.everyone.value == 32 and distribution(after).answered.value == 32
    # The same figures as a report counted from a fresh read of every row.
    monkeypatch.undo()
    fresh = build_insight(settings)
    assert_same_rows(
        (await survey_dataset(insight, "attitudes"))[1], (await survey_dataset(fresh, "attitudes"))[1]
    )
    again = await report_of(fresh, "attitudes")
    assert after.indices == again.indices and after.awareness == again.awareness
    # The new channel is there for the filter, counted against the extended rows.
    assert (await report_of(insight, "attitudes", ReportFilter(channel="api"))).submissions.value == 12


async def test_a_purge_is_counted_at_once(settings: Settings, published: list[str]) -> None:
    await data.attitude_waves()
    insight = build_insight(settings)
    assert (await report_of(insight, "attitudes")).everyone.value == 20
    # On 1 December 2026 with a year's retention, the ten submissions of June 2025 expire.
    await purge_expired(dt.date(2026, 12, 1), 365)
    after = await report_of(insight, "attitudes")
    assert after.everyone.value == 10
    assert counts(after)[1] is None  # 5 agree: now fewer than 10, hidden


async def test_a_purge_then_as_many_new_submissions_is_not_taken_for_no_change(
    settings: Settings, published: list[str]
) -> None:
    """SQLite gives a new row the id of the newest deleted one: here the ten purged submissions are
    the newest rows, so ten new ones take back their very ids, and the count, the largest id and the
    sum of ids are what they were. The day of the newest submission tells the change apart."""
    for _ in range(20):
        await data.submit("attitudes", data.AWARE_2026, dict.fromkeys(data.BYSTANDER, "agree"))
    for _ in range(10):
        await data.submit("attitudes", dt.date(2025, 1, 10), dict.fromkeys(data.BYSTANDER, "strongly_agree"))
    insight = build_insight(settings)
    before = await report_of(insight, "attitudes")
    assert counts(before)[:2] == [10, 20]
    await purge_expired(dt.date(2026, 12, 1), 365)
    for _ in range(10):
        await data.submit(
            "attitudes", dt.date(2026, 11, 30), dict.fromkeys(data.BYSTANDER, "strongly_disagree")
        )
    after = await report_of(insight, "attitudes")
    assert after.everyone.value == 30
    assert counts(after) == [0, 20, 0, 0, 10, 0]


async def test_a_theme_losing_assignments_is_recounted_at_once(
    settings: Settings, published: list[str]
) -> None:
    await data.themed_comments(dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    insight = build_insight(settings)

    def waiting(report: Report) -> str:
        assert report.themes is not None
        view = next(v for g in report.themes.groups for v in g.themes if v.key == "waiting_times_capacity")
        return view.count.text

    assert waiting(await report_of(insight, "awareness")) == "12"
    # As a review would: three comments are taken out of the theme.
    removed = (
        await ThemeAssignment.select(ThemeAssignment.id)
        .where(ThemeAssignment.theme_key == "waiting_times_capacity")
        .limit(3)
    )
    await ThemeAssignment.delete().where(ThemeAssignment.id.is_in([row["id"] for row in removed]))
    assert waiting(await report_of(insight, "awareness")) == "fewer than 10"


async def test_a_changed_theme_run_rereads_the_run_alone_and_counts_as_a_fresh_read_would(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review, a new run or new submissions with a new run: the rows are kept or extended, never
    read again whole (seconds on a large survey), and the figures are a fresh read's."""
    themed = await data.themed_comments(dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    insight = build_insight(settings)
    await report_of(insight, "awareness")
    full_reads = []
    full_read = report_module.load_dataset
    monkeypatch.setattr(report_module, "load_dataset", lambda *args: full_reads.append(args) or full_read(*args))
    # As a review would: two comments leave a theme.
    await ThemeAssignment.delete().where(ThemeAssignment.answer.is_in(themed["being_believed"][:2]))
    reviewed = await report_of(insight, "awareness")
    # Then new submissions, and a run that themes one of them.
    for n in range(3):
        ids = await data.submit("awareness", dt.date(2026, 11, 26), {"anything_else": f"{data.WAITING_QUOTE} (new {n})"})
    run_id = (await ThemeAssignment.select(ThemeAssignment.theme_run).first())["theme_run"]
    await ThemeAssignment(
        theme_run=run_id, answer=ids["anything_else"], theme_key="waiting_times_capacity",
        theme_label="Waiting times", score=0.9, source="codebook",
    ).save()  # fmt: skip
    grown = await report_of(insight, "awareness")
    assert not full_reads, "the rows were read again in full"
    monkeypatch.undo()
    kept = (await survey_dataset(insight, "awareness"))[1]
    fresh_insight = build_insight(settings)
    fresh = (await survey_dataset(fresh_insight, "awareness"))[1]
    assert_same_rows(kept, fresh)
    assert kept.members.keys() == fresh.members.keys()
    for key, members in fresh.members.items():
        assert np.array_equal(kept.members[key].answers, members.answers), key
        assert np.array_equal(kept.members[key].positions, members.positions), key
    assert grown.themes == (await report_of(fresh_insight, "awareness")).themes
    assert reviewed.everyone.value == 26 and grown.everyone.value == 29
    assert kept.members["waiting_times_capacity"].answers.size == 13
    assert kept.members["being_believed"].answers.size == 2


def test_list_arguments_become_in_lists_on_sqlite_and_any_on_postgresql() -> None:
    assert _sqlite_lists("a IN ? AND b = ? AND c IN ?", [[1, 2], 3, []]) == (
        "a IN (?, ?) AND b = ? AND c IN (NULL)",
        [1, 2, 3],
    )
    assert _postgres_sql("a IN ? AND b = ? AND c IN ?") == "a = ANY($1) AND b = $2 AND c = ANY($3)"


def test_a_database_file_replaced_at_its_path_is_read_afresh(tmp_path: Path) -> None:
    """A restored backup is a new file at the old path: the reader's kept connection must not read it
    through the old file's pages (SQLite: "file is not a database")."""
    path = tmp_path / "voices.sqlite"

    def write(value: int) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE t (v INTEGER)")
            connection.execute("INSERT INTO t VALUES (?)", [value])
        connection.close()

    write(1)
    assert _sqlite(str(path), [("SELECT v FROM t", [])]) == [[(1,)]]
    path.rename(tmp_path / "before-restore.sqlite")
    write(2)
    assert _sqlite(str(path), [("SELECT v FROM t", [])]) == [[(2,)]]


async def test_a_kept_page_is_never_shown_to_another_officer_or_with_another_token(reports: Reports) -> None:
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    await signed_in(reports, "analyst")
    first = await reports.page("/officers/reports/awareness")
    assert data.WAITING_QUOTE in first and "analyst@county.example" in first
    assert await reports.page("/officers/reports/awareness") == first  # the same officer, the same page
    await signed_in(reports, "viewer")
    page = await reports.page("/officers/reports/awareness")
    assert data.WAITING_QUOTE not in page and "analyst@county.example" not in page
    assert "Your role shows figures only, not people's words." in text_of(page)
    # The request's own token is put in the kept page, never the slot that holds its place.
    assert "csrf-slot-" not in page and re.search(r'name="_csrf_token" value="[^"]+"', page)


async def test_the_purge_job_forgets_every_kept_report(settings: Settings, published: list[str]) -> None:
    """Reports kept in memory may quote answers a purge deletes: the purge job empties the cache,
    even of surveys nobody asks for again."""
    await data.attitude_waves()
    insight = build_insight(settings)
    version, dataset = await survey_dataset(insight, "attitudes")
    await cached_report(insight, version, dataset, ReportFilter(), True)
    assert len(insight.reports) == 1 and insight.reports.dataset("attitudes") is not None
    [purge] = [job for job in build_jobs(settings, after_purge=insight.reports.clear) if job.name == PURGE]
    await purge.run()
    assert len(insight.reports) == 0 and insight.reports.dataset("attitudes") is None


async def test_a_chart_is_drawn_again_only_when_what_it_shows_moves(settings: Settings, published: list[str]) -> None:
    """One more answer among thousands moves a mean by far less than a pixel: the kept chart is used
    (drawing it again held the page up by ~0.1 s a chart); a visible change draws it afresh."""
    await data.attitude_waves()
    insight = build_insight(settings)
    report = await report_of(insight, "attitudes")
    first = report_charts(report, insight.charts)
    kept = len(insight.charts)
    assert any(name.startswith("index-") for name in first)

    def nudged(by: float) -> Report:
        def wave(w: WaveMean) -> WaveMean:
            if w.estimate is None:
                return w
            e = w.estimate
            return dataclasses.replace(w, estimate=dataclasses.replace(e, mean=e.mean + by, low=e.low + by, high=e.high + by))

        return dataclasses.replace(
            report, indices=[dataclasses.replace(i, by_wave=[wave(w) for w in i.by_wave]) for i in report.indices]
        )

    again = report_charts(nudged(0.0004), insight.charts)
    assert {name: chart.svg for name, chart in again.items()} == {name: chart.svg for name, chart in first.items()}
    assert len(insight.charts) == kept
    moved = report_charts(nudged(0.05), insight.charts)
    assert len(insight.charts) > kept
    assert any(moved[name].svg != first[name].svg for name in first if name.startswith("index-"))


def test_an_assignment_of_a_submission_not_yet_read_waits_for_the_next_read() -> None:
    """A run read after the rows may have themed a submission sent since: it is left out, not given
    another submission's position."""
    from voices.insight.dataset import _members

    rows = [("waiting", 11, 3, False, "negative"), ("waiting", 12, 7, True, ""), ("waiting", 13, 9, False, "positive"),
            ("believed", 14, 4, False, "neutral")]  # fmt: skip
    members = _members(np.array([3, 5, 7], dtype=np.int64), rows)
    assert members["waiting"].answers.tolist() == [11, 12] and members["waiting"].positions.tolist() == [0, 2]
    assert members["waiting"].tones.tolist() == [1, -1]  # negative; a comment its run did not read
    assert members["believed"].answers.size == 0
    assert all(m.answers.size == 0 for m in _members(np.empty(0, dtype=np.int64), rows).values())

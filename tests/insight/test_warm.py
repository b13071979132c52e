"""Reading every survey's rows ahead of the first officer: at start-up, after a purge, and never at
the price of the app when one survey fails."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.insight import data
from voices.app import app_for
from voices.insight import report as report_module
from voices.insight import warm as warm_module
from voices.insight.filters import ReportFilter
from voices.insight.report import survey_dataset
from voices.insight.warm import ReportWarmer
from voices.insight.workspace import Insight, build_insight
from voices.jobs.catalogue import PURGE, build_jobs
from voices.services import build_services
from voices.settings import Settings


def no_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any read of a survey's rows fails the test."""

    def read(*args: Any) -> None:
        raise AssertionError("the rows were read on request")

    for name in ("load_dataset", "extend_dataset", "reread_run"):
        monkeypatch.setattr(report_module, name, read)


def report_kept(insight: Insight, slug: str, may_read_comments: bool) -> bool:
    held = insight.reports.dataset(slug)
    return held is not None and insight.reports.report((slug, held[0], ReportFilter().key, may_read_comments)) is not None


async def test_every_survey_with_submissions_is_read_so_the_first_report_reads_nothing(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await data.attitude_waves()
    await data.themed_comments(dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    insight = build_insight(settings)
    warmer = ReportWarmer(insight, enabled=True)
    warmer.start()
    assert await warmer.wait() == ["attitudes", "awareness"]  # the others have no submissions
    assert all(report_kept(insight, slug, role) for slug in ("attitudes", "awareness") for role in (True, False))
    no_reads(monkeypatch)
    version, dataset = await survey_dataset(insight, "awareness")
    assert dataset.size == 26 and dataset.members["waiting_times_capacity"].answers.size == 12


async def test_nothing_is_read_when_it_is_turned_off(settings: Settings, published: list[str]) -> None:
    await data.attitude_waves()
    insight = build_insight(settings)
    warmer = ReportWarmer(insight, enabled=False)
    warmer.start()
    assert await warmer.wait() == [] and insight.reports.dataset("attitudes") is None


async def test_a_survey_that_fails_is_logged_and_the_others_are_read(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await data.attitude_waves()
    await data.themed_comments(dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    real = warm_module.survey_dataset

    async def broken_for_attitudes(insight: Insight, slug: str) -> Any:
        if slug == "attitudes":
            raise RuntimeError("the database went away")
        return await real(insight, slug)

    monkeypatch.setattr(warm_module, "survey_dataset", broken_for_attitudes)
    insight = build_insight(settings)
    warmer = ReportWarmer(insight, enabled=True)
    with caplog.at_level(logging.ERROR, logger="voices.insight.warm"):
        warmer.start()
        assert await warmer.wait() == ["awareness"]
    assert "reading the rows of attitudes ahead of its first report failed" in caplog.text
    assert insight.reports.dataset("attitudes") is None and report_kept(insight, "awareness", True)


async def test_a_purge_forgets_what_was_kept_and_reads_the_rows_left(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await data.attitude_waves()
    insight = build_insight(settings)
    warmer = ReportWarmer(insight, enabled=True)
    warmer.start()
    await warmer.wait()
    before = insight.reports.dataset("attitudes")
    assert before is not None and before[1].size == 20
    # June 2025's ten submissions expire, June 2026's stay: a retention ending in January 2026.
    year = replace(settings, retention_days=(dt.date.today() - dt.date(2026, 1, 1)).days)
    [purge] = [job for job in build_jobs(year, after_purge=warmer.forget_and_warm) if job.name == PURGE]
    await purge.run()
    await warmer.wait()
    after = insight.reports.dataset("attitudes")
    assert after is not None and after[1].size == 10
    no_reads(monkeypatch)
    assert (await survey_dataset(insight, "attitudes"))[1] is after[1]
    assert report_kept(insight, "attitudes", True)


async def test_the_app_reads_the_rows_when_it_starts(settings: Settings, published: list[str]) -> None:
    await data.attitude_waves()
    services = build_services(replace(settings, warm_reports=True))
    async with AsyncTestClient(app=app_for(services)) as client:
        assert client.blocking_portal.call(services.warmer.wait) == ["attitudes"]
        assert report_kept(services.insight, "attitudes", True)

"""The monthly reports (issue 14 §1) through the real app, on both engines: the job stores last month's
PDF for each survey with responses once, withholds a month too small to report, keeps what it made
when another survey's fails, and officers list and download them by role, each download audited."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Awaitable, Callable

import pypdf
import pytest

from tests.insight import data
from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from voices.db.tables import AuditEvent, JobRun, MonthlyReport
from voices.insight import monthly
from voices.insight.monthly import make_monthly_reports, month_before
from voices.insight.workspace import build_insight
from voices.jobs.catalogue import MONTHLY_REPORTS
from voices.jobs.runner import JobRunner
from voices.services import Services

JULY_FIRST = dt.date(2026, 7, 1)  # the month before is June 2026, data.AWARE_2026's


def job_for(services: Services) -> Callable[[dt.date], Awaitable[dict[str, int]]]:
    insight = build_insight(services.settings)
    return lambda today: make_monthly_reports(insight, services.renderer, today)


def pdf_text(body: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_the_month_before_is_the_calendar_month_just_ended() -> None:
    assert month_before(dt.date(2026, 7, 1)) == "2026-06"
    assert month_before(dt.date(2026, 1, 31)) == "2025-12"
    assert month_before(dt.date(2024, 3, 1)) == "2024-02"


async def test_last_months_reports_are_stored_once_and_downloaded_by_role(
    reports: Reports, services: Services
) -> None:
    reports.run(data.awareness_waves)
    reports.run(data.attitude_waves)
    job = job_for(services)
    counts = reports.run(job, JULY_FIRST)
    assert counts["made"] == 2 and counts["withheld"] == 0 and counts["no submissions"] >= 1, counts
    # Run again (another process, a retry): nothing is made twice.
    assert reports.run(job, JULY_FIRST)["made"] == 0
    stored = reports.run(MonthlyReport.select(MonthlyReport.survey_slug, MonthlyReport.month).run)
    assert sorted((r["survey_slug"], r["month"]) for r in stored) == [("attitudes", "2026-06"), ("awareness", "2026-06")]

    await signed_in(reports, "viewer")
    listing = text_of(await reports.page("/officers/monthly-reports"))
    assert "June 2026" in listing and "ask one of them for a copy" in listing
    [awareness_id] = [
        r["id"] for r in reports.run(MonthlyReport.select(MonthlyReport.id).where(MonthlyReport.survey_slug == "awareness").run)
    ]
    download = f"/officers/monthly-reports/{awareness_id}/report.pdf"
    assert (await reports.client.get(download)).status_code == 403

    reports.client.cookies.clear()
    await signed_in(reports, "analyst")
    page = await reports.page("/officers/monthly-reports")
    assert f'href="{download}"' in page
    response = await reports.client.get(download)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="awareness-2026-06-monthly-report.pdf"' in response.headers["content-disposition"]
    text = pdf_text(response.content)
    # June 2026 alone: the 30 people who answered then (and the 3 by the API), not June 2025's 20.
    assert "June 2026" in text and "33" in text, text[:600]
    events = reports.run(AuditEvent.select(AuditEvent.action, AuditEvent.object_ref).run)
    assert {"action": "exported", "object_ref": "awareness?period=2026-06 monthly report.pdf"} in events
    assert (await reports.client.get("/officers/monthly-reports/999999/report.pdf")).status_code == 404


async def test_a_month_too_small_to_report_is_withheld(reports: Reports, services: Services) -> None:
    reports.run(data.awareness_waves)
    for _ in range(3):
        reports.run(data.submit, "awareness", dt.date(2026, 5, 20), {"know_help_self": "agree"})
    counts = reports.run(job_for(services), dt.date(2026, 6, 2))
    assert counts["made"] == 0 and counts["withheld"] == 1, counts
    assert reports.run(MonthlyReport.count().run) == 0


async def test_a_failed_run_keeps_what_it_made_and_the_retry_makes_the_rest(
    reports: Reports, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports.run(data.awareness_waves)
    reports.run(data.attitude_waves)
    real_pdf = monthly.report_pdf

    def fails_for_awareness(exported, insight, renderer):  # type: ignore[no-untyped-def]
        if exported.report.data.slug == "awareness":
            raise OSError("disk full while laying out")
        return real_pdf(exported, insight, renderer)

    monkeypatch.setattr(monthly, "report_pdf", fails_for_awareness)
    job = job_for(services)
    with pytest.raises(monthly.MonthlyReportsFailed, match="awareness"):
        reports.run(job, JULY_FIRST)
    assert [r["survey_slug"] for r in reports.run(MonthlyReport.select(MonthlyReport.survey_slug).run)] == ["attitudes"]
    monkeypatch.setattr(monthly, "report_pdf", real_pdf)
    assert reports.run(job, JULY_FIRST)["made"] == 1
    assert reports.run(MonthlyReport.count().run) == 2


async def test_the_apps_scheduled_job_makes_the_month_just_ended(reports: Reports, services: Services) -> None:
    month = month_before(dt.datetime.now(dt.UTC).date())
    day = dt.date(int(month[:4]), int(month[5:]), 15)
    for _ in range(12):
        reports.run(data.submit, "awareness", day, {"know_help_self": "agree"})
    [job] = [job for job in services.jobs.jobs if job.name == MONTHLY_REPORTS]
    assert job.schedule.text == "daily 06:00 UTC"
    reports.run(JobRunner(JobRun._meta.db).run_due, job)
    [run] = reports.run(JobRun.select().output(load_json=True).run)
    assert run["outcome"] == "succeeded" and run["counts"]["made"] == 1, run
    assert reports.run(MonthlyReport.select(MonthlyReport.month).output(as_list=True).run) == [month]

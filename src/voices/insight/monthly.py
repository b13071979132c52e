"""Monthly reports for the partnership's sub-group: each survey's report on the month just ended, kept
as a PDF in the database so every app process and every officer sees the same file.

The job runs daily and makes what is missing, so a server that was down on the 1st catches up on
its next run, and a retry after a failure makes only what the failed run did not store. A month
with no submissions has no report; one the disclosure layer refuses (too few people) is counted as
withheld and stored as nothing, since its PDF would show nothing but the refusal. The report is
made as an officer without `read_comments` sees it: no quotes, so anyone who may read reports may
read it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np
from litestar.exceptions import HTTPException

from voices.db.tables import MonthlyReport, Survey
from voices.insight.exports.pdf import report_pdf
from voices.insight.exports.source import Typed, exported_report
from voices.insight.filters import period_words
from voices.insight.report import survey_dataset
from voices.insight.workspace import Insight
from voices.pages.render import Renderer
from voices.surveys.reported_in import reported_in

logger = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class StoredMonth:
    id: int
    survey_slug: str
    survey_title: str
    month: str  # YYYY-MM
    made_at: dt.datetime
    size: int  # bytes of the PDF

    @property
    def month_words(self) -> str:
        return period_words(self.month)


def month_before(today: dt.date) -> str:
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last_day:%Y-%m}"


async def make_monthly_reports(insight: Insight, renderer: Renderer, today: dt.date) -> dict[str, int]:
    """Store last month's report for each survey that has none yet; the counts for the job's record."""
    month = month_before(today)
    stored = {row["survey_slug"] for row in await MonthlyReport.select(MonthlyReport.survey_slug).where(
        MonthlyReport.month == month
    )}
    made = withheld = empty = 0
    failed: list[str] = []
    reported_elsewhere = await reported_in()
    for slug in await Survey.select(Survey.slug).order_by(Survey.slug).output(as_list=True):
        if slug in stored or slug in reported_elsewhere:  # its answers are in the other's report
            continue
        try:
            outcome = await _make(insight, renderer, slug, month, today)
        except Exception as error:  # noqa: BLE001 - every survey gets its turn; the job fails below
            # The error's name only: a message could quote what the report was being made from.
            logger.error("the monthly report of %s for %s failed: %s", slug, month, type(error).__name__)
            failed.append(slug)
            continue
        made += outcome == "made"
        withheld += outcome == "withheld"
        empty += outcome == "empty"
    if failed:
        raise MonthlyReportsFailed(
            f"{len(failed)} monthly report(s) for {month} not made, the others are kept and the job is "
            f"retried: {', '.join(failed)}"
        )
    return {"made": made, "withheld": withheld, "no submissions": empty}


class MonthlyReportsFailed(RuntimeError):
    """Some surveys' reports could not be made; those made are kept and the job is retried."""


async def _make(insight: Insight, renderer: Renderer, slug: str, month: str, today: dt.date) -> str:
    _, dataset = await survey_dataset(insight, slug)
    if not np.any(dataset.months == int(month.replace("-", ""))):
        return "empty"
    try:
        exported = await exported_report(insight, slug, Typed(period=month), False, today)
    except HTTPException as refusal:
        if refusal.status_code != 422:
            raise
        return "withheld"
    # Layout takes a second or more: a worker thread, so respondents are served meanwhile.
    pdf = await asyncio.to_thread(report_pdf, exported, insight, renderer)
    made_at = dt.datetime.now(dt.UTC)
    await MonthlyReport.insert(
        MonthlyReport(key=f"{slug} {month}", survey_slug=slug, month=month, made_at=made_at, pdf=pdf, size=len(pdf))
    )
    return "made"


async def stored_months() -> list[StoredMonth]:
    """Every stored monthly report, newest month first, without the PDFs' bytes."""
    titles = await _titles()
    elsewhere = await reported_in()  # one made before its survey was reported in another is not served
    rows = await MonthlyReport.select(
        MonthlyReport.id, MonthlyReport.survey_slug, MonthlyReport.month, MonthlyReport.made_at, MonthlyReport.size
    ).order_by(MonthlyReport.month, ascending=False).order_by(MonthlyReport.survey_slug)
    return [_stored(row, titles) for row in rows if row["survey_slug"] not in elsewhere]


async def stored_pdf(report_id: int) -> tuple[StoredMonth, bytes] | None:
    row = await MonthlyReport.select().where(MonthlyReport.id == report_id).first()
    if row is None or row["survey_slug"] in await reported_in():
        return None
    return _stored(row, await _titles()), bytes(row["pdf"])


async def _titles() -> dict[str, str]:
    return {row["slug"]: row["title"] for row in await Survey.select(Survey.slug, Survey.title)}


def _stored(row: dict[str, object], titles: dict[str, str]) -> StoredMonth:
    slug = str(row["survey_slug"])
    made_at = row["made_at"]
    assert isinstance(made_at, dt.datetime)
    return StoredMonth(int(str(row["id"])), slug, titles.get(slug, slug), str(row["month"]), made_at, int(str(row["size"])))

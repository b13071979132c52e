"""Retention on both engines: what is past it goes, with every copy of its text; the rest stays."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    SpentFormToken,
    Submission,
    SurveyVersion,
    ThemeAssignment,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.jobs.catalogue import PURGE, build_jobs
from voices.jobs.runner import JobRunner
from voices.jobs.scheduler import SWEEP_ID
from voices.privacy.retention import PurgeCounts, purge_expired
from voices.settings import Settings
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish
from voices.surveys.tokens import issue_token
from voices.themes.summaries import StoredQuote, StoredSummary, encode_summary

FIXTURE = Path(__file__).parents[1] / "surveys" / "fixtures" / "valid" / "bilingual.yaml"
TODAY = dt.date(2026, 11, 25)
RETENTION_DAYS = 30
OLD, RECENT = TODAY - dt.timedelta(days=31), TODAY - dt.timedelta(days=30)  # RECENT is the first day kept


async def seed() -> dict[str, int]:
    """Two submissions, one a day past retention; a theme run quoting both; labels and tokens."""
    result = await publish(read_definition(FIXTURE))
    version = (await SurveyVersion.select(SurveyVersion.id).where(SurveyVersion.content_hash == result.content_hash))[0]["id"]
    ids: dict[str, int] = {}
    for name, day in (("old", OLD), ("recent", RECENT)):
        submission = Submission(survey_version=version, submitted_on=day)
        await submission.save()
        answer = Answer(submission=submission.id, question_id="comments", text=f"the {name} comment")
        await answer.save()
        ids[name] = answer.id
        await SpentFormToken(token_hash=f"{name}-token", spent_on=day).save()
        await ConfirmedLabel(text=f"the {name} comment", theme_id="waiting_times", applies=True, confirmed_on=day).save()
    # Confirmed yesterday, but on a comment sent before the cut-off: its words expire with the comment.
    await ConfirmedLabel(text="the old comment", theme_id="being_believed", applies=True,
                         confirmed_on=TODAY - dt.timedelta(days=1), comment_submitted_on=OLD).save()
    run = ThemeRun(survey_slug="bilingual", created_on=RECENT, is_current=True, parameters={}, counts={})
    await run.save()
    for answer_id in ids.values():
        await ThemeAssignment(theme_run=run.id, answer=answer_id, theme_key="E01", theme_label="x", score=1.0, source="emergent").save()
    quotes = [StoredQuote(ids[name], 0, len(f"the {name} comment"), f"the {name} comment") for name in ("old", "recent")]
    summary = StoredSummary(
        key="E01", label="x", source="emergent", count=2, share=1.0, top_phrases=["comment"], positive=0,
        negative=0, neutral=2, quotes=quotes, sentence="Fewer than 10 comments are about x.", quotes_withheld=False,
    )
    await ThemeSummaryRecord(theme_run=run.id, theme_key="E01", source="emergent", member_count=2,
                             summary=encode_summary(summary)).save()
    return ids


async def test_a_dry_run_counts_and_deletes_nothing(db: str) -> None:
    await seed()
    counts = await purge_expired(TODAY, RETENTION_DAYS, dry_run=True)
    assert counts == PurgeCounts(1, 1, 1, 1, 2, 1)
    assert await Submission.count() == 2 and await Answer.count() == 2 and await ConfirmedLabel.count() == 3


async def test_purge_removes_every_copy_of_expired_text_and_keeps_the_rest(db: str) -> None:
    ids = await seed()
    assert await purge_expired(TODAY, RETENTION_DAYS) == PurgeCounts(1, 1, 1, 1, 2, 1)
    assert [row["submitted_on"] for row in await Submission.select(Submission.submitted_on)] == [RECENT]
    assert [row["id"] for row in await Answer.select(Answer.id)] == [ids["recent"]]
    assert [row["answer"] for row in await ThemeAssignment.select(ThemeAssignment.answer)] == [ids["recent"]]
    assert [row["spent_on"] for row in await SpentFormToken.select(SpentFormToken.spent_on)] == [RECENT]
    assert [row["text"] for row in await ConfirmedLabel.select(ConfirmedLabel.text)] == ["the recent comment"]
    summary = (await ThemeSummaryRecord.select(ThemeSummaryRecord.summary).output(load_json=True))[0]["summary"]
    assert [quote["answer"] for quote in summary["quotes"]] == [ids["recent"]]
    # Nothing anywhere still holds the expired comment's words.
    for table in (Answer, ConfirmedLabel, ThemeSummaryRecord):
        assert "the old comment" not in json.dumps(await table.select(), default=str)
    assert await purge_expired(TODAY, RETENTION_DAYS) == PurgeCounts()  # idempotent


async def test_a_form_older_than_retention_cannot_be_sent(client: AsyncTestClient, settings: Settings) -> None:
    form = (await client.get("/api/surveys/bilingual")).json()
    stale = issue_token(settings.secret_key, time.time() - (settings.retention_days + 1) * 86400)
    response = await client.post(
        "/api/surveys/bilingual/responses",
        json={"version_id": form["version_id"], "form_token": stale, "answers": {"feel_safe": "agree"}},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["form_token"].startswith("form token has expired")


async def test_the_app_schedules_the_nightly_purge(settings: Settings) -> None:
    from voices.services import build_services

    jobs = build_services(dataclasses.replace(settings, jobs=True)).jobs
    jobs.start()
    try:
        assert jobs.scheduler is not None
        job = jobs.scheduler.get_job(PURGE)
        assert job is not None and str(job.trigger) == "cron[hour='3', minute='15']"
        # A process that starts after 03:15 (or was down then) still purges: the sweep runs whatever
        # occurrence nobody ran, a sweep interval after start.
        assert jobs.scheduler.get_job(SWEEP_ID) is not None
    finally:
        await jobs.stop()


def test_the_purge_command_prints_its_counts(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "VOICES_DATABASE_URL": database_url, "VOICES_VAR_DIR": str(tmp_path)}
    voices = Path(sys.executable).parent / "voices"
    subprocess.run([voices, "migrate"], env=env, check=True, capture_output=True)
    result = subprocess.run([voices, "privacy", "purge", "--dry-run"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "would be deleted" in result.stdout and "submissions" in result.stdout


async def test_a_purge_waits_for_whoever_holds_the_lock(db: str, engine_name: str) -> None:
    if engine_name != "postgres":
        pytest.skip("SQLite has one writing process; the advisory lock is PostgreSQL's")
    import asyncpg

    from voices.db.locks import ANSWER_COPIES_LOCK

    await seed()
    other_process = await asyncpg.connect(db)
    try:
        async with other_process.transaction():
            await other_process.execute("SELECT pg_advisory_xact_lock($1)", ANSWER_COPIES_LOCK)
            purge = asyncio.create_task(purge_expired(TODAY, RETENTION_DAYS))
            await asyncio.sleep(0.5)
            assert not purge.done() and await Submission.count() == 2
        assert await purge == PurgeCounts(1, 1, 1, 1, 2, 1)
    finally:
        await other_process.close()


async def test_the_nightly_job_purges_and_logs_counts_only(
    db: str, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    await seed()
    days_since = (dt.date.today() - TODAY).days
    [purge] = [job for job in build_jobs(dataclasses.replace(settings, retention_days=RETENTION_DAYS + days_since))
               if job.name == PURGE]
    with caplog.at_level(logging.INFO, logger="voices.jobs"):
        await JobRunner(Submission._meta.db).run_due(purge)
    assert await Submission.count() == 1
    assert "1 submissions, 1 answers" in caplog.text and "comment" not in caplog.text


async def test_what_the_purge_looks_up_is_indexed(db: str, engine_name: str) -> None:
    # Without these, deleting a backlog scans the child tables once per parent row while holding
    # SQLite's write lock, and submissions time out behind it.
    needed = {
        ("answer", "submission"), ("theme_assignment", "answer"), ("theme_assignment", "theme_run"),
        ("theme_summary", "theme_run"), ("submission", "submitted_on"), ("spent_form_token", "spent_on"),
    }
    if engine_name == "sqlite":
        indexed = set()
        for table, _ in needed:
            for index in await Submission.raw(f"PRAGMA index_list({table})"):
                columns = await Submission.raw(f"PRAGMA index_info({index['name']})")
                indexed |= {(table, column["name"]) for column in columns[:1]}
    else:
        rows = await Submission.raw(
            "SELECT t.relname AS tab, a.attname AS col FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
        )
        indexed = {(row["tab"], row["col"]) for row in rows}
    assert needed <= indexed, needed - indexed

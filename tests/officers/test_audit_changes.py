"""Changes to surveys and their themes are audited, on both engines: a survey version published or made
current again (`voices surveys load`), demo data seeded and cleared (`voices demo seed|clear`), and
theme runs started from the report page, the command line (`voices themes run`) or the scheduled job.

Each row says who (an officer, "command line" or "scheduled job"), what, which object (slugs, ids and
counts) and when; none holds a word any respondent wrote."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import FIXTURE_SURVEYS, TEST_SECRET
from tests.insight.conftest import Reports, reports  # noqa: F401 - the report pages' fixture, with a held run
from tests.insight.theme_runs import comments
from voices.cli import main
from voices.db.tables import Answer, AuditEvent, Submission, ThemeRun
from voices.jobs.theming import theme_new_text
from voices.officers.audit import AuditLog
from voices.officers.clock import utc_now
from voices.themes.survey_run import theme_survey

Voices = Callable[..., Awaitable[Result]]
DAY = dt.date(2026, 11, 20)
BUS = "The last bus home from Hexley is too early"


async def audit_rows() -> list[tuple[str, int | None, str, str, str]]:
    rows = await AuditEvent.select().order_by(AuditEvent.id)
    return [(r["actor"], r["actor_id"], r["action"], r["object_kind"], r["object_ref"]) for r in rows]


async def assert_no_respondent_words() -> None:
    """No audit row holds any stored comment, nor a telling piece of one (as test_audit.py checks typed words)."""
    audit = str(await AuditEvent.select())
    texts = [row["text"] for row in await Answer.select(Answer.text).where(Answer.text.is_not_null())]
    for text in texts:
        assert text not in audit and text[:20] not in audit, text


async def assert_recorded_between(start: dt.datetime, end: dt.datetime) -> None:
    times = [row["at"] for row in await AuditEvent.select(AuditEvent.at)]
    assert times and all(start <= at <= end for at in times), (start, times, end)


@pytest.fixture
def voices(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Voices:
    monkeypatch.setenv("VOICES_DATABASE_URL", db)
    monkeypatch.setenv("VOICES_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("VOICES_SECRET_KEY", TEST_SECRET)

    async def run(*args: str) -> Result:
        # In a thread of its own: the command runs its own event loop, as it does from a shell.
        result = await asyncio.to_thread(CliRunner().invoke, main, list(args))
        assert result.exit_code == 0, result.output
        return result

    return run


async def test_loading_survey_versions_is_audited_as_the_command_line(voices: Voices, tmp_path: Path) -> None:
    surveys = tmp_path / "surveys"
    surveys.mkdir()
    survey_file = surveys / "bilingual.yaml"
    shutil.copy(FIXTURE_SURVEYS / "bilingual.yaml", survey_file)
    start = utc_now()
    await voices("surveys", "load", str(surveys))
    await voices("surveys", "load", str(surveys))  # unchanged: nothing to audit
    original = survey_file.read_text()
    survey_file.write_text(original.replace("minutes: 2", "minutes: 4"))
    await voices("surveys", "load", str(surveys))
    survey_file.write_text(original)
    reverted = await voices("surveys", "load", str(surveys))
    assert "bilingual: earlier version made current" in reverted.output
    assert await audit_rows() == [
        ("command line", None, "survey changed", "survey", "bilingual, version 1: published"),
        ("command line", None, "survey changed", "survey", "bilingual, version 2: published"),
        ("command line", None, "survey changed", "survey", "bilingual, version 1: made current again"),
    ]
    await assert_recorded_between(start, utc_now())


async def test_seeding_and_clearing_demo_data_is_audited_without_its_words(
    voices: Voices, published: list[str]
) -> None:
    start = utc_now()
    await voices("demo", "seed", "attitudes", "--submissions", "40", "--seed", "3")
    assert await Answer.count().where(Answer.text.is_not_null()) > 0  # there were words to keep out
    await assert_no_respondent_words()
    await voices("demo", "clear")
    assert await Submission.count() == 0
    assert await audit_rows() == [
        ("command line", None, "survey changed", "survey", "attitudes, version 1: demo, 40 submissions seeded"),
        ("command line", None, "survey changed", "demo data", "attitudes: demo cleared, 40 submissions"),
    ]
    await assert_recorded_between(start, utc_now())


async def test_a_theme_run_from_the_command_line_is_audited_with_its_run_and_count(
    voices: Voices, published: list[str]
) -> None:
    await comments("awareness", DAY, BUS, {"survey": 6})
    start = utc_now()
    result = await voices("themes", "run", "--survey", "awareness")
    run_id = (await ThemeRun.select(ThemeRun.id).where(ThemeRun.is_current == True).first())["id"]  # noqa: E712
    assert f"theme run {run_id} for awareness is now current" in result.output
    assert await audit_rows() == [
        ("command line", None, "theme run started", "survey", "awareness"),
        ("command line", None, "theme run finished", "theme run", f"awareness, run {run_id}"),
    ]
    await assert_recorded_between(start, utc_now())
    await assert_no_respondent_words()


async def test_the_scheduled_theming_audits_each_run_as_the_scheduled_job(published: list[str]) -> None:
    await comments("awareness", DAY, BUS, {"survey": 6})
    await comments("attitudes", DAY, "Nobody at the Spar in Aldersley told me where to go", {"survey": 3})
    start = utc_now()
    assert await theme_new_text(lambda slug: theme_survey(slug, tagger=None)) == {"surveys": 2}
    runs = {row["survey_slug"]: row["id"] for row in await ThemeRun.select(ThemeRun.survey_slug, ThemeRun.id)}
    assert await audit_rows() == [
        ("scheduled job", None, "theme run started", "survey", "attitudes"),
        ("scheduled job", None, "theme run finished", "theme run", f"attitudes, run {runs['attitudes']}"),
        ("scheduled job", None, "theme run started", "survey", "awareness"),
        ("scheduled job", None, "theme run finished", "theme run", f"awareness, run {runs['awareness']}"),
    ]
    await assert_recorded_between(start, utc_now())
    await assert_no_respondent_words()


async def test_a_failed_scheduled_run_is_audited_as_started_only(published: list[str]) -> None:
    await comments("awareness", DAY, BUS, {"survey": 6})

    async def failing(slug: str) -> int:
        raise RuntimeError(f"{BUS} broke it")

    with pytest.raises(Exception, match="not themed"):
        await theme_new_text(failing, AuditLog(utc_now))
    assert await audit_rows() == [("scheduled job", None, "theme run started", "survey", "awareness")]
    await assert_no_respondent_words()


async def test_a_theme_run_started_from_the_report_page_is_audited_as_the_officer(reports: Reports) -> None:  # noqa: F811
    officer_id_of = {}
    reports.add("analyst@county.example", "analyst")
    assert (await reports.sign_in("analyst@county.example")).status_code == 303
    reports.run(comments, "awareness", DAY, BUS, {"survey": 6})
    await reports.form("/officers/reports/awareness")
    started = await reports.post("/officers/reports/awareness/theme-run", {})
    assert started.headers["location"] == "/officers/reports/awareness?run=started"
    busy = await reports.post("/officers/reports/awareness/theme-run", {})
    assert busy.headers["location"] == "/officers/reports/awareness?run=busy"  # refused: changes nothing
    reports.theming.release = True
    rows = reports.run(AuditEvent.select().where(AuditEvent.action == "theme run started").run)
    for row in reports.run(AuditEvent.select().where(AuditEvent.action == "signed in").run):
        officer_id_of[row["actor"]] = row["actor_id"]
    assert [(r["actor"], r["actor_id"], r["object_kind"], r["object_ref"], r["at"]) for r in rows] == [
        ("analyst@county.example", officer_id_of["analyst@county.example"], "survey", "awareness", reports.clock.now)
    ]
    # When the run is done, its end is audited as the same officer, with the run it made.
    for _ in range(200):
        if "finished at" in await reports.page("/officers/reports/awareness"):
            break
    rows = reports.run(AuditEvent.select().where(AuditEvent.action == "theme run finished").run)
    assert [(r["actor"], r["actor_id"], r["object_kind"], r["object_ref"]) for r in rows] == [
        ("analyst@county.example", officer_id_of["analyst@county.example"], "theme run", "awareness, run 1")
    ]
    reports.run(assert_no_respondent_words)


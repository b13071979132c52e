"""Officer pages in the states a first visit never reaches, each with axe-core: a report while a
theme run is in progress, after one failed, after one whose app process stopped, and refused a second
start; the jobs page with runs that worked, failed, were abandoned and are running; the tagger's page
with trained versions and a training that ended. Each state is written to the database as the app
writes it (`theme_run_status`, `job_run`, `tagger_version`), or reached from the page.

The module runs its own server: a run shown in progress refuses every other start of that survey's
runs, which other modules make.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.accessibility import axe_violations
from tests.browser.conftest import running_server
from tests.browser.harness import Server
from tests.browser.test_officers import submit
from tests.browser.test_roles import EMAILS, signed_in, unexpected_console_errors
from tests.conftest import run_async
from tests.insight.theme_runs import comments, current_run
from tests.officers.links import officer_links
from voices.db.engine import bind, engine_from_url
from voices.db.tables import JobRun, TaggerVersion, ThemeRunStatus
from voices.insight.runs import STOPPED_AFTER

pytestmark = pytest.mark.browser
SURVEY = "awareness"
REPORT = f"/officers/reports/{SURVEY}"
DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    with running_server(request, neutral_site) as started:
        yield started


def on_database(server: Server, write: Callable[[], object]) -> object:
    """Run `write` (a coroutine function) against the server's own database."""

    async def run() -> object:
        bind(engine_from_url(f"sqlite:///{server.log.parent / 'voices.sqlite'}"))
        return await write()

    return run_async(run())


@pytest.fixture(scope="module")
def links(server: Server) -> dict[str, str]:
    """A themed awareness survey (so the report shows its themes beside the run's state) and an admin."""

    async def seed() -> dict[str, str]:
        waiting = await comments(SURVEY, DAY, "the wait was long", {"survey": 12})
        await current_run(SURVEY, DAY, {"waiting_times_capacity": ("Waiting times", waiting)})
        return {"admin": (await officer_links(None, {EMAILS["admin"]: "admin"}))[EMAILS["admin"]]}

    return on_database(server, seed)


def run_status(server: Server, state: str, updated_ago: dt.timedelta, step: str = "", problem: str = "") -> None:
    """The survey's last theme run started from the page, as insight/runs.py stores it."""

    async def write() -> None:
        now = dt.datetime.now(dt.UTC)
        await ThemeRunStatus.delete().where(ThemeRunStatus.survey_slug == SURVEY)
        started = now - updated_ago - dt.timedelta(minutes=2)
        await ThemeRunStatus(
            survey_slug=SURVEY, state=state, started_at=started, started_by=EMAILS["admin"], step=step,
            finished_at=None if state == "running" else now - updated_ago, problem=problem,
            updated_at=now - updated_ago,
        ).save()

    on_database(server, write)


def job_runs(server: Server) -> None:
    """The purge worked two days ago, failed yesterday and is being tried again; the monthly reports'
    run was abandoned (its process stopped); the theming job is running now."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def run(job: str, due: dt.datetime, attempt: int, outcome: str, **more: object) -> JobRun:
        ended = None if outcome == "running" else due + dt.timedelta(seconds=3)
        return JobRun(job=job, scheduled_for=due, attempt=attempt, owner="host:4242", started_at=due,
                      ended_at=ended, outcome=outcome, **more)

    async def write() -> None:
        await JobRun.insert(
            run("purge", now - dt.timedelta(days=2), 1, "succeeded", counts={"submissions": 3}),
            run("purge", now - dt.timedelta(days=1), 1, "failed", error="OperationalError: database is locked",
                retry_at=now + dt.timedelta(minutes=5)),
            run("monthly_reports", now - dt.timedelta(hours=5), 1, "abandoned", error="the process stopped"),
            run("theme", now - dt.timedelta(minutes=1), 1, "running"),
        )

    on_database(server, write)


def tagger_versions(server: Server) -> None:
    """Three trainings: one accepted (not current), one refused, one failed."""
    at = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)

    async def write() -> None:
        await TaggerVersion.insert(
            TaggerVersion(created_at=at, created_by=EMAILS["admin"], outcome="accepted", data_sha256="ab" * 32,
                          label_ids=[1, 2, 3], reason="Accepted: not worse than the current model beyond noise."),
            TaggerVersion(created_at=at + dt.timedelta(hours=1), created_by="command line", outcome="refused",
                          data_sha256="cd" * 32, label_ids=[1, 2], reason="Refused: worse on held-out comments."),
            TaggerVersion(created_at=at + dt.timedelta(hours=2), created_by=EMAILS["admin"], outcome="failed",
                          reason="Failed: there are no confirmed labels to learn from yet."),
        )

    on_database(server, write)


def test_run_jobs_and_tagger_states_have_no_axe_violations(
    new_context: Callable[..., BrowserContext], server: Server, links: dict[str, str]
) -> None:
    admin = signed_in(new_context, server, links, "admin")

    # The report while a run is in progress, then refused a second start, after a failed run, and
    # after a run whose process stopped (not heard from for longer than STOPPED_AFTER).
    run_status(server, "running", dt.timedelta(seconds=5), step="tag")
    page = admin.open("report, run in progress", REPORT)
    expect(page.locator("#run-status")).to_contain_text("is in progress: matching comments to the codebook themes")
    expect(page.get_by_role("heading", name="Waiting times")).to_be_visible()
    submit(page, "Theme the comments again")
    expect(page.get_by_role("status")).to_contain_text("already")
    admin.found["report, second start refused"] = axe_violations(page, server)
    run_status(server, "failed", dt.timedelta(minutes=1), problem="the run stopped with an error.")
    page = admin.open("report, run failed", REPORT)
    expect(page.locator("#run-status")).to_contain_text("did not finish: the run stopped with an error.")
    run_status(server, "running", STOPPED_AFTER + dt.timedelta(minutes=5), step="discover")
    page = admin.open("report, run stopped", REPORT)
    expect(page.locator("#run-status")).to_contain_text("stopped before it finished")

    job_runs(server)
    page = admin.open("jobs, a job failing, one abandoned, one running", "/officers/admin/jobs")
    expect(page.get_by_text("Delete answers past retention has failed since")).to_be_visible()
    expect(page.get_by_role("cell", name="OperationalError: database is locked", exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="Running", exact=True).first).to_be_visible()

    # The tagger's page: a training started from it (it fails: nothing confirmed to learn from), then
    # versions trained before, one of them made current.
    page = admin.open("tagger, nothing trained", "/officers/admin/models")
    submit(page, "Train a challenger on the confirmed themes")
    expect(page.get_by_role("status")).to_contain_text("The training has started.")
    admin.found["tagger, training started"] = axe_violations(page, server)
    deadline = time.monotonic() + 60
    while "ended: Failed" not in page.locator("#training-status").inner_text():
        assert time.monotonic() < deadline, page.locator("#training-status").inner_text()
        page.wait_for_timeout(500)
        page.reload()
    admin.found["tagger, training failed"] = axe_violations(page, server)
    tagger_versions(server)
    page = admin.open("tagger, versions", "/officers/admin/models")
    submit(page, "Use this one")
    expect(page.get_by_role("status")).to_contain_text("The model was changed.")
    expect(page.get_by_role("button", name="Go back to the shipped model")).to_be_visible()
    admin.found["tagger, a version current"] = axe_violations(page, server)

    assert admin.problems() == {}
    assert unexpected_console_errors(admin.errors) == []

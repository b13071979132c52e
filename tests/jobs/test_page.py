"""Admins' jobs page: each job with its schedule and next run, the last runs, a failure marked until
a later run works."""

from __future__ import annotations

import datetime as dt

from tests.officers.conftest import Harness, clock, officer_app  # noqa: F401 - fixtures
from voices.db.tables import JobRun
from voices.jobs.schedule import Schedule

NOW = dt.datetime.now(dt.UTC)


def record(harness: Harness, scheduled_for: dt.datetime, attempt: int, outcome: str, error: str = "") -> None:
    run = JobRun(
        job="purge",
        scheduled_for=scheduled_for,
        attempt=attempt,
        owner="host:42",
        started_at=scheduled_for,
        ended_at=scheduled_for + dt.timedelta(seconds=1),
        outcome=outcome,
        counts={"submissions": 3},
        error=error,
    )
    harness.run(run.save().run)


async def test_admins_see_each_job_and_a_failure_until_a_later_run_works(
    officer_app: Harness,  # noqa: F811
    engine_name: str,
) -> None:
    secret = officer_app.add("ad@county.example", "admin", authenticator=True)
    await officer_app.sign_in("ad@county.example", secret=secret)
    yesterday = Schedule.parse("daily 03:15").latest(NOW) - dt.timedelta(days=1)
    record(officer_app, yesterday - dt.timedelta(days=1), 1, "succeeded")
    record(officer_app, yesterday, 1, "failed", "OperationalError: database is locked")

    page = (await officer_app.client.get("/officers/admin/jobs")).text
    assert "Delete answers past retention" in page
    # PostgreSQL is backed up with pg_dump (README); the nightly backup job is SQLite's.
    assert ("Back up the database" in page) == (engine_name == "sqlite")
    assert "daily 03:15 UTC" in page
    assert Schedule.parse("daily 03:15").next(NOW).strftime("%Y-%m-%d %H:%M:%S") in page
    assert "has failed since" in page and "OperationalError: database is locked" in page
    assert "3 submissions" in page

    record(officer_app, yesterday, 2, "succeeded")
    page = (await officer_app.client.get("/officers/admin/jobs")).text
    assert "has failed since" not in page and "a later run worked" in page

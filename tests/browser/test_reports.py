"""The report pages in the browser: an analyst reads a report with themes, quotes, awareness and
attitude scores, a refused filter, a filter typed wrongly, an empty survey and a theme run started
from the page; axe-core on each, no console error (the charts' SVG obeys the CSP), nothing off site."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.harness import BIN, Server
from tests.conftest import run_async
from tests.insight import data
from voices.db.engine import bind, engine_from_url
from voices.jobs.catalogue import monthly_reports_with
from voices.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.browser
EMAIL = "rita.reports@county.example"
PASSWORD = "heron weir mullet dusk"


def create_analyst(server: Server) -> str:
    var_dir = server.log.parent
    env = {
        **os.environ,
        "VOICES_VAR_DIR": str(var_dir),
        "VOICES_DATABASE_URL": f"sqlite:///{var_dir / 'voices.sqlite'}",
        "VOICES_SITE_URL": server.base_url,
    }
    printed = subprocess.run(
        [BIN / "voices", "officers", "create", EMAIL, "--role", "analyst"],
        env=env, capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    ).stdout
    match = re.search(re.escape(server.base_url) + r"(/officers/set-password/\S+)", printed)
    assert match is not None, printed
    return match.group(1)


async def seed(url: str, var_dir: Path) -> None:
    bind(engine_from_url(url))
    await data.awareness_waves()
    await data.attitude_waves()
    await data.themed_comments(dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    # June 2026's monthly reports, as the job makes them on the 1st of July.
    settings = Settings.from_env({"VOICES_DATABASE_URL": url, "VOICES_VAR_DIR": str(var_dir)})
    await monthly_reports_with(settings)(dt.date(2026, 7, 1))


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_an_analyst_reads_reports_without_axe_violations(page: Page, server: Server) -> None:
    run_async(seed(f"sqlite:///{server.log.parent / 'voices.sqlite'}", server.log.parent))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url(create_analyst(server)))
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("Enter the same password again").fill(PASSWORD)
    submit(page, "Set password")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Continue")

    found: dict[str, list[str]] = {}
    for name, path in [
        ("reports", "/officers/reports"),
        ("awareness report", "/officers/reports/awareness"),
        ("attitudes report", "/officers/reports/attitudes"),
        ("refused filter", "/officers/reports/awareness?channel=api"),
        ("filter typed wrongly", "/officers/reports/awareness?period=last+year"),
        ("empty survey", "/officers/reports/survivor-feedback"),
        ("monthly reports", "/officers/monthly-reports"),
    ]:
        page.goto(server.url(path))
        found[name] = axe_violations(page, server)
    page.goto(server.url("/officers/monthly-reports"))
    with page.expect_download() as monthly:
        page.get_by_role("link", name="Awareness").first.click()
    assert monthly.value.suggested_filename == "awareness-2026-06-monthly-report.pdf"
    page.goto(server.url("/officers/reports/awareness"))
    expect(page.get_by_text(data.WAITING_QUOTE).first).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    submit(page, "Theme the comments again")
    expect(page.get_by_text("The theme run has started.")).to_be_visible()
    found["theme run started"] = axe_violations(page, server)
    assert {where: problems for where, problems in found.items() if problems} == {}
    # The refused and mistyped filters answer 422 and 400 on purpose; anything else (a style the CSP
    # blocked, a script error) is a fault.
    assert [e for e in errors if not e.startswith("Failed to load resource: the server responded with a status of 4")] == []

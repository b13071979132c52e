"""Each role in the browser, on the report of a survey seeded as a partnership would before its first
wave (`voices demo seed`, then `voices themes run`): what an admin, an analyst, a viewer and a
facilitator see and may not see, with axe-core on every page each of them opens, error and empty
states included, and no console error.

The module runs its own server: its demo data and theme run would change what other browser tests
read (and `voices demo seed` refuses a database that already holds real answers).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.conftest import running_server
from tests.browser.harness import BIN, Server
from tests.browser.test_officers import PASSWORD, set_password, sign_in, submit
from tests.conftest import run_async
from tests.officers.links import officer_links
from voices.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser
SURVEY = "awareness"
REPORT = f"/officers/reports/{SURVEY}"
EMPTY_REPORT = "/officers/reports/survivor-feedback"  # nobody has answered it: the report's empty state
NOT_ALLOWED = "You are not allowed to see this page"
ADMIN_PAGES = {"Officers", "Audit log"}  # links in the header
FIGURES_ONLY = "Your role shows figures only, not people's words."
EMAILS = {
    "admin": "ada.admin@county.example",
    "analyst": "ana.analyst@county.example",
    "viewer": "val.viewer@county.example",
    "facilitator": "fay.facilitator@county.example",
}


def voices(server: Server, *args: str) -> str:
    """A `voices` command on the server's own database, run beside the server as an operator would."""
    var_dir = server.log.parent
    env = {
        **os.environ,
        "VOICES_VAR_DIR": str(var_dir),
        "VOICES_DATABASE_URL": f"sqlite:///{var_dir / 'voices.sqlite'}",
        "VOICES_SURVEYS_DIR": str(var_dir / "surveys"),
    }
    done = subprocess.run([BIN / "voices", *args], env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def stored_comments(server: Server) -> list[str]:
    with sqlite3.connect(server.log.parent / "voices.sqlite") as connection:
        return [row[0] for row in connection.execute("SELECT text FROM answer WHERE text IS NOT NULL")]


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    with running_server(request, neutral_site) as started:
        yield started


@pytest.fixture(scope="module")
def links(server: Server) -> dict[str, str]:
    """The demo survey seeded and themed, and an officer of each role: role to set-password path."""
    voices(server, "demo", "seed", SURVEY, "--submissions", "300")
    assert "is now current" in voices(server, "themes", "run", "--survey", SURVEY)
    made = run_async(
        officer_links(f"sqlite:///{server.log.parent / 'voices.sqlite'}", {e: r for r, e in EMAILS.items()})
    )
    return {role: made[email] for role, email in EMAILS.items()}


@dataclass
class Visit:
    """One officer's browser: the pages opened, what axe-core found on each, and console errors."""

    server: Server
    page: Page
    found: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def open(self, name: str, path: str, status: int = 200) -> Page:
        response = self.page.goto(self.server.url(path))
        assert response is not None and response.status == status, (path, response and response.status)
        self.found[name] = axe_violations(self.page, self.server)
        return self.page

    def navigation(self) -> list[str]:
        return self.page.locator("nav.voices-header__nav a").all_inner_texts()

    def problems(self) -> dict[str, list[str]]:
        return {where: found for where, found in self.found.items() if found}


def signed_in(
    new_context: Callable[..., BrowserContext], server: Server, links: dict[str, str], role: str
) -> Visit:
    """An officer of `role` who has chosen a password and signed in (an admin also sets up an
    authenticator, which the app requires of admins)."""
    page = new_context().new_page()
    visit = Visit(server, page)
    page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    set_password(page, server, links[role])
    sign_in(page, EMAILS[role], PASSWORD)
    if role == "admin":
        secret = page.locator(".voices-secret code").first.inner_text().replace(" ", "")
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
        submit(page, "Continue")
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("link", name="Continue").click()
    expect(page.get_by_text(f"Signed in as {EMAILS[role]} ({role})")).to_be_visible()
    return visit


def themes_shown(page: Page) -> list[tuple[str, str]]:
    """(theme, its comment count as shown) for each theme in the report."""
    themes = page.locator(".voices-theme")
    return [
        (theme.locator("h4").inner_text(), theme.locator("dd").first.inner_text()) for theme in themes.all()
    ]


def quotes_shown(page: Page) -> list[str]:
    return page.locator("blockquote.voices-quote").all_inner_texts()


def unexpected_console_errors(errors: list[str]) -> list[str]:
    # Pages answered with 4xx on purpose (403, a mistyped filter) log their status; nothing else may.
    return [
        e
        for e in errors
        if not e.startswith("Failed to load resource: the server responded with a status of 4")
    ]


def test_each_role_sees_what_it_may_and_nothing_more(
    new_context: Callable[..., BrowserContext], server: Server, links: dict[str, str]
) -> None:
    comments = [" ".join(text.split()) for text in stored_comments(server)]

    # An analyst reads the report with its quotes, and is refused the admin pages.
    analyst = signed_in(new_context, server, links, "analyst")
    assert "Reports" in analyst.navigation() and not ADMIN_PAGES & set(analyst.navigation())
    analyst.open("analyst: reports", "/officers/reports")
    page = analyst.open("analyst: report", REPORT)
    analyst_themes = themes_shown(page)
    quotes = quotes_shown(page)
    assert len(analyst_themes) >= 5 and quotes, (analyst_themes, quotes)
    # "Nothing made up": every quote is a verbatim excerpt of a stored (redacted) comment.
    assert [q for q in quotes if not any(" ".join(q.split()) in c for c in comments)] == []
    # A theme of fewer than 10 shows its count in words and no quote; seed 0 gives several such themes.
    small = [(name, count) for name, count in analyst_themes if count.startswith("fewer than 10")]
    assert small, analyst_themes
    for theme in page.locator(".voices-theme").all():
        if theme.locator("dd").first.inner_text().startswith("fewer than 10"):
            assert theme.locator("blockquote").count() == 0, theme.locator("h4").inner_text()
    expect(page.get_by_role("button", name="Theme the comments again")).to_be_visible()
    analyst.open("analyst: filter typed wrongly", f"{REPORT}?period=last+year", 400)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    analyst.open("analyst: filter refused", f"{REPORT}?period=2019", 422)
    expect(page.locator(".govuk-warning-text")).to_be_visible()
    assert quotes_shown(page) == []
    analyst.open("analyst: empty survey", EMPTY_REPORT)
    expect(page.get_by_role("heading", name="No responses yet")).to_be_visible()
    analyst.open("analyst: audit log refused", "/officers/admin/audit", 403)
    analyst.open("analyst: groups refused", "/officers/groups", 403)
    expect(page.get_by_role("heading", name=NOT_ALLOWED)).to_be_visible()

    # A viewer gets the same figures, and not one person's words.
    viewer = signed_in(new_context, server, links, "viewer")
    assert "Reports" in viewer.navigation() and not ADMIN_PAGES & set(viewer.navigation())
    page = viewer.open("viewer: report", REPORT)
    assert themes_shown(page) == analyst_themes
    assert quotes_shown(page) == [] and page.get_by_text("What people wrote").count() == 0
    assert [q for q in quotes if q in page.content()] == []
    expect(page.get_by_text(FIGURES_ONLY).first).to_be_visible()
    assert page.get_by_role("button", name="Theme the comments again").count() == 0
    viewer.open("viewer: officers refused", "/officers/admin/officers", 403)

    # A facilitator has no report at all: their own groups (none yet) and account only.
    facilitator = signed_in(new_context, server, links, "facilitator")
    assert not {"Reports", *ADMIN_PAGES} & set(facilitator.navigation())
    assert "Groups" in facilitator.navigation()
    facilitator.open("facilitator: home", "/officers")
    facilitator.open("facilitator: account", "/officers/account")
    page = facilitator.open("facilitator: no groups yet", "/officers/groups")
    expect(page.get_by_text("There are no groups yet.")).to_be_visible()
    for name, path in [("reports", "/officers/reports"), ("report", REPORT), ("empty report", EMPTY_REPORT)]:
        page = facilitator.open(f"facilitator: {name} refused", path, 403)
        expect(page.get_by_role("heading", name=NOT_ALLOWED)).to_be_visible()
        assert page.get_by_text("What people said").count() == 0 and quotes_shown(page) == []
        assert [theme for theme, _ in analyst_themes if theme in page.content()] == []
    facilitator.open("facilitator: page not found", "/officers/no-such-page", 404)

    # An admin reads everything an analyst does, and the officers and the audit log besides.
    admin = signed_in(new_context, server, links, "admin")
    assert {"Reports", *ADMIN_PAGES} <= set(admin.navigation())
    page = admin.open("admin: report", REPORT)
    assert themes_shown(page) == analyst_themes and quotes_shown(page)
    page = admin.open("admin: officers", "/officers/admin/officers")
    for role, email in EMAILS.items():
        expect(page.get_by_role("row").filter(has_text=email).filter(has_text=role)).to_have_count(1)
    page = admin.open("admin: audit log of comments viewed", "/officers/admin/audit?action=comments+viewed")
    readers = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    # Reading quotes is audited; a viewer and a facilitator read none, and a refused filter showed none.
    assert sorted(set(readers)) == sorted([EMAILS["admin"], EMAILS["analyst"]]), readers
    assert readers.count(EMAILS["analyst"]) == 1
    admin.open(
        "admin: audit log, nothing matches",
        f"/officers/admin/audit?actor={EMAILS['facilitator']}&action=exported",
    )
    expect(page.get_by_text("No events match.")).to_be_visible()
    admin.open("admin: audit log, refused filter", "/officers/admin/audit?until=tomorrow", 400)

    visits = [analyst, viewer, facilitator, admin]
    assert {k: v for visit in visits for k, v in visit.problems().items()} == {}
    assert [e for visit in visits for e in unexpected_console_errors(visit.errors)] == []

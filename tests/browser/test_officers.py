"""An admin's first visit, in the browser: the set-password link, the required authenticator, the
recovery codes, the admin pages (the jobs and the tagger's with nothing run yet), signing out and
signing in again with a code; an analyst setting up an authenticator from their account; axe-core on
every page and error state on the way, and the same sign-in with JavaScript off."""

from __future__ import annotations

import os
import re
import subprocess

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.harness import BIN, Server
from voices.settings import PROJECT_ROOT

pytestmark = pytest.mark.browser
PASSWORD = "heron weir mullet dusk"


def create_officer(server: Server, email: str, role: str) -> str:
    """`voices officers create` on the server's own database; the path of the link it prints."""
    var_dir = server.log.parent
    env = {
        **os.environ,
        "VOICES_VAR_DIR": str(var_dir),
        "VOICES_DATABASE_URL": f"sqlite:///{var_dir / 'voices.sqlite'}",
        "VOICES_SITE_URL": server.base_url,
    }
    printed = subprocess.run(
        [BIN / "voices", "officers", "create", email, "--role", role],
        env=env, capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    ).stdout
    match = re.search(re.escape(server.base_url) + r"(/officers/set-password/\S+)", printed)
    assert match is not None, printed
    return match.group(1)


def submit(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def set_password(page: Page, server: Server, link: str, found: dict[str, list[str]] | None = None) -> None:
    """Choose a password through the link, once refused; axe-core on the way when `found` is given
    (it needs JavaScript)."""
    page.goto(server.url(link))
    if found is not None:
        found["set password"] = axe_violations(page, server)
    page.get_by_label("New password").fill("password1")
    page.get_by_label("Enter the same password again").fill("password1")
    submit(page, "Set password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    if found is not None:
        found["set password, refused"] = axe_violations(page, server)
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("Enter the same password again").fill(PASSWORD)
    submit(page, "Set password")
    expect(page.get_by_text("Your password is set")).to_be_visible()


def sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    submit(page, "Continue")


def test_an_admins_first_visit_has_no_axe_violations(page: Page, server: Server) -> None:
    found: dict[str, list[str]] = {}
    set_password(page, server, create_officer(server, "alex.admin@county.example", "admin"), found)
    found["sign in"] = axe_violations(page, server)
    sign_in(page, "alex.admin@county.example", "not the password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    found["sign in, refused"] = axe_violations(page, server)
    sign_in(page, "alex.admin@county.example", PASSWORD)

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    found["set up authenticator"] = axe_violations(page, server)
    secret = page.locator(".voices-secret code").first.inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill("000000")
    submit(page, "Continue")
    found["set up authenticator, refused"] = axe_violations(page, server)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    submit(page, "Continue")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    recovery_codes = page.locator(".voices-recovery-codes li").all_inner_texts()
    assert len(recovery_codes) == 10
    found["recovery codes"] = axe_violations(page, server)

    for name, path in [("home", "/officers"), ("officers", "/officers/admin/officers"),
                       ("audit log", "/officers/admin/audit"), ("account", "/officers/account"),
                       ("audit log, refused filter", "/officers/admin/audit?since=yesterday"),
                       ("jobs", "/officers/admin/jobs"), ("tagger", "/officers/admin/models")]:
        response = page.goto(server.url(path))
        assert response is not None and response.status == (400 if "refused" in name else 200), path
        found[name] = axe_violations(page, server)
    page.goto(server.url("/officers/admin/audit"))
    expect(page.get_by_role("cell", name="Signed in")).to_be_visible()
    submit(page, "Sign out")
    expect(page.get_by_text("You have signed out")).to_be_visible()
    found["signed out"] = axe_violations(page, server)

    # Signing in again asks for a code (the two-step page); a wrong one is refused, a recovery code works.
    sign_in(page, "alex.admin@county.example", PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    found["code"] = axe_violations(page, server)
    page.get_by_label("Code from your authenticator app").fill("000000")
    submit(page, "Sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct code")
    found["code, refused"] = axe_violations(page, server)
    page.get_by_label("Code from your authenticator app").fill(recovery_codes[0])
    submit(page, "Sign in")
    expect(page.get_by_text("Signed in as alex.admin@county.example (admin)")).to_be_visible()
    assert {where: problems for where, problems in found.items() if problems} == {}


def test_an_officer_sets_up_an_authenticator_from_their_account(page: Page, server: Server) -> None:
    found: dict[str, list[str]] = {}
    set_password(page, server, create_officer(server, "ash.analyst@county.example", "analyst"))
    sign_in(page, "ash.analyst@county.example", PASSWORD)
    page.goto(server.url("/officers/account"))
    with page.expect_navigation():
        page.get_by_role("link", name="Set up an authenticator app").click()
    assert page.url == server.url("/officers/account/authenticator")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    found["set up"] = axe_violations(page, server)
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the code from your authenticator app")
    found["set up, no code"] = axe_violations(page, server)
    page.get_by_label("Code from your authenticator app").fill("000000")
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct code")
    found["set up, wrong code"] = axe_violations(page, server)
    secret = page.locator(".voices-secret code").first.inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    submit(page, "Continue")
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    found["recovery codes"] = axe_violations(page, server)
    with page.expect_navigation():
        page.get_by_role("link", name="Continue").click()
    expect(page.get_by_text("Set up: signing in asks for a code")).to_be_visible()
    assert {where: problems for where, problems in found.items() if problems} == {}


def test_an_officer_signs_in_without_javascript(page_without_js: Page, server: Server) -> None:
    page = page_without_js
    set_password(page, server, create_officer(server, "vic.viewer@county.example", "viewer"))
    sign_in(page, "vic.viewer@county.example", PASSWORD)
    expect(page.get_by_role("heading", name="Officers' pages")).to_be_visible()
    page.goto(server.url("/officers/admin/audit"))
    expect(page.get_by_role("heading", name="You are not allowed to see this page")).to_be_visible()
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert set(cookies) == {"voices_officer", "voices_csrf"}
    assert all(c["httpOnly"] and c["sameSite"] == "Strict" and c["path"] == "/officers" for c in cookies.values())

""""Exit this page" leaves for the neutral site: by the button, by Shift three times, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.browser.harness import PHONE, Server, off_site_requests
from tests.browser.respondent import open_survey, press

pytestmark = pytest.mark.browser


def part_way_through(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "awareness")
    press(page, walk, "Start now")
    page.get_by_label("Samaritans", exact=True).check()


def test_exit_button_leaves_for_the_neutral_site(page: Page, server: Server) -> None:
    part_way_through(page, server)
    page.get_by_role("button", name="Exit this page").click()
    expect(page).to_have_url(server.exit_url)
    expect(page).to_have_title("Weather")


def test_shift_three_times_leaves_for_the_neutral_site(page: Page, server: Server) -> None:
    part_way_through(page, server)
    # GOV.UK Frontend adds the key-press indicator once its ExitThisPage script is running.
    expect(page.locator(".govuk-exit-this-page__indicator")).to_be_attached()
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url(server.exit_url)
    expect(page).to_have_title("Weather")


def test_exit_works_without_javascript(page_without_js: Page, server: Server) -> None:
    part_way_through(page_without_js, server)
    page_without_js.get_by_role("button", name="Exit this page").click()
    expect(page_without_js).to_have_url(server.exit_url)


def test_only_the_exit_redirect_may_leave_the_app(browser: Browser, server: Server) -> None:
    """The check every test ends with: the neutral site counts as on-site only when the app's
    /exit sent the browser there; any other way to another host is reported."""
    context = browser.new_context(viewport=PHONE)
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    try:
        page = context.new_page()
        page.goto(server.url("/"))
        page.get_by_role("button", name="Exit this page").click()
        expect(page).to_have_url(server.exit_url)
        assert off_site_requests(server, requests) == []
        page.goto(server.exit_url)  # straight there, not through /exit
        assert off_site_requests(server, requests) == [f"GET {server.exit_url} (redirected from None)"]
    finally:
        context.close()

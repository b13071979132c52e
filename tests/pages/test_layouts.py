"""The layouts: respondent pages carry the way out and help numbers, officer pages do not."""

from __future__ import annotations

import pytest

from voices.pages.render import Renderer
from voices.pages.support import load_support_contacts
from voices.settings import Settings

EXIT_BUTTON = 'href="/exit"'
SUPPORT_FOOTER = 'class="voices-support"'


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    settings = Settings()
    return Renderer(settings.frontend_dir / "templates", load_support_contacts(settings.support_contacts_file))


def test_every_respondent_page_has_the_exit_button_and_support_contacts(renderer: Renderer) -> None:
    for template in ("home.html", "message.html", "safety.html", "done.html"):
        html = renderer.html(template, surveys=[], heading="H", body="B")
        assert EXIT_BUTTON in html and SUPPORT_FOOTER in html and "Samaritans" in html, template


def test_the_officer_layout_has_its_own_name_and_navigation_and_no_respondent_furniture(renderer: Renderer) -> None:
    html = renderer.html("officer.html", navigation=[("/officers/reports", "Reports", True), ("/officers/audit", "Audit", False)])
    assert EXIT_BUTTON not in html and SUPPORT_FOOTER not in html and "Samaritans" not in html
    assert '<a href="/officers" class="voices-header__name">voices – officers</a>' in html
    assert '<nav class="voices-header__nav" aria-label="Officer pages">' in html
    assert 'href="/officers/reports" aria-current="page">Reports</a>' in html
    assert 'href="/officers/audit">Audit</a>' in html
    assert 'class="govuk-skip-link"' in html and 'id="main-content"' in html
    # No navigation given (a sign-in page): no empty landmark.
    assert "<nav" not in renderer.html("officer.html")


def test_the_base_layout_alone_has_no_respondent_furniture(renderer: Renderer) -> None:
    html = renderer.html("base.html")
    assert EXIT_BUTTON not in html and SUPPORT_FOOTER not in html
    assert html.startswith("<!DOCTYPE html>")

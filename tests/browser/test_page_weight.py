"""A question page, with its styles and scripts, weighs no more than 100 KB over the wire."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request

from tests.browser.harness import Server
from tests.browser.respondent import open_survey, press

pytestmark = pytest.mark.browser

LIMIT_BYTES = 100 * 1024
COUNTED = {"document", "stylesheet", "script"}


def test_question_page_weighs_at_most_100_kb(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "awareness")
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))
    press(page, walk, "Start now")  # the first question: checkboxes with hints, the longest page
    page.wait_for_load_state("load")

    # responseBodySize is what came over the wire: compressed, before decoding.
    sizes = {r.url.rsplit("/", 1)[-1]: r.sizes()["responseBodySize"] for r in finished if r.resource_type in COUNTED}
    total = sum(sizes.values())
    print(f"\nquestion page weight: {total} bytes {sizes}")
    assert {"awareness", "voices.css", "init.mjs", "govuk-frontend.min.js"} <= set(sizes)
    assert total <= LIMIT_BYTES, sizes

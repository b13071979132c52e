"""The group pages speak every language the respondent pages offer: the code page, its errors and
the limit's page in each; the feedback form in the member's language wherever its file has it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest_asyncio
from litestar.testing import AsyncTestClient
from markupsafe import escape

from tests.groups.conftest import member_post
from tests.groups.test_member_pages import a_group_with_code
from tests.officers.conftest import FakeClock, Harness, Sleeps, officers_for
from voices.app import app_for
from voices.groups.attempts import WRONG_PER_WINDOW
from voices.groups.workspace import build_groups
from voices.pages.messages import ENGLISH, LANGUAGE_NAMES, messages_for
from voices.services import Services
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish

GROUP_WORDS = [key for key in ENGLISH if key.startswith("group_")]
OTHER_LANGUAGES = [code for code in LANGUAGE_NAMES if code != "en"]
BILINGUAL_FORM = Path(__file__).parent / "fixtures" / "group-bilingual.yaml"


def words(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def test_every_group_word_is_translated_into_every_language() -> None:
    assert GROUP_WORDS and OTHER_LANGUAGES
    for lang in OTHER_LANGUAGES:
        for key in GROUP_WORDS:
            assert messages_for(lang)[key] != ENGLISH[key], (lang, key)


async def test_the_code_page_and_its_answers_in_each_language(group_app: Harness) -> None:
    for lang in OTHER_LANGUAGES:
        t = messages_for(lang)
        page = (await group_app.client.get("/groups", params={"lang": lang})).text
        assert f'<html lang="{lang}"' in page
        for key in ("group_title", "group_intro", "group_code_label", "group_code_hint"):
            assert str(escape(t[key])) in words(page), key
        assert f'name="_lang" value="{lang}"' in page
        assert '<a class="govuk-link" href="/groups?lang=en" lang="en" hreflang="en">English</a>' in page
        wrong = await member_post(group_app.client, [("_lang", lang), ("code", "ACD-EFG")])
        assert wrong.status_code == 400 and f'<html lang="{lang}"' in wrong.text
        assert str(escape(t["group_wrong_code"])) in wrong.text
        assert str(escape(ENGLISH["group_wrong_code"])) not in wrong.text
    # An unknown language is English, as on the survey pages.
    page = (await group_app.client.get("/groups", params={"lang": "xx"})).text
    assert '<html lang="en"' in page and str(escape(ENGLISH["group_title"])) in page


async def test_the_limit_speaks_the_members_language(group_app: Harness) -> None:
    lang = OTHER_LANGUAGES[0]
    for _ in range(WRONG_PER_WINDOW):
        await member_post(group_app.client, [("_lang", lang), ("code", "ACD-EFG")])
    refused = await member_post(group_app.client, [("_lang", lang), ("code", "ACD-EFG")])
    assert refused.status_code == 429
    assert str(escape(messages_for(lang)["group_try_later_body"])) in refused.text


@pytest_asyncio.fixture(loop_scope="session")
async def bilingual_group_app(services: Services, published: list[str], clock: FakeClock) -> AsyncIterator[Harness]:
    """The app with a group form in English and Welsh behind its codes."""
    await publish(read_definition(BILINGUAL_FORM))
    sleeps = Sleeps()
    officers = officers_for(services, clock, sleeps)
    groups = replace(build_groups(services.settings, clock), survey_slug="group-bilingual")
    async with AsyncTestClient(app=app_for(replace(services, officers=officers, groups=groups))) as client:
        yield Harness(client, officers, clock, sleeps)


async def test_a_code_opens_the_form_in_the_members_language(bilingual_group_app: Harness) -> None:
    _, code = await a_group_with_code(bilingual_group_app)
    start = await member_post(bilingual_group_app.client, [("_lang", "cy"), ("code", code)])
    assert start.status_code == 200, start.text
    assert '<html lang="cy"' in start.text and "Adborth gan eich grŵp" in start.text
    assert 'name="_lang" value="cy"' in start.text


async def test_a_form_in_english_only_opens_in_english(group_app: Harness) -> None:
    _, code = await a_group_with_code(group_app)
    start = await member_post(group_app.client, [("_lang", "cy"), ("code", code)])
    assert start.status_code == 200 and '<html lang="en"' in start.text

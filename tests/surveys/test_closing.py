"""A survey that closes while someone is part-way through still takes their answers the next day;
a form first shown after the close, or sent later than that, is refused."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from urllib.parse import urlencode

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from tests.conftest import TEST_SECRET, in_app
from voices.db.tables import Submission, SurveyVersion
from voices.surveys.flow import CHECK
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish
from voices.surveys.tokens import issue_token

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "bilingual.yaml"
DAY = 24 * 3600


def publish_closed(client: AsyncTestClient, slug: str, closed_days_ago: int) -> int:
    """Publish the fixture as `slug`, closed since `closed_days_ago` days; returns its version id."""
    closes_on = dt.date.today() - dt.timedelta(days=closed_days_ago)
    definition = msgspec.structs.replace(read_definition(FIXTURE), slug=slug, closes_on=closes_on)
    result = client.blocking_portal.call(publish, definition)
    rows = in_app(client, SurveyVersion.select(SurveyVersion.id).where(SurveyVersion.content_hash == result.content_hash))
    return rows[0]["id"]


def token_from(client: AsyncTestClient, days_ago: float) -> str:
    return issue_token(TEST_SECRET, time.time() - days_ago * DAY)


async def send_page(client: AsyncTestClient, slug: str, version_id: int, token: str):
    form = {"_version": version_id, "_token": token, "_lang": "en", "_step": CHECK, "_action": "submit",
            "a-feel_safe": "agree"}
    return await client.post(
        f"/surveys/{slug}", content=urlencode(form), headers={"content-type": "application/x-www-form-urlencoded"}
    )


async def send_api(client: AsyncTestClient, slug: str, version_id: int, token: str):
    body = {"version_id": version_id, "form_token": token, "answers": {"feel_safe": "agree"}}
    return await client.post(f"/api/surveys/{slug}/responses", json=body)


# (days since the survey closed, days since the form was first shown, accepted?)
CASES = {
    "started before the close, sent the day after": (1, 1, True),
    "first shown after the close": (1, 0, False),
    "started before the close, sent two days after": (2, 3, False),
}


@pytest.mark.parametrize("send", [send_page, send_api])
@pytest.mark.parametrize("case", CASES)
async def test_a_form_started_before_the_close_can_be_sent_only_the_day_after(
    client: AsyncTestClient, send, case: str
) -> None:
    closed_days_ago, started_days_ago, accepted = CASES[case]
    version_id = publish_closed(client, "closing", closed_days_ago)
    response = await send(client, "closing", version_id, token_from(client, started_days_ago))
    if accepted:
        assert response.status_code in {200, 201}, response.text
        assert in_app(client, Submission.count()) == 1
    else:
        assert response.status_code == 409
        assert "This survey is closed" in response.text or response.json()["status_code"] == 409
        assert in_app(client, Submission.count()) == 0


async def test_an_edited_start_day_gets_no_grace(client: AsyncTestClient) -> None:
    version_id = publish_closed(client, "closing", closed_days_ago=1)
    nonce, issued, signature = token_from(client, days_ago=0).split(".")
    backdated = f"{nonce}.{int(issued) - 2 * DAY}.{signature}"  # the signature no longer matches
    for send in (send_page, send_api):
        assert (await send(client, "closing", version_id, backdated)).status_code == 409
    assert in_app(client, Submission.count()) == 0

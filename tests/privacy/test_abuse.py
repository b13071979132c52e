"""Abuse resistance that identifies no one: rate limits on a daily-keyed hash, a honeypot, a minimum
completion time, a request size limit and free-text length limits, each refused clearly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from litestar.testing import AsyncTestClient

from tests.conftest import file_bytes, in_app
from tests.surveys.test_web import hidden_fields
from voices.app import app_for
from voices.db.tables import Answer, Submission
from voices.errors import RateLimited
from voices.privacy.abuse import TRIES_PER_TOKEN, AbuseGuard
from voices.services import build_services
from voices.settings import Settings

FORM = {"content-type": "application/x-www-form-urlencoded"}
# The address AsyncTestClient puts in every request's scope.
TEST_CLIENT_ADDRESS = "testclient"


@asynccontextmanager
async def serving(settings: Settings, **changes: object) -> AsyncIterator[tuple[AsyncTestClient, AbuseGuard]]:
    """The app on changed settings, and the abuse guard it hands its handlers."""
    services = build_services(dataclasses.replace(settings, **changes))
    async with AsyncTestClient(app=app_for(services)) as client:
        yield client, services.intake.abuse


async def post_form(client: AsyncTestClient, slug: str, fields: list[tuple[str, str]]):
    return await client.post(f"/surveys/{slug}", content=urlencode(fields), headers=FORM)


async def check_page_fields(client: AsyncTestClient, slug: str, answers: dict[str, str]) -> list[tuple[str, str]]:
    """The hidden fields of the check-your-answers page for `answers`, reached as a respondent would."""
    start = (await client.get(f"/surveys/{slug}")).text
    last = list(answers)[-1]
    fields = [f for f in hidden_fields(start) if f[0] != "_step"] + [("_step", last), ("_return", "check")]
    fields += [(f"a-{qid}", value) for qid, value in answers.items()] + [("_action", "next")]
    page = await post_form(client, slug, fields)
    assert page.status_code == 200 and "Check your answers" in page.text, page.text[:500]
    return hidden_fields(page.text)


async def api_form(client: AsyncTestClient, slug: str) -> dict:
    return (await client.get(f"/api/surveys/{slug}")).json()


async def send_api(client: AsyncTestClient, slug: str, answers: dict[str, object]):
    form = await api_form(client, slug)
    body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": answers}
    return await client.post(f"/api/surveys/{slug}/responses", json=body)


def main_content(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, re.S)
    assert match, html[:300]
    return match.group(0)


def database_bytes(database_url: str) -> bytes:
    path = Path(database_url.removeprefix("sqlite:///"))
    return b"".join(file_bytes(p) for p in (path, path.with_name(path.name + "-wal")) if p.exists())


# Rate limiting ------------------------------------------------------------------------------------


FORGED = [("_token", "bm90IG91cnM.1764547200.Zm9yZ2Vk")]


async def send_page(client: AsyncTestClient, slug: str, fields: list[tuple[str, str]]):
    """Send the check page's fields, as the Send button does."""
    return await post_form(client, slug, fields + [("_action", "submit")])


def token_hash_of(fields: list[tuple[str, str]]) -> str:
    return hashlib.sha256(dict(fields)["_token"].split(".")[0].encode()).hexdigest()


async def test_sends_no_token_vouches_for_beyond_the_strict_limit_get_429_with_a_clear_page_and_json(
    settings: Settings, published: list[str], database_url: str
) -> None:
    async with serving(settings, rate_limit_posts=3) as (client, guard):
        form = await api_form(client, "awareness")
        forged_api = {"version_id": form["version_id"], "form_token": "forged", "answers": {}}
        for _ in range(2):
            assert (await send_page(client, "awareness", FORGED)).status_code == 400
        assert (await client.post("/api/surveys/awareness/responses", json=forged_api)).status_code == 422

        page = await send_page(client, "awareness", FORGED)
        assert page.status_code == 429
        assert "Please wait a moment" in page.text and "Wait a few minutes" in page.text
        assert page.headers["retry-after"].isdigit()
        api = await client.post("/api/surveys/awareness/responses", json=forged_api)
        assert api.status_code == 429
        assert api.json()["detail"].startswith("Too many submissions from this connection")
        assert guard.counts.rate_limited == 2
        # Reading pages is never limited: someone who was limited can still see the help numbers.
        assert (await client.get("/surveys/awareness")).status_code == 200
        # Moving between questions is not limited either.
        assert (await post_form(client, "awareness", [("_action", "start")])).status_code == 200

        # Nothing about the address is kept in memory except today's keyed hashes.
        assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in guard._recent)
        assert TEST_CLIENT_ADDRESS not in repr(dataclasses.asdict(guard))
        assert in_app(client, Submission.count()) == 0
    if database_url.startswith("sqlite"):
        assert TEST_CLIENT_ADDRESS.encode() not in database_bytes(database_url)


async def test_people_sharing_an_address_get_through_past_the_strict_limit_up_to_the_vouched_ceiling(
    settings: Settings, published: list[str]
) -> None:
    async with serving(settings, rate_limit_posts=2, rate_limit_vouched_posts=5) as (client, guard):
        # A script fills the strict limit first: forged tokens, then 429.
        for _ in range(2):
            assert (await send_page(client, "awareness", FORGED)).status_code == 400
        assert (await send_page(client, "awareness", FORGED)).status_code == 429

        # Five people behind the same address, each with their own form, still get through.
        for n in range(5):
            fields = await check_page_fields(client, "awareness", {"anything_else": f"Posters in {n + 1} schools"})
            assert "Your answers have been sent" in (await send_page(client, "awareness", fields)).text
        assert in_app(client, Submission.count()) == 5

        # The sixth is past the ceiling: the check page comes back with the answers and a 429.
        fields = await check_page_fields(client, "awareness", {"anything_else": "More posters please"})
        page = await send_page(client, "awareness", fields)
        assert page.status_code == 429
        assert '<input type="hidden" name="a-anything_else" value="More posters please">' in page.text
        assert in_app(client, Submission.count()) == 5
        assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in guard._vouched)


async def test_a_replayed_send_is_stored_once_then_refused_then_limited(
    settings: Settings, published: list[str]
) -> None:
    async with serving(settings, rate_limit_posts=3) as (client, guard):
        fields = await check_page_fields(client, "awareness", {"anything_else": "Better lighting by the bus station"})
        assert "Your answers have been sent" in (await send_page(client, "awareness", fields)).text
        assert token_hash_of(fields) in guard._spent  # remembered: a replay is refused before any redaction

        replays = [await send_page(client, "awareness", fields) for _ in range(5)]
        assert [r.status_code for r in replays] == [200, 200, 200, 429, 429]
        assert all("already been sent" in r.text for r in replays[:3]), replays[0].text[:500]
        assert in_app(client, Submission.count()) == 1

        # Another process, which has not seen the token spent: the database's spent-token row
        # refuses it, and that process remembers it from then on.
        async with serving(settings, rate_limit_posts=3) as (other, other_guard):
            assert "already been sent" in (await send_page(other, "awareness", fields)).text
            assert token_hash_of(fields) in other_guard._spent
        assert in_app(client, Submission.count()) == 1


async def test_one_token_vouches_for_a_few_tries_only(settings: Settings, published: list[str]) -> None:
    async with serving(settings, rate_limit_posts=2) as (client, guard):
        form = await api_form(client, "awareness")
        body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {"area": "Mars"}}
        tries = [(await client.post("/api/surveys/awareness/responses", json=body)).status_code for _ in range(8)]
        # Tries with answers that do not fit, then the token no longer vouches for the send:
        # refused as a script's (400), on the strict limit (429 after two).
        assert tries == [422] * TRIES_PER_TOKEN + [400, 400, 429]
        assert [len(bucket) for bucket in guard._vouched.values()] == [TRIES_PER_TOKEN]
        assert in_app(client, Submission.count()) == 0


async def test_sends_too_soon_after_the_form_was_shown_stay_on_the_strict_limit(
    settings: Settings, published: list[str]
) -> None:
    async with serving(settings, rate_limit_posts=2, min_seconds_to_complete=3600.0) as (client, guard):
        statuses = []
        for _ in range(3):
            fields = await check_page_fields(client, "awareness", {"anything_else": "More posters please"})
            statuses.append((await send_page(client, "awareness", fields)).status_code)
        assert statuses == [400, 400, 429]
        assert guard.counts.too_fast == 3 and guard.counts.rate_limited == 1
        assert not guard._vouched


class Calendar:
    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def test_limiter_keys_are_hmacs_under_a_key_that_changes_every_day() -> None:
    calendar = Calendar(dt.date(2026, 11, 25))
    guard = AbuseGuard(max_posts=2, window_seconds=600, today=calendar)

    monday = guard.client_key("127.0.0.23")
    assert monday == guard.client_key("127.0.0.23")  # stable within the day, so limits work
    assert monday != guard.client_key("127.0.0.24")
    assert monday == hmac.new(guard._key, b"127.0.0.23", hashlib.sha256).hexdigest()[:32]
    assert monday != hashlib.sha256(b"127.0.0.23").hexdigest()[:32]  # keyed, not a plain hash
    monday_key = guard._key

    calendar.day += dt.timedelta(days=1)
    tuesday = guard.client_key("127.0.0.23")
    assert tuesday != monday and guard._key != monday_key  # yesterday's hashes match nothing today
    assert len(guard._key) == 32


def test_a_new_day_forgets_yesterdays_buckets() -> None:
    calendar = Calendar(dt.date(2026, 11, 25))
    guard = AbuseGuard(max_posts=2, window_seconds=600, today=calendar)
    guard.check_rate("127.0.0.23", now=0.0)
    guard.check_rate("127.0.0.23", now=1.0)
    with pytest.raises(RateLimited):
        guard.check_rate("127.0.0.23", now=2.0)
    guard.check_rate("127.0.0.24", now=2.0)  # another address has its own bucket
    guard.check_vouched("127.0.0.23", "a" * 64, token_age=5.0, now=2.0)
    guard.spent("b" * 64)

    calendar.day += dt.timedelta(days=1)
    guard.check_rate("127.0.0.23", now=3.0)
    assert len(guard._recent) == 1
    assert not guard._vouched and not guard._tries and not guard._spent
    assert "127.0.0.23" not in repr(dataclasses.asdict(guard))
    assert guard.counts.rate_limited == 1


def test_the_window_slides() -> None:
    guard = AbuseGuard(max_posts=2, window_seconds=600, today=lambda: dt.date(2026, 11, 25))
    guard.check_rate("127.0.0.23", now=0.0)
    guard.check_rate("127.0.0.23", now=10.0)
    with pytest.raises(RateLimited):
        guard.check_rate("127.0.0.23", now=599.0)
    guard.check_rate("127.0.0.23", now=601.0)  # the first post has left the window


# Honeypot and minimum completion time -------------------------------------------------------------


async def test_honeypot_is_refused_generically_counted_and_nothing_stored(
    settings: Settings, published: list[str]
) -> None:
    async with serving(settings) as (client, guard):
        fields = await check_page_fields(client, "awareness", {"anything_else": "More posters please"})
        response = await post_form(client, "awareness", fields + [("website", "http://spam.example"), ("_action", "submit")])
        assert response.status_code == 400
        assert "Sorry, there is a problem" in response.text
        said = main_content(response.text).lower()
        assert not [giveaway for giveaway in ("honeypot", "website", "bot", "spam", "quick", "fast") if giveaway in said]
        assert guard.counts.bots == 1
        assert in_app(client, Submission.count()) == 0

        # The same form without the trap filled goes through: the trap caught the bot, not the form.
        response = await post_form(client, "awareness", fields + [("_action", "submit")])
        assert "Your answers have been sent" in response.text
        assert in_app(client, Submission.count()) == 1


async def test_a_submission_faster_than_a_person_is_refused_generically_and_counted(
    settings: Settings, published: list[str]
) -> None:
    async with serving(settings, min_seconds_to_complete=3600.0) as (client, guard):
        fields = await check_page_fields(client, "awareness", {"anything_else": "More posters please"})
        page = await post_form(client, "awareness", fields + [("_action", "submit")])
        assert page.status_code == 400 and "Sorry, there is a problem" in page.text
        assert "quick" not in main_content(page.text).lower() and "fast" not in main_content(page.text).lower()

        api = await send_api(client, "awareness", {"anything_else": "More posters please"})
        assert api.status_code == 400
        assert api.json()["detail"] == (
            "Your answers could not be accepted. Fetch the survey again and send them from the new form."
        )
        assert guard.counts.too_fast == 2
        assert in_app(client, Submission.count()) == 0


# Size limits ---------------------------------------------------------------------------------------


async def test_an_oversized_request_gets_413_with_a_clear_message(settings: Settings, published: list[str]) -> None:
    async with serving(settings, max_request_bytes=4096) as (client, guard):
        form = await api_form(client, "awareness")
        body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {"anything_else": "x" * 5000}}
        api = await client.post("/api/surveys/awareness/responses", json=body)
        assert api.status_code == 413
        assert api.json()["detail"] == (
            "The request is larger than this site accepts (4,096 bytes). Shorten your longest answers and send them again."
        )

        page = await post_form(client, "awareness", [("_action", "next"), ("a-anything_else", "x" * 5000)])
        assert page.status_code == 413
        assert "Your answers are too long to send" in page.text and "4,096 bytes" in page.text
        assert "Exit this page" in page.text  # still a respondent page, with the way out
        assert in_app(client, Submission.count()) == 0


async def test_free_text_over_its_max_length_is_422_naming_the_field(client: AsyncTestClient) -> None:
    form = await api_form(client, "awareness")
    limit = next(q["max_length"] for q in form["definition"]["questions"] if q["id"] == "anything_else")
    body = {"version_id": form["version_id"], "form_token": form["form_token"], "answers": {"anything_else": "x" * (limit + 1)}}
    api = await client.post("/api/surveys/awareness/responses", json=body)
    assert api.status_code == 422
    assert api.json()["errors"] == {
        "anything_else": f"Your answer must be {limit:,} characters or fewer: it is {limit + 1:,}. Shorten it and try again"
    }

    start = (await client.get("/surveys/awareness")).text
    fields = [f for f in hidden_fields(start) if f[0] != "_step"]
    page = await post_form(
        client, "awareness", fields + [("_step", "anything_else"), ("_action", "next"), ("a-anything_else", "y" * (limit + 1))]
    )
    assert page.status_code == 422
    assert 'href="#a-anything_else"' in page.text and f"must be {limit:,} characters or fewer" in page.text
    assert in_app(client, Answer.count()) == 0


class _Peer:
    def __init__(self, host: str) -> None:
        self.host = host


class _Request:
    def __init__(self, peer: str, forwarded: str | None) -> None:
        self.client = _Peer(peer)
        self.headers = {"x-forwarded-for": forwarded} if forwarded else {}


def test_forwarded_address_is_believed_only_from_a_trusted_proxy() -> None:
    from voices.privacy.abuse import client_address

    balancer = frozenset({"10.0.0.5"})
    assert client_address(_Request("10.0.0.5", "203.0.113.9, 198.51.100.7"), balancer) == "198.51.100.7"  # type: ignore[arg-type]
    # Anyone else could write the header themselves, so it is ignored.
    assert client_address(_Request("192.0.2.1", "198.51.100.7"), balancer) == "192.0.2.1"  # type: ignore[arg-type]
    assert client_address(_Request("10.0.0.5", None), balancer) == "10.0.0.5"  # type: ignore[arg-type]


def test_the_vouched_ceiling_comes_from_the_environment() -> None:
    env = {"VOICES_SECRET_KEY": "k" * 40}
    assert Settings.from_env(env).rate_limit_vouched_posts == 2000
    assert Settings.from_env({**env, "VOICES_RATE_LIMIT_VOUCHED_POSTS": "500"}).rate_limit_vouched_posts == 500


def test_trusted_proxies_come_from_the_environment() -> None:
    settings = Settings.from_env({"VOICES_TRUSTED_PROXIES": "10.0.0.5, 10.0.0.6", "VOICES_SECRET_KEY": "k" * 40})
    assert settings.trusted_proxies == frozenset({"10.0.0.5", "10.0.0.6"})


async def test_a_refused_send_keeps_the_answers_on_the_page(settings: Settings, published: list[str]) -> None:
    async with serving(settings, min_seconds_to_complete=3600.0) as (client, guard):
        fields = await check_page_fields(client, "awareness", {"anything_else": "More posters please"})
        page = await post_form(client, "awareness", fields + [("_action", "submit")])
        assert page.status_code == 400
        assert '<input type="hidden" name="a-anything_else" value="More posters please">' in page.text

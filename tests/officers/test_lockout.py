"""Repeated failures are slowed, then locked; one message whether or not the account exists; the
lock and its release are audited."""

from __future__ import annotations

import re

from tests.officers.conftest import PASSWORD, Harness
from voices.db.tables import AuditEvent, SignInThrottle
from voices.officers.lockout import ThrottlePolicy
from voices.officers.signin import SIGN_IN_FAILED

POLICY = ThrottlePolicy()
WRONG = "kettle orchard lanterns"


def page_without_token(html: str) -> str:
    return re.sub(r'name="_csrf_token" value="[^"]+"', "", html)


async def fail_times(officer_app: Harness, email: str, times: int) -> list[str]:
    pages = []
    for _ in range(times):
        response = await officer_app.sign_in(email, WRONG)
        assert response.status_code == 400
        pages.append(page_without_token(response.text))
    return pages


async def test_failures_are_slowed_then_locked_then_released(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await fail_times(officer_app, "ana@county.example", POLICY.lock_after)
    # No wait for the first few, then doubling waits up to a ceiling.
    assert officer_app.sleeps.calls == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    # Locked: the right password is refused, with the same words.
    locked = await officer_app.sign_in("ana@county.example", PASSWORD)
    assert locked.status_code == 400 and SIGN_IN_FAILED in locked.text
    officer_app.clock.advance(minutes=14)
    assert (await officer_app.sign_in("ana@county.example", PASSWORD)).status_code == 400
    officer_app.clock.advance(minutes=1, seconds=1)
    released = await officer_app.sign_in("ana@county.example", PASSWORD)
    assert released.status_code == 303
    actions = [row["action"] for row in officer_app.run(AuditEvent.select(AuditEvent.action).order_by(AuditEvent.id).run)]
    assert actions.count("sign-in locked") == 1 and actions.count("sign-in lock released") == 1
    assert actions.index("sign-in locked") < actions.index("sign-in lock released") < actions.index("signed in")


async def test_an_unknown_account_gets_exactly_the_same_answers(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    known = await fail_times(officer_app, "ana@county.example", POLICY.lock_after + 2)
    known_sleeps = list(officer_app.sleeps.calls)
    officer_app.sleeps.calls.clear()
    unknown = await fail_times(officer_app, "nobody@county.example", POLICY.lock_after + 2)
    assert officer_app.sleeps.calls == known_sleeps
    assert [page.replace("nobody@", "ana@") for page in unknown] == known
    assert all(SIGN_IN_FAILED in page for page in unknown)
    # The unknown address was locked too, and the audit says so without naming what was typed.
    locks = officer_app.run(AuditEvent.select().where(AuditEvent.action == "sign-in locked").run)
    assert {row["actor"] for row in locks} == {"ana@county.example", "unknown account"}
    everything = str(officer_app.run(AuditEvent.select().run))
    assert "nobody@" not in everything and WRONG not in everything


async def test_a_disabled_account_or_one_without_a_password_gets_the_same_answer(officer_app: Harness) -> None:
    officer_app.add("new@county.example", "viewer", password=None)
    response = await officer_app.sign_in("new@county.example", "")
    assert response.status_code == 400
    for email in ("new@county.example", "nobody@county.example"):
        response = await officer_app.sign_in(email, PASSWORD)
        assert response.status_code == 400 and SIGN_IN_FAILED in response.text


async def test_wrong_codes_count_towards_the_lock(officer_app: Harness) -> None:
    secret = officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    await officer_app.sign_in("vi@county.example")
    for _ in range(POLICY.lock_after):
        assert (await officer_app.post("/officers/sign-in/code", {"code": "000000"})).status_code == 400
    right = await officer_app.post("/officers/sign-in/code", {"code": officer_app.code(secret)})
    assert right.status_code == 400


async def test_failures_a_day_old_are_forgotten_and_their_rows_deleted(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await fail_times(officer_app, "ana@county.example", POLICY.slow_after + 1)
    await fail_times(officer_app, "nobody@county.example", 2)
    officer_app.clock.advance(hours=23)
    await fail_times(officer_app, "ana@county.example", 1)
    assert officer_app.sleeps.calls == [1.0, 2.0]  # still counted after 23 hours
    officer_app.clock.advance(hours=24)
    officer_app.sleeps.calls.clear()
    await fail_times(officer_app, "ana@county.example", 1)
    assert officer_app.sleeps.calls == []  # a fresh start
    # A sign-in tidies away the rows of other addresses' forgotten failures.
    officer_app.add("bo@county.example", "viewer")
    assert (await officer_app.sign_in("bo@county.example", PASSWORD)).status_code == 303
    rows = officer_app.run(SignInThrottle.select(SignInThrottle.failures).run)
    assert rows == [{"failures": 1}]

"""A member's way in: /groups, a code, the group feedback form, and every way a code can be wrong."""

from __future__ import annotations

import re

from markupsafe import escape

from tests.groups.conftest import (
    enter_code,
    hidden_fields,
    make_code,
    make_group,
    member_post,
    sign_in_as,
    step,
)
from tests.officers.conftest import Harness
from voices.db.tables import Answer, InviteCode, Submission
from voices.groups.attempts import WRONG_PER_WINDOW
from voices.pages.messages import ENGLISH

WRONG_CODE = ENGLISH["group_wrong_code"]


async def a_group_with_code(app: Harness, days: int = 7, uses: int = 20) -> tuple[int, str]:
    await sign_in_as(app, "fac@county.example")
    group_id = await make_group(app)
    code = await make_code(app, group_id, days, uses)
    await app.sign_out()
    return group_id, code


def uses_left(app: Harness) -> list[int]:
    rows = app.run(InviteCode.select(InviteCode.max_uses, InviteCode.uses).order_by(InviteCode.id).run)
    return [row["max_uses"] - row["uses"] for row in rows]


async def test_the_home_page_leads_to_groups_in_plain_words(group_app: Harness) -> None:
    home = (await group_app.client.get("/")).text
    assert 'href="/groups"' in home and "give feedback with your group" in home
    assert "group-feedback" not in home  # the group form is never listed
    page = await group_app.client.get("/groups")
    assert page.status_code == 200 and 'name="code"' in page.text and "Exit this page" in page.text
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    # Nor is it served anywhere but through a code.
    assert (await group_app.client.get("/surveys/group-feedback")).status_code == 404
    assert (await group_app.client.get("/api/surveys/group-feedback")).status_code == 404
    listed = (await group_app.client.get("/api/surveys")).json()
    assert "group-feedback" not in {survey["slug"] for survey in listed}


async def test_a_member_walks_the_form_and_only_the_group_is_stored(group_app: Harness) -> None:
    group_id, code = await a_group_with_code(group_app)
    start = await enter_code(group_app.client, f"  {code.lower().replace('-', ' ')} ")
    assert start.status_code == 200, start.text
    # Consent and anonymity in plain words before any question, and the form posts back to /groups.
    assert "It is up to you whether you take part" in start.text
    assert "Your facilitator does not see your answers" in start.text
    assert 'action="/groups"' in start.text and "Exit this page" in start.text
    assert uses_left(group_app) == [19]

    page = (await step(group_app.client, start.text, "start")).text
    assert "Which service is your feedback about?" in page
    page = (await step(group_app.client, page, service="isva")).text
    assert "What helped?" in page
    helped = "My ISVA Sarah Jenkins rang me back every week, her number is 07700 900461."
    page = (await step(group_app.client, page, what_helped=helped)).text
    page = (await step(group_app.client, page)).text  # what did not help: skipped
    page = (await step(group_app.client, page, what_would_make_it_better="Evening <b>appointments</b>")).text
    page = (await step(group_app.client, page, rating="good")).text
    assert "Check your answers" in page and 'action="/groups"' in page
    done = await step(group_app.client, page, "submit")
    assert done.status_code == 200 and "Your answers have been sent" in done.text

    submissions = group_app.run(Submission.select().run)
    assert len(submissions) == 1
    assert submissions[0]["channel"] == "group" and submissions[0]["involvement_group"] == group_id
    answers = {row["question_id"]: row for row in group_app.run(Answer.select().run)}
    assert set(answers) == {"service", "what_helped", "what_would_make_it_better", "rating"}
    assert "Sarah" not in answers["what_helped"]["text"] and "900461" not in answers["what_helped"]["text"]
    assert answers["what_helped"]["redacted"]  # counts of what was removed
    assert answers["what_would_make_it_better"]["text"] == "Evening appointments"
    # Sending again is "already sent": one code entry opens exactly one submission.
    again = await step(group_app.client, page, "submit")
    assert "already been sent" in again.text
    assert len(group_app.run(Submission.select().run)) == 1
    assert uses_left(group_app) == [19]


async def test_every_wrong_code_gets_the_same_answer(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    group_id = await make_group(group_app)
    expiring = await make_code(group_app, group_id, days=1)
    revoked = await make_code(group_app, group_id)
    single = await make_code(group_app, group_id, uses=1)
    revoked_id = group_app.run(InviteCode.select(InviteCode.id).order_by(InviteCode.id).run)[1]["id"]
    await group_app.post(f"/officers/groups/{group_id}/codes/{revoked_id}/revoke", {})
    await group_app.sign_out()
    assert (await enter_code(group_app.client, single)).status_code == 200  # its one use
    group_app.clock.advance(days=1, seconds=1)

    answers = []
    for typed in ["ACD-EFG", expiring, revoked, single, "KT7-9Q", "0O1-I2Z", ""]:
        response = await enter_code(group_app.client, typed)
        assert response.status_code == 400, typed
        assert str(escape(WRONG_CODE)) in response.text
        answers.append(re.sub(r'value="[^"]*"', "", response.text))
    assert len(set(answers)) == 1  # not a character differs: nothing says whether a code existed
    assert uses_left(group_app) == [20, 20, 0]


async def test_too_many_wrong_codes_and_even_a_right_one_must_wait(group_app: Harness) -> None:
    _, code = await a_group_with_code(group_app)
    for _ in range(WRONG_PER_WINDOW):
        assert (await enter_code(group_app.client, "ACD-EFG")).status_code == 400
    for typed in ("ACD-EFG", code):
        response = await enter_code(group_app.client, typed)
        assert response.status_code == 429
        assert "Please try again later" in response.text and "Wait 10 minutes" in response.text
        assert response.headers["retry-after"] == "600"
    assert uses_left(group_app) == [20]  # the refused right code spent nothing


async def test_a_right_code_does_not_count_against_the_limit(group_app: Harness) -> None:
    _, code = await a_group_with_code(group_app, uses=50)
    for _ in range(WRONG_PER_WINDOW + 5):
        assert (await enter_code(group_app.client, code)).status_code == 200


async def test_the_group_cannot_be_changed_on_the_way(group_app: Harness) -> None:
    group_id, code = await a_group_with_code(group_app)
    start = (await enter_code(group_app.client, code)).text
    fields = hidden_fields(start)
    group_pass = dict(fields)["_group"]
    assert (
        group_pass.startswith(f"{group_id}.")
        and code not in group_pass
        and code.replace("-", "") not in group_pass
    )
    forged = [
        (name, f"{group_id + 1}.{group_pass.split('.', 1)[1]}" if name == "_group" else value)
        for name, value in fields
    ]
    response = await member_post(group_app.client, forged + [("_action", "start")])
    assert response.status_code == 400 and "Sorry, there is a problem" in response.text
    # A pass is tied to its form's token: moved to another form, it is refused too.
    other = hidden_fields((await enter_code(group_app.client, code)).text)
    swapped = [(name, group_pass if name == "_group" else value) for name, value in other]
    assert (await member_post(group_app.client, swapped + [("_action", "start")])).status_code == 400

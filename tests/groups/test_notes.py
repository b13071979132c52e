"""Facilitated notes: redacted like members' answers, dated to the session's month, counted apart."""

from __future__ import annotations

import datetime as dt
import json
import re

from tests.groups.conftest import make_group, sign_in_as
from tests.officers.conftest import Harness
from voices.db.tables import Answer, AuditEvent, Submission

TOKEN = re.compile(r'name="_token" value="([^"]+)"')


async def note_token(app: Harness, group_id: int) -> str:
    page = await app.form(f"/officers/groups/{group_id}/notes")
    assert page.status_code == 200, page.text
    assert (
        "The police" in page.text and "November 2026" in page.text
    )  # the deployment's services, recent months
    found = TOKEN.search(page.text)
    assert found
    return found.group(1)


async def test_a_note_is_redacted_dated_to_its_month_and_counted_apart(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    group_id = await make_group(group_app)
    token = await note_token(group_app, group_id)
    said = {
        "what_helped": "The group said Dr Priya Raman at the SARC listened, call her on 07700 900461.",
        "what_did_not_help": "Court dates moved <script>alert(1)</script>three times.",
    }
    response = await group_app.post(
        f"/officers/groups/{group_id}/notes",
        {"_token": token, "service": "courts", "month": "2026-11", **said},
    )
    assert response.status_code == 303 and response.headers["location"] == f"/officers/groups/{group_id}"

    [note] = group_app.run(Submission.select().run)
    assert note["channel"] == "facilitated" and note["involvement_group"] == group_id
    assert note["submitted_on"] == dt.date(2026, 11, 1)  # the month only
    answers = {row["question_id"]: row for row in group_app.run(Answer.select().run)}
    assert json.loads(answers["service"]["value"]) == "courts"
    assert "Priya" not in answers["what_helped"]["text"] and "900461" not in answers["what_helped"]["text"]
    assert "SARC" in answers["what_helped"]["text"]  # a service is not a personal detail
    assert "<script>" not in answers["what_did_not_help"]["text"]
    assert "what_would_make_it_better" not in answers

    page = (await group_app.form(f"/officers/groups/{group_id}")).text
    assert "1 note recorded" in page
    audit = group_app.run(AuditEvent.select().where(AuditEvent.action == "facilitated note recorded").run)
    assert [(e["object_kind"], e["object_ref"]) for e in audit] == [("submission", str(note["id"]))]
    assert "Priya" not in repr(group_app.run(AuditEvent.select().run))

    # Pressed twice: the token was spent, so nothing more is stored.
    again = await group_app.post(
        f"/officers/groups/{group_id}/notes",
        {"_token": token, "service": "courts", "month": "2026-11", **said},
    )
    assert again.status_code == 303
    assert group_app.run(Submission.count().run) == 1


async def test_a_note_with_something_missing_comes_back_with_what_was_written(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    group_id = await make_group(group_app)
    token = await note_token(group_app, group_id)
    response = await group_app.post(
        f"/officers/groups/{group_id}/notes",
        {
            "_token": token,
            "service": "",
            "month": "2031-01",
            "what_would_make_it_better": "More evening sessions",
        },
    )
    assert response.status_code == 400
    for message in ("Choose the service the session talked about", "Choose the month of the session"):
        assert message in response.text
    assert "More evening sessions" in response.text
    response = await group_app.post(
        f"/officers/groups/{group_id}/notes", {"_token": token, "service": "police", "month": "2026-12"}
    )
    assert response.status_code == 400 and "at least one of the boxes" in response.text
    assert group_app.run(Submission.count().run) == 0

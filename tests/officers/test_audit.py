"""The audit log: who, what, which object, when; read and filtered by admins in the browser."""

from __future__ import annotations

from datetime import timedelta

from tests.officers.conftest import PASSWORD, Harness
from voices.db.tables import AuditEvent
from voices.officers import audit
from voices.officers.audit import Action, Actor, AuditFilter, AuditLog

WRONG = "kettle orchard lanterns"


def events(officer_app: Harness) -> list[dict]:
    return officer_app.run(AuditEvent.select().order_by(AuditEvent.id).run)


async def test_sign_ins_failures_and_sign_outs_are_recorded(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example", WRONG)
    await officer_app.sign_in("ana@county.example")
    await officer_app.sign_out()
    rows = events(officer_app)
    officer_id = rows[1]["actor_id"]
    assert [(r["actor"], r["actor_id"], r["action"], r["object_kind"], r["object_ref"]) for r in rows] == [
        ("ana@county.example", officer_id, "sign-in failed", "officer", str(officer_id)),
        ("ana@county.example", officer_id, "signed in", "officer", str(officer_id)),
        ("ana@county.example", officer_id, "signed out", "officer", str(officer_id)),
    ]
    assert rows[0]["at"] == officer_app.clock.now - timedelta(seconds=30)
    # Nothing typed into a form is recorded.
    assert WRONG not in str(rows) and PASSWORD not in str(rows)


async def test_admins_read_and_filter_the_log(officer_app: Harness) -> None:
    secret = officer_app.add("ad@county.example", "admin", authenticator=True)
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example", WRONG)
    officer_app.clock.advance(days=2)
    await officer_app.sign_in("ad@county.example", secret=secret)

    page = await officer_app.client.get("/officers/admin/audit")
    assert page.status_code == 200
    assert page.text.count('<tr class="govuk-table__row">') == 1 + 2
    assert "2026-12-01 09:00:05" in page.text and "Sign-in failed" in page.text

    by_action = await officer_app.client.get("/officers/admin/audit", params={"action": "signed in"})
    assert "ad@county.example" in by_action.text and "Sign-in failed" not in by_action.text.split("</select>")[1]
    by_actor = await officer_app.client.get("/officers/admin/audit", params={"actor": "ANA@"})
    assert by_actor.text.count('<td class="govuk-table__cell">ana@county.example</td>') == 1
    assert '<td class="govuk-table__cell">ad@county.example</td>' not in by_actor.text
    by_day = await officer_app.client.get("/officers/admin/audit", params={"since": "2026-12-02", "until": "2026-12-03"})
    assert '<td class="govuk-table__cell">ana@county.example</td>' not in by_day.text
    assert '<td class="govuk-table__cell">ad@county.example</td>' in by_day.text
    nothing = await officer_app.client.get("/officers/admin/audit", params={"until": "2026-11-30"})
    assert "No events match." in nothing.text

    bad = await officer_app.client.get("/officers/admin/audit", params={"since": "last tuesday"})
    assert bad.status_code == 400
    assert '<a href="#since">Enter a date like 2026-11-30</a>' in bad.text and 'value="last tuesday"' in bad.text


async def test_the_log_pages_newest_first(officer_app: Harness) -> None:
    log = AuditLog(officer_app.clock)
    for number in range(audit.PAGE_SIZE + 5):
        officer_app.run(log.record, Actor("command line"), Action.officer_created, "officer", f"o{number}@x.example")
    first = officer_app.run(audit.search, AuditFilter())
    second = officer_app.run(audit.search, AuditFilter(page=2))
    assert first.has_more and not second.has_more
    assert first.events[0]["object_ref"] == f"o{audit.PAGE_SIZE + 4}@x.example"
    assert len(second.events) == 5 and second.events[-1]["object_ref"] == "o0@x.example"


def test_the_app_can_only_append() -> None:
    # The one writer has one way in: record(). Nothing in voices updates or deletes audit rows.
    assert [name for name in vars(AuditLog) if not name.startswith("_")] == ["record"]

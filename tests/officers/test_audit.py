"""The audit log: who, what, which object, when; read and filtered by admins in the browser."""

from __future__ import annotations

import re
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


async def test_admins_filter_the_log_by_object(officer_app: Harness) -> None:
    secret = officer_app.add("ad@county.example", "admin", authenticator=True)
    log = AuditLog(officer_app.clock)
    cli = Actor("command line")
    officer_app.run(log.record, cli, Action.survey_changed, "survey", "attitudes, version 2: published")
    officer_app.run(log.record, cli, Action.theme_run_started, "survey", "awareness")
    officer_app.run(log.record, cli, Action.theme_run_finished, "theme run", "awareness, run 7: 6 comments")
    officer_app.run(log.record, cli, Action.officer_created, "officer", "ana@county.example")
    await officer_app.sign_in("ad@county.example", secret=secret)

    def objects(page: str) -> list[str]:
        return re.findall(r'<td class="govuk-table__cell">([^<]*)</td>\s*</tr>', page)

    # Part of a reference, in any case: a survey's slug finds its versions and its theme runs.
    by_slug = await officer_app.client.get("/officers/admin/audit", params={"object": " AWARENESS "})
    assert by_slug.status_code == 200
    assert objects(by_slug.text) == ["theme run awareness, run 7: 6 comments", "survey awareness"]
    assert 'id="object"' in by_slug.text
    # Part of a kind: every theme run.
    assert objects((await officer_app.client.get("/officers/admin/audit", params={"object": "theme run"})).text) == [
        "theme run awareness, run 7: 6 comments"
    ]
    # With the other filters.
    both = await officer_app.client.get("/officers/admin/audit", params={"object": "awareness", "action": "theme run started"})
    assert objects(both.text) == ["survey awareness"]
    assert "No events match." in (await officer_app.client.get("/officers/admin/audit", params={"object": "bilingual"})).text
    assert officer_app.run(audit.search, AuditFilter(object="attitudes")).events[0]["object_ref"] == (
        "attitudes, version 2: published"
    )

    too_long = "x" * (audit.OBJECT_REF_LENGTH + 1)
    bad = await officer_app.client.get("/officers/admin/audit", params={"object": too_long})
    assert bad.status_code == 400
    assert f'<a href="#object">Enter at most {audit.OBJECT_REF_LENGTH} characters</a>' in bad.text
    assert f'value="{too_long}"' in bad.text  # kept as typed, to be corrected


async def test_the_object_filter_is_kept_across_pages(officer_app: Harness) -> None:
    secret = officer_app.add("ad@county.example", "admin", authenticator=True)
    log = AuditLog(officer_app.clock)
    for number in range(audit.PAGE_SIZE + 1):
        officer_app.run(log.record, Actor("command line"), Action.survey_changed, "survey", f"attitudes, version {number}: published")
    await officer_app.sign_in("ad@county.example", secret=secret)
    page = await officer_app.client.get("/officers/admin/audit", params={"object": "attitudes"})
    assert "&amp;object=attitudes&amp;" in page.text and "page=2" in page.text


def test_a_long_object_is_cut_to_fit_the_column() -> None:
    assert audit._fitted("a" * 300) == "a" * (audit.OBJECT_REF_LENGTH - 1) + "…"
    assert audit._fitted("attitudes") == "attitudes"

"""You said, we did: officers write and publish what was done about a theme; the public page shows
published themes through the disclosure layer, with quotes only where an officer ticked them."""

from __future__ import annotations

import datetime as dt

from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from tests.insight.theme_runs import comments, current_run
from voices.db.tables import Answer, AuditEvent, Submission, YouSaidQuote

DAY = dt.date(2026, 11, 20)
PAGE = "/officers/you-said/awareness"
PUBLIC = "/you-said-we-did"
WAITING = PAGE + "/themes/waiting_times_capacity"
GOOD = {
    "summary": "Many people waited a long time for counselling.",
    "action": "<b>Funded</b> two more counsellors <img src=x onerror=alert(1)>from April.",
    "done-day": "5", "done-month": "11", "done-year": "2026",
    "link": "https://www.county.example/plan",
}


async def themed() -> dict[str, list[int]]:
    """Waiting times: 12 people (publishable, "10 to 49 comments"); Being believed: 4 (not)."""
    waiting = await comments("awareness", DAY, "the wait was long", {"survey": 12})
    believed = await comments("awareness", DAY, "not believed", {"survey": 4})
    await current_run("awareness", DAY, {
        "waiting_times_capacity": ("Waiting times", waiting),
        "being_believed": ("Being believed", believed),
    })
    return {"waiting": waiting, "believed": believed}


async def test_officers_write_check_and_publish_and_the_public_sees_only_that(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    ids = reports.run(themed)
    page = text_of((await reports.form(PAGE)).text)
    assert "Size shown to the public: 10 to 49 comments." in page
    assert "Fewer than 10 people's comments are in this theme, so it cannot be published." in page
    assert "“quoted from Waiting times”" in page  # the quote, for the officer to judge
    assert "quoted from Being believed" not in page  # four people: not even offered

    # Bad input: each field says what is wrong, and what was typed stays on the page.
    bad = await reports.post(WAITING, {**GOOD, "summary": "", "done-day": "31", "done-month": "2",
                                       "link": "javascript:alert(1)"})
    assert bad.status_code == 400
    words = text_of(bad.text)
    assert "Enter what people told us about this theme" in words
    assert "The date it was done must be a real date, like 27 3 2026" in words
    assert "Enter a link that starts with https://" in words
    assert "two more counsellors" in words and 'href="#waiting_times_capacity-summary"' in bad.text
    future = await reports.post(WAITING, {**GOOD, "done-day": "2", "done-month": "12"})
    assert "The date it was done must be today or in the past" in text_of(future.text)
    small = await reports.post(PAGE + "/themes/being_believed", {**GOOD, "published": "yes"})
    assert small.status_code == 400 and "This theme cannot be published" in text_of(small.text)
    assert (await reports.post(PAGE + "/themes/no_such_theme", GOOD)).status_code == 404

    # Saved but not published: the public sees nothing.
    assert (await reports.post(WAITING, GOOD)).status_code == 303
    assert "Nothing has been published yet." in text_of((await reports.client.get(PUBLIC)).text)

    assert (await reports.post(WAITING, {**GOOD, "published": "yes"})).status_code == 303
    public = await reports.client.get(PUBLIC)
    words = text_of(public.text)
    assert "Waiting times 10 to 49 comments" in words
    assert "Many people waited a long time for counselling." in words
    assert "Funded two more counsellors from April." in words  # cleaned of markup, not redacted
    assert "onerror" not in public.text and "<b>Funded" not in public.text
    assert "Done on 5 November 2026." in words and 'href="https://www.county.example/plan"' in public.text
    assert "quoted from Waiting times" not in words  # no quote until an officer ticks it
    main = text_of(public.text.split("<main")[1].split("</main>")[0])
    assert "12" not in main.replace("2026", "")  # the count itself never appears, only its band
    assert "Being believed" not in words

    # Ticking a quote publishes those words; an id that is not the theme's quote is ignored.
    ticked = await reports.post(WAITING + "/quotes", {"quote": [str(ids["waiting"][0]), str(ids["believed"][0])]})
    assert ticked.status_code == 303
    words = text_of((await reports.client.get(PUBLIC)).text)
    assert "“quoted from Waiting times”" in words and "quoted from Being believed" not in words
    assert (await reports.post(WAITING + "/quotes", {})).status_code == 303  # unticked: withdrawn
    assert "quoted from Waiting times" not in text_of((await reports.client.get(PUBLIC)).text)

    events = reports.run(AuditEvent.select(AuditEvent.action, AuditEvent.object_ref).run)
    assert {"action": "you said, we did changed", "object_ref": "awareness/waiting_times_capacity"} in events
    assert {"action": "quotes approved for the public", "object_ref": "awareness/waiting_times_capacity"} in events
    assert {"action": "comments viewed", "object_ref": "awareness"} in events


async def test_the_public_page_has_the_respondent_safety_furniture(reports: Reports) -> None:
    response = await reports.client.get(PUBLIC)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "govuk-exit-this-page" in response.text and "If you need support now" in response.text
    assert "<script" not in response.text.split("</main>")[0].split("<main")[1]  # nothing needs JavaScript
    for start in ("/", ):
        assert 'href="/you-said-we-did"' in (await reports.client.get(start)).text


async def test_a_theme_that_falls_below_the_threshold_leaves_the_public_page(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    ids = reports.run(themed)
    await reports.form(PAGE)
    assert (await reports.post(WAITING, {**GOOD, "published": "yes"})).status_code == 303
    assert (await reports.post(WAITING + "/quotes", {"quote": str(ids["waiting"][0])})).status_code == 303
    assert "Waiting times" in text_of((await reports.client.get(PUBLIC)).text)
    # Three of its comments are deleted (as a purge would): nine people are left, and the approval
    # of the quoted one goes with its answer.

    async def forget_three() -> None:
        answers = ids["waiting"][:3]
        submissions = [r["submission"] for r in await Answer.select(Answer.submission).where(Answer.id.is_in(answers))]
        await Answer.delete().where(Answer.id.is_in(answers))
        await Submission.delete().where(Submission.id.is_in(submissions))

    reports.run(forget_three)
    assert "Waiting times" not in text_of((await reports.client.get(PUBLIC)).text)
    assert reports.run(YouSaidQuote.count().run) == 0


async def test_only_analysts_and_admins_write_it(reports: Reports) -> None:
    for role in ("viewer", "facilitator"):
        await signed_in(reports, role)
        assert (await reports.client.get(PAGE)).status_code == 403
        assert (await reports.post(WAITING, GOOD)).status_code == 403
        await reports.sign_out()

"""The hostile-input corpus through the group channel: a member's free text and a facilitator's note.

tests/privacy/test_hostile_input.py sends tests/privacy/hostile_inputs.jsonl through the public
surveys; the group feedback form is reached only through an invite code, and facilitated notes are
written on an officer page, so both are walked here through the real app on each engine, judged by
the same checks: nothing is a 5xx, nothing stored carries markup or invisible characters, and every
page that shows the text back shows it escaped (its elements are those of the same page with plain
words).

One app per engine. A member's code opens one submission, so a member sends three corpus entries
at a time (one in each free-text box); a note carries one entry, in each box in turn, since a note
must say something by itself and an entry that is only markup says nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

import httpx
import pytest
from markupsafe import escape

from tests.groups.conftest import enter_code, hidden_fields, make_code, make_group, member_post, sign_in_as
from tests.officers.conftest import Harness
from tests.privacy.test_hostile_input import CORPUS, page_shape, stored_text_problems
from voices.db.tables import Answer, Submission
from voices.groups.notes import TEXTS
from voices.settings import Settings

Entry = dict[str, str]
Shape = list[tuple[str, tuple[str, ...]]]
PLAIN: list[Entry] = [{"name": f"plain {n}", "text": f"plain words {n}"} for n in range(len(TEXTS))]
NOTE_TOKEN = re.compile(r'name="_token" value="([^"]+)"')
# A refusal names what is wrong in the GOV.UK error summary; anything else would leave someone stuck.
ERROR_SUMMARY = re.compile(r'class="govuk-error-summary".*?<li>\s*<a href="#[^"]+">([^<]+)</a>', re.S)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Dozens of sends from one test client: lift the respondent rate limit, which test_abuse covers.
    return dataclasses.replace(settings, rate_limit_posts=100_000)


def batches(entries: Sequence[Entry], size: int = len(TEXTS)) -> Iterator[list[Entry]]:
    """The corpus in threes, one entry per free-text box; the last batch topped up with plain words."""
    for start in range(0, len(entries), size):
        batch = list(entries[start : start + size])
        yield batch + PLAIN[: size - len(batch)]


def label(batch: Sequence[Entry]) -> str:
    return " + ".join(entry["name"] for entry in batch)


def echo_problems(html: str, texts: Sequence[str], *expected: Shape) -> list[str]:
    """What page_shape finds wrong, whether the page has the elements of one it should match, and
    whether each text is there, escaped: a page that dropped the text would pass the rest unseen."""
    shape, problems = page_shape(html)
    if shape not in expected:
        problems.append("the page's elements differ from the same page with plain text")
    problems += [f"not shown back escaped: {text[:60]!r}" for text in texts if str(escape(text)) not in html]
    return problems


def refusal_message(response: httpx.Response) -> str | None:
    """The message a 4xx shows in its error summary, or None when there is none to read."""
    found = ERROR_SUMMARY.search(response.text)
    return found.group(1).strip() if found and 400 <= response.status_code < 500 else None


# --- (a) a member: /groups, a real invite code, the feedback form's three free-text questions ---


async def member_check_page(app: Harness, code: str, batch: Sequence[Entry]) -> httpx.Response:
    """Type the code, then answer every question at once and land on "Check your answers"."""
    start = await enter_code(app.client, code)
    assert start.status_code == 200, start.text[:500]
    fields = [field for field in hidden_fields(start.text) if field[0] != "_step"]
    fields += [("_step", TEXTS[-1]), ("_return", "check"), ("a-service", "isva")]
    fields += [(f"a-{question_id}", entry["text"]) for question_id, entry in zip(TEXTS, batch, strict=True)]
    return await member_post(app.client, fields + [("_action", "next")])


async def member_sends(
    app: Harness, code: str, batch: Sequence[Entry], expected: dict[str, Shape]
) -> tuple[bool, dict[str, list[str]]]:
    """One member's submission carrying `batch`: whether it was sent, and what went wrong, by page."""
    failures: dict[str, list[str]] = {}
    check = await member_check_page(app, code, batch)
    if check.status_code != 200 or "Check your answers" not in check.text:
        return False, {"check page": [f"{check.status_code}: {check.text[:300]}"]}
    failures["check page"] = echo_problems(check.text, [entry["text"] for entry in batch], expected["check"])
    carried = hidden_fields(check.text)
    # Each box opened again from the check page shows what was typed in a textarea.
    for question_id, entry in zip(TEXTS, batch, strict=True):
        question = await member_post(app.client, carried + [("_action", f"change:{question_id}")])
        assert question.status_code < 500, (label(batch), question.text[:300])
        failures[f"{question_id} page"] = echo_problems(question.text, [entry["text"]], expected[question_id])
    sent = await member_post(app.client, carried + [("_action", "submit")])
    accepted = sent.status_code == 200 and "Your answers have been sent" in sent.text
    if not accepted and (sent.status_code >= 500 or refusal_message(sent) is None):
        failures["send"] = [f"{sent.status_code} without a clear message: {sent.text[:300]}"]
    return accepted, {page: problems for page, problems in failures.items() if problems}


async def member_journey(app: Harness) -> dict[str, dict[str, list[str]]]:
    await sign_in_as(app, "fac@county.example")
    group_id = await make_group(app)
    batched = list(batches(CORPUS))
    code = await make_code(app, group_id, uses=len(batched) + 1)  # the plain walk takes one use
    await app.sign_out()

    plain = await member_check_page(app, code, PLAIN)
    assert plain.status_code == 200 and "Check your answers" in plain.text, plain.text[:500]
    expected: dict[str, Shape] = {"check": page_shape(plain.text)[0]}
    carried = hidden_fields(plain.text)
    for question_id in TEXTS:
        page = await member_post(app.client, carried + [("_action", f"change:{question_id}")])
        expected[question_id] = page_shape(page.text)[0]

    failures: dict[str, dict[str, list[str]]] = {}
    sent = 0
    for batch in batched:
        accepted, found = await member_sends(app, code, batch, expected)
        sent += accepted
        if found:
            failures[f"member: {label(batch)}"] = found
    # What was acknowledged was stored, in the group's channel with its group and nothing else.
    stored = app.run(Submission.select(Submission.channel, Submission.involvement_group).run)
    assert stored == [{"channel": "group", "involvement_group": group_id}] * sent
    return failures


# --- (b) a facilitator's note at /officers/groups/{id}/notes ---


async def post_note(
    app: Harness, group_id: int, token: str, service: str, texts: dict[str, str]
) -> httpx.Response:
    fields = {"_token": token, "service": service, "month": "2026-11", **texts}
    return await app.post(f"/officers/groups/{group_id}/notes", fields)


def latest_note_texts(app: Harness) -> list[str]:
    [latest] = app.run(Submission.select(Submission.id).order_by(Submission.id, ascending=False).limit(1).run)
    rows = app.run(Answer.select(Answer.text).where(Answer.submission == latest["id"]).run)
    return [row["text"] for row in rows if row["text"]]


async def note_problems(
    app: Harness, group_id: int, texts: dict[str, str], expected: Sequence[Shape]
) -> tuple[bool, list[str]]:
    """The note first without its service (so the form comes back with its words), then whole:
    whether it was saved, and what went wrong."""
    form = await app.form(f"/officers/groups/{group_id}/notes")
    token = NOTE_TOKEN.search(form.text)
    assert form.status_code == 200 and token, form.text[:500]
    problems: list[str] = []
    returned = await post_note(app, group_id, token.group(1), "", texts)
    if returned.status_code != 400 or "Choose the service the session talked about" not in returned.text:
        problems.append(f"without a service: {returned.status_code} {returned.text[:300]}")
    else:
        problems += echo_problems(returned.text, [text for text in texts.values() if text], *expected)
    saved = await post_note(app, group_id, token.group(1), "courts", texts)
    if saved.status_code == 303:
        # A note is what a session said: one saved with no words left would be counted as a note
        # while saying nothing.
        if not latest_note_texts(app):
            problems.append("saved with no words left once cleaned")
    elif saved.status_code >= 500 or refusal_message(saved) is None:
        problems.append(f"saved: {saved.status_code} without a clear message: {saved.text[:300]}")
    return saved.status_code == 303, problems


async def facilitated_notes(app: Harness) -> dict[str, dict[str, list[str]]]:
    """Each entry a note of its own, in each box in turn: a note must say something by itself."""
    await sign_in_as(app, "notes@county.example")
    group_id = await make_group(app, "Thursday online group")
    form = await app.form(f"/officers/groups/{group_id}/notes")
    token = NOTE_TOKEN.search(form.text)
    assert token
    # The form as it comes back without a service, with plain words and with none: text that is
    # nothing but markup may also be told it says nothing, so the page may have either shape.
    expected: list[Shape] = []
    for texts in ({TEXTS[0]: "plain words"}, {}):
        plain = await post_note(app, group_id, token.group(1), "", texts)
        assert plain.status_code == 400, plain.text[:500]
        expected.append(page_shape(plain.text)[0])

    failures: dict[str, dict[str, list[str]]] = {}
    saved = 0
    for number, entry in enumerate(CORPUS):
        texts = {question_id: "" for question_id in TEXTS} | {TEXTS[number % len(TEXTS)]: entry["text"]}
        accepted, problems = await note_problems(app, group_id, texts, expected)
        saved += accepted
        if problems:
            failures[f"note: {entry['name']}"] = {"note form": problems}
    stored = app.run(Submission.count().where(Submission.channel == "facilitated").run)
    assert stored == saved
    return failures


async def test_hostile_text_from_a_member_and_in_a_note_is_stored_clean_and_shown_escaped(
    group_app: Harness,
) -> None:
    failures = await member_journey(group_app) | await facilitated_notes(group_app)
    assert failures == {}
    assert stored_text_problems(group_app.client) == []
    # Most of the corpus is words around markup: clean is not the same as empty.
    texts = group_app.run(Answer.count().where(Answer.text.is_not_null()).run)
    assert texts > len(CORPUS)

"""Theme review through the real app, on both engines: reading is audited, each change is stored
with who and when, corrects the run at once, is kept as confirmed labels the purge deletes with the
comment, and can be undone; the next theme run obeys the labels."""

from __future__ import annotations

import datetime as dt
import re

from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from tests.review.runs import DAY, SLUG, reviewable_run
from voices.db.tables import AuditEvent, ConfirmedLabel, ThemeAssignment, ThemeReviewChange, ThemeRun
from voices.privacy.retention import purge_expired
from voices.themes.survey_run import theme_survey

REVIEW = f"/officers/reports/{SLUG}/review"


async def assignments(key: str) -> list[dict[str, object]]:
    run = ThemeRun.select(ThemeRun.id).where((ThemeRun.survey_slug == SLUG) & (ThemeRun.is_current == True))  # noqa: E712
    return await ThemeAssignment.select(ThemeAssignment.answer, ThemeAssignment.reviewed).where(
        ThemeAssignment.theme_run.is_in(run) & (ThemeAssignment.theme_key == key)
    ).order_by(ThemeAssignment.answer)


def labels(reports: Reports) -> list[dict[str, object]]:
    return reports.run(
        ConfirmedLabel.select(ConfirmedLabel.answer, ConfirmedLabel.theme_id, ConfirmedLabel.applies,
                              ConfirmedLabel.comment_submitted_on).order_by(ConfirmedLabel.theme_id).run
    )


def events(reports: Reports) -> list[dict[str, object]]:
    return reports.run(AuditEvent.select(AuditEvent.actor, AuditEvent.action, AuditEvent.object_kind,
                                         AuditEvent.object_ref).run)


async def test_an_analyst_corrects_a_comments_codebook_themes_and_undoes_it(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    members = reports.run(reviewable_run)
    first = members["waiting_times_capacity"][0]
    report = text_of(await reports.page(f"/officers/reports/{SLUG}"))
    assert "Reviewed by an analyst 0 of 12" in report

    page = await reports.page(f"{REVIEW}/themes/waiting_times_capacity")
    assert "I waited months for counselling (survey 0)" in page and f"/comments/{first}?" in page
    page = await reports.page(f"{REVIEW}/comments/{first}")
    assert re.search(r'value="waiting_times_capacity" checked', page)
    assert {"actor": "analyst@county.example", "action": "comments viewed", "object_kind": "answer",
            "object_ref": str(first)} in events(reports)

    # Not the tagger's theme, but another: one label each way, dated the day the comment was sent.
    response = await reports.post(f"{REVIEW}/comments/{first}/themes", {"theme": "being_believed"})
    assert response.status_code == 303 and response.headers["location"].endswith(f"/comments/{first}?done=saved")
    assert labels(reports) == [
        {"answer": first, "theme_id": "being_believed", "applies": True, "comment_submitted_on": DAY},
        {"answer": first, "theme_id": "waiting_times_capacity", "applies": False, "comment_submitted_on": DAY},
    ]
    assert first not in [row["answer"] for row in reports.run(assignments, "waiting_times_capacity")]
    assert reports.run(assignments, "being_believed") == [{"answer": first, "reviewed": True}]
    assert any(e["action"] == "themes changed" and e["object_ref"].startswith(f"{first} (change") for e in events(reports))
    change = reports.run(ThemeReviewChange.select(ThemeReviewChange.actor, ThemeReviewChange.at).first().run)
    assert change == {"actor": "analyst@county.example", "at": reports.clock()}
    # The report counts it at once: 11 comments left in waiting times.
    assert "Reviewed by an analyst 0 of 11" in text_of(await reports.page(f"/officers/reports/{SLUG}"))

    # Confirming the rest of the theme as it is marks them reviewed.
    for answer in members["waiting_times_capacity"][1:]:
        await reports.post(f"{REVIEW}/comments/{answer}/themes", {"theme": "waiting_times_capacity"})
    assert "Reviewed by an analyst 11 of 11" in text_of(await reports.page(f"/officers/reports/{SLUG}"))

    overview = text_of(await reports.page(REVIEW))
    assert f"Comment {first}: codebook themes set to Being believed (were Waiting times and capacity)" in overview
    assert "Undo the last change" in overview
    for _ in range(12):  # the eleven confirmations, then the first change
        assert (await reports.post(f"{REVIEW}/undo", {})).status_code == 303
    assert labels(reports) == [] and first in [row["answer"] for row in reports.run(assignments, "waiting_times_capacity")]
    assert reports.run(assignments, "being_believed") == []
    assert all(not row["reviewed"] for row in reports.run(assignments, "waiting_times_capacity"))
    refused = await reports.post(f"{REVIEW}/undo", {})
    assert refused.status_code == 422 and "There is no change to undo" in refused.text


async def test_emergent_themes_are_renamed_merged_moved_and_marked_as_noise_each_undoable(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    members = reports.run(reviewable_run)
    assert (await reports.post(f"{REVIEW}/themes/E01/rename", {"label": "  Late  buses "})).status_code == 303
    assert "Late buses" in text_of(await reports.page(f"/officers/reports/{SLUG}"))
    moved = members["E02"][0]
    assert (await reports.post(f"{REVIEW}/comments/{moved}/move", {"to": "E01"})).status_code == 303
    assert len(reports.run(assignments, "E01")) == 13
    assert (await reports.post(f"{REVIEW}/themes/E02/merge", {"into": "E01"})).status_code == 303
    assert len(reports.run(assignments, "E01")) == 23
    assert "street lighting" not in await reports.page(f"/officers/reports/{SLUG}")
    assert (await reports.post(f"{REVIEW}/themes/E01/noise", {})).status_code == 303
    report = text_of(await reports.page(f"/officers/reports/{SLUG}"))
    assert "Late buses" not in report and "street lighting" not in report

    for expected in (23, 13, 12):  # undo noise, merge, move, in turn
        assert (await reports.post(f"{REVIEW}/undo", {})).status_code == 303
        assert len(reports.run(assignments, "E01")) == expected
    assert len(reports.run(assignments, "E02")) == 11
    assert (await reports.post(f"{REVIEW}/undo", {})).status_code == 303
    report = text_of(await reports.page(f"/officers/reports/{SLUG}"))
    assert "buses at night" in report and "street lighting" in report and "Late buses" not in report
    history = text_of(await reports.page(REVIEW))
    assert "Theme E01 renamed from “buses at night” to “Late buses” (undone)" in history


async def test_refusals_and_strangers(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    members = reports.run(reviewable_run)
    assert (await reports.post(f"{REVIEW}/themes/E01/merge", {"into": "E01"})).status_code == 422
    assert (await reports.post(f"{REVIEW}/themes/E01/rename", {"label": " "})).status_code == 422
    assert (await reports.post(f"{REVIEW}/themes/waiting_times_capacity/noise", {})).status_code == 404
    assert (await reports.post(f"{REVIEW}/comments/{members['E01'][0]}/themes", {"theme": "no_such_theme"})).status_code == 422
    # A comment of another survey is not found here.
    assert (await reports.client.get(f"/officers/reports/attitudes/review/comments/{members['E01'][0]}")).status_code == 404
    # Without the form's token nothing changes.
    response = await reports.post(f"{REVIEW}/themes/E01/noise", {}, with_token=False)
    assert response.status_code == 403 and len(reports.run(assignments, "E01")) == 12
    assert reports.run(ThemeReviewChange.count().run) == 0


async def test_the_next_run_obeys_the_labels_and_the_purge_deletes_them_with_the_comment(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    members = reports.run(reviewable_run)
    confirmed, ruled_out = members["E01"][0], members["waiting_times_capacity"][0]
    await reports.post(f"{REVIEW}/comments/{confirmed}/themes", {"theme": "public_spaces_safety"})
    await reports.post(f"{REVIEW}/comments/{ruled_out}/themes", {})
    # No tagger here: the codebook themes of the new run are the analysts' alone.
    reports.run(theme_survey, SLUG)
    assert reports.run(assignments, "public_spaces_safety") == [{"answer": confirmed, "reviewed": True}]
    assert reports.run(assignments, "waiting_times_capacity") == []
    # 30 days after the comments were sent, they go, and their labels with them.
    reports.run(purge_expired, DAY + dt.timedelta(days=31), 30)
    assert labels(reports) == []

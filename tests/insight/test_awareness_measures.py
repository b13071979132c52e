"""Awareness: confidence to report and the barriers named, by period, through the real app on
both engines, against a small data set worked out by hand (`confidence_and_barriers`)."""

from __future__ import annotations


from tests.insight import data
from tests.insight.conftest import Reports
from tests.insight.test_report import row, signed_in, text_of

ABLE = "If it happened to me, I would feel able to report it to the police."
SERIOUSLY = "I think a report of sexual violence would be taken seriously in this county."
CONFIDENT_SHARE = "Confidence to report: the share who agreed"
CONFIDENT_COUNT = "Confidence to report: how many agreed"
BARRIER_SHARE = "Barriers named: the share who chose it"
BARRIER_COUNT = "Barriers named: how many chose it"
NOT_BELIEVED = "Worry about not being believed"
NOWHERE_TO_GO = "Not knowing where to go"
SMALL_PLACE = "Living in a small place where everyone knows each other"
WAITS = "Long waits for support"
SHAME = "Feeling ashamed or embarrassed"  # nobody names it
ANSWERED = "People who answered"
CONFIDENT_ASKED = "Confidence to report: how many answered each statement"

FEW = "fewer than 10"
PROTECTS = "hidden to protect a small number"
NO_SHARE = "withheld: its count is hidden"


def ticked(**options: bool) -> list[str]:
    return [option for option, chosen in options.items() if chosen]


async def confidence_and_barriers() -> None:
    """2025: 20 people answer both confidence statements and the barriers question, and 2 more
    answer nothing. 2026: 30 people answer all three. 52 submissions in all.

    Each statement (and each barrier) is its own table [[agreed 2025, 2026], [did not 2025, 2026]]
    with row, column and grand totals; "agreed" is strongly agree or agree, and a share is of the
    people who answered that question in that year (the 2 blank submissions are in no base).

    Able to report: 2025: 5 strongly agree, 5 agree, 6 disagree, 4 neither: [10 | 10];
    2026: 9 strongly agree, 9 agree, 12 disagree: [18 | 12]. No entry is in 1..9, nothing is
    hidden: agreed 10 and 18, 50% (10/20) and 60% (18/30).

    Taken seriously: 2025: 14 agree, 6 strongly disagree; 2026: 20 strongly agree, 10 agree:
    [[14, 30], [6, 0]], row totals 44 and 6, columns 20 and 30, total 50. Primary: the 6 who did
    not agree in 2025 and their row total 6. Their column (20 = 14 + 6) would give the 6 away:
    the 14 is hidden too (a cell before a total); the grand total (50 = 44 + 6) would give the
    row total away: 44 is hidden (the smaller total). Still open: 14 + t, 6 - t. Shown: 2025
    agreed "hidden to protect a small number", its share withheld; 2026: 30, 100%. People who
    answered (the columns, never hidden): 20 and 30.

    Barriers, ticked by person n (counted from 0 within the year), so everyone ticks at least one:
      2025: not believed n < 10 (10), small place n < 5 (5), nowhere to go n >= 10 (10).
      2026: not believed n < 15 (15), small place n < 12 (12), nowhere to go n >= 10 (20),
            long waits n >= 26 (4).
    Not believed [[10, 15], [10, 15]] and nowhere to go [[10, 20], [10, 10]]: nothing hidden;
    50% and 50%; 50% and 67% (20/30).
    Small place [[5, 12], [15, 18]]: the 5 is hidden; its row (17 = 5 + 12) hides the 12 and
    the columns hide 15 and 18: shown "fewer than 10" and "hidden to protect a small number",
    both shares withheld (free: 5 + t, 12 - t, 15 - t, 18 + t).
    Long waits [[0, 4], [20, 26]]: the 4 and its row total 4 are hidden; its column hides 26,
    and the grand total (50 = 4 + 46) hides 46: shown 0 (0% of 20) and "fewer than 10", withheld.
    Shame and every other option: [[0, 0], [20, 30]], 0 and 0%. People who answered: 20 and 30.

    Filtered to 2025 (22 of 52 kept, 30 left out: allowed), each table is its 2025 column beside
    the whole report's, and the left-out rest must not give a small number away:
    able to report 10, 50%; taken seriously [[14], [6]] hides the 6 and so the 14 as before:
    "hidden to protect", withheld; not believed 10, 50%; nowhere to go 10, 50%; small place
    [[5], [15]]: "fewer than 10", withheld; long waits 0, 0% (its small 4 is in 2026, and the
    2025 column is all shown in the whole report too). People who answered: 20.

    A hidden count may move within what its label says without changing the page (14 and 6 as
    15 and 5, 4 as 5): that is the layer's promise; every shown figure above is asserted.
    """
    for n in range(20):
        await data.submit("awareness", data.AWARE_2025, {
            "confident_to_report": "strongly_agree" if n < 5 else "agree" if n < 10 else "disagree" if n < 16 else "neither",
            "confident_taken_seriously": "agree" if n < 14 else "strongly_disagree",
            "barriers": ticked(not_believed=n < 10, small_community=n < 5, dont_know_where_to_go=n >= 10),
        })  # fmt: skip
    for _ in range(2):
        await data.submit("awareness", data.AWARE_2025, {})
    for n in range(30):
        await data.submit("awareness", data.AWARE_2026, {
            "confident_to_report": "strongly_agree" if n < 9 else "agree" if n < 18 else "disagree",
            "confident_taken_seriously": "strongly_agree" if n < 20 else "agree",
            "barriers": ticked(not_believed=n < 15, small_community=n < 12, dont_know_where_to_go=n >= 10,
                               waiting_times=n >= 26),
        })  # fmt: skip


async def test_confidence_to_report_matches_the_hand_worked_data(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(confidence_and_barriers)
    page = await reports.page("/officers/reports/awareness")
    assert "Responses 52" in text_of(page)
    assert row(page, CONFIDENT_SHARE, ABLE) == ["50%", "60%"]
    assert row(page, CONFIDENT_COUNT, ABLE) == ["10", "18"]
    # The 6 who did not agree in 2025 are hidden, and with them the 14 who did.
    assert row(page, CONFIDENT_SHARE, SERIOUSLY) == [NO_SHARE, "100%"]
    assert row(page, CONFIDENT_COUNT, SERIOUSLY) == [PROTECTS, "30"]
    # Each statement has its own base (people skip some), in its own table.
    assert row(page, CONFIDENT_ASKED, ABLE) == ["20", "30"]
    assert row(page, CONFIDENT_ASKED, SERIOUSLY) == ["20", "30"]
    assert ANSWERED not in page[page.index(CONFIDENT_SHARE):page.index(CONFIDENT_COUNT)]


async def test_barriers_named_match_the_hand_worked_data(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(confidence_and_barriers)
    page = await reports.page("/officers/reports/awareness")
    assert row(page, BARRIER_SHARE, NOT_BELIEVED) == ["50%", "50%"]
    assert row(page, BARRIER_COUNT, NOT_BELIEVED) == ["10", "15"]
    assert row(page, BARRIER_SHARE, NOWHERE_TO_GO) == ["50%", "67%"]
    assert row(page, BARRIER_COUNT, NOWHERE_TO_GO) == ["10", "20"]
    # 5 in 2025: hidden, and the 12 of 2026 with it (or 17 - 12 would give the 5).
    assert row(page, BARRIER_COUNT, SMALL_PLACE) == [FEW, PROTECTS]
    assert row(page, BARRIER_SHARE, SMALL_PLACE) == [NO_SHARE, NO_SHARE]
    # 4 in 2026, none in 2025: the zero is shown.
    assert row(page, BARRIER_COUNT, WAITS) == ["0", FEW]
    assert row(page, BARRIER_SHARE, WAITS) == ["0%", NO_SHARE]
    assert row(page, BARRIER_COUNT, SHAME) == ["0", "0"]
    assert row(page, BARRIER_SHARE, SHAME) == ["0%", "0%"]
    assert row(page, BARRIER_SHARE, ANSWERED) == ["20", "30"]
    # No share of a hidden count is anywhere on the page: 5/20, 12/30, 4/30, 14/20.
    words = text_of(page)
    assert not {"25%", "40%", "13%", "70%"} & set(words.split())


async def test_a_period_filter_narrows_confidence_and_barriers(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(confidence_and_barriers)
    page = await reports.page("/officers/reports/awareness?period=2025")
    assert "Responses in this filter 22 (of 52 in all)" in text_of(page)
    assert row(page, CONFIDENT_SHARE, ABLE) == ["50%"]
    assert row(page, CONFIDENT_COUNT, ABLE) == ["10"]
    assert row(page, CONFIDENT_SHARE, SERIOUSLY) == [NO_SHARE]
    assert row(page, CONFIDENT_COUNT, SERIOUSLY) == [PROTECTS]
    assert row(page, CONFIDENT_ASKED, ABLE) == ["20"]
    assert row(page, BARRIER_SHARE, NOT_BELIEVED) == ["50%"]
    assert row(page, BARRIER_COUNT, NOT_BELIEVED) == ["10"]
    assert row(page, BARRIER_SHARE, NOWHERE_TO_GO) == ["50%"]
    assert row(page, BARRIER_COUNT, NOWHERE_TO_GO) == ["10"]
    assert row(page, BARRIER_COUNT, SMALL_PLACE) == [FEW]
    assert row(page, BARRIER_SHARE, SMALL_PLACE) == [NO_SHARE]
    assert row(page, BARRIER_COUNT, WAITS) == ["0"]
    assert row(page, BARRIER_SHARE, WAITS) == ["0%"]
    assert row(page, BARRIER_SHARE, ANSWERED) == ["20"]
    # Only 2025 is a column now.
    table = page[page.index(BARRIER_SHARE):]
    head = table[: table.index("</thead>")]
    assert ">2025</th>" in head and "2026" not in head


async def test_each_statements_share_is_of_the_people_shown_as_answering(reports: Reports) -> None:
    """2026: 20 people say they feel able to report (10 agree, 10 disagree: 50%); only the first 10
    of them answer "taken seriously" (all agree: 100%). Each share is of the people the page says
    answered that statement: 10 of 20, and 10 of 10 (the block once showed one base, the last
    statement's, under both)."""

    async def skipped() -> None:
        for n in range(20):
            answers = {"confident_to_report": "agree" if n < 10 else "disagree"}
            if n < 10:
                answers["confident_taken_seriously"] = "agree"
            await data.submit("awareness", data.AWARE_2026, answers)

    await signed_in(reports, "analyst")
    reports.run(skipped)
    page = await reports.page("/officers/reports/awareness")
    assert row(page, CONFIDENT_SHARE, ABLE) == ["50%"]
    assert row(page, CONFIDENT_SHARE, SERIOUSLY) == ["100%"]
    for statement in (ABLE, SERIOUSLY):
        (agreed,) = row(page, CONFIDENT_COUNT, statement)
        (asked,) = row(page, CONFIDENT_ASKED, statement)
        assert row(page, CONFIDENT_SHARE, statement) == [f"{100 * int(agreed) / int(asked):.0f}%"], statement

"""The report pages through the real app, on both engines, against data sets worked by hand."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import msgspec

from tests.insight import data
from tests.insight.conftest import Reports
from voices.db.tables import AuditEvent, ThemeHistory, ThemeRun
from voices.insight.themes_view import _without_words
from voices.privacy.retention import purge_expired
from voices.themes.summaries import StoredSummary


async def signed_in(reports: Reports, role: str) -> None:
    email = f"{role}@county.example"
    secret = reports.add(email, role, authenticator=role == "admin")
    assert (await reports.sign_in(email, secret=secret)).status_code == 303


def text_of(page: str) -> str:
    """The page's words, without markup (and without the charts' drawing)."""
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


def row(page: str, caption: str, label: str) -> list[str]:
    """The cells of a table row found by the table's caption and the row's header."""
    table = page[page.index(caption):]
    table = table[: table.index("</table>")]
    found = re.search(r"<th scope=\"row\"[^>]*>\s*" + re.escape(label) + r"\s*</th>(.*?)</tr>", table, flags=re.DOTALL)
    assert found, (caption, label)
    return [unescape(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", found[1], flags=re.DOTALL)]


async def test_the_index_lists_surveys_with_counts_through_the_layer(reports: Reports) -> None:
    await signed_in(reports, "viewer")
    reports.run(data.attitude_waves)
    for _ in range(4):
        reports.run(data.submit, "survivor-feedback", data.AWARE_2026, {})
    page = text_of(await reports.page("/officers/reports"))
    assert "Attitudes to sexual violence 20" in page
    assert re.search(r"[Ss]urvivor[^<]*? fewer than 10", page)
    assert "Awareness of support and reporting 0" in page


async def test_awareness_figures_match_the_hand_worked_data(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.awareness_waves)
    page = await reports.page("/officers/reports/awareness")
    assert "Responses</dt>" in page and ">53</dd>" in page
    caption = "Services people know: the share who chose it"
    assert row(page, caption, "Independent Sexual Violence Adviser (ISVA) service") == ["50%", "100%"]
    assert row(page, caption, "People who answered") == ["20", "30"]
    assert row(page, "Services people know: how many chose it", "Independent Sexual Violence Adviser (ISVA) service") == ["10", "30"]
    helped = "Whether people would know how to get help: the share who agreed"
    assert row(page, helped, "If something like this happened to me, I would know where to get help.") == ["50%", "100%"]
    # Charts are inline SVG with a name, and no request leaves the page.
    assert page.count('<svg role="img" aria-label="Bar chart') >= 2
    assert "http://" not in re.sub(r'xmlns(:xlink)?="[^"]+"', "", page) and "https://" not in page


async def test_attitude_indices_match_the_hand_worked_data(reports: Reports) -> None:
    await signed_in(reports, "viewer")
    reports.run(data.attitude_waves)
    html = await reports.page("/officers/reports/attitudes")
    # Item distributions: 5 strongly agree (hidden), 15 agree (hidden too, or the total would give
    # the 5 away), 20 answered.
    item = "If I saw someone being pestered in a pub or club"
    assert row(html, item, "Strongly agree") == ["fewer than 10", "withheld: its count is hidden"]
    assert row(html, item, "Agree") == ["hidden to protect a small number", "withheld: its count is hidden"]
    assert row(html, item, "Disagree") == ["0", "0%"]
    assert row(html, item, "Answered") == ["20", ""]
    page = text_of(html)
    section = page[page.index("Willingness to step in"):]
    assert "Average score 4.25 (4.04 to 4.46)" in section
    assert "Reliability (Cronbach's alpha) 1.00 (1.00 to 1.00)" in section
    assert "Change between 2025 and 2026 +0.50 (+0.12 to +0.88): more willing to step in" in section
    assert "2025 4.00 (4.00 to 4.00) 2026 4.50 (4.12 to 4.88)" in section
    # The victim-blaming scale has no answers here: its figures are withheld, not shown as 0.
    blame = page[page.index("Victim-blaming attitudes"):]
    assert "Average score withheld: based on fewer than 10" in blame


async def test_a_filter_describing_few_people_is_refused_with_the_reason(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.awareness_waves)
    response = await reports.client.get("/officers/reports/awareness?channel=api")
    assert response.status_code == 422
    page = text_of(response.text)
    assert "This filter describes fewer than 10 people, so its results cannot be shown." in page
    assert "50%" not in page and "Responses in this filter" not in page
    # A wider filter is shown: 2025 keeps 20 and leaves out 33.
    page = await reports.page("/officers/reports/awareness?period=2025")
    assert "of 53 in all" in text_of(page)
    assert row(page, "Services people know: the share who chose it", "People who answered") == ["20"]


async def test_a_report_filters_by_age_or_gender_and_by_area(reports: Reports) -> None:
    """2026: 15 women and 10 men aged 25 to 34 (12 of the women in the north, the rest in the south),
    and 4 non-binary people in the north: 29 in all, 16 in the north, 15 women."""

    async def people() -> None:
        for n in range(25):
            await data.submit("awareness", data.AWARE_2026, {
                "services_known": ["isva"], "age_band": "age_25_34",
                "gender": "woman" if n < 15 else "man", "area": "north" if n < 12 else "south",
            })  # fmt: skip
        for _ in range(4):
            await data.submit("awareness", data.AWARE_2026, {"services_known": ["gp"], "gender": "non_binary", "area": "north"})

    await signed_in(reports, "analyst")
    reports.run(people)
    page = await reports.page("/officers/reports/awareness?area=north")
    assert "Responses in this filter 16 (of 29 in all)" in text_of(page)
    assert '<option value="north" selected>North of the county</option>' in page
    assert '<option value="gender:woman">Gender: Woman</option>' in page
    assert '<option value="age_band:age_25_34">Age: 25 to 34</option>' in page
    page = await reports.page("/officers/reports/awareness?band=gender:woman")
    assert "Responses in this filter 15 (of 29 in all)" in text_of(page)
    assert row(page, "Services people know: how many chose it", "Independent Sexual Violence Adviser (ISVA) service") == ["15"]
    # Two filters together are refused on the second: "north" less "north, women" is 4 people.
    response = await reports.client.get("/officers/reports/awareness?band=gender:woman&area=north")
    assert response.status_code == 400 and 'href="#area"' in response.text
    assert "Choose one filter at a time: band and area together could describe too few people" in response.text
    # Four non-binary people: the layer refuses to describe them, in its own words.
    response = await reports.client.get("/officers/reports/awareness?band=gender:non_binary")
    assert response.status_code == 422
    assert "This filter describes fewer than 10 people" in text_of(response.text)
    # A band or area the survey does not have is explained on the field.
    response = await reports.client.get("/officers/reports/awareness?band=gender:robot")
    assert response.status_code == 400 and "Choose an age band or gender from the list" in response.text
    assert 'href="#band"' in response.text
    response = await reports.client.get("/officers/reports/awareness?area=mars")
    assert response.status_code == 400 and "Choose a part of the county from the list" in response.text
    # A download of the filtered report names the filters as the form does.
    response = await reports.client.get("/officers/reports/awareness/tables.csv?area=north")
    assert response.status_code == 200
    filters = next(line for line in response.text.splitlines() if line.startswith("About these figures,Filters"))
    assert filters == "About these figures,Filters,,,area North of the county,", filters
    assert (await reports.client.get("/officers/reports/awareness/tables.csv?band=gender:woman&area=north")).status_code == 400


async def test_a_filter_typed_wrongly_is_explained(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    response = await reports.client.get("/officers/reports/awareness?period=last+year")
    assert response.status_code == 400
    assert "Enter the period as a year, like 2026, or a month, like 2026-03" in response.text


async def test_theme_figures_quotes_and_small_themes(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    reports.run(data.submit, "awareness", dt.date(2026, 11, 28), {"anything_else": "sent after the run"})
    page = await reports.page("/officers/reports/awareness")
    words = text_of(page)
    assert "The comments were last themed on 25 November 2026. Comments sent since then: fewer than 10." in words
    assert "Supporting victims and survivors" in words
    assert "Comments 12 (46%)" in words  # 12 of the 26 comments read by the run
    assert "2026 compared with 2025 12 and 10: up 2" in words
    assert data.WAITING_QUOTE in words
    # Four people: "fewer than 10", and no quote although the stored summary holds one.
    assert "Comments fewer than 10 (withheld: its count is hidden)" in words
    assert data.BELIEVED_QUOTE not in words
    assert "No quotes: fewer than 10 people's comments are in this theme." in words
    # Key phrases are people's words too: a theme of four shows none of its own.
    assert data.WAITING_PHRASE in words and data.BELIEVED_PHRASE not in words
    # Reading quotes is recorded, by survey, never by words.
    events = reports.run(AuditEvent.select(AuditEvent.action, AuditEvent.object_ref).run)
    assert {"action": "comments viewed", "object_ref": "awareness"} in events


async def test_a_month_purged_before_the_latest_run_keeps_an_earlier_runs_count(reports: Reports) -> None:
    """The current run counted waiting times 12 in 2026 but nothing in 2025 (those comments were
    purged before it ran). The run before it counted 9 in May 2025 and 4 in August 2025: 13. An
    older run's 50 and the earlier run's emergent theme (another theme under any key) do not count."""
    await signed_in(reports, "analyst")
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    current = reports.run(ThemeRun.select(ThemeRun.id).first().run)["id"]
    reports.run(ThemeHistory.delete().where((ThemeHistory.run_id == current) & (ThemeHistory.period == "2025-05")).run)

    def counted(run_id: int, period: str, count: int, source: str = "codebook") -> ThemeHistory:
        return ThemeHistory(
            survey_slug="awareness", run_id=run_id, ran_on=dt.date(2025, 12, 1), theme_key="waiting_times_capacity",
            theme_label="Waiting times", source=source, period=period, comment_count=count,
        )  # fmt: skip

    rows = [counted(current - 1, "2025-05", 9), counted(current - 1, "2025-08", 4),
            counted(current - 1, "2025-09", 100, source="emergent"), counted(current - 2, "2025-05", 50)]  # fmt: skip
    reports.run(ThemeHistory.insert(*rows).run)
    words = text_of(await reports.page("/officers/reports/awareness"))
    assert "2026 compared with 2025 12 and 13: down 1" in words


async def test_a_purge_below_the_threshold_hides_quotes_at_once(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    assert data.WAITING_QUOTE in await reports.page("/officers/reports/awareness")
    # Three of the twelve are past a 30-day retention on 1 December: nine people are left.
    reports.run(purge_expired, dt.date(2026, 12, 1), 30)
    words = text_of(await reports.page("/officers/reports/awareness"))
    assert data.WAITING_QUOTE not in words
    assert "No quotes: fewer than 10 people's comments are in this theme." in words


async def test_viewers_see_figures_but_never_comments(reports: Reports) -> None:
    await signed_in(reports, "viewer")
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    page = await reports.page("/officers/reports/awareness")
    words = text_of(page)
    assert "Comments 12 (46%)" in words
    assert data.WAITING_QUOTE not in words and data.BELIEVED_QUOTE not in words
    assert "Your role shows figures only, not people's words." in words
    assert "Theme the comments again" not in words
    assert (await reports.post("/officers/reports/awareness/theme-run", {})).status_code == 403
    events = reports.run(AuditEvent.select(AuditEvent.action).run)
    assert {"action": "comments viewed"} not in events


async def test_empty_states(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    words = text_of(await reports.page("/officers/reports/survivor-feedback"))
    assert "Nobody has answered this survey yet." in words
    assert "The comments have not been themed yet." in words
    assert (await reports.client.get("/officers/reports/no-such-survey")).status_code == 404


async def test_a_theme_run_starts_from_the_page_and_a_second_is_refused_politely(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    await reports.form("/officers/reports/awareness")
    response = await reports.post("/officers/reports/awareness/theme-run", {})
    assert response.status_code == 303
    assert response.headers["location"] == "/officers/reports/awareness?run=started"
    words = text_of(await reports.page(response.headers["location"]))
    assert "The theme run has started." in words
    assert "is in progress: matching comments to the codebook themes" in words
    again = await reports.post("/officers/reports/awareness/theme-run", {})
    assert again.headers["location"] == "/officers/reports/awareness?run=busy"
    words = text_of(await reports.page(again.headers["location"]))
    assert "A theme run of this survey is already in progress, so another was not started." in words
    assert reports.theming.started == ["awareness"]
    reports.theming.release = True
    for _ in range(100):
        words = text_of(await reports.page("/officers/reports/awareness"))
        if "finished at" in words:
            break
    assert "by analyst@county.example finished at" in words
    # Without the form's token the start is refused.
    assert (await reports.post("/officers/reports/awareness/theme-run", {}, with_token=False)).status_code == 403


def test_a_theme_found_in_few_peoples_comments_is_named_without_their_words() -> None:
    summary = StoredSummary(key="emergent-3", label="night bus driver", source="emergent", count=4, share=0.1,
                            top_phrases=["night bus"], positive=0, negative=4, neutral=0, quotes=[],
                            sentence="", quotes_withheld=True)  # fmt: skip
    hidden = _without_words(summary, 10)
    assert hidden.label == "Another theme, raised by fewer than 10 people" and hidden.top_phrases == []
    assert _without_words(msgspec.structs.replace(summary, source="codebook", label="Waiting"), 10).label == "Waiting"

"""The report's downloads through the real app, on both engines: each read back, and no figure the
layer hides appears in any of them; the responses file withholds rare combinations; roles and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from html import unescape

import openpyxl
import pypdf

from tests.insight import data
from tests.insight.conftest import Reports
from tests.insight.test_report import row, signed_in
from voices.db.tables import AuditEvent

HIDDEN_WORDS = {
    "fewer than 10",
    "hidden to protect a small number",
    "withheld: based on fewer than 10",
    "withheld: its count is hidden",
}
ITEM = "If I saw someone being pestered in a pub or club"
EXPORTS = ("tables.csv", "tables.xlsx", "report.pdf", "responses.csv")


async def download(reports: Reports, path: str, media_type: str) -> bytes:
    response = await reports.client.get(path)
    assert response.status_code == 200, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return response.content


def read_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


async def test_the_tables_csv_is_the_page_figure_for_figure(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.attitude_waves)
    page = await reports.page("/officers/reports/attitudes")
    lines = read_csv(await download(reports, "/officers/reports/attitudes/tables.csv", "text/csv"))
    figures = [line for line in lines if line["table"] != "About these figures"]
    item = {line["row"]: line for line in figures if ITEM in line["table"] and line["column"] == "People"}
    # By hand (tests/insight/data.py): 5 strongly agree, 15 agree; both hidden, as on the page.
    assert (item["Strongly agree"]["value"], item["Strongly agree"]["shown as"]) == ("", "fewer than 10")
    assert (item["Agree"]["value"], item["Agree"]["shown as"]) == ("", "hidden to protect a small number")
    assert item["Agree"]["why hidden"].startswith("Hidden so that a small count elsewhere")
    assert (item["Disagree"]["value"], item["Answered"]["value"]) == ("0", "20")
    # Every hidden figure: no number, the layer's words; every figure of a table the page shows reads as there.
    for line in figures:
        if line["why hidden"]:
            assert line["value"] == "" and line["shown as"] in HIDDEN_WORDS, line
    on_page = _page_tables(page)
    compared = 0
    for (table, label), cells in _by_row(figures).items():
        shown = on_page.get(table) or on_page.get(table.split(": ", 1)[-1], {})
        if label in shown:
            assert [text for _, text in cells] == shown[label][: len(cells)], (table, label)
            compared += 1
    assert compared >= 20
    about = [line["shown as"] for line in lines if line["table"] == "About these figures"]
    assert "Attitudes to sexual violence" in about and "none (every response)" in about
    events = reports.run(AuditEvent.select(AuditEvent.action, AuditEvent.object_ref).run)
    assert {"action": "exported", "object_ref": "attitudes tables.csv"} in events


def _page_tables(page: str) -> dict[str, dict[str, list[str]]]:
    """Caption -> row header -> the row's cells, for every table of the page."""
    tables = {}
    for caption, body in re.findall(r"<caption[^>]*>(.*?)</caption>(.*?)</table>", page, flags=re.DOTALL):
        rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', body, flags=re.DOTALL)
        tables[unescape(caption).strip()] = {
            unescape(label).strip(): [unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", cells, flags=re.DOTALL)]
            for label, cells in rows
        }
    return tables


def _by_row(lines: list[dict[str, str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    rows: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for line in lines:
        rows.setdefault((line["table"], line["row"]), []).append((line["column"], line["shown as"]))
    return rows


async def test_the_workbook_has_a_sheet_per_table_numbers_and_notes(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.attitude_waves)
    body = await download(reports, "/officers/reports/attitudes/tables.xlsx", "application/vnd.openxml")
    book = openpyxl.load_workbook(io.BytesIO(body))
    notes, *sheets = book.worksheets
    assert notes.title == "Notes" and len(sheets) > 20
    words = [str(cell) for line in notes.iter_rows(values_only=True) for cell in line if cell]
    assert "Attitudes to sexual violence. Filters: none (every response). Made on 01 December 2026." in words
    assert any(w.startswith("Hidden figures: ") and w != "Hidden figures: 0" for w in words)
    for sheet in sheets:
        assert sheet.freeze_panes == "B4", sheet.title
        assert sheet["A2"].value == words[1]
        for line in sheet.iter_rows(min_row=4):
            for cell in line[1:]:
                if isinstance(cell.value, (int, float)):
                    assert cell.number_format in ("#,##0", "0%"), (sheet.title, cell.coordinate)
                else:
                    assert cell.value is None or cell.value in HIDDEN_WORDS or not re.search(r"\d", cell.value) \
                        or "(" in cell.value, (sheet.title, cell.coordinate, cell.value)
    item = next(s for s in sheets if ITEM in s["A1"].value)
    found = {line[0]: list(line[1:]) for line in item.iter_rows(min_row=4, values_only=True)}
    page = await reports.page("/officers/reports/attitudes")
    assert found["Strongly agree"][0] == "fewer than 10" == row(page, ITEM, "Strongly agree")[0]
    assert found["Agree"][0] == "hidden to protect a small number" == row(page, ITEM, "Agree")[0]
    assert found["Disagree"] == [0, 0] and found["Answered"][0] == 20
    assert item["B9"].number_format == "#,##0" and item["C6"].number_format == "0%"
    # A section the layer refuses for a filter is named in the notes, with its words.
    body = await download(reports, "/officers/reports/attitudes/tables.xlsx?period=2026", "application/vnd.openxml")
    notes = openpyxl.load_workbook(io.BytesIO(body))["Notes"]
    words = [str(cell) for line in notes.iter_rows(values_only=True) for cell in line if cell]
    assert "Attitude scores: This filter describes fewer than 10 people, so its results cannot be shown. " \
        "Widen the period or remove a filter." in words


async def test_the_pdf_has_pages_filters_headings_and_no_hidden_words(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(data.awareness_waves)
    reports.run(data.themed_comments, dt.date(2026, 1, 5), dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    body = await download(reports, "/officers/reports/awareness/report.pdf?period=2026", "application/pdf")
    pdf = pypdf.PdfReader(io.BytesIO(body))
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert f"Page {number} of {len(pages)}" in flat
        assert "Filters: period 2026. Made on 01 December 2026." in flat
    everything = " ".join(" ".join(pages).split())
    assert "What people said" in everything and "Awareness of support and reporting" in everything
    assert "Bar chart: the share of comments in each theme." in everything
    assert data.WAITING_QUOTE in everything  # an analyst's PDF quotes as the page does
    assert data.BELIEVED_QUOTE not in everything and data.BELIEVED_PHRASE not in everything
    assert "Being believed fewer than 10 withheld: its count is hidden" in everything
    assert "Where each theme's comments came from" in everything
    roles = _structure(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH"} <= roles


def _structure(node: object, found: set[str] | None = None) -> set[str]:
    """Every structure type in the PDF's tag tree."""
    found = set() if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            _structure(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            _structure(child, found)
    return found


async def demographics() -> None:
    """2026, attitudes: 12 people aged 25 to 34, women, in the north; 5 the same in the east and 5 in
    the west; 3 men of 65 or over in the west, each with a comment. By the rule: the 12 are shown as
    they are; the east and west rows (5 each) lose their area and are 10 alike; the 3 are still 3
    with every answer withheld, so they are left out."""
    day = dt.date(2026, 6, 1)
    for area, count in (("north", 12), ("east", 5), ("west", 5)):
        for _ in range(count):
            await data.submit("attitudes", day, {"age_band": "age_25_34", "gender": "woman", "area": area,
                                                 "bystander_pestered": "agree"})
    for n in range(3):
        await data.submit("attitudes", day, {"age_band": "age_65_plus", "gender": "man", "area": "west",
                                             "anything_else": f"my neighbour at number {n} saw it"})


async def test_the_responses_file_withholds_rare_combinations_and_free_text(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(demographics)
    body = await download(reports, "/officers/reports/attitudes/responses.csv", "text/csv")
    assert b"neighbour" not in body and b"anything_else" not in body
    rows = read_csv(body)
    assert len(rows) == 22
    assert Counter((r["age_band"], r["gender"], r["area"], r["withheld"]) for r in rows) == {
        ("25 to 34", "Woman", "North of the county", ""): 12,
        ("25 to 34", "Woman", "withheld", "area"): 10,
    }
    assert {r["year"] for r in rows} == {"2026"} and {r["source"] for r in rows} == {"Resident surveys"}
    assert Counter(r["bystander_pestered"] for r in rows) == {"Agree": 22}
    assert sorted(int(r["response"]) for r in rows) == list(range(1, 23))
    # Whatever the data: every combination the file shows is shared by at least the threshold of rows.
    shown = Counter((r["year"], r["source"], r["age_band"], r["gender"], r["area"]) for r in rows)
    assert min(shown.values()) >= 10


async def test_downloads_are_for_those_who_may_export_and_follow_the_filters(reports: Reports) -> None:
    reports.run(data.awareness_waves)
    await signed_in(reports, "viewer")
    page = await reports.page("/officers/reports/awareness?period=2026")
    assert "Download as CSV" not in page
    for export in EXPORTS:
        assert (await reports.client.get(f"/officers/reports/awareness/{export}")).status_code == 403
    await reports.sign_out()
    await signed_in(reports, "analyst")
    page = await reports.page("/officers/reports/awareness?period=2026")
    links = re.findall(r'href="(/officers/reports/awareness/(?:tables|report|responses)\.[^"]+)"', page)
    assert links == [f"/officers/reports/awareness/{export}?period=2026" for export in EXPORTS]
    # A filter the layer refuses is refused for a download too, in the page's words.
    response = await reports.client.get("/officers/reports/awareness/tables.xlsx?channel=api")
    assert response.status_code == 422
    assert "This filter describes fewer than 10 people" in response.text
    assert (await reports.client.get("/officers/reports/awareness/responses.csv?period=soon")).status_code == 400
    # The filters are named in each file as the page's form names them.
    version = reports.run(data.version_of, "awareness")
    lines = read_csv(await download(reports, f"/officers/reports/awareness/tables.csv?version={version}", "text/csv"))
    filters = next(line["shown as"] for line in lines if line["row"] == "Filters")
    assert re.fullmatch(r"survey version 1, loaded \d\d \w+ \d{4}", filters), filters
    response = await reports.client.get("/officers/reports/awareness/report.pdf?area=north")
    assert response.status_code == 422, "nobody in the north: the layer refuses the download as the page"

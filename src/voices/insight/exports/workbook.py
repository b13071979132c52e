"""Every table of a report as an XLSX workbook (XlsxWriter): a sheet per table, and a notes sheet.

Each sheet has the table's caption, the line naming survey, filters and day, and the column
headings, frozen above the figures. A shown count is a number formatted with thousands, a shown
share a number formatted as a percentage, as the page rounds it; a hidden figure is the layer's
words for it, never a number. Text is always written as text, so nothing in a label can become a
formula.
"""

from __future__ import annotations

import io
import re

import xlsxwriter

from voices.insight.exports.notes import Notes
from voices.insight.exports.tables import Kind, ReportTable, kind_of

NOTES_SHEET = "Notes"
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_HEADER_ROWS = 3  # caption, the notes' heading line, column headings


def workbook(tables: list[ReportTable], notes: Notes) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": f"{notes.survey}: report tables", "comments": notes.heading})
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        Kind.count: book.add_format({"num_format": "#,##0"}),
        Kind.share: book.add_format({"num_format": "0%"}),
        Kind.words: book.add_format({"italic": True, "align": "right"}),
    }
    _notes_sheet(book, formats, notes, [table.title for table in tables])
    for number, table in enumerate(tables, start=1):
        sheet = book.add_worksheet(_sheet_name(number, table.title))
        sheet.write_string(0, 0, table.title, formats["title"])
        sheet.write_string(1, 0, notes.heading)
        for column, heading in enumerate(table.columns):
            sheet.write_string(2, column, heading, formats["header"])
        for r, row in enumerate(table.rows, start=_HEADER_ROWS):
            for c, cell in enumerate(row):
                kind = kind_of(cell)
                if kind is Kind.count:
                    sheet.write_number(r, c, cell.value, formats[Kind.count])  # type: ignore[union-attr]
                elif kind is Kind.share:
                    sheet.write_number(r, c, cell.value / 100, formats[Kind.share])  # type: ignore[union-attr, operator]
                elif kind is Kind.words:
                    sheet.write_string(r, c, str(cell), formats[Kind.words])
                else:
                    sheet.write_string(r, c, str(cell), formats["wrap"])
        sheet.set_column(0, 0, 60, formats["wrap"])
        sheet.set_column(1, max(1, len(table.columns) - 1), 22)
        sheet.freeze_panes(_HEADER_ROWS, 1)
    book.close()
    return buffer.getvalue()


def _notes_sheet(book: xlsxwriter.Workbook, formats: dict[object, object], notes: Notes, titles: list[str]) -> None:
    sheet = book.add_worksheet(NOTES_SHEET)
    sheet.write_string(0, 0, "About these figures", formats["title"])
    sheet.write_string(1, 0, notes.heading)
    sheet.freeze_panes(2, 0)
    line = 3
    for sentence in notes.rule:
        sheet.write_string(line, 0, sentence, formats["wrap"])
        line += 1
    line += 1
    if notes.refused:
        sheet.write_string(line, 0, "Not shown", formats["header"])
        for refusal in notes.refused:
            line += 1
            sheet.write_string(line, 0, refusal, formats["wrap"])
        line += 2
    sheet.write_string(line, 0, f"Hidden figures: {len(notes.hidden)}", formats["header"])
    line += 1
    for c, heading in enumerate(["Table", "Row", "Column", "Shown as", "Why it is hidden"]):
        sheet.write_string(line, c, heading, formats["header"])
    for hidden in notes.hidden:
        line += 1
        for c, text in enumerate([hidden.table, hidden.row, hidden.column, hidden.shown_as, hidden.why]):
            sheet.write_string(line, c, text, formats["wrap"])
    line += 2
    sheet.write_string(line, 0, "Sheets", formats["header"])
    for number, title in enumerate(titles, start=1):
        sheet.write_string(line + number, 0, f"{number}. {title}", formats["wrap"])
    sheet.set_column(0, 0, 70)
    sheet.set_column(1, 2, 28)
    sheet.set_column(3, 4, 36)


def _sheet_name(number: int, title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ ; the number keeps each one unique."""
    return f"{number} {_NOT_IN_SHEET_NAMES.sub(' ', title)}"[:31].rstrip()

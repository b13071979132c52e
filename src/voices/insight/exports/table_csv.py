"""Every table of a report in one CSV, a line per figure, for analysts and their tools.

One long table rather than many files: `table`, `row` and `column` name the cell as the page
does, `value` is the number (empty when hidden), `shown as` is what the report shows (the
layer's words for a hidden figure) and `why hidden` gives the reason. The notes (survey, filters,
day, rule, refused sections) come first, as rows of the table "About these figures".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import numpy as np

from voices.insight.exports.notes import Notes, why_hidden
from voices.insight.exports.tables import ReportTable

HEADER = ["table", "row", "column", "value", "shown as", "why hidden"]
ABOUT = "About these figures"
_LINES_PER_CHUNK = 500


def table_lines(tables: list[ReportTable], notes: Notes, threshold: int) -> Iterator[list[str]]:
    yield HEADER
    yield [ABOUT, "Survey", "", "", notes.survey, ""]
    yield [ABOUT, "Filters", "", "", notes.filters, ""]
    yield [ABOUT, "Made on", "", "", notes.made_on.isoformat(), ""]
    for sentence in notes.rule:
        yield [ABOUT, "Rule", "", "", sentence, ""]
    for refusal in notes.refused:
        yield [ABOUT, "Not shown", "", "", refusal, ""]
    for table in tables:
        for row in table.rows:
            label = _inert(str(row[0]))
            for column, cell in zip(table.columns[1:], row[1:], strict=True):
                if isinstance(cell, str):
                    yield [table.title, label, column, "", _inert(cell), ""]
                    continue
                value = "" if cell.value is None else _number(cell.value)
                why = "" if cell.hidden is None else why_hidden(cell.hidden, threshold)
                yield [table.title, label, column, value, cell.text, why]


def csv_chunks(lines: Iterator[list[str]]) -> Iterator[str]:
    """CSV text a few hundred lines at a time, so a response starts before the last line is written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, line in enumerate(lines, start=1):
        writer.writerow(line)
        if count % _LINES_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def column_chunks(columns: list[np.ndarray], rows_per_chunk: int = 2000) -> Iterator[str]:
    """CSV text of rows given as columns of strings, a chunk at a time.

    Each column holds few distinct values (answers' labels), so each is quoted once, as the csv
    module quotes (only a value holding a comma, quote or line break, its quotes doubled), and a
    row is one join: a hundred thousand rows through `csv.writer` took seconds.
    """
    quoted = [_quoted(column) for column in columns]
    size = quoted[0].size if quoted else 0
    for start in range(0, size, rows_per_chunk):
        rows = zip(*(column[start : start + rows_per_chunk] for column in quoted), strict=True)
        yield "".join(",".join(row) + "\r\n" for row in rows)


def _quoted(column: np.ndarray) -> np.ndarray:
    values, codes = np.unique(column, return_inverse=True)
    return np.array([_quote(str(value)) for value in values], dtype=object)[codes]


def _quote(value: str) -> str:
    if any(mark in value for mark in (",", '"', "\r", "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


def _inert(text: str) -> str:
    """A label a spreadsheet would read as a formula (a theme found in the comments is named from
    people's words) is kept as text by a leading apostrophe."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: object) -> str:
    # Shares keep their full precision here (the page rounds them): an analyst may add them up.
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)

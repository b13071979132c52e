"""Every table of a report in one CSV, a line per figure, for analysts and their tools.

One long table rather than many files: `table`, `row` and `column` name the cell as the page
does, `value` is the number (empty when hidden), `shown as` is what the report shows (the
layer's words for a hidden figure) and `why hidden` gives the reason. The notes (survey, filters,
day, rule, refused sections) come first, as rows of the table "About these figures".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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


@dataclass(slots=True)
class CodedColumn:
    """A column as its few distinct texts and, for each row, which of them: compared, withheld and
    written as numbers, each text quoted once (a hundred thousand rows through `csv.writer`, or
    through NumPy's sorting of strings, took seconds)."""

    labels: np.ndarray  # of str
    codes: np.ndarray  # one per row, an index into labels
    plain: bool = False  # no label needs quoting (the row numbers)

    @classmethod
    def of(cls, labels: Sequence[str], codes: np.ndarray, plain: bool = False) -> CodedColumn:
        """`codes` may use -1 for the last label."""
        labels = np.asarray(list(labels), dtype=object)
        return cls(labels, np.asarray(codes, dtype=np.int64) % labels.size, plain)

    def set(self, rows: np.ndarray, label: str) -> None:
        """Rows `rows` read `label` from now on."""
        found = np.flatnonzero(self.labels == label)
        if not found.size:
            self.labels = np.append(self.labels, np.asarray([label], dtype=object))
            found = np.asarray([self.labels.size - 1])
        self.codes[rows] = found[0]

    def taken(self, rows: np.ndarray) -> CodedColumn:
        return CodedColumn(self.labels, self.codes[rows], self.plain)


def column_chunks(columns: list[CodedColumn], rows_per_chunk: int = 2000) -> Iterator[str]:
    """CSV text of rows given as columns, quoted as the csv module quotes, a chunk at a time."""
    quoted = [
        (column.labels if column.plain else np.array([_quote(str(label)) for label in column.labels], dtype=object))[
            column.codes
        ]
        for column in columns
    ]
    size = quoted[0].size if quoted else 0
    for start in range(0, size, rows_per_chunk):
        rows = zip(*(column[start : start + rows_per_chunk] for column in quoted), strict=True)
        yield "".join(",".join(row) + "\r\n" for row in rows)


def _quote(value: str) -> str:
    """Only a value holding a comma, quote or line break is quoted, its quotes doubled."""
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

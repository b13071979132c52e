"""Downloads of a report under /officers/reports/{slug}: its tables as CSV and XLSX, the PDF, the responses.

Each takes the page's filters from the address (the page links here with its own), needs the
`export` permission (analysts and admins; a viewer is refused, 403), and is recorded in the audit
log with the survey, the filters and the format: never a figure or a word.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from voices.insight.filters import Typed
from voices.insight.workspace import Insight
from voices.officers.audit import Action
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, may, requires
from voices.officers.workspace import Officers
from voices.pages.render import Renderer

if TYPE_CHECKING:
    from voices.insight.exports.source import Exported

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
_BOM = "\ufeff"


class ReportExports(Controller):
    path = "/reports"
    include_in_schema = False
    guards = [requires(Permission.export)]

    @get("/{slug:str}/tables.csv")
    async def tables_csv(
        self, request: Request, slug: FromPath[str], insight: NamedDependency[Insight],
        officers: NamedDependency[Officers], period: FromQuery[str] = "", version: FromQuery[str] = "",
        channel: FromQuery[str] = "", source: FromQuery[str] = "", group: FromQuery[str] = "",
        band: FromQuery[str] = "", area: FromQuery[str] = "",
    ) -> Stream:  # fmt: skip
        from voices.insight.exports.table_csv import csv_chunks, table_lines

        typed = Typed(period, version, channel, source, group, band, area)
        exported = await _exported(request, slug, typed, insight, officers, "tables.csv")
        lines = table_lines(exported.tables, exported.notes, insight.policy.threshold)
        return _stream(csv_chunks(lines), CSV, _filename(exported, "tables.csv"))

    @get("/{slug:str}/tables.xlsx")
    async def tables_xlsx(
        self, request: Request, slug: FromPath[str], insight: NamedDependency[Insight],
        officers: NamedDependency[Officers], period: FromQuery[str] = "", version: FromQuery[str] = "",
        channel: FromQuery[str] = "", source: FromQuery[str] = "", group: FromQuery[str] = "",
        band: FromQuery[str] = "", area: FromQuery[str] = "",
    ) -> Response[bytes]:  # fmt: skip
        from voices.insight.exports.workbook import workbook

        typed = Typed(period, version, channel, source, group, band, area)
        exported = await _exported(request, slug, typed, insight, officers, "tables.xlsx")
        body = await asyncio.to_thread(workbook, exported.tables, exported.notes)
        return _download(body, XLSX, _filename(exported, "tables.xlsx"))

    @get("/{slug:str}/report.pdf")
    async def report_pdf(
        self, request: Request, slug: FromPath[str], insight: NamedDependency[Insight],
        officers: NamedDependency[Officers], renderer: NamedDependency[Renderer], period: FromQuery[str] = "",
        version: FromQuery[str] = "", channel: FromQuery[str] = "", source: FromQuery[str] = "",
        group: FromQuery[str] = "", band: FromQuery[str] = "", area: FromQuery[str] = "",
    ) -> Response[bytes]:  # fmt: skip
        from voices.insight.exports.pdf import report_pdf

        typed = Typed(period, version, channel, source, group, band, area)
        exported = await _exported(request, slug, typed, insight, officers, "report.pdf")
        themes = exported.report.themes
        if themes is not None and themes.quotes_shown:
            # The PDF carries the quotes the page shows: reading them is recorded, as on the page.
            await officers.audit.record(request.user.actor, Action.comments_viewed, "survey", _object(slug, typed, ""))
        # Layout takes a second or more: off the event loop, so respondents are served meanwhile.
        body = await asyncio.to_thread(report_pdf, exported, insight, renderer)
        return _download(body, PDF, _filename(exported, "report.pdf"))

    @get("/{slug:str}/responses.csv")
    async def responses_csv(
        self, request: Request, slug: FromPath[str], insight: NamedDependency[Insight],
        officers: NamedDependency[Officers], period: FromQuery[str] = "", version: FromQuery[str] = "",
        channel: FromQuery[str] = "", source: FromQuery[str] = "", group: FromQuery[str] = "",
        band: FromQuery[str] = "", area: FromQuery[str] = "",
    ) -> Stream:  # fmt: skip
        from voices.insight.exports.responses import response_header, response_rows
        from voices.insight.exports.table_csv import column_chunks, csv_chunks

        typed = Typed(period, version, channel, source, group, band, area)
        exported = await _exported(request, slug, typed, insight, officers, "responses.csv")

        async def chunks() -> AsyncIterator[str]:
            # The header goes at once; the rows follow when all are read, as the rule weighs them together.
            yield "".join(csv_chunks(iter([response_header(exported)])))
            for chunk in column_chunks(await response_rows(exported, insight.policy.threshold)):
                yield chunk

        return _stream(chunks(), CSV, _filename(exported, "responses.csv"))


async def _exported(
    request: Request, slug: str, typed: Typed, insight: Insight, officers: Officers, what: str
) -> Exported:
    """The report as the page shows it to this officer, with the export recorded once it is known to exist."""
    from voices.insight.exports.source import exported_report

    officer: SignedIn = request.user
    today = officers.clock().date()
    exported = await exported_report(insight, slug, typed, may(officer.role, Permission.read_comments), today)
    await officers.audit.record(officer.actor, Action.exported, "survey", _object(slug, typed, what))
    return exported


def _object(slug: str, typed: Typed, what: str) -> str:
    """The survey, the filters as the address gave them, and the file: "awareness?period=2026 tables.csv"."""
    query = "&".join(f"{name}={value}" for name, value in typed.given().items())
    return " ".join(part for part in (f"{slug}?{query}" if query else slug, what) if part)


def _filename(exported: Exported, what: str) -> str:
    return f"{exported.report.data.slug}-{exported.notes.made_on.isoformat()}-{what}"


def _stream(chunks: Iterator[str] | AsyncIterator[str], media_type: str, filename: str) -> Stream:
    async def encoded() -> AsyncIterator[bytes]:
        yield _BOM.encode()
        if isinstance(chunks, AsyncIterator):
            async for chunk in chunks:
                yield chunk.encode()
        else:
            for chunk in chunks:
                yield chunk.encode()

    return Stream(encoded(), media_type=media_type, headers=attachment(filename))


def _download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(body, media_type=media_type, headers=attachment(filename))


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}

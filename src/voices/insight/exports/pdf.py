"""The whole report as a PDF for board papers, drawn by WeasyPrint from HTML and the report's SVG charts.

The same tables and charts as the page (`tables.py`, `report_charts`), with the headings tagged
(PDF/UA structure: H1, H2, H3, tables with their headers), the survey, filters and day at the top
of every page and "Page N of M" at the foot. Text is laid out by Pango with the fonts installed
on the machine (`make install` puts DejaVu there); the document refers to no file, and the fetcher
refuses any address, so rendering can never reach a network or the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from voices.insight.exports.source import Exported
from voices.insight.exports.tables import THEMES, ReportTable
from voices.insight.report_charts import report_charts
from voices.insight.workspace import Insight
from voices.pages.render import Renderer

TEMPLATE = "officers/report_pdf.html"


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    tables: list[ReportTable]


def report_pdf(exported: Exported, insight: Insight, renderer: Renderer) -> bytes:
    """Blocking work (layout takes a second or more): call it in a worker thread."""
    from weasyprint import HTML

    sections = [Section(heading, list(tables)) for heading, tables in groupby(exported.tables, lambda t: t.section)]
    html = renderer.html(
        TEMPLATE,
        "en",
        report=exported.report,
        notes=exported.notes,
        sections=sections,
        themes_heading=THEMES,
        charts=report_charts(exported.report, insight.charts),
    )
    return HTML(string=html, url_fetcher=_refuse_every_address()).write_pdf(pdf_tags=True)


def _refuse_every_address() -> object:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class NothingFetched(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> object:
            raise FatalURLFetchingError(f"the report PDF may fetch nothing, and asked for {url[:80]}")

    return NothingFetched()

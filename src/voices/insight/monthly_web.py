"""/officers/monthly-reports: the reports the monthly job stored (insight/monthly.py), to read and download.

Anyone who may read reports sees the list; downloading a PDF needs the `export` permission, as
every other download of a report does, and is recorded in the audit log as an export.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from voices.insight.exports.web import PDF, attachment
from voices.insight.monthly import stored_months, stored_pdf
from voices.officers.audit import Action
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, may, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import Renderer

MONTHLY_REPORTS = "/officers/monthly-reports"


class MonthlyReportPages(Controller):
    path = "/monthly-reports"
    include_in_schema = False

    @get("/", guards=[requires(Permission.read_reports)])
    async def index(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        officer: SignedIn = request.user
        return officer_page(
            renderer, request, "officers/monthly_reports.html",
            reports=await stored_months(), may_download=may(officer.role, Permission.export),
        )  # fmt: skip

    @get("/{report_id:int}/report.pdf", guards=[requires(Permission.export)])
    async def download(
        self, request: Request, report_id: FromPath[int], officers: NamedDependency[Officers]
    ) -> Response[bytes]:
        found = await stored_pdf(report_id)
        if found is None:
            raise NotFoundException("There is no monthly report at this address. The list of reports has the ones that exist.")
        about, pdf = found
        officer: SignedIn = request.user
        await officers.audit.record(
            officer.actor, Action.exported, "survey", f"{about.survey_slug}?period={about.month} monthly report.pdf"
        )
        return Response(
            pdf, media_type=PDF, headers=attachment(f"{about.survey_slug}-{about.month}-monthly-report.pdf")
        )

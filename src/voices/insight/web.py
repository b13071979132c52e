"""The report pages under /officers/reports: the surveys, one survey's report, starting a theme run."""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect
from markupsafe import escape

from voices.insight.filters import (
    FILTER_NAMES,
    SOURCES,
    BadFilter,
    ReportFilter,
    Typed,
    demographic_choices,
    parse_filter,
)
from voices.insight.groups import groups_shown
from voices.insight.responses import SurveyData, survey_versions
from voices.insight.runs import AlreadyRunning, RunStatus
from voices.insight.workspace import Insight
from voices.officers.audit import Action, theme_run_ref
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, may, requires
from voices.officers.views import csrf_token, navigation, officer_page
from voices.officers.workspace import Officers
from voices.pages.render import ErrorLink, Renderer
from voices.surveys.definition import LIKERT_CHOICES, translate

if TYPE_CHECKING:
    from voices.insight.report import Report

REPORTS = "/officers/reports"
# Where a cached report page takes the request's CSRF token: random, so no text on the page can hold it.
_TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"
# What the page says after a theme run was asked for (the address carries it across the redirect).
RUN_NOTICES = {
    "started": "The theme run has started. It runs in the background: reload this page to see how it is getting on.",
    "busy": "A theme run of this survey is already in progress, so another was not started. "
    "Reload this page to see how it is getting on.",
}


class ReportPages(Controller):
    path = "/reports"
    include_in_schema = False

    @get("/", guards=[requires(Permission.read_reports)])
    async def index(
        self, request: Request, renderer: NamedDependency[Renderer], insight: NamedDependency[Insight]
    ) -> Response[str]:
        from voices.insight.report import survey_list

        return officer_page(renderer, request, "officers/reports.html", surveys=await survey_list(insight))

    @get("/{slug:str}", guards=[requires(Permission.read_reports)])
    async def report(
        self,
        request: Request,
        slug: FromPath[str],
        renderer: NamedDependency[Renderer],
        insight: NamedDependency[Insight],
        officers: NamedDependency[Officers],
        period: FromQuery[str] = "",
        version: FromQuery[str] = "",
        channel: FromQuery[str] = "",
        source: FromQuery[str] = "",
        group: FromQuery[str] = "",
        band: FromQuery[str] = "",
        area: FromQuery[str] = "",
        run: FromQuery[str] = "",
    ) -> Response[str]:
        # Imported on the first report, not at start: scipy and matplotlib add seconds to the start of
        # every app process, and respondents' pages never need them.
        from voices.insight.report import cached_report, survey_dataset

        officer: SignedIn = request.user
        # Read once per request, and only when the data changed since the last (report_cache.py).
        data_version, dataset = await survey_dataset(insight, slug)
        data = dataset.data
        typed = Typed(period, version, channel, source, group, band, area)
        groups = await groups_shown(dataset, insight.policy.threshold)
        try:
            chosen = parse_filter(data, typed, frozenset(group_id for group_id, _ in groups))
        except BadFilter as problem:
            errors = [ErrorLink(problem.field, str(problem))]
            run_status = await insight.runner.status(slug)
            return _page(renderer, request, data, None, typed, insight, run_status, errors, groups=groups)
        readers_of_comments = may(officer.role, Permission.read_comments)
        report = await cached_report(insight, data_version, dataset, chosen, readers_of_comments)
        report_key = (slug, data_version, chosen.key, readers_of_comments)
        if report.themes is not None and report.themes.quotes_shown:
            # Quotes are individual comments: reading them is recorded, by survey and filter, never by words.
            await officers.audit.record(
                officer.actor, Action.comments_viewed, "survey", _described(slug, chosen)
            )
        return _page(
            renderer,
            request,
            data,
            report,
            typed,
            insight,
            await insight.runner.status(slug),
            notice=RUN_NOTICES.get(run, ""),
            cached_as=report_key,
            groups=groups,
        )

    @post("/{slug:str}/theme-run", guards=[requires(Permission.review_themes)])
    async def start_run(
        self,
        request: Request,
        slug: FromPath[str],
        insight: NamedDependency[Insight],
        officers: NamedDependency[Officers],
    ) -> Redirect:
        officer: SignedIn = request.user
        await survey_versions(slug)  # an unknown survey is "not found", not a run that fails
        async def finished(run_id: int) -> None:
            await officers.audit.record(officer.actor, Action.theme_run_finished, "theme run", theme_run_ref(slug, run_id))

        try:
            await insight.runner.start(slug, officer.email, finished)
            notice = "started"
        except AlreadyRunning:
            notice = "busy"
        else:
            # A run replaces the survey's themes: who started it is audited (a refused start changes nothing).
            await officers.audit.record(officer.actor, Action.theme_run_started, "survey", slug)
        return Redirect(f"{REPORTS}/{slug}?run={notice}", status_code=303)


def _page(
    renderer: Renderer,
    request: Request,
    data: SurveyData,
    report: Report | None,
    typed: Typed,
    insight: Insight,
    run_status: RunStatus | None,
    errors: list[ErrorLink] | None = None,
    notice: str = "",
    cached_as: Hashable | None = None,
    groups: list[tuple[int, str]] | None = None,
) -> Response[str]:
    """The report page; with `cached_as` (the report's cache key), rendered once for the same report,
    officer, address, run status and notice, and only the CSRF token put in per request."""
    from voices.insight.report_charts import report_charts

    officer: SignedIn = request.user
    status = 400 if errors else 422 if report is not None and report.refused else 200

    def context() -> dict[str, Any]:
        return {
            "data": data,
            "title": translate(data.definition.title, "en"),
            "report": report,
            "charts": report_charts(report, insight.charts) if report is not None else {},
            "typed": typed,
            "run_status": run_status,
            "may_start_run": may(officer.role, Permission.review_themes),
            "may_read_comments": may(officer.role, Permission.read_comments),
            "may_export": may(officer.role, Permission.export),
            # The downloads (insight/exports/) take the page's filters as typed.
            "export_query": urlencode(typed.given()),
            "notice": notice,
            "likert_words": [translate(label, "en") for _, label in LIKERT_CHOICES],
            "threshold": insight.policy.threshold,
            "sources": [(key, words) for key, (words, _) in SOURCES.items()],
            "groups": groups or [],
            "demographics": demographic_choices(data.definition),
        }

    if cached_as is None or errors:
        return officer_page(renderer, request, "officers/report.html", status, errors, **context())
    path = request.url.path
    key = (cached_as, officer, path, run_status, notice, typed, status, tuple(groups or []))
    shell = insight.reports.page(key)
    if shell is None:
        # As officer_page renders it, with a slot where the token goes.
        shell = renderer.html(
            "officers/report.html", "en", officer=officer, navigation=navigation(officer, path),
            csrf_token=_TOKEN_SLOT, error_summary=[], **context(),
        )  # fmt: skip
        insight.reports.keep_page(key, shell)
    body = shell.replace(_TOKEN_SLOT, str(escape(csrf_token(request))))
    return Response(body, status_code=status, media_type=MediaType.HTML)


def _described(slug: str, chosen: ReportFilter) -> str:
    """The object of an audit event: the survey and the filter, as the address gave them."""
    query = urlencode({k: v for k, v in zip(FILTER_NAMES, chosen.key, strict=True) if v})
    return f"{slug}?{query}" if query else slug

"""/groups: a member types their group's invite code, then answers the group feedback form there.

Every step posts to /groups, so history shows one page. A right code spends one use and opens the
form with a fresh one-time token and a pass signed for that token and the group; the code itself
is not kept anywhere. Wrong codes (unknown, expired, revoked, used up, mistyped) all get the same
words, after the same work, and count against a stricter limit than other posts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromQuery

from voices.groups import registry
from voices.groups.passes import FIELD
from voices.groups.workspace import Groups
from voices.pages.messages import LANGUAGE_NAMES, messages_for
from voices.pages.render import ErrorLink, Renderer
from voices.privacy.abuse import AbuseGuard, client_address
from voices.settings import Settings
from voices.surveys.catalogue import Catalogue
from voices.surveys.definition import DEFAULT_LANGUAGE
from voices.surveys.flow import START
from voices.surveys.form_state import FormState
from voices.surveys.submit import Intake
from voices.surveys.web import move, posted_form, problem, render_start, send

GROUPS = "groups"  # the audience of the survey a code opens
RETRY_AFTER_SECONDS = "600"


class GroupMemberPages(Controller):
    path = "/groups"
    include_in_schema = False

    @get("/")
    async def enter_code(
        self, renderer: NamedDependency[Renderer], lang: FromQuery[str] = DEFAULT_LANGUAGE
    ) -> Response[str]:
        return _code_page(renderer, _language(lang))

    @post("/", status_code=200)
    async def step(
        self,
        request: Request,
        catalogue: NamedDependency[Catalogue],
        renderer: NamedDependency[Renderer],
        intake: NamedDependency[Intake],
        abuse: NamedDependency[AbuseGuard],
        groups: NamedDependency[Groups],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        posted = await request.form()
        lang = _language(posted.get("_lang", ""))
        if posted.get("website"):
            abuse.count_bot()
            return renderer.page("message.html", lang, 400, **problem(lang))
        client = client_address(request, settings.trusted_proxies)
        if FIELD in posted:
            return await _answer(posted, catalogue, renderer, intake, groups, client)
        return await _open(posted.get("code", ""), lang, catalogue, renderer, intake, groups, client)


async def _open(
    typed: str, lang: str, catalogue: Catalogue, renderer: Renderer, intake: Intake, groups: Groups, client: str
) -> Response[str]:
    """Check a typed code; a right one opens the feedback form's first page, in the member's
    language where the form's file has it (else in English, as a survey page does)."""
    if await groups.attempts.blocked(client):
        t = messages_for(lang)
        response = renderer.page(
            "message.html", lang, 429, heading=t["group_try_later_heading"], body=t["group_try_later_body"]
        )
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    # Looked up before redeeming, so a closed or missing survey spends no use of the code.
    published = await catalogue.current(groups.survey_slug, dt.date.today(), audience=GROUPS)
    group_id = await registry.redeem(groups.code_key, typed, groups.clock())
    if group_id is None:
        await groups.attempts.record_wrong(client)
        return _code_page(renderer, lang, messages_for(lang)["group_wrong_code"], 400)
    token = intake.tokens.issue()
    group_pass = ((FIELD, groups.passes.issue(group_id, token)),)
    form_lang = lang if lang in published.definition.languages else DEFAULT_LANGUAGE
    form = FormState(published.version_id, token, form_lang, START, extra=group_pass)
    return render_start(renderer, published, form)


async def _answer(
    posted: FormMultiDict,
    catalogue: Catalogue,
    renderer: Renderer,
    intake: Intake,
    groups: Groups,
    client: str,
) -> Response[str]:
    """A step of the feedback form, as on any survey, carrying the group's pass."""
    token = posted.get("_token", "")
    group_pass = posted.get(FIELD, "")
    group_id = groups.passes.group_of(group_pass, token)
    if group_id is None:
        # Altered or not ours: said like any other problem with a form, so it teaches nothing.
        return renderer.page("message.html", DEFAULT_LANGUAGE, 400, **problem(DEFAULT_LANGUAGE))
    started = intake.tokens.started_on(token)
    published = await catalogue.current(groups.survey_slug, dt.date.today(), started, audience=GROUPS)
    published, form = await posted_form(posted, published, catalogue, intake.tokens)
    form = replace(form, extra=((FIELD, group_pass),))
    action = posted.get("_action") or "next"
    if action == "submit":
        # A refused send comes back under a new token: the pass is signed again for it.
        def carry_for(new_token: str) -> tuple[tuple[str, str], ...]:
            return ((FIELD, groups.passes.issue(group_id, new_token)),)

        return await send(intake, renderer, published, form, client, "group", group_id, carry_for)
    return move(renderer, published, form, action)


def _language(asked: str) -> str:
    """The language asked for when the respondent pages offer it, else English."""
    return asked if asked in LANGUAGE_NAMES else DEFAULT_LANGUAGE


def _code_page(renderer: Renderer, lang: str, error: str | None = None, status: int = 200) -> Response[str]:
    summary = [ErrorLink("code", error)] if error else []
    return renderer.page(
        "group_code.html",
        lang,
        status,
        code_error=error,
        error_summary=summary,
        languages=list(LANGUAGE_NAMES.items()),
    )

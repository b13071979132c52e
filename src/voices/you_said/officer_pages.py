"""Officers' pages under /officers/you-said: for each theme of a survey's current run, what the
partnership did (text, date, link), published or not, and which quotes are safe for the public.

Analysts and admins only (`review_themes`). The text is an officer's own, so it is cleaned of markup
(`sanitise.clean`) but not redacted. Every change is audited by survey and theme; the page shows
quotes, so opening it is recorded as `comments viewed`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from voices.db.tables import Survey
from voices.insight.workspace import Insight
from voices.officers.audit import Action as Audited
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import ErrorLink, Renderer
from voices.privacy.sanitise import clean
from voices.surveys.reported_in import reported_in
from voices.you_said.store import Action, save_action, set_approved_quotes
from voices.you_said.view import ThemeState, theme_states

_EDITORS = [requires(Permission.review_themes)]
SUMMARY_LENGTH = 1000
ACTION_LENGTH = 2000
LINK_LENGTH = 500


class YouSaidPages(Controller):
    path = "/you-said"
    include_in_schema = False

    @get("/", guards=_EDITORS)
    async def surveys(self, request: Request, renderer: NamedDependency[Renderer]) -> Response[str]:
        elsewhere = await reported_in()  # reported (and themed) within another survey
        rows = [row for row in await Survey.select(Survey.slug, Survey.title).order_by(Survey.title)
                if row["slug"] not in elsewhere]  # fmt: skip
        return officer_page(renderer, request, "officers/you_said_surveys.html", surveys=rows)

    @get("/{slug:str}", guards=_EDITORS)
    async def survey(
        self,
        request: Request,
        slug: FromPath[str],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
        insight: NamedDependency[Insight],
    ) -> Response[str]:
        return await _page(request, slug, renderer, officers, insight)

    @post("/{slug:str}/themes/{key:str}", guards=_EDITORS, status_code=200)
    async def save(
        self,
        request: Request,
        slug: FromPath[str],
        key: FromPath[str],
        renderer: NamedDependency[Renderer],
        officers: NamedDependency[Officers],
        insight: NamedDependency[Insight],
    ) -> Response[Any]:
        theme = await _theme(slug, key, insight)
        form = await request.form()
        written, errors = read_action(form, theme, officers.clock().date())
        if errors:
            return await _page(request, slug, renderer, officers, insight, errors, {key: dict(form)}, 400)
        assert written is not None
        officer: SignedIn = request.user
        await save_action(slug, written, officer.id, officers.clock())
        await officers.audit.record(officer.actor, Audited.you_said_changed, "theme", f"{slug}/{key}")
        return Redirect(f"/officers/you-said/{slug}#theme-{key}", status_code=303)

    @post("/{slug:str}/themes/{key:str}/quotes", guards=_EDITORS)
    async def quotes(
        self,
        request: Request,
        slug: FromPath[str],
        key: FromPath[str],
        officers: NamedDependency[Officers],
        insight: NamedDependency[Insight],
    ) -> Redirect:
        theme = await _theme(slug, key, insight)
        ticked = set((await request.form()).getall("quote", []))
        # Only the theme's own quotes can be ticked: anything else in the form is ignored.
        chosen = [(quote.answer, quote.words) for quote in theme.quotes if str(quote.answer) in ticked]
        officer: SignedIn = request.user
        await set_approved_quotes(slug, key, chosen, officer.id, officers.clock())
        await officers.audit.record(officer.actor, Audited.quotes_approved, "theme", f"{slug}/{key}")
        return Redirect(f"/officers/you-said/{slug}#theme-{key}", status_code=303)


def read_action(
    form: FormMultiDict, theme: ThemeState, today: dt.date
) -> tuple[Action | None, list[ErrorLink]]:
    """The action typed for `theme`, or what is wrong with it (each error names its field)."""
    errors: list[ErrorLink] = []

    def wrong(field: str, message: str) -> None:
        # Anchored to the field of this theme's form: the page has one form per theme.
        errors.append(ErrorLink(f"{theme.key}-{field}", message))

    summary = clean(form.get("summary", "")).strip()
    action = clean(form.get("action", "")).strip()
    link = clean(form.get("link", "")).strip()
    if not summary:
        wrong("summary", "Enter what people told us about this theme")
    elif len(summary) > SUMMARY_LENGTH:
        wrong("summary", f"What people told us must be {SUMMARY_LENGTH:,} characters or fewer")
    if not action:
        wrong("action", "Enter what the partnership did")
    elif len(action) > ACTION_LENGTH:
        wrong("action", f"What the partnership did must be {ACTION_LENGTH:,} characters or fewer")
    done_on, date_error = _date(form, today)
    if date_error:
        wrong("done-day", date_error)
    if link and not _is_web_address(link):
        wrong("link", "Enter a link that starts with https://, like https://www.example.gov.uk/plan, or leave it empty")
    published = form.get("published") == "yes"
    if published and not theme.publishable:
        wrong("published", "This theme cannot be published: too few people's comments are in it")
    if errors:
        return None, errors
    assert done_on is not None
    return Action(theme.key, summary, action, done_on, link, published), []


def _date(form: FormMultiDict, today: dt.date) -> tuple[dt.date | None, str]:
    parts = [form.get(f"done-{part}", "").strip() for part in ("day", "month", "year")]
    if not all(parts):
        return None, "Enter the date it was done, with a day, month and year"
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None, "The date it was done must be numbers, like 27 3 2026"
    try:
        done_on = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None, "The date it was done must be a real date, like 27 3 2026"
    if done_on > today:
        return None, "The date it was done must be today or in the past"
    return done_on, ""


def _is_web_address(link: str) -> bool:
    parts = urlsplit(link)
    return (
        len(link) <= LINK_LENGTH and parts.scheme in ("https", "http") and "." in parts.netloc and " " not in link
    )


async def _theme(slug: str, key: str, insight: Insight) -> ThemeState:
    theme = next((state for state in await theme_states(slug, insight.policy) if state.key == key), None)
    if theme is None:
        raise NotFoundException()
    return theme


async def _page(
    request: Request,
    slug: str,
    renderer: Renderer,
    officers: Officers,
    insight: Insight,
    errors: list[ErrorLink] | None = None,
    typed: dict[str, dict[str, str]] | None = None,
    status: int = 200,
) -> Response[str]:
    survey = await Survey.select(Survey.title).where(Survey.slug == slug).first()
    if survey is None or slug in await reported_in():
        raise NotFoundException()
    themes = await theme_states(slug, insight.policy)
    if any(theme.quotes for theme in themes):
        officer: SignedIn = request.user
        await officers.audit.record(officer.actor, Audited.comments_viewed, "survey", slug)
    return officer_page(
        renderer,
        request,
        "officers/you_said.html",
        status,
        errors,
        slug=slug,
        title=survey["title"],
        themes=themes,
        typed=typed or {},
        threshold=insight.policy.threshold,
    )

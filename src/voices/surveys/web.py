"""Respondent pages: home, a survey's start page, and one form that walks through it.

Every step posts to the survey's own URL, so the address bar and history show one page however
far someone gets, and the answers so far travel in the form rather than being stored.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from markupsafe import Markup

from voices.db.availability import RETRY_AFTER_SECONDS
from voices.errors import BotSubmission, FormTokenUsed, InvalidToken, RateLimited
from voices.pages.messages import messages_for
from voices.pages.render import ErrorLink, Renderer
from voices.privacy.abuse import AbuseGuard, client_address
from voices.settings import Settings
from voices.surveys.answers import check_answer
from voices.surveys.catalogue import Catalogue, PublishedSurvey
from voices.surveys.definition import DEFAULT_LANGUAGE, FreeTextQuestion, NumberQuestion
from voices.surveys.flow import CHECK, START, next_step, previous_step, shown_questions
from voices.surveys.form_state import FormState, carried_html, field_name, read_answers
from voices.surveys.submit import Intake, check_answers
from voices.surveys.tokens import FormTokens
from voices.surveys.views import answer_lines, question_view, survey_view


logger = logging.getLogger(__name__)
# Given a new form token, the extra hidden fields to carry with it.
CarryFor = Callable[[str], tuple[tuple[str, str], ...]]


class RespondentPages(Controller):
    include_in_schema = False

    @get("/")
    async def home(
        self, catalogue: NamedDependency[Catalogue], renderer: NamedDependency[Renderer]
    ) -> Response[str]:
        surveys = await catalogue.open_surveys(dt.date.today())
        views = [survey_view(s.definition, DEFAULT_LANGUAGE) for s in surveys]
        return renderer.page("home.html", surveys=views)

    @get("/surveys/{slug:str}")
    async def start(
        self,
        slug: FromPath[str],
        catalogue: NamedDependency[Catalogue],
        renderer: NamedDependency[Renderer],
        tokens: NamedDependency[FormTokens],
        lang: FromQuery[str] = DEFAULT_LANGUAGE,
    ) -> Response[str]:
        published = await catalogue.current(slug, dt.date.today())
        if lang not in published.definition.languages:
            lang = DEFAULT_LANGUAGE
        return render_start(renderer, published, FormState(published.version_id, tokens.issue(), lang, START))

    @post("/surveys/{slug:str}", status_code=200)
    async def step(
        self,
        slug: FromPath[str],
        request: Request,
        catalogue: NamedDependency[Catalogue],
        renderer: NamedDependency[Renderer],
        intake: NamedDependency[Intake],
        abuse: NamedDependency[AbuseGuard],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        posted = await request.form()
        started = intake.tokens.started_on(posted.get("_token", ""))
        published = await catalogue.current(slug, dt.date.today(), started)
        published, form = await posted_form(posted, published, catalogue, intake.tokens)
        action = posted.get("_action") or "next"
        if posted.get("website"):
            abuse.count_bot()
            return renderer.page("message.html", form.lang, 400, **problem(form.lang))
        if action == "submit":
            client = client_address(request, settings.trusted_proxies)
            return await send(intake, renderer, published, form, client, channel="survey")
        return move(renderer, published, form, action)


async def posted_form(
    posted: FormMultiDict, published: PublishedSurvey, catalogue: Catalogue, tokens: FormTokens
) -> tuple[PublishedSurvey, FormState]:
    """The version someone is answering and the state their page carried."""
    version = posted.get("_version", "")
    if version.isascii() and version.isdigit() and int(version) != published.version_id:
        # Someone part-way through keeps the version they started, even if it was replaced.
        published = await catalogue.version(int(version), published.definition.slug)
    definition = published.definition
    lang = posted.get("_lang") if posted.get("_lang") in definition.languages else DEFAULT_LANGUAGE
    form = FormState(
        version_id=published.version_id,
        token=posted.get("_token") or tokens.issue(),
        lang=lang,
        step=posted.get("_step") or START,
        return_to_check=posted.get("_return") == "check",
        answers=read_answers(posted, definition),
    )
    return published, form


def move(renderer: Renderer, published: PublishedSurvey, form: FormState, action: str) -> Response[str]:
    definition = published.definition
    question = definition.question(form.step)
    if action.startswith("change:"):
        return render_step(renderer, published, form.at(action.removeprefix("change:"), True))
    if action == "start":
        return render_step(renderer, published, form.at(next_step(definition, form.answers, START)))
    if action == "back":
        if question is not None and form.return_to_check:
            return render_step(renderer, published, form.at(CHECK, False))
        return render_step(renderer, published, form.at(previous_step(definition, form.answers, form.step)))
    if question is None:
        return render_step(renderer, published, form.at(next_step(definition, form.answers, form.step)))
    checked = check_answer(question, form.answers.get(question.id))
    if checked.error:
        return render_step(renderer, published, form, {question.id: checked.error})
    if form.return_to_check:
        return render_step(renderer, published, form.at(CHECK, False))
    return render_step(renderer, published, form.at(next_step(definition, form.answers, question.id)))


async def send(
    intake: Intake,
    renderer: Renderer,
    published: PublishedSurvey,
    form: FormState,
    client: str,
    channel: str,
    involvement_group_id: int | None = None,
    carry_for: CarryFor | None = None,
) -> Response[str]:
    """Send the answers; on any refusal the check page comes back with them, under a new token.

    ``carry_for``: the hidden fields to carry with a new token, when a page's extra fields are tied
    to the token (a group's pass); by default the form's own extra fields are kept.
    """
    errors = check_answers(published.definition, form.answers)
    if errors:
        return render_step(renderer, published, form.at(CHECK, False), errors)
    t = messages_for(form.lang)
    # Whatever stops the answers being sent, the check page comes back with them all on it.
    try:
        await intake.accept(published, form.answers, form.token, client, channel, involvement_group_id)
    except RateLimited:
        too_many = f"{t['too_many_heading']}. {t['too_many_body']}"
        response = _not_sent(renderer, intake.tokens, published, form, too_many, 429, carry_for)
        response.headers["Retry-After"] = "300"
        return response
    except (InvalidToken, BotSubmission):
        # Said the same way whatever the cause, so a script learns nothing from it.
        return _not_sent(renderer, intake.tokens, published, form, t["not_sent"], 400, carry_for)
    except FormTokenUsed:
        return renderer.page("message.html", form.lang, heading=t["already_sent_heading"], body=t["already_sent_body"])
    except Exception:
        logger.exception("a submission could not be stored")
        response = _not_sent(renderer, intake.tokens, published, form, t["not_saved"], 503, carry_for)
        # As every other 503 says (db/availability.py): nothing was stored, and later will work.
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return renderer.page("done.html", form.lang)


def _not_sent(
    renderer: Renderer,
    tokens: FormTokens,
    published: PublishedSurvey,
    form: FormState,
    message: str,
    status: int,
    carry_for: CarryFor | None = None,
) -> Response[str]:
    # A fresh token: the one that was refused may have been too new, or not ours.
    token = tokens.issue()
    retry = replace(form, token=token, extra=carry_for(token) if carry_for else form.extra)
    return render_step(renderer, published, retry.at(CHECK, False), {SEND: message}, status)


def render_start(renderer: Renderer, published: PublishedSurvey, form: FormState) -> Response[str]:
    start = form.at(START)
    return renderer.cached_page(
        (published.version_id, START, form.lang),
        carried_html(start),
        "start.html",
        form.lang,
        200,
        survey=survey_view(published.definition, form.lang),
    )


def render_step(
    renderer: Renderer,
    published: PublishedSurvey,
    form: FormState,
    errors: dict[str, str] | None = None,
    status: int | None = None,
) -> Response[str]:
    """The page for `form.step`: the start page, a question, or the check page."""
    errors = errors or {}
    status = status or (422 if errors else 200)
    definition = published.definition
    if form.step == START:
        return render_start(renderer, published, form)
    survey = survey_view(definition, form.lang)
    shown = shown_questions(definition, form.answers)
    question = definition.question(form.step)
    if form.step == CHECK or question is None:
        rows = [
            {
                "id": q.id,
                "anchor": field_name(q.id) + "-row",
                "prompt": question_view(q, form.lang, None, None).prompt,
                "answer": answer_lines(q, form.answers.get(q.id), form.lang),
                "error": errors.get(q.id),
            }
            for q in shown
        ]
        summary = [ErrorLink(row["anchor"], f"{row['prompt']}: {row['error']}") for row in rows if row["error"]]
        summary += [
            ErrorLink("send", message) if qid == SEND else ErrorLink("main-content", f"{qid}: {message}")
            for qid, message in errors.items()
            if definition.question(qid) is None
        ]
        return renderer.page(
            "check.html", form.lang, status,
            survey=survey, carried=Markup(carried_html(form.at(CHECK))), rows=rows, error_summary=summary,
        )
    view = question_view(question, form.lang, form.answers.get(question.id), errors.get(question.id))
    ids = [q.id for q in shown]
    position = ids.index(question.id) + 1 if question.id in ids else 1
    summary = [ErrorLink(view.anchor, view.error)] if view.error else []
    context = dict(survey=survey, q=view, position=position, total=max(len(ids), 1), error_summary=summary)
    raw = form.answers.get(question.id)
    typed = isinstance(question, FreeTextQuestion | NumberQuestion)
    if raw and (typed or check_answer(question, raw).error):
        # What someone typed (or forged into a choice) is not yet redacted: it must not outlive
        # this request in a cache. Only pages showing offered choices are kept.
        return renderer.page(
            "question.html", form.lang, status, carried=Markup(carried_html(form)), **context
        )
    key = (published.version_id, question.id, form.lang, tuple(raw) if isinstance(raw, list) else raw,
           view.error, position, len(ids))
    return renderer.cached_page(key, carried_html(form), "question.html", form.lang, status, **context)


SEND = "_send"  # the key of an error about sending, not about any one answer


def problem(lang: str) -> dict[str, str]:
    t = messages_for(lang)
    return {"heading": t["problem_heading"], "body": t["problem_body"]}

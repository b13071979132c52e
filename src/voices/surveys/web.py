"""Respondent pages: home, a survey's start page, and one form that walks through it.

Every step posts to the survey's own URL, so the address bar and history show one page however
far someone gets, and the answers so far travel in the form rather than being stored.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from markupsafe import Markup
from litestar.params import FromPath, FromQuery
from litestar import Response

from voices.errors import BotSubmission, FormTokenUsed, InvalidToken, RateLimited
from voices.surveys.catalogue import PublishedSurvey
from voices.surveys.definition import DEFAULT_LANGUAGE, FreeTextQuestion, NumberQuestion
from voices.surveys.flow import CHECK, START, next_step, previous_step, shown_questions
from voices.surveys.form_state import FormState, carried_html, field_name, read_answers
from voices.surveys.answers import check_answer
from voices.surveys.submit import check_answers, submit
from voices.surveys.tokens import issue_token, started_on, verify_token
from voices.surveys.views import answer_lines, question_view, survey_view
from voices.pages.render import ErrorLink
from voices.privacy.abuse import client_address
from voices.pages.messages import messages_for
from voices.surveys.services import Services


logger = logging.getLogger(__name__)


class RespondentPages(Controller):
    include_in_schema = False

    @get("/")
    async def home(self, state: State) -> Response[str]:
        services: Services = state.services
        surveys = await services.catalogue.open_surveys(dt.date.today())
        views = [survey_view(s.definition, DEFAULT_LANGUAGE) for s in surveys]
        return services.renderer.page("home.html", surveys=views)

    @get("/surveys/{slug:str}")
    async def start(self, slug: FromPath[str], state: State, lang: FromQuery[str] = DEFAULT_LANGUAGE) -> Response[str]:
        services: Services = state.services
        published = await services.catalogue.current(slug, dt.date.today())
        if lang not in published.definition.languages:
            lang = DEFAULT_LANGUAGE
        form = FormState(published.version_id, issue_token(services.settings.secret_key), lang, START)
        return render_start(services, published, form)

    @post("/surveys/{slug:str}", status_code=200)
    async def step(self, slug: FromPath[str], request: Request, state: State) -> Response[str]:
        services: Services = state.services
        posted = await request.form()
        started = started_on(services.settings.secret_key, posted.get("_token", ""))
        published = await services.catalogue.current(slug, dt.date.today(), started)
        version = posted.get("_version", "")
        if version.isascii() and version.isdigit() and int(version) != published.version_id:
            # Someone part-way through keeps the version they started, even if it was replaced.
            published = await services.catalogue.version(int(version), slug)
        definition = published.definition
        lang = posted.get("_lang") if posted.get("_lang") in definition.languages else DEFAULT_LANGUAGE
        form = FormState(
            version_id=published.version_id,
            token=posted.get("_token") or issue_token(services.settings.secret_key),
            lang=lang,
            step=posted.get("_step") or START,
            return_to_check=posted.get("_return") == "check",
            answers=read_answers(posted, definition),
        )
        action = posted.get("_action") or "next"
        if posted.get("website"):
            services.abuse.count_bot()
            return services.renderer.page("message.html", lang, 400, **_problem(lang))
        if action == "submit":
            return await _send(services, published, form, client_address(request, services.settings.trusted_proxies))
        return _move(services, published, form, action)


def _move(services: Services, published: PublishedSurvey, form: FormState, action: str) -> Response[str]:
    definition = published.definition
    question = definition.question(form.step)
    if action.startswith("change:"):
        return render_step(services, published, form.at(action.removeprefix("change:"), True))
    if action == "start":
        return render_step(services, published, form.at(next_step(definition, form.answers, START)))
    if action == "back":
        if question is not None and form.return_to_check:
            return render_step(services, published, form.at(CHECK, False))
        return render_step(services, published, form.at(previous_step(definition, form.answers, form.step)))
    if question is None:
        return render_step(services, published, form.at(next_step(definition, form.answers, form.step)))
    checked = check_answer(question, form.answers.get(question.id))
    if checked.error:
        return render_step(services, published, form, {question.id: checked.error})
    if form.return_to_check:
        return render_step(services, published, form.at(CHECK, False))
    return render_step(services, published, form.at(next_step(definition, form.answers, question.id)))


async def _send(services: Services, published: PublishedSurvey, form: FormState, client: str) -> Response[str]:
    definition = published.definition
    errors = check_answers(definition, form.answers)
    if errors:
        return render_step(services, published, form.at(CHECK, False), errors)
    t = messages_for(form.lang)
    # Whatever stops the answers being sent, the check page comes back with them all on it.
    try:
        # Only sending is limited: moving between questions must not lock out a group of
        # people answering together on one network.
        services.abuse.check_rate(client)
        token = verify_token(services.settings.secret_key, form.token, max_age_days=services.settings.retention_days)
        services.abuse.check_timing(token.age_seconds)
        await submit(
            services.writer,
            published.version_id,
            definition,
            form.answers,
            token.token_hash,
            services.redactor,
            channel="survey",
        )
    except RateLimited:
        response = _not_sent(services, published, form, f"{t['too_many_heading']}. {t['too_many_body']}", 429)
        response.headers["Retry-After"] = "300"
        return response
    except (InvalidToken, BotSubmission):
        # Said the same way whatever the cause, so a script learns nothing from it.
        return _not_sent(services, published, form, t["not_sent"], 400)
    except FormTokenUsed:
        return services.renderer.page(
            "message.html", form.lang, heading=t["already_sent_heading"], body=t["already_sent_body"]
        )
    except Exception:
        logger.exception("a submission could not be stored")
        return _not_sent(services, published, form, t["not_saved"], 503)
    return services.renderer.page("done.html", form.lang)


def _not_sent(
    services: Services, published: PublishedSurvey, form: FormState, message: str, status: int
) -> Response[str]:
    # A fresh token: the one that was refused may have been too new, or not ours.
    retry = replace(form, token=issue_token(services.settings.secret_key))
    return render_step(services, published, retry.at(CHECK, False), {SEND: message}, status)


def render_start(services: Services, published: PublishedSurvey, form: FormState) -> Response[str]:
    start = form.at(START)
    return services.renderer.cached_page(
        (published.version_id, START, form.lang),
        carried_html(start),
        "start.html",
        form.lang,
        200,
        survey=survey_view(published.definition, form.lang),
    )


def render_step(
    services: Services,
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
        return render_start(services, published, form)
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
        return services.renderer.page(
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
        return services.renderer.page(
            "question.html", form.lang, status, carried=Markup(carried_html(form)), **context
        )
    key = (published.version_id, question.id, form.lang, tuple(raw) if isinstance(raw, list) else raw,
           view.error, position, len(ids))
    return services.renderer.cached_page(key, carried_html(form), "question.html", form.lang, status, **context)


SEND = "_send"  # the key of an error about sending, not about any one answer


def _problem(lang: str) -> dict[str, str]:
    t = messages_for(lang)
    return {"heading": t["problem_heading"], "body": t["problem_body"]}

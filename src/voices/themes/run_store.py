"""Store a theming run for a survey and make it current atomically.

Two transactions: the first writes the run (``is_current`` false), its assignments and its
summaries; the second, short one deletes the previous run and turns this one on. A failure in the
first leaves nothing behind; a failure between them leaves a complete run that nobody reads (the
next successful run deletes it), and the previous run stays current either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any

from voices.db.locks import lock_answer_copies
from voices.db.tables import (
    Answer,
    Submission,
    Survey,
    SurveyVersion,
    ThemeAssignment,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.themes.discover import ThemeDiscoverer
from voices.themes.run import Tagger, ThemingResult, theme_comments

INSERT_BATCH = 500


async def survey_free_text(survey_slug: str) -> list[tuple[int, str]]:
    """``(answer id, text)`` of every stored (redacted) free-text answer to a survey."""
    versions = SurveyVersion.select(SurveyVersion.id).where(
        SurveyVersion.survey.is_in(Survey.select(Survey.id).where(Survey.slug == survey_slug))
    )
    submissions = Submission.select(Submission.id).where(Submission.survey_version.is_in(versions))
    rows = await (
        Answer.select(Answer.id, Answer.text)
        .where(Answer.submission.is_in(submissions) & Answer.text.is_not_null())
        .order_by(Answer.id)
    )
    return [(row["id"], row["text"]) for row in rows]


async def store_run(
    survey_slug: str,
    answer_ids: Sequence[int],
    result: ThemingResult,
    parameters: Mapping[str, Any],
    checkpoint: Callable[[str], Awaitable[None] | None] = lambda step: None,
) -> int:
    """Write ``result`` (comments numbered as ``answer_ids``) and make it the current run.

    ``checkpoint(step)`` is called (and awaited, if it returns an awaitable) after "written"
    (inside the first transaction) and at "before_flip" (between the two); tests raise or wait
    there to prove a failed run changes nothing and a purge cannot interleave.
    """
    engine = ThemeRun._meta.db
    discovery = result.discovery
    counts = {
        "comments": result.n_comments, "substantive": discovery.n_substantive,
        "unassigned": discovery.n_unassigned, "not_substantive": discovery.n_not_substantive,
        "emergent_themes": len(discovery.themes), "assignments": len(result.assignments),
    }
    async with engine.transaction():
        # Quotes copy answers' words: no purge may delete answers while this run is written.
        await lock_answer_copies(ThemeRun)
        run = ThemeRun(
            survey_slug=survey_slug, created_on=date.today(), status=ThemeRun.Status.writing,
            is_current=False, parameters=dict(parameters), counts=counts,
        )
        await run.save()
        assignments = [
            ThemeAssignment(
                theme_run=run.id, answer=answer_ids[a.comment], theme_key=a.theme_key,
                theme_label=a.theme_label[:200], score=a.score, source=a.source,
            )
            for a in result.assignments
        ]
        for start in range(0, len(assignments), INSERT_BATCH):
            await ThemeAssignment.insert(*assignments[start : start + INSERT_BATCH])
        summaries = [
            ThemeSummaryRecord(
                theme_run=run.id, theme_key=s.key, source=s.source, member_count=s.count,
                summary=summary_json(dataclasses.asdict(s), answer_ids),
            )
            for s in result.summaries
        ]
        for start in range(0, len(summaries), INSERT_BATCH):
            await ThemeSummaryRecord.insert(*summaries[start : start + INSERT_BATCH])
        await _reached(checkpoint, "written")
        await ThemeRun.update({ThemeRun.status: ThemeRun.Status.complete}).where(ThemeRun.id == run.id)
    await _reached(checkpoint, "before_flip")
    async with engine.transaction():
        # The runs this one replaces (and any left complete but unread by an earlier failure)
        # hold copies of quotes and labels nobody reads any more: they go in the same swap.
        replaced = ThemeRun.select(ThemeRun.id).where(
            (ThemeRun.survey_slug == survey_slug) & (ThemeRun.id != run.id)
        )
        await ThemeAssignment.delete().where(ThemeAssignment.theme_run.is_in(replaced))
        await ThemeSummaryRecord.delete().where(ThemeSummaryRecord.theme_run.is_in(replaced))
        await ThemeRun.delete().where((ThemeRun.survey_slug == survey_slug) & (ThemeRun.id != run.id))
        await ThemeRun.update({ThemeRun.is_current: True}).where(ThemeRun.id == run.id)
    return int(run.id)


async def _reached(checkpoint: Callable[[str], Awaitable[None] | None], step: str) -> None:
    waiting = checkpoint(step)
    if waiting is not None:
        await waiting


def summary_json(summary: dict[str, Any], answer_ids: Sequence[int]) -> dict[str, Any]:
    """The summary as stored: quotes name the answer they come from, not a list position."""
    quotes = [
        {"answer": answer_ids[q["comment"]], "start": q["start"], "end": q["end"], "text": q["text"]}
        for q in summary["quotes"]
    ]
    return {**summary, "quotes": quotes}


async def current_run(survey_slug: str) -> dict[str, Any] | None:
    """The run reports read for a survey, JSON columns decoded; None before the first run."""
    return await (
        ThemeRun.select()
        .where((ThemeRun.survey_slug == survey_slug) & (ThemeRun.is_current == True))  # noqa: E712
        .output(load_json=True)
        .first()
    )


async def theme_survey(
    survey_slug: str,
    seed: int = 0,
    tagger: Tagger | None = None,
    disclosure_threshold: int = 10,
    progress: Callable[[str], None] = lambda step: None,
    theme_labels: Mapping[str, str] | None = None,
) -> int:
    """Read a survey's free text, theme it and store the run as current; returns the run id."""
    rows = await survey_free_text(survey_slug)
    progress("read")
    engine = ThemeDiscoverer(random_state=seed)
    result = theme_comments(
        [text for _, text in rows], tagger=tagger, theme_labels=theme_labels, discoverer=engine,
        disclosure_threshold=disclosure_threshold, progress=progress,
    )
    parameters = {"seed": seed, **{k: v for k, v in engine.get_params().items() if k != "random_state"}}
    run_id = await store_run(survey_slug, [answer_id for answer_id, _ in rows], result, parameters)
    progress("store")
    return run_id

"""Store a theming run for a survey and make it current atomically.

The run is written in short transactions while nobody reads it (``is_current`` false): first its
record, then its assignments a few thousand at a time, then its summaries. Each holds SQLite's one
write lock for a fraction of a second, so respondents' submissions never wait long behind a large
run; one long transaction held it for 12 s at 100,000 comments, past the 10 s busy timeout. A
last short transaction makes it current, deleting the runs it replaces. If anything fails, the
partial run is deleted and the previous run stays current.

Each write shares the purge's lock (``answer_copies_transaction``) and leaves out assignments and
quotes of answers purged since the comments were read, so a run written across a purge never
stores an expired answer's words. Two runs of one survey may overlap: the first to finish
becomes current and deletes the other, which then stops with ``RunSuperseded``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any

from voices.db.locks import answer_copies_transaction
from voices.db.tables import (
    Answer,
    Submission,
    Survey,
    SurveyVersion,
    ThemeAssignment,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.errors import RunSuperseded
from voices.themes.discover import ThemeDiscoverer
from voices.themes.run import Tagger, ThemingResult, theme_comments

INSERT_BATCH = 500  # rows in one INSERT statement
WRITE_BATCH = 2_000  # rows in one transaction: a fraction of a second of the write lock
WRITE_PAUSE_SECONDS = 0.1


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

    ``checkpoint(step)`` is called (and awaited, if it returns an awaitable) at "started" (the
    run record exists), "assignments", "written" (all committed, not yet current) and "flip"
    (inside the last transaction); tests raise or purge there to prove a failed run changes
    nothing and a purge leaves no expired words. Raises ``RunSuperseded`` if another run of the
    survey became current while this one was written.
    """
    discovery = result.discovery
    counts = {
        "comments": result.n_comments, "substantive": discovery.n_substantive,
        "unassigned": discovery.n_unassigned, "not_substantive": discovery.n_not_substantive,
        "emergent_themes": len(discovery.themes), "assignments": len(result.assignments),
    }
    run = ThemeRun(
        survey_slug=survey_slug, created_on=date.today(), status=ThemeRun.Status.writing,
        is_current=False, parameters=dict(parameters), counts=counts,
    )
    await run.save()
    try:
        await _reached(checkpoint, "started")
        assignments = [
            ThemeAssignment(
                theme_run=run.id, answer=answer_ids[a.comment], theme_key=a.theme_key,
                theme_label=a.theme_label[:200], score=a.score, source=a.source,
            )
            for a in result.assignments
        ]
        for start in range(0, len(assignments), WRITE_BATCH):
            await _write_assignments(run.id, assignments[start : start + WRITE_BATCH])
            # SQLite's busy handler retries a waiting writer every 100 ms at most; without a gap
            # this loop would take the lock back each time before a respondent's write got in.
            await asyncio.sleep(WRITE_PAUSE_SECONDS)
        await _reached(checkpoint, "assignments")
        await _write_summaries(run.id, [
            ThemeSummaryRecord(
                theme_run=run.id, theme_key=s.key, source=s.source, member_count=s.count,
                summary=summary_json(dataclasses.asdict(s), answer_ids),
            )
            for s in result.summaries
        ])
        await _reached(checkpoint, "written")
        async with answer_copies_transaction(ThemeRun):
            await _still_writing(run.id)
            counts["assignments"] = await ThemeAssignment.count().where(ThemeAssignment.theme_run == run.id)
            await ThemeRun.update({ThemeRun.status: ThemeRun.Status.complete, ThemeRun.counts: counts}).where(
                ThemeRun.id == run.id
            )
            # The runs this one replaces (and any left unread by an earlier failure) hold copies
            # of quotes and labels nobody reads any more: they go in the same swap. A run of the
            # same survey still being written goes too; it finds itself superseded and stops.
            await _delete_runs((ThemeRun.survey_slug == survey_slug) & (ThemeRun.id != run.id))
            await ThemeRun.update({ThemeRun.is_current: True}).where(ThemeRun.id == run.id)
            await _reached(checkpoint, "flip")
    except BaseException:
        # Best effort: if even this fails, the next successful run deletes the leftover.
        with contextlib.suppress(Exception):
            async with answer_copies_transaction(ThemeRun):
                await _delete_runs(ThemeRun.id == run.id)
        raise
    return int(run.id)


async def _write_assignments(run_id: int, assignments: Sequence[ThemeAssignment]) -> None:
    """One short transaction: the assignments whose answers still exist (a purge may have run)."""
    async with answer_copies_transaction(ThemeAssignment):
        await _still_writing(run_id)
        existing = await _existing_answers({a.answer for a in assignments})
        kept = [a for a in assignments if a.answer in existing]
        for start in range(0, len(kept), INSERT_BATCH):
            await ThemeAssignment.insert(*kept[start : start + INSERT_BATCH])


async def _write_summaries(run_id: int, summaries: Sequence[ThemeSummaryRecord]) -> None:
    """One transaction: the summaries, quoting only answers that still exist.

    Quotes were copied from answers read before the run began; checking under the lock means the
    words of an answer purged since are never written, not written and then scrubbed.
    """
    async with answer_copies_transaction(ThemeSummaryRecord):
        await _still_writing(run_id)
        existing = await _existing_answers({q["answer"] for s in summaries for q in s.summary["quotes"]})
        for record in summaries:
            quotes = record.summary["quotes"]
            record.summary = {**record.summary, "quotes": [q for q in quotes if q["answer"] in existing]}
        for start in range(0, len(summaries), INSERT_BATCH):
            await ThemeSummaryRecord.insert(*summaries[start : start + INSERT_BATCH])


async def _existing_answers(answer_ids: set[int]) -> set[int]:
    if not answer_ids:
        return set()
    rows = await Answer.select(Answer.id).where(Answer.id.is_in(list(answer_ids)))
    return {row["id"] for row in rows}


async def _still_writing(run_id: int) -> None:
    """Under the lock: raise ``RunSuperseded`` if another run of the survey replaced this one."""
    alive = ThemeRun.exists().where((ThemeRun.id == run_id) & (ThemeRun.status == ThemeRun.Status.writing))
    if not await alive:
        raise RunSuperseded(
            f"theme run {run_id} was replaced by another run of the same survey that finished first; "
            "that run is current and this one was discarded"
        )


async def _delete_runs(which: Any) -> None:
    runs = ThemeRun.select(ThemeRun.id).where(which)
    await ThemeAssignment.delete().where(ThemeAssignment.theme_run.is_in(runs))
    await ThemeSummaryRecord.delete().where(ThemeSummaryRecord.theme_run.is_in(runs))
    await ThemeRun.delete().where(which)


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

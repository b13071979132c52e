"""Store a theming run for a survey and make it current atomically.

Reading the comments is ``source.py``, reading runs back for reports ``reader.py``.

The run is written in short transactions while nobody reads it (``is_current`` false): first its
record, then its assignments a few thousand at a time, then its summaries. Each holds SQLite's one
write lock for a fraction of a second, so respondents' submissions never wait long behind a large
run; one long transaction held it for 12 s at 100,000 comments, past the 10 s busy timeout. A
last short transaction carries analysts' changes to emergent themes over from the run it replaces
(``review/carry.py``), makes it current, deletes the runs it replaces, and records its counts per
theme and month in ``theme_history``, which later runs keep. If anything fails, the
partial run is deleted and the previous run stays current.

Each write shares the purge's lock (``answer_copies_transaction``) and leaves out assignments and
quotes of answers purged since the comments were read, so a run written across a purge never
stores an expired answer's words. Two runs of one survey may overlap: the first to finish
becomes current and deletes the other, which then stops with ``RunSuperseded``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count
from voices.db.locks import answer_copies_transaction
from voices.db.tables import Answer, ThemeAssignment, ThemeHistory, ThemeRun, ThemeSummaryRecord
from voices.errors import RunSuperseded
from voices.review.carry import carry_forward
from voices.themes.run import ThemingResult
from voices.themes.summaries import RunCounts, StoredSummary, encode_summary, stored, without_quotes

INSERT_BATCH = 500  # rows in one INSERT statement
WRITE_BATCH = 2_000  # rows in one transaction: a fraction of a second of the write lock
WRITE_PAUSE_SECONDS = 0.1


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
    counts = RunCounts(
        comments=result.n_comments, substantive=discovery.n_substantive,
        unassigned=discovery.n_unassigned, not_substantive=discovery.n_not_substantive,
        emergent_themes=len(discovery.themes), assignments=len(result.assignments),
    )
    run = ThemeRun(
        survey_slug=survey_slug, created_on=date.today(), status=ThemeRun.Status.writing,
        is_current=False, parameters=dict(parameters), counts=msgspec.to_builtins(counts),
    )
    await run.save()
    try:
        await _reached(checkpoint, "started")
        assignments = [
            ThemeAssignment(
                theme_run=run.id, answer=answer_ids[a.comment], theme_key=a.theme_key,
                theme_label=a.theme_label[:200], score=a.score, source=a.source,
                reviewed=a.reviewed, tone=result.tones[a.comment] if result.tones else "",
            )
            for a in result.assignments
        ]
        for start in range(0, len(assignments), WRITE_BATCH):
            await _write_assignments(run.id, assignments[start : start + WRITE_BATCH])
            # SQLite's busy handler retries a waiting writer every 100 ms at most; without a gap
            # this loop would take the lock back each time before a respondent's write got in.
            await asyncio.sleep(WRITE_PAUSE_SECONDS)
        await _reached(checkpoint, "assignments")
        await _write_summaries(run.id, [stored(s, answer_ids) for s in result.summaries])
        await _reached(checkpoint, "written")
        async with answer_copies_transaction(ThemeRun):
            await _still_writing(run.id)
            # Fewer than planned if a purge took some of the answers meanwhile.
            written = await ThemeAssignment.count().where(ThemeAssignment.theme_run == run.id)
            counts = msgspec.structs.replace(counts, assignments=written)
            await ThemeRun.update(
                {ThemeRun.status: ThemeRun.Status.complete, ThemeRun.counts: msgspec.to_builtins(counts)}
            ).where(ThemeRun.id == run.id)
            # Analysts' renames, noise marks and moves on the run this one replaces apply again
            # to the themes found again (review/carry.py), before anyone can read this run.
            replaced = await ThemeRun.select(ThemeRun.id).where(
                (ThemeRun.survey_slug == survey_slug) & (ThemeRun.is_current == True)  # noqa: E712
            ).first()
            if replaced is not None:
                await carry_forward(survey_slug, replaced["id"], run.id, datetime.now(UTC))
            # The runs this one replaces (and any left unread by an earlier failure) hold copies
            # of quotes and labels nobody reads any more: they go in the same swap. A run of the
            # same survey still being written goes too; it finds itself superseded and stops.
            await _delete_runs((ThemeRun.survey_slug == survey_slug) & (ThemeRun.id != run.id))
            await ThemeRun.update({ThemeRun.is_current: True}).where(ThemeRun.id == run.id)
            await _write_history(survey_slug, run.id)
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


async def _write_summaries(run_id: int, summaries: Sequence[StoredSummary]) -> None:
    """One transaction: the summaries, quoting only answers that still exist.

    Quotes were copied from answers read before the run began; checking under the lock means the
    words of an answer purged since are never written, not written and then scrubbed.
    """
    async with answer_copies_transaction(ThemeSummaryRecord):
        await _still_writing(run_id)
        existing = await _existing_answers({q.answer for s in summaries for q in s.quotes})
        records = [
            ThemeSummaryRecord(
                theme_run=run_id, theme_key=s.key, source=s.source, member_count=s.count,
                summary=encode_summary(without_quotes(s, lambda answer: answer not in existing)),
            )
            for s in summaries
        ]
        for start in range(0, len(records), INSERT_BATCH):
            await ThemeSummaryRecord.insert(*records[start : start + INSERT_BATCH])


async def _write_history(survey_slug: str, run_id: int) -> None:
    """The run's comment counts per theme and month, kept when later runs delete its assignments.

    Counted from the assignments as written (after any purge), by day in SQL, then by month here:
    the same on both engines, and a few hundred rows rather than one per assignment.
    """
    sent_on = ThemeAssignment.answer.submission.submitted_on
    groups = (ThemeAssignment.theme_key, ThemeAssignment.theme_label, ThemeAssignment.source, sent_on)
    rows = await (
        ThemeAssignment.select(*groups, Count(alias="comments"))
        .where(ThemeAssignment.theme_run == run_id)
        .group_by(*groups)
    )
    months: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        day = row["answer.submission.submitted_on"]
        months[(row["theme_key"], row["theme_label"], row["source"], f"{day:%Y-%m}")] += row["comments"]
    history = [
        ThemeHistory(
            survey_slug=survey_slug, run_id=run_id, ran_on=date.today(), theme_key=key, theme_label=label,
            source=source, period=period, comment_count=count,
        )
        for (key, label, source, period), count in sorted(months.items())
    ]
    for start in range(0, len(history), INSERT_BATCH):
        await ThemeHistory.insert(*history[start : start + INSERT_BATCH])


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

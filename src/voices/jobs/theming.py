"""The scheduled theming: each survey whose stored free text differs from what its current run read
(``themes/source.py``'s mark: how many comments, the newest answer id) is themed again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from voices.db.tables import ThemeRun
from voices.jobs.spec import Counts
from voices.officers.audit import JOB_ACTOR, Action, AuditLog, theme_run_ref
from voices.officers.clock import utc_now
from voices.themes.source import stored_marks

logger = logging.getLogger(__name__)

# theme(slug) -> the new run's id; raises if the run failed (the previous run stays current).
ThemeSurvey = Callable[[str], Awaitable[int]]
NO_COMMENTS = {"comments": 0, "last_answer_id": 0}


class ThemingFailed(RuntimeError):
    """Some surveys could not be themed; their previous runs stay current and the job is retried."""


async def surveys_with_new_text() -> dict[str, int]:
    """Slug -> comments now stored, for each survey whose comments differ from its current run's:
    no run yet and at least one comment, or comments added or purged since the run read them. A run
    made before runs kept their mark has none, so its survey is themed once more."""
    marks = await stored_marks()
    current = await ThemeRun.select(ThemeRun.survey_slug, ThemeRun.parameters).where(
        ThemeRun.is_current == True  # noqa: E712
    ).output(load_json=True)
    read = {row["survey_slug"]: (row["parameters"] or {}).get("read") for row in current}
    return {
        slug: mark["comments"]
        for slug in sorted(marks.keys() | read.keys())
        # A survey whose comments have all been purged has nothing to theme: an empty run would only
        # fail and be retried, and the purge already took every copy of its words.
        if (mark := marks.get(slug, NO_COMMENTS)) != read.get(slug, NO_COMMENTS) and mark["comments"] > 0
    }


async def theme_new_text(theme: ThemeSurvey, audit: AuditLog | None = None) -> Counts:
    """Theme every survey with new comments; one failing does not stop the others, and the job then
    fails naming the surveys (slugs only) so it is retried. Each run is audited by the scheduled job:
    `theme run started` (the survey), and `theme run finished` (the run's id)."""
    audit = audit or AuditLog(utc_now)
    themed = 0
    failed: list[str] = []
    for slug in await surveys_with_new_text():
        try:
            await audit.record(JOB_ACTOR, Action.theme_run_started, "survey", slug)
            run_id = await theme(slug)
            await audit.record(JOB_ACTOR, Action.theme_run_finished, "theme run", theme_run_ref(slug, run_id))
        except Exception as error:  # noqa: BLE001 - every survey gets its turn; the job fails below
            # The error's name only: its message or traceback could quote a comment.
            logger.error("scheduled theming of %s failed: %s", slug, type(error).__name__)
            failed.append(slug)
            continue
        themed += 1
    if failed:
        raise ThemingFailed(
            f"{len(failed)} survey(s) not themed, their previous runs stay current: {', '.join(failed)} "
            f"(`voices themes run --survey SLUG` shows why)"
        )
    # Surveys only: the admins' jobs page shows these counts, and how many comments a survey holds
    # can be a number its report shows only as "fewer than 10".
    return {"surveys": themed}

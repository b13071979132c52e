"""Theme a survey: read its comments, theme them, store the run as current."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from voices.errors import SurveyNotFound
from voices.settings import DEFAULT_DISCLOSURE_THRESHOLD
from voices.surveys.reported_in import reported_in
from voices.themes.confirmed import confirmed_by_position
from voices.themes.discover import ThemeDiscoverer
from voices.themes.run import Tagger, theme_comments
from voices.themes.run_store import store_run
from voices.themes.source import read_mark, survey_free_text


async def theme_survey(
    survey_slug: str,
    seed: int = 0,
    tagger: Tagger | None = None,
    disclosure_threshold: int = DEFAULT_DISCLOSURE_THRESHOLD,
    progress: Callable[[str], None] = lambda step: None,
    theme_labels: Mapping[str, str] | None = None,
) -> int:
    """Read a survey's free text, theme it and store the run as current; returns the run id. Raises
    `SurveyNotFound` for a survey reported in another: its comments are themed with that one's."""
    into = await reported_in()
    if survey_slug in into:
        raise SurveyNotFound(f"{survey_slug!r} is reported within {into[survey_slug]!r}: theme that survey")
    rows = await survey_free_text(survey_slug)
    # Analysts' labels outrank the tagger for the comments they reviewed.
    confirmed = await confirmed_by_position([row[0] for row in rows])
    progress("read")
    engine = ThemeDiscoverer(random_state=seed)
    # In a worker thread: theming is CPU work of seconds to minutes, and when a run is started from
    # the officers' pages the same event loop is serving respondents.
    result = await asyncio.to_thread(
        theme_comments, [row.text for row in rows], tagger=tagger, theme_labels=theme_labels,
        discoverer=engine, disclosure_threshold=disclosure_threshold, progress=progress, confirmed=confirmed,
        questions=[row.question for row in rows],
    )
    parameters = {"seed": seed, **{k: v for k, v in engine.get_params().items() if k != "random_state"}}
    # What it read, so the scheduled theming (jobs/theming.py) knows when there is new free text.
    parameters["read"] = read_mark([row.answer_id for row in rows])
    run_id = await store_run(survey_slug, [row.answer_id for row in rows], result, parameters)
    progress("store")
    return run_id

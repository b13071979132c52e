"""The insight report of one survey: every section, as typed objects of published figures.

Counted from live rows on each request (`responses.py`), filtered and checked (`filters.py`), and
published through the disclosure layer by each section's module. Nothing here is cached: only
the drawn charts are, by their data (`charts.py`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from voices.db.tables import Submission, Survey
from voices.errors import FilterTooNarrow
from voices.insight import awareness as awareness_section
from voices.insight import indices as indices_section
from voices.insight.filters import ReportFilter, check
from voices.insight.responses import SurveyData, answer_values, survey_data
from voices.insight.themes_view import ThemesSection, themes_section
from voices.insight.workspace import Insight
from voices.privacy.disclosure import Figure
from voices.surveys.definition import translate


@dataclass(frozen=True, slots=True)
class SurveyEntry:
    slug: str
    title: str
    submissions: Figure[int]


@dataclass(frozen=True, slots=True)
class Report:
    data: SurveyData
    chosen: ReportFilter
    everyone: Figure[int]  # submissions to the survey
    submissions: Figure[int] | None  # submissions the filter keeps; None when it was refused
    refused: str | None = None  # the filter was refused: why, in plain words
    themes: ThemesSection | None = None
    awareness: list[awareness_section.Block] = field(default_factory=list)
    indices: list[indices_section.Index] = field(default_factory=list)
    indices_refused: str | None = None

    @property
    def title(self) -> str:
        return translate(self.data.definition.title, "en")

    @property
    def empty(self) -> bool:
        return not self.data.submissions


async def survey_list(insight: Insight) -> list[SurveyEntry]:
    """Every survey with how many submissions it holds now, each count through the layer."""
    surveys = await Survey.select(Survey.id, Survey.slug, Survey.title).order_by(Survey.slug)
    sent = await Submission.select(Submission.survey_version.survey.id)
    counts = Counter(row["survey_version.survey.id"] for row in sent)
    return [SurveyEntry(s["slug"], s["title"], insight.policy.count(counts.get(s["id"], 0))) for s in surveys]


async def build_report(insight: Insight, slug: str, chosen: ReportFilter, may_read_comments: bool) -> Report:
    """Raises `SurveyNotFound`; a refused filter gives a report with only the refusal in it."""
    policy = insight.policy
    data = await survey_data(slug)
    everyone = data.submissions
    try:
        kept = check(policy, data, chosen)
    except FilterTooNarrow as refusal:
        return Report(data, chosen, policy.count(len(everyone)), None, str(refusal))
    total, in_filter = policy.count(len(everyone)), policy.count(len(kept))
    if not everyone:
        return Report(data, chosen, total, in_filter)
    definition = data.definition
    wanted = [*awareness_section.question_ids(definition), *indices_section.question_ids(definition)]
    values = await answer_values(slug, wanted)
    filtered = kept if chosen.narrows else None
    blocks = awareness_section.awareness(policy, definition, everyone, filtered, values)
    found: list[indices_section.Index] = []
    indices_refused = None
    pool = [s for s in everyone if chosen.without_period().keeps(s)]
    try:
        found = indices_section.indices(policy, definition, everyone, kept, pool, values, chosen.narrows, chosen.period)
    except FilterTooNarrow as refusal:
        indices_refused = str(refusal)
    themes = await themes_section(
        policy, slug, insight.priorities, everyone, filtered, chosen.period, may_read_comments
    )
    return Report(data, chosen, total, in_filter, None, themes, blocks, found, indices_refused)

"""The insight report of one survey: every section, as typed objects of published figures.

Counted from the survey's live rows (`dataset.py`), filtered and checked (`filters.py`), and
published through the disclosure layer by each section's module. A report is kept, with the
dataset it was counted from, only under the data version it was counted at (`report_cache.py`):
each request reads the version first, so a new submission, a purge or a new theme run is counted
on the very next request.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from voices.db.tables import Survey
from voices.errors import FilterTooNarrow
from voices.insight import awareness as awareness_section
from voices.insight import indices as indices_section
from voices.insight.dataset import (
    Dataset,
    DataVersion,
    data_version,
    extend_dataset,
    load_dataset,
    only_added,
    reread_run,
)
from voices.insight.filters import ReportFilter, check_mask
from voices.insight.responses import SurveyData, survey_versions
from voices.insight.sql import fetch
from voices.insight.themes_view import ThemesSection, themes_section
from voices.insight.workspace import Insight
from voices.privacy.disclosure import Figure
from voices.surveys.definition import SingleChoiceQuestion, translate
from voices.surveys.reported_in import reported_in


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
    """Every survey with a report and how many submissions it holds now (with those of the surveys
    reported in it), each count through the layer."""
    surveys = await Survey.select(Survey.slug, Survey.title).order_by(Survey.slug)
    sizes = await survey_sizes()
    return [
        SurveyEntry(s["slug"], s["title"], insight.policy.count(sizes[s["slug"]]))
        for s in surveys
        if s["slug"] in sizes
    ]


async def survey_sizes() -> dict[str, int]:
    """Each survey with a report of its own and how many submissions that report holds (unpublished:
    not for a page as it is). A survey reported in another is counted in that one's."""
    # Counted by the database: one row per survey, not one per submission.
    (rows,) = await fetch([(_SIZES, [])])
    into = await reported_in()
    sizes: dict[str, int] = {}
    for slug, n in rows:
        sizes[into.get(slug, slug)] = sizes.get(into.get(slug, slug), 0) + int(n)
    return sizes


_SIZES = (
    "SELECT u.slug, count(s.id) FROM survey u LEFT JOIN survey_version v ON v.survey = u.id"
    " LEFT JOIN submission s ON s.survey_version = v.id GROUP BY u.slug ORDER BY u.slug"
)


async def survey_dataset(insight: Insight, slug: str) -> tuple[DataVersion, Dataset]:
    """The survey's dataset as the rows are now: the one kept, while its data version is unchanged.

    Raises `SurveyNotFound`. The version is read before the rows, so rows read after a change
    are at worst newer than their version, and the next request reads them again.
    """
    definition, versions = await survey_versions(slug)
    version = await data_version(slug, versions)
    wanted = [
        *awareness_section.question_ids(definition),
        *indices_section.question_ids(definition),
        # Held for the responses download (insight/exports/), so it reads no answers of its own.
        *(q.id for q in definition.questions if isinstance(q, SingleChoiceQuestion)),
    ]
    async with insight.reports.lock(slug):
        held = insight.reports.dataset(slug)
        if held is not None and held[0] == version:
            return version, held[1]
        if held is None:
            dataset = await load_dataset(slug, definition, versions, wanted)
        else:
            # Rows and theme run are read again only where they changed: a respondent's answer does not
            # make the next report read a hundred thousand, nor does a review or a new run.
            held_version, dataset = held
            if held_version.rows != version.rows:
                if await only_added(held_version, version, dataset):
                    dataset = await extend_dataset(dataset, wanted)
                else:
                    dataset = await load_dataset(slug, definition, versions, wanted)
                    held_version = version
            if held_version.run != version.run:
                dataset = await reread_run(dataset)
        insight.reports.keep_dataset(slug, version, dataset)
    return version, dataset


async def cached_report(
    insight: Insight, version: DataVersion, dataset: Dataset, chosen: ReportFilter, may_read_comments: bool
) -> Report:
    """The report of this data, filter and role: built once per data version, in a worker thread
    (NumPy and the disclosure layer's arithmetic would otherwise hold up every other request)."""
    key = (dataset.data.slug, version, chosen.key, may_read_comments)
    async with insight.reports.lock(dataset.data.slug):
        report = insight.reports.report(key)
        if report is None:
            report = await asyncio.to_thread(build_report, insight, dataset, chosen, may_read_comments)
            insight.reports.keep_report(key, report)
    return report


def build_report(insight: Insight, dataset: Dataset, chosen: ReportFilter, may_read_comments: bool) -> Report:
    """Every section from the dataset; a refused filter gives a report with only the refusal in it."""
    policy = insight.policy
    data = dataset.data
    try:
        kept = check_mask(policy, dataset, chosen)
    except FilterTooNarrow as refusal:
        return Report(data, chosen, policy.count(dataset.size), None, str(refusal))
    total, in_filter = policy.count(dataset.size), policy.count(int(kept.sum()))
    if not dataset.size:
        return Report(data, chosen, total, in_filter)
    definition = data.definition
    filtered = kept if chosen.narrows else None
    blocks = awareness_section.awareness(policy, definition, dataset, filtered)
    found: list[indices_section.Index] = []
    indices_refused = None
    pool = chosen.without_period().mask(dataset)
    try:
        found = indices_section.indices(
            policy, definition, dataset, kept, pool, chosen.narrows, chosen.period
        )
    except FilterTooNarrow as refusal:
        indices_refused = str(refusal)
    themes = themes_section(policy, dataset, insight.priorities, filtered, chosen.period, may_read_comments)
    return Report(data, chosen, total, in_filter, None, themes, blocks, found, indices_refused)

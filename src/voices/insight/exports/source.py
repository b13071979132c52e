"""The report an export is made from: the one the page shows for the same address and role.

The same steps as the report page (`web.ReportPages.report`): the dataset at its data version,
the groups a report may be filtered by, the filter parsed and the cached report built once per
data version. A filter typed wrongly is a 400 and a filter the layer refuses a 422, in the same
words as the page: an export never falls back to a wider report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from litestar.exceptions import HTTPException, ValidationException

from voices.insight.dataset import Dataset
from voices.insight.exports.notes import Notes, filters_in_words, report_notes
from voices.insight.exports.tables import ReportTable, report_tables
from voices.insight.filters import BadFilter, Typed, parse_filter
from voices.insight.groups import groups_shown
from voices.insight.report import Report, cached_report, survey_dataset
from voices.insight.workspace import Insight


@dataclass(frozen=True, slots=True)
class Exported:
    report: Report
    dataset: Dataset
    tables: list[ReportTable]
    notes: Notes


async def exported_report(insight: Insight, slug: str, typed: Typed, may_read_comments: bool, today: dt.date) -> Exported:
    """Raises `SurveyNotFound`, or `HTTPException` for a filter typed wrongly (400) or refused (422)."""
    version, dataset = await survey_dataset(insight, slug)
    groups = await groups_shown(dataset, insight.policy.threshold)
    try:
        chosen = parse_filter(dataset.data, typed, frozenset(group_id for group_id, _ in groups))
    except BadFilter as problem:
        raise ValidationException(str(problem)) from problem
    report = await cached_report(insight, version, dataset, chosen, may_read_comments)
    if report.refused:
        # Answered in the layer's own words, as the page answers it (FilterTooNarrow's status).
        raise HTTPException(status_code=422, detail=report.refused)
    tables = report_tables(report)
    filters = filters_in_words(chosen, dataset.data, dict(groups))
    return Exported(report, dataset, tables, report_notes(report, tables, insight.policy, today, filters))

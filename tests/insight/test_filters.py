"""Report filters: periods as years or months, and the layer's refusal of narrow ones."""

from __future__ import annotations

import datetime as dt

import pytest

from voices.errors import FilterTooNarrow
from voices.insight.filters import (
    BadFilter,
    ReportFilter,
    check,
    in_period,
    parse_filter,
    previous_period,
)
from voices.insight.responses import Sent, SurveyData, Version
from voices.privacy.disclosure import DisclosurePolicy
from voices.surveys.definition import SurveyDefinition

DEFINITION = SurveyDefinition(slug="s", title="S", summary="", purpose="", minutes=1, questions=[])


def survey(*sent: tuple[int, str]) -> SurveyData:
    """(count, channel) groups, all sent on 1 March 2026."""
    rows, n = [], 0
    for count, channel in sent:
        for _ in range(count):
            n += 1
            rows.append(Sent(n, dt.date(2026, 3, 1), channel, 1))
    return SurveyData("s", DEFINITION, [Version(1, dt.date(2026, 1, 1), True)], rows)


def test_periods() -> None:
    assert previous_period("2026") == "2025"
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-11") == "2026-10"
    assert in_period(dt.date(2026, 3, 9), "2026") and in_period(dt.date(2026, 3, 9), "2026-03")
    assert not in_period(dt.date(2026, 3, 9), "2026-04")


def test_values_a_survey_cannot_have_are_explained() -> None:
    data = survey((12, "survey"))
    for period, version, channel in (("26", "", ""), ("2026-13", "", ""), ("", "7", ""), ("", "", "post")):
        with pytest.raises(BadFilter):
            parse_filter(data, period, version, channel)
    assert parse_filter(data, " 2026-03 ", "1", "survey") == ReportFilter("2026-03", 1, "survey")


def test_narrow_filters_are_refused_on_live_counts() -> None:
    policy = DisclosurePolicy()
    data = survey((30, "survey"), (9, "api"))
    with pytest.raises(FilterTooNarrow, match="describes fewer than 10 people"):
        check(policy, data, ReportFilter(channel="api"))
    with pytest.raises(FilterTooNarrow, match="leaves out fewer than 10 people"):
        check(policy, data, ReportFilter(channel="survey"))
    assert len(check(policy, survey((30, "survey"), (10, "api")), ReportFilter(channel="survey"))) == 30
    assert len(check(policy, data, ReportFilter())) == 39

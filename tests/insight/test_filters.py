"""Report filters: periods as years or months, bands of people and areas, and the layer's refusal
of narrow ones."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from voices.errors import FilterTooNarrow
from voices.insight.dataset import NO_ANSWER, Dataset
from voices.insight.filters import BadFilter, ReportFilter, Typed, check_mask, parse_filter, previous_period
from voices.insight.responses import Sent, SurveyData, Version
from voices.privacy.disclosure import DisclosurePolicy
from voices.settings import PROJECT_ROOT
from voices.surveys.loader import read_definition

ATTITUDES = read_definition(PROJECT_ROOT / "surveys" / "attitudes.yaml")
AGE_25_34, WOMAN, NORTH = 1, 0, 1  # their codes: positions among the question's choices


def survey(*sent: tuple[int, str], age: int = NO_ANSWER, gender: int = NO_ANSWER, area: int = NO_ANSWER) -> Dataset:
    """(count, channel) groups, all sent on 1 March 2026, each giving the same age band, gender and area."""
    channels = [channel for count, channel in sent for _ in range(count)]
    n = len(channels)
    names = sorted(set(channels))
    day = dt.date(2026, 3, 1)
    data = SurveyData(
        "attitudes", ATTITUDES, [Version(1, dt.date(2026, 1, 1), True)],
        [Sent(i + 1, day, channel, 1) for i, channel in enumerate(channels)],
    )  # fmt: skip
    codes = {"age_band": age, "gender": gender, "area": area}
    return Dataset(
        data, np.arange(1, n + 1), np.full(n, day.toordinal()), np.full(n, 2026), np.full(n, 202603),
        np.array([names.index(c) for c in channels], dtype=np.int64), names, np.ones(n, dtype=np.int64),
        {}, {}, np.empty(0, dtype=np.int64),
        singles={q: np.full(n, code, dtype=np.int8) for q, code in codes.items()},
    )  # fmt: skip


def joined(*parts: Dataset) -> Dataset:
    """One dataset of several made by `survey`, as a survey's rows read together would be."""
    first = parts[0]
    names = sorted({name for part in parts for name in part.channel_names})
    channels = np.concatenate([[names.index(part.channel_names[c]) for c in part.channels] for part in parts])
    n = len(channels)
    return Dataset(
        first.data, np.arange(1, n + 1), np.concatenate([p.days for p in parts]),
        np.concatenate([p.years for p in parts]), np.concatenate([p.months for p in parts]),
        channels.astype(np.int64), names, np.concatenate([p.versions for p in parts]), {}, {},
        np.empty(0, dtype=np.int64),
        singles={q: np.concatenate([p.singles[q] for p in parts]) for q in first.singles},
    )  # fmt: skip


def test_periods() -> None:
    assert previous_period("2026") == "2025"
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-11") == "2026-10"


def test_values_a_survey_cannot_have_are_explained() -> None:
    data = survey((12, "survey")).data
    wrong = (
        Typed(period="26"), Typed(period="2026-13"), Typed(version="7"), Typed(channel="post"),
        Typed(band="age_band:age_99_plus"), Typed(band="area:north"), Typed(band="age_25_34"), Typed(area="mars"),
    )  # fmt: skip
    for typed in wrong:
        with pytest.raises(BadFilter):
            parse_filter(data, typed)
    assert parse_filter(data, Typed(" 2026-03 ")) == ReportFilter("2026-03")
    assert parse_filter(data, Typed(version="1")) == ReportFilter(version=1)
    assert parse_filter(data, Typed(band=" gender:woman")) == ReportFilter(band=("gender", "woman"))
    assert parse_filter(data, Typed(area="north ")) == ReportFilter(area="north")
    # One filter at a time: a filter inside another could be subtracted from it.
    with pytest.raises(BadFilter, match="Choose one filter at a time: period and area") as refused:
        parse_filter(data, Typed(period="2026", area="north"))
    assert refused.value.field == "area"
    assert ReportFilter(band=("gender", "woman"), area="north").key[-2:] == ("gender:woman", "north")


def test_narrow_filters_are_refused_on_live_counts() -> None:
    policy = DisclosurePolicy()
    data = survey((30, "survey"), (9, "api"))
    with pytest.raises(FilterTooNarrow, match="describes fewer than 10 people"):
        check_mask(policy, data, ReportFilter(channel="api"))
    with pytest.raises(FilterTooNarrow, match="leaves out fewer than 10 people"):
        check_mask(policy, data, ReportFilter(channel="survey"))
    assert check_mask(policy, survey((30, "survey"), (10, "api")), ReportFilter(channel="survey")).sum() == 30
    assert check_mask(policy, data, ReportFilter()).sum() == 39


def test_bands_and_areas_keep_the_people_who_gave_that_answer() -> None:
    policy = DisclosurePolicy()
    # 12 women aged 25 to 34 in the north, 15 who skipped those questions, 9 women who skipped the rest.
    data = joined(
        survey((12, "survey"), age=AGE_25_34, gender=WOMAN, area=NORTH),
        survey((15, "survey")),
        survey((9, "api"), gender=WOMAN),
    )
    assert check_mask(policy, data, ReportFilter(band=("gender", "woman"))).sum() == 21
    assert check_mask(policy, data, ReportFilter(band=("age_band", "age_25_34"))).sum() == 12
    assert check_mask(policy, data, ReportFilter(area="north", band=("gender", "woman"))).sum() == 12
    # Women through the API: 9 people, so the layer refuses it in its own words.
    with pytest.raises(FilterTooNarrow, match="describes fewer than 10 people"):
        check_mask(policy, data, ReportFilter(channel="api", band=("gender", "woman")))
    # Nobody gave "man": an empty filter is refused too, never shown as a table of zeros.
    with pytest.raises(FilterTooNarrow):
        check_mask(policy, data, ReportFilter(band=("gender", "man")))

"""Scale arithmetic against a small data set worked out by hand, then edge cases and cross-checks.

The hand-worked wave ("wave 1") has five items, i1 to i5; i3 and i5 are reverse keyed.
A forward item scores strongly agree 5, agree 4, neither 3, disagree 2, strongly disagree 1;
a reverse item the other way round (strongly disagree 5 ... strongly agree 1).

    respondent  answers as given               scores after keying  answered  scale score
    R1          A    A    SD   N    D           4  4  5  3  4        5 of 5    20/5 = 4.0
    R2          D    N    A    D    SA          2  3  2  2  1        5 of 5    10/5 = 2.0
    R3          N    N    N    A    A           3  3  3  4  2        5 of 5    15/5 = 3.0
    R4          SA   A    SD   SA   D           5  4  5  5  4        5 of 5    23/5 = 4.6
    R5          SD   D    SA   D    SA          1  2  1  2  1        5 of 5     7/5 = 1.4
    R6          A    --   N    A    SD          4  .  3  4  5        4 of 5    16/4 = 4.0  (exactly 80%)
    R7          D    PNS  --   N    A           2  .  .  3  2        3 of 5    not scored  (60%)
    R8          PNS  PNS  PNS  PNS  PNS         .  .  .  .  .        0 of 5    not scored
    (-- skipped, PNS prefer not to say)
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from voices.insight.scales import (
    NO_CLEAR_CHANGE,
    VICTIM_BLAMING,
    Direction,
    MeanEstimate,
    ScaleItems,
    cronbach_alpha,
    item_distributions,
    item_scores,
    mean_estimate,
    read_change,
    scale_scores,
    scales_in,
    wave_difference,
)
from voices.surveys.definition import LIKERT_CHOICES
from voices.surveys.loader import read_definition

SA, A, N, D, SD, PNS = (choice_id for choice_id, _ in LIKERT_CHOICES)
SURVEYS = Path(__file__).resolve().parents[2] / "surveys"

ITEMS = ScaleItems("victim_blaming", None, ("i1", "i2", "i3", "i4", "i5"), (False, False, True, False, True))
WAVE_1 = [
    (A, A, SD, N, D),
    (D, N, A, D, SA),
    (N, N, N, A, A),
    (SA, A, SD, SA, D),
    (SD, D, SA, D, SA),
    (A, None, N, A, SD),
    (D, PNS, None, N, A),
    (PNS, PNS, PNS, PNS, PNS),
]
NAN = math.nan


def columns(
    rows: list[tuple[str | None, ...]], item_ids: tuple[str, ...] = ITEMS.item_ids
) -> dict[str, list[str | None]]:
    return {item_id: [row[i] for row in rows] for i, item_id in enumerate(item_ids)}


def wave_1_scores() -> np.ndarray:
    return scale_scores(item_scores(ITEMS, columns(WAVE_1)))


def test_item_scores_are_reverse_keyed_and_missing_is_nan() -> None:
    expected = [
        [4, 4, 5, 3, 4],
        [2, 3, 2, 2, 1],
        [3, 3, 3, 4, 2],
        [5, 4, 5, 5, 4],
        [1, 2, 1, 2, 1],
        [4, NAN, 3, 4, 5],
        [2, NAN, NAN, 3, 2],
        [NAN] * 5,
    ]
    np.testing.assert_array_equal(item_scores(ITEMS, columns(WAVE_1)), np.array(expected))


def test_scale_scores_follow_the_missing_item_rule() -> None:
    # R6 answered exactly 80% (4 of 5) and is scored; R7 (60%) and R8 (none) are not.
    np.testing.assert_allclose(wave_1_scores(), [4.0, 2.0, 3.0, 4.6, 1.4, 4.0, NAN, NAN])


def test_item_distributions_count_answers_as_worded() -> None:
    # i1: A, D, N, SA, SD, A, D, PNS.     i2: A, N, N, A, D, --, PNS, PNS.
    # i3: SD, A, N, SD, SA, N, --, PNS (reverse keying does not change what people chose).
    first, second, third = item_distributions(ITEMS, columns(WAVE_1))[:3]
    assert first.counts == {SA: 1, A: 2, N: 1, D: 2, SD: 1, PNS: 1}
    assert (first.skipped, first.n) == (0, 8)
    assert second.counts == {SA: 0, A: 2, N: 2, D: 1, SD: 0, PNS: 2}
    assert (second.skipped, second.n) == (1, 7)
    assert third.counts == {SA: 1, A: 1, N: 2, D: 0, SD: 2, PNS: 1}
    assert (third.item_id, third.skipped, third.n) == ("i3", 1, 7)


def test_cronbach_alpha_by_hand() -> None:
    # Complete cases: R1 to R5 (R6 skipped i2), so n = 5, k = 5. Variances use n - 1 = 4.
    #   i1  4 2 3 5 1  mean 3.0  squared deviations 1 1 0 4 4                  sum 10.0  var 2.5
    #   i2  4 3 3 4 2  mean 3.2  .64 .04 .04 .64 1.44                          sum  2.8  var 0.7
    #   i3  5 2 3 5 1  mean 3.2  3.24 1.44 .04 3.24 4.84                       sum 12.8  var 3.2
    #   i4  3 2 4 5 2  mean 3.2  .04 1.44 .64 3.24 1.44                        sum  6.8  var 1.7
    #   i5  4 1 2 4 1  mean 2.4  2.56 1.96 .16 2.56 1.96                       sum  9.2  var 2.3
    #   Σσ²ᵢ = 2.5 + 0.7 + 3.2 + 1.7 + 2.3 = 10.4
    #   totals 20 10 15 23 7, mean 15, squared deviations 25 25 0 64 64, sum 178, σ²ₜ = 44.5
    #   alpha = 5/4 · (1 - 10.4/44.5) = 1.25 · 34.1/44.5 = 0.957865
    # Feldt, df 4 and 4·4 = 16: F(0.975; 4, 16) = 3.72942, F(0.025; 4, 16) = 0.115840 (F tables)
    #   low  = 1 - (1 - 0.957865) · 3.72942 = 1 - 0.157138 = 0.842862
    #   high = 1 - (1 - 0.957865) · 0.115840 = 1 - 0.004881 = 0.995119
    reliability = cronbach_alpha(item_scores(ITEMS, columns(WAVE_1)))
    assert reliability is not None
    assert (reliability.n, reliability.k) == (5, 5)
    assert reliability.alpha == pytest.approx(0.957865, abs=5e-4)
    assert reliability.low == pytest.approx(0.842862, abs=5e-4)
    assert reliability.high == pytest.approx(0.995119, abs=5e-4)


def test_mean_with_its_interval_by_hand() -> None:
    # Scored: 4.0 2.0 3.0 4.6 1.4 4.0, n = 6, sum 19, mean 19/6 = 3.166667.
    # Squared deviations .694444 1.361111 .027778 2.054444 3.121111 .694444, sum 7.953333,
    # variance 7.953333/5 = 1.590667, sd 1.261216, standard error 1.261216/√6 = 0.514888.
    # t(0.975; 5) = 2.570582: half-width 1.323565, interval 1.843101 to 4.490232.
    estimate = mean_estimate(wave_1_scores())
    assert estimate is not None
    assert estimate.n == 6
    assert estimate.mean == pytest.approx(3.166667, abs=5e-4)
    assert estimate.sd == pytest.approx(1.261216, abs=5e-4)
    assert estimate.low == pytest.approx(1.843101, abs=5e-4)
    assert estimate.high == pytest.approx(4.490232, abs=5e-4)


def test_wave_difference_with_no_clear_change_by_hand() -> None:
    # Wave 2 scale scores 2.0 2.4 1.6 3.0 2.0: n = 5, mean 2.2, squared deviations
    # .04 .04 .36 .64 .04, sum 1.12, variance 0.28.
    # s₁²/n₁ = 1.590667/6 = 0.265111, s₂²/n₂ = 0.28/5 = 0.056, se = √0.321111 = 0.566667.
    # Welch df = 0.321111² / (0.265111²/5 + 0.056²/4) = 0.103112 / 0.014841 = 6.947906.
    # t(0.975; 6.947906) = 2.368223; difference 2.2 - 3.166667 = -0.966667,
    # interval -0.966667 ± 1.341993 = -2.308660 to 0.375326: it includes 0.
    change = wave_difference(mean_estimate(wave_1_scores()), mean_estimate(np.array([2.0, 2.4, 1.6, 3.0, 2.0])))
    assert change is not None
    assert change.difference == pytest.approx(-0.966667, abs=5e-4)
    assert change.df == pytest.approx(6.947906, abs=5e-4)
    assert change.low == pytest.approx(-2.308660, abs=5e-4)
    assert change.high == pytest.approx(0.375326, abs=5e-4)
    assert change.reading == NO_CLEAR_CHANGE
    assert change.n == 5


def test_wave_difference_with_a_clear_change_by_hand() -> None:
    # Wave 3 scale scores 1.0 1.2 1.4 1.2 1.2: n = 5, mean 1.2, squared deviations
    # .04 0 .04 0 0, sum 0.08, variance 0.02, s²/n = 0.004.
    # se = √(0.265111 + 0.004) = 0.518759; df = 0.269111² / (0.265111²/5 + 0.004²/4)
    # = 0.072421 / 0.014061 = 5.150553; t(0.975; 5.150553) = 2.548145.
    # Difference 1.2 - 3.166667 = -1.966667, interval -1.966667 ± 1.321874 = -3.288540 to -0.644793.
    wave_1, wave_3 = mean_estimate(wave_1_scores()), mean_estimate(np.array([1.0, 1.2, 1.4, 1.2, 1.2]))
    fall = wave_difference(wave_1, wave_3)
    assert fall is not None
    assert fall.difference == pytest.approx(-1.966667, abs=5e-4)
    assert fall.df == pytest.approx(5.150553, abs=5e-4)
    assert fall.low == pytest.approx(-3.288540, abs=5e-4)
    assert fall.high == pytest.approx(-0.644793, abs=5e-4)
    assert fall.reading == "less victim-blaming"
    rise = wave_difference(wave_3, wave_1)
    assert rise is not None
    assert (rise.low, rise.high) == pytest.approx((0.644793, 3.288540), abs=5e-4)
    assert rise.reading == "more victim-blaming"


def test_the_reading_takes_other_words_for_another_scale() -> None:
    willing = Direction(higher="more willing to step in", lower="less willing to step in")
    assert read_change(0.1, 0.4, willing) == "more willing to step in"
    assert read_change(-0.4, -0.1, willing) == "less willing to step in"
    assert read_change(0.0, 0.4, VICTIM_BLAMING) == NO_CLEAR_CHANGE


def test_all_missing_scores_nobody() -> None:
    scores = item_scores(ITEMS, columns([(None, PNS, None, PNS, None)] * 4))
    assert np.isnan(scale_scores(scores)).all()
    assert mean_estimate(scale_scores(scores)) is None
    assert cronbach_alpha(scores) is None


def test_exactly_80_percent_of_15_items_is_scored_and_one_fewer_is_not() -> None:
    twelve = [3.0] * 12 + [NAN] * 3
    eleven = [3.0] * 11 + [NAN] * 4
    np.testing.assert_array_equal(scale_scores(np.array([twelve, eleven])), [3.0, NAN])


def test_the_rule_can_be_set() -> None:
    # R7 answered 3 of 5 items: scored under a 60% rule, with the mean of those three.
    assert scale_scores(item_scores(ITEMS, columns(WAVE_1)), Fraction(3, 5))[6] == pytest.approx(7 / 3)


def test_zero_variance() -> None:
    same = np.full((6, 5), 4.0)
    assert cronbach_alpha(same) is None  # totals do not vary: alpha is undefined
    estimate = mean_estimate(scale_scores(same))
    assert estimate == MeanEstimate(mean=4.0, sd=0.0, low=4.0, high=4.0, n=6)
    lower = mean_estimate(np.full(5, 3.0))
    change = wave_difference(estimate, lower)
    assert change is not None
    assert (change.difference, change.low, change.high, change.df) == (-1.0, -1.0, -1.0, None)
    assert change.reading == "less victim-blaming"
    unchanged = wave_difference(estimate, estimate)
    assert unchanged is not None and unchanged.reading == NO_CLEAR_CHANGE


def test_one_wave_empty() -> None:
    before = mean_estimate(wave_1_scores())
    assert mean_estimate(np.array([])) is None
    assert mean_estimate(np.array([NAN, 3.0])) is None  # one score gives no interval
    assert wave_difference(before, mean_estimate(np.array([]))) is None
    assert wave_difference(None, before) is None


def test_alpha_needs_three_complete_cases_and_two_items() -> None:
    scores = item_scores(ITEMS, columns(WAVE_1))
    assert cronbach_alpha(scores[:2]) is None
    assert cronbach_alpha(scores[:, :1]) is None
    assert cronbach_alpha(scores[:3]) is not None


def test_an_answer_that_is_not_a_likert_choice_is_refused() -> None:
    damaged = columns(WAVE_1)
    damaged["i4"][0] = "yes"
    with pytest.raises(ValueError, match="i4"):
        item_scores(ITEMS, damaged)
    with pytest.raises(ValueError, match="i4"):
        item_distributions(ITEMS, damaged)


def test_scales_and_subscales_from_the_shipped_survey() -> None:
    found = {items.key: items for items in scales_in(read_definition(SURVEYS / "attitudes.yaml"))}
    assert list(found) == [
        "victim_blaming",
        "victim_blaming.blame",
        "victim_blaming.minimising",
        "victim_blaming.doubting",
        "bystander",
    ]
    assert [len(items.item_ids) for items in found.values()] == [15, 5, 5, 5, 4]
    assert [sum(items.reverse) for items in found.values()] == [6, 2, 2, 2, 0]
    assert found["victim_blaming.blame"].item_ids[2] == "blame_only_the_attacker"
    assert found["victim_blaming.blame"].reverse[2]


def test_large_data_agrees_with_independent_formulas() -> None:
    rng = np.random.default_rng(7)
    trait = rng.normal(size=(100_000, 1))
    scores = np.clip(np.rint(3 + trait + rng.normal(size=(100_000, 6))), 1, 5)
    scores[rng.random(scores.shape) < 0.03] = NAN
    complete = scores[~np.isnan(scores).any(axis=1)]
    covariance = np.cov(complete, rowvar=False)
    reliability = cronbach_alpha(scores)
    assert reliability is not None
    assert reliability.alpha == pytest.approx(6 / 5 * (1 - np.trace(covariance) / covariance.sum()))
    assert reliability.low < reliability.alpha < reliability.high

    per_person = scale_scores(scores)
    half = len(per_person) // 2
    before, after = per_person[:half], per_person[half:] + 0.01
    change = wave_difference(mean_estimate(before), mean_estimate(after))
    welch = stats.ttest_ind(after[~np.isnan(after)], before[~np.isnan(before)], equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert change is not None
    assert change.df == pytest.approx(welch.df)
    assert (change.low, change.high) == pytest.approx((interval.low, interval.high))

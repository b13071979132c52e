"""Attitude scales: item scores, scale scores, reliability, means and change between waves.

Pure arithmetic over answers already loaded: no database, no disclosure control. Every result
carries `n`, the number of respondents it rests on, so the disclosure layer
(`voices.privacy.disclosure`) can withhold it. Work is vectorised over a respondents × items
matrix, so a report over 100,000 respondents stays quick.

Scoring follows the survey files: on an item without `reverse`, "strongly agree" scores 5 and
"strongly disagree" 1; a reverse item is scored the other way round. "Prefer not to say" and a
skipped item are missing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from scipy import stats

from voices.surveys.definition import LIKERT_CHOICES, LikertQuestion, SurveyDefinition

# Question id → each respondent's stored answer (a Likert choice id), None when skipped or not
# shown. Every column lists the same respondents in the same order.
Answers = Mapping[str, Sequence[str | None]]
FloatArray = npt.NDArray[np.float64]

LIKERT_IDS_IN_ORDER: tuple[str, ...] = tuple(choice_id for choice_id, _ in LIKERT_CHOICES)
# LIKERT_CHOICES lists the five agreement points from "strongly agree" down to "strongly
# disagree", then "prefer not to say", which carries no score.
_POINTS = LIKERT_IDS_IN_ORDER[:-1]
_FORWARD_SCORE = {choice_id: float(len(_POINTS) - i) for i, choice_id in enumerate(_POINTS)}
_HIGHEST = float(len(_POINTS))

DEFAULT_CONFIDENCE = 0.95
# The missing-item rule: a scale is scored only when at least this share of its items is answered.
DEFAULT_MIN_SHARE = Fraction(4, 5)
NO_CLEAR_CHANGE = "no clear change"


@dataclass(frozen=True, slots=True)
class ScaleItems:
    """The Likert items of one scale, or of one subscale, in the order the survey asks them."""

    scale_id: str
    subscale_id: str | None
    item_ids: tuple[str, ...]
    reverse: tuple[bool, ...]

    @property
    def key(self) -> str:
        """ "victim_blaming", or "victim_blaming.blame" for a subscale."""
        return self.scale_id if self.subscale_id is None else f"{self.scale_id}.{self.subscale_id}"


@dataclass(frozen=True, slots=True)
class Direction:
    """Plain words for a rise and for a fall in a scale's score."""

    higher: str
    lower: str


# The default reading: surveys/attitudes.yaml declares that a higher victim_blaming score (and so
# a higher score on each of its subscales) means more victim-blaming. The scale files say this only
# in prose, so another scale's words are passed in.
VICTIM_BLAMING = Direction(higher="more victim-blaming", lower="less victim-blaming")


@dataclass(frozen=True, slots=True)
class ItemDistribution:
    """How many respondents chose each answer to one item, as worded (before reverse keying)."""

    item_id: str
    counts: dict[str, int]  # every Likert choice id, "prefer not to say" included, in survey order
    skipped: int

    @property
    def n(self) -> int:
        """Respondents who chose any answer, "prefer not to say" included."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Reliability:
    """Cronbach's alpha from the `n` complete cases over `k` items, with its confidence interval."""

    alpha: float
    low: float
    high: float
    n: int
    k: int


@dataclass(frozen=True, slots=True)
class MeanEstimate:
    """The mean of `n` scale scores, their standard deviation and the mean's confidence interval."""

    mean: float
    sd: float
    low: float
    high: float
    n: int


@dataclass(frozen=True, slots=True)
class WaveDifference:
    """`after.mean - before.mean`, its confidence interval (Welch) and what that means in words."""

    before: MeanEstimate
    after: MeanEstimate
    difference: float
    low: float
    high: float
    df: float | None  # Welch–Satterthwaite; None when neither wave varies, and the interval is a point
    reading: str

    @property
    def n(self) -> int:
        """The smaller wave: the base a disclosure check needs, as both means are shown."""
        return min(self.before.n, self.after.n)


def scales_in(definition: SurveyDefinition) -> list[ScaleItems]:
    """Each declared scale, followed by its subscales in the order they first appear."""
    likert = [q for q in definition.questions if isinstance(q, LikertQuestion) and q.scale is not None]
    found: list[ScaleItems] = []
    for scale in definition.scales:
        members = [q for q in likert if q.scale == scale.id]
        found.append(_items(scale.id, None, members))
        for subscale_id in dict.fromkeys(q.subscale for q in members if q.subscale is not None):
            found.append(_items(scale.id, subscale_id, [q for q in members if q.subscale == subscale_id]))
    return found


def _items(scale_id: str, subscale_id: str | None, questions: list[LikertQuestion]) -> ScaleItems:
    return ScaleItems(scale_id, subscale_id, tuple(q.id for q in questions), tuple(q.reverse for q in questions))


def item_scores(items: ScaleItems, answers: Answers) -> FloatArray:
    """A respondents × items matrix of scores 1 to 5 after reverse keying; NaN where missing."""
    columns = [
        _score_column(item_id, rev, answers[item_id])
        for item_id, rev in zip(items.item_ids, items.reverse, strict=True)
    ]
    if not columns:
        return np.empty((0, 0))
    return np.column_stack(columns)


def _score_column(item_id: str, reverse: bool, column: Sequence[str | None]) -> FloatArray:
    lookup: dict[str | None, float] = dict.fromkeys([*LIKERT_IDS_IN_ORDER, None], math.nan)
    lookup |= {choice_id: _HIGHEST + 1 - score if reverse else score for choice_id, score in _FORWARD_SCORE.items()}
    try:
        return np.fromiter(map(lookup.__getitem__, column), dtype=np.float64, count=len(column))
    except KeyError as error:
        # Answers are validated when stored: anything else is damage, never to be scored as missing.
        raise ValueError(f"{item_id}: {error.args[0]!r} is not a Likert answer") from None


def score_table(reverse: bool) -> FloatArray:
    """Scores indexed by an answer's position in LIKERT_IDS_IN_ORDER, after keying: the same
    arithmetic as `item_scores`, for answers held as codes. "Prefer not to say" is NaN, and so is
    one more entry at the end, which code -1 (no answer) reads."""
    scores = [_HIGHEST + 1 - _FORWARD_SCORE[c] if reverse else _FORWARD_SCORE[c] for c in _POINTS]
    return np.array([*scores, math.nan, math.nan], dtype=np.float64)


def scale_scores(scores: FloatArray, min_share: Fraction = DEFAULT_MIN_SHARE) -> FloatArray:
    """Each respondent's mean over the items they answered; NaN below the missing-item rule.

    The rule is counted in whole items with exact fractions, so exactly 80% (4 of 5, 12 of 15)
    is scored and no rounding of 0.8 can tip it either way.
    """
    answered = ~np.isnan(scores)
    counts = answered.sum(axis=1)
    needed = max(1, math.ceil(min_share * scores.shape[1]))
    means = np.where(answered, scores, 0.0).sum(axis=1) / np.maximum(counts, 1)
    return np.where(counts >= needed, means, np.nan)


def item_distributions(items: ScaleItems, answers: Answers) -> list[ItemDistribution]:
    """Counts of each answer to each item of the scale."""
    return [_distribution(item_id, answers[item_id]) for item_id in items.item_ids]


def _distribution(item_id: str, column: Sequence[str | None]) -> ItemDistribution:
    tally = Counter(column)
    skipped = tally.pop(None, 0)
    unknown = set(tally) - set(LIKERT_IDS_IN_ORDER)
    if unknown:
        raise ValueError(f"{item_id}: {sorted(unknown)!r} are not Likert answers")
    return ItemDistribution(item_id, {choice_id: tally[choice_id] for choice_id in LIKERT_IDS_IN_ORDER}, skipped)


def cronbach_alpha(scores: FloatArray, confidence: float = DEFAULT_CONFIDENCE) -> Reliability | None:
    """Alpha from the respondents who answered every item, with Feldt's confidence interval.

    None when alpha is undefined or meaningless: fewer than 2 items, fewer than 3 complete cases,
    or totals that do not vary.
    """
    totals = scores.sum(axis=1)  # NaN wherever an item is missing
    complete = ~np.isnan(totals)
    n, k = int(complete.sum()), scores.shape[1]
    if k < 2 or n < 3:
        return None
    total_variance = totals[complete].var(ddof=1)
    if total_variance == 0:
        return None
    # alpha = k/(k-1) · (1 - Σσ²ᵢ / σ²ₜ), item and total variances both with n - 1.
    alpha = k / (k - 1) * (1 - scores[complete].var(axis=0, ddof=1).sum() / total_variance)
    low, high = _feldt_interval(float(alpha), n, k, confidence)
    return Reliability(float(alpha), low, high, n, k)


def _feldt_interval(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    """Feldt's interval for alpha (Feldt 1965, Psychometrika 30:357; Feldt, Woodruff & Salih 1987).

    (1 - α) / (1 - α̂) follows F with n - 1 and (n - 1)(k - 1) degrees of freedom, so
    α lies between 1 - (1 - α̂)·F(1 - γ/2) and 1 - (1 - α̂)·F(γ/2), where γ = 1 - confidence.
    """
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    upper_f, lower_f = stats.f.ppf([1 - tail, tail], df1, df2)
    return 1 - (1 - alpha) * float(upper_f), 1 - (1 - alpha) * float(lower_f)


def mean_estimate(scores: FloatArray, confidence: float = DEFAULT_CONFIDENCE) -> MeanEstimate | None:
    """Mean of the scored respondents (NaN dropped), with a t-based interval; None below 2 scores."""
    scored = scores[~np.isnan(scores)]
    n = scored.size
    if n < 2:
        return None
    mean, sd = float(scored.mean()), float(scored.std(ddof=1))
    half = _t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    return MeanEstimate(mean, sd, mean - half, mean + half, n)


def wave_difference(
    before: MeanEstimate | None,
    after: MeanEstimate | None,
    direction: Direction = VICTIM_BLAMING,
    confidence: float = DEFAULT_CONFIDENCE,
) -> WaveDifference | None:
    """The change from `before` to `after` with Welch's interval; None when a wave has no estimate.

    Welch's t does not assume the waves spread alike, which a change of attitudes may well alter.
    """
    if before is None or after is None:
        return None
    before_part, after_part = before.sd**2 / before.n, after.sd**2 / after.n
    se = math.sqrt(before_part + after_part)
    difference = after.mean - before.mean
    df: float | None = None
    half = 0.0
    if se > 0:
        # Welch–Satterthwaite: df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁-1) + (s₂²/n₂)²/(n₂-1)).
        df = (before_part + after_part) ** 2 / (before_part**2 / (before.n - 1) + after_part**2 / (after.n - 1))
        half = _t_quantile(confidence, df) * se
    low, high = difference - half, difference + half
    return WaveDifference(before, after, difference, low, high, df, read_change(low, high, direction))


def read_change(low: float, high: float, direction: Direction = VICTIM_BLAMING) -> str:
    """Plain words for a change whose interval runs from `low` to `high`."""
    if low > 0:
        return direction.higher
    if high < 0:
        return direction.lower
    return NO_CLEAR_CHANGE


def _t_quantile(confidence: float, df: float) -> float:
    return float(stats.t.ppf((1 + confidence) / 2, df))

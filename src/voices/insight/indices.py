"""Attitude indices for each scale and subscale a survey declares, as the report shows them.

The arithmetic is `scales.py`'s; this module picks the respondents, and publishes every result
through the disclosure layer: a distribution as a one-way table, a mean, an alpha or a change as a
statistic withheld when it rests on fewer people than the threshold.

Each item is scored once per report, as a column over every submission of the dataset; the filter,
each wave and the change between waves are boolean masks over those columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voices.insight.dataset import NO_ANSWER, NOT_LIKERT, BoolArray, Dataset
from voices.insight.filters import period_words, previous_period
from voices.insight.publish import one_way
from voices.insight.scales import (
    LIKERT_IDS_IN_ORDER,
    Direction,
    FloatArray,
    MeanEstimate,
    ScaleItems,
    cronbach_alpha,
    mean_estimate,
    scale_scores,
    scales_in,
    score_table,
    wave_difference,
)
from voices.privacy.disclosure import DisclosurePolicy, Figure, Hidden
from voices.surveys.definition import Scale, SurveyDefinition, translate

PLAIN = Direction(higher="a higher score", lower="a lower score")


@dataclass(frozen=True, slots=True)
class Distribution:
    item_id: str
    prompt: str
    reverse: bool
    counts: list[Figure[int]]  # in the order of LIKERT_CHOICES
    shares: list[Figure[float]]
    answered: Figure[int]


@dataclass(frozen=True, slots=True)
class WaveMean:
    period: str
    mean: Figure[float]  # "3.4 (3.2 to 3.6)"
    estimate: MeanEstimate | None  # for the chart, set only when `mean` is shown


@dataclass(frozen=True, slots=True)
class Index:
    key: str
    title: str
    higher_means: str
    items: list[Distribution]
    mean: Figure[float]
    alpha: Figure[float]
    by_wave: list[WaveMean]
    change_between: str  # "2025 and 2026", or "" when there are not two waves
    change: Figure[float]
    reading: str


def question_ids(definition: SurveyDefinition) -> list[str]:
    return [item for scale in scales_in(definition) for item in scale.item_ids]


def direction(scale: Scale | None) -> Direction:
    if scale is None or scale.higher_means is None or scale.lower_means is None:
        return PLAIN
    return Direction(higher=scale.higher_means, lower=scale.lower_means)


def indices(
    policy: DisclosurePolicy,
    definition: SurveyDefinition,
    data: Dataset,
    kept: BoolArray,
    waves_pool: BoolArray,
    filtered: bool,
    period: str | None,
) -> list[Index]:
    """`kept`: the filtered respondents; `waves_pool`: the same filter without its period, whose
    years are the waves compared (the filter's period against the one before, else the last two)."""
    declared = {scale.id: scale for scale in definition.scales}
    prompts = {q.id: translate(q.prompt, "en") for q in definition.questions}
    scored = _Scored(data)
    # The waves and each wave's respondents, once for every scale.
    years = data.years[waves_pool]
    waves = {str(year): waves_pool & (data.years == year) for year in np.unique(years).tolist()}
    found = []
    for items in scales_in(definition):
        scale = declared.get(items.scale_id)
        words = direction(scale)
        title = translate(scale.title, "en") if scale else items.scale_id
        if items.subscale_id is not None:
            title = f"{title}: {items.subscale_id.replace('_', ' ')}"
        found.append(_index(policy, items, title, words, prompts, scored, kept, waves, filtered, period))
    return found


class _Scored:
    """Each item's codes and scores over every submission, worked out once per report."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self._scores: dict[tuple[str, bool], FloatArray] = {}

    def codes(self, item_id: str) -> np.ndarray:
        column = self.data.likert.get(item_id)
        if column is None:  # an item nobody could answer (not read): every answer missing
            return np.full(self.data.size, NO_ANSWER, dtype=np.int8)
        if (column == NOT_LIKERT).any():
            # Answers are validated when stored: anything else is damage, never to be scored as missing.
            raise ValueError(f"{item_id}: a stored answer is not a Likert answer")
        return column

    def matrix(self, items: ScaleItems) -> FloatArray:
        """Respondents × items, scores 1 to 5 after reverse keying, NaN where missing (all submissions)."""
        columns = []
        for item_id, reverse in zip(items.item_ids, items.reverse, strict=True):
            if (item_id, reverse) not in self._scores:
                # Code -1 (no answer) reads the table's last entry, which is NaN.
                self._scores[(item_id, reverse)] = score_table(reverse)[self.codes(item_id)]
            columns.append(self._scores[(item_id, reverse)])
        if not columns:
            return np.empty((self.data.size, 0))
        return np.column_stack(columns)


def _index(
    policy: DisclosurePolicy,
    items: ScaleItems,
    title: str,
    words: Direction,
    prompts: dict[str, str],
    scored: _Scored,
    kept: BoolArray,
    waves: dict[str, BoolArray],
    filtered: bool,
    period: str | None,
) -> Index:
    every = scored.matrix(items)
    # A scale score is one respondent's own: scored once, then any subset is a slice of it.
    people = scale_scores(every)
    everyone = not filtered and bool(kept.all())
    estimate = mean_estimate(people if everyone else people[kept])
    reliability = cronbach_alpha(every if everyone else every[kept])
    estimates = {wave: mean_estimate(people[who]) for wave, who in waves.items()}
    by_wave = [_wave_mean(policy, wave, estimate) for wave, estimate in estimates.items()]
    after = period[:4] if period else (list(waves)[-1] if waves else None)
    before = previous_period(after) if after else None
    change, reading, between = policy.hidden(Hidden.SMALL_BASE), "", ""
    if after and before in waves and after in waves:
        difference = wave_difference(estimates[before], estimates[after], words)
        between = f"{period_words(before)} and {period_words(after)}"
        if difference is not None:
            change = policy.statistic(
                difference.difference,
                difference.n,
                f"{difference.difference:+.2f} ({difference.low:+.2f} to {difference.high:+.2f})",
            )
            reading = difference.reading if change.shown else ""
    return Index(
        key=items.key,
        title=title,
        higher_means=words.higher,
        items=_distributions(policy, items, prompts, scored, kept, filtered),
        mean=_mean_figure(policy, estimate),
        alpha=(
            policy.statistic(
                reliability.alpha,
                reliability.n,
                f"{reliability.alpha:.2f} ({reliability.low:.2f} to {reliability.high:.2f})",
            )
            if reliability is not None
            else policy.hidden(Hidden.SMALL_BASE)
        ),
        by_wave=by_wave,
        change_between=between,
        change=change,
        reading=reading,
    )


def _mean_figure(policy: DisclosurePolicy, estimate: MeanEstimate | None) -> Figure[float]:
    if estimate is None:
        return policy.hidden(Hidden.SMALL_BASE)
    return policy.statistic(
        estimate.mean, estimate.n, f"{estimate.mean:.2f} ({estimate.low:.2f} to {estimate.high:.2f})"
    )


def _wave_mean(policy: DisclosurePolicy, period: str, estimate: MeanEstimate | None) -> WaveMean:
    figure = _mean_figure(policy, estimate)
    return WaveMean(period, figure, estimate if figure.shown else None)


def _counts(codes: np.ndarray, mask: BoolArray | None) -> list[int]:
    """How many chose each Likert answer, in LIKERT_IDS_IN_ORDER; skipped items are not counted."""
    chosen = codes if mask is None else codes[mask]
    chosen = chosen[chosen != NO_ANSWER]
    return np.bincount(chosen, minlength=len(LIKERT_IDS_IN_ORDER)).tolist()


def _distributions(
    policy: DisclosurePolicy,
    items: ScaleItems,
    prompts: dict[str, str],
    scored: _Scored,
    kept: BoolArray,
    filtered: bool,
) -> list[Distribution]:
    found = []
    for item_id, reverse in zip(items.item_ids, items.reverse, strict=True):
        codes = scored.codes(item_id)
        table = one_way(policy, _counts(codes, None), _counts(codes, kept) if filtered else None)
        shares = [policy.percentage(cell, table.total) for cell in table.cells]
        found.append(
            Distribution(
                item_id, prompts.get(item_id, item_id), reverse, list(table.cells), shares, table.total
            )
        )
    return found

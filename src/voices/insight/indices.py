"""Attitude indices for each scale and subscale a survey declares, as the report shows them.

The arithmetic is `scales.py`'s; this module picks the respondents, and publishes every result
through the disclosure layer: a distribution as a one-way table, a mean, an alpha or a change as a
statistic withheld when it rests on fewer people than the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from voices.insight.filters import period_words, previous_period, year_of
from voices.insight.publish import one_way
from voices.insight.responses import Sent
from voices.insight.scales import (
    LIKERT_IDS_IN_ORDER,
    Direction,
    MeanEstimate,
    ScaleItems,
    cronbach_alpha,
    item_distributions,
    item_scores,
    mean_estimate,
    scale_scores,
    scales_in,
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
    everyone: Sequence[Sent],
    kept: Sequence[Sent],
    waves_pool: Sequence[Sent],
    values: dict[str, dict[int, Any]],
    filtered: bool,
    period: str | None,
) -> list[Index]:
    """`kept`: the filtered respondents; `waves_pool`: the same filter without its period, whose
    years are the waves compared (the filter's period against the one before, else the last two)."""
    declared = {scale.id: scale for scale in definition.scales}
    prompts = {q.id: translate(q.prompt, "en") for q in definition.questions}
    found = []
    for items in scales_in(definition):
        scale = declared.get(items.scale_id)
        words = direction(scale)
        title = translate(scale.title, "en") if scale else items.scale_id
        if items.subscale_id is not None:
            title = f"{title}: {items.subscale_id.replace('_', ' ')}"
        found.append(
            _index(policy, items, title, words, prompts, everyone, kept, waves_pool, values, filtered, period)
        )
    return found


def _index(
    policy: DisclosurePolicy,
    items: ScaleItems,
    title: str,
    words: Direction,
    prompts: dict[str, str],
    everyone: Sequence[Sent],
    kept: Sequence[Sent],
    waves_pool: Sequence[Sent],
    values: dict[str, dict[int, Any]],
    filtered: bool,
    period: str | None,
) -> Index:
    matrix = item_scores(items, _answers(items, kept, values))
    estimate = mean_estimate(scale_scores(matrix))
    reliability = cronbach_alpha(matrix)
    waves = sorted({year_of(s.day) for s in waves_pool})
    by_wave = [_wave_mean(policy, items, p, waves_pool, values) for p in waves]
    after = period[:4] if period else (waves[-1] if waves else None)
    before = previous_period(after) if after else None
    change, reading, between = policy.hidden(Hidden.SMALL_BASE), "", ""
    if after and before in waves and after in waves:
        difference = wave_difference(
            _estimate(items, before, waves_pool, values), _estimate(items, after, waves_pool, values), words
        )
        between = f"{period_words(before)} and {period_words(after)}"
        if difference is not None:
            change = policy.statistic(
                difference.difference, difference.n,
                f"{difference.difference:+.2f} ({difference.low:+.2f} to {difference.high:+.2f})",
            )
            reading = difference.reading if change.shown else ""
    return Index(
        key=items.key,
        title=title,
        higher_means=words.higher,
        items=_distributions(policy, items, prompts, everyone, kept, values, filtered),
        mean=_mean_figure(policy, estimate),
        alpha=(
            policy.statistic(
                reliability.alpha, reliability.n,
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
    return policy.statistic(estimate.mean, estimate.n, f"{estimate.mean:.2f} ({estimate.low:.2f} to {estimate.high:.2f})")


def _wave_mean(
    policy: DisclosurePolicy, items: ScaleItems, period: str, pool: Sequence[Sent], values: dict[str, dict[int, Any]]
) -> WaveMean:
    estimate = _estimate(items, period, pool, values)
    figure = _mean_figure(policy, estimate)
    return WaveMean(period, figure, estimate if figure.shown else None)


def _estimate(
    items: ScaleItems, period: str, pool: Sequence[Sent], values: dict[str, dict[int, Any]]
) -> MeanEstimate | None:
    wave = [s for s in pool if year_of(s.day) == period]
    return mean_estimate(scale_scores(item_scores(items, _answers(items, wave, values))))


def _answers(items: ScaleItems, sent: Sequence[Sent], values: dict[str, dict[int, Any]]) -> dict[str, list[Any]]:
    return {item: [values[item].get(s.id) for s in sent] for item in items.item_ids}


def _distributions(
    policy: DisclosurePolicy,
    items: ScaleItems,
    prompts: dict[str, str],
    everyone: Sequence[Sent],
    kept: Sequence[Sent],
    values: dict[str, dict[int, Any]],
    filtered: bool,
) -> list[Distribution]:
    everyone_counts = item_distributions(items, _answers(items, everyone, values))
    kept_counts = item_distributions(items, _answers(items, kept, values)) if filtered else everyone_counts
    found = []
    for item_id, reverse, whole, part in zip(items.item_ids, items.reverse, everyone_counts, kept_counts, strict=True):
        table = one_way(
            policy,
            [whole.counts[c] for c in LIKERT_IDS_IN_ORDER],
            [part.counts[c] for c in LIKERT_IDS_IN_ORDER] if filtered else None,
        )
        shares = [policy.percentage(cell, table.total) for cell in table.cells]
        found.append(Distribution(item_id, prompts.get(item_id, item_id), reverse, list(table.cells), shares, table.total))
    return found

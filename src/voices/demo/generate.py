"""Generated respondents: one submission each, shaped like what the real form stores.

Likert items are a latent attitude per respondent and scale (a subscale shares most of its scale's)
plus noise, cut into the five points, so scales hang together the way real ones do; questions are
asked or skipped through the form's own branching rules (flow.is_shown). The same seed and day give
the same submissions.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from voices.demo.comments import Comment, CommentBox, box_for
from voices.surveys.answers import RawAnswer, Value
from voices.surveys.definition import (
    FreeTextQuestion,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    SurveyDefinition,
)
from voices.surveys.flow import is_shown
from voices.surveys.writer import StoredAnswer

SPAN_DAYS = 540  # submissions are dated over the last 18 months

# Most people come in two survey waves a year apart; the rest trickle in between. Positions are
# fractions of the span: (share, centre, half-width); None is the trickle, spread evenly.
ARRIVALS: tuple[tuple[float, float | None, float], ...] = ((0.35, 0.2, 0.06), (0.4, 0.85, 0.06), (0.25, None, 0.0))

# Where the shipped scales sit, and how far they move over the span, in standard deviations: most
# people reject victim-blaming statements and say they would step in, and both drift the way the
# strategy hopes, so the report has a change between waves to show. Other scales sit mid-way.
SCALE_TRENDS: dict[str, tuple[float, float]] = {"victim_blaming": (-1.3, -0.3), "bystander": (0.8, 0.25)}
UNSCALED = ""  # Likert items in no scale share one latent too (knowing where to get help, say)
UNSCALED_TREND = (0.2, 0.2)
# Who answers moves where they sit, by about the sizes surveys of this kind report, so a report's
# breakdowns by gender and age have differences to show: (question, choice) -> {scale: shift}.
GROUP_SHIFTS: dict[tuple[str, str], dict[str, float]] = {
    ("gender", "man"): {"victim_blaming": 0.35, "bystander": -0.2},
    ("gender", "woman"): {"victim_blaming": -0.1, "bystander": 0.1},
    ("age_band", "age_16_24"): {"victim_blaming": 0.1, UNSCALED: -0.25},
    ("age_band", "age_65_plus"): {"victim_blaming": 0.3, "bystander": -0.15},
}
SUBSCALE_SHARE = 0.75  # correlation of a subscale's latent with its scale's
ITEM_NOISE = 1.2  # gives inter-item correlations of about 0.3-0.4: alpha around 0.85 for 15 items
LIKERT_POINTS = ("strongly_disagree", "disagree", "neither", "agree", "strongly_agree")
LIKERT_CUTS = (-1.9, -0.7, 0.5, 1.7)

# Answers few people give: "prefer not to say", "don't know", "something else".
RARE_CHOICES = frozenset(
    {"prefer_not_to_say", "not_sure", "dont_know", "dont_remember", "another_way", "non_binary", "outside_county",
     "something_else", "other"}
)  # fmt: skip
RARE_WEIGHT = 0.12
RARE_TICK = 0.06
# Services nearly everyone has heard of: a report showing a third know 999 would not look real.
TICK_RATES: dict[tuple[str, str], float] = {
    ("services_known", "police_999"): 0.96, ("services_known", "nhs_111"): 0.85, ("services_known", "gp"): 0.85,
    ("services_known", "samaritans"): 0.75, ("services_known", "police_101"): 0.7,
}  # fmt: skip
EXCLUSIVE_ALONE = 0.07  # chance of ticking an exclusive choice ("none of these") on its own

COMMENTER_SHARE = 0.3
ANSWER_EACH_BOX = 0.6  # a commenter facing several comment boxes fills each with this chance
FOLLOW_UP_ANSWERED = 0.5  # "what else?" boxes after ticking "something else"


@dataclass(frozen=True, slots=True)
class DemoSubmission:
    submitted_on: dt.date
    answers: list[StoredAnswer]


@dataclass(frozen=True, slots=True)
class Respondent:
    place_in_span: float  # 0 = the first day of the span, 1 = today
    latents: dict[str, float]
    skip: float  # chance of skipping any one question
    prefer_not: float  # chance of "prefer not to say" on a Likert item
    ticking: float  # ticks more (or fewer) boxes than most, in logits
    comments: bool
    choices: dict[str, str]  # single-choice answers, drawn first: who someone is shapes what they think


class SurveyPlan:
    """What each question's answers look like, drawn once per survey, then a respondent at a time."""

    def __init__(self, definition: SurveyDefinition, rng: random.Random) -> None:
        self.definition = definition
        self.single_choices = {
            q.id: ([c.id for c in q.choices], [_choice_weight(rng, c.id) for c in q.choices])
            for q in definition.questions
            if isinstance(q, SingleChoiceQuestion)
        }
        self.tick_logits = {
            q.id: [_logit(_tick_rate(rng, q.id, c.id)) for c in q.choices]
            for q in definition.questions
            if isinstance(q, MultipleChoiceQuestion)
        }
        # Items differ in how readily people agree, as real items do.
        self.item_offsets = {q.id: rng.uniform(-0.4, 0.4) for q in definition.questions if isinstance(q, LikertQuestion)}
        main_boxes = [q for q in definition.questions if isinstance(q, FreeTextQuestion) and q.show_if is None]
        self.answer_each_box = 1.0 if len(main_boxes) == 1 else ANSWER_EACH_BOX
        self.boxes: dict[str, CommentBox] = {
            q.id: box_for(q, definition) for q in definition.questions if isinstance(q, FreeTextQuestion)
        }
        self.scales = {q.scale for q in definition.questions if isinstance(q, LikertQuestion) and q.scale}
        self.subscales = {
            (q.scale, q.subscale)
            for q in definition.questions
            if isinstance(q, LikertQuestion) and q.scale and q.subscale
        }

    def respondent(self, rng: random.Random) -> Respondent:
        place = _arrival(rng)
        choices = {qid: rng.choices(ids, weights)[0] for qid, (ids, weights) in self.single_choices.items()}
        shifts: dict[str, float] = {}
        for answer in choices.items():
            for key, shift in GROUP_SHIFTS.get(answer, {}).items():
                shifts[key] = shifts.get(key, 0.0) + shift
        latents = {UNSCALED: _centre(UNSCALED_TREND, place) + shifts.get(UNSCALED, 0.0) + rng.gauss(0, 1)}
        for scale in self.scales:
            centre = _centre(SCALE_TRENDS.get(scale, (0.0, 0.0)), place) + shifts.get(scale, 0.0)
            own = rng.gauss(0, 1)
            latents[scale] = centre + own
            for subscale in (sub for parent, sub in self.subscales if parent == scale):
                unique = math.sqrt(1 - SUBSCALE_SHARE**2) * rng.gauss(0, 1)
                latents[f"{scale}/{subscale}"] = centre + SUBSCALE_SHARE * own + unique
        # A few people skip a lot, or keep to "prefer not to say"; most answer nearly everything.
        skip = 0.25 if rng.random() < 0.08 else 0.03
        prefer_not = 0.2 if rng.random() < 0.05 else 0.015
        ticking, comments = rng.gauss(0, 0.7), rng.random() < COMMENTER_SHARE
        return Respondent(place, latents, skip, prefer_not, ticking, comments, choices)

    def submission(self, rng: random.Random, today: dt.date) -> DemoSubmission:
        person = self.respondent(rng)
        raw: dict[str, RawAnswer] = {}
        answers: list[StoredAnswer] = []
        for question in self.definition.questions:
            if question.show_if is not None and not is_shown(question, raw, self.definition):
                continue
            if isinstance(question, FreeTextQuestion):
                comment = self._comment(rng, person, question)
                if comment is not None:
                    raw[question.id] = comment.text
                    answers.append(StoredAnswer(question.id, text=comment.text, redacted=comment.redacted))
                continue
            if rng.random() < person.skip:
                continue
            value = self._value(rng, person, question)
            if value is not None:
                raw[question.id] = [str(v) for v in value] if isinstance(value, list) else str(value)
                answers.append(StoredAnswer(question.id, value=value))
        submitted_on = today - dt.timedelta(days=round((1 - person.place_in_span) * SPAN_DAYS))
        return DemoSubmission(submitted_on, answers)

    def _value(self, rng: random.Random, person: Respondent, question: Question) -> Value | None:
        match question:
            case LikertQuestion():
                return self._likert(rng, person, question)
            case SingleChoiceQuestion():
                return person.choices[question.id]
            case MultipleChoiceQuestion():
                return self._ticked(rng, person, question)
            case NumberQuestion():
                return _number(rng, question)
        raise TypeError(f"no demo answers for {type(question).__name__}")

    def _likert(self, rng: random.Random, person: Respondent, question: LikertQuestion) -> str:
        if rng.random() < person.prefer_not:
            return "prefer_not_to_say"
        key = f"{question.scale}/{question.subscale}" if question.scale and question.subscale else question.scale
        attitude = person.latents[key or UNSCALED] + rng.gauss(0, ITEM_NOISE)
        # Agreeing with a reverse item means a lower score, so its agreement runs the other way.
        agreement = (-attitude if question.reverse else attitude) + self.item_offsets[question.id]
        return LIKERT_POINTS[bisect(LIKERT_CUTS, agreement)]

    def _ticked(self, rng: random.Random, person: Respondent, question: MultipleChoiceQuestion) -> list[str] | None:
        if question.exclusive and rng.random() < EXCLUSIVE_ALONE:
            return [rng.choice(question.exclusive)]
        logits = self.tick_logits[question.id]
        ticked = [
            choice.id
            for choice, logit in zip(question.choices, logits, strict=True)
            if choice.id not in question.exclusive and rng.random() < _sigmoid(logit + person.ticking)
        ]
        return ticked or None  # nothing ticked is a skipped question, as on the form

    def _comment(self, rng: random.Random, person: Respondent, question: FreeTextQuestion) -> Comment | None:
        if question.show_if is not None:
            wanted = rng.random() < FOLLOW_UP_ANSWERED
        else:
            wanted = person.comments and rng.random() < self.answer_each_box
        return self.boxes[question.id].write(rng) if wanted else None


def generate(definition: SurveyDefinition, count: int, seed: int, today: dt.date) -> Iterator[DemoSubmission]:
    """`count` demo submissions to `definition`, dated up to `today`; the same arguments, the same data."""
    rng = random.Random(seed)
    plan = SurveyPlan(definition, rng)
    for _ in range(count):
        yield plan.submission(rng, today)


def _arrival(rng: random.Random) -> float:
    share_roll, position = rng.random(), 0.0
    for share, centre, half_width in ARRIVALS:
        if share_roll < share:
            position = rng.random() if centre is None else rng.triangular(centre - half_width, centre + half_width)
            break
        share_roll -= share
    return min(max(position, 0.0), 1.0)


def _centre(trend: tuple[float, float], place: float) -> float:
    level, drift = trend
    return level + drift * (place - 0.5)


def _tick_rate(rng: random.Random, question_id: str, choice_id: str) -> float:
    if (question_id, choice_id) in TICK_RATES:
        return TICK_RATES[question_id, choice_id]
    return RARE_TICK if choice_id in RARE_CHOICES else rng.uniform(0.08, 0.6)


def _choice_weight(rng: random.Random, choice_id: str) -> float:
    return rng.gammavariate(2.0, 1.0) * (RARE_WEIGHT if choice_id in RARE_CHOICES else 1.0)


def _number(rng: random.Random, question: NumberQuestion) -> int:
    # Counts people give are mostly small with a long tail.
    low = question.minimum if question.minimum is not None else 0
    high = question.maximum if question.maximum is not None else low + 50
    return low + int((high - low) * rng.random() ** 2.5)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))

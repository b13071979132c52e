"""A deliberately small, explainable polarity for comments: count words from two short lists.

Each positive word scores +1 and each negative word -1; a word inside a negation scope (the
shared pipeline's rule: "not helpful", "never listened") counts the other way. A comment is
positive above zero, negative below, neutral at zero (no listed word, or as many of each).
It is a rough split for a summary line, not a classifier: officers can read the word lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from voices.text import Analysis

Polarity = Literal["positive", "negative", "neutral"]

POSITIVE_WORDS = frozenset(
    """good great excellent brilliant amazing fantastic wonderful lovely outstanding superb
    helpful supportive kind friendly caring compassionate patient respectful polite professional
    reassure reassuring understanding understand listen listened safe comfortable calm
    thank thanks thankful grateful appreciate appreciated pleased happy glad satisfy satisfied
    quick prompt efficient easy clear informative thorough welcoming warm gentle believe
    believed recommend best better improve improved positive nice perfect""".split()
)
NEGATIVE_WORDS = frozenset(
    """bad poor terrible awful horrible dreadful appalling worst worse rude unhelpful
    unprofessional dismissive disrespectful ignore ignored judge judged judgemental blame blamed
    cold uncaring unkind insensitive rush rushed slow delay delayed late cancel cancelled
    confusing confused unclear difficult hard impossible lost unsafe scared afraid frightened
    upset angry frustrated frustrating disappointed disappointing distress distressing lack
    dirty noisy problem complaint fail failed neglect neglected worry worried anxious
    stressful stress awful useless pointless unacceptable""".split()
)


def polarity(analysis: Analysis) -> Polarity:
    score = 0
    for word, lemma, negated in zip(analysis.words, analysis.lemmas, analysis.negated, strict=True):
        sign = 1 if word in POSITIVE_WORDS or lemma in POSITIVE_WORDS else 0
        sign = -1 if word in NEGATIVE_WORDS or lemma in NEGATIVE_WORDS else sign
        score += -sign if negated else sign
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def polarities(analyses: Sequence[Analysis]) -> list[Polarity]:
    return [polarity(a) for a in analyses]

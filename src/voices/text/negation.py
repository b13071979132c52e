"""Negation scope: which words sit under a "not", so "not believed" is not read as "believed".

``negation_scope(norms)`` is the rule on plain lower-case norms (used by the fast features path);
the ``voices_negation`` component applies the same rule to a Doc and sets ``Token._.negated``
(bool) and ``Token._.negation_cue`` (bool).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

NEGATION_CUES = [
    "not", "no", "never", "nobody", "nothing", "nowhere", "none", "neither", "nor",
    "without", "hardly", "barely", "cannot", "noone", "no-one",
]
# Scope stops at a clause break: "not believed, but helped" leaves "helped" un-negated.
SCOPE_TERMINATORS = [
    ".", ",", ";", ":", "!", "?", "(", ")", "but", "however", "although", "though", "yet",
    "except", "because", "until", "so", "whereas", "while",
]
DEFAULT_MAX_SCOPE = 6

if not Token.has_extension("negated"):
    Token.set_extension("negated", default=False)
if not Token.has_extension("negation_cue"):
    Token.set_extension("negation_cue", default=False)


def negation_scope(
    norms: Sequence[str],
    cues: frozenset[str] = frozenset(NEGATION_CUES),
    terminators: frozenset[str] = frozenset(SCOPE_TERMINATORS),
    max_scope: int = DEFAULT_MAX_SCOPE,
) -> list[bool]:
    """For each norm, whether it falls inside the scope of a preceding negation cue."""
    negated = [False] * len(norms)
    remaining = 0
    for i, norm in enumerate(norms):
        if norm in cues:
            remaining = max_scope
        elif norm in terminators:
            remaining = 0
        elif remaining:
            negated[i] = True
            remaining -= 1
    return negated


class NegationMarker:
    """Marks tokens inside a negation scope; cues themselves are marked as cues, not negated."""

    def __init__(self, cues: list[str], terminators: list[str], max_scope: int) -> None:
        self.cues = frozenset(cues)
        self.terminators = frozenset(terminators)
        self.max_scope = max_scope

    def __call__(self, doc: Doc) -> Doc:
        norms = [token.norm_ for token in doc]
        scope = negation_scope(norms, self.cues, self.terminators, self.max_scope)
        for token, norm, negated in zip(doc, norms, scope, strict=True):
            token._.negation_cue = norm in self.cues
            token._.negated = negated
        return doc


@Language.factory(
    "voices_negation",
    default_config={
        "cues": NEGATION_CUES,
        "terminators": SCOPE_TERMINATORS,
        "max_scope": DEFAULT_MAX_SCOPE,
    },
)
def make_negation_marker(
    nlp: Language, name: str, cues: list[str], terminators: list[str], max_scope: int
) -> NegationMarker:
    return NegationMarker(cues, terminators, max_scope)

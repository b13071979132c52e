"""Stock answers, that there is nothing to say or that everything was well, and the name of a
theme made of them.

"Nothing at all.", "Can't think of anything", "Couldn't have been better", "Not really": FFT v6's
"What could we do better?" draws hundreds, and discovery gathers them into themes of their own.
Their words are the commonest in English, so phrases cannot name those themes (``phrase_names``
refuses names made of such words alone, rightly: "think / nothing" says nothing), and readers
judged "improved" or "amaze / lovely" not to say what such a theme holds. What the answers mean
depends on the question: "nothing" to "What could be better?" is nothing to improve, to "What
helped?" it is that nothing helped. ``nothing_theme_name`` names a theme made largely of answers of
nothing by the question most of them answer.

"Everything.", "Everything was fine.", "Spot on with everything": answers that all was well gather
too (FFT v6's "What was good?" draws them), and "everything" and "fine" are as common; readers
judged "hospital / fault / apart" and "comments with no shared wording" wrong for two such themes.
``stock_theme_name`` names a theme by either kind of answer: "nothing helped", "everything was
fine".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from voices.themes.phrase_names import MIXED, names_a_subject
from voices.themes.questions import question_kind

# An answer says nothing when its first clause is nothing but a word of nothing ("Nothing, the
# crew were amazing", "None at all.", "Not really", "Not a thing.", "All good"), or "nothing" runs
# straight on into praise ("Nothing they were fantastic"); "Nothing was done" and "No follow-up
# from police" are complaints, not answers of nothing. Anywhere in an answer, only ways of saying
# nothing could be better count ("can't think of anything", "nothing I can think of", "couldn't
# have been better", "nothing to improve", "can't fault them").
_NOTHING_CLAUSE = re.compile(
    r"""^\W*(?:
          (?:nothing|none|nil|nope|no|not)
          (?:\s+(?:really|at\s+all|much|a\s+lot|a\s+thing|thanks?|thank\s+you|else|whatsoever|bad\s+to\s+say
                  |to\s+(?:add|say|improve|report|change)))*
        | all\s+(?:good|fine|ok|o\.k\.|okay)
        | there\W?s\s+nothing | there\s+(?:is|was)\s+nothing(?:\s+(?:wrong|bad|to\s+improve))?
      )(?:\s*[.,;:!?…](?!\s*\d)|\s+[\-–—]|\s*$)  # not "No-one called", not "no. 10 bus stop"
    | ^\W*nothing\s+(?:they|she|he|everyone|everybody|everything|the\s+staff|staff)
        \s+(?:was|were|are|is|looked|been)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_NOTHING_BETTER = re.compile(
    r"""(?:can\W?t|cannot|can\s+not|could\W?n\W?t|could\s+not)
        \s+(?:think\s+of\s+any(?:thing)?\b|fault\b)
    | \b(?:hard|struggling|struggle)\s+to\s+think\s+of\s+any(?:thing)?\b
    | \b(?:nothing|none|non|not\s+a\s+lot|not\s+much)\s+(?:that\s+)?i\s+can\s+think\s+of
    | \bcould(?:\W?n\W?t|\s+not)\s+(?:have\s+)?(?:been|be|do(?:ne)?)\s+(?:any\s+)?better
    | \bnothing\s+(?:(?:else|more)\s+)?(?:could|would|can|needs?\s+to)\s+(?:have\s+)?(?:been|be)\s+
        (?:done\s+)?(?:any\s+)?(?:better|improved)
    | \bnothing\s+to\s+improve | \bno\s+improvements?\s+(?:needed|necessary|required)
    | \b(?:no|any)\s+need\s+for\s+improvement | \bsuggest\s+any\s+improvements?
    | \bdo\W?n\W?t\s+think\s+(?:you|it|they|i|anything|there)\b[^.!?]{0,30}?\b(?:could|would|can)\b[^.!?]{0,20}?
        \b(?:better(?:ed)?|improved?)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Answers of nothing are a seventh of FFT v6; in the themes discovery makes of them they are 46-56%
# (the rest mostly the same thought in words the pattern misses: "Absolutely nothing", "I can thing
# of nothing"), in every other theme at most 20%, and at most 3% in any theme of the themes blind set.
NOTHING_SHARE = 0.4
# By the kind of question (questions.QUESTION_KINDS) more than half the theme's answers of nothing
# answer; where no kind has that many ("Nothing" to "What helped?" beside "Nothing" to "What did not
# help?"), the answers mean opposite things and the theme keeps the name its phrases give it.
NAMES = {
    "better": "nothing to improve",
    "helped": "nothing helped",
    "not_helped": "nothing was unhelpful",
    "anything_else": "nothing more to add",
    "why_not_report": "nothing else would stop them reporting",
    "safer_public": "nothing more needed to feel safe",
    "other": "nothing to add or change",
}


# An answer says all was well when its first sentence holds "everything" and a word of praise and
# no doubt or complaint ("Everything was spot on", "Happy with everything", not "Everything could be
# quicker", "not everything was good", "Nothing was good, everything was awful", "Everything was fine
# until the officer stopped replying"), or is "everything" alone to a question asking what was good
# or helped; to any other ("What could we do better?", "What would make you feel safer?") it may be a
# complaint.
_EVERYTHING = re.compile(r"\b(?:every\s?thing|all\s+of\s+it)\b", re.IGNORECASE)
_WELL = re.compile(
    r"""\b(?:fine|good|great|ok|okay|o\.k|alright|all\s+right|perfect|excellent|spot\s+on|brilliant|champion
        |fantastic|superb|satisfactory|wonderful|amazing|lovely|nice|first\s+class|100\s?%|went\s+well
        |happy|pleased|satisfied)(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
_DOUBT = re.compile(
    r"""\b(?:not|never|no|nothing|none|nobody|no\s?one|could|should|would|but|except|apart|though|until|till
        |then|after|awful|terrible|horrible|bad|wrong|poor|worse|worst|hate|hated|rude|slow|late)\b|n[o'’]t\b""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_EVERYTHING = re.compile(
    r"^\W*(?:(?:absolutely|just|simply|all\s+i\s+can\s+say\s+is)\s+)?(?:every\s?thing|all\s+of\s+it)"
    r"(?:\s+and\s+anything)?\W*$",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r"[^.;!?…]*")
# Such answers are 44-48% of the two FFT v6 themes discovery makes of them (seeds 0, 3, 9), 21% of
# one of "perfect" (named by its phrases, and judged right), at most 6% of any other, none of the
# themes blind set's answers.
ALL_WELL_SHARE = NOTHING_SHARE
_LUKEWARM = re.compile(r"\b(?:fine|ok|okay|o\.k|alright|all\s+right|satisfactory)(?!\w)", re.IGNORECASE)
ALL_WELL_NAMES = ("everything was good", "everything was fine")


def is_stock_name(label: str) -> bool:
    """Whether a theme's name is one ``stock_theme_name`` gives ("nothing helped")."""
    return label in NAMES.values() or label in ALL_WELL_NAMES


# How a sentence speaks of a theme's comments, by the kind of its name (``_kind_of``).
_MIXED_BEFORE = "mixed: "
_ARE = {"stock": "say", "mixed": "are on mixed subjects", "word": "use the word", "subject": "are about"}
_COMMENTS = {
    "stock": "comments saying", "mixed": "comments on mixed subjects", "word": "comments using the word",
    "subject": "comments about",
}


def are_about(label: str) -> str:
    """What a theme's comments hold, for a sentence: "are about waiting list", but a theme of stock
    answers is what they say, "say “nothing helped”", one a word holds together
    (``phrase_names.defining_word``) uses it, "use the word “good”, with food / communication", and
    a mixed one is that: "are on mixed subjects", "are on mixed subjects that each use “because”"."""
    kind, words = _kind_of(label)
    return f"{_ARE[kind]}{words}"


def comments_about(label: str) -> str:
    """ "comments about waiting list", "comments saying “nothing helped”", "comments using the word
    “good”", "comments on mixed subjects"."""
    kind, words = _kind_of(label)
    return f"{_COMMENTS[kind]}{words}"


def _kind_of(label: str) -> tuple[str, str]:
    """The kind of a theme's name, and its words as a sentence puts them after the kind's."""
    if is_stock_name(label):
        return "stock", f" “{label}”"
    if label.startswith(MIXED):
        # "mixed subjects, each using “because”": a comma inside a sentence would need another after.
        return "mixed", label.removeprefix(MIXED).replace(", each using ", " that each use ")
    if label.startswith(_MIXED_BEFORE):
        return "mixed", f" ({label.removeprefix(_MIXED_BEFORE)})"  # a run stored before mixes were named so
    if label.startswith("“"):
        word, _, rest = label.partition(" / ")
        return "word", f" {word}, with {rest}" if rest else f" {word}"
    return "subject", f" {label}"


_ILL = re.compile(
    r"(?:bad|poor|awful|terrible|horrible|dreadful|appalling|rubbish|disappointing|disappointed|unhappy|worse|worst)",
    re.IGNORECASE,
)


def is_mix(label: str) -> bool:
    """Whether a theme's name says its comments share no subject ("mixed subjects", "comments with
    no shared wording"), also as a run stored before named it ("mixed: hospital")."""
    return not names_a_subject(label) or label.startswith(_MIXED_BEFORE)


def is_appraisal(word: str) -> bool:
    """Whether a word says how things were ("good", "fine", "excellent", "poor"): a theme such a word
    holds together is about that (``theme_labels``)."""
    return _WELL.fullmatch(word) is not None or _ILL.fullmatch(word) is not None


def says_nothing(text: str) -> bool:
    """Whether an answer says there is nothing (to improve, that helped, to add)."""
    return _NOTHING_CLAUSE.search(text) is not None or _NOTHING_BETTER.search(text) is not None


def nothing_theme_name(texts: Sequence[str], questions: Sequence[str | None] | None = None) -> str | None:
    """The name of a theme whose answers (``texts``, with the questions they answer where known)
    say nothing at least ``NOTHING_SHARE`` of the time, or None."""
    if not texts:
        return None
    nothing = [i for i, text in enumerate(texts) if says_nothing(text)]
    if len(nothing) < NOTHING_SHARE * len(texts):
        return None
    kinds = Counter(question_kind(questions[i] if questions is not None else None) for i in nothing)
    kind, count = kinds.most_common(1)[0]
    return NAMES[kind] if count > len(nothing) / 2 else None


def says_all_well(text: str, question: str | None = None) -> bool:
    """Whether an answer says everything was well ("Everything was fine", or "Everything." to a
    question asking what was good or helped)."""
    sentence = _FIRST_SENTENCE.match(text.strip())
    first = sentence.group(0) if sentence else ""
    if _BARE_EVERYTHING.match(first):
        return question_kind(question) == "helped"
    return bool(_EVERYTHING.search(first) and _WELL.search(first) and not _DOUBT.search(first))


def stock_theme_name(texts: Sequence[str], questions: Sequence[str | None] | None = None) -> str | None:
    """The name of a theme made largely of stock answers: answers of nothing (``nothing_theme_name``),
    else answers that all was well: "everything was fine" where most of those that say how well say
    fine or OK, else "everything was good". None for any other theme."""
    nothing = nothing_theme_name(texts, questions)
    if nothing is not None or not texts:
        return nothing
    asked = questions if questions is not None else [None] * len(texts)
    well = [text for text, question in zip(texts, asked, strict=True) if says_all_well(text, question)]
    if len(well) < ALL_WELL_SHARE * len(texts):
        return None
    saying_how = [text for text in well if _WELL.search(text)]
    lukewarm = sum(1 for text in saying_how if _LUKEWARM.search(text))
    return ALL_WELL_NAMES[1] if lukewarm > len(saying_how) / 2 else ALL_WELL_NAMES[0]

"""Answers that say there is nothing to say, and the name of a theme made of them.

"Nothing at all.", "Can't think of anything", "Couldn't have been better", "Not really": FFT v6's
"What could we do better?" draws hundreds, and discovery gathers them into themes of their own.
Their words are the commonest in English, so phrases cannot name those themes (``phrase_names``
refuses names made of such words alone, rightly: "think / nothing" says nothing), and readers
judged "improved" or "amaze / lovely" not to say what such a theme holds. What the answers mean
depends on the question: "nothing" to "What could be better?" is nothing to improve, to "What
helped?" it is that nothing helped. ``nothing_theme_name`` names a theme whose answers mostly say
nothing by the question most of them answer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from voices.themes.questions import question_kind

# At the start of an answer: the answer is "nothing" ("Nothing, the crew were amazing", "None at
# all", "Not really", "No.", "Can't think of anything", "All good"); anywhere: a clause saying
# nothing could or need be better. "No one" and "nobody" are not answers of nothing.
_SAYS_NOTHING = re.compile(
    r"""^\W*(?:
          (?:i\s+)?(?:really\s+)?(?:can\W?t|cannot|can\s+not|could\W?n\W?t|could\s+not)\s+(?:think|fault)\b
        | (?:nothing|none|nil|nope)\b
        | not\s+(?:a\s+lot|really|much|anything)\b
        | no\b(?!\s*(?:one|body)\b)
        | (?:i\s+)?(?:do\W?n\W?t|do\s+not)\s+think\s+(?:of\s+)?(?:anything|there)
        | there\W?s\s+nothing | isn\W?t\s+any\b | all\s+(?:of\s+it|good|fine|ok)\b
      )
    | \b(?:nothing|not\s+a\s+thing)\s+(?:could|would|can|to|needs?|at\s+all|else|really|whatsoever|more|further)\b
    | \b(?:can\W?t|cannot)\s+think\s+of\s+any
    | \bcould(?:\W?n\W?t|\s+not)\s+(?:have\s+)?(?:been|be|do(?:ne)?)\s+(?:any\s+)?better
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Over half the theme: a theme where answers of nothing are a large minority is about something else.
NOTHING_SHARE = 0.5
# By the kind of question (questions.QUESTION_KINDS) most of the theme's answers of nothing answer.
NAMES = {
    "better": "nothing to improve",
    "helped": "nothing helped",
    "not_helped": "nothing unhelpful",
    "anything_else": "nothing more to add",
    "why_not_report": "nothing stopped them reporting",
    "safer_public": "nothing would make it safer",
    "other": "nothing to add or change",
}


def says_nothing(text: str) -> bool:
    """Whether an answer says there is nothing (to improve, that helped, to add)."""
    return _SAYS_NOTHING.search(text) is not None


def nothing_theme_name(texts: Sequence[str], questions: Sequence[str | None] | None = None) -> str | None:
    """The name of a theme whose answers (``texts``, with the questions they answer where known)
    mostly say nothing, or None when most of them say something."""
    if not texts:
        return None
    nothing = [i for i, text in enumerate(texts) if says_nothing(text)]
    if len(nothing) <= NOTHING_SHARE * len(texts):
        return None
    kinds = Counter(question_kind(questions[i] if questions is not None else None) for i in nothing)
    # Ties go to the kind listed first in NAMES, so the name does not depend on the answers' order.
    kind = max(NAMES, key=lambda k: (kinds[k], -list(NAMES).index(k)))
    return NAMES[kind]

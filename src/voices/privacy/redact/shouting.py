"""Comments written in capitals, read as if written in ordinary case.

Every rule and the entity model learn names and venues from their capitals, so "KEEP DARREN HOLT
AWAY FROM CHILDREN" hides both. A comment mostly in capitals is read with each word capitalised
and the small words in lower case ("Keep Darren Holt Away from Children"): capitalised everyday
words cost little, as the rules ask more of those than a capital. Only words of letters change,
and only where their length stays the same, so every offset found in the recased text is an
offset in the comment as written; "BD51SMR" and "KIRSTY_B@HOTMAIL.CO.UK" are left as they are.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from .tokens import VOWELS

# A word of letters standing alone: not a piece of "BD51SMR" or "BIGMAC_77@YAHOO.COM".
# Combining accents belong to their word ("RENE\u0301E").
_WORD = re.compile(r"(?<![\w@.'’])(?:[^\W\d_]|[\u0300-\u036f])+(?:['’][^\W\d_]+)?(?![\w@]|[.'’]\w)")
_SHOUTED_SHARE = 0.6  # of a comment's letters in capitals
_SHOUTED_WORDS = 4  # words in capitals at the least: "CALL ME" is not a shouted comment
_SENTENCE_ENDS = frozenset(".!?")
# Services spelt in capitals whatever the comment's case stay so: recased, "Sarc" would read as a
# name or a pub. Words without a vowel ("NHS", "CPS", "GP") stay too.
_ACRONYMS = frozenset(
    "sarc isva idva chisva camhs marac mappa cica rasso pcso iopc mash ofsted nspcc ceop ymca ywca acas".split()
)


def is_shouted(text: str) -> bool:
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    if upper < _SHOUTED_WORDS * 2 or upper < _SHOUTED_SHARE * (upper + lower):
        return False
    return sum(1 for match in _WORD.finditer(text) if match.group().isupper() and len(match.group()) > 1) >= _SHOUTED_WORDS


def recased(text: str) -> str:
    """The comment with each word in capitals capitalised, small words in lower case."""
    pieces, position = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        if not word.isupper() or len(word) < 2 or lower in _ACRONYMS or (lower.isascii() and VOWELS.isdisjoint(lower)):
            continue
        opens = _opens_sentence(text, match.start())
        new = lower if lower in STOP_WORDS and not opens else word[0] + word[1:].lower()
        if len(new) == len(word):
            pieces += [text[position : match.start()], new]
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _opens_sentence(text: str, start: int) -> bool:
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or text[before] in _SENTENCE_ENDS

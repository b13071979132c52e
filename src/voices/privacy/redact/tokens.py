"""Questions about a token's shape and position that the name rules ask."""

from __future__ import annotations

from spacy.tokens import Token

VOWELS = frozenset("aeiouy")  # a word in Latin letters without one is an acronym: "DWP", "NHS"
_SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "…", "...", '"', "“", "”", "(", "-", "–", "—"})


def is_wordlike(token: Token) -> bool:
    """Letters only, allowing the apostrophe of "O'Brien"."""
    return token.is_alpha or (len(token) > 2 and token.text.replace("'", "").replace("’", "").isalpha())


def is_cased(token: Token) -> bool:
    """Capitalised, but not shouted: "WILL" in capitals is emphasis, not a name."""
    text = token.text
    return text[0].isupper() and (len(text) == 1 or not text.isupper())


def starts_sentence(tokens: list[Token], i: int) -> bool:
    if i == 0:
        return True
    before = tokens[i - 1]
    return before.is_space or before.text in _SENTENCE_BREAKS or "\n" in before.whitespace_


def previous_word(tokens: list[Token], i: int) -> Token | None:
    """The word before, skipping commas: "my ISVA, Hope, was…"."""
    j = i - 1
    while j >= 0 and tokens[j].text == ",":
        j -= 1
    return tokens[j] if j >= 0 else None

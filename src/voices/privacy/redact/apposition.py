"""What the words after a capitalised word say about it: "Rose my counsellor…", "Tunde is my
brother", "Bill next door", "June from the church group", "Hope on reception" all make it a person.

The name rules ask this of word-like first names at a sentence start ("Will they listen?" is no
person), and the entity finder of unknown words there ("Karthik the pharmacist noticed").
"""

from __future__ import annotations

from spacy.tokens import Token

from .cues import NameCues

_POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "the", "your"})
# "Hope on reception", "May at the front desk": where someone works, after "on" or "at".
_POSTS = frozenset({"reception", "duty", "desk", "switchboard", "door", "drop-in", "counter", "helpline"})


def introduces_person(tokens: list[Token], i: int, cues: NameCues) -> bool:
    """Whether tokens from `i` on describe the word just before them as a person."""
    if i < len(tokens) and tokens[i].text in {"(", ","}:
        i += 1
    if i + 1 >= len(tokens):
        return False
    word = tokens[i].lower_
    if word in {"is", "was"}:  # "Tunde is my brother", "Rahim was my husband"
        return tokens[i + 1].lower_ in _POSSESSIVES - {"the"} and _role_within(tokens, i + 2, cues)
    if word in {"on", "at"}:
        return any(token.lower_ in _POSTS for token in tokens[i + 1 : i + 4])
    if word == "next":
        return tokens[i + 1].lower_ == "door"  # "Bill next door heard me"
    if word == "from":  # "June from the church group", "Abi from our refuge"
        return any(token.lower_ in cues.gatherings or token.lower_ in cues.roles for token in tokens[i + 1 : i + 4])
    # "Rose my counsellor", "Sunny, my little brother", "Karthik the pharmacist"
    return word in _POSSESSIVES and _role_within(tokens, i + 1, cues)


def _role_within(tokens: list[Token], i: int, cues: NameCues) -> bool:
    return any(token.lower_ in cues.roles for token in tokens[i : i + 2])

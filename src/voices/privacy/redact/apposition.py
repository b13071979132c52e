"""What the words after a capitalised word say about it: "Rose my counsellor…", "Tunde is my
brother", "Bill next door", "June from the church group", "Hope on reception", "Paddy behind the bar", "Rob, if you see this"
all make it a person.

The name rules ask this of word-like first names at a sentence start ("Will they listen?" is no
person), and the entity finder of unknown words there ("Karthik the pharmacist noticed").
"""

from __future__ import annotations

from spacy.tokens import Token

from .cues import NameCues

_POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "the", "your"})
# "Hope on reception", "May at the front desk": where someone works, after "on" or "at".
_POSTS = frozenset({"reception", "duty", "desk", "switchboard", "door", "drop-in", "counter", "helpline"})
_BEHIND = frozenset({"bar", "counter", "desk", "till"})


def introduces_person(tokens: list[Token], i: int, cues: NameCues) -> bool:
    """Whether tokens from `i` on describe the word just before them as a person."""
    if i < len(tokens) and tokens[i].text in {"(", ","}:
        i += 1
    if i + 1 >= len(tokens):
        return False
    word = tokens[i].lower_
    if word in {"is", "was"}:  # "Tunde is my brother", "Rahim was my husband"
        return tokens[i + 1].lower_ in _POSSESSIVES - {"the"} and _role_within(tokens, i + 2, cues)
    if word == "on":
        return any(token.lower_ in _POSTS for token in tokens[i + 1 : i + 4])
    if word == "at":  # "May at the front desk", "Frank at the boxing gym"
        return any(token.lower_ in _POSTS or token.lower_ in cues.gatherings for token in tokens[i + 1 : i + 4])
    if word == "behind":  # "Paddy behind the bar"
        return any(token.lower_ in _BEHIND for token in tokens[i + 1 : i + 3])
    if word == "if":  # "rob if you ever see this, thank you": spoken to, so a person
        following = [token.lower_ for token in tokens[i + 1 : i + 5]]
        return following[:1] == ["you"] and any(verb in following for verb in ("see", "read", "reading"))
    if word in {"and", "n", "&"}:  # "ruby n me both reported him", "Hetal and her mother-in-law"
        after = tokens[i + 1].lower_
        return after in {"me", "i"} or (after in _POSSESSIVES - {"the"} and _role_within(tokens, i + 2, cues))
    if word == "next":
        return tokens[i + 1].lower_ == "door"  # "Bill next door heard me"
    if word == "from":  # "June from the church group", "Abi from our refuge"
        return any(token.lower_ in cues.gatherings or token.lower_ in cues.roles for token in tokens[i + 1 : i + 4])
    # "Rose my counsellor", "Sunny, my little brother", "Karthik the pharmacist"
    return word in _POSSESSIVES and _role_within(tokens, i + 1, cues)


def _role_within(tokens: list[Token], i: int, cues: NameCues) -> bool:
    return any(token.lower_ in cues.roles for token in tokens[i : i + 2])

"""Emergent themes named by phrases their comments share ("waiting time", "excellent service", "not
believed"), where single distinctive lemmas said nothing to an officer ("tell / year / think").

A candidate is a run of one to four words inside a comment whose first and last words carry content
(a negation may lead: "not believed"); comments that word it differently but alike ("waiting
lists", "waiting list") count as one through their lemmas. A candidate scores

    coverage x ln(lift) x length bonus

where coverage is the share of the theme's comments that use it and lift how much likelier a
comment using it is to be in the theme than any comment is; the bonus favours phrases over single
words. It must be used by at least ``min_share`` of the theme's comments (and two): by default
enough that a reader of five of them more likely than not meets it (``PART_COVERAGE``). No part of a
name is made of the commonest English words alone: a single word must lie outside the 1,000
commonest ("know", "year", "service", "room" do not), a phrase must hold a word outside the 300
commonest. When the best phrase covers less than half the theme, a second is added from the
comments it does not cover. A theme with no such phrase gets none. ``with_context`` adds, after
the phrases, the theme's telling words (see its constants), or names a theme with no phrase by them;
where there are none either, the caller falls back to its terms (``fallback_label``).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import spacy_lookups_data
from spacy.util import load_language_data

from voices.text import Analysis, lemma_of
from voices.themes.naming import PART_COVERAGE, READ_PER_THEME, theme_label

MAX_WORDS = 4
# Ranks by frequency in English (spacy-lookups-data). The unreadable names were made of
# words ranked 48 ("think") to 983 ("decide").
SINGLE_WORD_RANK = 1000
PHRASE_RANK = 300
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "without"})
_LENGTH_BONUS = {1: 0.45, 2: 1.0, 3: 1.1, 4: 1.15}
_MIN_LIFT = 1.2  # a phrase used no more inside the theme than outside says nothing about it
_ENOUGH_LIFT = 4.0
_SECOND_WHEN_COVERAGE_BELOW = 0.5
# A comment's words and its punctuation, to tell a run of words from one broken by a comma. A
# contraction the analysis splits ("did n't") never matches the text's "didn't", so phrases holding
# one are left out rather than shown in a form nobody wrote.
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]")

PhraseKey = tuple[str, ...]


@lru_cache(maxsize=1)
def _ranked_words() -> list[str]:
    probabilities: dict[str, float] = load_language_data(spacy_lookups_data.en["lexeme_prob"])
    words = (word for word in probabilities if word.isalpha() and word.islower())
    return sorted(words, key=lambda word: -probabilities[word])


@lru_cache(maxsize=2)
def generic_words(rank: int = SINGLE_WORD_RANK) -> frozenset[str]:
    """The ``rank`` commonest English words, lower case."""
    return frozenset(_ranked_words()[:rank])


def says_something(key: tuple[str, ...]) -> bool:
    """Whether a candidate (its lemmas) may name a theme: not the commonest words alone, and not
    a stray letter ("s" of "it's"), which tells a reader nothing however rare."""
    if len(key) == 1:
        return len(key[0]) > 1 and key[0] not in generic_words(SINGLE_WORD_RANK)
    common = generic_words(PHRASE_RANK)
    return any(len(lemma) > 1 and lemma not in common for lemma in key)


@dataclass(frozen=True, slots=True)
class PhraseName:
    phrases: list[str]  # best first, as most of the theme's comments write them
    coverage: float  # share of the theme's comments using any of the phrases

    @property
    def label(self) -> str:
        return " / ".join(self.phrases)


def comment_phrases(analysis: Analysis, text: str | None = None) -> dict[PhraseKey, str]:
    """Every candidate of one comment: lemma key -> the words as written. Given the comment's
    text, a phrase must appear in it as one run of words: the analysis drops punctuation, and
    "Nothing, everything was perfect" holds no phrase "nothing everything"."""
    words, lemmas, stops = analysis.words, analysis.lemmas, analysis.is_stop
    written = _runs_of_words(text) if text is not None else None
    found: dict[PhraseKey, str] = {}
    for start in range(len(words)):
        first = words[start]
        if not first.isalpha() or (stops[start] and first not in _NEGATIONS):
            continue
        for end in range(start + 1, min(start + MAX_WORDS, len(words)) + 1):
            last = end - 1
            if not words[last].isalpha():
                break
            if stops[last] or words[last] in _NEGATIONS:
                continue
            key = tuple(lemmas[start:end])
            if end - start == 1 and len(first) < 3:
                continue
            surface = " ".join(words[start:end])
            if written is not None and end - start > 1 and surface not in written:
                continue
            found.setdefault(key, surface)
    return found


def _runs_of_words(text: str) -> set[str]:
    """Every run of two to MAX_WORDS words of the text not broken by punctuation, lower case."""
    pieces = _WORDS.findall(text.lower())
    runs = set()
    for start in range(len(pieces)):
        for end in range(start + 2, min(start + MAX_WORDS, len(pieces)) + 1):
            if not pieces[end - 1][0].isalnum():
                break
            if pieces[start][0].isalnum():
                runs.add(" ".join(pieces[start:end]))
    return runs


def name_by_phrases(
    analyses: Sequence[Analysis],
    members: Sequence[Sequence[int]],
    texts: Sequence[str] | None = None,
    min_share: float = PART_COVERAGE,
    max_comments: int = 20_000,
) -> list[PhraseName | None]:
    """A phrase name per theme (``members`` index ``analyses`` and ``texts``), or None where no
    phrase qualifies.

    ``analyses`` should hold every comment that was themed, so lift counts the use of a phrase
    outside the theme too."""
    # Shares are estimated on a seeded sample of a large set: reading every comment's phrases
    # cost 8 s for 100,000 and a sample names the same themes.
    sampled = set(random.Random(0).sample(range(len(analyses)), max_comments)) if len(analyses) > max_comments else None
    per_comment = [
        comment_phrases(analysis, texts[i] if texts is not None else None) if sampled is None or i in sampled else {}
        for i, analysis in enumerate(analyses)
    ]
    everywhere: Counter[PhraseKey] = Counter(key for phrases in per_comment for key in phrases)
    themes = [[i for i in theme if sampled is None or i in sampled] for theme in members]
    read = len(analyses) if sampled is None else len(sampled)  # the population lift is against
    return [_name_one(per_comment, theme, everywhere, min_share, read) for theme in themes]


def _name_one(
    per_comment: list[dict[PhraseKey, str]],
    theme: list[int],
    everywhere: Counter[PhraseKey],
    min_share: float,
    n_comments: int,
) -> PhraseName | None:
    if not theme:
        return None
    first = _best(per_comment, theme, everywhere, min_share, len(theme), n_comments)
    if first is None:
        return None
    key, surface = first
    covered = [i for i in theme if key in per_comment[i]]
    phrases = [surface]
    if len(covered) / len(theme) < _SECOND_WHEN_COVERAGE_BELOW:
        rest = [i for i in theme if key not in per_comment[i]]
        avoid = {_stem(lemma) for lemma in key}
        second = _best(per_comment, rest, everywhere, min_share, len(theme), n_comments, avoid)
        if second is not None:
            phrases.append(second[1])
            covered += [i for i in rest if second[0] in per_comment[i]]
    return PhraseName(phrases, len(covered) / len(theme))


def _best(
    per_comment: list[dict[PhraseKey, str]],
    comments: list[int],
    everywhere: Counter[PhraseKey],
    min_share: float,
    theme_size: int,
    n_comments: int,
    avoid: set[str] | None = None,
) -> tuple[PhraseKey, str] | None:
    """The best-scoring candidate among ``comments``, with its commonest wording."""
    inside: Counter[PhraseKey] = Counter(key for i in comments for key in per_comment[i])
    wordings: dict[PhraseKey, Counter[str]] = {}
    for i in comments:
        for key, surface in per_comment[i].items():
            wordings.setdefault(key, Counter())[surface] += 1
    least = max(2, math.ceil(min_share * theme_size))
    scored: list[tuple[float, PhraseKey]] = []
    for key, count in inside.items():
        if count < least or not says_something(key):
            continue
        if avoid and {_stem(lemma) for lemma in key if lemma not in generic_words(PHRASE_RANK)} <= avoid:
            continue  # a second name that only says the first again ("service was very good")
        lift = (count / everywhere[key]) / (theme_size / n_comments)
        if lift >= _MIN_LIFT:
            # Past a point, more distinctive adds nothing a reader sees; how many of the theme's
            # comments the name fits is what makes it say what they are about.
            telling = math.log(min(lift, _ENOUGH_LIFT))
            scored.append(((count / theme_size) * telling * _LENGTH_BONUS[len(key)], key))
    for _, key in sorted(scored, key=lambda pair: (-pair[0], pair[1])):
        wording = wordings[key].most_common(1)[0][0]
        # The lemmas decide, but the words are what an officer reads: the lemma table takes
        # "number" for "numb", which is rare, while "number" itself is among the commonest.
        if says_something(tuple(wording.split())):
            return key, wording
    return None


def _stem(lemma: str) -> str:
    """Enough of a word to tell "improve" and "improvement" for the same."""
    return lemma[:6]


# Context after a phrase name. Three readers who had not seen this code judged names on FFT v6 and
# on the themes blind set: on the blind set's long comments a phrase alone said what a theme is
# about in 10 of 35 names and three top terms in 18 ("teach" no, "teach / school / consent" yes).
# So a name of one or two phrases is followed by the theme's words that a good share of its comments
# use and that are far likelier inside it than outside, up to three parts in all.
NAME_PARTS = 3
CONTEXT_LIFT = 2.0
CONTEXT_RANK = 100  # the commonest words ("know", "get") add nothing even where they are frequent


@dataclass(frozen=True, slots=True)
class TermUse:
    term: str  # as displayed (naming.display_term)
    coverage: float  # share of the theme's comments using it
    lift: float  # that share over the share of every comment using it
    lemma: str = ""  # the term's lemma, where known: "help" of "helped" is as common as the word

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, self.lemma) if self.lemma else (self.term,)


def with_context(label: str | None, terms: Sequence[TermUse], theme_size: int | None = None) -> str | None:
    """``label`` (phrases, " / "-joined; None where no phrase qualified) followed by telling single
    words of ``terms`` (best first) up to ``NAME_PARTS`` parts; a word is left out where a word
    already shown starts alike ("park" after "parking"), and, leading a name, where it is among the
    commonest words a phrase may not be made of alone. Given the theme's size, a word must also be
    used by two of its comments, as a phrase must: one comment's word names nothing shared, and a
    small theme's name is shown where its quotes are withheld. None where there is nothing to say."""
    parts = [] if label is None else label.split(" / ")
    shown = [word.strip("“”") for part in parts for word in part.split()]
    for use in terms:
        if len(parts) >= NAME_PARTS:
            break
        term = use.term
        if (
            " " in term or not term.isalpha() or len(term) < 3
            or any(form in generic_words(CONTEXT_RANK) for form in use.forms)
            or use.coverage < PART_COVERAGE or use.lift < CONTEXT_LIFT
            or (theme_size is not None and use.coverage * theme_size < 2 - 1e-9)
            or any(_starts_alike(term, word) for word in shown)
            # a name may not lead with a common word
            or (not parts and not all(says_something((form,)) for form in use.forms))
        ):
            continue
        parts.append(term)
        shown.append(term)
    return " / ".join(parts) or None


def _starts_alike(a: str, b: str) -> bool:
    """ "park" and "parking", "teach" and "teaching"; not "police" and "polite"."""
    return a == b or (len(a) >= 4 and len(b) >= 4 and (a.startswith(b[:5]) or b.startswith(a[:5])))


# A theme nearly all of whose comments use one word far more than comments at large do (the theme's
# own among them) is held together by that word, though it be a common one: "better" in 99% of one FFT theme (lift 20),
# "problem" (43), "because" (28). No phrase can name such a theme and its telling words alone
# read as a subject it does not have ("truth / driver / treatment" for answers giving a reason),
# so such a name leads with the word, quoted. On FFT v6 three themes have one; no blind-set theme.
DEFINING_SHARE = 0.9
DEFINING_LIFT = 5.0


def lemma_use(analyses: Sequence[Analysis]) -> Counter[str]:
    """How many comments use each lemma, stop words included."""
    return Counter(lemma for analysis in analyses for lemma in set(analysis.lemmas) if lemma.isalpha())


def defining_word(analyses: Sequence[Analysis], theme: Sequence[int], everywhere: Counter[str]) -> str | None:
    """The lemma at least ``DEFINING_SHARE`` of the theme's comments use, and two of them (one
    comment's word names nothing shared, and a small theme's name is shown where its quotes are
    withheld), ``DEFINING_LIFT`` times as often as all ``analyses`` (``everywhere`` counted by
    ``lemma_use``), or None."""
    if not theme:
        return None
    inside = lemma_use([analyses[i] for i in theme])
    least, n_all = max(2, DEFINING_SHARE * len(theme)), len(analyses)
    held = [
        (count, lemma) for lemma, count in inside.items()
        if count >= least and (count / len(theme)) / (everywhere[lemma] / n_all) >= DEFINING_LIFT
    ]
    return max(held)[1] if held else None


def with_defining_word(lemma: str, written: str, terms: Sequence[TermUse], theme_size: int) -> str:
    """ "“good” / food / communication": the defining word as written, then the theme's other
    telling words."""
    others = [use for use in terms if lemma not in use.forms and written not in use.forms]
    return with_context(f"“{written}”", others, theme_size) or f"“{written}”"


NO_SHARED_WORDING = "comments with no shared wording"


def fallback_label(terms: Sequence[str], lemmas: Sequence[str] | None = None) -> str:
    """A name from a theme's top terms (best first) when no phrase qualified: the terms that say
    something (``says_something``, on their words and, given them, on their lemmas: "helped" is as
    common as "help"), or a plain statement that nothing does."""
    keys = lemmas if lemmas is not None else terms
    telling = [
        term for term, key in zip(terms, keys, strict=True)
        if says_something(tuple(term.split())) and says_something(tuple(key.split()))
    ]
    return theme_label(telling) if telling else NO_SHARED_WORDING


# A theme most of whose comments hold no word of its name is a mix: five readers of FFT v6's largest
# theme, named "hospital" (15% of its comments say it), described it as "mixed comments", "a mix of
# unrelated comments", "unrelated NHS comments". Below a quarter, a reader of five meets the name's
# words about once. Such a theme, and one whose comments lie far looser about its centre than the
# others' do (``loose_themes``), is named as the mix it is, with no word that reads as its subject:
# "mixed: hospital" was still read as about hospitals and judged wrong by three readers in four.
# Its top terms are shown beside the name, as every theme's are.
MIXED_BELOW = 0.25
MIXED = "mixed subjects"
# On FFT v6 (seeds 18, 19, 22, 23) the themes readers called a mix had a mean cosine to their centre
# of 0.32-0.43 against a median theme's 0.62-0.65, 0.49-0.69 of it; every other theme had at least
# 0.83 of it. On the themes blind set the mix had about half the median (0.31 against 0.61), every
# other theme at least 0.94 of it. The line lies between.
LOOSE_BELOW = 0.8


def names_a_subject(label: str) -> bool:
    """Whether a theme's name says what its comments hold, so that two themes given it hold the same
    thing: every name but a mix (``MIXED``, ``mixed_sharing``) and ``NO_SHARED_WORDING``."""
    return not label.startswith(MIXED) and label != NO_SHARED_WORDING


def mixed_sharing(written: str) -> str:
    """The name of a mix held together by one common word (``defining_word``) that says nothing of
    how things were: "mixed subjects, each using “because”"."""
    return f"{MIXED}, each using “{written}”"


def loose_themes(similarity: np.ndarray, members: Sequence[Sequence[int]]) -> list[bool]:
    """Per theme (``members`` index ``similarity``, each comment's cosine to its theme's centre),
    whether its comments' mean cosine is below ``LOOSE_BELOW`` of the median theme's: a theme of
    comments that sit together only because they sit nowhere else. Fewer than three themes have no
    typical looseness to compare with, and none is loose; nor is any where the median theme's
    comments do not lean towards its centre (a mean cosine of zero or less)."""
    means = np.array([float(np.mean(similarity[list(theme)])) if len(theme) else np.nan for theme in members])
    median = float(np.nanmedian(means)) if np.count_nonzero(~np.isnan(means)) >= 3 else 0.0
    if median <= 0:  # too few themes, or none whose comments lean towards their centre
        return [False] * len(members)
    line = LOOSE_BELOW * median
    return [bool(mean < line) for mean in means]


def name_coverage(analyses: Sequence[Analysis], theme: Sequence[int], label: str) -> float:
    """The share of a theme's comments (``theme`` indexes ``analyses``) using any word of its name,
    as written or by lemma ("waiting" counts "waited"); the commonest words inside a phrase ("lack
    of support") count only where quoted as the word that holds the theme."""
    words = {
        word.strip("“”") for part in label.split(" / ") for word in part.split()
        if word.startswith("“") or word not in generic_words(CONTEXT_RANK)
    }
    wanted = words | {lemma_of(word) for word in words}
    read = theme[:READ_PER_THEME]
    if not read:
        return 0.0
    using = sum(1 for i in read if wanted.intersection(analyses[i].words) or wanted.intersection(analyses[i].lemmas))
    return using / len(read)


def marked_if_mixed(analyses: Sequence[Analysis], theme: Sequence[int], label: str, loose: bool = False) -> str:
    """``MIXED`` for a ``loose`` theme or one fewer than ``MIXED_BELOW`` of whose comments use its
    name, else ``label``."""
    if label == NO_SHARED_WORDING:
        return label
    return MIXED if loose or name_coverage(analyses, theme, label) < MIXED_BELOW else label

"""Emergent themes are named by phrases their comments share, never by the commonest words alone."""

from __future__ import annotations

import numpy as np

from voices.settings import PROJECT_ROOT
from voices.themes.blind import load_blind_set
from voices.themes.discover import ThemeDiscoverer
from voices.themes.naming import display_term, written_forms
from voices.themes.phrase_names import (
    CONTEXT_RANK,
    MIXED,
    NO_SHARED_WORDING,
    TermUse,
    comment_phrases,
    defining_word,
    fallback_label,
    generic_words,
    lemma_use,
    loose_themes,
    marked_if_mixed,
    name_by_phrases,
    name_coverage,
    says_something,
    with_context,
    with_defining_word,
)
from voices.themes.vectorise import analyse_comments

WAITING = [
    "the waiting list for counselling was eight months",
    "Waiting lists are far too long, I gave up",
    "put on a waiting list and heard nothing",
    "my gp said the waiting list was a year",
    "why is the waiting list so long for therapy",
    "nobody told me how long the waiting list would be",
]
POLICE = [
    "the police kept me updated every week",
    "the officer kept me updated by text",
    "police never kept me updated about the case",
    "kept updated by the police, which helped",
    "the detective kept me updated even when nothing happened",
    "i was kept updated and that mattered",
]


def names_of(themes: list[list[str]]) -> list[str | None]:
    texts = [text for theme in themes for text in theme]
    members, start = [], 0
    for theme in themes:
        members.append(list(range(start, start + len(theme))))
        start += len(theme)
    found = name_by_phrases(analyse_comments(texts), members, texts)
    return [name.label if name is not None else None for name in found]


def test_a_theme_is_named_by_the_phrase_its_comments_share() -> None:
    waiting, police = names_of([WAITING, POLICE])
    assert waiting is not None and waiting.startswith("waiting list")
    assert police is not None and police.startswith("kept me updated")


def test_the_commonest_words_never_name_a_theme_alone() -> None:
    assert not says_something(("know",)) and not says_something(("year",)) and not says_something(("think",))
    assert says_something(("counselling",)) and says_something(("gp",))
    assert not says_something(("s", "not")) and not says_something(("s",))  # a stray letter says nothing
    assert not says_something(("i", "think"))  # a phrase of the commonest words says nothing either
    assert says_something(("wait", "list"))
    vague = ["i know what i think", "i think i know", "you know i think so", "think about it, you know"]
    assert names_of([vague, WAITING])[0] is None
    assert fallback_label(["know", "think", "year"]) == NO_SHARED_WORDING
    assert fallback_label(["know", "counselling", "waiting list"]) == "counselling / waiting list"


def test_a_phrase_does_not_run_across_punctuation() -> None:
    text = "Lovely staff, excellent care"
    [analysis] = analyse_comments([text])
    assert ("staff", "excellent") not in comment_phrases(analysis, text)
    assert ("staff", "excellent") in comment_phrases(analysis)  # the analysis alone drops the comma
    assert ("excellent", "care") in comment_phrases(analysis, text)


def test_a_second_phrase_names_the_comments_the_first_misses() -> None:
    mixed = WAITING[:3] + POLICE[:3] + ["the bins were late again"]  # neither covers half
    elsewhere = ["parking at the station is awful", "more street lights on the way home", "buses stop at six"]
    [label] = names_of([mixed, elsewhere])[:1]
    assert label is not None and " / " in label
    first, second = label.split(" / ")
    assert {first.split()[0], second.split()[0]} >= {"waiting", "kept"}


def test_no_discovered_name_is_made_of_the_commonest_words() -> None:
    texts = [comment.text for comment in load_blind_set(PROJECT_ROOT / "nlp_models" / "themes_blind.jsonl")]
    themes = ThemeDiscoverer(random_state=0).discover(texts).themes
    assert themes
    for theme in themes:
        lead, *parts = theme.label.split(" / ")
        assert lead == NO_SHARED_WORDING or says_something(tuple(lead.split())), theme.label
        for part in parts:  # a second phrase, or a telling word after the phrases
            assert not set(part.split()) <= generic_words(CONTEXT_RANK), theme.label


def test_a_theme_one_common_word_holds_together_leads_with_it() -> None:
    reasons = [f"because the {thing} was {how}" for thing in ("crew", "nurse", "wait", "food", "driver")
               for how in ("kind", "slow", "late", "great")]
    other = [f"the {thing} at the {place}, room {n}" for thing in ("parking", "signs", "lifts", "cafe", "toilets")
             for place in ("hospital", "clinic", "station", "centre") for n in range(5)]
    analyses = analyse_comments(reasons + other)
    used = lemma_use(analyses)
    assert used["because"] == 20 and used["the"] == 120
    assert defining_word(analyses, list(range(20)), used) == "because"  # all of them, and none outside
    assert defining_word(analyses, list(range(20, 120, 5)), used) is None  # "the", "room": everywhere alike
    assert defining_word(analyses, [0], used) is None  # one comment's word is nobody's shared word
    uses = [TermUse("crew", 0.25, 4.0, "crew"), TermUse("because", 1.0, 2.0, "because")]
    assert with_defining_word("because", "because", uses, 20) == "“because” / crew"
    assert with_defining_word("well", "better", [TermUse("better", 1.0, 9.0, "well")], 20) == "“better”"
    assert with_defining_word("help", "help", [TermUse("helpful", 0.5, 3.0, "helpful")], 20) == "“help”"


def test_a_theme_whose_name_most_of_its_comments_lack_says_it_is_a_mix() -> None:
    hospital = ["the hospital car park"] * 2 + ["parking fees", "rude receptionist", "bed was cold", "lost my letter",
                                               "wrong ward", "no wheelchair", "late taxi", "dentist list"]
    analyses = analyse_comments(hospital)
    assert name_coverage(analyses, range(10), "hospital") == 0.2
    assert marked_if_mixed(analyses, list(range(10)), "hospital") == MIXED
    assert name_coverage(analyses, range(10), "hospital / parking") == 0.3  # "parking" counts "park" by lemma
    assert marked_if_mixed(analyses, list(range(10)), "hospital / parking") == "hospital / parking"
    assert marked_if_mixed(analyses, list(range(10)), "hospital / parking", loose=True) == MIXED
    assert marked_if_mixed(analyses, list(range(10)), NO_SHARED_WORDING) == NO_SHARED_WORDING
    assert name_coverage(analyses, range(10), "lack of hospital") == 0.2  # "of" is in nearly every comment
    assert name_coverage(analyses, range(10), "“the”") == 0.2


def test_a_theme_shows_its_words_as_its_comments_write_them() -> None:
    texts = ["Better food please", "the food could be better", "better food and a better bed", "amazing crew"]
    analyses = analyse_comments(texts)
    forms = written_forms(analyses, [0, 1, 2])
    assert forms["well"] == "better"  # the lemma table's "well" for "better"
    assert display_term("well food", forms) == "better food"
    assert display_term("not_well", forms) == "not better"
    assert display_term("amaze") == "amaze" and display_term("amaze", written_forms(analyses, [3])) == "amazing"


def test_every_word_of_a_discovered_term_is_one_its_comments_wrote() -> None:
    texts = [comment.text for comment in load_blind_set(PROJECT_ROOT / "nlp_models" / "themes_blind.jsonl")]
    analyses = analyse_comments(texts)
    themes = ThemeDiscoverer(random_state=0).discover(texts, analyses=analyses).themes
    for theme in themes:
        written = {word for i in theme.members for word in analyses[i].words}
        for term in theme.terms:
            assert set(term.split()) <= written, (theme.label, term)


def test_a_phrase_name_is_followed_by_the_telling_words_of_its_theme() -> None:
    uses = [
        TermUse("school", 0.50, 4.0),
        TermUse("classroom", 0.20, 1.5),  # hardly likelier inside the theme than outside
        TermUse("know", 0.40, 3.0),  # among the commonest words
        TermUse("consent", 0.10, 6.0),  # too few of the theme's comments: most fives drawn lack it
        TermUse("teaching", 0.30, 5.0),  # the name already says it
        TermUse("pupil", 0.25, 3.0),
        TermUse("boy", 0.20, 3.0),  # the name is full by then
    ]
    assert with_context("teach", uses) == "teach / school / pupil"
    assert with_context("waiting list / counselling", uses) == "waiting list / counselling / school"
    assert with_context("a / b / c", uses) == "a / b / c"


def test_a_theme_with_no_phrase_is_named_by_its_telling_words_never_led_by_a_common_one() -> None:
    uses = [TermUse("problem", 0.40, 3.0), TermUse("isva", 0.30, 5.0), TermUse("court", 0.20, 3.0)]
    assert with_context(None, uses) == "isva / court"  # "problem" is among the commonest words
    assert with_context(None, uses[:1]) is None
    assert with_context(None, uses, theme_size=8) == "isva"  # "court": one comment of eight
    helped = TermUse("helped", 0.40, 3.0, lemma="help")  # rarer than "help", which is among the commonest
    assert with_context(None, [helped, *uses[1:]]) == "isva / court"
    assert with_context("isva", [helped]) == "isva / helped"
    assert fallback_label(["helped", "isva"], ["help", "isva"]) == "isva"


def test_a_theme_far_looser_than_the_median_theme_is_loose() -> None:
    # Four themes of three comments: cosines to their centres averaging 0.6, 0.62, 0.58 and 0.3.
    similarity = np.array([0.6, 0.6, 0.6, 0.62, 0.62, 0.62, 0.5, 0.6, 0.64, 0.2, 0.3, 0.4])
    themes = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    assert loose_themes(similarity, themes) == [False, False, False, True]
    assert loose_themes(similarity, [[0, 1, 2], [9, 10, 11]]) == [False, False]  # no median theme to compare with
    assert loose_themes(similarity, [*themes, []]) == [False, False, False, True, False]
    assert loose_themes(-similarity, themes) == [False] * 4  # no theme leans towards its centre
    # 0.8 of the median (0.6) is the line: 0.47 is loose, 0.49 is not
    assert loose_themes(np.array([0.6, 0.6, 0.6, 0.47]), [[0], [1], [2], [3]])[3]
    assert not loose_themes(np.array([0.6, 0.6, 0.6, 0.49]), [[0], [1], [2], [3]])[3]

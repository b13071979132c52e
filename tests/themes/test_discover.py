from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from tests.themes.corpus import corpus
from voices.themes.discover import NOT_SUBSTANTIVE, UNASSIGNED, ThemeDiscoverer, is_substantive
from voices.themes.vectorise import analyse_comments, content_terms


def small(random_state: int = 0, **overrides: object) -> ThemeDiscoverer:
    settings = {"min_themes": 2, "max_themes": 5, "n_components": 20, "n_neighbors": 8}
    settings.update(overrides)
    return ThemeDiscoverer(random_state=random_state, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "  ", "n/a", "N/A.", "No comment", "nothing", "none", "-", "??"])
def test_non_answers_are_not_substantive(text: str) -> None:
    assert not is_substantive(text)


@pytest.mark.parametrize("text", ["Excellent", "police", "waited ages"])
def test_one_real_word_is_an_answer(text: str) -> None:
    assert is_substantive(text)


def test_finds_the_subjects_and_never_themes_non_answers() -> None:
    texts, subjects = corpus()
    discovery = small(n_themes=3).discover(texts)
    gold = np.array(subjects)
    assert (discovery.labels[gold == ""] == NOT_SUBSTANTIVE).all()
    assert discovery.n_not_substantive == (gold == "").sum()
    themed = gold != ""
    assert adjusted_rand_score(gold[themed], discovery.labels[themed]) > 0.8
    assert all(theme.members for theme in discovery.themes)


def test_themes_are_named_by_their_distinctive_terms() -> None:
    texts, _ = corpus()
    names = " ".join(theme.label for theme in small(n_themes=3).discover(texts).themes)
    assert "police" in names and ("isva" in names or "court" in names or "advocate" in names)
    assert "wait" in names


def test_at_most_the_allowed_share_is_left_unassigned() -> None:
    texts, _ = corpus()
    discovery = small(min_similarity=0.99).discover(texts)
    assert discovery.n_unassigned <= 0.15 * discovery.n_substantive + 1
    assert (discovery.labels == UNASSIGNED).sum() == discovery.n_unassigned


def test_number_of_themes_stays_within_bounds() -> None:
    texts, _ = corpus()
    discovery = small().discover(texts)
    assert 2 <= len(discovery.themes) <= 5


def test_same_seed_gives_identical_output() -> None:
    texts, _ = corpus()
    first, second = small(3).discover(texts), small(3).discover(texts)
    assert np.array_equal(first.labels, second.labels)
    assert [t.label for t in first.themes] == [t.label for t in second.themes]
    assert np.allclose(first.similarity, second.similarity)


def test_different_seeds_agree() -> None:
    texts, _ = corpus()
    runs = [small(seed, n_themes=3).discover(texts).labels for seed in range(3)]
    assert min(adjusted_rand_score(runs[0], other) for other in runs[1:]) > 0.9


def test_near_duplicate_themes_are_merged() -> None:
    texts, _ = corpus()
    discovery = small(n_themes=None, min_themes=2, max_themes=5, merge_similarity=0.0).discover(texts)
    assert len(discovery.themes) == 2
    assert any("merged" in note for note in discovery.notes)


def test_too_few_comments_is_reported_not_raised() -> None:
    discovery = small().discover(["n/a", "great"])
    assert discovery.themes == []
    assert discovery.notes


def test_large_sets_are_clustered_on_a_sample_and_all_comments_assigned() -> None:
    texts, _ = corpus(per_subject=60)
    discovery = small(n_themes=3, sample_size=90).discover(texts)
    assert any("sample" in note for note in discovery.notes)
    substantive = discovery.labels != NOT_SUBSTANTIVE
    assert (discovery.labels[substantive] >= 0).mean() >= 0.85


def test_predict_places_new_comments_in_learned_themes() -> None:
    texts, _ = corpus()
    engine = small(n_themes=3).fit(texts)
    police = engine.predict(["the police did not believe me", "n/a"])
    assert police[1] == NOT_SUBSTANTIVE
    assert "police" in engine.discovery_.themes[police[0]].label


def test_word_by_word_character_ngrams_match_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from voices.text import analyse
    from voices.themes.chargrams import CharGramTfidf

    texts, _ = corpus()
    words = [a.words for a in analyse(texts)]
    joined = [" ".join(w) for w in words]
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
    expected = reference.fit_transform(joined[:80])
    ours = CharGramTfidf((3, 5), min_df=2)
    assert abs(ours.fit_transform(words[:80]) - expected).max() < 1e-6
    assert abs(ours.transform(words[80:]) - reference.transform(joined[80:])).max() < 1e-6


def test_a_term_names_at_most_two_themes() -> None:
    from scipy import sparse

    from voices.themes.naming import membership_matrix, theme_term_weights

    # "service" is in every comment of four themes; each theme also has a word of its own.
    words = ["service", "wait", "police", "court", "food"]
    rows = [[1, 1, 0, 0, 0]] * 3 + [[1, 0, 1, 0, 0]] * 3 + [[1, 0, 0, 1, 0]] * 3 + [[1, 0, 0, 0, 1]] * 3
    counts = sparse.csr_matrix(np.array(rows, dtype=np.float32))
    membership = membership_matrix([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], 12)
    weights = theme_term_weights(counts, membership, np.array(words))
    assert (weights[:, 0] > 0).sum() == 2
    assert (weights[:, 1:] > 0).tolist() == np.eye(4, dtype=bool).tolist()


def test_a_term_does_not_name_a_theme_where_it_weighs_far_less_than_its_best() -> None:
    from scipy import sparse

    from voices.themes.naming import membership_matrix, theme_term_weights

    # "wait" is in all three answers of theme 0 but only two of six of theme 1.
    words = ["wait", "hour", "police", "report"]
    rows = [[1, 1, 0, 0]] * 3 + [[1, 0, 1, 1]] * 2 + [[0, 0, 1, 1]] * 4
    counts = sparse.csr_matrix(np.array(rows, dtype=np.float32))
    membership = membership_matrix([[0, 1, 2], [3, 4, 5, 6, 7, 8]], 9)
    weights = theme_term_weights(counts, membership, np.array(words))
    assert weights[0, 0] > 0 and weights[1, 0] == 0


def test_words_that_share_answers_are_listed_before_words_that_do_not() -> None:
    from voices.themes.naming import co_occurring_first

    # Candidates best first. Word 0 leads; word 1 never shares an answer with it, so it moves
    # after the group; phrase 2 shares answers with word 0 only; word 3 shares answers with
    # word 0 but not with phrase 2, which does not constrain the group.
    together = np.array(
        [[1, 0, 1, 1], [0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 1]], dtype=bool
    )
    single = np.array([True, True, False, True])
    assert co_occurring_first(together, single).tolist() == [0, 2, 3, 1]
    assert co_occurring_first(np.ones((3, 3), dtype=bool), np.ones(3, dtype=bool)).tolist() == [0, 1, 2]


def test_negation_stays_out_of_the_words_themes_are_found_by_however_it_is_typed() -> None:
    # "shouldnt" splits into "should" (a stop word) and "nt", which is not one but means "not"
    typed = [content_terms(a) for a in analyse_comments(["she shouldnt walk home", "she should not walk home"])]
    assert typed[0] == typed[1] == "walk home"


def test_a_word_few_of_a_large_themes_comments_use_is_not_shown() -> None:
    from scipy import sparse

    from voices.themes.naming import membership_matrix, theme_term_weights

    # Theme 0 has 60 comments: "wait" in all, "clock" in 4 (a stray), "hour" in 5, and a one-letter
    # word in 6 ("s", "girl s", "not_s": what "girl's" or "isn't s" leave behind). Theme 1 has 10:
    # "court" in all, "jury" in 2, a fifth of them, shown. Theme 2 has 30: "police" in all,
    # "statement" in 4, shown (13% of 30 is 4); theme 3 has 31, "report" in all, "form" in 4, not
    # shown (13% of 31 is just over 4).
    words = ["wait", "clock", "hour", "s", "girl s", "not_s", "court", "jury", "police", "statement", "report", "form"]

    def row(*present: str) -> list[int]:
        return [int(word in present) for word in words]

    rows = [row("wait", "clock")] * 4 + [row("wait", "hour")] * 5 + [row("wait", "s", "girl s", "not_s")] * 6
    rows += [row("wait")] * 45
    rows += [row("court", "jury")] * 2 + [row("court")] * 8
    rows += [row("police", "statement")] * 4 + [row("police")] * 26
    rows += [row("report", "form")] * 4 + [row("report")] * 27
    counts = sparse.csr_matrix(np.array(rows, dtype=np.float32))
    themes = [list(range(60)), list(range(60, 70)), list(range(70, 100)), list(range(100, 131))]
    membership = membership_matrix(themes, 131)
    shown = theme_term_weights(counts, membership, np.array(words), shown=True) > 0
    named = theme_term_weights(counts, membership, np.array(words)) > 0
    assert [words[j] for j in np.flatnonzero(shown[0])] == ["wait", "hour"]
    # Names read every term the theme is named by, strays included.
    assert [words[j] for j in np.flatnonzero(named[0])] == ["wait", "clock", "hour", "s", "girl s", "not_s"]
    assert [words[j] for j in np.flatnonzero(shown[1])] == ["court", "jury"]
    assert [words[j] for j in np.flatnonzero(shown[2])] == ["police", "statement"]
    assert [words[j] for j in np.flatnonzero(shown[3])] == ["report"]


def test_a_themes_shown_terms_leave_out_strays_its_name_may_read() -> None:
    # Twelve comments about waiting for counselling, forty about court; "tea" is in two of the
    # court ones only, a stray among forty.
    texts = ["waiting list for counselling was months long"] * 12
    texts += [f"the court case took {n} months and the jury was kind" for n in range(38)]
    texts += ["the court gave me tea while the jury was out"] * 2
    engine = ThemeDiscoverer(n_themes=2, merge_similarity=None, random_state=0)
    discovery = engine.discover(texts)
    court = next(theme for theme in discovery.themes if len(theme.members) == 40)
    assert "tea" not in court.terms and "court" in court.terms


def test_discovery_draws_nothing_from_the_global_random_state() -> None:
    """Whatever the seed does not fix varies from run to run: the self-training's LinearSVC once
    drew its shuffling seed from NumPy's global state, and one FFT v6 theme run in five came out
    with other members and another name for the same data and seed."""
    texts, _ = corpus()
    np.random.seed(1)
    _, keys, position, *_ = np.random.get_state()
    small(n_themes=3).discover(texts)
    _, keys_after, position_after, *_ = np.random.get_state()
    assert position_after == position and (keys_after == keys).all()

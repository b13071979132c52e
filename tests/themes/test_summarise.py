from __future__ import annotations

import numpy as np
import pytest

from tests.themes.corpus import corpus
from voices.text import analyse
from voices.themes.discover import ThemeDiscoverer
from voices.themes.summarise import ThemeInput, excerpt, summarise


@pytest.fixture(scope="module")
def themed() -> tuple[list[str], list, object]:
    texts, _ = corpus(per_subject=40)
    discovery = ThemeDiscoverer(n_themes=3, n_components=20, n_neighbors=8).discover(texts)
    inputs = [ThemeInput(t.key, t.label, "emergent", t.members, t.terms) for t in discovery.themes]
    summaries = summarise(inputs, texts, analyse(texts), discovery.vectors, discovery.n_substantive)
    return texts, summaries, discovery


def test_every_quote_is_a_verbatim_slice_of_a_comment(themed) -> None:
    texts, summaries, _ = themed
    quotes = [q for s in summaries for q in s.quotes]
    assert quotes
    for quote in quotes:
        assert texts[quote.comment][quote.start : quote.end] == quote.text
        assert quote.text in texts[quote.comment]


def test_three_to_eight_distinct_quotes_from_the_theme_itself(themed) -> None:
    _, summaries, discovery = themed
    for summary, theme in zip(summaries, discovery.themes, strict=True):
        assert 3 <= len(summary.quotes) <= 8
        assert {q.comment for q in summary.quotes} <= set(theme.members)
        assert len({q.text.lower() for q in summary.quotes}) == len(summary.quotes)


def test_figures_add_up(themed) -> None:
    _, summaries, discovery = themed
    for summary in summaries:
        assert summary.positive + summary.negative + summary.neutral == summary.count
        assert summary.share == pytest.approx(summary.count / discovery.n_substantive)
        assert str(summary.count) in summary.sentence
        assert all(f'"{p}"' in summary.sentence for p in summary.top_phrases[:3])


def test_small_themes_withhold_quotes_and_hide_the_count() -> None:
    texts = ["the police did not believe me", "police never called back", "waited months"]
    vectors = np.eye(3)
    [summary] = summarise(
        [ThemeInput("E01", "police", "emergent", [0, 1], ["police"])], texts, analyse(texts), vectors, 3
    )
    assert summary.quotes == [] and summary.quotes_withheld
    assert "Fewer than 10" in summary.sentence and "2" not in summary.sentence


def test_change_from_the_previous_period_is_stated() -> None:
    texts = [f"police did not call back, case {i}" for i in range(12)]
    [summary] = summarise(
        [ThemeInput("E01", "police", "emergent", list(range(12)), ["police"])],
        texts, analyse(texts), np.ones((12, 2)) / np.sqrt(2), 12, previous_counts={"E01": 20},
    )
    assert "down from 20" in summary.sentence


def test_a_long_comment_is_quoted_by_its_most_relevant_sentences() -> None:
    text = "I went in on a Monday. " * 10 + "The police officer did not believe me at all. " + "Then I left. " * 10
    quote = excerpt(0, text, ["police", "believe"])
    assert quote.text.startswith("The police officer") and len(quote.text) <= 280
    assert text[quote.start : quote.end] == quote.text

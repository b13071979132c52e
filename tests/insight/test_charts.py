"""Charts: inline SVG that the page's CSP allows, named for screen readers, cached by their data."""

from __future__ import annotations

import re

from voices.insight.charts import (
    ChartCache,
    Interval,
    Series,
    bar_chart,
    interval_chart,
)


def test_a_chart_is_inline_svg_without_styles_or_requests() -> None:
    svg = bar_chart("Share of comments", ["Waiting <times>", "Being believed"], [Series("2026", [40.0, None])])
    assert svg.startswith('<svg role="img" aria-label="Share of comments"')
    assert " style=" not in svg and "<style" not in svg  # the CSP forbids inline styles
    assert "http" not in re.sub(r'xmlns(:xlink)?="[^"]+"', "", svg)
    assert "Waiting <times>" not in svg  # labels are drawn as paths, never markup
    ids = set(re.findall(r' id="([^"]+)"', svg))
    assert set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg)) <= ids


def test_two_charts_on_one_page_share_no_id() -> None:
    first = interval_chart("a", ["2025", "2026"], [Interval(3.0, 2.8, 3.2), None], "Mean")
    second = interval_chart("b", ["2025", "2026"], [None, Interval(3.5, 3.1, 3.9)], "Mean")
    assert not set(re.findall(r' id="([^"]+)"', first)) & set(re.findall(r' id="([^"]+)"', second))


def test_the_cache_draws_each_data_once() -> None:
    cache, drawn = ChartCache(size=2), []

    def draw(name: str) -> str:
        drawn.append(name)
        return name

    assert cache.get(("s", "a"), lambda: draw("a")) == "a"
    assert cache.get(("s", "a"), lambda: draw("again")) == "a"
    cache.get(("s", "b"), lambda: draw("b"))
    cache.get(("s", "c"), lambda: draw("c"))
    assert len(cache) == 2 and drawn == ["a", "b", "c"]

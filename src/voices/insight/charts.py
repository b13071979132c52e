"""Charts drawn on the server as inline SVG by matplotlib, from published figures only.

matplotlib's own SVG backend, without pyplot (no global figure state, safe across requests):
text is drawn as paths (`svg.fonttype = "path"`) from the fonts matplotlib ships, so the page
fetches no font and makes no request of any kind. The site's Content-Security-Policy forbids
inline styles, so the SVG's `style` attributes become presentation attributes and its `<style>`
element goes; ids are prefixed per chart so several charts can share a page.

A chart is drawn from `Figure`s already through the disclosure layer: a hidden figure is simply
not drawn, and its data table (beside every chart) says why. Rendered SVGs are kept by their
survey, filter and data, so an unchanged report is not drawn twice.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from html import escape
from threading import Lock
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure as Canvas

# GOV.UK colours: blue, dark blue, green, orange, purple: distinct, and dark enough on white.
COLOURS = ("#1d70b8", "#003078", "#00703c", "#f47738", "#4c2c92")
TEXT = "#0b0c0c"
_RC = {"svg.fonttype": "path", "svg.hashsalt": "voices", "font.size": 10, "text.color": TEXT}
_STYLE = re.compile(r' style="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: hidden by the disclosure layer, not drawn


@dataclass(frozen=True, slots=True)
class Interval:
    mean: float
    low: float
    high: float


def bar_chart(alt: str, categories: Sequence[str], series: Sequence[Series], unit: str = "%") -> str:
    """Horizontal bars, one group per category, one bar per series (period); shares or counts."""
    matplotlib, Canvas = _matplotlib()
    height = 0.9 + 0.32 * len(categories) * max(1, len(series))
    with matplotlib.rc_context(_RC):
        figure = Canvas(figsize=(7.5, min(height, 24)))
        axes = figure.add_subplot()
        bar = 0.8 / max(1, len(series))
        for s_index, one in enumerate(series):
            for c_index, value in enumerate(one.values):
                if value is not None:
                    y = c_index + (s_index - (len(series) - 1) / 2) * bar
                    axes.barh(y, value, height=bar * 0.9, color=COLOURS[s_index % len(COLOURS)],
                              label=one.name if c_index == _first_shown(one.values) else None)
        axes.set_yticks(range(len(categories)), [_wrap(c) for c in categories])
        axes.invert_yaxis()
        axes.set_xlabel(unit if unit != "%" else "Share (%)")
        if unit == "%":
            axes.set_xlim(0, 100)
        _plain(axes)
        if len(series) > 1:
            axes.legend(frameon=False, loc="lower right")
        figure.tight_layout()
        return _svg(figure, alt)


def interval_chart(alt: str, periods: Sequence[str], points: Sequence[Interval | None], axis: str) -> str:
    """Means with their 95% confidence intervals by wave, on the 1 to 5 scale."""
    matplotlib, Canvas = _matplotlib()
    with matplotlib.rc_context(_RC):
        figure = Canvas(figsize=(6.5, 3.2))
        axes = figure.add_subplot()
        for x, point in enumerate(points):
            if point is not None:
                axes.errorbar([x], [point.mean], yerr=[[point.mean - point.low], [point.high - point.mean]],
                              fmt="o", color=COLOURS[0], capsize=6, markersize=7)
        axes.set_xticks(range(len(periods)), list(periods))
        axes.set_xlim(-0.6, len(periods) - 0.4)
        axes.set_ylim(1, 5)
        axes.set_ylabel(axis)
        _plain(axes)
        figure.tight_layout()
        return _svg(figure, alt)


def _matplotlib() -> tuple[Any, type[Canvas]]:
    # Imported when the first chart is drawn, not when the app starts: it adds a second to the start
    # of every app process, and respondents' pages never draw a chart.
    import matplotlib
    from matplotlib.figure import Figure

    return matplotlib, Figure


def _first_shown(values: Sequence[float | None]) -> int:
    return next((i for i, v in enumerate(values) if v is not None), -1)


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _plain(axes: object) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)  # type: ignore[attr-defined]


def _svg(figure: Canvas, alt: str) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return inline(buffer.getvalue(), alt)


def inline(document: str, alt: str) -> str:
    """matplotlib's SVG document as an element for the page: named, scalable, no inline styles."""
    svg = document[document.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.DOTALL)
    svg = _STYLE.sub(lambda m: _attributes(m[1]), svg)
    prefix = "c" + hashlib.sha256(svg.encode()).hexdigest()[:8]
    svg = _ID.sub(lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = _REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.replace("<svg", f'<svg role="img" aria-label="{escape(alt)}" focusable="false"', 1)


def _attributes(style: str) -> str:
    pairs = (part.split(":", 1) for part in style.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{escape(value.strip())}"' for name, value in pairs)


class ChartCache:
    """Rendered charts by (survey, filter, chart, data): the data is part of the key, so a purge or a
    new answer draws afresh and nothing stale is ever shown. Least recently used go first."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._charts: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, draw: Callable[[], str]) -> str:
        with self._lock:
            if key in self._charts:
                self._charts.move_to_end(key)
                return self._charts[key]
        svg = draw()
        with self._lock:
            self._charts[key] = svg
            while len(self._charts) > self._size:
                self._charts.popitem(last=False)
        return svg

    def __len__(self) -> int:
        return len(self._charts)

"""A figure as it leaves the system: its machine value and the words shown for it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Hidden(StrEnum):
    """Why a figure is not shown."""

    SMALL_COUNT = "small_count"  # a count below the threshold (primary suppression)
    PROTECTS_SMALL_COUNT = "protects_small_count"  # hidden so a small count cannot be worked out
    SMALL_BASE = "small_base"  # a statistic based on fewer people than the threshold
    HIDDEN_COUNT = "hidden_count"  # a percentage whose count or base is hidden


@dataclass(frozen=True, slots=True)
class Figure(Generic[T]):
    """One published value. HTML, charts, CSV and JSON all render it from these fields alone.

    `value` is None whenever `hidden` says why; `text` is what a reader sees either way
    ("1,234", "42%", "fewer than 10", ...). `str(figure)` is that text, so a template or a CSV
    writer can print the figure itself.
    """

    value: T | None
    text: str
    hidden: Hidden | None = None

    @property
    def shown(self) -> bool:
        return self.hidden is None

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, object]:
        """The API and JSON exports' shape: the same value and text, and the reason if hidden."""
        return {"value": self.value, "text": self.text, "hidden": None if self.hidden is None else str(self.hidden)}

"""The disclosure threshold and what it decides for single figures, quotes and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Self, TypeVar

from voices.errors import FilterTooNarrow
from voices.privacy.disclosure.figures import Figure, Hidden
from voices.settings import DEFAULT_DISCLOSURE_THRESHOLD

if TYPE_CHECKING:
    from voices.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    """What may leave the system, for every page, chart, API answer and export alike.

    A count is *small* when it is in 1..threshold-1: it is hidden and shown as "fewer than 10".
    Zero is published as 0 by default. A zero cell can be disclosive (in combination it says
    "nobody in this area gave this answer"), but most zeros in these reports are structural or
    harmless, and hiding them costs readers a lot; set `suppress_zero` to treat 0 as small too.

    Because a zero is shown, a hidden small count is known to be at least 1, so the label alone
    tells a reader it lies in 1..threshold-1. With a threshold of 2 that is exactly 1: such a
    policy is refused unless zeros are suppressed as well.
    """

    threshold: int = DEFAULT_DISCLOSURE_THRESHOLD
    suppress_zero: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 2:
            raise ValueError(f"a disclosure threshold below 2 hides nothing (got {self.threshold})")
        if self.threshold == 2 and not self.suppress_zero:
            raise ValueError("with zeros shown, 'fewer than 2' can only mean 1: raise the threshold")

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls(threshold=settings.disclosure_threshold)

    @property
    def smallest_hidden(self) -> int:
        """The least value a reader knows a "fewer than N" count can have."""
        return 0 if self.suppress_zero else 1

    def is_small(self, count: int) -> bool:
        return self.smallest_hidden <= count < self.threshold

    def count(self, count: int) -> Figure[int]:
        """A count on its own, with nothing published that it adds up to.

        Counts that add up to a published total belong in a table (`publish_one_way`,
        `publish_two_way`), which also hides what would let a small count be worked out.
        """
        return self.hidden(Hidden.SMALL_COUNT) if self.is_small(count) else Figure(count, f"{count:,}")

    def hidden(self, reason: Hidden) -> Figure[T]:
        """A figure withheld for `reason`, with the words every output shows for it."""
        return Figure(None, self._words(reason), reason)

    def statistic(self, value: T, base: int, text: str) -> Figure[T]:
        """A percentage, mean, scale score or confidence interval computed from `base` people.

        `text` is the value as the reader should see it ("3.4", "2.9 to 3.8"); it is dropped
        when the statistic is withheld.
        """
        return self.hidden(Hidden.SMALL_BASE) if base < self.threshold else Figure(value, text)

    def percentage(self, count: Figure[int], base: Figure[int], decimals: int = 0) -> Figure[float]:
        """`count` as a percentage of `base`, both figures already published by this layer.

        Taking figures rather than numbers means a hidden count can never leak through its share.
        """
        if count.value is None or base.value is None:
            return self.hidden(Hidden.HIDDEN_COUNT)
        if base.value < self.threshold:
            return self.hidden(Hidden.SMALL_BASE)
        share = 100 * count.value / base.value
        return Figure(share, f"{share:.{decimals}f}%")

    def quotes_allowed(self, distinct_respondents: int) -> bool:
        """Whether a theme may show quotes: it must hold at least the threshold of distinct people."""
        return distinct_respondents >= self.threshold

    def check_filter(self, described: int, everyone: int) -> None:
        """Refuse a filter that describes, or leaves out, fewer people than the threshold.

        `described` is how many respondents the filter keeps and `everyone` how many the same
        report holds unfiltered. Leaving out a few is refused too: the unfiltered report minus
        the filtered one would describe those few. The message never gives the number.
        """
        if described < self.threshold:
            raise FilterTooNarrow(
                f"This filter describes fewer than {self.threshold} people, so its results cannot be "
                "shown. Widen the period or remove a filter."
            )
        if 0 < everyone - described < self.threshold:
            raise FilterTooNarrow(
                f"This filter leaves out fewer than {self.threshold} people, so its results cannot be "
                "shown: compared with the whole report they would describe those few. Remove the "
                "filter or choose a different one."
            )

    def _words(self, reason: Hidden) -> str:
        match reason:
            case Hidden.SMALL_COUNT:
                return f"fewer than {self.threshold}"
            case Hidden.PROTECTS_SMALL_COUNT:
                return "hidden to protect a small number"
            case Hidden.SMALL_BASE:
                return f"withheld: based on fewer than {self.threshold}"
            case Hidden.HIDDEN_COUNT:
                return "withheld: its count is hidden"

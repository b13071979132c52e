"""Reports and the datasets they are counted from, kept in memory while their data is unchanged.

Every entry is filed under the `DataVersion` it was counted at, and a request first reads the
version as it is now (one cheap query), so an entry is used only while the rows it was counted
from are exactly the rows in the database: a new submission, a purge, a new theme run or a change
to a run's assignments gives a new version, and the next request counts afresh. Nothing here
expires by time, so nothing stale is ever shown for a while either.

The rendered report page is kept too (`web.py`), under its report's key and everything else the
page shows (the officer, the address, the theme run's status, the notice), with a slot for the
request's CSRF token. One dataset is kept per survey (the latest version read; `report.py` extends it when submissions
were only added, and reads it afresh otherwise); reports are kept by (survey, version,
filter, whether quotes may be read), least recently used going first. A lock per survey makes
concurrent requests for new data read it once.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class ReportCache:
    def __init__(self, reports: int = 64, pages: int = 16) -> None:
        self._size = reports
        self._page_size = pages
        self._datasets: dict[str, tuple[Hashable, Any]] = {}
        self._reports: OrderedDict[Hashable, Any] = OrderedDict()
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, slug: str) -> asyncio.Lock:
        return self._locks.setdefault(slug, asyncio.Lock())

    def dataset(self, slug: str) -> tuple[Hashable, Any] | None:
        """The survey's dataset last read, with the version it was read at."""
        return self._datasets.get(slug)

    def keep_dataset(self, slug: str, version: Hashable, dataset: Any) -> None:
        self._datasets[slug] = (version, dataset)
        # Reports (and pages) of that survey's older versions can never be asked for again.
        for key in [key for key in self._reports if key[0] == slug and key[1] != version]:  # type: ignore[index]
            del self._reports[key]
        for key in [key for key in self._pages if key[0][0] == slug and key[0][1] != version]:  # type: ignore[index]
            del self._pages[key]

    def report(self, key: tuple[str, Hashable, Hashable, bool]) -> Any | None:
        found = self._reports.get(key)
        if found is not None:
            self._reports.move_to_end(key)
        return found

    def keep_report(self, key: tuple[str, Hashable, Hashable, bool], report: Any) -> None:
        self._reports[key] = report
        while len(self._reports) > self._size:
            self._reports.popitem(last=False)

    def page(self, key: tuple[Hashable, ...]) -> str | None:
        """A rendered page, filed under its report's key (first) and whatever else it shows."""
        found = self._pages.get(key)
        if found is not None:
            self._pages.move_to_end(key)
        return found

    def keep_page(self, key: tuple[Hashable, ...], html: str) -> None:
        self._pages[key] = html
        while len(self._pages) > self._page_size:
            self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget everything kept: after a purge, a kept report may quote an answer it deleted."""
        self._datasets.clear()
        self._reports.clear()
        self._pages.clear()

    def __len__(self) -> int:
        return len(self._reports)

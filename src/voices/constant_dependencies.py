"""App-wide parts handed to handlers as Litestar dependencies, resolved one after another.

Litestar resolves the dependencies a handler names that sit at the same depth of its dependency
graph concurrently, in an anyio task group made for every request (litestar-org/litestar#4563).
For parts built once at start-up that is all overhead: a respondent's question page spent a third
of its server time starting and joining those tasks. Here each part names the one before it as its
own dependency, so each depth holds one part and Litestar resolves them in turn, with no task group.
A handler naming the k-th part resolves the k before it too, each a cached value behind one check of
its argument (a few microseconds; the task group cost tens): so the parts come in the order the
busiest pages, the respondent's, use them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping

from litestar.di import NamedDependency, Provide


def chained_constants(parts: Mapping[str, object]) -> dict[str, Provide]:
    """One cached provider a part, each depending on the one before it."""
    providers: dict[str, Provide] = {}
    previous: str | None = None
    for name, part in parts.items():
        providers[name] = Provide(_returning(part, after=previous), use_cache=True, sync_to_thread=False)
        previous = name
    return providers


def _returning(part: object, after: str | None) -> Callable[..., object]:
    def provide(**_: object) -> object:
        return part

    # Litestar reads a provider's dependencies from its signature: name the previous part.
    needs = {} if after is None else {after: NamedDependency[object]}
    provide.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind) for name, kind in needs.items()],
        return_annotation=object,
    )
    provide.__annotations__ = {**needs, "return": object}
    return provide

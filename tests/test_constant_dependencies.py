"""App-wide parts reach handlers one after another, never through a task group per request."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar, get
from litestar.di import NamedDependency
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from voices.app import app_for
from voices.constant_dependencies import chained_constants
from voices.services import build_services
from voices.settings import PROJECT_ROOT, Settings
from tests.conftest import TEST_SECRET


def _largest_dependency_batches(app: Litestar) -> dict[str, int]:
    """For each handler, how many dependencies Litestar would resolve at once (in a task group).
    Reads Litestar 2.x's own route tables: an upgrade that renames them fails here, knowingly."""
    largest: dict[str, int] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        if not route.route_handler_map:
            route.create_handler_map()
        for handler, kwargs_model in route.route_handler_map.values():
            sizes = [len(batch) for batch in kwargs_model.dependency_batches]
            largest[f"{route.path} {handler.handler_name}"] = max(sizes, default=0)
    return largest


def test_every_handler_of_the_app_resolves_its_parts_one_at_a_time(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'voices.sqlite'}", var_dir=tmp_path, secret_key=TEST_SECRET,
        surveys_dir=PROJECT_ROOT / "surveys", redaction_process=False, jobs=False, warm_reports=False,
    )
    largest = _largest_dependency_batches(app_for(build_services(settings)))
    # The respondent's question page and the officers' pages each name several parts.
    assert max(largest.values()) == 1, {name: size for name, size in largest.items() if size > 1}
    assert sum(size == 1 for size in largest.values()) >= 40


async def test_a_handler_gets_each_part_it_names() -> None:
    @get("/parts")
    async def parts(
        first: NamedDependency[str], third: NamedDependency[list[int]], second: NamedDependency[dict[str, int]]
    ) -> dict[str, object]:
        return {"first": first, "second": second, "third": third}

    app = Litestar([parts], dependencies=chained_constants({"first": "a", "second": {"b": 2}, "third": [3]}))
    assert max(_largest_dependency_batches(app).values()) == 1
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/parts")).json() == {"first": "a", "second": {"b": 2}, "third": [3]}

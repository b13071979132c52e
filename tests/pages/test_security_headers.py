"""Every response carries the safety headers: pages, API, static files, redirects and errors alike."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from litestar.testing import AsyncTestClient

from voices.app import app_for, create_app
from voices.services import build_services
from voices.settings import Settings

FORM = {"content-type": "application/x-www-form-urlencoded"}
JSON = {"content-type": "application/json"}

# (method, path, body, headers, expected status): one of each kind of response the app makes.
ROUTES: list[tuple[str, str, bytes | None, dict[str, str] | None, int]] = [
    ("GET", "/", None, None, 200),
    ("GET", "/surveys/awareness", None, None, 200),
    ("GET", "/surveys/bilingual?lang=cy", None, None, 200),
    ("POST", "/surveys/awareness", b"_action=start", FORM, 200),
    ("POST", "/surveys/awareness", b"_action=next&website=spam", FORM, 400),
    ("GET", "/safety", None, None, 200),
    ("GET", "/exit", None, None, 303),
    ("GET", "/static/voices.css", None, None, 200),
    ("GET", "/static/init.mjs", None, None, 200),
    ("GET", "/static/govuk-frontend.min.js", None, None, 200),
    ("GET", "/static/favicon.svg", None, None, 200),
    ("GET", "/static/missing.css", None, None, 404),
    ("GET", "/no-such-page", None, None, 404),
    ("GET", "/surveys/no-such-survey", None, None, 404),
    ("GET", "/api/surveys", None, None, 200),
    ("GET", "/api/surveys/awareness", None, None, 200),
    ("GET", "/api/surveys/no-such-survey", None, None, 404),
    ("POST", "/api/surveys/awareness/responses", b"{not json", JSON, 400),
    ("POST", "/api/surveys/awareness/responses", b'{"version_id": VERSION, "form_token": "x", "answers": {}}', JSON, 422),
    ("PUT", "/api/surveys", b"", None, 405),
    ("POST", "/api/surveys/awareness/responses", b"{" + b" " * 300_000 + b"}", JSON, 413),
    ("POST", "/surveys/awareness", b"a-x=" + b"y" * 300_000, FORM, 413),
    ("OPTIONS", "/api/surveys", None, None, 204),
    ("HEAD", "/static/voices.css", None, None, 200),
    ("GET", "/schema", None, None, 200),
    ("GET", "/schema/openapi.json", None, None, 200),
]


def csp_directives(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def header_problems(response: httpx.Response, https: bool) -> list[str]:
    """Every way `response` falls short of the safety headers; empty when it carries them all."""
    h = response.headers
    problems: list[str] = []
    expected = {
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
    }
    problems += [f"{name}: {h.get(name)!r}" for name, value in expected.items() if h.get(name) != value]
    if "content-security-policy" not in h:
        return problems + ["no Content-Security-Policy"]
    csp = csp_directives(response)
    all_sources = [source for sources in csp.values() for source in sources]
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors {csp.get('frame-ancestors')}")
    if csp.get("default-src") != ["'self'"] or csp.get("object-src") != ["'none'"]:
        problems.append("default-src must be 'self' and object-src 'none'")
    # Scripts come only from this site (or a nonce/hash); never inline, never eval.
    for source in csp.get("script-src", csp["default-src"]):
        if source != "'self'" and not source.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")):
            problems.append(f"script-src allows {source}")
    # Only this site: any host, scheme or wildcard would let a page reach a third party.
    for source in all_sources:
        if source not in {"'self'", "'none'", "data:"} and not source.startswith(("'nonce-", "'sha")):
            problems.append(f"CSP allows {source}")
    permissions = {
        item.split("=")[0].strip(): item.split("=")[1].strip()
        for item in h.get("permissions-policy", "").split(",")
        if "=" in item
    }
    problems += [f"Permissions-Policy does not deny {f}" for f in ("camera", "microphone", "geolocation") if permissions.get(f) != "()"]
    if https and not h.get("strict-transport-security", "").startswith("max-age="):
        problems.append("no HSTS over HTTPS")
    if not https and "strict-transport-security" in h:
        problems.append("HSTS sent over plain HTTP")
    return problems


async def check_every_route(client: AsyncTestClient, https: bool) -> None:
    failures = {}
    version = str((await client.get("/api/surveys/awareness")).json()["version_id"]).encode()
    for method, path, body, headers, status in ROUTES:
        body = body.replace(b"VERSION", version) if body else body
        response = await client.request(method, path, content=body, headers=headers, follow_redirects=False)
        assert response.status_code == status, (method, path, response.status_code, response.text[:300])
        if problems := header_problems(response, https):
            failures[f"{method} {path} -> {response.status_code}"] = problems
    assert not failures, failures


async def test_every_route_carries_the_headers(client: AsyncTestClient) -> None:
    await check_every_route(client, https=False)


@pytest_asyncio.fixture(loop_scope="session")
async def https_client(settings: Settings, published: list[str]) -> AsyncIterator[AsyncTestClient]:
    app = create_app(dataclasses.replace(settings, https=True))
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as test_client:
        yield test_client


async def test_hsts_only_when_served_over_https(https_client: AsyncTestClient) -> None:
    await check_every_route(https_client, https=True)


async def test_server_errors_carry_the_headers_and_say_nothing_inside(
    settings: Settings, published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build_services(settings)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a fault inside the catalogue")

    monkeypatch.setattr(services.catalogue, "open_surveys", broken)
    async with AsyncTestClient(app=app_for(services), raise_server_exceptions=False) as test_client:
        for path in ("/", "/api/surveys"):
            response = await test_client.get(path)
            assert response.status_code == 500
            assert not header_problems(response, https=False), header_problems(response, https=False)
            assert "catalogue" not in response.text  # internals are logged, never shown
        page = await test_client.get("/")
        assert page.headers["content-type"].startswith("text/html")
        assert "Sorry, there is a problem" in page.text and "Exit this page" in page.text
        assert (await test_client.get("/api/surveys")).json() == {"status_code": 500, "detail": "Internal Server Error"}


async def test_pages_load_nothing_from_elsewhere_and_nothing_inline(client: AsyncTestClient) -> None:
    """The CSP would block inline script and third-party loads; the pages must not need them."""
    for path in ("/", "/surveys/awareness", "/safety", "/no-such-page"):
        html = (await client.get(path)).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert "<style" not in html and not re.search(r"\sstyle=", html), f"inline style on {path}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"inline event handler on {path}"
        loaded = re.findall(r'<(?:script|img|iframe|link)[^>]*\b(?:src|href)="([^"]*)"', html)
        assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded


async def test_the_schema_page_is_json_not_a_third_party_viewer(client: AsyncTestClient) -> None:
    response = await client.get("/schema")
    assert response.headers["content-type"].startswith("application/")
    assert "cdn." not in response.text and "<script" not in response.text

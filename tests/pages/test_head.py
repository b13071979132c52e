"""Every address that answers GET answers HEAD the same way, with no body (monitoring tools use it)."""

from __future__ import annotations

import re
import uuid

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient
from litestar.types import Message

# A value of each path parameter type: an address that exists or a 404, never a 405.
SAMPLE_PARAMETERS = {"str": "awareness", "int": "1", "path": "/voices.css", "uuid": str(uuid.uuid4())}
PARAMETER = re.compile(r"{\w+:(\w+)}")


def get_addresses(app: Litestar) -> list[str]:
    """Every GET route in the app's route map, its parameters filled in."""
    addresses = []
    for route in app.routes:
        if isinstance(route, HTTPRoute) and "GET" in route.methods:
            address = PARAMETER.sub(lambda match: SAMPLE_PARAMETERS[match[1]], route.path)
            addresses.append(address.replace("//", "/"))
    return addresses


async def call(app: Litestar, method: str, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """The app called as the server calls it: the body is what the app itself sent, not what a
    client library kept (the test client drops a HEAD response's body by itself)."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    start = sent[0]
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], dict(start["headers"]), body


def call_in_app(client: AsyncTestClient, method: str, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    """`call`, on the event loop the test client serves the app from. The app's database pool
    belongs to that loop: driven from the test's own loop, PostgreSQL's connections were used from
    two threads at once, and a test worker crashed in CI."""
    return client.blocking_portal.call(call, client.app, method, path)


async def test_every_get_route_answers_head_alike_without_a_body(client: AsyncTestClient) -> None:
    addresses = get_addresses(client.app)
    assert {"/", "/surveys/awareness", "/api/surveys", "/health", "/officers/sign-in"} <= set(addresses)
    for address in addresses:
        get_status, get_headers, get_body = call_in_app(client, "GET", address)
        head_status, head_headers, head_body = call_in_app(client, "HEAD", address)
        assert head_status == get_status != 405, address
        assert head_body == b"", address
        assert head_headers.get(b"content-type") == get_headers.get(b"content-type"), address
        if get_status == 200:
            assert get_body and head_headers.get(b"content-length") == get_headers.get(b"content-length"), address


async def test_an_address_that_takes_no_get_still_refuses_head(client: AsyncTestClient) -> None:
    status, headers, body = call_in_app(client, "HEAD", "/api/surveys/awareness/responses")
    assert status == 405 and body == b""
    assert b"GET" not in headers[b"allow"]

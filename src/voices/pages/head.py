"""HEAD answered on every address that answers GET, as GET without its body.

Monitoring tools and link checkers ask with HEAD. Litestar routes each method to a handler of its
own and answers 405 where none is declared, so declaring HEAD beside each GET would have to be
remembered on every new page. The app's handler is wrapped instead, before routing: a HEAD request
is served as the GET it mirrors and only the status and headers leave (Content-Length stays what
GET would send, as HTTP allows). An address that does not take GET still answers 405.
"""

from __future__ import annotations

from typing import cast

from litestar.types import ASGIApp, Message, Receive, Scope, Send


def answer_head_as_get(app: ASGIApp) -> ASGIApp:
    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.start":
                await send(message)
            elif not message.get("more_body", False):  # the last part of the body, or a file sent whole
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        # A copy: the server's own scope must still say HEAD, so that it sends no body either.
        await app(cast("Scope", {**scope, "method": "GET"}), receive, headers_only)

    return handle

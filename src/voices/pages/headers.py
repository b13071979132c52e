"""Headers on every response: nothing cached, nothing referred, nothing loaded from elsewhere."""

from __future__ import annotations

from litestar.types import BeforeMessageSendHookHandler, Message, Scope

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

SAFETY_HEADERS = {
    # A shared device must not be able to show what was answered: no cache, no history snapshot.
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def safety_headers_hook(https: bool) -> BeforeMessageSendHookHandler:
    """A before-send hook, so error pages, 404s and 413s get the headers too, not only handler responses."""
    headers = dict(SAFETY_HEADERS, **({"Strict-Transport-Security": HSTS} if https else {}))
    encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    names = {name for name, _ in encoded}

    # Async and working on the raw header list: a sync hook would cost a thread hop per response,
    # and setting headers one by one rescans the list for each; this runs on every request.
    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        kept = [header for header in message.get("headers", ()) if header[0].lower() not in names]
        message["headers"] = kept + encoded

    return add_headers

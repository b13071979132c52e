"""Headers on every response: nothing cached, nothing referred, nothing loaded from elsewhere."""

from __future__ import annotations

from litestar import Response

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


def add_safety_headers(response: Response, https: bool) -> Response:
    response.headers.update(SAFETY_HEADERS)
    if https:
        response.headers["Strict-Transport-Security"] = HSTS
    return response

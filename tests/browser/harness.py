"""What the browser tests share: where things are, the running server, and what counts as off-site."""

from __future__ import annotations

from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Request

from voices.settings import PROJECT_ROOT

BIN = PROJECT_ROOT / ".venv" / "bin"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: should a page ever ask for another host, it cannot even be looked up.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PHONE = {"width": 360, "height": 640}
AXE_SCRIPT = PROJECT_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
# Served from the app's own origin so the page's CSP (script-src 'self') stays in force.
AXE_PATH = "/__browser-tests__/axe.min.js"
MIN_SECONDS_TO_COMPLETE = 1
SHIPPED_SURVEYS = PROJECT_ROOT / "surveys"
FIXTURE_SURVEYS = PROJECT_ROOT / "tests" / "surveys" / "fixtures" / "valid"
NEUTRAL_PAGE = b'<!DOCTYPE html><html lang="en"><head><title>Weather</title><link rel="icon" href="data:,">' \
    b"</head><body><h1>Weather</h1></body></html>"


@dataclass
class Server:
    base_url: str
    exit_url: str
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path


class NeutralSite(BaseHTTPRequestHandler):
    """Stands in for the neutral site "Exit this page" leads to, so nothing leaves the machine."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


def off_site_requests(server: Server, requests: list[Request]) -> list[str]:
    """Requests to anywhere but the app, except the neutral site reached by the app's /exit redirect."""
    app, neutral = urlsplit(server.base_url), urlsplit(server.exit_url)
    problems = []
    for request in requests:
        url = urlsplit(request.url)
        if url.scheme == "data":
            continue
        if (url.scheme, url.netloc) == (app.scheme, app.netloc):
            continue
        came_from = request.redirected_from.url if request.redirected_from else None
        if url.netloc == neutral.netloc and came_from == server.url("/exit") and request.is_navigation_request():
            continue
        problems.append(f"{request.method} {request.url} (redirected from {came_from})")
    return problems

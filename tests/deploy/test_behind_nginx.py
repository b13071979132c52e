"""The production shape: deploy/nginx/nginx.conf in front of `voices serve --workers 2` on PostgreSQL.

nginx (Debian's) runs the shipped configuration, changed only where a test must (ports, paths under
a temporary directory, a throwaway certificate, no IPv6 or user switch). A respondent connects from
127.0.0.77 with a distinctive User-Agent and sends a survey through it; the rate limiter must key
on that address (a second address is not refused when the first is), and afterwards the address and
the User-Agent are in no file nginx or the app wrote and no table. The app is then stopped and asked
for once more through nginx: the 502 that follows is what nginx logs with the client's address at
any level below emerg.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import IN_CI, fresh_postgres_database
from tests.live_server import free_port, live_server, prepare, server_env
from tests.privacy.test_anonymity_audit import Database
from voices.settings import PROJECT_ROOT

SHIPPED_CONFIG = PROJECT_ROOT / "deploy" / "nginx" / "nginx.conf"
RESPONDENT_ADDRESS = "127.0.0.77"
NEIGHBOUR_ADDRESS = "127.0.0.78"
USER_AGENT = "Mozilla/5.0 voices-proxy-audit-ua-5e21"
NEEDLES = [RESPONDENT_ADDRESS, NEIGHBOUR_ADDRESS, USER_AGENT, "voices-proxy-audit-ua"]
WORKERS = 2


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        message = "nginx is not installed (`make test` installs Debian's)"
        if IN_CI:
            pytest.fail(message + "; under CI=true a missing nginx is a failure")
        pytest.skip(message)
    return found


def write_certificate(directory: Path) -> None:
    """A throwaway self-signed certificate where the shipped configuration expects the real one."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "voices.example.gov.uk")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(exist_ok=True)
    (directory / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def configuration_for_test(directory: Path, https_port: int, app_port: int) -> Path:
    """The shipped file with what a test must change, each change checked to have happened."""
    temp_paths = "".join(
        f"    {kind}_temp_path {directory / 'temp' / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = SHIPPED_CONFIG.read_text()
    for old, new in [
        ("user www-data;\n", ""),  # the test's own user runs it
        ("/run/nginx.pid", str(directory / "nginx.pid")),
        ("/var/log/nginx/", f"{directory / 'logs'}/"),
        ("/etc/ssl/voices/", f"{directory / 'tls'}/"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{free_port()} default_server;"),
        ("listen 443 ssl http2 default_server;", f"listen 127.0.0.1:{https_port} ssl http2 default_server;"),
        ("listen [::]:80 default_server;\n", ""),  # IPv6 may be missing where tests run
        ("listen [::]:443 ssl http2 default_server;\n", ""),
        ("http {\n", "http {\n" + temp_paths),
    ]:
        assert old in text, f"{SHIPPED_CONFIG} no longer has {old!r}: update this test with it"
        text = text.replace(old, new)
    (directory / "logs").mkdir(exist_ok=True)
    (directory / "temp").mkdir(exist_ok=True)
    write_certificate(directory / "tls")
    path = directory / "nginx.conf"
    path.write_text(text)
    return path


@contextmanager
def nginx(directory: Path, app_port: int) -> Iterator[str]:
    binary = nginx_binary()
    https_port = free_port()
    config = configuration_for_test(directory, https_port, app_port)
    with (directory / "nginx-output.log").open("wb") as output:
        process = subprocess.Popen(
            [binary, "-p", str(directory), "-c", str(config), "-g", "daemon off;"],
            stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (directory / "nginx-output.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.1)
        yield f"https://127.0.0.1:{https_port}"
    finally:
        process.terminate()  # a fast shutdown; its logs are closed when it has exited
        process.wait(timeout=30)


def client_from(address: str, base_url: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address, verify=False)  # the throwaway certificate
    return httpx.Client(base_url=base_url, transport=transport, headers={"User-Agent": USER_AGENT}, timeout=60)


def junk_send(client: httpx.Client, version_id: int) -> int:
    body = {"version_id": version_id, "form_token": "not-a-token", "answers": {}}
    return client.post("/api/surveys/awareness/responses", json=body).status_code


def workers_of(pid: int) -> int:
    """How many uvicorn worker processes `pid` has started (multiprocessing's spawned children)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sum(b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes() for child in children)


def every_file(directory: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in directory.rglob("*") if path.is_file()}


@pytest.mark.slow
def test_behind_nginx_the_client_address_keys_the_limiter_and_is_kept_nowhere(tmp_path: Path) -> None:
    nginx_binary()  # skip (or fail under CI) before any server starts
    var_dir, proxy_dir = tmp_path / "var", tmp_path / "nginx"
    var_dir.mkdir()
    proxy_dir.mkdir()
    app_log = tmp_path / "app.log"
    with fresh_postgres_database("voices_nginx") as (url, name):
        env = server_env(
            url, var_dir,
            VOICES_TRUSTED_PROXIES="127.0.0.1",
            VOICES_MIN_SECONDS_TO_COMPLETE="1",
            VOICES_RATE_LIMIT_POSTS="1",  # per worker: the respondent is refused by the third junk send
            VOICES_REDACTION_PROCESS="0",  # one process per worker is enough here
            PYTHONUNBUFFERED="1",
        )
        prepare(env, log=app_log)
        with live_server(env, app_log, serve_options=["--workers", str(WORKERS)]) as app:
            assert workers_of(app.process.pid) == WORKERS
            app_port = int(app.url.rsplit(":", 1)[1])
            with nginx(proxy_dir, app_port) as proxy_url:
                with client_from(RESPONDENT_ADDRESS, proxy_url) as respondent:
                    assert respondent.get("/surveys/awareness").status_code == 200
                    form = respondent.get("/api/surveys/awareness").json()
                    time.sleep(1.1)  # past the minimum completion time
                    answers = {"version_id": form["version_id"], "form_token": form["form_token"],
                               "answers": {"anything_else": "The helpline number was on the bus stop."}}
                    sent = respondent.post("/api/surveys/awareness/responses", json=answers)
                    assert sent.status_code == 201, sent.text
                    # Each worker counts on its own, so by the third send one of them has seen two.
                    statuses = [junk_send(respondent, form["version_id"]) for _ in range(WORKERS + 1)]
                    assert 429 in statuses, statuses
                with client_from(NEIGHBOUR_ADDRESS, proxy_url) as neighbour:
                    # Keyed on nginx's own address, the respondent's refusals would be the neighbour's too.
                    assert junk_send(neighbour, form["version_id"]) == 422
                    assert neighbour.head("/health").status_code == 200
            stored = Database(url, pg_name=name).dump()
        assert b"bus stop" in stored["pg_dump --data-only"]  # the dump holds what was sent
        with nginx(proxy_dir, app_port) as proxy_url, client_from(RESPONDENT_ADDRESS, proxy_url) as respondent:
            # The app has stopped: nginx answers 502 and has an error about this client to log.
            assert respondent.get("/surveys/awareness").status_code == 502

    written = every_file(proxy_dir) | every_file(var_dir) | {"app output": app_log.read_bytes()} | stored
    assert b"Application startup complete" in written["app output"]
    found = {
        f"{needle!r} in {where}": haystack.count(needle.encode())
        for where, haystack in written.items()
        for needle in NEEDLES
        if needle.encode() in haystack
    }
    assert found == {}

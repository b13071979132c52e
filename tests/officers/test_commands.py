"""`voices officers create|disable|reset-password|list` through click's CliRunner."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import TEST_SECRET
from voices.cli import main
from voices.db.tables import AuditEvent, Officer, SetPasswordLink, SignInThrottle
from voices.officers.clock import utc_now
from voices.officers.workspace import build_officers
from voices.settings import Settings

Voices = Callable[..., Awaitable[Result]]
LINK = re.compile(r"^https://voices\.county\.example/officers/set-password/([A-Za-z0-9_-]{40,})$", re.MULTILINE)


@pytest.fixture
def voices(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Voices:
    monkeypatch.setenv("VOICES_DATABASE_URL", db)
    monkeypatch.setenv("VOICES_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("VOICES_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("VOICES_SITE_URL", "https://voices.county.example/")

    async def run(*args: str) -> Result:
        # In a thread of its own: the command runs its own event loop, as it does from a shell.
        return await asyncio.to_thread(CliRunner().invoke, main, ["officers", *args], catch_exceptions=False)

    return run


async def rows(table: type, *where: object) -> list[dict]:
    query = table.select()
    for condition in where:
        query = query.where(condition)
    return await query


async def test_create_prints_a_one_time_link_and_audits(voices: Voices) -> None:
    result = await voices("create", "Ana.Lyst@County.example", "--role", "analyst")
    assert result.exit_code == 0, result.output
    assert "Created ana.lyst@county.example (analyst)." in result.output
    assert LINK.search(result.output)
    officer = (await rows(Officer))[0]
    assert officer["email"] == "ana.lyst@county.example" and officer["role"] == "analyst"
    assert officer["password_hash"] is None and officer["active"]
    link = (await rows(SetPasswordLink))[0]
    assert (link["expires_at"] - officer["created_at"]).total_seconds() == pytest.approx(24 * 3600, abs=5)
    # Only the token's hash is stored.
    token = LINK.search(result.output).group(1)  # type: ignore[union-attr]
    assert token not in str(link)
    audit = await rows(AuditEvent)
    assert [(a["actor"], a["action"], a["object_ref"]) for a in audit] == [
        ("command line", "officer created", "ana.lyst@county.example")
    ]


async def test_create_refuses_a_duplicate_a_bad_role_and_a_non_address(voices: Voices) -> None:
    assert (await voices("create", "ana@county.example", "--role", "admin")).exit_code == 0
    again = await voices("create", "ANA@county.example", "--role", "viewer")
    assert again.exit_code == 1 and "already exists" in again.output
    assert (await voices("create", "bo@county.example", "--role", "superuser")).exit_code == 2
    assert (await voices("create", "not-an-address", "--role", "viewer")).exit_code == 2
    assert len(await rows(Officer)) == 1


async def test_disable_reset_and_list(voices: Voices) -> None:
    await voices("create", "ana@county.example", "--role", "analyst")
    await voices("create", "ad@county.example", "--role", "admin")
    await Officer.update({Officer.password_hash: "$argon2id$placeholder", Officer.totp_secret: "A" * 32}).where(
        Officer.email == "ana@county.example"
    )
    listed = (await voices("list")).output.splitlines()
    assert listed == [
        "ad@county.example\tadmin\tno password yet\tno authenticator\tnever signed in",
        "ana@county.example\tanalyst\tactive\tauthenticator\tnever signed in",
    ]
    reset = await voices("reset-password", "ana@county.example", "--remove-authenticator")
    assert reset.exit_code == 0 and LINK.search(reset.output)
    officer = (await rows(Officer, Officer.email == "ana@county.example"))[0]
    assert officer["password_hash"] is None and officer["totp_secret"] is None and officer["session_epoch"] == 1
    assert len(await rows(SetPasswordLink, SetPasswordLink.officer == officer["id"])) == 1

    assert (await voices("disable", "ana@county.example")).exit_code == 0
    officer = (await rows(Officer, Officer.email == "ana@county.example"))[0]
    assert not officer["active"] and officer["session_epoch"] == 2
    assert "ana@county.example\tanalyst\tdisabled" in (await voices("list")).output
    assert (await voices("reset-password", "ana@county.example")).exit_code == 1
    missing = await voices("disable", "nobody@county.example")
    assert missing.exit_code == 1 and "No officer has the email address nobody@county.example" in missing.output
    actions = [a["action"] for a in await AuditEvent.select().order_by(AuditEvent.id)]
    assert actions == ["officer created", "officer created", "password reset", "officer disabled"]


async def test_a_reset_releases_a_lock(voices: Voices, settings: Settings) -> None:
    await voices("create", "ana@county.example", "--role", "analyst")
    # The key the app (and so the command) hashes addresses with: the test secret.
    throttle = build_officers(settings).throttle
    locked_until = utc_now() + timedelta(minutes=10)
    await SignInThrottle.insert(
        SignInThrottle(key_hash=throttle.key_hash("ana@county.example"), failures=10, locked_until=locked_until)
    )
    assert (await voices("reset-password", "ana@county.example")).exit_code == 0
    assert await SignInThrottle.count() == 0
    released = await rows(AuditEvent, AuditEvent.action == "sign-in lock released")
    assert [(a["actor"], a["object_ref"]) for a in released] == [("command line", "ana@county.example")]

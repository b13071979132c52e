"""Officers made straight in a database, each with a one-time link to choose a password.

What `voices officers create` does, without starting the command (seconds each on a busy machine):
tests that only need someone to sign in as use this; tests/officers/test_commands.py and the first
browser visit cover the command itself.
"""

from __future__ import annotations

from voices.db.engine import bind, engine_from_url
from voices.db.tables import Officer
from voices.officers import accounts
from voices.officers.audit import CLI_ACTOR, Action, AuditLog
from voices.officers.clock import utc_now


async def officer_links(database_url: str | None, roles: dict[str, str]) -> dict[str, str]:
    """Email to role in; email to the path of its set-password link out. Audited as the command is.
    With no URL, on the engine the tables are bound to already (an app running in the test's process)."""
    if database_url is not None:
        bind(engine_from_url(database_url))
    links = {}
    for email, role in roles.items():
        officer = await accounts.create_officer(email, Officer.Role(role), utc_now)
        token = await accounts.issue_link(officer.id, utc_now)
        await AuditLog(utc_now).record(CLI_ACTOR, Action.officer_created, "officer", officer.email)
        links[email] = accounts.set_password_url("", token)
    return links

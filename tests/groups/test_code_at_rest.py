"""No part of an invite code is kept in clear: issue 13 says a code is "stored only as a keyed hash"
and "the code a member typed must not be stored in clear anywhere". Not the whole code (the
anonymity audit, tests/privacy/test_anonymity_audit.py, looks for that in every byte written), and
not a piece of it either: `invite_code.hint` once kept the last two characters.

Every table of the migrated database is read back with `SELECT *`, so a column the table classes
no longer name is read too. Two characters of a random code would be found by chance in what any
database holds (survey wording, dates, hex digests), so the code is chosen, once the database
already holds one of everything a code brings (a code made, used, listed and revoked; an answer
sent; the audit trail), among codes none of whose pieces is stored yet; and of letters that no hex
digest or number can hold. Whatever piece of it turns up afterwards was stored from it.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import TEST_SECRET
from tests.groups.conftest import enter_code, make_code, make_group, sign_in_as, step
from tests.officers.conftest import Harness
from voices.db.migrate import migrate
from voices.db.migrations.voices_2026_12_03t09_20_00_000000 import ID as HINTS_DROPPED
from voices.db.tables import InviteCode, InvolvementGroup, Officer
from voices.groups import registry
from voices.groups.codes import ALPHABET, GROUP, LENGTH, code_hash, code_key, normalise

# Code characters that are neither hex digits nor decimal digits: G H J K M N P Q R T U V W X Y.
LETTERS = "".join(ch for ch in ALPHABET if ch not in string.hexdigits.upper())
INVITE_CODE_COLUMNS = {
    "id",
    "involvement_group",
    "code_hash",
    "expires_at",
    "max_uses",
    "uses",
    "revoked",
    "created_at",
    "ended_at",
}


def written_forms(compact: str) -> list[str]:
    """The code as shown (KT7-9QM), as stored canonically (KT79QM) and as a member might type it."""
    first, second = compact[:GROUP], compact[GROUP:]
    return [f"{first}-{second}", compact, f"{first} {second}".lower()]


def fragments(compact: str) -> set[str]:
    """Every piece of two characters or more of every form of the code, in upper case."""
    return {
        form[start:end].upper()
        for form in written_forms(compact)
        for start in range(len(form))
        for end in range(start + 2, len(form) + 1)
    }


def unseen_code(stored: str) -> str:
    """The first code of LETTERS none of whose pieces occurs in `stored` (upper case)."""
    seen = {stored[start : start + 2] for start in range(len(stored) - 1)}

    def unseen(prefix: str) -> bool:
        # A longer piece holds a piece of two, so pieces of two are enough.
        return not any(len(piece) == 2 and piece in seen for piece in fragments(prefix))

    def extend(prefix: str) -> str | None:
        if len(prefix) == LENGTH:
            return prefix
        for letter in LETTERS:
            candidate = prefix + letter
            if unseen(candidate.ljust(LENGTH, "\0")) and (found := extend(candidate)):
                return found
        return None

    code = extend("")
    assert code is not None, "every code shares a piece with what is stored: the test needs a new canary"
    return code


async def stored_values(engine_name: str) -> dict[str, list[str]]:
    """Every value of every column of every table, as text: "table.column" -> values."""
    if engine_name == "sqlite":
        listed = await InviteCode.raw("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = [row["name"] for row in listed]
    else:
        listed = await InviteCode.raw(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        tables = [row["table_name"] for row in listed]
    assert "invite_code" in tables and "answer" in tables
    values: dict[str, list[str]] = {}
    for table in tables:
        for row in await InviteCode.raw(f'SELECT * FROM "{table}"'):
            for column, value in row.items():
                if isinstance(value, (bytes, bytearray, memoryview)):
                    value = bytes(value).decode("latin-1")
                values.setdefault(f"{table}.{column}", []).append(str(value))
    return values


async def invite_code_rows() -> list[dict[str, object]]:
    return await InviteCode.raw("SELECT * FROM invite_code ORDER BY id")


def as_one_text(values: dict[str, list[str]]) -> str:
    return "\n".join(value for column in values.values() for value in column).upper()


async def a_member_uses(app: Harness, typed: str) -> None:
    start = await enter_code(app.client, typed)
    assert start.status_code == 200 and "Feedback from your group" in start.text, start.text[:300]
    page = (await step(app.client, start.text, "start")).text
    page = (await step(app.client, page, service="isva")).text
    page = (await step(app.client, page, what_helped="Being kept up to date.")).text
    page = (await step(app.client, page)).text
    page = (await step(app.client, page)).text
    page = (await step(app.client, page, rating="good")).text
    assert "Check your answers" in page
    assert "Your answers have been sent" in (await step(app.client, page, "submit")).text


async def code_made_used_listed_and_revoked(app: Harness, group_id: int, typed: str | None = None) -> str:
    shown = await make_code(app, group_id, uses=5)
    compact = normalise(shown)
    assert compact is not None
    await a_member_uses(app, typed or written_forms(compact)[2])
    listing = (await app.form(f"/officers/groups/{group_id}")).text
    assert "Invite codes" in listing and shown not in listing
    code_id = app.run(InviteCode.select(InviteCode.id).order_by(InviteCode.id, ascending=False).first().run)["id"]
    assert (await app.post(f"/officers/groups/{group_id}/codes/{code_id}/revoke", {})).status_code == 303
    return shown


async def test_no_piece_of_a_code_is_stored_in_any_table(
    group_app: Harness, engine_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in_as(group_app, "fac@county.example")
    group_id = await make_group(group_app)
    # One of everything a code brings, so that what follows adds only what comes of the code.
    await code_made_used_listed_and_revoked(group_app, group_id)
    before = as_one_text(group_app.run(stored_values, engine_name))

    canary = unseen_code(before)
    monkeypatch.setattr(registry, "new_code", lambda: written_forms(canary)[0])
    shown = await code_made_used_listed_and_revoked(group_app, group_id, typed=written_forms(canary)[2])
    assert shown == written_forms(canary)[0]

    stored = group_app.run(stored_values, engine_name)
    pieces = fragments(canary)
    found = {
        f"{column} holds {piece!r}"
        for column, values in stored.items()
        for value in values
        for piece in pieces
        if piece in value.upper()
    }
    assert found == set(), f"pieces of {shown} stored in clear"

    # The code's own row: the keyed hash, numbers, times and flags, and no other column.
    rows = group_app.run(invite_code_rows)
    assert len(rows) == 2 and all(set(row) == INVITE_CODE_COLUMNS for row in rows)
    assert rows[1]["code_hash"] == code_hash(code_key(TEST_SECRET), canary)


async def test_a_database_with_hints_loses_them_and_keeps_its_codes(db: str) -> None:
    """A database from before the hints were dropped: the migration drops the column, on either
    engine, and each code still opens its group."""
    # As such a database stood: the column there, holding two characters of each code, and the
    # migration not yet run.
    await InviteCode.raw("ALTER TABLE invite_code ADD COLUMN hint VARCHAR(8) NOT NULL DEFAULT ''")
    await InviteCode.raw("DELETE FROM migration WHERE name = {}", HINTS_DROPPED)
    try:
        now = datetime.now(UTC)
        officer = Officer(email="fac@county.example", role=Officer.Role.facilitator, created_at=now)
        await officer.save()
        group = InvolvementGroup(name="Old group", facilitator=officer.id, created_at=now)
        await group.save()
        key = code_key(TEST_SECRET)
        await InviteCode.raw(
            "INSERT INTO invite_code (involvement_group, code_hash, hint, expires_at, max_uses, uses, revoked, "
            "created_at) VALUES ({}, {}, 'QM', {}, 3, 0, false, {})",
            group.id,
            code_hash(key, "KT79QM"),
            now + timedelta(days=7),
            now,
        )
    finally:
        await migrate()
    rows = await InviteCode.raw("SELECT * FROM invite_code")
    assert [set(row) for row in rows] == [INVITE_CODE_COLUMNS]
    assert await registry.redeem(key, "kt7 9qm", now) == group.id

"""Invite codes that can open nothing any more (expired, revoked, used up) are deleted by the
purge, keyed hash and all, a grace period after they ended, and wrong codes a day old with them; on
both engines."""

from __future__ import annotations

import datetime as dt

from voices.db.tables import InviteCode, InvolvementGroup, Officer, WrongCodeAttempt
from voices.groups import registry
from voices.groups.codes import code_key
from voices.privacy.retention import INVITE_CODE_GRACE_DAYS, purge_expired

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime.combine(TODAY, dt.time(9), dt.UTC)
KEY = code_key("a test secret, long enough for hmac")


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


async def a_group() -> int:
    officer = Officer(email="facilitator@county.example", role=Officer.Role.facilitator, created_at=days_ago(300))
    await officer.save()
    group = InvolvementGroup(name="Thursday group", facilitator=officer.id, created_at=days_ago(200))
    await group.save()
    return int(group.id)


async def test_codes_that_ended_before_the_grace_period_are_deleted(db: str) -> None:
    group = await a_group()
    past_grace = INVITE_CODE_GRACE_DAYS + 1
    ids: dict[str, int] = {}

    async def code(name: str, expires: dt.datetime, uses: int, made: dt.datetime) -> str:
        typed, ids[name] = await registry.create_code(group, KEY, expires, uses, made)
        return typed

    # Ended past the grace period: each kind of end.
    await code("expired long ago", days_ago(past_grace), 5, days_ago(120))
    await code("revoked long ago", NOW + dt.timedelta(days=30), 5, days_ago(120))
    assert await registry.revoke_code(group, ids["revoked long ago"], days_ago(past_grace))
    used_up = await code("used up long ago", NOW + dt.timedelta(days=30), 1, days_ago(120))
    assert await registry.redeem(KEY, used_up, days_ago(past_grace)) == group
    # Ended within the grace period, or not ended: kept, so the facilitator's list still says why.
    await code("expired lately", days_ago(INVITE_CODE_GRACE_DAYS - 1), 5, days_ago(60))
    await code("revoked lately", NOW + dt.timedelta(days=30), 5, days_ago(60))
    assert await registry.revoke_code(group, ids["revoked lately"], days_ago(1))
    await code("active", NOW + dt.timedelta(days=7), 5, days_ago(1))
    # Revoked again after the grace period began: the first revocation still counts.
    assert await registry.revoke_code(group, ids["revoked long ago"], days_ago(1))

    before = {row["id"]: row["code_hash"] for row in await InviteCode.select(InviteCode.id, InviteCode.code_hash)}
    assert (await purge_expired(TODAY, 365, dry_run=True)).invite_codes == 3
    assert await InviteCode.count() == 6  # a dry run deletes nothing
    assert (await purge_expired(TODAY, 365)).invite_codes == 3

    left = {row["id"]: row["code_hash"] for row in await InviteCode.select(InviteCode.id, InviteCode.code_hash)}
    assert set(left) == {ids["expired lately"], ids["revoked lately"], ids["active"]}
    # Deleted, not flagged: the keyed hashes are gone from the table.
    for name in ("expired long ago", "revoked long ago", "used up long ago"):
        assert before[ids[name]] not in left.values()
    assert (await purge_expired(TODAY, 365)).invite_codes == 0


async def test_a_code_is_used_up_when_its_last_use_is_taken_not_before(db: str) -> None:
    group = await a_group()
    typed, code_id = await registry.create_code(group, KEY, NOW + dt.timedelta(days=7), 2, days_ago(3))
    assert await registry.redeem(KEY, typed, days_ago(2)) == group
    ended = await InviteCode.select(InviteCode.ended_at).where(InviteCode.id == code_id).first()
    assert ended["ended_at"] is None
    assert await registry.redeem(KEY, typed, days_ago(1)) == group
    ended = await InviteCode.select(InviteCode.ended_at).where(InviteCode.id == code_id).first()
    assert ended["ended_at"] == days_ago(1)


async def test_wrong_codes_typed_before_yesterday_are_purged(db: str) -> None:
    """The app deletes day-old wrong codes only when another is typed; the purge does it anyway."""
    await WrongCodeAttempt.insert(
        WrongCodeAttempt(client_key="a" * 64, attempted_at=days_ago(2)),
        WrongCodeAttempt(client_key="b" * 64, attempted_at=NOW - dt.timedelta(hours=1)),
    )
    assert (await purge_expired(TODAY, 365)).wrong_code_attempts == 1
    assert [row["client_key"] for row in await WrongCodeAttempt.select(WrongCodeAttempt.client_key)] == ["b" * 64]

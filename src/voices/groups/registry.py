"""Groups and their invite codes in the database: who may see which, create, list, revoke, redeem.

A facilitator sees only the groups they run; an admin sees every group. Asking for a group one
may not see answers exactly as for a group that does not exist, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from voices.db.tables import InviteCode, InvolvementGroup, Officer
from voices.groups.codes import code_hash, new_code, normalise

Role = Officer.Role


@dataclass(frozen=True, slots=True)
class Viewer:
    """The officer asking: facilitators are limited to their own groups."""

    officer_id: int
    role: Role

    @property
    def sees_every_group(self) -> bool:
        return self.role is Role.admin


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: int
    name: str
    facilitator_email: str


@dataclass(frozen=True, slots=True)
class CodeRow:
    """A code as its group's page lists it: told apart by when it was made, never by the code."""

    id: int
    created_at: datetime
    expires_at: datetime
    max_uses: int
    uses: int
    revoked: bool

    def status(self, now: datetime) -> str:
        if self.revoked:
            return "Revoked"
        if self.expires_at <= now:
            return "Expired"
        if self.uses >= self.max_uses:
            return "Used up"
        return "Active"

    @property
    def uses_left(self) -> int:
        return max(self.max_uses - self.uses, 0)


async def create_group(viewer: Viewer, name: str, now: datetime) -> int:
    row = InvolvementGroup(name=name, facilitator=viewer.officer_id, created_at=now)
    await row.save()
    return int(row.id)


async def visible_groups(viewer: Viewer) -> list[GroupRow]:
    query = InvolvementGroup.select(
        InvolvementGroup.id, InvolvementGroup.name, InvolvementGroup.facilitator.email.as_alias("email")
    )
    if not viewer.sees_every_group:
        query = query.where(InvolvementGroup.facilitator == viewer.officer_id)
    rows = await query.order_by(InvolvementGroup.name)
    return [GroupRow(row["id"], row["name"], row["email"]) for row in rows]


async def visible_group(viewer: Viewer, group_id: int) -> GroupRow | None:
    """The group, or None when it does not exist or is someone else's (the same to the caller)."""
    return next((group for group in await visible_groups(viewer) if group.id == group_id), None)


async def create_code(
    group_id: int, key: bytes, expires_at: datetime, max_uses: int, now: datetime
) -> tuple[str, int]:
    """A new code for the group: returns the code itself (shown once, never stored) and its id."""
    while True:
        code = new_code()
        canonical = normalise(code)
        assert canonical is not None
        digest = code_hash(key, canonical)
        # A repeat of a stored code (one in 244 million per code) is drawn again, not shared.
        if not await InviteCode.exists().where(InviteCode.code_hash == digest):
            break
    row = InviteCode(
        involvement_group=group_id,
        code_hash=digest,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=0,
        revoked=False,
        created_at=now,
    )
    await row.save()
    return code, int(row.id)


async def codes_of(group_id: int) -> list[CodeRow]:
    rows = await (
        InviteCode.select(
            InviteCode.id,
            InviteCode.created_at,
            InviteCode.expires_at,
            InviteCode.max_uses,
            InviteCode.uses,
            InviteCode.revoked,
        )
        .where(InviteCode.involvement_group == group_id)
        .order_by(InviteCode.id, ascending=False)
    )
    return [CodeRow(**row) for row in rows]


async def revoke_code(group_id: int, code_id: int, now: datetime) -> bool:
    """Revoke one of the group's codes; False when the group has no such code."""
    found = await InviteCode.exists().where(
        (InviteCode.id == code_id) & (InviteCode.involvement_group == group_id)
    )
    if found:
        await InviteCode.update({InviteCode.revoked: True}).where(InviteCode.id == code_id)
        # A code that had already ended keeps that time: the purge's grace period runs from it.
        await InviteCode.update({InviteCode.ended_at: now}).where(
            (InviteCode.id == code_id) & InviteCode.ended_at.is_null()
        )
    return found


async def redeem(key: bytes, typed: str, now: datetime) -> int | None:
    """Spend one use of the code typed: the group it opens, or None for any wrong code.

    Unknown, expired, revoked and used-up codes all give None, so the caller cannot tell them
    apart. The use is taken by one conditional update, so two processes cannot both take the last.
    """
    canonical = normalise(typed)
    if canonical is None:
        return None
    digest = code_hash(key, canonical)
    rows = await InviteCode.raw(
        # The last use marks the code ended, so the purge can delete it a grace period later.
        "UPDATE invite_code SET uses = uses + 1, "
        "ended_at = CASE WHEN uses + 1 >= max_uses THEN {} ELSE ended_at END "
        "WHERE code_hash = {} AND NOT revoked AND expires_at > {} AND uses < max_uses "
        "RETURNING involvement_group",
        now,
        digest,
        now,
    )
    return int(rows[0]["involvement_group"]) if rows else None


def expiry(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)

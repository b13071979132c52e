"""The audit log: who did what to which object, and when. Append-only from the app.

This module is the only writer, and it only inserts: nothing in voices updates or deletes an
audit row. An event names an object by kind and id (or an officer's email), never by content, so
no respondent's words can reach the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum

from voices.db.tables import AuditEvent
from voices.officers.clock import Clock

COMMAND_LINE = "command line"
UNKNOWN_ACCOUNT = "unknown account"
PAGE_SIZE = 100


class Action(str, Enum):
    signed_in = "signed in"
    sign_in_failed = "sign-in failed"
    sign_in_locked = "sign-in locked"
    sign_in_released = "sign-in lock released"
    signed_out = "signed out"
    recovery_code_used = "recovery code used"
    authenticator_set_up = "authenticator set up"
    password_set = "password set"
    officer_created = "officer created"
    officer_disabled = "officer disabled"
    password_reset = "password reset"
    # Kept for what comes next (reports, theme review, exports, surveys): each reading of
    # individual comments, each export and each change is recorded with one of these.
    comments_viewed = "comments viewed"
    exported = "exported"
    themes_changed = "themes changed"
    model_trained = "tagger training started"
    model_rolled_back = "tagger version made current"
    survey_changed = "survey changed"
    # Survivor-involvement groups (groups/): the object is a group or a code, by id; never a code itself.
    group_created = "group created"
    invite_code_created = "invite code created"
    invite_code_revoked = "invite code revoked"
    note_recorded = "facilitated note recorded"
    # You said, we did (you_said/): the object is a survey's theme, as "slug/theme".
    you_said_changed = "you said, we did changed"
    quotes_approved = "quotes approved for the public"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: an officer (id and email as they were), or the command line."""

    name: str
    officer_id: int | None = None


CLI_ACTOR = Actor(COMMAND_LINE)


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def record(self, actor: Actor, action: Action, object_kind: str = "", object_ref: str | int = "") -> None:
        await AuditEvent.insert(
            AuditEvent(
                at=self.clock(),
                actor_id=actor.officer_id,
                actor=actor.name,
                action=action.value,
                object_kind=object_kind,
                object_ref=str(object_ref),
            )
        )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None  # inclusive: the whole of that day
    page: int = 1


@dataclass(frozen=True, slots=True)
class AuditPage:
    events: list[dict[str, object]]
    has_more: bool


async def search(audit_filter: AuditFilter) -> AuditPage:
    """Newest first, a page at a time; filters by action, actor (part of an email) and day."""
    query = AuditEvent.select(
        AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.object_kind, AuditEvent.object_ref
    )
    if audit_filter.action:
        query = query.where(AuditEvent.action == audit_filter.action)
    if audit_filter.actor:
        # Emails are stored in lower case, so LIKE on lower case matches alike on both engines. A % or _
        # typed here only widens an admin's own search; Piccolo passes the value as a parameter.
        query = query.where(AuditEvent.actor.like(f"%{audit_filter.actor.lower()}%"))
    if audit_filter.since:
        query = query.where(AuditEvent.at >= _start_of(audit_filter.since))
    if audit_filter.until:
        query = query.where(AuditEvent.at < _start_of(audit_filter.until + timedelta(days=1)))
    offset = (max(audit_filter.page, 1) - 1) * PAGE_SIZE
    # One row more than a page tells whether there is a next page without counting them all.
    rows = await query.order_by(AuditEvent.id, ascending=False).limit(PAGE_SIZE + 1).offset(offset)
    return AuditPage(events=rows[:PAGE_SIZE], has_more=len(rows) > PAGE_SIZE)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)

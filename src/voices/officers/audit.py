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
SCHEDULED_JOB = "scheduled job"
UNKNOWN_ACCOUNT = "unknown account"
PAGE_SIZE = 100
# The object_ref column's length: a longer description is cut to fit (PostgreSQL would refuse it).
OBJECT_REF_LENGTH = 254


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
    # A survey version published or made current again, or demo data seeded or cleared (`voices surveys
    # load`, `voices demo seed|clear`): the object is the survey (slug, version) and what changed, in counts.
    survey_changed = "survey changed"
    # A theme run replaces a survey's themes: started (object: the survey) from the report page, the
    # command line or the scheduled job; finished (object: the survey and the run's id).
    theme_run_started = "theme run started"
    theme_run_finished = "theme run finished"
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
JOB_ACTOR = Actor(SCHEDULED_JOB)


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
                object_ref=_fitted(str(object_ref)),
            )
        )


def _fitted(ref: str) -> str:
    return ref if len(ref) <= OBJECT_REF_LENGTH else ref[: OBJECT_REF_LENGTH - 1] + "…"


def survey_version_ref(slug: str, number: int, change: str) -> str:
    """A survey version and what happened to it, as the object of `survey changed`: "attitudes, version 3:
    published". Slugs, numbers and our own words only."""
    return f"{slug}, version {number}: {change}"


def theme_run_ref(slug: str, run_id: int) -> str:
    """A finished theme run, as its object: "attitudes, run 12". Not how many comments it read: the
    audit log is read beside reports that show a count under the disclosure threshold as "fewer than
    10", and a run's count is one."""
    return f"{slug}, run {run_id}"


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    object: str = ""  # part of the object's kind or reference: a survey's slug, an officer's email, an id
    since: date | None = None
    until: date | None = None  # inclusive: the whole of that day
    page: int = 1


@dataclass(frozen=True, slots=True)
class AuditPage:
    events: list[dict[str, object]]
    has_more: bool


async def search(audit_filter: AuditFilter) -> AuditPage:
    """Newest first, a page at a time; filters by action, actor (part of an email), object (part of its
    kind or reference, any case) and day."""
    query = AuditEvent.select(
        AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.object_kind, AuditEvent.object_ref
    )
    if audit_filter.action:
        query = query.where(AuditEvent.action == audit_filter.action)
    if audit_filter.actor:
        # Emails are stored in lower case, so LIKE on lower case matches alike on both engines. A % or _
        # typed here only widens an admin's own search; Piccolo passes the value as a parameter.
        query = query.where(AuditEvent.actor.like(f"%{audit_filter.actor.lower()}%"))
    if audit_filter.object:
        # Any case, alike on both engines: ILIKE on PostgreSQL, LIKE (which ignores ASCII case) on SQLite.
        typed = f"%{audit_filter.object}%"
        if AuditEvent._meta.db.engine_type == "sqlite":
            query = query.where(AuditEvent.object_ref.like(typed) | AuditEvent.object_kind.like(typed))
        else:
            query = query.where(AuditEvent.object_ref.ilike(typed) | AuditEvent.object_kind.ilike(typed))
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

"""The survey data, as Piccolo tables. Nothing here can identify a respondent."""

from __future__ import annotations

from enum import Enum

from piccolo.columns import (
    JSON,
    Boolean,
    Bytea,
    Date,
    Float,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table


class Survey(Table):
    slug = Varchar(length=64, unique=True, help_text="Stable name used in the survey's URL.")
    title = Varchar(length=200)


class SurveyVersion(Table):
    survey = ForeignKey(Survey, on_delete=OnDelete.cascade)
    content_hash = Varchar(length=64, unique=True, help_text="sha256 of the definition file's canonical form.")
    definition = JSON(help_text="The validated definition, as loaded.")
    loaded_on = Date()
    is_current = Boolean(default=False, help_text="The version new respondents are given.")


# Foreign keys and the dates the purge selects by are indexed: deleting a submission makes the
# database look up its answers (and their assignments), and without an index each look-up scans.
class Submission(Table):
    class Channel(str, Enum):
        survey = "survey"
        api = "api"
        group = "group"  # a survivor-involvement group member, through an invite code
        facilitated = "facilitated"  # a facilitator's notes of what a group session said

    survey_version = ForeignKey(SurveyVersion, on_delete=OnDelete.cascade, index=True)
    # Keep only the day: a precise time could be matched against someone's movements.
    submitted_on = Date(index=True)
    channel = Varchar(length=16, choices=Channel, default=Channel.survey)
    # The group only, never the invite code that opened the form (groups/).
    involvement_group = ForeignKey(
        LazyTableReference("InvolvementGroup", module_path=__name__),
        null=True,
        default=None,
        on_delete=OnDelete.set_null,
        index=True,
        help_text="The survivor-involvement group, for channels group and facilitated; else none.",
    )


class Answer(Table):
    submission = ForeignKey(Submission, on_delete=OnDelete.cascade, index=True)
    question_id = Varchar(length=64)
    value = JSON(null=True, help_text="Choice id, list of choice ids or number; null for free text.")
    text = Text(null=True, help_text="Free text after markup removal and redaction; never the raw input.")
    redacted = JSON(null=True, help_text="How many details of each kind were removed (counts only).")


class SpentFormToken(Table):
    """Hashes of one-time form tokens already used, so a double submit stores nothing twice."""

    token_hash = Varchar(length=64, unique=True)
    spent_on = Date(index=True, help_text="Kept only to purge old rows.")


# Theming: runs, their assignments and summaries, and officers' confirmed labels.
# A run is written whole with is_current false, then made current in a second short transaction,
# so a run that fails part-way never replaces the one before it.


class ThemeRun(Table):
    class Status(str, Enum):
        writing = "writing"
        complete = "complete"
        failed = "failed"

    survey_slug = Varchar(length=64, index=True)
    # Keep only the day, like every other date in voices.
    created_on = Date()
    status = Varchar(length=16, choices=Status, default=Status.writing)
    is_current = Boolean(default=False, help_text="The run reports read; at most one per survey.")
    parameters = JSON(help_text="Settings of the run: seed, theme bounds, tagger version.")
    counts = JSON(help_text="Comments, substantive, unassigned, not substantive, themes.")


class ThemeAssignment(Table):
    class Source(str, Enum):
        codebook = "codebook"
        emergent = "emergent"

    theme_run = ForeignKey(ThemeRun, on_delete=OnDelete.cascade, index=True)
    answer = ForeignKey(Answer, on_delete=OnDelete.cascade, index=True)
    theme_key = Varchar(length=64, help_text="A codebook theme id, or E01, E02, ... for emergent.")
    theme_label = Varchar(length=200)
    score = Float(help_text="Tagger score, or cosine to the emergent theme's centre.")
    source = Varchar(length=16, choices=Source)


class ThemeSummaryRecord(Table, tablename="theme_summary"):
    theme_run = ForeignKey(ThemeRun, on_delete=OnDelete.cascade, index=True)
    theme_key = Varchar(length=64)
    source = Varchar(length=16, choices=ThemeAssignment.Source)
    member_count = Integer(help_text="Raw count; the disclosure layer decides what is shown.")
    summary = JSON(help_text="Label, share, phrases, polarity split, quotes, sentence.")


class ThemeHistory(Table):
    """Each run's comment counts per theme and month, written when the run becomes current and kept
    when later runs replace it, so trends can compare periods. Counts only: no text, no quotes, no
    link to any answer, so nothing here expires with the answers it counted."""

    survey_slug = Varchar(length=64, index=True)
    run_id = Integer(help_text="The run that counted (not a foreign key: the run itself is deleted when replaced).")
    ran_on = Date(help_text="The day that run became current.")
    theme_key = Varchar(length=64)
    theme_label = Varchar(length=200)
    source = Varchar(length=16, choices=ThemeAssignment.Source)
    period = Varchar(length=7, help_text="The month the comments were sent, YYYY-MM.")
    comment_count = Integer()


class ConfirmedLabel(Table):
    text = Text(help_text="The comment after markup removal and redaction; never the raw input.")
    theme_id = Varchar(length=64, help_text="A codebook theme id.")
    applies = Boolean(help_text="True: the theme applies to the text; False: an officer ruled it out.")
    # Keep only the day, like every other date in voices.
    confirmed_on = Date()
    comment_submitted_on = Date(
        default=None, null=True, help_text="The day the comment was sent; retention counts from it (else from confirmed_on)."
    )


# Officers: accounts, sign-in state, sessions and the audit log. These rows are about officers,
# who are identified on purpose, so unlike everything above they keep precise times. Secrets that
# let someone in (session ids, set-password links, recovery codes) are stored only as hashes.


class Officer(Table):
    class Role(str, Enum):
        admin = "admin"
        analyst = "analyst"
        viewer = "viewer"
        facilitator = "facilitator"

    email = Varchar(length=254, unique=True, help_text="Lower case; how the officer signs in.")
    role = Varchar(length=16, choices=Role)
    password_hash = Varchar(length=256, null=True, default=None, help_text="Argon2id; none until set by link.")
    active = Boolean(default=True)
    totp_secret = Varchar(length=64, null=True, default=None, help_text="Base32 TOTP secret once enrolled.")
    totp_last_step = Integer(null=True, default=None, help_text="Time step of the last code used: no replay.")
    session_epoch = Integer(default=0, help_text="Raised to end every session the officer has.")
    created_at = Timestamptz()
    last_sign_in_at = Timestamptz(null=True, default=None)


class RecoveryCode(Table):
    officer = ForeignKey(Officer, on_delete=OnDelete.cascade, index=True)
    code_hash = Varchar(length=64, help_text="sha256 of the code; each is deleted when used.")


class SetPasswordLink(Table):
    officer = ForeignKey(Officer, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True, help_text="sha256 of the token in the link; deleted when used.")
    expires_at = Timestamptz()


class SignInThrottle(Table):
    """Failed sign-ins per typed email, known account or not, so the answer never tells them apart."""

    key_hash = Varchar(length=64, unique=True, help_text="Keyed hash of the typed email address.")
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    last_failure_at = Timestamptz(
        null=True, default=None, index=True, help_text="Failures a day old are forgotten, and their rows deleted."
    )


class OfficerSession(Table):
    """Litestar's server-side session store, shared by every app process on one database."""

    key_hash = Varchar(length=64, unique=True, help_text="sha256 of the session id in the cookie.")
    data = Bytea()
    expires_at = Timestamptz(null=True, default=None, index=True)


class AuditEvent(Table):
    """Append-only from the app: who did what to which object, when. Never a respondent's words."""

    at = Timestamptz(index=True)
    actor_id = Integer(null=True, default=None, index=True, help_text="Officer id; none for the command line.")
    actor = Varchar(length=254, help_text="The officer's email then, 'command line' or 'unknown account'.")
    action = Varchar(length=64, index=True)
    object_kind = Varchar(length=32, default="")
    object_ref = Varchar(length=254, default="", help_text="An id or an officer's email; never free text.")


# Survivor-involvement groups (groups/): a facilitator's groups and the invite codes that open the
# group feedback form. A code is stored only as a keyed hash; nothing links a submission to it.


class InvolvementGroup(Table):
    name = Varchar(length=100, help_text="What the facilitator calls the group; shown only to officers.")
    facilitator = ForeignKey(Officer, on_delete=OnDelete.restrict, index=True)
    created_at = Timestamptz()


class InviteCode(Table):
    involvement_group = ForeignKey(InvolvementGroup, on_delete=OnDelete.cascade, index=True)
    code_hash = Varchar(length=64, unique=True, help_text="HMAC-SHA256 of the code under the app secret.")
    hint = Varchar(length=8, help_text="The code's last two characters, so a facilitator can tell codes apart.")
    expires_at = Timestamptz()
    max_uses = Integer()
    uses = Integer(default=0, help_text="Times the code opened the form; never which submission followed.")
    revoked = Boolean(default=False)
    created_at = Timestamptz()


# Scheduled jobs (jobs/): one row per attempt at one occurrence, about the server, never a respondent.


class JobRun(Table):
    """An attempt at one occurrence of a scheduled job. Inserting it is the claim: a unique index on
    (job, scheduled_for, attempt) lets exactly one app process run each attempt. The index is made
    by a migration of its own (raw SQL): Piccolo adds a composite unique constraint by ALTER TABLE,
    which SQLite refuses."""

    class Outcome(str, Enum):
        running = "running"
        succeeded = "succeeded"
        failed = "failed"
        abandoned = "abandoned"  # the process running it stopped (killed, crashed) before it ended

    job = Varchar(length=64)
    scheduled_for = Timestamptz(index=True, help_text="The occurrence: when the schedule said to run it.")
    attempt = Integer(default=1, help_text="1 for the scheduled run, then one more per retry.")
    owner = Varchar(length=128, help_text="host:pid of the app process that ran it.")
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=16, choices=Outcome, default=Outcome.running)
    counts = JSON(default="{}", help_text="What the run did, as counts (rows deleted, bytes written).")
    error = Text(default="", help_text="The exception's type and message; the server log keeps the trace.")
    retry_at = Timestamptz(null=True, default=None, help_text="When a failed attempt is tried again.")

"""Deployment settings: read once from the environment, then passed explicitly."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_DISCLOSURE_THRESHOLD = 10  # fewer people than this are never shown as a count
MAX_RETENTION_DAYS = 36_500
MAX_JOB_SECONDS = 86_400
# What a yes-or-no setting takes, in any case.
_YES = frozenset({"1", "true", "yes", "on"})
_NO = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_VAR_DIR / 'voices.sqlite'}"
    var_dir: Path = DEFAULT_VAR_DIR
    secret_key: str = field(default="", repr=False)
    surveys_dir: Path = PROJECT_ROOT / "surveys"
    support_contacts_file: Path = Path(__file__).parent / "pages" / "data" / "support_contacts.yaml"
    frontend_dir: Path = PROJECT_ROOT / "frontend"
    nlp_models_dir: Path = PROJECT_ROOT / "nlp_models"
    disclosure_threshold: int = DEFAULT_DISCLOSURE_THRESHOLD
    retention_days: int = 730
    neutral_exit_url: str = "https://www.bbc.co.uk/weather"
    # Each page re-posts every answer so far, URL-encoded: one character of Welsh, Polish or an
    # emoji costs up to 12 bytes, so a long survey's free text needs room.
    max_request_bytes: int = 256 * 1024
    min_seconds_to_complete: float = 3.0
    rate_limit_posts: int = 60
    # Sends carrying a genuine, unspent form token past the minimum time (privacy/abuse.py): the
    # ceiling for everyone behind one address (a college, a carrier's CGNAT) answering at once.
    rate_limit_vouched_posts: int = 2000
    rate_limit_window_seconds: int = 600
    trusted_proxies: frozenset[str] = frozenset()  # load balancers whose X-Forwarded-For is believed
    https: bool = False  # served behind TLS: send HSTS
    # Where officers open voices: the start of the set-password links the command line prints.
    site_url: str = "http://127.0.0.1:8000"
    # Redact in a process of its own (the second core) rather than on the event loop; off only
    # for in-process test clients, which would otherwise start a child per app.
    redaction_process: bool = True
    # Scheduled jobs (jobs/): on in every app process; the tests' settings turn them off.
    jobs: bool = True
    # Read every survey's rows for its reports at start-up and after each purge, so the first officer
    # does not wait seconds for them (insight/warm.py); off in the tests' settings.
    warm_reports: bool = True
    purge_schedule: str = "daily 03:15"
    backup_schedule: str = "daily 02:30"  # SQLite only; PostgreSQL is dumped with pg_dump (README)
    theme_schedule: str = "every 30 minutes"  # theme the surveys with new free text
    retrain_schedule: str = "daily 04:00"  # retrain the tagger when enough new labels exist
    retrain_min_new_labels: int = 50  # confirmed labels added since the last training
    # Daily: makes last month's report for each survey that has none yet, so a missed 1st catches up.
    monthly_report_schedule: str = "daily 06:00"
    job_retry_seconds: int = 60  # a failed run is retried after this, then twice as long each time
    job_sweep_seconds: int = 60  # how often each process looks for retries and runs left by dead ones
    backup_dir: Path | None = None  # None: var_dir / "backups"
    backup_keep: int = 7  # backups kept; a deleted answer lives on in them for keep x interval
    debug: bool = False

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def backups_directory(self) -> Path:
        return self.backup_dir or self.var_dir / "backups"

    def with_secret(self) -> Settings:
        """These settings with a signing secret: VOICES_SECRET_KEY, else var/secret_key, made on
        first use. Only what signs tokens calls it, so `voices surveys check` writes nothing."""
        if self.secret_key:
            return self
        return replace(self, secret_key=load_or_create_secret(self.var_dir))

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Self:
        """Build settings from ``VOICES_*`` variables; the only place the environment is read.

        Every variable is checked here, so a value voices cannot use stops any command at once with
        `InvalidSetting` (one line naming it and what it takes), not later with a traceback.
        """
        var_dir = _directory_to_make(env, "VOICES_VAR_DIR") or DEFAULT_VAR_DIR
        defaults = cls(var_dir=var_dir)
        return cls(
            database_url=_database_url(env, "VOICES_DATABASE_URL", f"sqlite:///{var_dir / 'voices.sqlite'}"),
            var_dir=var_dir,
            # Read, never created here: only what signs (the app) needs it; see with_secret().
            secret_key=env.get("VOICES_SECRET_KEY", ""),
            surveys_dir=_existing(env, "VOICES_SURVEYS_DIR", defaults.surveys_dir, directory=True),
            support_contacts_file=_existing(
                env, "VOICES_SUPPORT_CONTACTS", defaults.support_contacts_file, directory=False
            ),
            frontend_dir=_existing(env, "VOICES_FRONTEND_DIR", defaults.frontend_dir, directory=True),
            nlp_models_dir=_existing(env, "VOICES_NLP_MODELS_DIR", defaults.nlp_models_dir, directory=True),
            disclosure_threshold=_positive_int(env, "VOICES_DISCLOSURE_THRESHOLD", DEFAULT_DISCLOSURE_THRESHOLD),
            # At most a century: further back than that is before any date voices can count from.
            retention_days=_positive_int(env, "VOICES_RETENTION_DAYS", 730, maximum=MAX_RETENTION_DAYS),
            neutral_exit_url=_web_address(env, "VOICES_EXIT_URL", defaults.neutral_exit_url),
            max_request_bytes=_positive_int(env, "VOICES_MAX_REQUEST_BYTES", 256 * 1024),
            min_seconds_to_complete=float(_positive_int(env, "VOICES_MIN_SECONDS_TO_COMPLETE", 3)),
            rate_limit_posts=_positive_int(env, "VOICES_RATE_LIMIT_POSTS", 60),
            rate_limit_vouched_posts=_positive_int(env, "VOICES_RATE_LIMIT_VOUCHED_POSTS", 2000),
            rate_limit_window_seconds=_positive_int(env, "VOICES_RATE_LIMIT_WINDOW_SECONDS", 600),
            trusted_proxies=_addresses(env, "VOICES_TRUSTED_PROXIES"),
            https=_flag(env, "VOICES_HTTPS", defaults.https),
            site_url=_web_address(env, "VOICES_SITE_URL", defaults.site_url),
            redaction_process=_flag(env, "VOICES_REDACTION_PROCESS", defaults.redaction_process),
            jobs=_flag(env, "VOICES_JOBS", defaults.jobs),
            warm_reports=_flag(env, "VOICES_WARM_REPORTS", defaults.warm_reports),
            purge_schedule=_schedule(env, "VOICES_PURGE_SCHEDULE", defaults.purge_schedule),
            backup_schedule=_schedule(env, "VOICES_BACKUP_SCHEDULE", defaults.backup_schedule),
            theme_schedule=_schedule(env, "VOICES_THEME_SCHEDULE", defaults.theme_schedule),
            retrain_schedule=_schedule(env, "VOICES_RETRAIN_SCHEDULE", defaults.retrain_schedule),
            monthly_report_schedule=_schedule(
                env, "VOICES_MONTHLY_REPORT_SCHEDULE", defaults.monthly_report_schedule
            ),
            retrain_min_new_labels=_positive_int(
                env, "VOICES_RETRAIN_MIN_NEW_LABELS", defaults.retrain_min_new_labels
            ),
            # At most a day: a daily job's retry or sweep any later would miss the next day's run.
            job_retry_seconds=_positive_int(
                env, "VOICES_JOB_RETRY_SECONDS", defaults.job_retry_seconds, maximum=MAX_JOB_SECONDS
            ),
            job_sweep_seconds=_positive_int(
                env, "VOICES_JOB_SWEEP_SECONDS", defaults.job_sweep_seconds, maximum=MAX_JOB_SECONDS
            ),
            backup_dir=_directory_to_make(env, "VOICES_BACKUP_DIR"),
            backup_keep=_positive_int(env, "VOICES_BACKUP_KEEP", defaults.backup_keep),
            debug=_flag(env, "VOICES_DEBUG", defaults.debug),
        )


class InvalidSetting(ValueError):
    """A VOICES_* variable holds a value voices cannot use; the message names it and what it takes."""


def _positive_int(env: Mapping[str, str], name: str, default: int, maximum: int | None = None) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    takes = "a whole number greater than zero" if maximum is None else f"a whole number from 1 to {maximum}"
    try:
        value = int(raw)
    except ValueError:
        raise InvalidSetting(f"{name} must be {takes}, got {raw!r}") from None
    if value <= 0 or (maximum is not None and value > maximum):
        raise InvalidSetting(f"{name} must be {takes}, got {value}")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "")
    word = raw.strip().lower()
    if not word:
        return default
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InvalidSetting(f"{name} must be 1, true, yes or on, or 0, false, no or off, got {raw!r}")


def _schedule(env: Mapping[str, str], name: str, default: str) -> str:
    # Imported here: the job machinery (APScheduler) is not needed to read the settings.
    from voices.jobs.schedule import BadSchedule, Schedule

    raw = env.get(name) or default
    try:
        Schedule.parse(raw)
    except BadSchedule as error:
        raise InvalidSetting(f"{name}: {error}") from None
    except OverflowError:  # an interval of more days than a date can hold
        raise InvalidSetting(f"{name}: {raw!r}: the interval is too long") from None
    return raw


def _database_url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name) or default
    takes = f"{name} must be sqlite:///path/to/file or postgres://user:password@host:5432/database"
    # What was wrong is said without repeating the value: a PostgreSQL URL carries a password.
    try:
        parsed = urlsplit(raw)
        parsed.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise InvalidSetting(f"{takes}, got one voices cannot read") from None
    if parsed.scheme in {"postgres", "postgresql"}:
        return raw
    if parsed.scheme != "sqlite":
        raise InvalidSetting(f"{takes}, got scheme {parsed.scheme!r}")
    if parsed.netloc or not parsed.path.strip("/"):
        raise InvalidSetting(f"{takes}, got {raw!r} (three slashes after sqlite:, then the file's path)")
    return raw


def _web_address(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name) or default
    try:
        parsed = urlsplit(raw)
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme not in {"http", "https"} or not parsed.hostname or raw != raw.strip():
        raise InvalidSetting(f"{name} must be a full web address starting http:// or https://, got {raw!r}")
    return raw


def _addresses(env: Mapping[str, str], name: str) -> frozenset[str]:
    """IP addresses separated by commas, each written as the server sees a peer's address."""
    addresses: set[str] = set()
    for entry in (part.strip() for part in env.get(name, "").split(",")):
        if not entry:
            continue
        try:
            addresses.add(str(ipaddress.ip_address(entry)))
        except ValueError:
            raise InvalidSetting(
                f"{name} must be IP addresses separated by commas (not networks or names), got {entry!r}"
            ) from None
    return frozenset(addresses)


def _directory_to_make(env: Mapping[str, str], name: str) -> Path | None:
    """A directory voices makes if it is missing; None when the variable is unset or empty."""
    raw = env.get(name)
    if not raw:
        return None
    path = Path(raw)
    try:
        usable = path.is_dir() or not path.exists()
    except OSError:
        usable = False
    if not usable:
        raise InvalidSetting(f"{name} must be a directory (made if missing), got {raw!r}, which is not one")
    return path


def _existing(env: Mapping[str, str], name: str, default: Path, *, directory: bool) -> Path:
    """A directory or file voices reads: one that is named must be there (the defaults ship with voices)."""
    raw = env.get(name)
    if not raw:
        return default
    path = Path(raw)
    try:
        found = path.is_dir() if directory else path.is_file()
    except OSError:
        found = False
    if not found:
        kind = "an existing directory" if directory else "an existing file"
        raise InvalidSetting(f"{name} must be {kind}, got {raw!r}")
    return path


def load_or_create_secret(var_dir: Path) -> str:
    """The signing secret lives in var/ so sessions survive restarts without configuration."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Create with 0600 so other local users cannot forge officer sessions.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key

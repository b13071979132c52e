"""Deployment settings: read once from the environment, then passed explicitly."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Self

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VAR_DIR = PROJECT_ROOT / "var"
DEFAULT_DISCLOSURE_THRESHOLD = 10  # fewer people than this are never shown as a count


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
        """Build settings from ``VOICES_*`` variables; the only place the environment is read."""
        var_dir = Path(env.get("VOICES_VAR_DIR", str(DEFAULT_VAR_DIR)))
        defaults = cls(var_dir=var_dir)
        database_url = env.get("VOICES_DATABASE_URL", f"sqlite:///{var_dir / 'voices.sqlite'}")
        return cls(
            database_url=database_url,
            var_dir=var_dir,
            # Read, never created here: only what signs (the app) needs it; see with_secret().
            secret_key=env.get("VOICES_SECRET_KEY", ""),
            surveys_dir=Path(env.get("VOICES_SURVEYS_DIR", str(defaults.surveys_dir))),
            support_contacts_file=Path(
                env.get("VOICES_SUPPORT_CONTACTS", str(defaults.support_contacts_file))
            ),
            frontend_dir=Path(env.get("VOICES_FRONTEND_DIR", str(defaults.frontend_dir))),
            nlp_models_dir=Path(env.get("VOICES_NLP_MODELS_DIR", str(defaults.nlp_models_dir))),
            disclosure_threshold=_positive_int(env, "VOICES_DISCLOSURE_THRESHOLD", DEFAULT_DISCLOSURE_THRESHOLD),
            retention_days=_positive_int(env, "VOICES_RETENTION_DAYS", 730),
            neutral_exit_url=env.get("VOICES_EXIT_URL", defaults.neutral_exit_url),
            max_request_bytes=_positive_int(env, "VOICES_MAX_REQUEST_BYTES", 256 * 1024),
            min_seconds_to_complete=float(_positive_int(env, "VOICES_MIN_SECONDS_TO_COMPLETE", 3)),
            rate_limit_posts=_positive_int(env, "VOICES_RATE_LIMIT_POSTS", 60),
            rate_limit_vouched_posts=_positive_int(env, "VOICES_RATE_LIMIT_VOUCHED_POSTS", 2000),
            rate_limit_window_seconds=_positive_int(env, "VOICES_RATE_LIMIT_WINDOW_SECONDS", 600),
            trusted_proxies=frozenset(
                address.strip() for address in env.get("VOICES_TRUSTED_PROXIES", "").split(",") if address.strip()
            ),
            https=env.get("VOICES_HTTPS", "") in {"1", "true", "yes"},
            site_url=env.get("VOICES_SITE_URL", defaults.site_url),
            redaction_process=env.get("VOICES_REDACTION_PROCESS", "1") not in {"0", "false", "no"},
            jobs=env.get("VOICES_JOBS", "1") not in {"0", "false", "no"},
            warm_reports=env.get("VOICES_WARM_REPORTS", "1") not in {"0", "false", "no"},
            purge_schedule=env.get("VOICES_PURGE_SCHEDULE", defaults.purge_schedule),
            backup_schedule=env.get("VOICES_BACKUP_SCHEDULE", defaults.backup_schedule),
            theme_schedule=_schedule(env, "VOICES_THEME_SCHEDULE", defaults.theme_schedule),
            retrain_schedule=_schedule(env, "VOICES_RETRAIN_SCHEDULE", defaults.retrain_schedule),
            monthly_report_schedule=_schedule(
                env, "VOICES_MONTHLY_REPORT_SCHEDULE", defaults.monthly_report_schedule
            ),
            retrain_min_new_labels=_positive_int(
                env, "VOICES_RETRAIN_MIN_NEW_LABELS", defaults.retrain_min_new_labels
            ),
            job_retry_seconds=_positive_int(env, "VOICES_JOB_RETRY_SECONDS", defaults.job_retry_seconds),
            job_sweep_seconds=_positive_int(env, "VOICES_JOB_SWEEP_SECONDS", defaults.job_sweep_seconds),
            backup_dir=Path(env["VOICES_BACKUP_DIR"]) if env.get("VOICES_BACKUP_DIR") else None,
            backup_keep=_positive_int(env, "VOICES_BACKUP_KEEP", defaults.backup_keep),
            debug=env.get("VOICES_DEBUG", "") in {"1", "true", "yes"},
        )


class InvalidSetting(ValueError):
    """A VOICES_* variable holds a value voices cannot use; the message names it and what it takes."""


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidSetting(f"{name} must be a whole number greater than zero, got {raw!r}") from None
    if value <= 0:
        raise InvalidSetting(f"{name} must be a whole number greater than zero, got {value}")
    return value


def _schedule(env: Mapping[str, str], name: str, default: str) -> str:
    # Imported here: the job machinery (APScheduler) is not needed to read the settings.
    from voices.jobs.schedule import BadSchedule, Schedule

    raw = env.get(name) or default
    try:
        Schedule.parse(raw)
    except BadSchedule as error:
        raise InvalidSetting(f"{name}: {error}") from None
    return raw


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

"""SQLite backups: taken while submissions are being written, restored into a fresh directory with
every acknowledged submission; rotation; a restore checks the file, refuses to overwrite, and
leaves nothing past retention."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import sqlite3
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SURVEYS
from voices.db.backup import BackupRefused, backup, backups
from voices.db.engine import bind, engine_from_url
from voices.db.migrate import migrate
from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    SpentFormToken,
    Submission,
    SurveyVersion,
    ThemeAssignment,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish
from voices.surveys.writer import NewSubmission, StoredAnswer, writer_for
from voices.themes.summaries import StoredQuote, StoredSummary, encode_summary

VOICES = Path(sys.executable).parent / "voices"
WRITERS = 8


def env_for(database: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "VOICES_DATABASE_URL": f"sqlite:///{database}",
        "VOICES_VAR_DIR": str(database.parent),
        **extra,
    }


async def voices(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run the real command without blocking this event loop (the writers keep going meanwhile)."""
    process = await asyncio.create_subprocess_exec(
        VOICES, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode()


async def new_database(path: Path) -> int:
    """A migrated database with the fixture survey published; the version's id."""
    bind(engine_from_url(f"sqlite:///{path}"))
    await migrate()
    result = await publish(read_definition(FIXTURE_SURVEYS / "bilingual.yaml"))
    rows = await SurveyVersion.select(SurveyVersion.id).where(
        SurveyVersion.content_hash == result.content_hash
    )
    return rows[0]["id"]


def stored_ids(database: Path) -> set[int]:
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # All or nothing: every stored submission has its answer.
        orphans = "SELECT count(*) FROM submission WHERE id NOT IN (SELECT submission FROM answer)"
        assert connection.execute(orphans).fetchone()[0] == 0
        return {row[0] for row in connection.execute("SELECT id FROM submission")}


async def test_a_backup_taken_under_load_restores_every_acknowledged_submission(tmp_path: Path) -> None:
    live = tmp_path / "live" / "voices.sqlite"
    version = await new_database(live)
    writer = writer_for(engine_from_url(f"sqlite:///{live}"))
    await writer.start()
    acknowledged: list[tuple[float, int]] = []  # (when acknowledged, submission id)
    done = asyncio.Event()  # set a moment after the backup, so writes go on before, during and after it

    async def respondent(n: int) -> None:
        sent = 0
        while not done.is_set():
            sent += 1
            submission = NewSubmission(version, [StoredAnswer("feel_safe", "agree")], f"token-{n}-{sent}")
            acknowledged.append((time.monotonic(), await writer.write(submission)))

    load = [asyncio.create_task(respondent(n)) for n in range(WRITERS)]
    await asyncio.sleep(1)
    backup_dir = tmp_path / "backups"
    started = time.monotonic()
    status, output = await voices("backup", env=env_for(live, VOICES_BACKUP_DIR=str(backup_dir)))
    finished = time.monotonic()
    await asyncio.sleep(0.5)
    done.set()
    await asyncio.gather(*load)
    await writer.stop()
    assert status == 0, output
    [copy] = backups(backup_dir)
    assert copy.stat().st_mode & 0o777 == 0o600

    # Submissions went on being acknowledged while the backup ran, and after it.
    assert any(started < at < finished for at, _ in acknowledged)
    assert any(at > finished for at, _ in acknowledged)

    fresh = tmp_path / "fresh" / "voices.sqlite"
    status, output = await voices("restore", str(copy), env=env_for(fresh))
    assert status == 0, output
    restored = stored_ids(fresh)
    before_backup = {submission for at, submission in acknowledged if at < started}
    assert len(before_backup) > 50
    assert before_backup <= restored, sorted(before_backup - restored)[:10]
    # Nothing in the copy that the live database does not hold.
    assert restored <= stored_ids(live)


def test_rotation_keeps_the_newest_and_a_failed_backup_leaves_the_others(tmp_path: Path) -> None:
    database = tmp_path / "voices.sqlite"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE t (x)")
    directory = tmp_path / "backups"
    directory.mkdir()
    # A half copy left by a process killed while copying, and one still being written.
    killed, writing = (
        directory / "voices-20261130T023000000000Z.sqlite.partial",
        directory / "voices-x.sqlite.partial",
    )
    for path in (killed, writing):
        path.write_bytes(b"answers")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    start = dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.UTC)
    for day in range(4):
        result = backup(database, directory, 2, start + dt.timedelta(days=day))
    assert [path.name for path in backups(directory)] == [
        "voices-20261203T023000000000Z.sqlite",
        "voices-20261204T023000000000Z.sqlite",
    ]
    assert len(result.removed) == 1
    assert not killed.exists() and writing.exists()
    writing.unlink()
    with pytest.raises(BackupRefused):
        backup(tmp_path / "missing.sqlite", directory, 2, start + dt.timedelta(days=5))
    assert len(backups(directory)) == 2 and not list(directory.glob("*.partial"))


async def test_restore_checks_the_file_and_will_not_overwrite_unless_forced(tmp_path: Path) -> None:
    live = tmp_path / "live" / "voices.sqlite"
    await new_database(live)
    status, output = await voices("backup", env=env_for(live))
    assert status == 0, output
    [copy] = backups(live.parent / "backups")

    status, output = await voices("restore", str(copy), env=env_for(live))
    assert status != 0 and "--force" in output
    status, output = await voices("restore", "--force", str(copy), env=env_for(live))
    assert status == 0, output

    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(8192))
    status, output = await voices("restore", str(garbage), env=env_for(tmp_path / "a" / "voices.sqlite"))
    assert status != 0 and "not a voices database" in output

    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(copy.read_bytes())
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute(
            "INSERT INTO migration (name, app_name, ran_on) VALUES ('2099-01-01T00:00:00:000000', 'voices', '2099-01-01')"
        )
        connection.commit()
    status, output = await voices("restore", str(newer), env=env_for(tmp_path / "b" / "voices.sqlite"))
    assert status != 0 and "newer version of voices" in output
    assert not (tmp_path / "b" / "voices.sqlite").exists()

    status, output = await voices("backup", env=env_for(tmp_path / "no-such" / "voices.sqlite"))
    assert status != 0 and "there is no database" in output


async def seed_by_age(version: int, today: dt.date) -> None:
    """For each age, a submission with a choice and a comment, the comment themed, quoted in its
    theme's summary and confirmed as a label, and the form token it spent: every copy the purge
    must find."""
    run = ThemeRun(survey_slug="bilingual", created_on=today, is_current=True, parameters={}, counts={})
    await run.save()
    quotes = []
    for days_ago in AGES:
        day = today - dt.timedelta(days=days_ago)
        submission = Submission(survey_version=version, submitted_on=day)
        await submission.save()
        await Answer(submission=submission.id, question_id="feel_safe", value="agree", text=None).save()
        words = comment_of(days_ago)
        comment = Answer(submission=submission.id, question_id="comments", text=words)
        await comment.save()
        await ThemeAssignment(
            theme_run=run.id, answer=comment.id, theme_key="E01", theme_label="x", score=1.0, source="emergent"
        ).save()
        quotes.append(StoredQuote(comment.id, 0, len(words), words))
        await ConfirmedLabel(
            text=words, theme_id="waiting_times", applies=True, confirmed_on=today, comment_submitted_on=day
        ).save()
        await SpentFormToken(token_hash=f"token-{days_ago}", spent_on=day).save()
    summary = StoredSummary(
        key="E01", label="x", source="emergent", count=len(AGES), share=1.0, top_phrases=["lighting"],
        positive=0, negative=0, neutral=len(AGES), quotes=quotes, sentence="Fewer than 10 comments are about x.",
        quotes_withheld=False,
    )
    await ThemeSummaryRecord(
        theme_run=run.id, theme_key="E01", source="emergent", member_count=len(AGES), summary=encode_summary(summary)
    ).save()


AGES = (0, 29, 31, 400)  # days ago; with 30 days' retention the last two are past it
KEPT = (0, 29)


def comment_of(days_ago: int) -> str:
    return f"Better lighting by the station, said {days_ago} days ago"


def purge_counts(output: str) -> dict[str, int]:
    """The rows-per-kind table `voices privacy purge` prints."""
    rows = re.findall(r"^\W*([a-z][a-z ]*?)\s*\W\s*([\d,]+)\s*\W*$", output, re.MULTILINE)
    return {name: int(number.replace(",", "")) for name, number in rows}


async def test_a_restore_keeps_nothing_past_retention(tmp_path: Path) -> None:
    live = tmp_path / "live" / "voices.sqlite"
    version = await new_database(live)
    today = dt.date.today()
    await seed_by_age(version, today)
    status, output = await voices("backup", env=env_for(live))
    assert status == 0, output
    [copy] = backups(live.parent / "backups")

    fresh = tmp_path / "fresh" / "voices.sqlite"
    env = env_for(fresh, VOICES_RETENTION_DAYS="30")
    status, output = await voices("restore", str(copy), env=env)
    assert status == 0, output
    assert (
        "deleted: 2 submissions, 4 answers, 2 theme assignments, 2 summary quotes, 2 confirmed labels, "
        "2 spent form tokens." in output
    ), output
    kept_days = sorted(str(today - dt.timedelta(days=days_ago)) for days_ago in KEPT)
    with closing(sqlite3.connect(fresh)) as connection:

        def column(query: str) -> list[object]:
            return sorted(row[0] for row in connection.execute(query))

        assert column("SELECT submitted_on FROM submission") == kept_days
        # Every answer, comment and theme assignment left belongs to a kept submission.
        assert column("SELECT s.submitted_on FROM answer a JOIN submission s ON s.id = a.submission") == sorted(
            kept_days * 2
        )
        assert column("SELECT text FROM answer WHERE text IS NOT NULL") == sorted(map(comment_of, KEPT))
        assert column(
            "SELECT s.submitted_on FROM theme_assignment t "
            "JOIN answer a ON a.id = t.answer JOIN submission s ON s.id = a.submission"
        ) == kept_days
        assert column("SELECT count(*) FROM theme_assignment") == [len(KEPT)]
        assert column("SELECT text FROM confirmed_label") == sorted(map(comment_of, KEPT))
        assert column("SELECT spent_on FROM spent_form_token") == kept_days
        # No copy of an expired comment's words anywhere in the database (summaries' quotes included).
        dump = "\n".join(connection.iterdump())
    assert comment_of(KEPT[0]) in dump
    for days_ago in set(AGES) - set(KEPT):
        assert comment_of(days_ago) not in dump
        # Nor in the file's free pages: deleted rows are overwritten, not left readable.
        assert comment_of(days_ago).encode() not in fresh.read_bytes()

    # The next purge finds nothing left to delete.
    status, output = await voices("privacy", "purge", env=env)
    assert status == 0, output
    counts = purge_counts(output)
    every_copy = {"submissions", "answers", "theme assignments", "summary quotes", "confirmed labels", "spent form tokens"}
    assert every_copy <= set(counts), output
    assert all(number == 0 for number in counts.values()), output


async def test_restore_refuses_a_backup_whose_tables_do_not_match_its_migrations(tmp_path: Path) -> None:
    live = tmp_path / "live" / "voices.sqlite"
    await new_database(live)
    status, output = await voices("backup", env=env_for(live))
    assert status == 0, output
    [copy] = backups(live.parent / "backups")
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("ALTER TABLE answer DROP COLUMN redacted")  # says migrated, but is not
        connection.commit()
    target = tmp_path / "fresh" / "voices.sqlite"
    status, output = await voices("restore", str(copy), env=env_for(target))
    assert status != 0 and "answer.redacted is missing" in output
    assert not target.exists() and not list(target.parent.glob("*.restoring*"))

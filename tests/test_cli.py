"""The `voices` command loads each subcommand only when it runs."""

from __future__ import annotations

import os
import subprocess
import sys

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.live_server import VOICES
from voices.cli import COMMANDS, main


def test_every_subcommand_is_a_click_command_under_its_own_name() -> None:
    for name in COMMANDS:
        command = main.get_command(click.Context(main), name)
        assert isinstance(command, click.Command) and command.name == name, name


def test_help_lists_every_subcommand() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in COMMANDS)


def test_an_officers_command_does_not_load_spacy() -> None:
    """spaCy (and torch, with the embeddings extra) costs seconds of start-up an admin's command
    should not pay."""
    probe = (
        "import sys\n"
        "from voices.cli import main\n"
        "main(['officers', '--help'], standalone_mode=False)\n"
        "print('spacy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_bad_setting_stops_a_command_with_one_line_and_status_2() -> None:
    env = {**os.environ, "VOICES_MIN_SECONDS_TO_COMPLETE": "0"}
    result = subprocess.run([str(VOICES), "surveys", "check"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "voices: VOICES_MIN_SECONDS_TO_COMPLETE must be a whole number greater than zero, got 0"
    )


# One bad value of each kind of setting: (variable, value, what the line says it takes, command).
# "{tmp}" is the test's own directory. The schedules and the database URL are those a reviewer saw
# end `voices serve` or `voices migrate` in a traceback, or pass unnoticed.
BAD_SETTINGS = [
    ("VOICES_RETENTION_DAYS", "a year", "whole number", "surveys check"),  # number
    ("VOICES_JOB_RETRY_SECONDS", "9999999999999", "from 1 to 86400", "surveys check"),  # number past its range
    ("VOICES_PURGE_SCHEDULE", "nightly", "daily HH:MM", "migrate"),  # schedule
    ("VOICES_BACKUP_SCHEDULE", "hourly", "daily HH:MM", "surveys check"),
    ("VOICES_DATABASE_URL", "mysql://voices:secret@db/voices", "sqlite:///", "migrate"),  # database URL
    ("VOICES_EXIT_URL", "www.bbc.co.uk/weather", "https://", "surveys check"),  # web address
    ("VOICES_HTTPS", "maybe", "true", "surveys check"),  # yes or no
    ("VOICES_TRUSTED_PROXIES", "10.0.0.5, 10.0.0.0/8", "IP addresses", "surveys check"),  # address list
    ("VOICES_SUPPORT_CONTACTS", "{tmp}/missing.yaml", "existing file", "migrate"),  # a path read
    ("VOICES_VAR_DIR", "{tmp}/a-file", "directory", "migrate"),  # a path written
]


@pytest.mark.parametrize(("name", "value", "takes", "command"), BAD_SETTINGS, ids=[b[0] for b in BAD_SETTINGS])
def test_every_kind_of_bad_setting_stops_a_command_with_one_line_and_status_2(
    tmp_path: Path, name: str, value: str, takes: str, command: str
) -> None:
    (tmp_path / "a-file").write_text("")
    env = {key: val for key, val in os.environ.items() if not key.startswith("VOICES_")}
    env |= {"VOICES_VAR_DIR": str(tmp_path / "var"), "VOICES_DATABASE_URL": f"sqlite:///{tmp_path / 'v.sqlite'}"}
    env[name] = value.format(tmp=tmp_path)
    result = subprocess.run([str(VOICES), *command.split()], capture_output=True, text=True, env=env)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"voices: {name}") and takes in line
    assert "secret" not in line  # a database URL's password is never repeated
    assert not (tmp_path / "v.sqlite").exists()  # stopped before anything was done

"""The `voices` command loads each subcommand only when it runs."""

from __future__ import annotations

import os
import subprocess
import sys

import click
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

"""Settings: read from the environment, and nothing written to disk by reading them."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from voices.cli import main
from voices.settings import InvalidSetting, Settings


def test_checking_surveys_writes_no_secret(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    result = CliRunner().invoke(
        main, ["surveys", "check"], env={"VOICES_VAR_DIR": str(var_dir), "VOICES_SECRET_KEY": None}
    )
    assert result.exit_code == 0, result.output
    assert not (var_dir / "secret_key").exists()
    assert Settings.from_env({"VOICES_VAR_DIR": str(var_dir)}).secret_key == ""


def test_the_secret_is_made_once_on_first_use_readable_only_by_its_owner(tmp_path: Path) -> None:
    settings = Settings.from_env({"VOICES_VAR_DIR": str(tmp_path)})
    first = settings.with_secret()
    assert len(first.secret_key) >= 48
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert settings.with_secret().secret_key == first.secret_key  # kept, so tokens outlive a restart
    given = Settings.from_env({"VOICES_VAR_DIR": str(tmp_path / "other"), "VOICES_SECRET_KEY": "k" * 40})
    assert given.with_secret().secret_key == "k" * 40 and not (tmp_path / "other").exists()


def test_importing_piccolo_conf_builds_no_engine(tmp_path: Path) -> None:
    """Only Piccolo's own CLI, asking for DB, makes an engine from the environment."""
    database = tmp_path / "piccolo.sqlite"
    env = {"VOICES_VAR_DIR": str(tmp_path), "VOICES_DATABASE_URL": f"sqlite:///{database}", "PATH": ""}
    code = "import voices.db.piccolo_conf as conf; assert 'DB' not in vars(conf)"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert not database.exists() and not (tmp_path / "secret_key").exists()
    asked = "import voices.db.piccolo_conf as conf; print(type(conf.DB).__name__)"
    out = subprocess.run([sys.executable, "-c", asked], env=env, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "SQLiteEngine" and database.exists()
    assert not (tmp_path / "secret_key").exists()


def test_a_bad_job_setting_names_its_variable() -> None:
    env = {
        "VOICES_THEME_SCHEDULE": "every 20 minutes",
        "VOICES_RETRAIN_MIN_NEW_LABELS": "5",
        "VOICES_MONTHLY_REPORT_SCHEDULE": "daily 07:30",
    }
    settings = Settings.from_env(env)
    assert (settings.theme_schedule, settings.retrain_min_new_labels) == ("every 20 minutes", 5)
    assert settings.monthly_report_schedule == "daily 07:30"
    for name, bad in (
        ("VOICES_MONTHLY_REPORT_SCHEDULE", "monthly"),
        ("VOICES_THEME_SCHEDULE", "hourly"),
        ("VOICES_RETRAIN_SCHEDULE", "daily 25:00"),
        ("VOICES_RETRAIN_MIN_NEW_LABELS", "0"),
    ):
        with pytest.raises(InvalidSetting, match=f"^{name}"):
            Settings.from_env({name: bad})

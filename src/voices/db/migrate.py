"""Apply Piccolo migrations to whichever engine the tables are bound to."""

from __future__ import annotations

import contextlib
import io
import os
import warnings

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration


async def migrate() -> str:
    """Run every pending migration; returns Piccolo's report. Safe to run repeatedly."""
    # Piccolo's migration commands locate the app registry through this variable.
    os.environ.setdefault("PICCOLO_CONF", "voices.db.piccolo_conf")
    await Migration.create_table(if_not_exists=True)
    report = io.StringIO()
    with contextlib.redirect_stdout(report), warnings.catch_warnings():
        # SQLite keeps no length for VARCHAR; Piccolo warns each time a migration changes one.
        warnings.filterwarnings("ignore", message=".*SQLITE doesn't support changes in length")
        result = await run_forwards(app_name="voices")
    if not result.success:
        raise RuntimeError(f"Migration failed: {result.message}\n{report.getvalue()}")
    return report.getvalue()

"""job_run: the unique claim index, written by hand (Piccolo adds a composite unique constraint by
ALTER TABLE ... ADD CONSTRAINT, which SQLite refuses; a unique index does the same on both)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T15:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "job_run: unique (job, scheduled_for, attempt), the claim"


async def _create_index() -> None:
    engine = engine_finder()
    assert engine is not None
    await engine.run_ddl(
        'CREATE UNIQUE INDEX IF NOT EXISTS job_run_one_claim ON "job_run" ("job", "scheduled_for", "attempt")'
    )


async def _drop_index() -> None:
    engine = engine_finder()
    assert engine is not None
    await engine.run_ddl("DROP INDEX IF EXISTS job_run_one_claim")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)
    manager.add_raw(_create_index)
    manager.add_raw_backwards(_drop_index)
    return manager

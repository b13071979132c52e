"""invite_code.hint dropped: it kept the code's last two characters in clear, and issue 13 says a
code is stored only as its keyed hash. The facilitator's list tells codes apart by when they were made.

SQLite has dropped columns since 3.35 (ALTER TABLE ... DROP COLUMN); the column was never indexed,
so both engines drop it in place."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T09:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "invite_code.hint dropped: no part of a code is stored in clear (issue 13)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)
    manager.drop_column(
        table_class_name="InviteCode",
        tablename="invite_code",
        column_name="hint",
        db_column_name="hint",
        schema=None,
    )
    return manager

"""theme_assignment.tone: how the polarity model read each assigned comment, so a report counts a
theme's positive / negative split from the assignments that still exist, within its filter, instead
of the counts its run stored (issue 9: every figure from live rows). Runs made before are empty."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "theme_assignment.tone: each assigned comment's polarity, for a live split (issue 9)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)
    manager.add_column(
        table_class_name="ThemeAssignment",
        tablename="theme_assignment",
        column_name="tone",
        db_column_name="tone",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 8, "default": "", "null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager

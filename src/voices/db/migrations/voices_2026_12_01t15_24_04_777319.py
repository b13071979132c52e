from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-12-01T15:24:04:777319"
VERSION = "1.38.0"
DESCRIPTION = "officer.totp_secret: room for a sealed secret"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="voices", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Officer",
        tablename="officer",
        column_name="totp_secret",
        db_column_name="totp_secret",
        params={"length": 128},
        old_params={"length": 64},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

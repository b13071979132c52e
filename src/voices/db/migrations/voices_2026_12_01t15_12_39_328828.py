from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Varchar

ID = "2026-12-01T15:12:39:328828"
VERSION = "1.38.0"
DESCRIPTION = "submission.channel: demo, for generated submissions"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="voices", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Submission",
        tablename="submission",
        column_name="channel",
        db_column_name="channel",
        params={
            "choices": Enum(
                "Channel",
                {
                    "survey": "survey",
                    "api": "api",
                    "group": "group",
                    "facilitated": "facilitated",
                    "demo": "demo",
                },
            )
        },
        old_params={
            "choices": Enum(
                "Channel",
                {
                    "survey": "survey",
                    "api": "api",
                    "group": "group",
                    "facilitated": "facilitated",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

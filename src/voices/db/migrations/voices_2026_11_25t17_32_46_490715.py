from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import ForeignKey

ID = "2026-11-25T17:32:46:490715"
VERSION = "1.38.0"
DESCRIPTION = "Index foreign keys and the dates the purge selects by"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="voices", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Submission",
        tablename="submission",
        column_name="survey_version",
        db_column_name="survey_version",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Submission",
        tablename="submission",
        column_name="submitted_on",
        db_column_name="submitted_on",
        params={"index": True},
        old_params={"index": False},
        column_class=Date,
        old_column_class=Date,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Answer",
        tablename="answer",
        column_name="submission",
        db_column_name="submission",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="SpentFormToken",
        tablename="spent_form_token",
        column_name="spent_on",
        db_column_name="spent_on",
        params={"index": True},
        old_params={"index": False},
        column_class=Date,
        old_column_class=Date,
        schema=None,
    )

    manager.alter_column(
        table_class_name="ThemeAssignment",
        tablename="theme_assignment",
        column_name="theme_run",
        db_column_name="theme_run",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="ThemeAssignment",
        tablename="theme_assignment",
        column_name="answer",
        db_column_name="answer",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    manager.alter_column(
        table_class_name="ThemeSummaryRecord",
        tablename="theme_summary",
        column_name="theme_run",
        db_column_name="theme_run",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager

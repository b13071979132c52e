from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Bytea
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T22:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "monthly_report: each survey's report on a calendar month, as a PDF (issue 14 section 1)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)
    manager.add_table(class_name="MonthlyReport", tablename="monthly_report", schema=None, columns=None)
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="key",
        db_column_name="key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 80, "default": "", "null": False, "primary_key": False, "unique": True, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="survey_slug",
        db_column_name="survey_slug",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 64, "default": "", "null": False, "primary_key": False, "unique": False, "index": True, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="month",
        db_column_name="month",
        column_class_name="Varchar",
        column_class=Varchar,
        params={"length": 7, "default": "", "null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="made_at",
        db_column_name="made_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={"default": TimestamptzNow(), "null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="pdf",
        db_column_name="pdf",
        column_class_name="Bytea",
        column_class=Bytea,
        params={"default": b"", "null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    manager.add_column(
        table_class_name="MonthlyReport",
        tablename="monthly_report",
        column_name="size",
        db_column_name="size",
        column_class_name="Integer",
        column_class=Integer,
        params={"default": 0, "null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager

"""Stored theming runs: one ``ThemeRun`` per run, its assignments and its theme summaries.

Reports read the run with ``is_current`` true for a survey. A new run is written whole with
``is_current`` false, then made current in a second, short transaction (see ``run.store_run``),
so a run that fails part-way never replaces the one before it. Migrations are added by the db
owner; these classes are the schema.
"""

from __future__ import annotations

from enum import Enum

from piccolo.columns import JSON, Boolean, Date, Float, ForeignKey, Integer, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from voices.db.tables import Answer


class ThemeRun(Table):
    class Status(str, Enum):
        writing = "writing"
        complete = "complete"
        failed = "failed"

    survey_slug = Varchar(length=64, index=True)
    # Keep only the day, like every other date in voices.
    created_on = Date()
    status = Varchar(length=16, choices=Status, default=Status.writing)
    is_current = Boolean(default=False, help_text="The run reports read; at most one per survey.")
    parameters = JSON(help_text="Settings of the run: seed, theme bounds, tagger version.")
    counts = JSON(help_text="Comments, substantive, unassigned, not substantive, themes.")


class ThemeAssignment(Table):
    class Source(str, Enum):
        codebook = "codebook"
        emergent = "emergent"

    theme_run = ForeignKey(ThemeRun, on_delete=OnDelete.cascade)
    answer = ForeignKey(Answer, on_delete=OnDelete.cascade)
    theme_key = Varchar(length=64, help_text="A codebook theme id, or E01, E02, ... for emergent.")
    theme_label = Varchar(length=200)
    score = Float(help_text="Tagger score, or cosine to the emergent theme's centre.")
    source = Varchar(length=16, choices=Source)


class ThemeSummaryRecord(Table, tablename="theme_summary"):
    theme_run = ForeignKey(ThemeRun, on_delete=OnDelete.cascade)
    theme_key = Varchar(length=64)
    source = Varchar(length=16, choices=ThemeAssignment.Source)
    member_count = Integer(help_text="Raw count; the disclosure layer decides what is shown.")
    summary = JSON(help_text="Label, share, phrases, polarity split, quotes, sentence.")

"""The survey data, as Piccolo tables. Nothing here can identify a respondent."""

from __future__ import annotations

from enum import Enum

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Text,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Survey(Table):
    slug = Varchar(length=64, unique=True, help_text="Stable name used in the survey's URL.")
    title = Varchar(length=200)


class SurveyVersion(Table):
    survey = ForeignKey(Survey, on_delete=OnDelete.cascade)
    content_hash = Varchar(length=64, unique=True, help_text="sha256 of the definition file's canonical form.")
    definition = JSON(help_text="The validated definition, as loaded.")
    loaded_on = Date()
    is_current = Boolean(default=False, help_text="The version new respondents are given.")


class Submission(Table):
    class Channel(str, Enum):
        survey = "survey"
        api = "api"

    survey_version = ForeignKey(SurveyVersion, on_delete=OnDelete.cascade)
    # Keep only the day: a precise time could be matched against someone's movements.
    submitted_on = Date()
    channel = Varchar(length=16, choices=Channel, default=Channel.survey)


class Answer(Table):
    submission = ForeignKey(Submission, on_delete=OnDelete.cascade)
    question_id = Varchar(length=64)
    value = JSON(null=True, help_text="Choice id, list of choice ids or number; null for free text.")
    text = Text(null=True, help_text="Free text after markup removal and redaction; never the raw input.")
    redacted = JSON(null=True, help_text="How many details of each kind were removed (counts only).")


class SpentFormToken(Table):
    """Hashes of one-time form tokens already used, so a double submit stores nothing twice."""

    token_hash = Varchar(length=64, unique=True)
    spent_on = Date(help_text="Kept only to purge old rows.")


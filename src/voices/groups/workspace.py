"""What the group pages share, built once from the settings; the clock is a parameter for tests."""

from __future__ import annotations

from dataclasses import dataclass

from voices.groups.attempts import CodeAttempts
from voices.groups.codes import code_key
from voices.groups.passes import GroupPasses
from voices.officers.clock import Clock, utc_now
from voices.settings import Settings

FEEDBACK_SURVEY = "group-feedback"  # the survey a code opens (surveys/group-feedback.yaml)


@dataclass(frozen=True, slots=True)
class Groups:
    code_key: bytes
    passes: GroupPasses
    attempts: CodeAttempts
    clock: Clock
    survey_slug: str = FEEDBACK_SURVEY


def build_groups(settings: Settings, clock: Clock = utc_now) -> Groups:
    return Groups(
        code_key=code_key(settings.secret_key),
        passes=GroupPasses(settings.secret_key),
        attempts=CodeAttempts(settings.secret_key, clock),
        clock=clock,
    )

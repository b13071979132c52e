"""Error types named for what happened; `STATUS` maps them to HTTP in one place."""

from __future__ import annotations


class VoicesError(Exception):
    """Base class: every error the application raises on purpose."""


class SurveyNotFound(VoicesError):
    """No published survey has that slug."""


class SurveyClosed(VoicesError):
    """The survey exists but is not accepting answers today."""


class InvalidSurveyDefinition(VoicesError):
    """A survey file failed validation; `problems` lists each one with path and question id."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class InvalidAnswers(VoicesError):
    """Submitted answers do not fit the survey version; `errors` maps field to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


class FormTokenUsed(VoicesError):
    """The one-time form token was already spent: a double submit, answered idempotently."""


class BotSubmission(VoicesError):
    """The submission looks automated (honeypot filled or completed implausibly fast)."""


class RateLimited(VoicesError):
    """Too many submissions from one client in the current window."""


class InvalidToken(VoicesError):
    """A form token was not issued by this deployment, has been altered, or has expired."""


class RunSuperseded(VoicesError):
    """Another theme run of the same survey became current while this one was being written."""


class TaggerNotTrained(VoicesError):
    """No saved codebook tagger in the models directory: run `voices nlp train`."""


class FilterTooNarrow(VoicesError):
    """A report filter would describe, or leave out, fewer people than the disclosure threshold."""


class NotAuthenticated(VoicesError):
    """The page is for signed-in officers and nobody is signed in."""


class NotAllowed(VoicesError):
    """The signed-in officer's role does not allow this."""


STATUS: dict[type[VoicesError], int] = {
    SurveyNotFound: 404,
    SurveyClosed: 409,
    InvalidSurveyDefinition: 422,
    InvalidAnswers: 422,
    FormTokenUsed: 409,
    BotSubmission: 400,
    RateLimited: 429,
    InvalidToken: 400,
    RunSuperseded: 409,
    # Not ready rather than wrong: the same request works once the tagger is trained.
    TaggerNotTrained: 503,
    FilterTooNarrow: 422,
    NotAuthenticated: 401,
    NotAllowed: 403,
}

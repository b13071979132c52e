"""What each role may do, and the guards that enforce it on every officer route."""

from __future__ import annotations

from enum import Enum

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from voices.db.tables import Officer

Role = Officer.Role


class Permission(str, Enum):
    sign_in = "sign_in"  # every role: their own account page
    manage_officers = "manage_officers"
    read_audit = "read_audit"
    read_jobs = "read_jobs"  # the scheduled jobs and their runs
    manage_surveys = "manage_surveys"
    manage_retention = "manage_retention"
    read_reports = "read_reports"
    read_comments = "read_comments"
    review_themes = "review_themes"
    manage_models = "manage_models"  # retrain the codebook tagger, roll it back
    export = "export"
    facilitate_groups = "facilitate_groups"


_ANALYSIS = {Permission.read_reports, Permission.read_comments, Permission.review_themes, Permission.export}
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.analyst: frozenset({Permission.sign_in, *_ANALYSIS}),
    # Figures only: a viewer never reads an individual comment.
    Role.viewer: frozenset({Permission.sign_in, Permission.read_reports}),
    # Their own survivor groups only; which groups is decided where the groups are.
    Role.facilitator: frozenset({Permission.sign_in, Permission.facilitate_groups}),
}

ROLE_SUMMARIES: dict[Role, str] = {
    Role.admin: "Everything: officers, surveys, retention, the audit log, and all an analyst may do",
    Role.analyst: "Reports, individual comments, theme review and exports",
    Role.viewer: "Reports, without reading individual comments",
    Role.facilitator: "Their own survivor-involvement groups only",
}


def may(role: Role | str, permission: Permission) -> bool:
    return permission in PERMISSIONS[Role(role)]


def requires(permission: Permission) -> Guard:
    """A guard: signed-out people are sent to sign in, other roles get "not allowed" (403)."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        officer = connection.scope.get("user")
        if officer is None:
            raise NotAuthorizedException()
        if not may(officer.role, permission):
            raise PermissionDeniedException()

    guard.__name__ = f"requires_{permission.value}"
    return guard

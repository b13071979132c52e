"""Every officer route, with who may use it: the table the matrix test walks.

A page added under /officers must be added here too (the matrix test fails on a route missing
from this list): say which roles may open it, or that it is public (a signed-out page, answering
everyone alike), and what it answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from voices.db.tables import Officer

Role = Officer.Role
EVERY_ROLE = frozenset(Role)
ADMIN = frozenset({Role.admin})
REPORT_READERS = frozenset({Role.admin, Role.analyst, Role.viewer})
ANALYSTS = frozenset({Role.admin, Role.analyst})
FACILITATORS = frozenset({Role.admin, Role.facilitator})
# Pages of one group: the matrix walks them on a group run by another facilitator, which an admin
# may open and a facilitator may not (answered as if it did not exist).
OTHERS_GROUP = {Role.facilitator: 404}


@dataclass(frozen=True, slots=True)
class OfficerRoute:
    method: str
    path: str  # as requested
    pattern: str  # as registered, e.g. /officers/set-password/{token:str}
    roles: frozenset[Role] | None  # None: public, the same answer for everyone
    status: int = 200  # the answer to a role that may use it (or to anyone, when public)
    data: dict[str, str] = field(default_factory=dict)
    last: bool = False  # ends the session (sign-out): walked after the others
    location: str = ""  # where a redirect for a role that may use it leads
    # Answers that differ by role among those that may use the route (a group that is not theirs).
    statuses: dict[Role, int] = field(default_factory=dict)


OFFICER_ROUTES: list[OfficerRoute] = [
    # Public: signing in and choosing a password.
    OfficerRoute("GET", "/officers/sign-in", "/officers/sign-in", None),
    OfficerRoute("POST", "/officers/sign-in", "/officers/sign-in", None, 400, {"email": "", "password": ""}),
    # Without a password step in this session, the second step sends people back to the first.
    OfficerRoute("GET", "/officers/sign-in/code", "/officers/sign-in/code", None, 303),
    OfficerRoute("POST", "/officers/sign-in/code", "/officers/sign-in/code", None, 303, {"code": "123456"}),
    OfficerRoute("GET", "/officers/sign-in/authenticator", "/officers/sign-in/authenticator", None, 303),
    OfficerRoute("POST", "/officers/sign-in/authenticator", "/officers/sign-in/authenticator", None, 303, {"code": "1"}),
    OfficerRoute("GET", "/officers/set-password/no-such-link", "/officers/set-password/{token:str}", None, 404),
    OfficerRoute("POST", "/officers/set-password/no-such-link", "/officers/set-password/{token:str}", None, 404, {"password": "x"}),
    # Every role: their own pages.
    OfficerRoute("GET", "/officers", "/officers", EVERY_ROLE),
    OfficerRoute("GET", "/officers/account", "/officers/account", EVERY_ROLE),
    OfficerRoute("GET", "/officers/account/authenticator", "/officers/account/authenticator", EVERY_ROLE),
    OfficerRoute("POST", "/officers/account/authenticator", "/officers/account/authenticator", EVERY_ROLE, 400, {"code": ""}),
    OfficerRoute("POST", "/officers/sign-out", "/officers/sign-out", EVERY_ROLE, 303, last=True),
    # Admins only.
    OfficerRoute("GET", "/officers/admin/officers", "/officers/admin/officers", ADMIN),
    OfficerRoute("GET", "/officers/admin/audit", "/officers/admin/audit", ADMIN),
    OfficerRoute("GET", "/officers/admin/audit?since=2026-11-01&action=signed+in", "/officers/admin/audit", ADMIN),
    OfficerRoute("GET", "/officers/admin/jobs", "/officers/admin/jobs", ADMIN),
    # The codebook tagger (review/model_pages.py): with no confirmed labels, a training fails at once.
    OfficerRoute("GET", "/officers/admin/models", "/officers/admin/models", ADMIN),
    OfficerRoute("POST", "/officers/admin/models/train", "/officers/admin/models/train", ADMIN, 303,
                 location="/officers/admin/models?done=started"),
    OfficerRoute("POST", "/officers/admin/models/current", "/officers/admin/models/current", ADMIN, 303,
                 {"version": "shipped"}, location="/officers/admin/models?done=rolled-back"),
    # Reports: figures for every reader; starting a theme run for those who review themes.
    OfficerRoute("GET", "/officers/reports", "/officers/reports", REPORT_READERS),
    OfficerRoute("GET", "/officers/reports/awareness", "/officers/reports/{slug:str}", REPORT_READERS),
    OfficerRoute("POST", "/officers/reports/awareness/theme-run", "/officers/reports/{slug:str}/theme-run", ANALYSTS, 303,
                 location="/officers/reports/awareness?run=started"),
    # You said, we did (you_said/): analysts and admins. The survey has no theme run, so a theme is
    # not found.
    OfficerRoute("GET", "/officers/you-said", "/officers/you-said", ANALYSTS),
    OfficerRoute("GET", "/officers/you-said/awareness", "/officers/you-said/{slug:str}", ANALYSTS),
    OfficerRoute("POST", "/officers/you-said/awareness/themes/E01", "/officers/you-said/{slug:str}/themes/{key:str}",
                 ANALYSTS, 404),
    OfficerRoute("POST", "/officers/you-said/awareness/themes/E01/quotes",
                 "/officers/you-said/{slug:str}/themes/{key:str}/quotes", ANALYSTS, 404),
    # Theme review (review/): analysts and admins. The survey has no theme run and no comment 1, so
    # the pages of a theme or a comment are not found, and there is no change to undo.
    OfficerRoute("GET", "/officers/reports/awareness/review", "/officers/reports/{slug:str}/review", ANALYSTS),
    OfficerRoute("GET", "/officers/reports/awareness/review/themes/E01", "/officers/reports/{slug:str}/review/themes/{key:str}",
                 ANALYSTS, 404),
    OfficerRoute("GET", "/officers/reports/awareness/review/comments/1",
                 "/officers/reports/{slug:str}/review/comments/{answer_id:int}", ANALYSTS, 404),
    OfficerRoute("POST", "/officers/reports/awareness/review/comments/1/themes",
                 "/officers/reports/{slug:str}/review/comments/{answer_id:int}/themes", ANALYSTS, 404,
                 {"theme": "victim_blaming"}),
    OfficerRoute("POST", "/officers/reports/awareness/review/comments/1/move",
                 "/officers/reports/{slug:str}/review/comments/{answer_id:int}/move", ANALYSTS, 404, {"to": "E02"}),
    OfficerRoute("POST", "/officers/reports/awareness/review/themes/E01/rename",
                 "/officers/reports/{slug:str}/review/themes/{key:str}/rename", ANALYSTS, 404, {"label": "New"}),
    OfficerRoute("POST", "/officers/reports/awareness/review/themes/E01/merge",
                 "/officers/reports/{slug:str}/review/themes/{key:str}/merge", ANALYSTS, 404, {"into": "E02"}),
    OfficerRoute("POST", "/officers/reports/awareness/review/themes/E01/noise",
                 "/officers/reports/{slug:str}/review/themes/{key:str}/noise", ANALYSTS, 404),
    OfficerRoute("POST", "/officers/reports/awareness/review/undo", "/officers/reports/{slug:str}/review/undo",
                 ANALYSTS, 422),
    # Downloads of a report (insight/exports/): those who may export.
    OfficerRoute("GET", "/officers/reports/awareness/tables.csv", "/officers/reports/{slug:str}/tables.csv", ANALYSTS),
    OfficerRoute("GET", "/officers/reports/awareness/tables.xlsx", "/officers/reports/{slug:str}/tables.xlsx", ANALYSTS),
    OfficerRoute("GET", "/officers/reports/awareness/report.pdf", "/officers/reports/{slug:str}/report.pdf", ANALYSTS),
    OfficerRoute("GET", "/officers/reports/awareness/responses.csv", "/officers/reports/{slug:str}/responses.csv",
                 ANALYSTS),
    # The monthly reports (insight/monthly_web.py): readers see the list, those who may export download.
    OfficerRoute("GET", "/officers/monthly-reports", "/officers/monthly-reports", REPORT_READERS),
    OfficerRoute("GET", "/officers/monthly-reports/999999/report.pdf",
                 "/officers/monthly-reports/{report_id:int}/report.pdf", ANALYSTS, 404),
    # Survivor-involvement groups: facilitators and admins. {group} and {code} are filled in by the
    # matrix test with a group (and one of its codes) run by another facilitator.
    OfficerRoute("GET", "/officers/groups", "/officers/groups", FACILITATORS),
    OfficerRoute("POST", "/officers/groups", "/officers/groups", FACILITATORS, 400, {"name": ""}),
    OfficerRoute("GET", "/officers/groups/{group}", "/officers/groups/{group_id:int}", FACILITATORS,
                 statuses=OTHERS_GROUP),
    OfficerRoute("POST", "/officers/groups/{group}/codes", "/officers/groups/{group_id:int}/codes", FACILITATORS,
                 data={"expires_in": "7", "max_uses": "5"}, statuses=OTHERS_GROUP),
    OfficerRoute("POST", "/officers/groups/{group}/codes/{code}/revoke",
                 "/officers/groups/{group_id:int}/codes/{code_id:int}/revoke", FACILITATORS, 303,
                 location="/officers/groups/{group}", statuses=OTHERS_GROUP),
    OfficerRoute("GET", "/officers/groups/{group}/notes", "/officers/groups/{group_id:int}/notes", FACILITATORS,
                 statuses=OTHERS_GROUP),
    OfficerRoute("POST", "/officers/groups/{group}/notes", "/officers/groups/{group_id:int}/notes", FACILITATORS,
                 400, {"service": ""}, statuses=OTHERS_GROUP),
]

"""/officers/admin/jobs: admins see each job's next run and whether it is failing, and the last runs.

Mounted by the officers' router (like insight's pages), guarded by their roles.
"""

from __future__ import annotations

import datetime as dt

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from voices.jobs.scheduler import Jobs
from voices.jobs.status import jobs_page
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.pages.render import Renderer


class JobPages(Controller):
    path = "/admin/jobs"
    include_in_schema = False

    @get("/", guards=[requires(Permission.read_jobs)])
    async def jobs(
        self, request: Request, renderer: NamedDependency[Renderer], jobs: NamedDependency[Jobs]
    ) -> Response[str]:
        now = dt.datetime.now(dt.UTC)
        page = await jobs_page(jobs.jobs, now)
        return officer_page(
            renderer, request, "officers/jobs.html", jobs=page.jobs, runs=page.runs, enabled=jobs.enabled
        )

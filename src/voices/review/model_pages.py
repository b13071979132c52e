"""/officers/admin/models: admins retrain the codebook tagger on the confirmed labels, see every
version with its scores, data hash and who asked for it, and roll back to any accepted version or to
the shipped model. Starting a training and rolling back are audited."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect

from voices.insight.runs import AlreadyRunning
from voices.insight.workspace import Insight
from voices.officers.audit import Action
from voices.officers.auth import SignedIn
from voices.officers.roles import Permission, requires
from voices.officers.views import officer_page
from voices.officers.workspace import Officers
from voices.pages.render import Renderer
from voices.themes.model_versions import roll_back, versions

MODELS = "/officers/admin/models"
SHIPPED = "shipped"
NOTICES = {
    "started": "The training has started. It takes a few minutes: reload this page to see how it ended.",
    "busy": "A training is already in progress, so another was not started.",
    "rolled-back": "The model was changed. The next theme run uses it.",
}


class ModelPages(Controller):
    path = "/admin/models"
    include_in_schema = False
    guards = [requires(Permission.manage_models)]

    @get("/")
    async def index(
        self, request: Request, renderer: NamedDependency[Renderer], insight: NamedDependency[Insight],
        done: FromQuery[str] = "",
    ) -> Response[str]:
        found = await versions()
        return officer_page(
            renderer, request, "officers/models.html", versions=found, status=insight.trainer.status(),
            shipped_current=not any(v.is_current for v in found), notice=NOTICES.get(done, ""),
        )  # fmt: skip

    @post("/train")
    async def train(
        self, request: Request, insight: NamedDependency[Insight], officers: NamedDependency[Officers]
    ) -> Redirect:
        officer: SignedIn = request.user
        try:
            insight.trainer.start(officer.email, officer.id)
        except AlreadyRunning:
            return Redirect(f"{MODELS}?done=busy", status_code=303)
        await officers.audit.record(officer.actor, Action.model_trained, "tagger", "challenger")
        return Redirect(f"{MODELS}?done=started", status_code=303)

    @post("/current")
    async def make_current(self, request: Request, officers: NamedDependency[Officers]) -> Redirect:
        officer: SignedIn = request.user
        chosen = str((await request.form()).get("version", ""))
        try:
            await roll_back(None if chosen == SHIPPED else int(chosen))
        except (ValueError, LookupError) as error:
            raise NotFoundException() from error
        await officers.audit.record(officer.actor, Action.model_rolled_back, "tagger", chosen)
        return Redirect(f"{MODELS}?done=rolled-back", status_code=303)

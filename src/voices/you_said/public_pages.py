"""/you-said-we-did: the public page, on the respondent layout (Exit this page, support contacts,
the same headers), server-rendered so it works without JavaScript."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency

from voices.insight.workspace import Insight
from voices.pages.render import Renderer
from voices.you_said.view import public_surveys


class YouSaidPublicPage(Controller):
    path = "/you-said-we-did"
    include_in_schema = False

    @get("/")
    async def page(
        self, renderer: NamedDependency[Renderer], insight: NamedDependency[Insight]
    ) -> Response[str]:
        return renderer.page("you_said.html", surveys=await public_surveys(insight.policy))

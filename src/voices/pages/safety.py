"""The quick exit and the advice on browsing safely."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect

from voices.pages.render import Renderer
from voices.settings import Settings


class SafetyPages(Controller):
    include_in_schema = False

    @get("/exit")
    async def exit_this_page(self, settings: NamedDependency[Settings]) -> Redirect:
        """Leave at once for a neutral site, telling the browser to forget this one."""
        return Redirect(
            settings.neutral_exit_url,
            status_code=303,
            headers={"Clear-Site-Data": '"cache", "cookies", "storage"'},
        )

    @get("/safety")
    async def safety_advice(
        self, renderer: NamedDependency[Renderer], lang: FromQuery[str] = "en"
    ) -> Response[str]:
        return renderer.page("safety.html", lang if lang in {"en", "cy"} else "en")

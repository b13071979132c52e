"""The quick exit and the advice on browsing safely."""

from __future__ import annotations

from litestar import Controller, get
from litestar.datastructures import State
from litestar.params import FromQuery
from litestar import Response
from litestar.response import Redirect



class SafetyPages(Controller):
    include_in_schema = False

    @get("/exit")
    async def exit_this_page(self, state: State) -> Redirect:
        """Leave at once for a neutral site, telling the browser to forget this one."""
        return Redirect(
            state.exit_url,
            status_code=303,
            headers={"Clear-Site-Data": '"cache", "cookies", "storage"'},
        )

    @get("/safety")
    async def safety_advice(self, state: State, lang: FromQuery[str] = "en") -> Response[str]:
        return state.renderer.page("safety.html", lang if lang in {"en", "cy"} else "en")

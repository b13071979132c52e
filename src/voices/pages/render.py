"""Render respondent pages: the same words, contacts and language on every page, and a cache.

A question page differs between respondents only in the hidden fields that carry their answers,
so the rest of it is rendered once per survey version, question, language and answer state and
kept; a request then costs one string substitution instead of a template render.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Response
from litestar.enums import MediaType
from markupsafe import Markup

from voices.pages.messages import messages_for
from voices.pages.support import SupportContact

# Stands where the per-respondent hidden fields go in a cached page.
CARRIED_MARKER = "<!--voices:carried-->"


@dataclass(frozen=True, slots=True)
class ErrorLink:
    anchor: str
    message: str


class Renderer:
    def __init__(self, templates_dir: Path, contacts: list[SupportContact], cache_size: int = 4096) -> None:
        self.environment = Environment(
            loader=FileSystemLoader(templates_dir), autoescape=select_autoescape(default=True)
        )
        self.contacts = contacts
        self.cache_size = cache_size
        self._cache: OrderedDict[Hashable, str] = OrderedDict()

    def html(self, template: str, lang: str = "en", **context: Any) -> str:
        context.setdefault("error_summary", [])
        context.setdefault("carried", Markup(""))
        return self.environment.get_template(template).render(
            t=messages_for(lang), lang=lang, support_contacts=self.contacts, **context
        )

    def page(self, template: str, lang: str = "en", status_code: int = 200, **context: Any) -> Response[str]:
        return Response(self.html(template, lang, **context), status_code=status_code, media_type=MediaType.HTML)

    def cached_page(
        self, key: Hashable, carried: str, template: str, lang: str, status_code: int, **context: Any
    ) -> Response[str]:
        """`page()`, rendered once per `key`; `carried` (already escaped HTML) is put in each time."""
        shell = self._cache.get(key)
        if shell is None:
            shell = self.html(template, lang, carried=Markup(CARRIED_MARKER), **context)
            self._cache[key] = shell
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return Response(shell.replace(CARRIED_MARKER, carried, 1), status_code=status_code, media_type=MediaType.HTML)

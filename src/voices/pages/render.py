"""Render a respondent page: every page gets the same words, contacts and language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.response import Template

from voices.pages.messages import messages_for
from voices.pages.support import SupportContact


@dataclass(frozen=True, slots=True)
class ErrorLink:
    anchor: str
    message: str


def page(
    template: str,
    contacts: list[SupportContact],
    lang: str = "en",
    status_code: int = 200,
    **context: Any,
) -> Template:
    context.setdefault("error_summary", [])
    return Template(
        template_name=template,
        context={"t": messages_for(lang), "lang": lang, "support_contacts": contacts, **context},
        status_code=status_code,
    )

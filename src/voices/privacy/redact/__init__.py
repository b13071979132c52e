"""Find personal details in free text and replace them with typed placeholders ("[name]")."""

from __future__ import annotations

from .kinds import CONTACT_AND_IDENTIFIERS, KINDS
from .redactor import RedactedSpan, RedactionResult, Redactor, load_redactor

__all__ = [
    "CONTACT_AND_IDENTIFIERS",
    "KINDS",
    "RedactedSpan",
    "RedactionResult",
    "Redactor",
    "load_redactor",
]

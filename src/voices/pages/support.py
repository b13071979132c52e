"""Support contacts shown on every respondent page, from the deployment's own file."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec


class SupportContact(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str
    phone: str | None = None
    hours: str | None = None
    description: str | None = None

    @property
    def phone_link(self) -> str:
        return re.sub(r"[^0-9+]", "", self.phone or "")


class SupportContacts(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    contacts: list[SupportContact]


def load_support_contacts(path: Path) -> list[SupportContact]:
    """Read the contacts file; a broken file stops start-up rather than hiding help numbers."""
    try:
        return msgspec.yaml.decode(path.read_bytes(), type=SupportContacts).contacts
    except (OSError, msgspec.ValidationError, msgspec.DecodeError) as error:
        raise ValueError(f"support contacts file {path} is not valid: {error}") from None

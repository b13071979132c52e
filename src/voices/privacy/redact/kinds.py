"""The kinds of personal detail, each shown in redacted text as "[kind]", and how targets group them."""

from __future__ import annotations

CONTACT_AND_IDENTIFIERS = (
    "phone", "email", "url", "handle", "postcode", "address",
    "date of birth", "nhs number", "ni number", "vehicle", "card number", "bank account", "ip address",
)  # fmt: skip
KINDS = ("name", *CONTACT_AND_IDENTIFIERS, "place")

# When two detectors claim the same characters equally, the more specific kind wins.
PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("email", "url", "ip address", "card number", "bank account", "phone", "nhs number",
         "ni number", "date of birth", "postcode", "vehicle", "handle", "address", "place", "name")
    )
}  # fmt: skip


def placeholder(kind: str) -> str:
    return f"[{kind}]"

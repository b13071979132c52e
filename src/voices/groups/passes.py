"""The group pass: which group a feedback form belongs to, carried in the form and signed.

A right code gives the member a form whose one-time token is tied to its group by this signature,
so the group cannot be changed on the way and one code entry opens exactly one submission (the
token is spent when it is sent). The pass names the group, never the code.
"""

from __future__ import annotations

import hashlib
import hmac

FIELD = "_group"


class GroupPasses:
    def __init__(self, secret_key: str) -> None:
        self._key = hmac.new(secret_key.encode(), b"voices group pass", hashlib.sha256).digest()

    def issue(self, group_id: int, form_token: str) -> str:
        return f"{group_id}.{self._sign(group_id, form_token)}"

    def group_of(self, group_pass: str, form_token: str) -> int | None:
        """The group a pass was issued for with this form token, or None if it was not."""
        group, _, signature = group_pass.partition(".")
        if not (group.isascii() and group.isdigit() and len(group) < 12):
            return None
        if not hmac.compare_digest(signature, self._sign(int(group), form_token)):
            return None
        return int(group)

    def _sign(self, group_id: int, form_token: str) -> str:
        return hmac.new(self._key, f"{group_id}:{form_token}".encode(), hashlib.sha256).hexdigest()

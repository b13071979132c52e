"""Officers' authenticator (TOTP) secrets, sealed at rest.

A TOTP secret is a password that never changes: whoever reads it from the database or a backup can
make every future code. So the `officer.totp_secret` column (and a secret being set up, in the
session row) holds it sealed with AES-256-GCM from the `cryptography` library, under a key derived
by HKDF-SHA256 from the deployment's secret key (`Settings.with_secret()`), which is never stored in
the database. Each sealed secret is bound to its officer's id: copied to another row, it opens to
nothing. Rows written before sealing hold the plain base32 secret; `open` still reads them, and
signing in with one seals it (`signin.py`).
"""

from __future__ import annotations

import base64
import logging
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED_PREFIX = "aesgcm1:"
# Its own key: derived for this use alone, so it is never the key that signs anything else.
_KEY_INFO = b"voices officers totp secret v1"
_NONCE_BYTES = 12  # the size AES-GCM is specified for; random, as each secret is sealed rarely
log = logging.getLogger(__name__)


def is_sealed(stored: str) -> bool:
    return stored.startswith(SEALED_PREFIX)


class SecretSealer:
    def __init__(self, app_secret: str) -> None:
        if not app_secret:
            raise ValueError("sealing needs the deployment's secret key (Settings.with_secret())")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(
            app_secret.encode()
        )
        self._cipher = AESGCM(key)

    def seal(self, secret: str, officer_id: int) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._cipher.encrypt(nonce, secret.encode(), _bound_to(officer_id))
        return SEALED_PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, stored: str, officer_id: int) -> str | None:
        """The secret; a plain one (written before sealing) as it is; None when it cannot be opened
        (the deployment's secret key has changed, or the row was altered or copied from another)."""
        if not is_sealed(stored):
            return stored
        try:
            raw = base64.urlsafe_b64decode(stored[len(SEALED_PREFIX) :])
            return self._cipher.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _bound_to(officer_id)
            ).decode()
        except (InvalidTag, ValueError):
            log.warning(
                "The authenticator secret of officer %s cannot be opened with this deployment's secret key; "
                "they can sign in with a recovery code, or `voices officers reset-password EMAIL "
                "--remove-authenticator` lets them set up a new one",
                officer_id,
            )
            return None


def _bound_to(officer_id: int) -> bytes:
    return f"officer:{officer_id}".encode()

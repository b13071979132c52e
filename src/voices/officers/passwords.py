"""Officers' passwords: Argon2id hashes, and a policy that follows the NCSC's advice.

The NCSC advises against composition rules ("a capital, a digit and a symbol") and expiry: they
push people to predictable patterns. What it does advise is a sensible minimum length and refusing
the passwords attackers try first. So: at least 8 characters, no upper limit a person would meet,
and a block list (data/common_passwords.txt, written for voices from well-known patterns) checked
after undoing the usual disguises: case, digits and symbols tacked on either end, letter-for-digit
swaps, repeats.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import anyio.to_thread
from argon2 import PasswordHasher, Type, profiles
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
# Long enough for any passphrase; bounded so nobody makes the server hash a megabyte.
MAX_LENGTH = 256
BLOCK_LIST = Path(__file__).parent / "data" / "common_passwords.txt"
# Undone before the block list is consulted: "P@ssw0rd" is "password".
_SWAPS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"})
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz2wsx3edc4rfv",
    "qazwsxedcrfv",
)
# Fewer letters than this once the digits and symbols around them are gone: a number with a
# word stuck on (a date, a phone number, "cat12345"), the shape guessed first.
_MIN_CORE = 4

TOO_SHORT = f"Enter a password that is at least {MIN_LENGTH} characters long"
TOO_LONG = f"Enter a password that is {MAX_LENGTH} characters or fewer"
TOO_COMMON = (
    "Enter a password that is harder to guess: this one is, or is built from, a very common password. "
    "Three random words together make a good one"
)


def argon2_hasher() -> PasswordHasher:
    """Argon2id with the parameters argon2-cffi recommends (RFC 9106's second, low-memory choice)."""
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


class Passwords:
    """Hash and check passwords off the event loop (Argon2 takes tens of milliseconds by design)."""

    def __init__(self, hasher: PasswordHasher) -> None:
        if hasher.type is not Type.ID:
            raise ValueError("officers' passwords are hashed with Argon2id")
        self.hasher = hasher
        # Checked against when there is no account (or no password yet), so an unknown email costs
        # the same time as a known one and the answer's timing says nothing.
        self._stand_in = hasher.hash("no account has this password")

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self.hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await anyio.to_thread.run_sync(self._verify, password_hash, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            self.hasher.verify(password_hash or self._stand_in, password)
        except (VerificationError, InvalidHashError):
            return False
        return password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than today's: rehashed at sign-in."""
        return self.hasher.check_needs_rehash(password_hash)


def password_problem(password: str, email: str) -> str | None:
    """What is wrong with a new password, in words for the person choosing it; None when it will do."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if is_common(password, email):
        return TOO_COMMON
    return None


def is_common(password: str, email: str = "") -> bool:
    lowered = password.lower().strip()
    core = _core(lowered)
    # The officer's own name is the first thing someone who knows them would try.
    name_parts = email.lower().split("@")[0].replace(".", " ").replace("_", " ").replace("-", " ").split()
    account_words = {part for part in [*name_parts, "".join(name_parts)] if len(part) >= 3}
    candidates = {lowered, core, core.translate(_SWAPS), _unrepeated(core), _unrepeated(core).translate(_SWAPS)}
    return (
        len(core) < _MIN_CORE
        or _is_run(lowered)
        or any(candidate in common_passwords() or _is_run(candidate) for candidate in candidates)
        or any(candidate in account_words for candidate in candidates)
    )


def _core(text: str) -> str:
    """The password without the digits, symbols and spaces people add at either end."""
    return text.strip("0123456789!@#$%^&*()-_=+[]{};:'\",.<>/?\\|`~ ")


def _unrepeated(text: str) -> str:
    """"passwordpassword" -> "password": the shortest unit the text repeats, or the text itself."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def _is_run(text: str) -> bool:
    """One character over and over, or a stretch of the alphabet, the digits or a keyboard row."""
    if len(set(text)) <= 2:
        return True
    return any(text in sequence or text in sequence[::-1] for sequence in _SEQUENCES)


@cache
def common_passwords() -> frozenset[str]:
    lines = BLOCK_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))

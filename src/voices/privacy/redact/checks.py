"""Checks that tell a real identifier from a string of the same shape."""

from __future__ import annotations

# HMRC never issues these National Insurance prefixes.
_NI_UNUSED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def is_nhs_number(text: str) -> bool:
    """Ten digits whose modulus 11 check digit is right (weights 10 down to 2)."""
    digits = digits_of(text)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def is_ni_number(text: str) -> bool:
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    return compact[:2] not in _NI_UNUSED_PREFIXES


def is_current_registration(text: str) -> bool:
    """Current-style plates (AB12 CDE): the age identifier is 02-29 (March) or 51-79 (September)."""
    age = int(digits_of(text)[:2])
    return 2 <= age <= 29 or 51 <= age <= 79

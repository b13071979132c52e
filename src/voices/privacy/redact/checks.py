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


def passes_luhn(digits: str) -> bool:
    """The payment card check digit (ISO/IEC 7812)."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_iban(text: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, modulo 97 is 1."""
    compact = "".join(ch for ch in text if ch.isalnum()).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1

"""Argon2id with argon2-cffi's recommended parameters, and the NCSC-style password policy."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type, profiles

from voices.officers.passwords import (
    MAX_LENGTH,
    TOO_COMMON,
    TOO_LONG,
    TOO_SHORT,
    Passwords,
    argon2_hasher,
    common_passwords,
    password_problem,
)


def test_hashes_are_argon2id_with_the_recommended_parameters() -> None:
    hasher = argon2_hasher()
    recommended = profiles.RFC_9106_LOW_MEMORY
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        recommended.time_cost, recommended.memory_cost, recommended.parallelism
    )
    assert hasher.hash("correct horse battery staple").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


async def test_verify_accepts_the_password_and_nothing_else() -> None:
    passwords = Passwords(PasswordHasher.from_parameters(profiles.CHEAPEST))
    stored = await passwords.hash("kettle orchard lantern")
    assert await passwords.verify(stored, "kettle orchard lantern")
    assert not await passwords.verify(stored, "kettle orchard lanterns")
    assert not await passwords.verify("not a hash", "kettle orchard lantern")
    # No password yet: checked against a stand-in, never accepted.
    assert not await passwords.verify(None, "no account has this password")


async def test_a_hash_with_weaker_parameters_needs_rehashing() -> None:
    weak = PasswordHasher.from_parameters(profiles.CHEAPEST).hash("kettle orchard lantern")
    assert Passwords(argon2_hasher()).needs_rehash(weak)


def test_only_argon2id_is_accepted() -> None:
    with pytest.raises(ValueError):
        Passwords(PasswordHasher(type=Type.I))


@pytest.mark.parametrize(
    "password",
    [
        "kettle orchard lantern",
        "correct horse battery staple",
        "Tr0ub4dor&3x",
        "8 pigeons argue loudly",
        "mauve-tractor-sonnet",
        "the heron waits by the weir at dusk, every evening, for the grey mullet to come up",
    ],
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password: str) -> None:
    assert password_problem(password, "jo.bloggs@county.example") is None


@pytest.mark.parametrize(
    "password",
    [
        "password", "Password1", "P@ssw0rd!", "password123", "PASSWORD2026", "passwordpassword",
        "letmein!!", "Welcome1", "iloveyou2", "qwertyuiop", "1qaz2wsx", "12345678", "87654321",
        "aaaaaaaaaaaa", "abababab", "abcdefghij", "Summer2026!", "football1", "Liverpool99",
        "01012000", "07700900461", "cat12345", "voices2026", "JoBloggs2026", "bloggs123",
    ],
)
def test_common_and_guessable_passwords_are_refused(password: str) -> None:
    assert password_problem(password, "jo.bloggs@county.example") == TOO_COMMON


def test_length_limits() -> None:
    assert password_problem("a7#kq2!", "x@example.org") == TOO_SHORT
    assert password_problem("kettle " * 40, "x@example.org") == TOO_LONG
    assert len("kettle " * 40) > MAX_LENGTH


def test_the_block_list_is_ours_and_normalised() -> None:
    words = common_passwords()
    assert len(words) > 200
    assert all(word == word.lower().strip() and word for word in words)

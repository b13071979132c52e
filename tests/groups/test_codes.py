"""Invite codes: their shape, what typing forgives, the keyed hash, and why guessing is impractical."""

from __future__ import annotations

import math
import re

from tests.officers.conftest import FakeClock
from voices.db.tables import WrongCodeAttempt
from voices.groups.attempts import WINDOW_SECONDS, WRONG_PER_DAY, WRONG_PER_WINDOW, CodeAttempts
from voices.groups.codes import ALPHABET, KEYSPACE, LENGTH, code_hash, code_key, new_code, normalise
from voices.groups.officer_pages import EXPIRY_DAYS

LOOK_ALIKES = set("0O1IL2Z5S8B")
SECRET = "a test secret, long enough for hmac"


def test_a_code_reads_like_kt7_9qm_and_has_no_look_alikes() -> None:
    draws = [new_code() for _ in range(2000)]
    codes = set(draws)
    # 2,000 draws from 244 million repeat one code with probability 2000²/2/KEYSPACE ≈ 0.8% (the
    # birthday bound; it happened in CI), so up to three repeats pass. Four would happen by
    # chance about once in 10¹⁰ runs: they would mean a weak source.
    assert KEYSPACE == 25**6 and len(draws) - len(codes) <= 3
    for code in codes:
        assert re.fullmatch(rf"[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}", code), code
    assert not LOOK_ALIKES & set(ALPHABET)
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)  # every character is used


def test_typing_forgives_case_spaces_and_dashes_only() -> None:
    assert normalise("kt7-9qm") == "KT79QM"
    assert normalise(" KT7 9QM ") == "KT79QM"
    assert normalise("KT79QM") == "KT79QM"
    for wrong in ["", "KT7-9Q", "KT7-9QMM", "KT7-9QO", "KT7-9Q0", "кт7-9qm", "KT7-9Q\u200bM"]:
        assert normalise(wrong) is None, wrong


def test_the_hash_is_keyed_by_the_deployment_secret() -> None:
    one, other = code_key("secret one, long enough for hmac"), code_key("secret two, long enough for hmac")
    assert code_hash(one, "KT79QM") == code_hash(one, "KT79QM")
    assert code_hash(one, "KT79QM") != code_hash(other, "KT79QM")
    assert "KT79QM" not in code_hash(one, "KT79QM")


def test_guessing_a_code_is_impractical() -> None:
    """Worked out: one client guessing for as long as a code can live, against many live codes."""
    assert KEYSPACE == len(ALPHABET) ** LENGTH == 244_140_625
    live_codes = 500  # far more than a county's groups would have open at once
    longest_life_days = max(EXPIRY_DAYS)  # 90
    guesses_per_day = min(WRONG_PER_DAY, WRONG_PER_WINDOW * 86_400 / WINDOW_SECONDS)
    assert guesses_per_day == 50
    guesses = guesses_per_day * longest_life_days
    chance = 1 - (1 - live_codes / KEYSPACE) ** guesses
    assert chance < 0.01  # under 1 in 100 that any code is found in a code's whole life (0.9%)
    expected_years = KEYSPACE / live_codes / guesses_per_day / 365
    assert expected_years > 25  # a patient script needs 26 years, on average, to find one
    # Without the daily cap, the 10-in-10-minutes limit alone allows 1,440 guesses a day.
    assert math.isclose(WRONG_PER_WINDOW * 86_400 / WINDOW_SECONDS, 1440)


async def test_wrong_codes_are_limited_per_client_and_window(db: str) -> None:
    clock = FakeClock()
    attempts = CodeAttempts(SECRET, clock)
    for _ in range(WRONG_PER_WINDOW):
        assert not await attempts.blocked("192.0.2.1")
        await attempts.record_wrong("192.0.2.1")
        clock.advance(seconds=1)
    assert await attempts.blocked("192.0.2.1")
    assert not await attempts.blocked("192.0.2.2")  # another client is not held up
    clock.advance(seconds=WINDOW_SECONDS)
    assert not await attempts.blocked("192.0.2.1")  # the window moves on
    assert attempts.refused == 1


async def test_the_daily_cap_holds_across_windows_and_only_keyed_hashes_are_stored(db: str) -> None:
    clock = FakeClock()
    attempts = CodeAttempts(SECRET, clock)
    for _ in range(WRONG_PER_DAY):
        assert not await attempts.blocked("192.0.2.9")
        await attempts.record_wrong("192.0.2.9")
        clock.advance(seconds=WINDOW_SECONDS / WRONG_PER_WINDOW + 1)  # slow enough for the window
    assert await attempts.blocked("192.0.2.9")
    stored = await WrongCodeAttempt.select(WrongCodeAttempt.client_key)
    assert len(stored) == WRONG_PER_DAY and not any("192.0.2" in row["client_key"] for row in stored)
    # The next day the key changes, and the first wrong code then deletes every row a day old.
    clock.advance(days=1)
    assert not await attempts.blocked("192.0.2.9")
    await attempts.record_wrong("192.0.2.9")
    assert await WrongCodeAttempt.count() < WRONG_PER_DAY
    assert attempts.client_key("192.0.2.9", clock().date()) != stored[0]["client_key"]

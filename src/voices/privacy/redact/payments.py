"""Payment card numbers (Luhn check), IBANs (ISO 13616 check) and UK sort codes with account numbers.

A card-shaped number next to "card", "visa" or "debit" is redacted even if its check digit is wrong.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .checks import digits_of, is_iban, passes_luhn
from .identifiers import CUE_REACH, cued
from .patterns import (
    ACCOUNT_CUE,
    ACCOUNT_NUMBER,
    BANK_CUE,
    CARD_CUE,
    CARD_ISSUER_DIGITS,
    CARD_NUMBER,
    DIGIT,
    IBAN,
    IBAN_ANY_CASE,
    IBAN_CUE,
    SORT_CODE_ACCOUNT,
)
from .spans import add_candidate, text_of

# "40-11-62 71829364": a sort code in pairs and an eight-digit account, however its digits add up;
# cards are written in fours.
_SORT_CODE_GROUPS = re.compile(r"\d{2}([ -])\d{2}\1\d{2}[ ,/]+\d{8}")


@Language.component("redact_payment_details")
def redact_payment_details(doc: Doc) -> Doc:
    text = text_of(doc)
    if len(DIGIT.findall(text)) < 6:
        return doc  # a sort code, the shortest of these, has six digits
    for match in CARD_NUMBER.finditer(text):
        if _SORT_CODE_GROUPS.fullmatch(match.group()):
            continue
        digits = digits_of(match.group())
        if (digits[0] in CARD_ISSUER_DIGITS and passes_luhn(digits)) or cued(text, match.start(), match.end(), CARD_CUE):
            add_candidate(doc, match.start(), match.end(), "card number")
    about_a_bank = BANK_CUE.search(text) is not None  # once: per match it was quadratic
    for match in IBAN.finditer(text):
        if about_a_bank or is_iban(match.group()):
            add_candidate(doc, match.start(), match.end(), "bank account")
    if IBAN_CUE.search(text):
        for match in IBAN_ANY_CASE.finditer(text):
            if cued(text, match.start(), match.end(), IBAN_CUE):
                add_candidate(doc, match.start(), match.end(), "bank account")
    for match in ACCOUNT_NUMBER.finditer(text):
        if _is_compact_date(match.group()):
            continue  # "my account was hacked on 20240312": a date
        if ACCOUNT_CUE.search(text, max(0, match.start() - CUE_REACH), match.start()):
            add_candidate(doc, match.start(), match.end(), "bank account")
    for match in SORT_CODE_ACCOUNT.finditer(text):
        first_digit = next(i for i in range(match.start(), match.end()) if text[i].isdigit())
        add_candidate(doc, first_digit, match.end(), "bank account")
    return doc


def _is_compact_date(digits: str) -> bool:
    """ "20240312": a year of this or the last century, a month and a day."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31

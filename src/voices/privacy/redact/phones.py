"""Phone numbers in any UK format (and international ones), found by Google's libphonenumber port."""

from __future__ import annotations

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from spacy.language import Language
from spacy.tokens import Doc

from .checks import digits_of
from .data_files import read_list
from .patterns import DIGIT
from .spans import add_candidate, text_of

_MIN_DIGITS = 9


class PhoneRedactor:
    def __init__(self, public_numbers: list[str], public_prefixes: list[str]) -> None:
        # Helplines are public: "call Rape Crisis on 0808 500 2222" says nothing about the writer.
        self.public = {_national(number) for number in public_numbers}
        # UK 03 and 080 numbers belong to organisations (councils, charities, services), not people.
        self.public_prefixes = tuple(f"44:{prefix.removeprefix('0')}" for prefix in public_prefixes)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        # Most comments have no run of digits long enough; skip the (slow) matcher for them.
        if len(DIGIT.findall(text)) < _MIN_DIGITS:
            return doc
        # POSSIBLE rather than VALID: a mistyped or unallocated number is still someone's attempt
        # at a number, and Ofcom's reserved ranges (07700 900xxx) must count too.
        for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
            raw = match.raw_string
            if raw[0] not in "0+(" or len(digits_of(raw)) < _MIN_DIGITS:
                continue  # "116 123", "101" and bare digit runs are not personal phone numbers
            number = _national(raw)
            if number in self.public or number.startswith(self.public_prefixes):
                continue
            add_candidate(doc, match.start, match.end, "phone")
        return doc


def _national(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return digits_of(number)
    return f"{parsed.country_code}:{parsed.national_number}"


@Language.factory(
    "redact_phone_numbers", default_config={"public_numbers_file": "", "public_prefixes": []}
)
def make_phone_redactor(
    nlp: Language, name: str, public_numbers_file: str, public_prefixes: list[str]
) -> PhoneRedactor:
    public_numbers = read_list(public_numbers_file) if public_numbers_file else []
    return PhoneRedactor(public_numbers, public_prefixes)

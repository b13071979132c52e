"""Remove markup from free text: the one place bleach is called."""

from __future__ import annotations

import html
import re
import unicodedata

import bleach

# Control characters and bidirectional overrides can disguise text or break layouts; tab and
# newline are kept because people write in paragraphs.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A "<" that could still open a tag: what is left of markup too broken for bleach to parse.
_TAG_OPENING = re.compile(r"<(?=[A-Za-z!/?])")
_MAX_PASSES = 4


def clean(text: str) -> str:
    """Plain text with every tag, comment and control character removed.

    Entities are decoded and the text cleaned again, so markup smuggled in as `&lt;script&gt;`
    cannot come back as a tag; the page templates escape whatever is left on output.
    """
    # Invisible characters go first: "<\u202eimg ...>" is not a tag to bleach, but would be one without them.
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    # Without "<" there can be no tag and without "&" no encoded one: most answers skip bleach.
    for _ in range(_MAX_PASSES if "<" in text or "&" in text else 0):
        stripped = html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True))
        if stripped == text:
            break
        text = stripped
    return _TAG_OPENING.sub("", _INVISIBLE.sub("", text)).strip()

"""Emails, web addresses and social media handles."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import CUED_HANDLE, EMAIL, HANDLE, UNDERSCORED, URL, URL_TRAILING
from .spans import add_candidate


@Language.component("redact_online_contacts")
def redact_online(doc: Doc) -> Doc:
    text = doc.text
    if "@" in text:
        for match in EMAIL.finditer(text):
            add_candidate(doc, match.start(), match.end(), "email")
        for match in HANDLE.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    if "." in text:
        for match in URL.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in URL_TRAILING:
                end -= 1  # the full stop after "see example.org." ends the sentence, not the URL
            add_candidate(doc, match.start(), end, "url")
    for match in CUED_HANDLE.finditer(text):
        add_candidate(doc, match.start("handle"), match.end("handle"), "handle")
    if "_" in text:
        for match in UNDERSCORED.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    return doc


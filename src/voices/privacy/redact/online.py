"""Emails, web addresses and social media handles."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import CUED_HANDLE, EMAIL, HANDLE, HANDLE_HINTS, UNDERSCORED, URL, URL_HINT, URL_SUFFIXES, URL_TRAILING
from .spans import add_candidate, text_of


@Language.component("redact_online_contacts")
def redact_online(doc: Doc) -> Doc:
    text = text_of(doc)
    if "@" in text:
        for match in EMAIL.finditer(text):
            add_candidate(doc, match.start(), match.end(), "email")
        for match in HANDLE.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    if URL_HINT.search(text):
        for match in URL.finditer(text):
            host = match.group("host")
            if host is not None and not host.lower().endswith(URL_SUFFIXES):
                continue  # "a.m." or "e.g" are not web addresses
            end = match.end()
            while end > match.start() and text[end - 1] in URL_TRAILING:
                end -= 1  # the full stop after "see example.org." ends the sentence, not the URL
            add_candidate(doc, match.start(), end, "url")
    lower = text.lower()
    if any(hint in lower for hint in HANDLE_HINTS):
        for match in CUED_HANDLE.finditer(text):
            add_candidate(doc, match.start("handle"), match.end("handle"), "handle")
    if "_" in text:
        for match in UNDERSCORED.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    return doc


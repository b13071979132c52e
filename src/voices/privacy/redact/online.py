"""Emails (also spelt out: "jo dot smith at example dot com"), web addresses, social media handles
and IP addresses."""

from __future__ import annotations

import ipaddress
import re

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import (
    CUED_HANDLE,
    DISCORD_TAG,
    EMAIL,
    HALF_SPELT_EMAIL,
    HANDLE,
    HANDLE_HINTS,
    IPV4,
    IPV6,
    SPELT_EMAIL,
    UNDERSCORED,
    URL,
    URL_HINT,
    URL_SUFFIXES,
    URL_TRAILING,
)  # fmt: skip
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
            if host is not None and not host.lower().endswith(URL_SUFFIXES) and not _has_path(match):
                continue  # "a.m." or "e.g" are not web addresses; "linktr.ee/ruthsrun" is
            end = match.end()
            while end > match.start() and text[end - 1] in URL_TRAILING:
                end -= 1  # the full stop after "see example.org." ends the sentence, not the URL
            add_candidate(doc, match.start(), end, "url")
    lower = text.lower()
    if any(hint in lower for hint in HANDLE_HINTS):
        for match in CUED_HANDLE.finditer(text):
            add_candidate(doc, match.start("handle"), match.end("handle"), "handle")
    if "#" in text:
        for match in DISCORD_TAG.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    if "_" in text:
        for match in UNDERSCORED.finditer(text):
            add_candidate(doc, match.start(), match.end(), "handle")
    if "at" in lower:
        for match in HALF_SPELT_EMAIL.finditer(text):
            add_candidate(doc, match.start(), match.end(), "email")
    if " dot " in lower or "[dot]" in lower or "(dot)" in lower:
        for match in SPELT_EMAIL.finditer(text):
            add_candidate(doc, match.start(), match.end(), "email")
    _find_ip_addresses(doc, text)
    return doc


def _has_path(match: re.Match[str]) -> bool:
    """A host with an alphabetic ending and a path after it: "linktr.ee/name", not "1.5/10"."""
    path, host = match.group("path"), match.group("host")
    return bool(path) and len(path) > 2 and host.rsplit(".", 1)[-1].isalpha() and len(host.rsplit(".", 1)[-1]) >= 2


def _find_ip_addresses(doc: Doc, text: str) -> None:
    """Dotted quads and IPv6 addresses that parse as such: "10.30.45" or "12:30" do not."""
    pattern_hints = ((IPV4, "."), (IPV6, ":"))
    for pattern, hint in pattern_hints:
        if hint not in text:
            continue
        for match in pattern.finditer(text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            add_candidate(doc, match.start(), match.end(), "ip address")

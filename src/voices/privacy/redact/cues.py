"""The context words around names (nlp_models/redaction/name_cues.json), validated by type."""

from __future__ import annotations

from pathlib import Path

import msgspec


class NameCues(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    titles: frozenset[str]  # any case: "Mrs Jones", "officer smith"
    titles_exact_case: frozenset[str]  # only as written: "PC Jones" but not "my pc"
    honorifics: frozenset[str]  # never anything but titles: "mrs green" is a person, "officer said" is not
    naming: frozenset[str]  # "called", "named"
    name_nouns: frozenset[str]  # "my name is …"
    roles: frozenset[str]  # "my ISVA …", "her counsellor …"
    followers: frozenset[str]  # words after a sentence-initial name: "Will was …"
    not_name_heads: frozenset[str]  # "Hope House", "Grace Church": organisations, not people
    not_names: frozenset[str]  # months, weekdays, acronyms of services
    not_after: frozenset[str]  # "St Mary's" is a church or a school, not a person
    particles: frozenset[str]  # small words inside names: "Rhys ap Gwilym", "Siobhán Ní Bhriain"
    gatherings: frozenset[str]  # "June from the church group": where the people someone names are from

    @property
    def every_title(self) -> frozenset[str]:
        """Titles in lower case, whatever case they must be written in."""
        return self.titles | {title.lower() for title in self.titles_exact_case}


def load_cues(path: str | Path) -> NameCues:
    return msgspec.json.decode(Path(path).read_bytes(), type=NameCues)

"""Small identifying places: a gazetteer of the deployment's villages, towns, estates, schools and
workplaces; any capitalised name ending in "Primary School", "Academy", "Surgery" and the like;
venues and workplaces by the word that ends their name ("Fernhill Leisure Centre", "Red Lion Inn",
"Kestrel Packaging Ltd", "Brook Ward"); and villages by the shape of English village names ("Much
Marcle", "Upper Wyecombe", "Stoke on Wyeburn", "Ashby Green"), which no list can hold in full."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .data_files import read_list
from .lexicon import NameLexicon, lexicon_for
from .place_shape import has_place_ending
from .spans import add_candidate, is_protected, text_of

_INSTITUTION = re.compile(
    r"(?<![\w'’])(?P<name>(?:[A-Z][A-Za-z'’]++\.?\s+){1,4})"
    r"(?:(?:C of E |CE |Church of England |Junior |Infant |Primary |High |Secondary |Community )?"
    r"(?:School|Academy)|Primary|College|Sixth Form|Surgery|Medical Centre|Medical Practice|Health Centre"
    r"|Nursery)\b"
)
# Written in lower case ("millbrook academy", "hendricks bar", "longbridge social club"), a school or
# a venue is a place when the word before its head is no English word.
_LOWER_CASE_INSTITUTION = re.compile(
    r"(?<![\w'’])(?P<name>[a-z]{3,})\s+(?:primary school|primary|high school|school|academy|college"
    r"|social club|nightclub|club|bar|pub|cafe|café|takeaway|gym|salon|barbers|care home|nursing home"
    r"|leisure centre|hotel)\b"
)
# Pubs named for two things: "the Plough and Harrow", "the Crown and Anchor" (but not "the Police and
# Crime Commissioner", whose name goes on).
# A capitalised name before a venue word in lower case: "Oakleys nightclub", "Fairholme ward",
# "Northgate flats", "Bojangles snooker hall", "Doyle & Sons builders merchants". Five words at most:
# unbounded, a long run of capitalised words was read again from each of its words.
_LOWER_CASE_HEAD = re.compile(
    r"(?<![\w'’&-])(?P<name>[A-Z][\w'’&-]*+(?:\s+(?:[A-Z][\w'’-]*+|&|and)){0,4})\s+"
    r"(?:nightclub|club|bar|pub|cafe|café|snooker hall|church hall|village hall|hall|ward|flats|"
    r"builders merchants|merchants|garage|salon|barbers|takeaway|chippy|gym|rec|surgery|church|chapel|"
    r"supported housing|hostel|care home|nursery|juniors|youth club|social club|working men's club)\b"
)
# Saints' churches, schools and hospitals: "St Aidan's", "St Wilfrid's High", "Holy Trinity", "St Luke's".
_SAINTS = re.compile(
    r"(?<![\w'’])(?:St\.?|Saint)\s+[A-Z][a-z]+(?:['’]s)?(?:\s+(?:(?:RC|CE|C of E)\s+)?"
    r"(?:High|Primary|Juniors?|Infants|Academy|School|College|Hospital|Hospice|Church|Chapel|church hall|church))*"
    r"(?:\s+(?:and|&)\s+All\s+(?:Angels|Saints))?"  # "St Michael and All Angels"
    r"|(?<![\w'’])Holy\s+(?:Trinity|Cross|Family|Rood|Spirit|Name|Innocents)\b"
)
# Villages written with hyphens: "Pen-y-bryn", "Coed-y-Garth", "Ashby-de-la-Wold", "Stow-on-the-Wold".
_HYPHENATED_VILLAGE = re.compile(
    r"(?<![\w'’-])[A-Z][a-z]+(?:-(?:y|yr|r|le|la|de|du|en|in|on|upon|under|by|cum|the|sub|next|super)"
    r")+-[A-Za-z][a-z]+(?![\w'’-])"
)
# Estates are named in capitals with "estate" in lower case: "the Tollgate Meadows estate".
_LOWER_CASE_ESTATE = re.compile(r"(?<![\w'’])(?P<name>[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)?)\s+estate\b")
_NOT_PUB_WORDS = frozenset(
    "police council nhs magistrates county family social health probation samaritans education crime "
    "victims witnesses children families schools courts services".split()
)
_PAIRED_PUB = re.compile(r"\b[Tt]he (?P<name>[A-Z][a-z]+ (?:and|&) [A-Z][a-z]+)\b(?!\s+[A-Z])")
_WORD = re.compile(r"\S+")
_NAME_WORD = r"(?:[A-Z][\w'’&.-]*+|of|the|and|&|St\.?|de|la)"
# Heads that make whatever capitalised words precede them a particular venue or employer, even
# everyday words ("Red Lion Inn", "Royal Oak Arms").
_VENUE_HEADS = (
    "Inn|Arms|Tavern|Ltd|Limited|plc|PLC|LLP|Packaging|Logistics|Motors|Foods|Engineering|Leisure Centre"
    "|Sports Centre|Youth Hub|Youth Centre|Youth Club|Social Club|Working Men's Club|Hotel|Garage|Barracks"
    "|Retail Park|Industrial Estate|Business Park|Trading Estate|Care Home|Nursing Home|Children's Home|Children’s Home|Pharmacy|Chemist"
    "|Takeaway|Cafe|Café|Restaurant|Gurdwara|Mosque|Chapel|Temple|Factory|Warehouse|Works|Mill|Farm"
    "|FC|AFC|RFC|CC|JFC|Rovers|Wanderers|Athletic|Autos|Cash and Carry|Cubs|Scouts|Brownies|Guides"
    "|Juniors|Nightclub|Bakery|Bistro|Brasserie|Tandoori|Kebabs|Pizzeria|Barbers|Salon|Vets|Cottage|Farmhouse"
)
# Heads shared with generic services ("Maternity Ward", "Village Hall"): a venue only when a word
# of its name is not one of the generic ones below.
_SHARED_HEADS = (
    "Ward|Unit|Estate|Hall|Church|Centre|Center|Hub|Club|House|Lodge|Court|Gym|Library|Park"
    "|Cars|Taxis|Nails|Grill|Kitchen|Bar|Lounge|Diner|Barn"  # shops and firms: "A1 Cars", "Skate Barn"
)
_VENUE = re.compile(
    # "1st Ashcombe Scouts": a numbered troop or pack
    rf"(?<![\w'’&.-])(?P<name>(?:\d{{1,2}}(?:st|nd|rd|th)\s+)?[A-Z][\w'’&.-]*+(?:\s+{_NAME_WORD}){{0,3}})\s+"
    rf"(?P<head>{_VENUE_HEADS}|{_SHARED_HEADS})\b"
)
_SHARED = frozenset(_SHARED_HEADS.split("|"))
# "on Willow Ward", "at Rose Hall": a first name after these heads a place, not a person.
_PLACED_BEFORE = re.compile(r"\b(?:on|at|in|the)\s+$", re.IGNORECASE)
_GENERIC_VENUE_WORDS = frozenset(
    "maternity children's childrens kids accident emergency mental health psychiatric surgical medical "
    "acute day main general assessment admissions intensive care high dependency community village town "
    "parish city county youth sports leisure family the of and st st. sexual sexual-health crisis recovery "
    "rehab housing car "
    "job jobcentre council police fire hospital local new old national royal civic public crown magistrates "
    "family court county day drop-in support women's men's children young people's".split()
)
# Villages: "Much Marcle", "Upper Wyecombe", "Stoke on Wyeburn", "Ross-on-Wye", "Ashby Green". Three
# patterns, not one alternation, so "the Three Horseshoes in Brackley Marsh" finds both shapes.
_VILLAGE_PREFIXED = re.compile(
    r"(?<![\w'’-])(?:Much|Upper|Lower|Little|Great|Long|Nether|Over|Church|King's|Kings|Bishop's|Bishops"
    r"|Castle|Market|Steeple)\s+(?P<after>[A-Z][a-z'’]+)(?![\w'’])"
)
_VILLAGE_ON_RIVER = re.compile(
    r"(?<![\w'’-])(?P<before>[A-Z][a-z]{2,})(?:(?:\s+|-)(?:on|upon|under|by|cum)(?:\s+|-)|-in-)(?:the(?:\s+|-))?"
    r"(?P<river>[A-Z][a-z'’]+)(?![\w'’])"
)
_VILLAGE_SUFFIXED = re.compile(
    r"(?<![\w'’-])(?P<stem>[A-Z][a-z'’]+)\s+(?:Green|End|Heath|Common|Cross|Marsh|Moor|Bottom|Magna|Parva|Wood"
    r"|Bridge|Hill)(?![\w'’])"
)

# "Fairfield High": a school, when the word before "High" is no English word ("Sky High" is not).
_HIGH_SCHOOL = re.compile(
    r"(?<![\w'’])(?P<name>[A-Z][a-z'’]+)\s+High\b(?!\s+(?:Street|St|Road|Rd|Court|Town|Sheriff|Commission))"
)
# "Ward 22": a hospital ward by its number.
_NUMBERED_WARD = re.compile(r"\b[Ww]ard\s+\d{1,3}[A-Za-z]?\b")
# "along cinder lane", "on bath road": a street named without "the", "my" or "a" before it is a
# particular street, whatever the case it is written in.
_BARE_STREET = re.compile(
    r"\b(?:on|along|in|off|down|up|near|past|round|of)\s+(?P<name>(?:[a-z'’]+\s+){1,3}?)"
    r"(?:road|lane|street|avenue|close|drive|crescent|terrace|rd|st)\b"
)  # not "way": "in a big way", "on its way"
_NOT_STREET_NAMES = frozenset(
    "main high back side ring dual slip private country busy quiet same wrong long open bus cycle fast slow "
    "memory easy".split()
)
# "in fennicombe", "on roundhill": a lower-case word after a word of place, shaped like an English
# place name and in no dictionary.
_LOWER_CASE_CUED_PLACE = re.compile(r"\b(?:in|at|near|from|on|outside|around|round)\s+(?P<place>[a-z]{5,})\b")

# Pubs are named with everyday words capitalised after "the": "at the Plough", "behind the Fox", "at
# The Bell" (a capital "The" mid-sentence belongs to the name).
_PUB = re.compile(
    r"\b(?:at|outside|behind|inside|near|opposite|in|into|from|round)\s+(?P<the>[Tt]he)\s+(?P<pub>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\b(?![\w'’-])"
)
# What people capitalise after "the" that is a service, a body or a time, not a pub.
_NOT_PUB_NAMES = _NOT_PUB_WORDS | frozenset(
    "station hospital army navy government office home department service unit team centre center "
    "clinic surgery practice school college university academy church chapel mosque temple library "
    "jobcentre internet news press media survey strategy partnership programme project board panel "
    "trust charity helpline line hub commissioner crown judge jury state city town village area uk "
    "museum cinema theatre airport prison hostel refuge shelter club gym pool pub bar party festival "
    "market shops shop mall end time moment start beginning front back top bottom side day night "
    "weekend show fair match game games gig concert races awards "
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday christmas easter "
    # "in the North East", "in the Guardian": regions and papers, read after "in" and "from"
    "north south east west northern southern midlands district valley forest region highlands islands isles "
    "sun times guardian mail mirror telegraph independent observer express bible quran car park "
    "scouts guides brownies cubs lords commons room rooms waiting".split()
)

# A capitalised unknown word after these is most likely a place missing from the gazetteer.
# A venue named with everyday words and no head word, after a word of place: "at Golden Dragon",
# "from Royal Spice", "outside Olive & Vine".
_HEADLESS_VENUE = re.compile(
    r"\b(?:at|outside|behind|opposite|from)\s+(?P<venue>[A-Z][a-z'’]+(?:\s+(?:&\s+|and\s+)?[A-Z][a-z'’]+){1,2})\b(?![\w'’-])"
)
_NOT_VENUE_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday christmas easter eid diwali halloween bonfire year day night "
    "eve social services service first aid a&e team support help child children protection safeguarding unit "
    "ward department office centre center court police probation health care advice line helpline group "
    "street road lane avenue station hospital school college university council government".split()
)
_NATIONALITY = re.compile(r"(?:ese|ian|ish|ic|i)$")
_PLACE_CUE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|around|to)\s+$")
_CUED_PLACE = re.compile(r"\b(?:in|at|near|from|outside|around) (?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)*)")


# Strings every match of a pattern holds: a text without any of them cannot match, and looking for
# them costs far less than the scan (a third of this component's time on sixty-word comments).
_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    _SAINTS: ("St", "Saint", "Holy"),
    _HYPHENATED_VILLAGE: ("-",),
    _LOWER_CASE_ESTATE: ("estate",),
    _HIGH_SCHOOL: ("High",),
    _NUMBERED_WARD: ("ard",),
    _VILLAGE_PREFIXED: (
        "Much", "Upper", "Lower", "Little", "Great", "Long", "Nether", "Over", "Church", "King", "Bishop",
        "Castle", "Market", "Steeple",
    ),
    _VILLAGE_SUFFIXED: (
        "Green", "End", "Heath", "Common", "Cross", "Marsh", "Moor", "Bottom", "Magna", "Parva", "Wood",
        "Bridge", "Hill",
    ),
}


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when the text holds none of the pattern's ``_NEEDLES``."""
    needles = _NEEDLES.get(pattern)
    if needles is not None and not any(needle in text for needle in needles):
        return iter(())
    return pattern.finditer(text)


class PlaceRedactor:
    def __init__(self, nlp: Language, places: list[str], lexicon: NameLexicon) -> None:
        self.lexicon = lexicon
        common_words = lexicon.common_words
        # Match in any case, except one-word places that are also everyday words ("Eye",
        # "Wellington"): those count only when written with a capital.
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        for place in places:
            pattern = nlp.make_doc(place)
            if len(pattern) == 1 and place.lower() in common_words:
                self.exact_case.add("place", [pattern])
            else:
                self.any_case.add("place", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        for matcher in (self.any_case, self.exact_case):
            for _, start, end in matcher(doc):
                span = doc[start:end]
                if not is_protected(doc, span.start_char, span.end_char):
                    add_candidate(doc, span.start_char, span.end_char, "place")
        text = text_of(doc)
        self._find_cued_places(doc, text)
        self._find_venues(doc, text)
        self._find_villages(doc, text)
        self._find_paired_pubs(doc, text)
        self._find_lower_case_heads(doc, text)
        self._find_shapes_of_places(doc, text)
        self._find_pubs(doc, text)
        self._find_headless_venues(doc, text)
        for pattern in (_SAINTS, _HYPHENATED_VILLAGE):
            for match in _matches(pattern, text):
                # "St Mary's" alone is one of a hundred churches, schools and hospitals, but the reader
                # knows which one the writer goes to: it goes too, unless it names a service.
                if not is_protected(doc, *match.span()):
                    add_candidate(doc, match.start(), match.end(), "place")
        for match in _matches(_LOWER_CASE_ESTATE, text):
            first = match.group("name").split()[0].lower()
            if first not in STOP_WORDS and first not in _GENERIC_VENUE_WORDS and not is_protected(doc, *match.span()):
                add_candidate(doc, match.start(), match.end(), "place")
        for match in _LOWER_CASE_INSTITUTION.finditer(text):
            if match.group("name") not in self.lexicon.vocabulary and not is_protected(doc, *match.span()):
                add_candidate(doc, match.start(), match.end(), "place")
        for match in _INSTITUTION.finditer(text):
            # Skip "The", "At", "My" (a capital from the sentence) and "GP", "NHS" (a kind of
            # service) at the front: only a name makes it a particular place.
            for word in _WORD.finditer(match.group("name")):
                if word.group().lower() not in STOP_WORDS and not word.group().isupper():
                    start = match.start() + word.start()
                    if not is_protected(doc, start, match.end()):
                        add_candidate(doc, start, match.end(), "place")
                    break
        return doc

    def _find_venues(self, doc: Doc, text: str) -> None:
        for match in _VENUE.finditer(text):
            words = match.group("name").split()
            while words and words[0].lower() in STOP_WORDS:
                words.pop(0)  # "The", "At": a capital from the sentence, not the venue's name
            if len(words) > 2 and words[1] == "the" and words[0].lower() in self.lexicon.common_words:
                words = words[2:]  # "Honestly the Job Centre": the sentence's first word, then the venue
            if not words:
                continue
            lowers = [w.lower() for w in words]
            placed = _PLACED_BEFORE.search(text, max(0, match.start() - 4), match.start()) is not None
            if match.group("head") in _SHARED and (
                all(w in _GENERIC_VENUE_WORDS for w in lowers)
                or (all(w in self.lexicon.first_names for w in lowers) and not placed)
            ):
                continue  # "Maternity Ward", "Village Hall": a kind of place; "Callum Ward": a person
            start = match.start("name") + match.group("name").index(words[0])
            # "Wales and the Crown Court": the head belongs to a service's name, so this is no venue
            if not is_protected(doc, start, match.end()) and not is_protected(doc, *match.span("head")):
                add_candidate(doc, start, match.end(), "place")

    def _find_lower_case_heads(self, doc: Doc, text: str) -> None:
        lex = self.lexicon
        for match in _LOWER_CASE_HEAD.finditer(text):
            words = [w for w in match.group("name").split() if w not in {"&", "and"}]
            while words and (words[0].lower() in STOP_WORDS or (words[0].isupper() and len(words[0]) <= 5)):
                words.pop(0)  # "The pub", "A club": a capital from the sentence; "GP surgery": a kind
            if not words:
                continue
            lowers = [w.lower() for w in words]
            possessive = words[-1].endswith(("'s", "’s"))  # "Sandy's cafe": someone's business
            if not possessive and all(
                w in lex.common_words or w in _GENERIC_VENUE_WORDS or w in lex.well_known_proper for w in lowers
            ):
                continue  # "Tuesday club", "Family hall", "London bar": nothing that singles one out
            if len(words) == 1 and lowers[0] in lex.first_names:
                continue  # "told Sarah club…": a person beside a venue word, not its name
            start = match.start("name") + match.group("name").index(words[0])
            if not is_protected(doc, start, match.end()):
                add_candidate(doc, start, match.end(), "place")

    def _find_shapes_of_places(self, doc: Doc, text: str) -> None:
        lex = self.lexicon
        found: list[tuple[int, int]] = []
        for match in _matches(_HIGH_SCHOOL, text):
            name = match.group("name").lower()
            if name not in lex.vocabulary and name not in STOP_WORDS:
                found.append(match.span())
        found += [match.span() for match in _matches(_NUMBERED_WARD, text)]
        for match in _BARE_STREET.finditer(text):
            words = match.group("name").split()
            if words[0] not in STOP_WORDS and words[0] not in _NOT_STREET_NAMES and not words[0].isdigit():
                found.append((match.start("name"), match.end()))
        for match in _LOWER_CASE_CUED_PLACE.finditer(text):
            place = match.group("place")
            if place not in lex.vocabulary and place not in lex.first_names and has_place_ending(place):
                found.append(match.span("place"))
        for start, end in found:
            if not is_protected(doc, start, end):
                add_candidate(doc, start, end, "place")

    def _find_pubs(self, doc: Doc, text: str) -> None:
        lex = self.lexicon
        for match in _PUB.finditer(text):
            lowers = match.group("pub").lower().split()
            if any(w in _NOT_PUB_NAMES or w in _GENERIC_VENUE_WORDS for w in lowers):
                continue
            if all(w in lex.well_known_proper and w not in lex.common_words for w in lowers):
                continue  # "the Midlands", "the Netherlands": regions, not pubs
            if _NATIONALITY.search(lowers[-1]) and lowers[-1] in lex.well_known_proper:
                continue  # "from the Chinese community", "the Ghanaian women's network"
            start = match.start("the") if match.group("the") == "The" else match.start("pub")
            if not is_protected(doc, start, match.end()):
                add_candidate(doc, start, match.end(), "place")

    def _find_paired_pubs(self, doc: Doc, text: str) -> None:
        for match in _PAIRED_PUB.finditer(text):
            words = match.group("name").lower().split()
            if words[0] in _NOT_PUB_WORDS or words[-1] in _NOT_PUB_WORDS:
                continue  # "the Police and Council", "the Crown and Magistrates courts"
            if not is_protected(doc, *match.span("name")):
                add_candidate(doc, *match.span("name"), "place")

    def _find_villages(self, doc: Doc, text: str) -> None:
        lex = self.lexicon
        for pattern in (_VILLAGE_PREFIXED, _VILLAGE_ON_RIVER, _VILLAGE_SUFFIXED):
            for match in _matches(pattern, text):
                groups = match.groupdict()
                distinctive = (
                    groups.get("after") or groups.get("before") or groups.get("stem") or ""
                ).lower()
                if distinctive in lex.prominent_proper or distinctive in STOP_WORDS:
                    continue  # "Great Britain", "North Wales": large and well known
                cued = _PLACE_CUE_BEFORE.search(text, max(0, match.start() - 8), match.start()) is not None
                everyday = distinctive in lex.common_words and not (
                    pattern is _VILLAGE_SUFFIXED and cued and distinctive not in _GENERIC_VENUE_WORDS
                )  # "a party in Kettle Green", but "the Village Green"
                if pattern is not _VILLAGE_PREFIXED and (everyday or distinctive in lex.first_names):
                    continue  # "Village Green", "Sarah on Monday", "Went on Friday"
                if groups.get("river") and groups["river"].lower() in lex.common_words:
                    continue  # "Harry on Facebook"
                if not is_protected(doc, match.start(), match.end()):
                    add_candidate(doc, match.start(), match.end(), "place")

    def _find_headless_venues(self, doc: Doc, text: str) -> None:
        lex = self.lexicon
        for match in _HEADLESS_VENUE.finditer(text):
            joined = {"&", "and"} & set(match.group("venue").split())
            words = [w.lower() for w in match.group("venue").split() if w not in {"&", "and"}]
            if (
                # "Olive & Vine" is one name; "Paisley and Eilidh" a town and a person
                (joined and not all(w in lex.common_words for w in words))
                # "at Sarah Jones's": a person, for the name rules
                or any(w in lex.first_names and w not in lex.common_words for w in words)
                # "from Social Services", "at Christmas Day": a service or a time, not a venue
                or any(w in STOP_WORDS or w in _NOT_VENUE_WORDS for w in words)
                or all(w in _GENERIC_VENUE_WORDS or (w in lex.well_known_proper and w not in lex.common_words) for w in words)
                or is_protected(doc, *match.span("venue"))
            ):
                continue
            add_candidate(doc, *match.span("venue"), "place")

    def _find_cued_places(self, doc: Doc, text: str) -> None:
        """ "in Garway", "near Michaelchurch Escley": capitalised words that are neither everyday
        words nor first names, after a word of place."""
        for match in _CUED_PLACE.finditer(text):
            words = match.group("place").split()
            first = words[0].lower()
            if first in self.lexicon.first_names:
                continue  # "a text from Sarah" is a person
            kept = 0
            for word in words:
                if word.lower() in self.lexicon.common_words or word.lower() in STOP_WORDS:
                    break
                kept += 1
            if not kept:
                continue
            # Small places are rare words: "in Garway" is one, "in Spain" is not.
            if all(word.lower() in self.lexicon.well_known_proper for word in words[:kept]):
                continue
            start = match.start("place")
            end = start + len(" ".join(words[:kept]))
            if not is_protected(doc, start, end):
                add_candidate(doc, start, end, "place")


@Language.factory(
    "redact_places",
    default_config={
        "places_file": "",
        "locales": ["en_GB"],
        "lower_case_locales": ["en_GB"],
        "extra_first_names_file": "",
    },
)
def make_place_redactor(
    nlp: Language,
    name: str,
    places_file: str,
    locales: list[str],
    lower_case_locales: list[str],
    extra_first_names_file: str,
) -> PlaceRedactor:
    places = read_list(places_file) if places_file else []
    return PlaceRedactor(nlp, places, lexicon_for(locales, lower_case_locales, extra_first_names_file))

"""Comments written from templates, with the names and places no list here holds.

The compact entity model learns from windows of real writing (`corpus.py`) and from these: a
resident or survivor talking about staff, family, neighbours, streets, villages and venues, with
names drawn from many of Faker's locales (and transliterated names Faker lacks), invented villages
("Much Kettlethorpe", "Brinwood-on-Lugg"), streets and venues, in lower case, in capitals, with
typos and run-on text, as people type. The templates are our own words. Every draw comes from one
seeded generator, so a build is repeatable.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator

from faker import Faker

# Locales whose names residents of an English county may have; those Faker lacks are skipped.
LOCALES = [
    "en_GB", "en_US", "en_IE", "ga_IE", "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH",
    "sw", "zu_ZA", "en_KE", "pl_PL", "hu_HU", "fi_FI", "tr_TR", "es_ES", "es_MX", "pt_BR", "pt_PT",
    "de_DE", "fr_FR", "cs_CZ", "sk_SK", "ro_RO", "lt_LT", "lv_LV", "et_EE", "hr_HR", "sl_SI", "vi_VN",
    "id_ID", "it_IT", "nl_NL", "sv_SE", "da_DK", "no_NO", "fil_PH", "zh_CN", "ja_JP",
]  # fmt: skip

EXTRA_FIRST = """Hodan Abdirahman Warsame Amina Ayaan Nasra Fadumo Idil Khadra Ubah Yasmin Zainab Farhan
Bilal Tariq Imran Nusrat Shabana Rukhsana Shazia Tahmina Rubina Sultana Arif Kamran Faisal Zubair
Rahim Karim Jamal Samira Layla Noor Hiba Rania Dalia Omar Khalid Yousef Hamza Idris Soran Rebaz
Shilan Avan Dilan Parisa Shirin Mehdi Reza Dariush Kavitha Priya Lakshmi Senthil Arjun Meena Tesfaye
Selam Yonas Abeba Helen Mulu Sahar Wahida Ahmad Zahra Mustafa Halima Asma Nadia Rashid Saira Humaira""".split()
EXTRA_LAST = """Farah Warsame Hassan Abdi Osman Jama Egal Chowdhury Begum Rahman Hussain Karim Uddin
Akhtar Malik Qureshi Siddiqui Mirza Baig Sheikh Rashid Haddad Khoury Mansour Barzani Ahmadi Karimi
Hosseini Rostami Subramaniam Krishnan Pillai Selvam Tesfaye Gebremedhin Haile Popalzai Durrani""".split()


PRE = """Ash Bram Cold Dun Elm Fern Glen Hather Ickle Kettle Lang Marl Nether Oak Pen Quen Rother Stan
Thorn Up Wig Yarn Brack Crow Dray Fox Gor Hart Kin Lyd Mor Nor Ock Pud Red Sal Tad Wal Wick Brin Car
Dal Eg Fen Gil Hol Ken Lan Mid Ort Pol Rid Sker Tre Wyn Bel Dew Abber Bix Cud Drim Ebb Frog Gwen Hob
Ilm Jor Kelm Lox Mab Nant Ogle Pym Rams Sib Tolp Uff Vern Whit Yel Zenn Stoke Kemp Breck Craw Dilw""".split()
SUF = """thorpe by ham ton wick ley field bury combe den stow worth ford well ington stead hurst more cote
bridge minster wardine sey hope low ing dale wood holme cliffe garth leigh mouth wych port ness""".split()
RIVERS = "Wye Lugg Arrow Frome Teme Severn Leadon Monnow Dore Usk Trent Ouse".split()
STREET_WORDS = """Oak Birch Rowan Hawthorn Meadow Mill Church Station Chapel Victoria Albert Queens Kings Orchard
Willow Beech Cherry Holly Laburnum Mayfield Park School Castle Bridge Brook Green Hill Manor Abbey Priory
Sycamore Chestnut Poplar Ash Larch Elm Primrose Bluebell Foxglove Heather Kestrel Swallow Linnet""".split()
STREET_TYPES = "Road Lane Close Street Avenue Drive Crescent Way Grove Terrace Gardens Walk Place Rise Mews View Court".split()
VENUE_TYPES = """Leisure Centre|Community Centre|Primary School|High School|Academy|Medical Practice|Surgery|Health Centre|
Library|Food Bank|Family Hub|Sports Club|Village Hall|Youth Club|Retail Park|Social Club|Cricket Club|Football Club|
Baptist Church|Methodist Chapel|Children's Centre|Day Centre|Care Home|Nursing Home|Hospital|Community Hospital|
Recovery Café|Boxing Club|Swimming Pool|Allotments|Job Centre|Children's Home|Hostel|Business Park|Industrial Estate""".replace("\n", "").split("|")
PUB_ANIMALS = "Red Lion|Black Swan|White Hart|Green Dragon|Golden Cross|Royal Oak|Plough|Bell|Crown|Kings Head|Nags Head|Feathers|Falcon|Talbot|Bay Horse|Three Tuns".split("|")
SAINTS = "Mary Michael Peter Paul Andrew David Anne Catherine Thomas Martin Bartholomew Dubricius Ethelbert Clement Giles Nicholas".split()
ORG_TYPES = "Housing|Housing Association|Women's Aid|Homes|Community Trust|Citizens Advice|Mind|Carers|Recovery|Advocacy|Law|Solicitors|Builders|Motors|Taxis|Cleaning|Lettings|Estates".split("|")
BRANDS = "Tesco Asda Aldi Lidl Morrisons Sainsbury's Boots Greggs Primark Costa Amazon Facebook Snapchat WhatsApp Instagram TikTok Vodafone Barclays Lloyds Nationwide Argos Iceland Wetherspoons Deliveroo Uber".split()



ROLES = """worker|support worker|key worker|counsellor|ISVA|IDVA|social worker|housing officer|nurse|GP|therapist|
advocate|caseworker|officer|detective|health visitor|midwife|mentor|youth worker|outreach worker|link worker|
care coordinator|solicitor|interpreter|volunteer|manager|doctor|psychiatrist|teacher|pastor|imam|vicar""".replace("\n", "").split("|")
KIN = """mum|dad|sister|brother|aunt|auntie|uncle|nan|nana|grandad|cousin|neighbour|friend|partner|ex|son|daughter|
husband|wife|boyfriend|girlfriend|best mate|mate|flatmate|landlord|stepdad|stepmum|niece|nephew|colleague|boss|
ex partner|ex husband|sister in law|godmother|carer|babysitter|childminder""".replace("\n", "").split("|")
TITLES = "Mr|Mrs|Ms|Miss|Dr|PC|DC|DS|Sgt|Cllr|Nurse|Sister|Father|Revd|Prof".split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
NATS = "Polish Romanian Lithuanian Nigerian Somali Irish Scottish Welsh English British Kurdish Afghan Eritrean Syrian Pakistani Indian Bangladeshi Portuguese Hungarian Turkish Chinese Vietnamese Ukrainian Muslim Sikh Hindu Catholic Jewish".split()
LANGS = "Polish Romanian Arabic Urdu Punjabi Somali Tigrinya Kurdish Farsi Pashto Portuguese Turkish Bengali Welsh English Ukrainian Lithuanian".split()
FESTIVALS = "Christmas|Easter|Ramadan|Eid|Diwali|Bonfire Night|New Year|Boxing Day|half term|the summer holidays".split("|")
SERVICES = """the refuge|the helpline|the police|the SARC|the hospital|A&E|the council|housing|the GP|Rape Crisis|
Women's Aid|Victim Support|the food bank|the crisis team|the IDVA service|the courts|CPS|the jobcentre|social services|
the school|the drop in|the housing team|Universal Credit|the DWP|the NHS|111|the ambulance""".replace("\n", "").split("|")

TEMPLATES = """my neighbour {F} from {V} has been a massive help since it happened
{F} at {P} let me use the side door so I didn't have to walk past him
I stayed with my {K} {F} in {V} for a few weeks after I left
{N} was my {R} and she rang me every {D} without fail
the flat on {S} was cold and damp and nobody from {O} came out
my {R} {F} sorted the forms for me, I couldn't have done it alone
{T} took my statement at {V} station and never called me back
we moved to {V} because my {K} {F} lives there
{F} {L} from {O} was brilliant with the kids
he used to wait for me outside {P} every night
I met {F} at the group in {V} and we still talk most days
my ex {N} still lives near {S} and I see him at {P}
thank you to {F} and {F2} at {O}, you kept me going
{F} my {R} was amazing
ask for {F} at {P}, she knows everything
I was placed in a hostel in {V} miles from my family in {V2}
the {R} at {P} was called {F} I think, really kind
my {K} {F} {L} helped me pack when he was at work
{T} was rude and didn't believe me
I go to {P} on {D}s, {F} runs it
my son goes to {P} and the teachers there have been fab
it happened at a party in {V} at my {K}'s house
{F} from the {R} team came round on {D} with {F2}
I want to say thanks to {F} who never judged me
{N}, {N2} and {F3} were all lovely at {P}
we had to leave {V} in the middle of the night
i live at {S} {V} with my {K}
my name is {F} and i live in {V}
I'm {F}, I was referred by {T} at {P}
my worker {F} and my {K} {F2} came to court with me
the man who did it is {N} and he lives in {V}
he works at {P} so I can't go there anymore
I told {F} at work and she helped me ring {SV}
{F}'s mum drove me to {P} that night
my {K}'s friend {F} was there too
the staff at {P} in {V} were great especially {F}
{T} from {V} police was really understanding
I had to wait three months for {SV} then {F} called
since moving to {S} things have been better
{F} and me used to go to {P} every {D}
it was my {K} {F} who found me
she lives on {S} just round the corner from {P}
the {NAT} lady at {P} translated for me in {LANG}
I speak {LANG} and {F} from {O} found me an interpreter
my {R} {F} {L} at {O} left and nobody told me
the support group at {P} on {D} evenings is what saved me
{F} is my {K}, she's the only one I told
we were in {V} for {FEST} when it happened
I couldn't get to {P} because there's no bus from {V}
the {R}, {F}, said I should ring {SV}
he was a {NAT} man called {F}
my daughter {F} is at {P} and is doing well
dear {F}, thank you for everything
{F} and {F2} from {O} in {V} helped with the move
after {FEST} I moved in with {F} in {V}
the counsellor at {P} ({F}) was lovely
{N} - {R} at {O} - went above and beyond
I reported it at {V} station in {M}
met him at {P} in {M}, his name was {F} {L}
{F} {L}, {R}, {V}
my {K} lives at {S} in {V}
please pass on my thanks to {T} and {F}
{F} at {O} said they'd call on {D} but never did
{V} is a small place and everyone knows {F}
I don't want {F} to know I filled this in
my {K} works at {P} with {F} {L}
{F} from {V} {VT} was always on time
the waiting room at {P} was full and {F} still made time for me
{O} moved me to {S} in {V} which is near his family
i saw {F} at {P} last {D} and had a panic attack
it was {F}'s idea to come here
the detective on my case was {T}, still waiting to hear
went to the walk in at {P}, a nurse called {F} was so kind
I take my kids to {P} in {V} on {D}s
my {K} {F} and her husband {F2} took us in
{F} {L} is the name of the man
we lived at {S} until {M}
please don't share this with {O} or {F}
{F} from {NAT} community group helped me fill in the forms
{F} and {F2} at the {V} office
I heard about it through {F} at {P}
{P} was the only place that felt safe
the {R} ({N}) came to {P} to see me
I went back to {V} to see my {K} {F}
{T}, {T2} and {F} all knew and did nothing
we meet at {P} near {S}
she's called {F} and she's from {V}
my {R} is {F}
I'd like to thank {N}
{F} has left {O} now, which is a shame
I was living in {V} at the time, on {S}
the {R} from {O}, {F}, visited every week
he goes to {P} every {D} so I avoid it
the best person was {F}
when I rang {SV} a woman called {F} answered
{F}, {F2}, {F3} and {F4} at {P} were all fab
the {NAT} shop on {S} is where I first met {F}""".splitlines()

# Sentences without names: capitalised days, festivals, services, nationalities, brands.
PLAIN = """I rang on {D} and again on {D2} but nobody answered
it took until {M} to get an appointment
over {FEST} the helpline was closed
I'm {NAT} and the staff didn't understand my culture
they got me a {LANG} interpreter which helped a lot
{SV} were slow but {SV2} were better
I had to take three buses to get to the appointment on {D}
we shop at {B} because it's the only place that's open late
he messaged me on {B} for months
the court date was moved twice, once in {M} and again in {M2}
I found out about the service through a leaflet at {B}
the {NAT} community here is small so people talk
{SV} were brilliant and I felt listened to
nobody from {SV} called back for six weeks
waiting times are too long, I waited from {M} to {M2}""".splitlines()

OPENERS = ["", "", "", "", "Honestly ", "To be honest ", "Overall ", "Just to say ", "Well ", "So ", "Also ", "And "]
ENDINGS = ["", "", "", ".", ".", ".", "!", "!!", " x", " :)", " thanks", "...", " - {F}", " from {F}"]


class CommentWriter:
    """Writes invented comments; the same seed writes the same comments."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for locale in LOCALES:
            try:
                faker = Faker(locale)
            except AttributeError:  # a locale this Faker does not have
                continue
            faker.seed_instance(self.rng.randrange(10**9))
            self.fakers[locale] = faker

    def comments(self, count: int) -> Iterator[str]:
        """`count` different comments."""
        seen: set[str] = set()
        while len(seen) < count:
            text = self.comment()
            if text not in seen:
                seen.add(text)
                yield text

    def comment(self) -> str:
        rng = self.rng
        parts = [self._sentence() for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 30, 17, 8])[0])]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice([". ", ". ", ", ", " and ", " ", "! ", " - ", ".. ", "\n"]) + part
        text = rng.choice(OPENERS) + text + self._fill(rng.choice(ENDINGS))
        return self._as_typed(text.strip())

    def person(self) -> tuple[str, str]:
        rng = self.rng
        for _ in range(10):
            if rng.random() < 0.12:
                first, last = rng.choice(EXTRA_FIRST), rng.choice(EXTRA_LAST + EXTRA_FIRST)
            else:
                first, last = self._faker_person(rng.choice(list(self.fakers)))
            first, last = first.strip(), last.strip()
            if first and last and _latin(first + last):
                if rng.random() < 0.3:  # people often type without accents
                    first, last = _without_accents(first), _without_accents(last)
                return first, last
        return "Sam", "Taylor"

    def _faker_person(self, locale: str) -> tuple[str, str]:
        faker = self.fakers[locale]
        if locale in ("zh_CN", "ja_JP"):
            return faker.first_romanized_name(), faker.last_romanized_name()
        if locale == "vi_VN":  # family name first
            parts = faker.name().split()
            return parts[-1], parts[0]
        return faker.first_name(), faker.last_name()

    def village(self) -> str:
        rng = self.rng
        base = rng.choice(PRE) + rng.choice(SUF)
        draw = rng.random()
        if draw < 0.12:
            return f"{rng.choice(['Great', 'Little', 'Upper', 'Lower', 'Nether', 'Much', 'Long', 'Kings'])} {base}"
        if draw < 0.18:
            return f"{base}-on-{rng.choice(RIVERS)}"
        if draw < 0.22:
            return f"{base} on {rng.choice(RIVERS)}"
        if draw < 0.27:
            return f"{base} {rng.choice(['Green', 'Cross', 'Heath', 'End', 'Common', 'Marsh'])}"
        return base

    def street(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            word = rng.choice(STREET_WORDS)
        else:
            word = self.village() if rng.random() < 0.5 else self.person()[1]
        name = f"{word} {rng.choice(STREET_TYPES)}"
        return f"{rng.randint(1, 140)} {name}" if rng.random() < 0.3 else name

    def venue(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.55:
            return f"{self.village()} {rng.choice(VENUE_TYPES)}"
        if draw < 0.68:
            return f"the {rng.choice(PUB_ANIMALS)}"
        if draw < 0.78:
            return f"St {rng.choice(SAINTS)}'s {rng.choice(['Church', 'School', 'Primary', 'Hospice', 'Hall'])}"
        if draw < 0.88:
            return f"{self.person()[1]} {rng.choice(['House', 'Court', 'Lodge', 'Ward', 'Unit', 'Centre'])}"
        return f"{rng.choice(STREET_WORDS)} {rng.choice(['Farm', 'Mill', 'Barn', 'Lodge', 'Park', 'Quarry', 'Works'])}"

    def organisation(self) -> str:
        rng = self.rng
        draw = rng.random()
        if draw < 0.45:
            return f"{self.village()} {rng.choice(ORG_TYPES)}"
        if draw < 0.65:
            if rng.random() < 0.5:
                return f"{self.person()[1]} & {self.person()[1]}"
            return f"{self.person()[1]} {rng.choice(ORG_TYPES)}"
        return rng.choice(BRANDS)

    def _sentence(self) -> str:
        rng = self.rng
        text = self._fill(rng.choice(TEMPLATES) if rng.random() < 0.88 else rng.choice(PLAIN))
        return text[0].upper() + text[1:] if rng.random() < 0.5 else text

    def _fill(self, template: str) -> str:
        rng = self.rng
        first, last = self.person()
        slots = {"F": first, "L": last, "N": f"{first} {last}"}
        for i in (2, 3, 4):
            other_first, other_last = self.person()
            slots |= {f"F{i}": other_first, f"L{i}": other_last, f"N{i}": f"{other_first} {other_last}"}
        slots["T"] = f"{rng.choice(TITLES)} {self.person()[1]}"
        slots["T2"] = f"{rng.choice(TITLES)} {self.person()[1] if rng.random() < 0.7 else self.person()[0]}"
        slots |= {"V": self.village(), "V2": self.village(), "S": self.street(), "P": self.venue()}
        slots |= {"O": self.organisation(), "VT": rng.choice(VENUE_TYPES), "R": rng.choice(ROLES), "K": rng.choice(KIN)}
        slots |= {"D": rng.choice(DAYS), "D2": rng.choice(DAYS), "M": rng.choice(MONTHS), "M2": rng.choice(MONTHS)}
        slots |= {"NAT": rng.choice(NATS), "LANG": rng.choice(LANGS), "FEST": rng.choice(FESTIVALS)}
        slots |= {"SV": rng.choice(SERVICES), "SV2": rng.choice(SERVICES), "B": rng.choice(BRANDS)}
        if rng.random() < 0.25:  # a first name alone
            slots["N"] = first
        for key in sorted(slots, key=len, reverse=True):  # {N2} before {N}
            template = template.replace("{" + key + "}", slots[key])
        return template

    def _as_typed(self, text: str) -> str:
        """Lower case, capitals (read recased in production), capitals on every word, typos, no punctuation."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.15:
            text = text.lower()
        elif draw < 0.18:
            text = text.upper()
        elif draw < 0.26:
            text = " ".join(w.capitalize() if rng.random() < 0.5 and w.islower() else w for w in text.split())
        if rng.random() < 0.12:
            words = text.split()
            for _ in range(rng.randint(1, 2)):
                at = rng.randrange(len(words))
                words[at] = self._typo(words[at])
            text = " ".join(words)
        if rng.random() < 0.10:
            text = text.replace(",", "").replace(".", "")
        return text

    def _typo(self, word: str) -> str:
        if len(word) < 4:
            return word
        rng = self.rng
        i = rng.randrange(1, len(word) - 1)
        draw = rng.random()
        if draw < 0.33:
            return word[:i] + word[i + 1 :]  # a letter dropped
        if draw < 0.66:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two swapped
        return word[:i] + word[i] + word[i:]  # one doubled


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 or c in "’'-. " for c in text)

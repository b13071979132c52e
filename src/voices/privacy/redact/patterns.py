"""Regular expressions for details with a fixed shape; checks.py confirms the ambiguous ones."""

from __future__ import annotations

import re

DIGIT = re.compile(r"\d")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# Every pattern that can meet a long run of letters starts only at the run's beginning (a
# lookbehind) and takes it possessively (++), so hostile input cannot make matching quadratic.
URL = re.compile(
    r"(?<![\w/.:-])(?:https?://|www\.)[^\s<>\"]++"
    r"|(?<![\w.@-])(?P<host>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++)(?P<path>/[^\s<>\"]*+)?+",
    re.IGNORECASE,
)
# A bare host counts as a web address only if it ends in one of these.
URL_SUFFIXES = (
    ".co.uk", ".org.uk", ".gov.uk", ".nhs.uk", ".ac.uk", ".com", ".org", ".net", ".uk", ".io",
    ".me", ".info", ".ly", ".tv", ".app",
)  # fmt: skip
URL_TRAILING = ".,;:!?)'\""

HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
# A handle without "@" counts only after a platform name and when it looks like a username.
CUED_HANDLE = re.compile(
    r"\b(?:snap(?:chat)?|sc\b|insta(?:gram)?|tiktok|twitter|facebook|fb|discord|username|user name|handle)"
    r"(?:\s+(?:name|handle|username))?"
    # "on snap, his is tyler.b09": up to three words, then "is" or "was"
    r"(?:(?:\s*,)?(?:\s+[A-Za-z'’]+){0,3}?\s+(?:is|was)|\s+as)?(?:\s*+[:\-])?(?:\s*+\()?\s*+"
    r"(?P<handle>(?=[A-Za-z0-9_.#]*[\d_.#])[A-Za-z][A-Za-z0-9_.#]{2,29}[A-Za-z0-9_])",  # "#1234": Discord's tag
    re.IGNORECASE,
)

# Most comments hold no web address; these cheap tests decide whether to look for one.
URL_HINT = re.compile(r"://|www\.|\w\.[A-Za-z]")
# A Discord tag is a handle wherever it stands: "shadowfang#4471".
DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z][A-Za-z0-9_.]{1,31}#\d{4}(?![\w#])")
HANDLE_HINTS = (
    "snap",
    "sc ",  # "add me on sc …": Snapchat, as people write it
    "insta",
    "tiktok",
    "twitter",
    "facebook",
    "fb",
    "discord",
    "username",
    "user name",
    "handle",
)

# Ordinary words never contain an underscore, so a word that does is a username.
UNDERSCORED = re.compile(
    r"(?<![\w@.])[A-Za-z0-9.]*[A-Za-z0-9]_[A-Za-z0-9_.]*[A-Za-z0-9]|(?<![\w@.])_[A-Za-z0-9_.]+"
)

# Postcode areas in use, so that "b4 5am" or "ok 3am" are not taken for postcodes.
_AREAS = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE "
    "LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL "
    "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
POSTCODE_AREAS = frozenset(_AREAS)
# The area (the leading letters) is checked against POSTCODE_AREAS after matching: a regex
# alternation of all 120 areas is ten times slower.
POSTCODE = re.compile(r"\b(?P<area>[A-Z]{1,2})\d[A-Z\d]?\s{0,2}\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)

NHS_NUMBER = re.compile(r"(?<![\d+])[1-9]\d{2}[ -]?\d{3}[ -]?\d{4}(?!\d)")

NHS_CUE = re.compile(r"\bnhs(?:\s+(?:number|no\.?|num|#))?", re.IGNORECASE)
NHS_SHAPE = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")

NI_NUMBER = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]?\b", re.IGNORECASE)
# Any two letters and six digits, in pairs however separated ("HZ/63/08/52/C"): allocation rules
# decide only when no cue says what it is.
NI_SHAPE = re.compile(r"\b[A-Z]{2}[ ./-]?\d{2}[ ./-]?\d{2}[ ./-]?\d{2}[ ./-]?[A-Z]?\b", re.IGNORECASE)
NI_CUE = re.compile(
    r"\b(?:n\.?\s?i\.?|nino|national\s+insurance)(?:\s+(?:number|no\.?|num))?\b", re.IGNORECASE
)

# Current (AB12 CDE) plates in any case; older prefix (A123 BCD) and suffix (ABC 123D) plates
# only in capitals, because in lower case they collide with ordinary abbreviations.
VEHICLE_CURRENT = re.compile(r"\b[A-HJ-PR-Y]{2}\d{2} ?[A-HJ-PR-Z]{3}\b", re.IGNORECASE)
# "KX 68 PNF": spaced in three, as plates are read out; only in capitals ("is 25 and" is not a plate).
VEHICLE_CURRENT_SPACED = re.compile(r"\b[A-HJ-PR-Y]{2} \d{2} [A-HJ-PR-Z]{3}\b")
VEHICLE_OLDER = re.compile(r"\b(?:[A-HJ-NP-Y]\d{1,3} ?[A-HJ-PR-Z]{3}|[A-HJ-PR-Y]{3} ?\d{1,3}[A-HJ-NP-Y])\b")
# Every plate shape, in any case, for use only next to a cue ("reg", "number plate", "his car is").
VEHICLE_SHAPE = re.compile(
    r"\b(?:(?i:[A-Z]{2} ?\d{2} ?[A-Z]{3}|[A-Z] ?\d{1,3} ?[A-Z]{3}|[A-Z]{3} ?\d{1,3} ?[A-Z])|[A-Z]{1,3} ?\d{1,4})\b"
)  # the dateless shape ("ABC 123") only in capitals: in lower case it is "to 101", "the 999"
VEHICLE_CUE = re.compile(
    r"\b(?:reg|regs|registration|number\s*plate|numberplate|plates?|(?:car|van|motorbike|bike|vehicle)\s+(?:is|was))\b",
    re.IGNORECASE,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = (
    r"(?:\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}\.?,?\s+(?:\d{{4}}|'?\d{{2}})"
    rf"|{_MONTH}\.?\s+{_DAY},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}})"
)
DATE_OF_BIRTH = re.compile(
    r"\b(?:born(?:\s+(?:on|in))?|d\.?o\.?b\.?|date\s+of\s+birth|birthday|birth\s+date)"
    # "date of birth on the Home Office papers is 01/01/2001": a few words, then what it is
    r"(?:\s+(?:is|was|being|as|on|of)|(?:\s+[^\s\d]+){1,6}?\s+(?:is|was|says|said))?\s*[:\-=]?\s*"
    rf"(?P<date>{DATE})(?!\d)",
    re.IGNORECASE,
)

# "jo dot smith at example dot com", "sam [at] mail [dot] co [dot] uk": an address spelt out to
# slip past filters. The domain must end in a spelt "dot" and a known ending.
_SPELT_AT = r"(?:\s*[\[(]\s*at\s*[\])]\s*|\s+at\s+)"
_SPELT_DOT = r"(?:\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
_SPELT_JOIN = r"(?:\s+(?:underscore|dash|hyphen)\s+)"  # "marcia underscore b at …"
SPELT_EMAIL = re.compile(
    # "jess dot price 2007 at …": digits after a space still belong to the name
    rf"(?<![\w.])[\w.+-]+(?:(?:{_SPELT_DOT}|{_SPELT_JOIN}|\s+(?=\d+\s+at\b))[\w+-]+)*{_SPELT_AT}[\w-]+(?:{_SPELT_DOT}[\w-]+)*?"
    rf"{_SPELT_DOT}(?:com|org|net|co{_SPELT_DOT}uk|org{_SPELT_DOT}uk|uk|ie|pl|io|me|info|edu|gov)\b",
    re.IGNORECASE,
)

# Half spelt out: "dan.b at hotmail.co.uk". The name must have a dot, digit or underscore in it,
# so "work at tesco.com" is no address.
# Possessive runs keep it linear: hostile runs of "1-" took cubic time with plain ones.
HALF_SPELT_EMAIL = re.compile(
    r"(?<![\w.@+-])(?=[\w.+-]*?[A-Za-z])(?=[A-Za-z+-]*+[._\d])[\w.+-]++"
    r"(?:\s+at\s++|\s*+[\[(]\s*+at\s*+[\])]\s*+)"
    r"[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*?\.(?:com|org|net|uk|ie|pl|io|me|info|edu|gov)\b",
    re.IGNORECASE,
)

IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)")
IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})[0-9A-Fa-f:]{3,39}(?![\w:])")

# 13 to 19 digits, alone or in groups of 4 (Amex 4-6-5): a payment card if the Luhn check passes.
CARD_NUMBER = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# Card numbers start with the issuer's industry digit: 2 to 6 for banks and card schemes. "0044 7700
# 900874" is a phone number, whatever its check digit says.
CARD_ISSUER_DIGITS = frozenset("23456")
CARD_CUE = re.compile(r"\b(?:card|visa|mastercard|amex|debit|credit)\b", re.IGNORECASE)
# An IBAN: country, check digits, then up to 30 letters and digits, often in groups of four.
# Capitals only and in whole groups, so the pattern stops at the next word rather than taking it in.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
IBAN_CUE = re.compile(r"\biban\b", re.IGNORECASE)
# In a comment with one of these an IBAN's shape is enough, its check digits wrong or not
# ("PL27 1140 … is my Polish account").
BANK_CUE = re.compile(r"\b(?:iban|bank|banks|account|acc|acct|a/c|paid|transfer(?:red)?)\b", re.IGNORECASE)
# A lone eight-digit number shortly after "account": "into his account not mine, 56231190".
ACCOUNT_CUE = re.compile(r"\b(?:account|acc|acct|a/c)\b", re.IGNORECASE)
ACCOUNT_NUMBER = re.compile(r"(?<![\d\-/.,:])\d{8}(?![\d\-/])")
# After "IBAN", one typed in lower case or without spaces counts too: "iban de8937040044…".
IBAN_ANY_CASE = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b")
SORT_CODE_ACCOUNT = re.compile(
    r"\b(?:sort\s*code|sort|s/c)\s*(?:is|:)?\s*\d{2}[ -]?\d{2}[ -]?\d{2}"
    r"(?:(?:[ ,/]+|\s*,?\s+(?:and\s+)?(?:acc(?:ount)?|acct|a/c)(?:\s*(?:number|no\.?|num))?\s*(?:is|:)?\s*)\d{8}\b)?"
    r"|\b(?:account|acc|acct)(?:\s*(?:number|no\.?|num))?\s*(?:is|:)?\s*\d{8}\b"
    r"|(?<![\d-])\d{2}[ -]?\d{2}[ -]?\d{2}[ ,/]+\d{8}\b",  # a sort code and account number together
    re.IGNORECASE,
)

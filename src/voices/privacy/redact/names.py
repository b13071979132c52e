"""People's names, found from name lists (lexicon.py) and the words around them.

A token starts a name when:
- it follows a title ("Mrs", "PC", "Dr"): any capitalised word does;
- it follows a naming cue ("called", "my name is") or a role ("my ISVA", "her counsellor"):
  a capitalised word that is a known name or not an everyday word does;
- it is a known first name that is not an everyday word ("sarah", "Priya"), in any case, or
  the capitalised start of one ("Steph");
- it is a word-like name ("Will", "Hope") written with a capital where a capital means a name:
  mid-sentence and not heading an organisation ("Hope House"), or at the start of a sentence
  followed by a surname or a verb ("Will was lovely").
A lower-case word-like name ("the officer mark said") needs a role before it and a verb after.
A name then takes in the following surname(s).
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from .apposition import introduces_person
from .cues import NameCues, load_cues
from .lexicon import NameLexicon, lexicon_for
from .name_edges import INITIAL
from .spans import add_candidate, candidates, is_protected
from .tokens import is_cased, is_wordlike, previous_word, starts_sentence

_MAX_SURNAMES = 3  # "Nguyễn Thị Lan"
_MONTH_NAMES = frozenset({"april", "may", "june"})  # the months that are also first names
# Before these, a word-like name is the word: "no hope from the police", "lost all faith at the station".
_NOT_BEFORE_A_NAME = frozenset(
    {"the", "a", "an", "no", "any", "some", "all", "this", "that", "of", "in", "with", "without",
     "much", "more", "less", "little", "lost", "losing", "lose", "gave", "give", "giving", "up", "false",
     "new", "our", "their", "your", "its", "every", "what", "such", "real", "great", "good", "bad"}
)  # fmt: skip
_TELLING = frozenset({"told", "tell", "telling", "asked", "ask", "thanked", "warned", "showed"})
# Short forms that start a text message: never names, though no list knows them.
_TEXT_SPEAK = frozenset(
    {"tbh", "idk", "omg", "lol", "pls", "plz", "btw", "imo", "imho", "fyi", "asap", "ngl", "smh", "tho",
     "thx", "ty", "wtf", "iirc", "afaik", "rn", "istg", "lmao", "fr", "bc", "cos", "coz", "cuz"}
)  # fmt: skip
# The words that say where someone works or is found ("dawn on reception"); "said the ISVA" or
# "till my mum came" describe no one before them.
_WHERE_SOMEONE_IS = frozenset({"on", "at", "from", "behind", "if", "next", "and", "n", "&"})
_PHRASE_ENDS = frozenset({"and", "&", ",", ".", "!", "?", ")", ";"})


class NameRedactor:
    def __init__(self, lexicon: NameLexicon, cues: NameCues) -> None:
        self.lexicon = lexicon
        self.cues = cues
        self.titles = cues.titles
        self.titles_exact = cues.titles_exact_case
        self.honorifics = cues.honorifics
        self.naming = cues.naming
        self.name_nouns = cues.name_nouns
        self.roles = cues.roles
        self.followers = cues.followers
        self.not_name_heads = cues.not_name_heads
        self.not_names = cues.not_names
        self.not_after = cues.not_after
        self.particles = cues.particles
        # After these even an unlisted lower-case word may be a name: "my isva oluwaseun", "me and gaz".
        self.lower_case_cues = self.titles | self.roles | {"and", "&", "n"}
        self.cue_words = self.titles | self.roles

    def __call__(self, doc: Doc) -> Doc:
        claimed = _claimed_tokens(doc)
        tokens = list(doc)  # indexing a Doc builds a new Token each time; a list does not
        lex = self.lexicon
        i = 0
        while i < len(tokens):
            token = tokens[i]
            lower = token.lower_
            # Most words are lower-case and no one's name: settle them with two set lookups.
            could_start = (
                token.text[0].isupper()
                or lower in lex.first_names
                or lower in lex.last_names
                or lower[:-1] in lex.first_names
                or (i > 0 and tokens[i - 1].lower_.rstrip(".") in self.lower_case_cues)
                or (lower not in lex.common_words and starts_sentence(tokens, i))
            )
            if could_start and i not in claimed and self._starts_name(tokens, i):
                end = self._surnames_end(tokens, i, claimed)
                start_char, end_char = token.idx, tokens[end - 1].idx + len(tokens[end - 1])
                if not is_protected(doc, start_char, end_char):
                    add_candidate(doc, start_char, end_char, "name")
                i = end
            else:
                i += 1
        return doc

    def _starts_name(self, tokens: list[Token], i: int) -> bool:
        token = tokens[i]
        lower = token.lower_
        cased = is_cased(token)
        before = previous_word(tokens, i)
        # "will" and "may" are stop words, but "Will" can be a person.
        if len(lower) < 2 or not is_wordlike(token):
            return False
        if _joined_to_a_lower_case_word(tokens, i):
            return False  # "Lily-livered", "Rose-tinted": a compound word, not a name
        if lower in self.not_names and not (
            cased
            and lower in _MONTH_NAMES
            and (
                self._after_title_or_role(before)
                or (starts_sentence(tokens, i) and introduces_person(tokens, i + 1, self.cues))
            )
        ):
            return False  # "in June", but "nurse June" and "June from the church group" are people
        lex = self.lexicon
        known = lower in lex.first_names
        if cased and self._after_title_and_initials(tokens, i):
            return True  # "Dr E R Castellano", "Mrs J. Okafor"
        if before is not None and before.lower_ in self.not_after:
            return False
        if before is not None and known and self._after_name_noun(tokens, before):
            return True  # "my name is will": said outright, even in lower case
        if before is not None and known and (lower not in STOP_WORDS or lower in _MONTH_NAMES | {"will"}) and (
            self._spoken_to(tokens, before, i)
        ):
            return True  # "i told will what happened", "ask for bilal at reception"
        if lower in STOP_WORDS and not cased:
            return False
        if before is not None:
            cue = before.lower_.rstrip(".")
            if cue in self.titles or before.text.rstrip(".") in self.titles_exact:
                if lower in self.titles:
                    return False  # "detective constable", "Det Sgt": a longer title; the name comes after
                honorific = cue in self.honorifics or before.text.rstrip(".") in self.titles_exact
                # "officer smith" but not "officer said", though Said is a surname too
                surname = lower in lex.last_names and (honorific or lower not in self.followers)
                if cased or lower not in lex.common_words or surname:
                    return True
            if cue in self.naming or self._after_name_noun(tokens, before):
                if known or (cased and lower not in lex.common_words):
                    return True
            if cue in self.roles and lower not in STOP_WORDS:
                if cased and (known or lower not in lex.common_words):
                    return True
                # "the officer mark said": lower case and a word, so a name only if a verb follows
                # or the phrase ends ("my mate hope and me", "my key worker, dawn.")
                # A verb after it makes it a name even if it is also a role ("my support worker nana
                # said"); the end of a phrase only when it is no role ("thanks mate,", "my mate hope and").
                if known and (
                    self._followed_by(tokens, i, self.followers - {","})
                    or (_ends_phrase(tokens, i) and lower not in self.roles)
                ):
                    return True
                # "my support worker oluwaseun": lower case, no list knows it, and it is no word
                if self._unlisted_lower_case_name(lower) and token.is_alpha:
                    return True
            if self._after_me_and(tokens, before) and (known or self._unlisted_lower_case_name(lower)):
                return True  # "me and Gaz went", "me and jayden reported it"
        if (
            token.text.islower()
            and token.is_alpha
            and starts_sentence(tokens, i)
            and self._unlisted_lower_case_name(lower)
            and lower not in _TEXT_SPEAK
            and (introduces_person(tokens, i + 1, self.cues) or self._followed_by(tokens, i, self.followers))
        ):
            return True  # "gaz from the pub says…", "lils told me": no word, and described as someone
        if (
            known
            and token.is_alpha
            and lower not in self.followers
            and not (before is not None and before.lower_ in _NOT_BEFORE_A_NAME)
            and i + 1 < len(tokens)
            and tokens[i + 1].lower_ in _WHERE_SOMEONE_IS
            and introduces_person(tokens, i + 1, self.cues)
        ):
            return True  # "dawn on reception", "rose from the sarc": where someone is found makes a person
        if not cased and self._possessive_without_apostrophe(lower):
            return True  # "at megans house"
        if known and lower not in lex.word_like:
            if cased:
                # "German", "Meta" are first names somewhere, but in English text a nationality, a brand
                return lower in lex.lower_case_first_names or lower not in lex.prominent_proper
            return len(lower) > 2 and lower in lex.lower_case_first_names
        if cased and lower in lex.short_forms and lower not in lex.common_words:
            # "Steph", "Cath": the start of a listed name, and neither an everyday word nor a
            # prominent proper noun ("France" starts "Frances").
            return lower not in lex.prominent_proper
        if cased and lower in lex.word_like and lower in lex.first_names:
            return self._capital_means_name(tokens, i)
        return False

    def _after_title_and_initials(self, tokens: list[Token], i: int) -> bool:
        j = i - 1
        while j >= 0 and INITIAL.fullmatch(tokens[j].text):
            j -= 1
        if j == i - 1 or j < 0:
            return False
        return tokens[j].lower_.rstrip(".") in self.titles or tokens[j].text.rstrip(".") in self.titles_exact

    def _after_title_or_role(self, before: Token | None) -> bool:
        if before is None:
            return False
        cue = before.lower_.rstrip(".")
        return cue in self.titles or cue in self.roles or before.text.rstrip(".") in self.titles_exact

    def _unlisted_lower_case_name(self, lower: str) -> bool:
        return unlisted_lower_case_name(lower, self.lexicon, self.cue_words)

    @staticmethod
    def _spoken_to(tokens: list[Token], before: Token, i: int) -> bool:
        """ "told X what/about…" and "ask for X": someone told or asked for is a person."""
        cue, after = before.lower_, tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        if cue in _TELLING:
            return after in {"what", "about", "everything", "that", "how"}
        return cue == "for" and before.i > 0 and tokens[before.i - 1].lower_ in {"ask", "asked", "asking"}

    def _possessive_without_apostrophe(self, lower: str) -> bool:
        """ "megans", "tomaszs": a listed first name that is no everyday word, with an "s" after it."""
        stem, lex = lower[:-1], self.lexicon
        return (
            lower.endswith("s")
            and len(stem) > 2
            and stem in lex.first_names
            and stem not in lex.word_like
            and lower not in lex.common_words
            and lower not in lex.first_names
        )

    @staticmethod
    def _after_me_and(tokens: list[Token], before: Token | None) -> bool:
        return (
            before is not None
            and before.lower_ in {"and", "&", "n"}
            and before.i > 0
            and tokens[before.i - 1].lower_ == "me"
        )

    def _after_name_noun(self, tokens: list[Token], before: Token) -> bool:
        """ "my name is X", "her name was X", "his name's X"."""
        if before.lower_ not in {"is", "was", "'s", "’s"} or before.i == 0:
            return False
        return tokens[before.i - 1].lower_ in self.name_nouns

    def _capital_means_name(self, tokens: list[Token], i: int) -> bool:
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after is not None and after.lower_ in self.not_name_heads:
            return False  # "Hope House", "Grace Church": an organisation, not a person
        if not starts_sentence(tokens, i):
            return True
        if after is None:
            return False
        if after.text in {"-", "‐"} and i + 3 < len(tokens) and is_cased(tokens[i + 2]):
            after = tokens[i + 3]  # "Poppy-Mae was 13": the verb follows the second part
        # At a sentence start the capital says nothing: "Will was lovely" but "Will they listen?"
        return (
            after.lower_ in self.followers
            or self._is_surname(after)
            or introduces_person(tokens, i + 1, self.cues)
            or self._joins_another_name(tokens, i + 1)
        )

    def _joins_another_name(self, tokens: list[Token], i: int) -> bool:
        """ "Will and Hope both…" but not "Grace and patience…"."""
        return (
            i + 1 < len(tokens)
            and tokens[i].lower_ in {"and", "&"}
            and is_cased(tokens[i + 1])
            and tokens[i + 1].lower_ in self.lexicon.first_names
        )

    def _followed_by(self, tokens: list[Token], i: int, words: frozenset[str]) -> bool:
        return i + 1 < len(tokens) and tokens[i + 1].lower_ in words

    def _is_surname(self, token: Token, after_word_like: bool = True) -> bool:
        lower = token.lower_
        lex = self.lexicon
        if not is_cased(token) or not is_wordlike(token) or lower in STOP_WORDS:
            return False
        if lower in self.not_name_heads:
            # "Callum Ward" is a person, "Hope House" is not.
            return not after_word_like and lower in lex.last_names
        if lower in self.not_names:
            return False
        return lower in lex.last_names or lower in lex.first_names or lower not in lex.common_words

    def _surnames_end(self, tokens: list[Token], i: int, claimed: set[int]) -> int:
        end = i + 1
        lower_case_name = tokens[i].text.islower()
        word_like = tokens[i].lower_ in self.lexicon.word_like
        while end < len(tokens) and end - i <= _MAX_SURNAMES and end not in claimed:
            token = tokens[end]
            if token.text in {"-", "‐"} and not tokens[end - 1].whitespace_ and end + 1 < len(tokens):
                joined = tokens[end + 1]
                if not token.whitespace_ and is_cased(joined) and is_wordlike(joined):
                    end += 2  # "Smith-Jones", "Ellie-May"
                    continue
                break
            if token.lower_ in self.particles and end + 1 < len(tokens) and end + 1 not in claimed:
                after = tokens[end + 1]
                if self._is_surname(after, word_like) or (lower_case_name and self._is_lower_case_surname(after)):
                    end += 2
                    continue
            if self._is_surname(token, word_like) and not starts_sentence(tokens, end):
                end += 1
            elif lower_case_name and self._is_lower_case_surname(token):
                end += 1
            elif lower_case_name and self._is_word_surname_before_verb(tokens, end):
                end += 1  # "darren price was my manager"
                break
            else:
                break
        return end

    def _is_word_surname_before_verb(self, tokens: list[Token], i: int) -> bool:
        token, lower = tokens[i], tokens[i].lower_
        return (
            token.text.islower()
            and token.is_alpha
            and lower in self.lexicon.last_names
            and lower not in STOP_WORDS
            and lower not in self.followers
            and lower not in self.not_names
            and self._followed_by(tokens, i, self.followers)
        )

    def _is_lower_case_surname(self, token: Token) -> bool:
        """ "sarah jones", "aleksandra nowak", "oluwaseun adeyemi": after a lower-case first name,
        a lower-case word that is no everyday word is taken for the surname."""
        lower = token.lower_
        lex = self.lexicon
        return (
            token.text.islower()
            and token.is_alpha
            and len(lower) > 2
            and lower not in lex.common_words
            and lower not in self.not_names
            and lower not in STOP_WORDS
        )


def unlisted_lower_case_name(lower: str, lexicon: NameLexicon, cue_words: frozenset[str]) -> bool:
    """No list knows it and it is no word, nor a word's plural or past: "oluwaseun", not
    "discloses", "receptionist" or the rarer "constable" and "safeguarding"."""
    common = lexicon.common_words
    if len(lower) < 3 or lower in common or lower in lexicon.vocabulary or lower in cue_words:
        return False
    if not lower.endswith(("s", "ed", "ing", "ly")):
        return True
    stems = (lower[:-1], lower[:-2], lower[:-3], lower[:-2] + "e", lower[:-3] + "e")
    return not any(stem in common or stem in cue_words for stem in stems)  # "receptionists": a role's plural


def _joined_to_a_lower_case_word(tokens: list[Token], i: int) -> bool:
    """ "Lily-livered": a capitalised word joined by a hyphen to a lower-case one ("sarah-jane" is all lower case)."""
    if i + 2 >= len(tokens) or tokens[i].whitespace_ or tokens[i + 1].text not in {"-", "‐"} or tokens[i + 1].whitespace_:
        return False
    return is_cased(tokens[i]) and tokens[i + 2].text.islower()


def _ends_phrase(tokens: list[Token], i: int) -> bool:
    return i + 1 >= len(tokens) or tokens[i + 1].text in _PHRASE_ENDS


def _claimed_tokens(doc: Doc) -> set[int]:
    """Tokens inside something another component found (an email, a place): not names."""
    claimed: set[int] = set()
    for start, end, _ in candidates(doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            claimed.update(range(span.start, span.end))
    return claimed


@Language.factory(
    "redact_names",
    default_config={"locales": ["en_GB"], "lower_case_locales": ["en_GB"], "extra_first_names_file": ""},
)
def make_name_redactor(
    nlp: Language,
    name: str,
    locales: list[str],
    lower_case_locales: list[str],
    extra_first_names_file: str,
    cues_file: str,
) -> NameRedactor:
    return NameRedactor(
        lexicon_for(locales, lower_case_locales, extra_first_names_file), load_cues(cues_file)
    )

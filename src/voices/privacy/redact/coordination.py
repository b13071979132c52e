"""Names joined to a found name by "and": "omar and tanvir", "Mikey Price and Johnny Boswell",
"Dilan Barzani and Rojin".

People are listed together, so the word on the other side of "and" from a name is a name when
it could be one: a known first name, or a capitalised word that is no English word; in lower case
a listed first name or a word no dictionary has, but no acronym or well-known brand ("omar and
dwp", "tesco and sarah" keep them). Something another detector took for a one-word place becomes a
name when it could be one ("Rojin": the model's guess at an unknown word); either way it is
redacted, so "Oxfam" called a name costs no reader anything. Runs after every finder of names and
before `mentions`, so what is found here is widened and repeated like any other name.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from .cues import NameCues, load_cues
from .lexicon import NameLexicon, lexicon_for
from .names import unlisted_lower_case_name
from .spans import Candidate, add_candidate, candidates, is_protected, state_of, text_of
from .tokens import VOWELS, is_cased, is_wordlike, starts_sentence

_JOINS = frozenset({"and", "&", "n"})
_MAX_WORDS = 3  # "Mikey Price", "Gurpreet Singh Sandhu"


class CoordinatedNames:
    def __init__(self, lexicon: NameLexicon, cues: NameCues) -> None:
        self.lexicon = lexicon
        self.never = STOP_WORDS | cues.every_title | cues.roles | cues.not_names | cues.not_name_heads
        self.cue_words = cues.every_title | cues.roles
        self._dropped: set[Candidate] = set()  # places of the comment at hand that became names

    def __call__(self, doc: Doc) -> Doc:
        found = candidates(doc)
        names = [(start, end) for start, end, kind in found if kind == "name"]
        if not names:
            return doc
        tokens = list(doc)
        starts = {token.idx: token.i for token in tokens}
        ends = {token.idx + len(token): token.i for token in tokens}
        # What other finds lie on each token: looked up per token, not by scanning every find.
        claims: dict[int, list[Candidate]] = {}
        for candidate in found:
            span = doc.char_span(candidate[0], candidate[1], alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                claims.setdefault(i, []).append(candidate)
        text = text_of(doc)
        for start, end in names:
            first, last = starts.get(start), ends.get(end)
            if first is None or last is None:
                continue
            lower_case = text[start:end].islower()
            if last + 2 < len(tokens) and tokens[last + 1].lower_ in _JOINS:
                self._take(doc, tokens, self._run_right(tokens, last + 2, lower_case), claims)
            if first >= 2 and tokens[first - 1].lower_ in _JOINS:
                self._take(doc, tokens, self._run_left(tokens, first - 2, lower_case), claims)
        if self._dropped:
            state_of(doc).candidates = [c for c in candidates(doc) if c not in self._dropped]
            self._dropped.clear()
        return doc

    def _take(
        self, doc: Doc, tokens: list[Token], run: tuple[int, int] | None, claims: dict[int, list[Candidate]]
    ) -> None:
        if run is None:
            return
        start, end = tokens[run[0]].idx, tokens[run[1]].idx + len(tokens[run[1]])
        if is_protected(doc, start, end):
            return
        overlapping = {claim for i in range(run[0], run[1] + 1) for claim in claims.get(i, ())}
        if any(k == "name" for _, _, k in overlapping):
            return
        if overlapping:
            # Only a one-word place the model guessed at becomes a name: "Dilan Barzani and Rojin".
            if run[0] != run[1] or any((s, e, k) != (start, end, "place") for s, e, k in overlapping):
                return
            if not self._could_be_name(tokens[run[0]], capital=True, strict=True):
                return
            self._dropped.add((start, end, "place"))
        add_candidate(doc, start, end, "name")
        for i in range(run[0], run[1] + 1):
            claims.setdefault(i, []).append((start, end, "name"))

    def _run_right(self, tokens: list[Token], i: int, lower_case: bool) -> tuple[int, int] | None:
        token = tokens[i]
        if not self._could_be_name(token, capital=not lower_case or is_cased(token)):
            return None
        last = i
        while last + 1 < len(tokens) and last + 1 - i < _MAX_WORDS and self._surname(tokens[last + 1], token):
            last += 1
        return i, last

    def _run_left(self, tokens: list[Token], i: int, lower_case: bool) -> tuple[int, int] | None:
        """The capitalised words ending at `i` that a sentence or a lower-case word opens."""
        first = i
        if not is_cased(tokens[i]) and not lower_case:
            return None
        if is_cased(tokens[i]):
            while first > 0 and i - first + 1 < _MAX_WORDS and is_cased(tokens[first - 1]) and not starts_sentence(tokens, first):
                first -= 1
            if first > 0 and is_cased(tokens[first - 1]) and not starts_sentence(tokens, first):
                return None  # a longer capitalised run: a title or an organisation, not a list of people
        words = tokens[first : i + 1]
        if any(not is_wordlike(w) or w.lower_ in self.never for w in words):
            return None
        head = words[0]
        if len(words) == 1:
            return (first, i) if self._could_be_name(head, capital=is_cased(head)) else None
        lex = self.lexicon
        # "Mikey Price", but not "Victim Support": one word at least is a first name or no English word
        telling = any(w.lower_ in lex.first_names or w.lower_ not in lex.vocabulary for w in words)
        return (first, i) if telling else None

    def _could_be_name(self, token: Token, capital: bool, strict: bool = False) -> bool:
        lower, lex = token.lower_, self.lexicon
        if not is_wordlike(token) or lower in self.never or len(lower) < 2:
            return False
        if capital:
            if not token.text[0].isupper() or token.text.isupper():
                return False
            if lower in lex.first_names and lower not in lex.word_like:
                return not strict or lower not in lex.prominent_proper
            return lower not in lex.vocabulary and lower not in lex.well_known_proper and lower not in lex.common_words
        # In lower case a listed name or a word no dictionary has ("omar and tanvir"); not an acronym
        # without a vowel or a brand everyone writes ("omar and dwp", "tesco and sarah").
        return token.text.islower() and (
            (lower in lex.lower_case_first_names and lower not in lex.word_like)
            or (
                unlisted_lower_case_name(lower, lex, self.cue_words)
                and lower not in lex.well_known_proper
                and not VOWELS.isdisjoint(lower)
            )
        )

    def _surname(self, token: Token, first: Token) -> bool:
        lower, lex = token.lower_, self.lexicon
        if not is_wordlike(token) or lower in self.never:
            return False
        if first.text.islower():  # "kavitha subramaniam": a lower-case surname no dictionary has
            return token.text.islower() and unlisted_lower_case_name(lower, lex, self.cue_words)
        return is_cased(token) and (lower in lex.last_names or lower not in lex.vocabulary)


@Language.factory(
    "redact_coordinated_names",
    default_config={
        "locales": ["en_GB"],
        "lower_case_locales": ["en_GB"],
        "extra_first_names_file": "",
        "cues_file": "",
    },
)
def make_coordinated_names(
    nlp: Language,
    name: str,
    locales: list[str],
    lower_case_locales: list[str],
    extra_first_names_file: str,
    cues_file: str,
) -> CoordinatedNames:
    return CoordinatedNames(lexicon_for(locales, lower_case_locales, extra_first_names_file), load_cues(cues_file))

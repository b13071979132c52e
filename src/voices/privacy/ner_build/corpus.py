"""The compact entity model's training data: windows of text, labelled by the teacher.

Texts come from real writing (FFT v6 comments, banking77 questions, the redaction tuning sets,
never a held-out set) and from `generated.py`. Each is cut into the windows the redactor would
send the model (`EntityFinder.unknown_words` and `_windows`, run by a redaction pipeline whose
entity component holds the teacher); real texts also give windows around every other capitalised
word, and some short texts are kept whole, so the model sees ordinary writing too. The teacher
labels every window, its labels narrowed to the compact model's (`ner_model.LABELS`). Texts are
split 90/10 into training and development data by a hash of the text, so no text sits in both.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from voices.privacy.evaluate import HELD_OUT_SETS, SHIPPED_SETS
from voices.privacy.redact.entities import MODEL_WORDS_PER_COMMENT, WINDOW, EntityFinder, _windows
from voices.privacy.redact.ner_model import COARSE_LABEL
from voices.privacy.redact.pipeline import build_pipeline
from voices.privacy.redact.redactor import Redactor
from voices.privacy.redact.spans import text_of
from voices.themes.datasets import load_banking77, load_fft

WHOLE_SHARE = {"real": 0.5, "generated": 0.2}  # short texts (at most 45 tokens) also kept whole
_WHOLE_TOKENS = 45


@dataclass(frozen=True, slots=True)
class Text:
    source: str  # "fft", "banking77", a tuning set's name, or "generated"
    text: str

    @property
    def split(self) -> str:
        digest = int(hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:8], 16)
        return "dev" if digest % 10 == 0 else "train"


def real_texts(redaction_dir: Path, datasets_dir: Path) -> list[Text]:
    """FFT v6 answers, banking77 questions and every redaction set that is tuning material."""
    texts = [Text("fft", t) for t in load_fft(datasets_dir)[0] if t]
    for split in ("train", "test"):
        texts += [Text("banking77", t) for t in load_banking77(datasets_dir, split)[0]]
    for name, _ in SHIPPED_SETS:
        if name in HELD_OUT_SETS:
            continue  # held out: what the model learns from must never include them
        with (redaction_dir / name).open(encoding="utf-8") as lines:
            texts += [Text(name.removesuffix(".jsonl"), json.loads(line)["text"]) for line in lines if line.strip()]
    return texts


class WindowCutter:
    """Cuts texts the way the redactor does, with a pipeline whose entity component holds the teacher."""

    def __init__(self, redaction_dir: Path, teacher_manifest: Path, seed: int) -> None:
        self.redactor = Redactor(build_pipeline(redaction_dir, ner_manifest_path=teacher_manifest))
        self.finder: EntityFinder = self.redactor.nlp.get_pipe("entities")
        self.rng = random.Random(seed)
        self._before_entities = [
            component for name, component in self.redactor.nlp.pipeline[: self.redactor.nlp.pipe_names.index("entities")]
        ]

    @property
    def teacher(self) -> Language:
        return self.finder.nlp

    def windows(self, item: Text) -> list[str]:
        doc = self._rules_done(item.text)
        source = text_of(doc)
        unknown = self.finder.unknown_words(doc)[:MODEL_WORDS_PER_COMMENT]
        found = [source[start:end] for start, end in _windows(doc, unknown)]
        real = item.source != "generated"
        if real:
            # Around every other capitalised word too (sentence starts, everyday words): ordinary writing.
            others = [t for t in doc if t.text[:1].isupper() and t.is_alpha and t.lower_ not in STOP_WORDS]
            for token in others:
                first, last = doc[max(0, token.i - WINDOW)], doc[min(len(doc) - 1, token.i + WINDOW)]
                window = source[first.idx : last.idx + len(last)]
                if window not in found and window != item.text:
                    found.append(window)
        share = WHOLE_SHARE["real" if real else "generated"]
        if len(doc) <= _WHOLE_TOKENS and found != [item.text] and self.rng.random() < share:
            found.append(item.text)
        return found

    def _rules_done(self, text: str) -> Doc:
        doc = self.redactor._make_doc(text)
        for component in self._before_entities:
            doc = component(doc)
        return doc


def labelled(teacher: Language, windows: Iterable[str]) -> Iterator[Doc]:
    """Each window as the teacher reads it, with only the compact model's labels."""
    for doc in teacher.pipe(windows, batch_size=256):
        ents = [
            doc.char_span(e.start_char, e.end_char, label=COARSE_LABEL[e.label_])
            for e in doc.ents
            if e.label_ in COARSE_LABEL
        ]
        doc.ents = [span for span in ents if span is not None]
        yield doc


def write_corpus(
    texts: list[Text], cutter: WindowCutter, out_dir: Path, advance: Callable[[int], None] = lambda n: None
) -> dict[str, int]:
    """train.spacy and dev.spacy in `out_dir`; returns how many windows each holds. A window of a
    development text is never also a training window."""
    by_split: dict[str, dict[str, None]] = {"train": {}, "dev": {}}
    for item in texts:
        for window in cutter.windows(item):
            by_split[item.split][window] = None
        advance(1)
    for window in by_split["dev"]:
        by_split["train"].pop(window, None)
    counts = {}
    for split, windows in by_split.items():
        docs = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
        for doc in labelled(cutter.teacher, windows):
            docs.add(doc)
        docs.to_disk(out_dir / f"{split}.spacy")
        counts[split] = len(windows)
    return counts



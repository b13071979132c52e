"""Theme names judged by a reader who has not seen how they are made (issue 12).

``make_sheet(seed)`` discovers themes (default settings, guided by the shipped tagger as a theme
run is) on FFT v6 and on the themes blind set and
gives, for every theme, five of its comments drawn at random and two names in random order: the
one voices gives (phrases, ``phrase_names``) and the one it gave before (its top terms,
``naming.theme_label``). The reader marks each name: does it say what these comments are about?
``judged_shares`` counts the marks per dataset and kind of name. ``bench/bench_theme_names.py``
writes sheets and prints the shares; the judged sheet lives in ``bench/theme_names/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voices.settings import PROJECT_ROOT
from voices.themes.blind import load_blind_set
from voices.themes.datasets import DEFAULT_DATASETS_DIR, load_fft, load_fft_questions
from voices.themes.discover import ThemeDiscoverer
from voices.themes.guide import shipped_guide
from voices.themes.naming import theme_label

JUDGED_DIR = PROJECT_ROOT / "bench" / "theme_names"
COMMENTS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class SheetItem:
    id: str  # "fft_v6/E03"
    seed: int  # of the discovery and of the comments drawn
    dataset: str
    size: int
    comments: list[str]
    names: dict[str, str]  # "a" / "b" -> name, in the order shown
    kinds: dict[str, str]  # "a" / "b" -> "phrases" or "terms": kept from the reader


def dataset_comments(dataset: str) -> tuple[list[str], list[str | None]]:
    """The dataset's answers and the question each answers."""
    if dataset == "fft_v6":
        texts, _, _ = load_fft(DEFAULT_DATASETS_DIR)
        return texts, list(load_fft_questions(DEFAULT_DATASETS_DIR))
    comments = load_blind_set(PROJECT_ROOT / "nlp_models" / "themes_blind.jsonl")
    return [c.text for c in comments], [c.question for c in comments]


def make_sheet(seed: int, datasets: tuple[str, ...] = ("fft_v6", "themes_blind")) -> list[SheetItem]:
    rng = np.random.default_rng(seed)
    items = []
    for dataset in datasets:
        texts, questions = dataset_comments(dataset)
        guide = shipped_guide(texts, questions)
        for theme in ThemeDiscoverer(random_state=seed).discover(texts, questions=questions, guide=guide).themes:
            shown = rng.choice(theme.members, size=min(COMMENTS_SHOWN, len(theme.members)), replace=False)
            names = {"phrases": theme.label, "terms": theme_label(theme.terms)}
            order = ["phrases", "terms"] if rng.random() < 0.5 else ["terms", "phrases"]
            items.append(
                SheetItem(
                    id=f"{dataset}/{theme.key}",
                    seed=seed,
                    dataset=dataset,
                    size=len(theme.members),
                    comments=[texts[int(i)] for i in shown],
                    names={slot: names[kind] for slot, kind in zip("ab", order, strict=True)},
                    kinds=dict(zip("ab", order, strict=True)),
                )
            )
    return items


def write_sheet(items: list[SheetItem], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {
                "id": i.id, "seed": i.seed, "dataset": i.dataset, "size": i.size,
                "comments": i.comments, "names": i.names, "kinds": i.kinds,
            },
            ensure_ascii=False,
        )
        for i in items
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_sheet(path: Path) -> list[SheetItem]:
    return [SheetItem(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_judgements(path: Path) -> dict[tuple[str, str], bool]:
    """(item id, name slot) -> whether the reader judged the name to say what the comments are about."""
    marks = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            for slot, verdict in row["verdicts"].items():
                # bool("no") is True: a verdict written as a word would count as a yes.
                if not isinstance(verdict, bool):
                    raise ValueError(f"{path}: {row['id']} {slot}: verdict {verdict!r} is not true or false")
                marks[(row["id"], slot)] = verdict
    return marks


def judged_shares(items: list[SheetItem], marks: dict[tuple[str, str], bool]) -> dict[tuple[str, str], tuple[int, int]]:
    """(dataset, kind) -> (names judged to say so, names judged)."""
    tally: dict[tuple[str, str], list[int]] = {}
    for item in items:
        for slot, kind in item.kinds.items():
            if (item.id, slot) in marks:
                counts = tally.setdefault((item.dataset, kind), [0, 0])
                counts[0] += marks[(item.id, slot)]
                counts[1] += 1
    return {key: (yes, total) for key, (yes, total) in tally.items()}

"""How strongly should the codebook guide emergent themes? Purity against the weight.

The guide weight (``ThemeDiscoverer.guide_weight``) is chosen without the themes blind set: a
tagger is fitted with the shipped recipe on the training comments outside the held-out split, and
the held-out comments (which it never saw) are themed at each weight, three seeds each. Purity is
the share of a theme's comments carrying its commonest labelled codebook theme, over all themes;
the unguided row (weight 0) is the baseline of the same run.

    .venv/bin/python bench/bench_guide_weight.py
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from rich.console import Console
from rich.table import Table

from voices.settings import PROJECT_ROOT
from voices.themes.codebook import load_codebook
from voices.themes.discover import Discovery, ThemeDiscoverer, is_substantive
from voices.themes.guide import codebook_guide
from voices.themes.run import tag
from voices.themes.train import fit_codebook_tagger
from voices.themes.training_data import TrainingComment, load_training_comments, split_training_comments

WEIGHTS = (0.0, 0.4, 0.6, 0.8, 1.0)
SEEDS = (0, 1, 2)


def purity(discovery: Discovery, comments: list[TrainingComment]) -> float:
    carried = 0
    for theme in discovery.themes:
        labels = Counter(label for i in theme.members for label in comments[i].themes)
        carried += labels.most_common(1)[0][1] if labels else 0
    return carried / max(1, sum(len(theme.members) for theme in discovery.themes))


def main() -> None:
    models = PROJECT_ROOT / "nlp_models"
    train, held_out = split_training_comments(load_training_comments(models / "themes_training.jsonl"))
    codebook = load_codebook(models / "codebook.yaml")
    tagger = fit_codebook_tagger(codebook, extra=train)
    texts, questions = [c.text for c in held_out], [c.question for c in held_out]
    rows = np.flatnonzero([is_substantive(text) for text in texts])
    tags = tag(tagger, [texts[i] for i in rows], rows, {}, [questions[i] for i in rows])
    guide = codebook_guide(tags, len(texts), [str(c) for c in tagger.classes_], {})

    table = Table(title=f"{len(held_out)} held-out comments, tagger fitted on the other {len(train)}")
    for column in ("guide weight", *(f"seed {seed}: themes, purity" for seed in SEEDS), "mean purity"):
        table.add_column(column, justify="right")
    for weight in WEIGHTS:
        cells, purities = [], []
        for seed in SEEDS:
            engine = ThemeDiscoverer(random_state=seed, guide_weight=weight)
            found = engine.discover(texts, questions=questions, guide=guide)
            purities.append(purity(found, held_out))
            cells.append(f"{len(found.themes)}, {purities[-1]:.3f}")
        table.add_row(f"{weight:.1f}" + (" (unguided)" if weight == 0 else ""), *cells, f"{np.mean(purities):.3f}")
    Console().print(table)


if __name__ == "__main__":
    main()

"""A small, seeded corpus with three plain subjects, for tests that must run in seconds."""

from __future__ import annotations

import random

SUBJECTS = {
    "waiting": [
        "waited {n} weeks for a first appointment",
        "the waiting list for counselling was {n} months long",
        "far too long a wait to be seen",
        "waiting times for therapy are terrible",
        "still on the waiting list after {n} months",
        "the wait for an assessment was endless",
    ],
    "police": [
        "the police officer did not believe me",
        "police never called back after I reported it",
        "reporting to the police felt like I was being blamed",
        "the detective kept me informed about the police investigation",
        "officers took my statement at the police station",
        "the police investigation was dropped without explanation",
    ],
    "isva": [
        "my ISVA was kind and supported me through court",
        "the advocate explained the court process clearly",
        "having an independent advocate made court bearable",
        "my ISVA came to court with me",
        "the advocate helped me prepare for the trial in court",
        "my ISVA advocate answered every question about court",
    ],
}
FILLERS = ["", "", "Honestly, ", "To be fair, ", "Overall ", "I felt that "]
ENDINGS = ["", ".", "!", " and that matters.", ", which I will remember."]
NON_ANSWERS = ["n/a", "no comment", "", "  ", "None", "nothing"]


def comment(rng: random.Random, subject: str) -> str:
    first, second = rng.sample(SUBJECTS[subject], 2)
    body = first if rng.random() < 0.5 else f"{first}; {second}"
    return rng.choice(FILLERS) + body.format(n=rng.randint(2, 9)) + rng.choice(ENDINGS)


def corpus(per_subject: int = 40, seed: int = 0) -> tuple[list[str], list[str]]:
    """Texts and their subject ('' for non-answers), shuffled with ``seed``."""
    rng = random.Random(seed)
    rows = [(comment(rng, subject), subject) for subject in SUBJECTS for _ in range(per_subject)]
    rows += [(text, "") for text in NON_ANSWERS]
    rng.shuffle(rows)
    return [text for text, _ in rows], [subject for _, subject in rows]

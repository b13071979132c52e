"""How long respondents' writes wait on SQLite while a large theme run is stored.

A fresh SQLite database gets N free-text answers (FFT v6 answers resampled with a fixed seed),
they are themed with the shipped tagger, then ``store_run`` writes the run while a second
connection, on its own thread as another request would be, commits one small row every 20 ms
with the app's busy timeout. The baseline is the same writer with nothing else running. A write
that waits past the busy timeout fails: that is a respondent's submission refused.

    .venv/bin/python bench/bench_theme_store.py [--comments 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from voices.db.engine import SQLITE_BUSY_TIMEOUT_SECONDS, bind, engine_from_url
from voices.db.migrate import migrate
from voices.settings import Settings
from voices.themes.datasets import load_fft
from voices.themes.run import theme_comments
from voices.themes.run_store import WRITE_BATCH, store_run
from voices.themes.source import survey_free_text
from voices.themes.train import load_tagger

WRITE_EVERY_SECONDS = 0.02


class Writer(threading.Thread):
    """Commits one row at a time until stopped; records each write's seconds, or a failure."""

    def __init__(self, path: Path, prefix: str) -> None:
        super().__init__(daemon=True)
        self.path, self.prefix = path, prefix
        self.seconds: list[float] = []
        self.failures = 0
        self.errors: set[str] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None)
        number = 0
        while not self.stop.is_set():
            number += 1
            started = time.perf_counter()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute(
                    "INSERT INTO spent_form_token (token_hash, spent_on) VALUES (?, '2026-11-25')",
                    (f"{self.prefix}-{number}",),
                )
                connection.execute("COMMIT")
                self.seconds.append(time.perf_counter() - started)
            except sqlite3.OperationalError as error:
                self.failures += 1
                self.errors.add(f"{error} after {time.perf_counter() - started:.1f} s")
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            time.sleep(WRITE_EVERY_SECONDS)
        connection.close()


def seed_answers(path: Path, n: int) -> None:
    texts = load_fft()[0]
    pick = random.Random(0).choice
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO survey (slug, title) VALUES ('bench', 'Bench')")
        connection.execute(
            "INSERT INTO survey_version (survey, content_hash, definition, loaded_on, is_current) "
            "VALUES (1, 'bench', '{}', '2026-11-25', 1)"
        )
        connection.executemany(
            "INSERT INTO submission (id, survey_version, submitted_on, channel) VALUES (?, 1, '2026-11-25', 'survey')",
            [(i,) for i in range(1, n + 1)],
        )
        connection.executemany(
            "INSERT INTO answer (submission, question_id, text) VALUES (?, 'comments', ?)",
            [(i, pick(texts)) for i in range(1, n + 1)],
        )


def row(label: str, writer: Writer, elapsed: float) -> list[str]:
    waits = np.array(writer.seconds) * 1000
    return [
        label, f"{elapsed:.1f}", str(len(waits)), f"{np.percentile(waits, 50):.1f}",
        f"{np.percentile(waits, 99):.1f}", f"{waits.max():.1f}", str(writer.failures),
    ]


async def main(n: int) -> None:
    path = Path(tempfile.mkdtemp()) / "bench.sqlite"
    bind(engine_from_url(f"sqlite:///{path}"))
    await migrate()
    seed_answers(path, n)
    rows = await survey_free_text("bench")
    result = theme_comments(
        [row.text for row in rows], tagger=load_tagger(Settings.from_env().nlp_models_dir),
        questions=[row.question for row in rows],
    )

    baseline = Writer(path, "baseline")
    started = time.perf_counter()
    baseline.start()
    await asyncio.sleep(5)
    baseline.stop.set()
    baseline.join()
    baseline_seconds = time.perf_counter() - started

    during = Writer(path, "during")
    during.start()
    started = time.perf_counter()
    await store_run("bench", [row.answer_id for row in rows], result, {"seed": 0})
    store_seconds = time.perf_counter() - started
    during.stop.set()
    during.join()

    table = Table(title=f"SQLite writes while a theme run of {n:,} comments ({len(result.assignments):,} assignments) is stored")
    for column in ("scenario", "seconds", "writes", "p50 ms", "p99 ms", "max ms", "failed"):
        table.add_column(column, justify="left" if column == "scenario" else "right")
    table.add_row(*row("baseline: writer alone", baseline, baseline_seconds))
    table.add_row(*row(f"during store_run ({WRITE_BATCH:,} rows a transaction)", during, store_seconds))
    Console(width=140).print(table)
    for error in sorted(baseline.errors | during.errors):
        print("failed write:", error)
    print(f"busy timeout {SQLITE_BUSY_TIMEOUT_SECONDS} s: a write waiting longer fails (a refused submission)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().comments))

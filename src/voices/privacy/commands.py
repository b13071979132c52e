"""`voices privacy …` commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.table import Table

from voices.db.engine import bind, engine_from_url
from voices.privacy.evaluate import SHIPPED_SETS, Evaluation, InvalidEvaluationSet, evaluate, load_examples
from voices.privacy.redact import CONTACT_AND_IDENTIFIERS, Redactor, load_redactor
from voices.privacy.retention import PurgeCounts, cutoff, purge_expired
from voices.settings import Settings
from voices.themes.datasets import DEFAULT_DATASETS_DIR

DEFAULT_MODELS_DIR = Settings().nlp_models_dir
_BATCH = 256

models_dir_option = click.option(
    "--models-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_MODELS_DIR,
    envvar="VOICES_NLP_MODELS_DIR",
    show_default=True,
    help="The nlp_models folder holding redaction/config.cfg.",
)
gazetteer_option = click.option(
    "--gazetteer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A places file to use instead of the shipped one.",
)


@click.group()
def privacy() -> None:
    """Check and measure the removal of personal details."""


@privacy.command()
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@models_dir_option
@gazetteer_option
def redact(source: IO[str], models_dir: Path, gazetteer: Path | None) -> None:
    """Redact JSON lines {"id", "text"} from SOURCE (a file, or stdin) and write
    {"id", "text", "spans"} lines to stdout, with span offsets into the input text."""
    redactor = load_redactor(models_dir, gazetteer)
    batch: list[tuple[object, str]] = []
    try:
        for item in _read_requests(source):
            batch.append(item)
            if len(batch) == _BATCH:
                _write_redacted(redactor, batch)
                batch = []
    finally:
        # Lines before a malformed one are still answered, whatever batch they fell in.
        _write_redacted(redactor, batch)


def _read_requests(source: IO[str]) -> Iterator[tuple[object, str]]:
    # Errors name the line and the problem but never echo the line: it may hold personal details.
    for number, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise click.ClickException(f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise click.ClickException(f"line {number}: expected a JSON object with 'id' and 'text'")
        if "id" not in row:
            raise click.ClickException(f"line {number}: missing 'id'")
        if not isinstance(row.get("text"), str):
            raise click.ClickException(f"line {number}: 'text' must be a string")
        yield row["id"], row["text"]


def _write_redacted(redactor: Redactor, batch: list[tuple[object, str]]) -> None:
    results = redactor.redact_many(text for _, text in batch)
    for (item_id, _), result in zip(batch, results, strict=True):
        spans = [{"start": s.start, "end": s.end, "type": s.type} for s in result.spans]
        click.echo(json.dumps({"id": item_id, "text": result.text, "spans": spans}, ensure_ascii=False))


@privacy.command(name="evaluate")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Labelled JSON lines; default: every shipped set in the models folder's redaction/.",
)
@models_dir_option
@gazetteer_option
def evaluate_command(path: Path | None, models_dir: Path, gazetteer: Path | None) -> None:
    """Print precision and recall per kind of detail; exit 1 if a target is missed."""
    sets = [(path, path.name)] if path else [(models_dir / "redaction" / f, title) for f, title in SHIPPED_SETS]
    redactor = load_redactor(models_dir, gazetteer)
    passed = True
    for set_path, title in sets:
        try:
            examples = load_examples(set_path)
        except InvalidEvaluationSet as error:
            raise click.ClickException(f"{set_path}: {error}") from None
        evaluation = evaluate(redactor, examples)
        _print_evaluation(evaluation, title)
        passed = passed and evaluation.passed
    if not passed:
        raise SystemExit(1)


def _print_evaluation(evaluation: Evaluation, title: str) -> None:
    console = Console(width=100)
    kinds = Table(title=f"Redaction by kind: {title} ({evaluation.examples} examples)")
    for heading in ("kind", "precision", "recall", "removed, any label", "support", "predicted"):
        kinds.add_column(heading, justify="left" if heading == "kind" else "right")
    for score in evaluation.scores:
        kinds.add_row(
            score.kind,
            _figure(score.precision),
            _figure(score.recall),
            _figure(score.removed_share),
            str(score.support),
            str(score.predicted),
        )
    targets = Table(title=f"Targets: {title}")
    for heading in ("measure", "value", "target", "met"):
        targets.add_column(heading, justify="left" if heading == "measure" else "right")
    for target in evaluation.targets:
        targets.add_row(target.name, f"{target.value:.3f}", target.goal, "yes" if target.passed else "NO")
    targets.add_row("non-personal words redacted, every line", f"{evaluation.ordinary_rate:.3f}", "", "")
    for group, group_kinds in (
        ("contact details and identifiers", CONTACT_AND_IDENTIFIERS),
        ("names", ("name",)),
        ("places and venues", ("place",)),
    ):
        share = evaluation.removed_share(group_kinds)
        targets.add_row(f"removed under any label: {group}", f"{share:.3f}", "", "")
    console.print(kinds)
    console.print(targets)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@privacy.command(name="build-ner")
@models_dir_option
@click.option(
    "--datasets-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_DATASETS_DIR,
    show_default=True,
    help="The public datasets (FFT v6, banking77) whose text the model also learns from.",
)
@click.option("--generated", default=42_000, show_default=True, help="Comments written from templates.")
@click.option("--steps", default=7_600, show_default=True, help="Training steps.")
def build_ner_command(models_dir: Path, datasets_dir: Path, generated: int, steps: int) -> None:
    """Rebuild the redactor's compact entity model (nlp_models/redaction/ner/) and its manifest.

    Texts are cut into the windows the redactor reads, labelled by en_core_web_sm 3.8 (the
    teacher), and learnt with redaction/ner_training.cfg; the held-out redaction sets are never
    read. About 20 minutes on one core; score the result with `voices privacy evaluate`."""
    from rich.progress import Progress

    from voices.privacy.ner_build.build import build_ner

    with Progress(transient=True) as bar:

        def progress(description: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(description, total=total)
            return lambda done: bar.update(task, advance=done)

        built = build_ner(models_dir, datasets_dir, generated, steps, progress)
    click.echo(
        f"built from {built.texts:,} texts ({built.windows['train']:,} training windows, "
        f"{built.windows['dev']:,} development) in {built.seconds / 60:.0f} min: "
        f"{models_dir / 'redaction' / 'ner'} ({len(built.files)} files, listed in ner_model.json)"
    )


@privacy.command()
@click.option("--dry-run", is_flag=True, help="Count what is past retention without deleting it.")
def purge(dry_run: bool) -> None:
    """Delete answers older than VOICES_RETENTION_DAYS, with every copy of their text.

    The app does this every night by itself; this command is for doing it now.
    """
    settings = Settings.from_env()

    async def run() -> PurgeCounts:
        bind(engine_from_url(settings.database_url))
        return await purge_expired(dt.date.today(), settings.retention_days, dry_run=dry_run)

    counts = asyncio.run(run())
    first_kept = cutoff(dt.date.today(), settings.retention_days)
    verb = "would be deleted" if dry_run else "deleted"
    click.echo(f"Kept: {settings.retention_days} days, dated {first_kept} or later. Older rows {verb}:")
    table = Table()
    table.add_column("what")
    table.add_column("rows", justify="right")
    for name, number in counts.rows():
        table.add_row(name, f"{number:,}")
    Console().print(table)

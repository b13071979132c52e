"""`voices themes …` and `voices nlp …` commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

import click

if TYPE_CHECKING:
    from voices.settings import Settings
    from voices.themes.codebook import Codebook
    from voices.themes.tagger import CodebookTagger


@click.group()
def themes() -> None:
    """Tag and discover themes in free text."""


@click.group()
def nlp() -> None:
    """Train and evaluate the theming models."""


@nlp.command("train")
@click.option("--with-confirmed", is_flag=True,
              help="Train a challenger on officers' confirmed labels too, kept in the database; it replaces "
              "the current model only if it is not worse.")
@click.option("--random-state", default=0, show_default=True, help="Seed: same seed and data, same model.")
@click.option("--sentence-encoder", type=click.Choice(["minilm"]), default=None,
              help="Also read sentence embeddings (needs the optional `embeddings` extra).")
def nlp_train(with_confirmed: bool, random_state: int, sentence_encoder: str | None) -> None:
    """Rebuild the shipped nlp_models/tagger/ and nlp_models/polarity/; with --with-confirmed, challenge the
    deployment's current model instead (the shipped files are never rewritten): exit 1 if refused or failed."""
    from voices.settings import Settings
    from voices.themes.codebook import load_codebook
    from voices.themes.polarity_train import train_polarity
    from voices.themes.train import train_tagger

    settings = Settings.from_env()
    codebook = load_codebook(settings.nlp_models_dir / "codebook.yaml")
    if with_confirmed:
        if sentence_encoder:
            raise click.UsageError("--with-confirmed trains the shipped recipe, without --sentence-encoder")
        version_id, outcome, reason = _challenge(settings, codebook, random_state)
        click.echo(f"tagger version {version_id}: {reason}")
        if outcome != "accepted":
            sys.exit(1)
        return
    manifest = train_tagger(codebook, settings.nlp_models_dir, (), random_state, sentence_encoder)
    click.echo(
        f"trained on {manifest['n_texts']} texts; "
        f"data sha256 {manifest['data_sha256'][:12]}, model {manifest['model_fingerprint'][:12]}"
    )
    polarity = train_polarity(settings.nlp_models_dir, random_state=random_state)
    click.echo(
        f"polarity: trained on {polarity['n_comments']} labelled comments; "
        f"data sha256 {polarity['data_sha256'][:12]}, model {polarity['model_fingerprint'][:12]}"
    )


def _challenge(settings: Settings, codebook: Codebook, random_state: int) -> tuple[int, str, str]:
    """A challenger trained on the confirmed labels, kept as a tagger version in the database."""
    import asyncio
    from datetime import UTC, datetime

    from voices.db.engine import bind, engine_from_url
    from voices.officers.audit import COMMAND_LINE
    from voices.themes.model_versions import retrain
    from voices.themes.train import shipped_training_comments

    async def run() -> tuple[int, str, str]:
        bind(engine_from_url(settings.database_url))
        extra = shipped_training_comments(settings.nlp_models_dir)
        return await retrain(codebook, COMMAND_LINE, None, datetime.now(UTC), extra, random_state)

    return asyncio.run(run())


@nlp.command("evaluate")
@click.option(
    "--only",
    type=click.Choice(["tagging", "blind", "polarity", "discovery", "speed"]),
    default=None,
    help="One section; `tagging` includes the blind set, `blind` is the blind set alone.",
)
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds for FFT tagging and polarity.")
@click.option("--seed", default=0, show_default=True)
@click.option("--datasets-dir", type=click.Path(path_type=Path), default=None,
              help="Default: ../shared/datasets from the project root.")
@click.option("--speed-texts", type=click.IntRange(min=1), default=None,
              help="Comments the speed section tags (default 10,000, which its target is for).")
def nlp_evaluate(
    only: str | None, folds: int, seed: int, datasets_dir: Path | None, speed_texts: int | None
) -> None:
    """Print one table of evaluation figures; exit 1 if any target is missed."""
    from voices.errors import TaggerNotTrained
    from voices.settings import Settings
    from voices.text.embeddings import INSTALL_HINT, available_encoders
    from voices.themes import evaluate
    from voices.themes.blind import BLIND_FILE, load_blind_set
    from voices.themes.codebook import load_codebook
    from voices.themes.datasets import DEFAULT_DATASETS_DIR, load_fft
    from voices.themes.metrics import Metric
    from voices.themes.train import fit_codebook_tagger, load_tagger

    datasets_dir = datasets_dir or DEFAULT_DATASETS_DIR
    models_dir = Settings.from_env().nlp_models_dir
    metrics: list[Metric] = []
    encoders = available_encoders()
    if not encoders and only in (None, "tagging", "blind", "speed"):
        click.echo(f"sentence embeddings: the optional backend is not installed, so its rows are skipped; {INSTALL_HINT}")
    if only in (None, "tagging"):
        split, per_theme = evaluate.codebook_split_metrics(
            load_codebook(models_dir / "codebook.yaml"), seed
        )
        metrics += split
        metrics += [
            Metric("tagging", "codebook test split", f"F1 {theme}", f1)
            for theme, f1 in per_theme.items()
        ]
        metrics += evaluate.fft_cross_validation(datasets_dir, folds, seed)
        for name in encoders:
            metrics += evaluate.fft_cross_validation(
                datasets_dir, folds, seed, with_baseline=False, sentence_encoder=name
            )
    theme_scores: dict[str, dict[str, evaluate.ThemeScore]] = {}
    if only in (None, "tagging", "blind"):
        codebook = load_codebook(models_dir / "codebook.yaml")
        blind = load_blind_set(models_dir / BLIND_FILE)
        seeds = range(seed, seed + evaluate.BLIND_SEEDS)
        for name in [None, *encoders]:
            found, theme_scores[name or "default"] = evaluate.blind_set_metrics(codebook, blind, seeds, name)
            metrics += found
    if only in (None, "polarity"):
        from voices.themes.evaluate_polarity import (
            blind_polarity_metrics,
            fft_polarity_cross_validation,
            shipped_polarity_metrics,
        )
        from voices.themes.polarity_train import PolarityNotTrained, load_polarity

        metrics += fft_polarity_cross_validation(datasets_dir, folds, seed)
        try:
            shipped = load_polarity(models_dir)
        except PolarityNotTrained as error:
            click.echo(f"polarity: {error}; the shipped model's rows are skipped")
        else:
            metrics += shipped_polarity_metrics(shipped, datasets_dir) + blind_polarity_metrics(shipped, models_dir)
    if only in (None, "discovery"):
        try:
            from voices.themes.evaluate_discovery import evaluate_discovery
        except ImportError:
            click.echo("discovery: voices.themes.evaluate_discovery is not there yet; skipped")
        else:
            metrics += evaluate_discovery(datasets_dir, seed=seed)
    if only in (None, "speed"):
        try:
            tagger = load_tagger(models_dir)
        except TaggerNotTrained as error:
            click.echo(f"speed: {error}; skipped")
        else:
            metrics += evaluate.tagging_speed(tagger, load_fft(datasets_dir)[0], speed_texts)
        codebook = load_codebook(models_dir / "codebook.yaml")
        for name in encoders:
            with_encoder = fit_codebook_tagger(codebook, sentence_encoder=name, random_state=seed)
            metrics += evaluate.tagging_speed(with_encoder, load_fft(datasets_dir)[0], speed_texts, repeats=1)
    evaluate.print_metrics(metrics)
    if theme_scores:
        evaluate.print_theme_scores(
            f"{BLIND_FILE}: per theme, mean of {evaluate.BLIND_SEEDS} seeds", theme_scores
        )
    missed = [m for m in metrics if m.passed is False]
    if missed:
        click.echo("missed: " + "; ".join(f"{m.section} {m.name} {m.value:.3f} (target {m.target})" for m in missed))
        sys.exit(1)


@themes.command("tag")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--explain", is_flag=True, help="Add the terms that drove each assigned theme.")
@click.option("--batch-size", default=1000, show_default=True)
def themes_tag(source: TextIO, explain: bool, batch_size: int) -> None:
    """Read JSON lines {"id", "text", optional "question"} (file or stdin); write {"id", "themes", "scores"}."""
    from voices.settings import Settings
    from voices.themes.train import load_tagger

    tagger = load_tagger(Settings.from_env().nlp_models_dir)
    batch: list[Record] = []
    for record in _records(source):
        batch.append(record)
        if len(batch) >= batch_size:
            _write_tags(tagger, batch, explain)
            batch = []
    if batch:
        _write_tags(tagger, batch, explain)


def _write_tags(tagger: CodebookTagger, batch: list[Record], explain: bool) -> None:
    texts, questions = [r.text for r in batch], [r.question for r in batch]
    tags = tagger.tag(texts, questions)
    explanations = tagger.explain(texts, questions=questions) if explain else [None] * len(batch)
    for record, (themes_, scores), drivers in zip(batch, tags, explanations, strict=True):
        out: dict[str, object] = {"id": record.id, "themes": themes_, "scores": scores}
        if drivers is not None:
            out["explanations"] = {
                theme: [[d.term, d.weight] for d in found] for theme, found in drivers.items()
            }
        click.echo(json.dumps(out, ensure_ascii=False))


@themes.command("discover")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--seed", default=0, show_default=True, help="Same seed and comments, same themes.")
@click.option("--min-themes", default=8, show_default=True)
@click.option("--max-themes", default=20, show_default=True)
@click.option("--themes", "n_themes", type=int, default=None, help="Number of themes to find (overrides the bounds); themes then given one name are joined.")
@click.option("--with-tagger", is_flag=True, help="Also tag and summarise codebook themes (needs `voices nlp train`).")
def themes_discover(
    source: TextIO, seed: int, min_themes: int, max_themes: int, n_themes: int | None, with_tagger: bool
) -> None:
    """Read JSON lines {"id", "text"}; write one JSON document of themes, members and summaries."""
    from voices.settings import Settings
    from voices.themes.discover import ThemeDiscoverer
    from voices.themes.run import result_json, theme_comments

    records = list(_records(source))
    settings = Settings.from_env()
    tagger, labels = None, {}
    if with_tagger:
        from voices.themes.train import load_tagger

        tagger, labels = load_tagger(settings.nlp_models_dir), _theme_labels(settings.nlp_models_dir)
    engine = ThemeDiscoverer(
        n_themes=n_themes, min_themes=min_themes, max_themes=max_themes, random_state=seed
    )
    result = theme_comments(
        [r.text for r in records], tagger=tagger, theme_labels=labels, discoverer=engine,
        disclosure_threshold=settings.disclosure_threshold, questions=[r.question for r in records],
    )
    click.echo(json.dumps(result_json(result, [r.id for r in records]), ensure_ascii=False, indent=2))


def _theme_labels(models_dir: Path) -> dict[str, str]:
    """Codebook theme id -> the label officers read."""
    from voices.themes.codebook import load_codebook

    return {theme.id: theme.label for theme in load_codebook(models_dir / "codebook.yaml").themes}


class Record(NamedTuple):
    id: object
    text: str
    question: str | None  # the survey question the comment answers, when the input gives it


def _records(source: TextIO) -> Iterator[Record]:
    """The JSON lines of `voices themes tag|discover`; a bad line stops with its number and why."""
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question = record.get("question")
            if question is not None and not isinstance(question, str):
                raise TypeError(f"\"question\" must be text or null, not {type(question).__name__}")
            yield Record(record["id"], str(record["text"]), question)
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise click.ClickException(
                f'line {number}: expected {{"id": ..., "text": ..., "question": optional}}: {error}'
            ) from None


THEMING_STEPS = ["read", "analyse", "tag", "discover", "summarise", "store"]


@themes.command("run")
@click.option("--survey", "survey_slug", required=True, help="The survey's slug.")
@click.option("--seed", default=0, show_default=True, help="Same seed and answers, same themes.")
def themes_run(survey_slug: str, seed: int) -> None:
    """Theme a survey's stored free text and make the run current; a failed run changes nothing.

    Audited by the command line: `theme run started` (the survey), then `theme run finished` (the run's
    id)."""
    import asyncio

    from rich.progress import Progress

    from voices.db.engine import bind, engine_from_url
    from voices.errors import SurveyNotFound, TaggerNotTrained
    from voices.officers.audit import CLI_ACTOR, Action, AuditLog, theme_run_ref
    from voices.officers.clock import utc_now
    from voices.settings import Settings
    from voices.themes.current_tagger import CurrentTagger
    from voices.themes.survey_run import theme_survey

    settings = Settings.from_env()
    audit = AuditLog(utc_now)

    async def run() -> int:
        bind(engine_from_url(settings.database_url))
        await audit.record(CLI_ACTOR, Action.theme_run_started, "survey", survey_slug)
        run_id = await themed()
        await audit.record(CLI_ACTOR, Action.theme_run_finished, "theme run", theme_run_ref(survey_slug, run_id))
        return run_id

    async def themed() -> int:
        # The deployment's current tagger version, else the shipped model.
        try:
            tagger, _ = await CurrentTagger(settings.nlp_models_dir).get()
        except TaggerNotTrained as error:
            click.echo(f"{error}; emergent themes only", err=True)
            tagger = None
        with Progress(transient=True) as bar:
            task = bar.add_task(f"theming {survey_slug}", total=len(THEMING_STEPS))

            def advance(step: str) -> None:
                bar.update(task, advance=1, description=f"theming {survey_slug}: {step} done")

            return await theme_survey(
                survey_slug, seed, tagger, settings.disclosure_threshold, progress=advance,
                theme_labels=_theme_labels(settings.nlp_models_dir),
            )

    try:
        run_id = asyncio.run(run())
    except SurveyNotFound as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"theme run {run_id} for {survey_slug} is now current")

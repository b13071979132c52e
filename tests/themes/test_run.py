from __future__ import annotations

import asyncio
import contextvars
import json
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
import pytest_asyncio
from click.testing import CliRunner

from tests.conftest import file_bytes
from tests.themes.corpus import corpus
from voices.cli import main
from voices.db.tables import Answer, Submission, Survey, SurveyVersion
from voices.themes.discover import ThemeDiscoverer, is_substantive
from voices.themes.run import ThemingResult, theme_comments
from voices.themes.reader import current_run, run_summaries
from voices.themes.run_store import store_run
from voices.themes.source import survey_free_text
from voices.db.tables import ThemeAssignment, ThemeHistory, ThemeRun, ThemeSummaryRecord



def small_engine() -> ThemeDiscoverer:
    return ThemeDiscoverer(n_themes=3, n_components=20, n_neighbors=8)


@pytest.fixture(scope="module")
def result() -> tuple[list[str], ThemingResult]:
    texts, _ = corpus()
    return texts, theme_comments(texts, discoverer=small_engine())


class FakeTagger:
    """Stands in for CodebookTagger: a theme scores 1 when its word appears."""

    classes_ = np.array(["police_response", "waiting"])
    thresholds_ = np.array([0.5, 0.5])

    def __init__(self) -> None:
        self.questions_seen: list[str | None] = []

    def predict_proba(self, texts: list[str], questions: list[str | None] | None = None) -> np.ndarray:
        self.questions_seen.extend(questions if questions is not None else [None] * len(texts))
        return np.array([["police" in t.lower(), "wait" in t.lower()] for t in texts], dtype=float)


def test_theming_returns_assignments_summaries_and_timings(result) -> None:
    texts, themed = result
    assert {s.source for s in themed.summaries} == {"emergent"}
    assert "no trained tagger: codebook themes skipped" in themed.notes
    assert set(themed.seconds) == {"analyse", "tag", "discover", "summarise"}
    emergent = [a for a in themed.assignments if a.source == "emergent"]
    assert len(emergent) == themed.discovery.n_substantive - themed.discovery.n_unassigned


def test_codebook_themes_are_tagged_and_summarised_too() -> None:
    texts, _ = corpus()
    themed = theme_comments(texts, tagger=FakeTagger(), discoverer=small_engine())
    police = next(s for s in themed.summaries if s.key == "police_response")
    assert police.source == "codebook"
    assert police.count == sum("police" in t.lower() for t in texts)
    assert all("police" in q.text.lower() for q in police.quotes)
    assert "police" in police.top_phrases


def test_each_comments_question_reaches_the_tagger_beside_its_text() -> None:
    texts, _ = corpus()
    questions = [("What helped?" if i % 2 else "What did not help?") for i in range(len(texts))]
    tagger = FakeTagger()
    theme_comments(texts, tagger=tagger, discoverer=small_engine(), questions=questions)
    substantive = [q for q, t in zip(questions, texts) if is_substantive(t)]
    assert tagger.questions_seen == substantive
    with pytest.raises(ValueError, match="questions"):
        theme_comments(texts, tagger=FakeTagger(), discoverer=small_engine(), questions=questions[:-1])


async def test_stored_comments_carry_their_questions_english_prompt(db: str) -> None:
    survey = Survey(slug="asked", title="Asked")
    await survey.save()
    definition = {"questions": [
        {"id": "helped", "kind": "free_text", "prompt": "What helped?"},
        {"id": "not_helped", "kind": "free_text", "prompt": {"en": "What did not help?", "cy": "Beth na helpodd?"}},
    ]}
    version = SurveyVersion(survey=survey.id, content_hash="a" * 64, definition=definition, loaded_on=date.today())
    await version.save()
    for question_id in ("helped", "not_helped", "gone"):
        submission = Submission(survey_version=version.id, submitted_on=date.today())
        await submission.save()
        await Answer(submission=submission.id, question_id=question_id, text="nothing").save()
    rows = await survey_free_text("asked")
    assert [row.question for row in rows] == ["What helped?", "What did not help?", None]
    assert await survey_free_text("no-such-survey") == []


def test_discover_command_writes_themes_members_and_summaries(tmp_path: Path) -> None:
    texts, _ = corpus()
    source = tmp_path / "comments.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"c{i}", "text": t}) for i, t in enumerate(texts)))
    out = CliRunner().invoke(main, ["themes", "discover", "--themes", "3", str(source)])
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    assert len(report["themes"]) == 3
    by_id = {f"c{i}": t for i, t in enumerate(texts)}
    for theme in report["themes"]:
        assert theme["label"] and theme["members"]
        assert all(q["text"] in by_id[q["id"]] for q in theme["summary"]["quotes"])
    assert report["counts"]["not_substantive"] == len(report["not_substantive"]) == 6


def test_discover_command_names_a_bad_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\nnot json\n')
    out = CliRunner().invoke(main, ["themes", "discover", str(source)])
    assert out.exit_code != 0 and "line 2" in out.output


@pytest_asyncio.fixture(loop_scope="session")
async def stored_answers(db: str) -> AsyncIterator[list[int]]:
    yield await store_corpus_answers()


async def store_corpus_answers() -> list[int]:
    survey = Survey(slug="feedback", title="Feedback")
    await survey.save()
    version = SurveyVersion(survey=survey.id, content_hash="x" * 64, definition={}, loaded_on=date.today())
    await version.save()
    texts, _ = corpus()
    ids = []
    for text in texts:
        submission = Submission(survey_version=version.id, submitted_on=date.today())
        await submission.save()
        answer = Answer(submission=submission.id, question_id="q1", text=text)
        await answer.save()
        ids.append(answer.id)
    return ids


async def run_once(ids: list[int], fail_at: str | None = None) -> int:
    rows = await survey_free_text("feedback")
    assert [row.answer_id for row in rows] == ids
    themed = theme_comments([row.text for row in rows], discoverer=small_engine())

    def checkpoint(step: str) -> None:
        if step == fail_at:
            raise RuntimeError(f"injected failure at {step}")

    return await store_run("feedback", ids, themed, {"seed": 0}, checkpoint)


async def test_a_run_is_stored_and_made_current(stored_answers: list[int]) -> None:
    run_id = await run_once(stored_answers)
    current = await current_run("feedback")
    assert current is not None and current.id == run_id and current.status == "complete"
    assignments = await ThemeAssignment.count().where(ThemeAssignment.theme_run == run_id)
    assert assignments == current.counts.assignments > 0
    summaries = await run_summaries(run_id)
    texts = {row["id"]: row["text"] for row in await Answer.select(Answer.id, Answer.text)}
    assert summaries and await ThemeSummaryRecord.count().where(ThemeSummaryRecord.theme_run == run_id) == len(summaries)
    for summary in summaries:
        # Every quote is a verbatim slice of the answer it names.
        assert all(texts[q.answer][q.start : q.end] == q.text for q in summary.quotes)


@pytest.mark.parametrize("fail_at", ["started", "assignments", "written", "flip"])
async def test_a_failed_run_leaves_the_previous_one_current(stored_answers: list[int], fail_at: str) -> None:
    first = await run_once(stored_answers)
    runs_before = await ThemeRun.count()
    with pytest.raises(RuntimeError, match="injected"):
        await run_once(stored_answers, fail_at=fail_at)
    current = await current_run("feedback")
    assert current is not None and current.id == first
    assert await ThemeRun.count().where(ThemeRun.is_current == True) == 1  # noqa: E712
    # The partial run is deleted, with whatever of it was already committed.
    assert await ThemeRun.count() == runs_before
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run != first) == 0
    second = await run_once(stored_answers)
    assert (await current_run("feedback")).id == second
    # Replaced and abandoned runs are gone, with their copies of quotes and assignments.
    assert [row["id"] for row in await ThemeRun.select(ThemeRun.id)] == [second]
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run != second) == 0
    assert await ThemeSummaryRecord.count().where(ThemeSummaryRecord.theme_run != second) == 0


async def test_a_large_run_is_written_in_several_transactions(
    stored_answers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from voices.themes import run_store

    monkeypatch.setattr(run_store, "WRITE_BATCH", 7)
    run_id = await run_once(stored_answers)
    current = await current_run("feedback")
    assert current.id == run_id and current.counts.assignments > 7 * 3
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run == run_id) == current.counts.assignments


@pytest.mark.parametrize("purge_at", ["started", "assignments", "written"])
async def test_a_purge_while_a_run_is_written_leaves_no_expired_words(
    stored_answers: list[int], purge_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voices.privacy.retention import purge_expired
    from voices.themes import run_store

    monkeypatch.setattr(run_store, "WRITE_BATCH", 7)  # several write transactions, as at scale
    # Half the comments were sent long ago: past a 30-day retention.
    expired = stored_answers[::2]
    old_submissions = Answer.select(Answer.submission).where(Answer.id.is_in(expired))
    await Submission.update({Submission.submitted_on: date(2020, 1, 1)}).where(Submission.id.is_in(old_submissions))
    rows = await survey_free_text("feedback")
    themed = theme_comments([row.text for row in rows], discoverer=small_engine())
    expired_quotes_before_flip: list[int] = []

    async def purge_mid_run(step: str) -> None:
        if step == purge_at:
            # A fresh context, as in another process; it must not wait for the run to finish.
            purge = asyncio.create_task(purge_expired(date.today(), 30), context=contextvars.Context())
            counts = await asyncio.wait_for(purge, timeout=30)
            assert counts.answers == len(expired)
        if step == "written":
            writing = ThemeRun.select(ThemeRun.id).where(ThemeRun.status == ThemeRun.Status.writing)
            summaries = await ThemeSummaryRecord.select().where(
                ThemeSummaryRecord.theme_run.is_in(writing)
            ).output(load_json=True)
            expired_quotes_before_flip.extend(
                q["answer"] for row in summaries for q in row["summary"]["quotes"] if q["answer"] in expired
            )

    run_id = await store_run("feedback", stored_answers, themed, {"seed": 0}, purge_mid_run)
    # Summaries written after the purge left out its answers' quotes: never written, not scrubbed.
    assert expired_quotes_before_flip == []
    kept = {row["id"]: row["text"] for row in await Answer.select(Answer.id, Answer.text)}
    assert set(kept) == set(stored_answers) - set(expired)
    current = await current_run("feedback")
    assert current.id == run_id
    summaries = await ThemeSummaryRecord.select().where(ThemeSummaryRecord.theme_run == run_id).output(load_json=True)
    quotes = [quote for row in summaries for quote in row["summary"]["quotes"]]
    assert quotes and all(quote["answer"] in kept for quote in quotes)
    assert await ThemeAssignment.count().where(ThemeAssignment.answer.is_in(expired)) == 0
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run == run_id) == current.counts.assignments > 0


async def test_theme_survey_reads_themes_and_stores_a_survey(stored_answers: list[int]) -> None:
    from voices.themes.survey_run import theme_survey

    steps: list[str] = []
    run_id = await theme_survey("feedback", seed=0, progress=steps.append)
    assert steps == ["read", "analyse", "tag", "discover", "summarise", "store"]
    current = await current_run("feedback")
    assert current is not None and current.id == run_id
    assert current.parameters["seed"] == 0
    assert current.counts.comments == len(stored_answers)
    # Each assignment keeps how the polarity model read its comment, as the summaries counted it.
    tones = await ThemeAssignment.select(ThemeAssignment.theme_key, ThemeAssignment.tone).where(
        ThemeAssignment.theme_run == run_id
    )
    assert tones and {row["tone"] for row in tones} <= {"positive", "negative", "neutral"}
    for summary in await run_summaries(run_id):
        mine = [row["tone"] for row in tones if row["theme_key"] == summary.key]
        assert (mine.count("positive"), mine.count("negative")) == (summary.positive, summary.negative)


async def test_a_survey_without_free_text_gets_an_empty_run(stored_answers: list[int]) -> None:
    from voices.themes.survey_run import theme_survey

    run_id = await theme_survey("no-such-survey")
    current = await current_run("no-such-survey")
    assert current is not None and current.id == run_id and current.counts.comments == 0


async def test_overlapping_runs_of_one_survey_leave_the_first_to_finish_current(stored_answers: list[int]) -> None:
    from voices.errors import RunSuperseded

    rows = await survey_free_text("feedback")
    themed = theme_comments([row.text for row in rows], discoverer=small_engine())
    finished: list[int] = []

    async def let_the_other_finish_first(step: str) -> None:
        if step == "written":
            # Another run of the survey, started later, becomes current while this one waits.
            other = asyncio.create_task(
                store_run("feedback", stored_answers, themed, {"seed": 1}), context=contextvars.Context()
            )
            finished.append(await other)

    with pytest.raises(RunSuperseded, match="replaced by another run"):
        await store_run("feedback", stored_answers, themed, {"seed": 0}, let_the_other_finish_first)
    current = await current_run("feedback")
    assert current is not None and current.id == finished[0] and current.parameters["seed"] == 1
    assert [row["id"] for row in await ThemeRun.select(ThemeRun.id)] == finished
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run != finished[0]) == 0
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run == finished[0]) == current.counts.assignments


async def test_no_purged_words_remain_in_the_sqlite_file(tmp_path: Path, database_url: str) -> None:
    """Bytes on disk, not rows: a fresh file, a purge in the middle of a run, then a full checkpoint."""
    import sqlite3

    from voices.db.engine import bind, engine_from_url
    from voices.db.migrate import migrate
    from voices.privacy.retention import purge_expired

    path = tmp_path / "fresh.sqlite"
    bind(engine_from_url(f"sqlite:///{path}"))
    try:
        await migrate()
        ids = await store_corpus_answers()
        expired = ids[::2]
        old = Answer.select(Answer.submission).where(Answer.id.is_in(expired))
        await Submission.update({Submission.submitted_on: date(2020, 1, 1)}).where(Submission.id.is_in(old))
        rows = await survey_free_text("feedback")
        texts = {row.answer_id: row.text for row in rows}
        themed = theme_comments([row.text for row in rows], discoverer=small_engine())

        async def purge_between_assignments_and_summaries(step: str) -> None:
            if step == "assignments":
                await asyncio.create_task(purge_expired(date.today(), 30), context=contextvars.Context())

        await store_run("feedback", ids, themed, {"seed": 0}, purge_between_assignments_and_summaries)
    finally:
        bind(engine_from_url(database_url))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    kept_text = " ".join(texts[i] for i in ids if i not in expired)
    # The purged answers' whole texts, and every quote the run took from them, where no kept
    # answer has the same words.
    quoted = [q.text for summary in themed.summaries for q in summary.quotes if ids[q.comment] in expired]
    only_purged = [t for t in [texts[i] for i in expired] + quoted if len(t) >= 20 and t not in kept_text]
    assert quoted and only_purged
    wal = path.with_name(path.name + "-wal")
    data = file_bytes(path) + (file_bytes(wal) if wal.exists() else b"")
    assert [t for t in only_purged if t.encode() in data] == []


async def test_each_run_leaves_its_counts_per_theme_and_month_in_history(stored_answers: list[int]) -> None:
    # Half the comments were sent in an earlier month.
    earlier = date.today().replace(day=1) - timedelta(days=40)
    half = Answer.select(Answer.submission).where(Answer.id.is_in(stored_answers[: len(stored_answers) // 2]))
    await Submission.update({Submission.submitted_on: earlier}).where(Submission.id.is_in(half))
    first = await run_once(stored_answers)
    sent_on = ThemeAssignment.answer.submission.submitted_on
    assigned = await ThemeAssignment.select(ThemeAssignment.theme_key, sent_on).where(ThemeAssignment.theme_run == first)
    expected = Counter((row["theme_key"], f"{row['answer.submission.submitted_on']:%Y-%m}") for row in assigned)
    kept = await ThemeHistory.select().where(ThemeHistory.run_id == first).order_by(ThemeHistory.id)
    assert {(row["theme_key"], row["period"]): row["comment_count"] for row in kept} == expected
    assert {row["period"] for row in kept} == {f"{earlier:%Y-%m}", f"{date.today():%Y-%m}"}
    assert all(row["survey_slug"] == "feedback" and row["ran_on"] == date.today() for row in kept)

    with pytest.raises(RuntimeError, match="injected"):
        await run_once(stored_answers, fail_at="flip")
    second = await run_once(stored_answers)
    # The first run's assignments went with it; its counts stay, and a failed run left none.
    assert await ThemeAssignment.count().where(ThemeAssignment.theme_run == first) == 0
    assert await ThemeHistory.select().where(ThemeHistory.run_id == first).order_by(ThemeHistory.id) == kept
    assert {row["run_id"] for row in await ThemeHistory.select(ThemeHistory.run_id)} == {first, second}
    # Counts and theme names only: no comment's words.
    texts = [row["text"] for row in await Answer.select(Answer.text) if len(row["text"]) >= 20]
    stored = json.dumps(await ThemeHistory.select(), default=str)
    assert texts and not [text for text in texts if text in stored]

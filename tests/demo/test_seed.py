"""Seeding and clearing on both engines, through the real database fixtures."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from piccolo.apps.migrations.commands.base import BaseMigrationManager

from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    Submission,
    SurveyVersion,
    ThemeAssignment,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.demo.clear import clear_demo
from voices.demo.generate import SPAN_DAYS
from voices.demo.seed import RealAnswersPresent, current_version, seed_survey
from voices.errors import SurveyNotFound
from voices.privacy.retention import DeletedCounts
from voices.surveys.definition import LikertQuestion
from voices.surveys.flow import shown_questions
from voices.themes.summaries import (
    StoredQuote,
    StoredSummary,
    decode_summary,
    encode_summary,
)

TODAY = dt.date(2026, 11, 30)


async def answers_by_submission() -> dict[int, dict[str, object]]:
    grouped: dict[int, dict[str, object]] = {}
    for row in await Answer.select(Answer.submission, Answer.question_id, Answer.value, Answer.text).output(
        load_json=True
    ):
        value = row["text"] if row["value"] is None else row["value"]
        grouped.setdefault(row["submission"], {})[row["question_id"]] = value
    return grouped


async def test_seed_stores_demo_submissions_as_the_form_would(published: list[str]) -> None:
    result = await seed_survey("survivor-feedback", 1200, seed=0, today=TODAY)
    version_id, definition = await current_version("survivor-feedback")
    assert result.version_id == version_id and result.submissions == 1200
    rows = await Submission.select()
    assert len(rows) == 1200
    assert {row["channel"] for row in rows} == {Submission.Channel.demo.value}
    assert {row["survey_version"] for row in rows} == {version_id}
    days = [row["submitted_on"] for row in rows]
    assert all(type(day) is dt.date for day in days)  # the day only, as the real path stores
    assert TODAY - dt.timedelta(days=SPAN_DAYS) <= min(days) and max(days) <= TODAY
    assert (max(days) - min(days)).days >= 365

    grouped = await answers_by_submission()
    assert await Answer.count() == result.answers == sum(len(answers) for answers in grouped.values())
    assert result.comments == await Answer.count().where(Answer.text.is_not_null())
    for answers in grouped.values():
        raw = {qid: v if isinstance(v, list) else str(v) for qid, v in answers.items()}
        assert set(raw) <= {q.id for q in shown_questions(definition, raw)}
    # The branch after "still waiting" is taken by some, and only by them.
    assert any("help_while_waiting" in answers for answers in grouped.values())
    likert = [q.id for q in definition.questions if isinstance(q, LikertQuestion)]
    for item in likert:
        assert sum(item in answers for answers in grouped.values()) > 1000


async def test_the_migrations_know_the_demo_channel(db: str) -> None:
    # The column's choices as the migrations built them, not only as tables.py says.
    migrated = await BaseMigrationManager().get_table_from_snapshot("voices", "Submission")
    channel = next(column for column in migrated.columns if column._meta.name == "channel")
    assert {choice.value for choice in channel._meta.choices} == {
        choice.value for choice in Submission.Channel
    }
    assert Submission.Channel("demo") is Submission.Channel.demo


@pytest.mark.parametrize("channel", [c for c in Submission.Channel if c is not Submission.Channel.demo])
async def test_seeding_is_refused_where_a_real_answer_exists(
    published: list[str], channel: Submission.Channel
) -> None:
    version = (await SurveyVersion.select(SurveyVersion.id).limit(1))[0]["id"]
    await Submission(survey_version=version, submitted_on=TODAY, channel=channel).save()
    with pytest.raises(RealAnswersPresent, match="1 real submission"):
        await seed_survey("attitudes", 10, seed=0, today=TODAY)
    assert await Submission.count() == 1


async def test_an_unknown_survey_is_refused(published: list[str]) -> None:
    with pytest.raises(SurveyNotFound, match="no-such-survey"):
        await seed_survey("no-such-survey", 10, seed=0, today=TODAY)


async def test_the_same_seed_stores_the_same_answers(published: list[str]) -> None:
    def content(rows: list[dict]) -> list[tuple]:
        return [(r["question_id"], str(r["value"]), r["text"]) for r in rows]

    await seed_survey("awareness", 100, seed=5, today=TODAY)
    first = content(await Answer.select().order_by(Answer.id))
    await clear_demo()
    await seed_survey("awareness", 100, seed=5, today=TODAY)
    assert content(await Answer.select().order_by(Answer.id)) == first


async def test_clear_removes_demo_data_and_everything_derived_and_nothing_else(published: list[str]) -> None:
    await seed_survey("attitudes", 300, seed=0, today=TODAY)
    demo_answer = (await Answer.select(Answer.id, Answer.text).where(Answer.text.is_not_null()).limit(1))[0]
    # Real answers arrive after the demo was seeded (the survey went live), by every other channel.
    version_id, _ = await current_version("attitudes")
    real_submissions, real_answers = [], []
    for channel in Submission.Channel:
        if channel is Submission.Channel.demo:
            continue
        real = Submission(survey_version=version_id, submitted_on=TODAY, channel=channel)
        await real.save()
        answer = Answer(
            submission=real.id, question_id="anything_else", text=f"a real comment by {channel.value}"
        )
        await answer.save()
        real_submissions.append(real.id)
        real_answers.append(answer)
    real_answer = real_answers[0]
    run = ThemeRun(survey_slug="attitudes", created_on=TODAY, is_current=True, parameters={}, counts={})
    await run.save()
    for answer_id in (demo_answer["id"], real_answer.id):
        await ThemeAssignment(
            theme_run=run.id, answer=answer_id, theme_key="E01", theme_label="x", score=1.0, source="emergent"
        ).save()
    quotes = [
        StoredQuote(demo_answer["id"], 0, len(demo_answer["text"]), demo_answer["text"]),
        StoredQuote(real_answer.id, 0, len(real_answer.text), real_answer.text),
    ]
    summary = StoredSummary(
        key="E01",
        label="x",
        source="emergent",
        count=2,
        share=1.0,
        top_phrases=[],
        positive=0,
        negative=0,
        neutral=2,
        quotes=quotes,
        sentence="",
        quotes_withheld=False,
    )
    await ThemeSummaryRecord(
        theme_run=run.id, theme_key="E01", source="emergent", member_count=2, summary=encode_summary(summary)
    ).save()
    # An officer confirmed a theme on a demo comment and on a real one.
    for text in (demo_answer["text"], real_answer.text):
        await ConfirmedLabel(text=text, theme_id="waiting_times", applies=True, confirmed_on=TODAY).save()
    demo_answers = await Answer.count() - len(real_answers)

    counts = await clear_demo()

    assert counts == DeletedCounts(
        submissions=300, answers=demo_answers, theme_assignments=1, summary_quotes=1, confirmed_labels=1
    )
    assert sorted(row["id"] for row in await Submission.select(Submission.id)) == sorted(real_submissions)
    assert sorted(row["id"] for row in await Answer.select(Answer.id)) == sorted(a.id for a in real_answers)
    assert [row["answer"] for row in await ThemeAssignment.select(ThemeAssignment.answer)] == [real_answer.id]
    stored = (await ThemeSummaryRecord.select(ThemeSummaryRecord.summary))[0]["summary"]
    assert [quote.answer for quote in decode_summary(stored).quotes] == [real_answer.id]
    assert [row["text"] for row in await ConfirmedLabel.select(ConfirmedLabel.text)] == [real_answer.text]
    assert await clear_demo() == DeletedCounts()


async def test_clear_waits_for_a_theme_run_holding_the_lock(
    db: str, published: list[str], engine_name: str
) -> None:
    if engine_name != "postgres":
        pytest.skip("SQLite has one writing process; the advisory lock is PostgreSQL's")
    import asyncpg

    from voices.db.locks import ANSWER_COPIES_LOCK

    await seed_survey("attitudes", 20, seed=0, today=TODAY)
    other_process = await asyncpg.connect(db)
    try:
        async with other_process.transaction():
            await other_process.execute("SELECT pg_advisory_xact_lock($1)", ANSWER_COPIES_LOCK)
            clearing = asyncio.create_task(clear_demo())
            await asyncio.sleep(0.5)
            assert not clearing.done() and await Submission.count() == 20
        assert (await clearing).submissions == 20
    finally:
        await other_process.close()


async def test_a_seeded_postgresql_database_has_its_planner_statistics(published: list[str], engine_name: str) -> None:
    """A bulk load without ANALYZE left PostgreSQL taking the answers table for empty: the report
    after one new submission read every answer instead of the few an index finds."""
    if engine_name != "postgres":
        pytest.skip("SQLite's planner reads its indexes without gathered statistics")
    result = await seed_survey("survivor-feedback", 300, seed=0, today=TODAY)
    [row] = await Answer.raw("SELECT reltuples FROM pg_class WHERE relname = 'answer'")
    assert row["reltuples"] == result.answers  # ANALYZE counted them; never analysed, it reads -1

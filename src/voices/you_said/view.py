"""A survey's themes as "You said, we did" shows them: through the disclosure layer, from live rows.

Only themes with at least the threshold of distinct respondents can be published: their names (an
emergent theme is named from its comments' words) and sizes are safe to show, and only as a band.
Quotes come from the current run's summaries, only while their answer still exists and is in the
theme, and reach the public only once an officer has ticked those exact words as safe.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


from voices.db.tables import Survey, ThemeAssignment, YouSaidAction
from voices.privacy.disclosure import DisclosurePolicy
from voices.surveys.reported_in import reported_in
from voices.themes.reader import current_run, run_summaries
from voices.you_said.store import Action, actions_of, approved_quotes, quote_hash

# Bands above the threshold's own: a size is told only as roughly as a resident needs it.
_BANDS = (
    (500, "500 or more comments"),
    (250, "250 to 499 comments"),
    (100, "100 to 249 comments"),
    (50, "50 to 99 comments"),
)
_LIVE = (
    "SELECT t.theme_key, t.answer, a.submission FROM theme_assignment t JOIN answer a ON a.id = t.answer"
    " WHERE t.theme_run = {}"
)


@dataclass(frozen=True, slots=True)
class Quote:
    answer: int
    words: str
    approved: bool


@dataclass(frozen=True, slots=True)
class ThemeState:
    """A theme of the current run as officers see it on the "You said, we did" page."""

    key: str
    label: str
    band: str | None  # None: too few people for the theme to be published at all
    quotes: list[Quote]
    action: Action | None

    @property
    def publishable(self) -> bool:
        return self.band is not None


@dataclass(frozen=True, slots=True)
class PublicTheme:
    label: str
    band: str
    action: Action
    quotes: list[str]


@dataclass(frozen=True, slots=True)
class PublicSurvey:
    title: str
    themes: list[PublicTheme]


def size_band(policy: DisclosurePolicy, comments: int) -> str:
    """A shown count as a band ("fewer than 10" never reaches here: such themes are not published)."""
    for lowest, words in _BANDS:
        if comments >= lowest:
            return words
    return f"{policy.threshold} to {_BANDS[-1][0] - 1} comments"


async def theme_states(slug: str, policy: DisclosurePolicy) -> list[ThemeState]:
    """The current run's themes with what officers wrote; empty before the survey is themed, and for
    a survey reported in another (its answers are themed there; a run of its own from before is not
    shown, or the two could be subtracted)."""
    run = await current_run(slug)
    if run is None or slug in await reported_in():
        return []
    members: dict[str, set[int]] = defaultdict(set)
    people: dict[str, set[int]] = defaultdict(set)
    for row in await ThemeAssignment.raw(_LIVE, run.id):
        members[row["theme_key"]].add(row["answer"])
        people[row["theme_key"]].add(row["submission"])
    actions = await actions_of(slug)
    approved = await approved_quotes(slug)
    states = []
    for summary in await run_summaries(run.id):
        live = members.get(summary.key, set())
        publishable = policy.quotes_allowed(len(people.get(summary.key, ())))
        if not publishable and summary.source != "codebook":
            continue  # named from a few people's words: not even officers' page lists it here
        quotes = [
            Quote(q.answer, q.text, (summary.key, q.answer, quote_hash(q.text)) in approved)
            for q in summary.quotes
            if q.answer in live
        ]
        states.append(
            ThemeState(
                summary.key,
                summary.label,
                size_band(policy, len(live)) if publishable and policy.count(len(live)).shown else None,
                quotes if publishable else [],
                actions.get(summary.key),
            )
        )
    return states


async def public_surveys(policy: DisclosurePolicy) -> list[PublicSurvey]:
    """Every survey with a published theme, and those themes, as the public page shows them."""
    elsewhere = await reported_in()
    slugs = [
        row["survey_slug"]
        for row in await YouSaidAction.select(YouSaidAction.survey_slug)
        .where(YouSaidAction.published == True)  # noqa: E712
        .distinct()
        if row["survey_slug"] not in elsewhere
    ]
    titles = {
        row["slug"]: row["title"]
        for row in await Survey.select(Survey.slug, Survey.title).where(Survey.slug.is_in(slugs or [""]))
    }
    surveys = []
    for slug in sorted(slugs, key=lambda s: titles.get(s, s)):
        themes = [
            PublicTheme(state.label, state.band, state.action, [q.words for q in state.quotes if q.approved])
            for state in await theme_states(slug, policy)
            if state.band is not None and state.action is not None and state.action.published
        ]
        if themes:
            surveys.append(PublicSurvey(titles.get(slug, slug), themes))
    return surveys

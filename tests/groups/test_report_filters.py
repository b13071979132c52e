"""Reports filtered by source and by survivor-involvement group, only for groups that reach the
disclosure threshold (10 in these tests)."""

from __future__ import annotations

import datetime as dt

from tests.groups.conftest import sign_in_as
from tests.officers.conftest import Harness
from voices.db.tables import InvolvementGroup, Officer, Submission, SurveyVersion

DAY = dt.date(2026, 11, 12)
# The group form is reported in survivor feedback, and has no report of its own.
REPORT = "/officers/reports/survivor-feedback"


async def sent_by_groups(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """For each group name, that many submissions per channel; returns the groups' ids."""
    version = (
        await SurveyVersion.select(SurveyVersion.id).where(
            (SurveyVersion.survey.slug == "group-feedback") & SurveyVersion.is_current.eq(True)
        )
    )[0]["id"]
    facilitator = await Officer.select(Officer.id).first()
    ids = {}
    for name, channels in counts.items():
        group = InvolvementGroup(name=name, facilitator=facilitator["id"], created_at=dt.datetime.now(dt.UTC))
        await group.save()
        ids[name] = group.id
        for channel, count in channels.items():
            await Submission.insert(
                *[
                    Submission(
                        survey_version=version, submitted_on=DAY, channel=channel, involvement_group=group.id
                    )
                    for _ in range(count)
                ]
            )
    return ids


async def test_a_report_filters_by_source_and_by_groups_that_reach_the_threshold(group_app: Harness) -> None:
    await sign_in_as(group_app, "analyst@county.example", "analyst")
    ids = group_app.run(
        sent_by_groups,
        {
            "Thursday group": {"group": 12, "facilitated": 10},
            "Online group": {"group": 12},
            "Small group": {"group": 3},
        },
    )
    page = (await group_app.client.get(REPORT)).text
    assert "Thursday group" in page and "Online group" in page
    assert "Small group" not in page  # 3 responses: never offered as a filter

    by_group = await group_app.client.get(REPORT, params={"group": str(ids["Thursday group"])})
    assert by_group.status_code == 200
    assert "22 (of 37 in all)" in by_group.text
    notes = await group_app.client.get(REPORT, params={"source": "notes"})
    assert notes.status_code == 200 and "10 (of 37 in all)" in notes.text
    members = await group_app.client.get(REPORT, params={"source": "groups"})
    assert members.status_code == 200 and "27 (of 37 in all)" in members.text

    # A small group is refused like a group that does not exist, whatever the address says.
    for group in (str(ids["Small group"]), "999999", "x"):
        refused = await group_app.client.get(REPORT, params={"group": group})
        assert refused.status_code == 400 and "Choose a group from the list" in refused.text
        assert "Small group" not in refused.text
    wrong_source = await group_app.client.get(REPORT, params={"source": "everyone"})
    assert wrong_source.status_code == 400
    # One filter at a time: a group's notes, inside the group, could be subtracted from it.
    two = await group_app.client.get(REPORT, params={"group": str(ids["Thursday group"]), "source": "notes"})
    assert two.status_code == 400 and "Choose one filter at a time" in two.text
    # The group form has no report of its own: it and survivor feedback's would give each other away.
    assert (await group_app.client.get("/officers/reports/group-feedback")).status_code == 404
    listed = (await group_app.client.get("/officers/reports")).text
    assert "/officers/reports/survivor-feedback" in listed and "/officers/reports/group-feedback" not in listed


async def test_the_group_form_is_read_only_within_survivor_feedback(group_app: Harness) -> None:
    """Its comments are themed, reviewed and quoted with survivors' feedback; every address of a
    report of its own is "not found", so a run of it alone (as made before it was reported within
    survivor feedback) is shown nowhere."""
    from voices.errors import SurveyNotFound
    from voices.themes.survey_run import theme_survey

    await sign_in_as(group_app, "analyst@county.example", "analyst")
    for path in ("/officers/reports/group-feedback/review", "/officers/you-said/group-feedback",
                 "/officers/reports/group-feedback/tables.csv"):  # fmt: skip
        assert (await group_app.client.get(path)).status_code == 404, path
    assert "group-feedback" not in (await group_app.client.get("/officers/you-said")).text
    await group_app.form("/officers/reports/survivor-feedback/review")
    assert (await group_app.post("/officers/reports/group-feedback/review/undo", {})).status_code == 404
    try:
        group_app.run(theme_survey, "group-feedback")
    except SurveyNotFound as refused:
        assert "reported within 'survivor-feedback'" in str(refused)
    else:
        raise AssertionError("the group form was themed on its own")

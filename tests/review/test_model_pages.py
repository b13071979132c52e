"""The admins' tagger page through the real app, on both engines: a training started by the button
with nothing to learn from fails and says why, leaving the shipped model current; an accepted version
can be made current and the shipped model brought back; analysts may not open it; each is audited."""

from __future__ import annotations

import asyncio
import datetime as dt

from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from voices.db.tables import AuditEvent, TaggerVersion

MODELS = "/officers/admin/models"


async def accepted_version() -> int:
    version = TaggerVersion(created_at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC), created_by="a@county.example",
                            outcome="accepted", is_current=False, data_sha256="ab" * 32, label_ids=[1, 2, 3],
                            reason="Accepted: not worse than the current model beyond noise.")
    await version.save()
    return int(version.id)


async def test_an_admin_trains_and_rolls_back(reports: Reports) -> None:
    await signed_in(reports, "admin")
    version = reports.run(accepted_version)
    page = text_of(await reports.page(MODELS))
    assert "Shipped (current)" in page and f"{version} " in page and "from 3 confirmed labels" in page

    response = await reports.post(f"{MODELS}/train", {})
    assert response.status_code == 303 and response.headers["location"] == f"{MODELS}?done=started"
    for _ in range(200):  # the training runs in the app's loop: give it turns until it has ended
        page = text_of(await reports.page(MODELS))
        if "The training started" in page and "in progress" not in page:
            break
        await asyncio.sleep(0.05)
    assert "ended: Failed: there are no confirmed labels to learn from yet. The current model stays." in page, page[:600]
    assert "Shipped (current)" in page

    assert (await reports.post(f"{MODELS}/current", {"version": str(version)})).status_code == 303
    assert reports.run(TaggerVersion.select(TaggerVersion.id).where(TaggerVersion.is_current == True).run) == [  # noqa: E712
        {"id": version}
    ]
    assert f"{version} (current)" in text_of(await reports.page(MODELS))
    assert (await reports.post(f"{MODELS}/current", {"version": "shipped"})).status_code == 303
    assert "Shipped (current)" in text_of(await reports.page(MODELS))
    assert (await reports.post(f"{MODELS}/current", {"version": "999999"})).status_code == 404
    actions = [e["action"] for e in reports.run(AuditEvent.select(AuditEvent.action).run)]
    assert actions.count("tagger version made current") == 2 and "tagger training started" in actions


async def test_analysts_may_not_retrain(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    assert (await reports.client.get(MODELS)).status_code == 403
    assert (await reports.post(f"{MODELS}/train", {})).status_code == 403

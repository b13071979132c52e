"""Facilitators' pages: groups, invite codes made, listed with uses left and revoked, every change
audited; a facilitator never sees another facilitator's group (the role matrix walks the rest)."""

from __future__ import annotations

from tests.conftest import TEST_SECRET
from tests.groups.conftest import make_code, make_group, sign_in_as
from tests.officers.conftest import Harness
from voices.db.tables import AuditEvent, InviteCode, InvolvementGroup
from voices.groups.codes import code_hash, code_key, normalise


async def test_a_facilitator_makes_a_group_and_a_code_shown_once(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    assert (await group_app.form("/officers/groups")).status_code == 200
    group_id = await make_group(group_app)
    page = await group_app.form(f"/officers/groups/{group_id}")
    assert "Tuesday evening group" in page.text and "no invite codes yet" in page.text

    code = await make_code(group_app, group_id, days=30, uses=12)
    page = (await group_app.form(f"/officers/groups/{group_id}")).text
    assert code not in page  # shown once, when made
    # Told apart by when it was made: no piece of the code is kept to show (test_code_at_rest.py).
    made = group_app.clock().strftime("%Y-%m-%d %H:%M:%S UTC")
    assert f"<td class=\"govuk-table__cell\">{made}</td>" in page and f"the code made {made}" in page
    assert "Active" in page and "12 of 12" in page and f"…{code[-2:]}" not in page

    rows = group_app.run(InviteCode.select().run)
    assert len(rows) == 1
    canonical = normalise(code)
    assert canonical is not None
    assert rows[0]["code_hash"] == code_hash(code_key(TEST_SECRET), canonical)
    stored = repr(rows)
    assert code not in stored and canonical not in stored  # only the keyed hash
    assert "hint" not in rows[0]
    assert (rows[0]["expires_at"] - group_app.clock()).days == 30


async def test_revoking_a_code_and_the_audit_trail(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    group_id = await make_group(group_app)
    await make_code(group_app, group_id)
    code_id = group_app.run(InviteCode.select(InviteCode.id).first().run)["id"]
    response = await group_app.post(f"/officers/groups/{group_id}/codes/{code_id}/revoke", {})
    assert response.status_code == 303 and response.headers["location"] == f"/officers/groups/{group_id}"
    page = (await group_app.form(f"/officers/groups/{group_id}")).text
    assert "Revoked" in page and "Revoke<" not in page  # no button for a revoked code
    # A code of another group, reached through this one's address, is not found.
    other = await make_group(group_app, "Another group")
    assert (await group_app.post(f"/officers/groups/{other}/codes/{code_id}/revoke", {})).status_code == 404

    events = group_app.run(
        AuditEvent.select(AuditEvent.action, AuditEvent.object_kind, AuditEvent.object_ref, AuditEvent.actor)
        .where(AuditEvent.action != "signed in")
        .order_by(AuditEvent.id)
        .run
    )
    assert [(e["action"], e["object_kind"], e["object_ref"]) for e in events] == [
        ("group created", "group", str(group_id)),
        ("invite code created", "invite code", str(code_id)),
        ("invite code revoked", "invite code", str(code_id)),
        ("group created", "group", str(other)),
    ]
    assert {e["actor"] for e in events} == {"fac@county.example"}


async def test_wrong_settings_are_explained_and_kept(group_app: Harness) -> None:
    await sign_in_as(group_app, "fac@county.example")
    response = await group_app.post("/officers/groups", {"name": "   "})
    assert response.status_code == 400 and "Enter a name for the group" in response.text
    response = await group_app.post("/officers/groups", {"name": "x" * 101})
    assert response.status_code == 400 and "100 characters or fewer" in response.text
    group_id = await make_group(group_app)
    response = await group_app.post(
        f"/officers/groups/{group_id}/codes", {"expires_in": "365", "max_uses": "0"}
    )
    assert response.status_code == 400
    assert "Choose how long the code works for" in response.text
    assert "a number from 1 to 200" in response.text and 'value="0"' in response.text
    assert group_app.run(InviteCode.count().run) == 0


async def test_a_facilitator_sees_only_their_own_groups_and_an_admin_sees_all(group_app: Harness) -> None:
    await sign_in_as(group_app, "first@county.example")
    first = await make_group(group_app, "First's group")
    await group_app.sign_out()
    await sign_in_as(group_app, "second@county.example")
    second = await make_group(group_app, "Second's group")
    listing = (await group_app.form("/officers/groups")).text
    assert "Second&#39;s group" in listing and "First&#39;s group" not in listing
    assert (await group_app.client.get(f"/officers/groups/{first}")).status_code == 404
    assert (
        await group_app.post(f"/officers/groups/{first}/codes", {"expires_in": "7", "max_uses": "5"})
    ).status_code == 404
    # The same answer as for a group that does not exist at all.
    assert (await group_app.client.get(f"/officers/groups/{first + second + 100}")).status_code == 404
    await group_app.sign_out()

    await sign_in_as(group_app, "admin@county.example", "admin")
    listing = (await group_app.form("/officers/groups")).text
    assert "First&#39;s group" in listing and "Second&#39;s group" in listing
    assert "first@county.example" in listing
    assert (await group_app.client.get(f"/officers/groups/{first}")).status_code == 200
    owners = group_app.run(
        InvolvementGroup.select(InvolvementGroup.facilitator.email).order_by(InvolvementGroup.id).run
    )
    assert [row["facilitator.email"] for row in owners] == ["first@county.example", "second@county.example"]

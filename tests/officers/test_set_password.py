"""The one-time set-password link: the policy on the page, one use, 24 hours."""

from __future__ import annotations

from tests.officers.conftest import Harness
from voices.db.tables import Officer
from voices.officers import accounts
from voices.officers.passwords import TOO_COMMON, TOO_SHORT

NEW = "heron weir mullet dusk"


def link_for(officer_app: Harness, email: str) -> str:
    officer_app.add(email, "analyst", password=None)
    officer = officer_app.run(Officer.objects().where(Officer.email == email).first().run)
    token = officer_app.run(accounts.issue_link, officer.id, officer_app.clock)
    return f"/officers/set-password/{token}"


async def test_a_link_sets_a_password_once(officer_app: Harness) -> None:
    link = link_for(officer_app, "ana@county.example")
    page = await officer_app.form(link)
    assert page.status_code == 200 and "ana@county.example" in page.text
    response = await officer_app.post(link, {"password": NEW, "confirm": NEW})
    assert response.status_code == 303 and response.headers["location"] == "/officers/sign-in?done=password-set"
    assert "Your password is set" in (await officer_app.client.get(response.headers["location"])).text
    assert (await officer_app.sign_in("ana@county.example", NEW)).status_code == 303
    # Spent: neither the page nor a second post work.
    assert (await officer_app.client.get(link)).status_code == 404
    again = await officer_app.post(link, {"password": "another fine passphrase", "confirm": "another fine passphrase"})
    assert again.status_code == 404 and "This link does not work" in again.text


async def test_a_link_expires_after_24_hours(officer_app: Harness) -> None:
    link = link_for(officer_app, "ana@county.example")
    officer_app.clock.advance(hours=23, minutes=59)
    assert (await officer_app.form(link)).status_code == 200
    officer_app.clock.advance(minutes=1)
    assert (await officer_app.client.get(link)).status_code == 404
    assert (await officer_app.post(link, {"password": NEW, "confirm": NEW})).status_code == 404


async def test_a_new_link_replaces_the_old_one(officer_app: Harness) -> None:
    old = link_for(officer_app, "ana@county.example")
    officer = officer_app.run(Officer.objects().first().run)
    new_token = officer_app.run(accounts.issue_link, officer.id, officer_app.clock)
    assert (await officer_app.client.get(old)).status_code == 404
    assert (await officer_app.client.get(f"/officers/set-password/{new_token}")).status_code == 200


async def test_the_policy_is_explained_in_an_error_summary(officer_app: Harness) -> None:
    link = link_for(officer_app, "ana@county.example")
    await officer_app.form(link)
    for password, message in (("short", TOO_SHORT), ("Password123!", TOO_COMMON)):
        response = await officer_app.post(link, {"password": password, "confirm": password})
        assert response.status_code == 400
        assert f'<a href="#password">{message}</a>' in response.text
        assert 'class="govuk-input govuk-input--error"' in response.text
    mismatch = await officer_app.post(link, {"password": NEW, "confirm": NEW + "s"})
    assert '<a href="#confirm">Enter the same password twice</a>' in mismatch.text
    # Nothing was spent by the refusals.
    assert (await officer_app.client.get(link)).status_code == 200


async def test_a_made_up_link_does_not_work(officer_app: Harness) -> None:
    response = await officer_app.client.get("/officers/set-password/not-a-real-token")
    assert response.status_code == 404 and "Ask an administrator for a new link" in response.text

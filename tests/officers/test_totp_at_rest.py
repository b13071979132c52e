"""Authenticator secrets are sealed at rest: after setting one up, no table holds it in plain text,
and signing in still works; rows written before sealing are sealed at their next sign-in."""

from __future__ import annotations

import re

from tests.officers.conftest import Harness
from voices.db.piccolo_app import APP_CONFIG
from voices.db.tables import Officer
from voices.officers.sealing import SEALED_PREFIX, SecretSealer

SECRET_TEXT = re.compile(r'<p class="govuk-body voices-secret"><code>([A-Z2-7 ]+)</code>')


def stored_anywhere(harness: Harness, secret: str) -> list[str]:
    """The tables holding `secret` in plain text, in any column (sessions' bytes included)."""

    async def search() -> list[str]:
        found = []
        for table in APP_CONFIG.table_classes:
            for row in await table.select():
                for value in row.values():
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    if secret.encode() in raw or secret.lower().encode() in raw:
                        found.append(table._meta.tablename)
        return found

    return harness.run(search)


def stored_secret(harness: Harness, email: str) -> str:
    rows = harness.run(Officer.select(Officer.totp_secret).where(Officer.email == email).run)
    return rows[0]["totp_secret"]


async def set_up_from_the_page(harness: Harness, page_path: str) -> str:
    page = await harness.form(page_path)
    match = SECRET_TEXT.search(page.text)
    assert match is not None
    secret = match.group(1).replace(" ", "")
    # Shown, not yet confirmed: the session row keeps it sealed too.
    assert stored_anywhere(harness, secret) == []
    done = await harness.post(page_path, {"code": harness.code(secret)})
    assert done.status_code == 200 and "recovery codes" in done.text.lower()
    return secret


async def test_an_admins_secret_is_sealed_when_set_up_and_still_signs_in(officer_app: Harness) -> None:
    officer_app.add("ad@county.example", "admin")
    await officer_app.sign_in("ad@county.example")
    secret = await set_up_from_the_page(officer_app, "/officers/sign-in/authenticator")

    assert stored_anywhere(officer_app, secret) == []
    assert stored_secret(officer_app, "ad@county.example").startswith(SEALED_PREFIX)
    await officer_app.sign_out()
    signed_in = await officer_app.sign_in("ad@county.example", secret=secret)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/officers"
    assert (await officer_app.client.get("/officers/admin/officers")).status_code == 200


async def test_a_secret_set_up_from_the_account_page_is_sealed(officer_app: Harness) -> None:
    officer_app.add("vi@county.example", "viewer")
    await officer_app.sign_in("vi@county.example")
    secret = await set_up_from_the_page(officer_app, "/officers/account/authenticator")
    assert stored_anywhere(officer_app, secret) == []
    await officer_app.sign_out()
    assert (await officer_app.sign_in("vi@county.example", secret=secret)).headers["location"] == "/officers"


async def test_a_plain_secret_from_before_sealing_is_sealed_at_the_next_sign_in(officer_app: Harness) -> None:
    secret = officer_app.add("an@county.example", "analyst", authenticator=True)  # written in plain text
    assert secret is not None and stored_anywhere(officer_app, secret) == ["officer"]
    assert (await officer_app.sign_in("an@county.example", secret=secret)).headers["location"] == "/officers"
    assert stored_anywhere(officer_app, secret) == []
    assert stored_secret(officer_app, "an@county.example").startswith(SEALED_PREFIX)
    # And the sealed one works from then on.
    await officer_app.sign_out()
    assert (await officer_app.sign_in("an@county.example", secret=secret)).headers["location"] == "/officers"


async def test_a_sealed_secret_opens_only_for_its_officer_and_this_deployment(officer_app: Harness) -> None:
    secret = officer_app.add("an@county.example", "analyst", authenticator=True)
    officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    assert (await officer_app.sign_in("an@county.example", secret=secret)).headers["location"] == "/officers"
    await officer_app.sign_out()
    sealed = stored_secret(officer_app, "an@county.example")
    # Copied to another officer's row, it opens to nothing: their sign-in with its codes is refused.
    officer_app.run(
        Officer.update({Officer.totp_secret: sealed}).where(Officer.email == "vi@county.example").run
    )
    copied = await officer_app.sign_in("vi@county.example", secret=secret)
    assert copied.status_code == 400
    await officer_app.sign_out()
    # Sealed under another deployment's secret key: refused too, not a fault.
    rows = officer_app.run(Officer.select(Officer.id).where(Officer.email == "an@county.example").run)
    officer_id = rows[0]["id"]
    elsewhere = SecretSealer("another deployment's secret key, not this one").seal(secret, officer_id)
    officer_app.run(Officer.update({Officer.totp_secret: elsewhere}).where(Officer.id == officer_id).run)
    assert (await officer_app.sign_in("an@county.example", secret=secret)).status_code == 400

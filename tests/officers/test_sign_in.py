"""Signing in: password only, password and a code, a recovery code, and admins' required set-up."""

from __future__ import annotations

import re

from tests.officers.conftest import PASSWORD, Harness
from voices.db.tables import RecoveryCode
from voices.officers.signin import CODE_FAILED, SIGN_IN_FAILED

RECOVERY_CODE = re.compile(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>")
SECRET_TEXT = re.compile(r'<p class="govuk-body voices-secret"><code>([A-Z2-7 ]+)</code>')


async def test_an_analyst_without_an_authenticator_signs_in_with_a_password(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    response = await officer_app.sign_in("Ana@County.example ")
    assert response.status_code == 303 and response.headers["location"] == "/officers"
    home = await officer_app.client.get("/officers")
    assert home.status_code == 200
    assert "Signed in as ana@county.example (analyst)" in home.text
    # Signed-in officers still get no respondent furniture.
    assert "Exit this page" not in home.text


async def test_sign_in_returns_to_the_page_asked_for_and_only_to_an_officer_page(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    asked = await officer_app.client.get("/officers/account", follow_redirects=False)
    assert asked.headers["location"] == "/officers/sign-in?next=%2Fofficers%2Faccount"
    page = await officer_app.form(asked.headers["location"])
    assert 'name="next" value="/officers/account"' in page.text
    response = await officer_app.post(
        "/officers/sign-in", {"email": "ana@county.example", "password": PASSWORD, "next": "/officers/account"}
    )
    assert response.headers["location"] == "/officers/account"
    await officer_app.sign_out()
    for elsewhere in ("https://evil.example/", "//evil.example/officers", "/surveys/awareness", "/officers\\@evil"):
        await officer_app.form("/officers/sign-in")
        response = await officer_app.post(
            "/officers/sign-in", {"email": "ana@county.example", "password": PASSWORD, "next": elsewhere}
        )
        assert response.headers["location"] == "/officers"
        await officer_app.sign_out()


async def test_a_wrong_password_is_refused_with_an_error_summary(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    response = await officer_app.sign_in("ana@county.example", "kettle orchard lanterns")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and f'<a href="#email">{SIGN_IN_FAILED}</a>' in response.text
    assert response.text.count("<title>Error: ") == 1
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303


async def test_empty_fields_are_named_in_the_error_summary(officer_app: Harness) -> None:
    await officer_app.form("/officers/sign-in")
    response = await officer_app.post("/officers/sign-in", {"email": "", "password": ""})
    assert response.status_code == 400
    assert '<a href="#email">Enter your email address</a>' in response.text
    assert '<a href="#password">Enter your password</a>' in response.text
    assert 'id="email-error"' in response.text and 'aria-describedby="password-error"' in response.text


async def test_a_code_is_asked_for_when_the_officer_has_an_authenticator(officer_app: Harness) -> None:
    secret = officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    response = await officer_app.sign_in("vi@county.example")
    assert response.headers["location"] == "/officers/sign-in/code"
    # Half-way is not signed in.
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303
    assert (await officer_app.form("/officers/sign-in/code")).status_code == 200
    wrong = await officer_app.post("/officers/sign-in/code", {"code": "000000"})
    assert wrong.status_code == 400 and CODE_FAILED in wrong.text
    right = await officer_app.post("/officers/sign-in/code", {"code": officer_app.code(secret)})
    assert right.status_code == 303 and right.headers["location"] == "/officers"
    assert (await officer_app.client.get("/officers")).status_code == 200


async def test_a_code_is_accepted_once(officer_app: Harness) -> None:
    secret = officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    code = officer_app.code(secret)
    await officer_app.sign_in("vi@county.example")
    assert (await officer_app.post("/officers/sign-in/code", {"code": code})).status_code == 303
    await officer_app.post("/officers/sign-out", {})
    officer_app.client.cookies.clear()
    await officer_app.sign_in("vi@county.example")
    replayed = await officer_app.post("/officers/sign-in/code", {"code": code})
    assert replayed.status_code == 400


async def test_the_code_step_expires_and_cannot_be_skipped(officer_app: Harness) -> None:
    secret = officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    await officer_app.sign_in("vi@county.example")
    officer_app.clock.advance(minutes=6)
    response = await officer_app.post("/officers/sign-in/code", {"code": officer_app.code(secret)})
    assert response.headers["location"] == "/officers/sign-in"
    # Without a password step there is nothing to complete.
    officer_app.client.cookies.clear()
    response = await officer_app.post("/officers/sign-in/code", {"code": officer_app.code(secret)})
    assert response.headers["location"] == "/officers/sign-in"


async def test_an_admin_must_set_up_an_authenticator_and_gets_recovery_codes_once(officer_app: Harness) -> None:
    officer_app.add("ad@county.example", "admin")
    response = await officer_app.sign_in("ad@county.example")
    assert response.headers["location"] == "/officers/sign-in/authenticator"
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303
    page = await officer_app.form("/officers/sign-in/authenticator")
    assert page.status_code == 200
    assert "<svg" in page.text and "otpauth://totp/voices:ad%40county.example?secret=" in page.text
    match = SECRET_TEXT.search(page.text)
    assert match is not None
    secret = match.group(1).replace(" ", "")
    # The same secret on a second look (a reload must not change what was scanned).
    assert secret in (await officer_app.client.get("/officers/sign-in/authenticator")).text.replace(" ", "")
    wrong = await officer_app.post("/officers/sign-in/authenticator", {"code": "123456"})
    assert wrong.status_code == 400 and '<a href="#code">' in wrong.text
    done = await officer_app.post("/officers/sign-in/authenticator", {"code": officer_app.code(secret)})
    assert done.status_code == 200
    codes = RECOVERY_CODE.findall(done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert (await officer_app.client.get("/officers/admin/officers")).status_code == 200
    # Stored only as hashes.
    stored = officer_app.run(RecoveryCode.select(RecoveryCode.code_hash).run)
    assert len(stored) == 10 and not {row["code_hash"] for row in stored} & set(codes)

    # A recovery code signs in once, instead of a code from the app.
    await officer_app.sign_out()
    await officer_app.sign_in("ad@county.example")
    used = await officer_app.post("/officers/sign-in/code", {"code": codes[0].upper().replace("-", " ")})
    assert used.status_code == 303 and used.headers["location"] == "/officers"
    await officer_app.sign_out()
    await officer_app.sign_in("ad@county.example")
    again = await officer_app.post("/officers/sign-in/code", {"code": codes[0]})
    assert again.status_code == 400
    assert len(officer_app.run(RecoveryCode.select().run)) == 9


async def test_any_officer_may_set_up_an_authenticator_from_their_account(officer_app: Harness) -> None:
    officer_app.add("vi@county.example", "viewer")
    await officer_app.sign_in("vi@county.example")
    account = await officer_app.client.get("/officers/account")
    assert "Not set up" in account.text
    page = await officer_app.form("/officers/account/authenticator")
    match = SECRET_TEXT.search(page.text)
    assert match is not None
    secret = match.group(1).replace(" ", "")
    done = await officer_app.post("/officers/account/authenticator", {"code": officer_app.code(secret)})
    assert len(RECOVERY_CODE.findall(done.text)) == 10
    assert "Set up: signing in asks for a code" in (await officer_app.client.get("/officers/account")).text
    await officer_app.sign_out()
    assert (await officer_app.sign_in("vi@county.example")).headers["location"] == "/officers/sign-in/code"

"""Litestar's CSRF protection on every officer form: a form without the token is refused."""

from __future__ import annotations

from tests.officers.conftest import PASSWORD, Harness


async def test_sign_in_without_a_token_is_refused(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.form("/officers/sign-in")
    response = await officer_app.post("/officers/sign-in", {"email": "ana@county.example", "password": PASSWORD}, with_token=False)
    assert response.status_code == 403
    assert "You are not allowed to see this page" in response.text
    forged = await officer_app.client.post(
        "/officers/sign-in",
        data={"email": "ana@county.example", "password": PASSWORD, "_csrf_token": "0" * 128},
        follow_redirects=False,
    )
    assert forged.status_code == 403


async def test_a_token_without_its_cookie_is_refused(officer_app: Harness) -> None:
    await officer_app.form("/officers/sign-in")
    token = officer_app.csrf()
    officer_app.client.cookies.clear()
    response = await officer_app.client.post(
        "/officers/sign-in", data={"email": "a@b.example", "password": "x", "_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 403


async def test_sign_out_without_a_token_leaves_the_officer_signed_in(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    response = await officer_app.post("/officers/sign-out", {}, with_token=False)
    assert response.status_code == 403
    assert (await officer_app.client.get("/officers")).status_code == 200


async def test_every_form_on_an_officer_page_carries_the_token(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    for path in ("/officers", "/officers/account", "/officers/account/authenticator"):
        page = await officer_app.client.get(path)
        forms = page.text.count('method="post"')
        assert forms and page.text.count(f'name="_csrf_token" value="{officer_app.csrf()}"') == forms, path

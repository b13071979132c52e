"""`voices officers create|disable|reset-password|list`: officers' accounts from the command line.

Creating an officer or resetting a password prints a one-time link to choose a password; the
command never sees or sets a password itself. Every change is audited as the command line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import click

from voices.db.engine import bind, engine_from_url
from voices.db.tables import Officer, RecoveryCode
from voices.officers import accounts
from voices.officers.audit import CLI_ACTOR, Action
from voices.officers.workspace import Officers, build_officers
from voices.settings import Settings

ROLES = [role.value for role in Officer.Role]


def _run(work: Callable[[Settings, Officers], Awaitable[None]]) -> None:
    settings = Settings.from_env().with_secret()

    async def run() -> None:
        bind(engine_from_url(settings.database_url))
        await work(settings, build_officers(settings))

    asyncio.run(run())


async def _existing(email: str) -> Officer:
    officer = await accounts.find_officer(email)
    if officer is None:
        raise click.ClickException(f"No officer has the email address {accounts.normalise_email(email)}")
    return officer


def _echo_link(settings: Settings, token: str) -> None:
    click.echo("Send them this link to choose a password. It works once, for the next 24 hours:")
    click.echo(accounts.set_password_url(settings.site_url, token))


@click.group()
def officers() -> None:
    """Officers' accounts: create, disable, reset a password, list."""


@officers.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the officer may do (see README).")
def create(email: str, role: str) -> None:
    """Add an officer and print a one-time link to choose their password."""
    if "@" not in email.strip(" @"):
        raise click.BadParameter("enter an email address, like name@county.example", param_hint="EMAIL")

    async def work(settings: Settings, workspace: Officers) -> None:
        if await accounts.find_officer(email) is not None:
            raise click.ClickException(f"An officer with the email address {accounts.normalise_email(email)} already exists")
        officer = await accounts.create_officer(email, Officer.Role(role), workspace.clock)
        token = await accounts.issue_link(officer.id, workspace.clock)
        await workspace.audit.record(CLI_ACTOR, Action.officer_created, "officer", officer.email)
        click.echo(f"Created {officer.email} ({role}).")
        if role == Officer.Role.admin.value:
            click.echo("At their first sign-in they will set up an authenticator app, as every admin must.")
        _echo_link(settings, token)

    _run(work)


@officers.command("disable")
@click.argument("email")
def disable(email: str) -> None:
    """Stop an officer signing in; their sessions end at once."""

    async def work(settings: Settings, workspace: Officers) -> None:
        officer = await _existing(email)
        await accounts.disable(officer.id)
        await workspace.audit.record(CLI_ACTOR, Action.officer_disabled, "officer", officer.email)
        click.echo(f"Disabled {officer.email}.")

    _run(work)


@officers.command("reset-password")
@click.argument("email")
@click.option(
    "--remove-authenticator",
    is_flag=True,
    help="Also remove their authenticator app and recovery codes (a lost phone); admins set up a new one at sign-in.",
)
def reset_password(email: str, remove_authenticator: bool) -> None:
    """Clear an officer's password, end their sessions and lift any lock; print a new link."""

    async def work(settings: Settings, workspace: Officers) -> None:
        officer = await _existing(email)
        if not officer.active:
            raise click.ClickException(f"{officer.email} is disabled")
        await accounts.clear_password(officer.id)
        if remove_authenticator:
            await Officer.update({Officer.totp_secret: None, Officer.totp_last_step: None}).where(Officer.id == officer.id)
            await RecoveryCode.delete().where(RecoveryCode.officer == officer.id)
        await workspace.throttle.release(officer.email, CLI_ACTOR, officer.email)
        token = await accounts.issue_link(officer.id, workspace.clock)
        await workspace.audit.record(CLI_ACTOR, Action.password_reset, "officer", officer.email)
        click.echo(f"Cleared the password of {officer.email}" + (" and removed their authenticator." if remove_authenticator else "."))
        _echo_link(settings, token)

    _run(work)


@officers.command("list")
def list_command() -> None:
    """Every officer: role, whether they can sign in, authenticator, last sign-in."""

    async def work(settings: Settings, workspace: Officers) -> None:
        for officer in await accounts.list_officers():
            state = "disabled" if not officer.active else "active" if officer.password_hash else "no password yet"
            authenticator = "authenticator" if officer.totp_secret else "no authenticator"
            last = officer.last_sign_in_at.strftime("%Y-%m-%d %H:%M UTC") if officer.last_sign_in_at else "never signed in"
            click.echo(f"{officer.email}\t{officer.role}\t{state}\t{authenticator}\t{last}")

    _run(work)

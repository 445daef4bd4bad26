"""`kawal users`: bootstrap the first admin and manage agents from the server's shell.

Whoever runs these commands already holds the database URL and the root key, so the CLI acts with
full rights, as the operator's OS account (recorded as the actor of every auth event).
"""

from __future__ import annotations

import json
import sys

import typer

from auth import qr_terminal
from kawal.cli.context import cli_context, open_services
from kawal.errors import EXIT_USAGE

app = typer.Typer(help="Agents, admins, MFA and API keys.", no_args_is_help=True)


def _actor() -> str:
    return cli_context(None).actor


def _read_password(from_stdin: bool) -> str:
    """From stdin (one line, for scripts) or a hidden, confirmed prompt; never from an argument."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        typer.echo("kawal: error: no terminal to ask for a password: use --password-stdin", err=True)
        raise typer.Exit(EXIT_USAGE)
    return password


def _print_enrolment(uri: str, username: str) -> None:
    typer.echo(f"Scan this QR code with an authenticator app (or enter the URI) for {username}:\n")
    typer.echo(qr_terminal(uri))
    typer.echo(uri)


@app.command("create-admin")
def create_admin(
    username: str = typer.Option(..., "--username", help="The admin's username"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin"),
    display_name: str = typer.Option("", "--display-name"),
) -> None:
    """Create an admin and start their TOTP enrolment: prints the otpauth:// URI and a QR code.

    The factor becomes active with its first code: `kawal users confirm-mfa USERNAME`, or the first
    sign-in through the API (POST /v1/auth/login, then /v1/auth/enrol/confirm).
    """
    password = _read_password(password_stdin)
    services = open_services()
    try:
        services.auth.create_user(username, password, "admin", display_name=display_name, actor=_actor())
        enrolment = services.auth.begin_enrolment(username, actor=_actor())
    finally:
        services.close()
    _print_enrolment(enrolment.uri, username.strip().lower())
    typer.echo(f"\nThen confirm with a code: kawal users confirm-mfa {username.strip().lower()}", err=True)


@app.command("confirm-mfa")
def confirm_mfa(
    username: str,
    code: str = typer.Option(None, "--code", help="The current code (prompted for when omitted)"),
) -> None:
    """Activate a pending TOTP enrolment with its first code; prints ten one-time recovery codes."""
    if code is None:
        code = typer.prompt("Code from the app") if sys.stdin.isatty() else sys.stdin.readline().strip()
    services = open_services()
    try:
        codes = services.auth.confirm_enrolment(username, code)
    finally:
        services.close()
    typer.echo("MFA is active. Recovery codes (each works once; store them offline, they are not shown again):")
    for recovery in codes:
        typer.echo(f"  {recovery}")


@app.command("add")
def add(
    username: str = typer.Option(..., "--username"),
    role: str = typer.Option("agent", "--role", help="A role from policies/auth.yaml"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the initial password from stdin"),
    display_name: str = typer.Option("", "--display-name"),
) -> None:
    """Create a user with an initial password; they enrol their own phone at first sign-in."""
    password = _read_password(password_stdin)
    services = open_services()
    try:
        user_id = services.auth.create_user(username, password, role, display_name=display_name, actor=_actor())
    finally:
        services.close()
    typer.echo(user_id)
    typer.echo(f"{username.strip().lower()} ({role}) created; they enrol TOTP at first sign-in", err=True)


@app.command("disable")
def disable(username: str) -> None:
    """Disable an account and end all its sessions."""
    services = open_services()
    try:
        services.auth.disable_user(username, actor=_actor())
    finally:
        services.close()
    typer.echo(f"{username} disabled; all sessions ended")


@app.command("reset-mfa")
def reset_mfa(username: str) -> None:
    """Remove a user's TOTP factor and recovery codes (lost phone); they enrol again at next sign-in."""
    services = open_services()
    try:
        services.auth.reset_mfa(username, actor=_actor())
    finally:
        services.close()
    typer.echo(f"MFA of {username} reset; sessions ended; they enrol again at next sign-in")


@app.command("unlock")
def unlock(username: str) -> None:
    """Lift a lockout after wrong codes (audited)."""
    services = open_services()
    try:
        services.auth.unlock_user(username, actor=_actor())
    finally:
        services.close()
    typer.echo(f"{username} unlocked")


@app.command("list")
def list_users(output: str = typer.Option("table", "--format", help="table or json")) -> None:
    """Users, roles, MFA state, disabled and locked accounts."""
    services = open_services()
    try:
        users = services.auth.list_users()
    finally:
        services.close()
    if output == "json":
        typer.echo(json.dumps([u.__dict__ for u in users], indent=2))
        return
    typer.echo(f"{'username':24} {'role':18} {'mfa':5} {'state'}")
    for user in users:
        state = "disabled" if user.disabled else ("locked" if user.locked_until else "active")
        typer.echo(f"{user.username:24} {user.role:18} {'yes' if user.mfa_enrolled else 'no':5} {state}")


@app.command("api-key")
def api_key(
    name: str = typer.Option(..., "--name", help="What the key is for, e.g. nightly-redaction"),
    scope: list[str] = typer.Option(..., "--scope", help="A scope from policies/auth.yaml (repeatable)"),
) -> None:
    """Create a service account's API key; the token is printed once and stored only as a digest."""
    services = open_services()
    try:
        created = services.auth.create_api_key(name, scope, actor=_actor())
    finally:
        services.close()
    typer.echo(created.token)
    typer.echo(f"API key {created.key_id} ({name}; scopes {', '.join(created.scopes)}): store the token now", err=True)


@app.command("revoke-api-key")
def revoke_api_key(key_id: str) -> None:
    services = open_services()
    try:
        done = services.auth.revoke_api_key(key_id, actor=_actor())
    finally:
        services.close()
    if not done:
        typer.echo(f"kawal: error: no active API key {key_id}", err=True)
        raise typer.Exit(1)
    typer.echo(f"API key {key_id} revoked")

"""`kawal login`, `logout`, `whoami`, `approve`: the operator at the terminal is a named, MFA-checked person.

Commands on customer data (vault get/find/put/shred, dsar, hold) run as the person signed in here,
with her role and a session that expires like the web console's (idle timeout, absolute
lifetime); the token is kept in `KAWAL_CLI_SESSION_FILE` (mode 600) and revoked by `logout`.
"""

from __future__ import annotations

import sys

import typer

from kawal.approvals import grant, target_of
from kawal.audit_views import iso
from kawal.cli.context import open_services, operator_context
from kawal.files import write_private


def login(
    username: str = typer.Option(..., "--username", help="Your Kawal user (not the OS account)"),
    code: str = typer.Option(None, "--code", help="The TOTP code; asked for when not given"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin (scripts)"),
) -> None:
    """Sign in with your password and TOTP code; later commands run as you until the session ends."""
    services = open_services()
    try:
        password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt("Password", hide_input=True)
        pending = services.auth.login_password(username, password)
        if pending.next_step != "totp":
            typer.echo("kawal: error: finish enrolling a second factor first (kawal users enrol)", err=True)
            raise typer.Exit(1)
        session = services.auth.login_totp(pending.token, code or typer.prompt("TOTP code"))
        path = services.settings.cli_session_file
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_private(path, session.token + "\n")
        role = services.auth.user_role(username)
    finally:
        services.close()
    typer.echo(f"signed in as {username.strip().lower()} ({role}); the session ends after "
               f"{session.idle_timeout_seconds // 60} minutes without a command")


def logout() -> None:
    """End the session and forget its token."""
    services = open_services()
    path = services.settings.cli_session_file
    try:
        token = path.read_text(encoding="utf-8").strip() if path.exists() else ""
        if token:
            try:
                principal = services.auth.authenticate(token)
            except Exception:  # noqa: BLE001 - an expired session is already over; the file still goes
                principal = None
            if principal is not None and principal.session_id is not None:
                services.auth.revoke_session(principal.session_id, actor=principal.actor, reason="logout")
        path.unlink(missing_ok=True)
    finally:
        services.close()
    typer.echo("signed out")


def whoami() -> None:
    """The signed-in operator and her role (exit 1 when nobody is signed in or the session ended)."""
    services = open_services()
    try:
        path = services.settings.cli_session_file
        token = path.read_text(encoding="utf-8").strip() if path.exists() else ""
        if not token:
            typer.echo("nobody is signed in (kawal login)", err=True)
            raise typer.Exit(1)
        principal = services.auth.authenticate(token)
    finally:
        services.close()
    typer.echo(f"{principal.actor} ({principal.role})")


def approve(
    action: str = typer.Argument(..., help="hold.release, records.export or subjects.erase"),
    hold: str = typer.Option(None, "--hold", help="The hold to release"),
    request: str = typer.Option(None, "--request", help="The data-subject request to export or erase"),
    subject_id: str = typer.Option(None, "--subject-id", help="The customer to erase directly (vault shred)"),
    reason: str = typer.Option(..., "--reason", help="Why (the case, the ticket)"),
) -> None:
    """Approve one action on one target as the second person (four eyes); prints the approval id."""
    targets = [t for t in (hold, request, subject_id) if t]
    if len(targets) != 1:
        typer.echo("kawal: error: name exactly one target: --hold, --request or --subject-id", err=True)
        raise typer.Exit(2)
    services = open_services()
    try:
        context = operator_context(services, "approvals.grant")
        approval = grant(services, context, action, target_of(services, hold_id=hold, request_id=request,
                                                               subject_id=subject_id), reason=reason)
    finally:
        services.close()
    typer.echo(approval.approval_id)
    typer.echo(f"approved {approval.action} on {approval.target} by {approval.granted_by}, once, until "
               f"{iso(approval.expires_at)}, for someone else", err=True)

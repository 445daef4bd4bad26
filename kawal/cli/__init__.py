"""The `kawal` command: a thin shell over the domain packages.

Every failure ends in one line on stderr (`kawal: error: ...`) and an exit code from the contract:
0 ok, 1 findings, 2 usage, 3 configuration or keys, 4 I/O or database. Never a traceback.
"""

from __future__ import annotations

import sys

import typer

from kawal.cli import (
    audit_cmd,
    canary_cmd,
    db,
    demo_cmd,
    dsar_cmd,
    redact,
    retention_cmd,
    serve,
    session_cmd,
    users,
    vault_cmd,
)
from kawal.errors import KNOWN_ERRORS, classify, describe

app = typer.Typer(
    name="kawal",
    help="Kawal: data protection for contact centers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(vault_cmd.app, name="vault")
app.add_typer(users.app, name="users")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(dsar_cmd.app, name="dsar")
app.add_typer(dsar_cmd.hold_app, name="hold")
app.add_typer(retention_cmd.app, name="retention")
app.add_typer(demo_cmd.app, name="demo")
app.command("serve")(serve.serve)
app.command("redact")(redact.redact)
app.command("canary")(canary_cmd.canary)
app.command("login")(session_cmd.login)
app.command("logout")(session_cmd.logout)
app.command("whoami")(session_cmd.whoami)
app.command("approve")(session_cmd.approve)

EXIT_BUG = 70  # EX_SOFTWARE: an error Kawal did not expect is a bug, reported without internals


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="kawal")
    except KNOWN_ERRORS as exc:
        code, _, _ = classify(exc)
        print(f"kawal: error: {describe(exc)}", file=sys.stderr)
        raise SystemExit(code) from None
    except KeyboardInterrupt:
        print("kawal: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except BrokenPipeError:
        raise SystemExit(4) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        print(f"kawal: error: unexpected {type(exc).__name__}; this is a bug, please report it", file=sys.stderr)
        raise SystemExit(EXIT_BUG) from None

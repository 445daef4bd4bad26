"""`kawal dsar` and `kawal hold`: data-subject requests and legal holds, a thin shell over kawal.dsar."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from kawal.audit_views import iso, parse_when
from kawal.cli.context import open_services, operator_context
from kawal.dsar import (
    confirm,
    erase,
    export,
    extend,
    fulfil,
    holds,
    open_request,
    place_hold,
    rectify,
    register,
    reject,
    release_hold,
    request_view,
    verify,
)
from kawal.files import write_new_private
from privacy.answer import LANGUAGES
from privacy.requests import deadline_state

app = typer.Typer(help="Data-subject requests: access (export), rectification, erasure; deadlines per law.",
                  no_args_is_help=True)
hold_app = typer.Typer(help="Legal holds: erasure and retention leave held subjects alone.", no_args_is_help=True)

EXIT_FINDINGS, EXIT_USAGE = 1, 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"kawal: error: {message}", err=True)
    return typer.Exit(code)


def _identifiers(phone: str | None, email: str | None, nik: str | None) -> dict[str, str]:
    return {k: v for k, v in {"phone": phone, "email": email, "nik": nik}.items() if v}


def _actor(services: Any) -> str:
    """The DPO signed in with `kawal login` (a named person with dsar.manage), never an OS account."""
    return operator_context(services, "dsar.manage").actor


_APPROVAL = typer.Option(None, "--approval", help="A second person's approval id (kawal approve): four eyes")


def _run(work: Callable[[Any], Any]) -> Any:
    services = open_services()
    try:
        return work(services)
    finally:
        services.close()


def _show(request: Any, fmt: str) -> None:
    view = request_view(request)
    if fmt == "json":
        typer.echo(json.dumps(view, sort_keys=True))
        return
    deadline = view["deadline"]
    confirm = f", confirmation {deadline['confirmation']} (by {view['confirm_by']})" if deadline["confirmation"] else ""
    typer.echo(f"{request.request_id}  {request.kind} under {request.framework}: {request.state}; "
               f"{len(request.subject_refs)} subjects; answer {deadline['answer']} (by {view['answer_by'] or 'no fixed period'}){confirm}")


_FORMAT = typer.Option("text", "--format", help="text or json")
_REQUEST = typer.Argument(..., help="The request id")


@app.command("open")
def open_cmd(
    kind: str = typer.Option(..., "--kind", help="access, rectification, erasure, withdrawal, restriction, objection "
                             "or opt_out (each law gives its own)"),
    framework: str = typer.Option(..., "--framework", help="The law it is made under: a framework id (kawal audit frameworks)"),
    phone: str = typer.Option(None, "--phone", help="The requester's phone (searched in the blind index, never stored)"),
    email: str = typer.Option(None, "--email"),
    nik: str = typer.Option(None, "--nik"),
    subject_id: list[str] = typer.Option([], "--subject-id", help="A customer id, if known (repeat)"),
    received: str = typer.Option(None, "--received", help="When it was received (ISO 8601; default now)"),
    reference: str = typer.Option("", "--reference", help="Your ticket id"),
    fmt: str = _FORMAT,
) -> None:
    """Register a request; its deadlines follow the law (GDPR a month, CCPA 45 days, PDPA 30, UU PDP 72 h)."""
    try:
        received_at = parse_when(received) if received else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    request = _run(lambda s: open_request(s, kind, framework, identifiers=_identifiers(phone, email, nik),
                                          subject_ids=subject_id, actor=_actor(s), received_at=received_at,
                                          reference=reference))
    _show(request, fmt)


@app.command("verify")
def verify_cmd(request_id: str = _REQUEST, method: str = typer.Option(..., "--method", help="How identity was checked"),
               fmt: str = _FORMAT) -> None:
    """Record that the requester's identity was verified (needed before export, rectification or erasure)."""
    _show(_run(lambda s: verify(s, request_id, actor=_actor(s), method=method)), fmt)


@app.command("confirm")
def confirm_cmd(request_id: str = _REQUEST, fmt: str = _FORMAT) -> None:
    """Record that receipt was confirmed to the requester (CCPA: within 10 business days)."""
    _show(_run(lambda s: confirm(s, request_id, actor=_actor(s))), fmt)


@app.command("extend")
def extend_cmd(request_id: str = _REQUEST, reason: str = typer.Option(..., "--reason"),
               answer_by: str = typer.Option(None, "--answer-by", help="PDPA reg. 5: the date told to the applicant"),
               fmt: str = _FORMAT) -> None:
    """Use the law's one extension (GDPR +2 months, CCPA +45 days, PDPA a date you tell), before the first deadline."""
    try:
        when = parse_when(answer_by) if answer_by else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    _show(_run(lambda s: extend(s, request_id, actor=_actor(s), reason=reason, answer_by=when)), fmt)


@app.command("fulfil")
def fulfil_cmd(request_id: str = _REQUEST, action: str = typer.Option(..., "--action", help="What was done, from when"),
               fmt: str = _FORMAT) -> None:
    """Close a withdrawal, restriction, objection or opt-out request with what was done."""
    _show(_run(lambda s: fulfil(s, request_id, actor=_actor(s), action=action)), fmt)


@app.command("reject")
def reject_cmd(request_id: str = _REQUEST, reason: str = typer.Option(..., "--reason"), fmt: str = _FORMAT) -> None:
    """Close a request without acting on it, with the reason given to the requester."""
    _show(_run(lambda s: reject(s, request_id, actor=_actor(s), reason=reason)), fmt)


@app.command("export")
def export_cmd(
    request_id: str = _REQUEST,
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the bundle (it holds personal data)"),
    letter: Path = typer.Option(None, "--letter", help="Also write the cover letter to this file"),
    language: str = typer.Option("en", "--language", help="The cover letter's language: en or id"),
    approval: str = _APPROVAL,
) -> None:
    """Answer an access request: the records, who accessed them, the statutory information (GDPR 15(1)), a letter."""
    if language not in LANGUAGES:
        raise _fail(f"--language must be one of {', '.join(LANGUAGES)}")
    for path in (output, letter):
        if path is not None and path.exists():
            raise _fail(f"{path} exists; the answer holds personal data, choose a new file")
    def run(services: Any) -> dict[str, Any]:
        operator = operator_context(services, "dsar.manage")
        return export(services, request_id, actor=operator.actor, role=operator.role, approval_id=approval)

    bundle = _run(run)
    write_new_private(output, json.dumps(bundle, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    if letter is not None:
        write_new_private(letter, bundle["cover_letter"][language])
    records = sum(len(s["records"]) for s in bundle["subjects"])
    typer.echo(f"export of {records} records written to {output} (mode 600); digest {bundle['digest']}", err=True)


@app.command("rectify")
def rectify_cmd(
    request_id: str = _REQUEST,
    record: str = typer.Option(..., "--record", help="The record to correct"),
    set_: list[str] = typer.Option([], "--set", help="field=value (repeat); the value is JSON if it parses, else text"),
    unset: list[str] = typer.Option([], "--unset", help="A field to remove (repeat)"),
    fmt: str = _FORMAT,
) -> None:
    """Answer a rectification request: correct fields of one of the subject's records."""
    patch: dict[str, Any] = {}
    for item in set_:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise _fail(f"--set takes field=value, not {item!r}")
        try:
            patch[name] = json.loads(value)
        except ValueError:
            patch[name] = value
    patch.update(dict.fromkeys(unset))
    if not patch:
        raise _fail("give at least one --set or --unset")
    _show(_run(lambda s: rectify(s, request_id, [(record, patch)], actor=_actor(s))), fmt)


@app.command("erase")
def erase_cmd(request_id: str = _REQUEST, fmt: str = _FORMAT, approval: str = _APPROVAL) -> None:
    """Answer an erasure request by crypto-shredding the subject; refused while a legal hold is active."""
    request = _run(lambda s: erase(s, request_id, actor=_actor(s), approval_id=approval))
    _show(request, fmt)
    for certificate in [] if fmt == "json" else request.outcome.get("certificates", []):
        typer.echo(f"    erasure certificate {certificate['certificate_id']}: {certificate['records_affected']} records, "
                   f"{len(certificate['keys_destroyed'])} keys destroyed, {certificate['digest']}")


@app.command("show")
def show_cmd(request_id: str = _REQUEST, fmt: str = _FORMAT) -> None:
    """One request with its state, deadlines and outcome."""
    _show(_run(lambda s: register(s).get(request_id)), fmt)


@app.command("list")
def list_cmd(open_only: bool = typer.Option(False, "--open", help="Only requests still open"),
             overdue: bool = typer.Option(False, "--overdue", help="Only requests past their deadline"),
             fmt: str = _FORMAT) -> None:
    """Requests, oldest first; exit 1 when one is overdue (for a cron job)."""


    now = time.time()
    requests = _run(lambda s: register(s).all(open_only=open_only))
    late = [r for r in requests if deadline_state(r, now)[0] == "overdue"]
    for request in late if overdue else requests:
        _show(request, fmt)
    if late:
        raise typer.Exit(EXIT_FINDINGS)


def _show_hold(hold: Any, fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(hold.to_dict(), sort_keys=True))
        return
    state = "active" if hold.active else f"released {iso(hold.released_at)} by {hold.released_by}"
    typer.echo(f"{hold.hold_id}  subject {hold.subject_ref[:12]}...  {state}; placed {iso(hold.placed_at)} by "
               f"{hold.placed_by}: {hold.reason}")


@hold_app.command("place")
def hold_place(
    reason: str = typer.Option(..., "--reason", help="The case, inquiry or claim"),
    phone: str = typer.Option(None, "--phone"),
    email: str = typer.Option(None, "--email"),
    nik: str = typer.Option(None, "--nik"),
    subject_id: list[str] = typer.Option([], "--subject-id"),
    fmt: str = _FORMAT,
) -> None:
    """Hold every subject matching the identifiers."""
    for hold in _run(lambda s: place_hold(s, identifiers=_identifiers(phone, email, nik), subject_ids=subject_id,
                                          reason=reason, actor=_actor(s))):
        _show_hold(hold, fmt)


@hold_app.command("release")
def hold_release(hold_id: str = typer.Argument(...), reason: str = typer.Option(..., "--reason"),
                 fmt: str = _FORMAT, approval: str = _APPROVAL) -> None:
    """Release a hold; the subject can then be erased, and retention applies again."""
    _show_hold(_run(lambda s: release_hold(s, hold_id, reason=reason, actor=_actor(s), approval_id=approval)), fmt)


@hold_app.command("list")
def hold_list(active: bool = typer.Option(False, "--active"), fmt: str = _FORMAT) -> None:
    """Legal holds, oldest first."""
    for hold in _run(lambda s: holds(s).all(active_only=active)):
        _show_hold(hold, fmt)

"""`kawal audit`: verify the chain, sign and export checkpoints, prove events, query events."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from audit import AuditEvent, Checkpoint, load_public_key, verify_proof
from audit.checkpoints import SigningKeyError, signature_ok
from compliance.render import BINARY_FORMATS, FORMATS, render_bytes
from compliance.signature import (
    SignatureError,
    generate_key,
    load_private_key,
    read_signature,
    sign_file,
    verify_file,
)
from kawal.audit_context import load_context
from kawal.audit_views import ALERT_COLUMNS, EVENT_COLUMNS, alert_row, event_row, iso, parse_when, to_csv
from kawal.cli.context import cli_context, open_services
from kawal.compliance import assess_breach, attest, breach_view, breaches, frameworks, notify_breach, record_breach
from kawal.files import write_new_private, write_private
from kawal.registers import adopt, problems as register_problems
from kawal.reports import build_report
from privacy.breaches import Assessment

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)

EXIT_FINDINGS, EXIT_USAGE = 1, 2


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"kawal: error: {message}", err=True)
    return typer.Exit(code)


def _read_json_file(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _fail(f"unreadable {what} {path}: {type(exc).__name__}") from None


def _public_key(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        return load_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise _fail(f"unreadable public key {path}: {exc}") from None


@app.command("checkpoint")
def checkpoint(
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the checkpoint (keep it off this database)"),
) -> None:
    """Sign a checkpoint over the events since the last one and write it (with the public key) to OUTPUT."""
    services = open_services()
    try:
        assert services.trail is not None
        signed = services.trail.checkpoint() or services.trail.checkpoints.latest()
        pem = services.trail.checkpoints.signer.public_pem()
    finally:
        services.close()
    if signed is None:
        raise _fail("the audit log is empty: nothing to checkpoint", EXIT_FINDINGS)
    write_private(output, json.dumps(signed.to_dict(), sort_keys=True) + "\n")
    write_private(output.with_suffix(".pub.pem"), pem)
    typer.echo(f"checkpoint of events {signed.first_seq}..{signed.last_seq} signed by {signed.key_id} written to {output}")


@app.command("public-key")
def public_key() -> None:
    """Print the checkpoint signing key's public half (PEM), for whoever checks proofs offline."""
    services = open_services()
    try:
        assert services.trail is not None
        typer.echo(services.trail.checkpoints.signer.public_pem(), nl=False)
    finally:
        services.close()


@app.command("verify")
def verify(
    checkpoint_file: Path = typer.Option(None, "--checkpoint", help="A checkpoint from `kawal audit checkpoint`: catches a cut tail"),
    key_file: Path = typer.Option(None, "--public-key", help="Trusted public key (PEM) for the checkpoint; default: this vault's"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Walk the whole chain and the signed checkpoints; exit 1 naming the first bad sequence number."""
    external = None
    if checkpoint_file is not None:
        try:
            external = Checkpoint.from_dict(_read_json_file(checkpoint_file, "checkpoint"))
        except ValueError as exc:
            raise _fail(f"unreadable checkpoint {checkpoint_file}: {exc}") from None
    trusted = _public_key(key_file)
    services = open_services()
    try:
        assert services.trail is not None
        trail = services.trail
        key = trusted or trail.checkpoints.signer.public_key
        problems: list[tuple[int | None, str]] = []
        if external is not None and not signature_ok(external, key):
            problems.append((external.last_seq, "the checkpoint file's signature does not verify"))
        report = trail.log.verify(head=(external.last_seq, external.head_hash) if external else None)
        if not report.ok:
            problems.append((report.first_bad_seq, report.reason or "broken"))
        if external is not None and report.ok:
            mismatch = trail.checkpoints.check_against_log(external)
            if mismatch:
                problems.append((mismatch[0], f"checkpoint file: {mismatch[1]}"))
        stored = trail.checkpoints.verify(key)
        if not stored.ok:
            problems.append((stored.seq, stored.reason))

        for found in register_problems(services):
            problems.append((None, f"register {found.resource}: {found.problem}"))
    finally:
        services.close()
    first_bad, reason = problems[0] if problems else (None, None)
    if fmt == "json":
        typer.echo(json.dumps({**report.to_dict(), "ok": not problems, "first_bad_seq": first_bad, "reason": reason,
                               "problems": [{"seq": s, "reason": r} for s, r in problems]}, sort_keys=True))
    elif not problems:
        typer.echo(f"audit chain intact: {report.checked} events, head {report.head_seq}; {stored.reason}; "
                   "every register row matches its last chained event")
    else:
        where = f" at event {first_bad}" if first_bad is not None else ""
        what = "audit chain BROKEN" if first_bad is not None or not report.ok else "audit registers DIFFER from the chain"
        typer.echo(f"{what}{where}: {reason}")
        for seq, extra in problems[1:]:
            typer.echo(f"  also: {'event ' + str(seq) + ': ' if seq is not None else ''}{extra}")
    if problems:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("prove")
def prove(
    seq: int = typer.Argument(..., min=1, help="Sequence number of the event"),
    output: Path = typer.Option(None, "-o", "--output", help="Write the proof here instead of stdout"),
) -> None:
    """An inclusion proof of one event in a signed checkpoint, checkable offline with `check-proof`."""
    services = open_services()
    try:
        assert services.trail is not None
        try:
            proof = services.trail.checkpoints.prove(seq)
        except (KeyError, StopIteration):
            raise _fail(f"event {seq} is not covered by a signed checkpoint yet (run `kawal audit checkpoint`)",
                        EXIT_FINDINGS) from None
    finally:
        services.close()
    text = json.dumps(proof, indent=2, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"proof of event {seq} written to {output}", err=True)


@app.command("check-proof")
def check_proof(
    proof_file: Path = typer.Argument(..., help="A proof from `kawal audit prove`"),
    key_file: Path = typer.Option(..., "--public-key", help="The trusted public key (PEM); never the one inside the proof"),
) -> None:
    """Check a proof with nothing but the public key: no database, no Kawal keys. Exit 1 if it fails."""
    result = verify_proof(_read_json_file(proof_file, "proof"), _public_key(key_file))
    typer.echo(("valid: " if result.ok else "INVALID: ") + result.reason)
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("events")
def events(
    actor: str = typer.Option(None, "--actor"),
    action: str = typer.Option(None, "--action", help="Exact, or a prefix ending in '.' or '*' (auth.*)"),
    subject_id: str = typer.Option(None, "--subject-id", help="A customer id (turned into its keyed reference)"),
    subject_ref: str = typer.Option(None, "--subject-ref", help="A keyed subject reference, as stored"),
    since: str = typer.Option(None, "--since", help="ISO 8601 time or look-back (24h, 7d)"),
    until: str = typer.Option(None, "--until", help="ISO 8601 time or look-back"),
    after: int = typer.Option(0, "--after", min=0, max=2**62, help="Only events after this sequence number (paging cursor)"),
    limit: int = typer.Option(100, "--limit", min=1, help="At most this many events (0 < n, pages of 1,000)"),
    fmt: str = typer.Option("text", "--format", help="text, json (one object per line) or csv"),
) -> None:
    """Events matching every filter, oldest first; page with --after (the last seq printed)."""
    if fmt not in ("text", "json", "csv"):
        raise _fail("--format must be text, json or csv")
    try:
        start = parse_when(since) if since else None
        end = parse_when(until) if until else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    services = open_services()
    try:
        assert services.trail is not None
        ref = subject_ref or (services.vault.live_subject_ref(subject_id) if subject_id else None)
        rows, cursor, left = [], after, limit
        while left > 0:
            page = services.trail.log.search(actor=actor, action=action, subject=ref, since=start, until=end,
                                             after=cursor, limit=min(left, 1_000))
            rows.extend(event_row(e, services.trail.log) for e in page)
            if len(page) < min(left, 1_000):
                break
            cursor, left = page[-1].seq, left - len(page)
        if subject_id or subject_ref:
            services.trail.record(_officer_query(actor, action, ref, len(rows)))
    finally:
        services.close()
    if fmt == "json":
        for row in rows:
            typer.echo(json.dumps(row, sort_keys=True, ensure_ascii=False))
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows, EVENT_COLUMNS))
    else:
        for row in rows:
            subjects = f" subjects={len(row['subjects'])}" if row["subjects"] else ""
            purpose = f" purpose={row['purpose']}" if row["purpose"] else ""
            flag = "" if row["intact"] else "  [NOT INTACT]"
            typer.echo(f"{row['seq']:>8} {row['time']} {row['action']:<22} {row['actor']} {row['outcome']}{purpose}{subjects}{flag}")
        if not rows:
            typer.echo("no matching events", err=True)


def _officer_query(actor: str | None, action: str | None, ref: str | None, found: int) -> Any:
    """Looking up who accessed a customer is itself an access to that customer's history."""
    context = cli_context("audit query")
    return AuditEvent(action="audit.query", actor=context.actor, role="security_officer", subjects=(ref,) if ref else (),
                      purpose=context.purpose, source_ip=context.source,
                      detail={"filters": {k: v for k, v in {"actor": actor, "action": action}.items() if v}, "found": found})


@app.command("scan")
def scan_cmd(
    since: str = typer.Option(..., "--since", help="ISO 8601 time or look-back (24h, 7d)"),
    until: str = typer.Option(None, "--until", help="ISO 8601 time or look-back; default now"),
    context_file: Path = typer.Option(None, "--context", help="Cases, VIPs, staff, surnames, dismissals (JSON); default KAWAL_AUDIT_CONTEXT_FILE"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Run the detectors over a period (after learning the baseline days before it); store new alerts.

    Exit 0 when no new alert, 1 when there are new ones (findings), so a cron job can page someone.
    """
    try:
        start = parse_when(since)
        end = parse_when(until) if until else None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    services = open_services()
    try:
        assert services.alerting is not None
        context = load_context(context_file, services.vault) if context_file else None
        report = services.alerting.scan(start, end, actor=cli_context(None).actor, context=context)
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps({"events": report.events, "warmup_events": report.warmup_events, "raised": report.raised,
                               "seconds": round(report.seconds, 3), "new_alerts": [a.to_dict() for a in report.alerts]},
                              sort_keys=True))
    else:
        typer.echo(f"scanned {report.events} events (after learning from {report.warmup_events}) in {report.seconds:.1f} s: "
                   f"{len(report.alerts)} new alerts ({report.raised - len(report.alerts)} already known)")
        for alert in report.alerts:
            typer.echo(f"  [{alert.severity:<8}] {alert.score:>3} {alert.detector:<18} {iso(alert.raised_at)}  {alert.message}"
                       f"  (id {alert.alert_id}, {len(alert.evidence)} events)")
    if report.alerts:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("alerts")
def alerts_cmd(
    status: str = typer.Option("open", "--status", help="open, acknowledged, closed or all"),
    detector: str = typer.Option(None, "--detector"),
    actor: str = typer.Option(None, "--actor"),
    min_severity: str = typer.Option(None, "--min-severity", help="low, medium, high or critical"),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
    fmt: str = typer.Option("text", "--format", help="text, json or csv"),
) -> None:
    """List alerts, newest first."""
    if status not in ("open", "acknowledged", "closed", "all"):
        raise _fail("--status must be open, acknowledged, closed or all")
    if min_severity not in (None, "low", "medium", "high", "critical"):
        raise _fail("--min-severity must be low, medium, high or critical")
    services = open_services()
    try:
        assert services.alerting is not None
        found = services.alerting.store.list(status=None if status == "all" else status, detector=detector, actor=actor,
                                             min_severity=min_severity, limit=limit)
    finally:
        services.close()
    rows = [alert_row(a) for a in found]
    if fmt == "json":
        for row in rows:
            typer.echo(json.dumps(row, sort_keys=True, ensure_ascii=False))
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows, ALERT_COLUMNS))
    else:
        for row in rows:
            typer.echo(f"{row['alert_id']} [{row['severity']:<8}] {row['score']:>3} {row['status']:<12} {row['raised_at']} "
                       f"{row['detector']}: {row['message']}")
        if not rows:
            typer.echo(f"no {'' if status == 'all' else status + ' '}alerts", err=True)


@app.command("alert")
def alert_cmd(
    alert_id: str = typer.Argument(...),
    status: str = typer.Argument(..., help="acknowledged or closed"),
    reason: str = typer.Option(None, "--reason", help="Required to close: what was found, or why it is benign"),
) -> None:
    """Acknowledge or close an alert (who and why are recorded, also in the audit chain)."""
    if status not in ("acknowledged", "closed"):
        raise _fail("status must be acknowledged or closed")
    services = open_services()
    try:
        assert services.alerting is not None
        context = cli_context(None)
        changed = services.alerting.set_status(alert_id, status, by=context.actor, reason=reason, role="security_officer",
                                               source_ip=context.source)
    finally:
        services.close()
    typer.echo(f"alert {changed.alert_id} is {changed.status} (by {changed.status_by})")


@app.command("frameworks")
def frameworks_cmd(fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """The frameworks loaded from policies/frameworks/*.yaml: their ids, names, review dates and request kinds."""
    services = open_services(check_keys=False)
    try:
        loaded = list(frameworks(services).values())
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps([{"id": f.id, "name": f.name, "as_of": str(f.as_of)} for f in loaded], sort_keys=True))
        return
    for f in loaded:
        typer.echo(f"{f.id:<8} {f.name} ({f.jurisdiction}), reviewed {f.as_of}; {len(f.requirements)} items; "
                   f"requests: {', '.join(f.deadlines.request_kinds) or 'none'}")


@app.command("report")
def report_cmd(
    framework: str = typer.Option("all", "--framework", help="A framework id (kawal audit frameworks) or all"),
    fmt: str = typer.Option("md", "--format", help="json, csv, md, html, pdf or ocsf"),
    output: Path = typer.Option(None, "-o", "--output", help="Write here instead of stdout"),
    period_days: int = typer.Option(30, "--period-days", min=1, max=3660, help="The period the report covers, in days"),
    approver: str = typer.Option(None, "--approver", help="Who approves the report (not its preparer); she signs "
                                 "the file with `kawal audit sign-report`"),
) -> None:
    """The compliance checklist filled with evidence from this system; exit 1 when an item fails.

    The report's content hash is written into the audit chain (`reports.generated`). PDF is binary:
    it goes to -o FILE, or to stdout only when stdout is not a terminal (a pipe or a redirect).
    """
    if fmt not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}")
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise _fail(f"--format {fmt} is binary: give -o FILE, or redirect stdout to a file or a pipe")
    services = open_services()
    try:
        report = build_report(services, framework, actor=cli_context(None).actor, fmt=fmt, period_days=period_days,
                              approver=approver)
    finally:
        services.close()
    data = render_bytes(report, fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        typer.echo(f"report written to {output}; content hash {report.content_hash}", err=True)
    if any(item.status == "fail" for checklist in report.checklists for item in checklist.items):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("signing-key")
def signing_key(
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the new private key (mode 600, never overwritten)"),
) -> None:
    """Make an Ed25519 key pair: for an approver to sign reports, or KAWAL_AUDIT_SIGNING_KEY_FILE for checkpoints.

    The private key goes to OUTPUT for its owner alone; the public key (PEM) is printed, for
    whoever verifies (`verify-report --public-key`, `audit verify --public-key`).
    """
    private, public = generate_key()
    try:
        write_new_private(output, private)
    except FileExistsError:
        raise _fail(f"{output} exists; a key is never overwritten") from None
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(public.decode(), nl=False)


@app.command("sign-report")
def sign_report(
    report: Path = typer.Argument(..., help="The rendered report file (PDF, HTML, JSON ...)"),
    key: Path = typer.Option(..., "--key", help="The approver's own Ed25519 private key (PEM)"),
    signer: str = typer.Option(..., "--signer", help='Name and capacity, e.g. "Ayu Lestari, DPO"'),
    output: Path = typer.Option(None, "-o", "--output", help="Default: REPORT.sig"),
) -> None:
    """Approve a report: a detached signature over the file's bytes, written beside it. Needs no database."""
    target = output or report.with_name(report.name + ".sig")
    try:
        signed = sign_file(report.read_bytes(), load_private_key(key.read_bytes()), signer=signer)
        write_new_private(target, json.dumps(signed, sort_keys=True, indent=1) + "\n")
    except FileExistsError:
        raise _fail(f"{target} exists; choose another -o") from None
    except OSError as exc:
        raise _fail(f"cannot read or write {exc.filename}: {exc.strerror}") from None
    except (SignatureError, SigningKeyError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{report} signed by {signed['signer']} ({signed['key_id']}); signature in {target}")


@app.command("verify-report")
def verify_report(
    report: Path = typer.Argument(..., help="The report file as received"),
    signature: Path = typer.Option(None, "--signature", help="Default: REPORT.sig"),
    key_file: Path = typer.Option(..., "--public-key", help="The approver's public key, from a trusted source"),
) -> None:
    """Check an approver's signature over a report file; exit 1 if the file or the signature was changed."""
    source = signature or report.with_name(report.name + ".sig")
    try:
        check = verify_file(report.read_bytes(), read_signature(source.read_text(encoding="utf-8")), _public_key(key_file))
    except OSError as exc:
        raise _fail(f"cannot read {exc.filename}: {exc.strerror}") from None
    except (SignatureError, UnicodeDecodeError) as exc:
        raise _fail(str(exc)) from None
    if not check.valid:
        typer.echo(f"INVALID: {check.reason}")
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo(f"valid: signed by {check.signer} at {check.signed_at}; file {check.file_sha256}")


@app.command("attest")
def attest_cmd(
    framework: str = typer.Argument(..., help="A framework id (kawal audit frameworks)"),
    requirement: str = typer.Argument(..., help="Requirement id, e.g. GDPR-37-1"),
    statement: str = typer.Option(..., "--statement", help="What you checked (or why it does not apply)"),
    role: str = typer.Option(None, "--role", help="The capacity you sign in (dpo, management, legal ...); items "
                             "such as the DPO's own appointment need someone other than the DPO"),
    not_applicable: bool = typer.Option(False, "--not-applicable", help="Mark the item as not applicable"),
) -> None:
    """Confirm a requirement that needs a person; it expires after the item's max_age_days."""
    services = open_services()
    try:
        attested = attest(services, cli_context(None), framework, requirement, statement=statement,
                          not_applicable=not_applicable, role=role)
    finally:
        services.close()
    typer.echo(f"{framework} {requirement} {'marked not applicable' if not_applicable else 'attested'} by "
               f"{attested.signed_by}" + (f" as {role}" if role else ""))


@app.command("adopt-registers")
def adopt_registers() -> None:
    """Vouch once, in the chain, for register rows written before registers were chained (after an upgrade)."""
    services = open_services()
    try:
        count = adopt(services, actor=cli_context(None).actor)
    finally:
        services.close()
    typer.echo(f"{count} register rows vouched for by a registers.adopted event" if count else
               "every register row already has a chained event")


breach_app = typer.Typer(help="The breach register: incidents, assessments, notifications, deadlines.", no_args_is_help=True)
app.add_typer(breach_app, name="breach")


def _print_breach(services: Any, breach: Any, fmt: str) -> None:
    view = breach_view(services, breach)
    if fmt == "json":
        typer.echo(json.dumps(view, sort_keys=True))
        return
    a = breach.assessment
    assessed = ("not assessed" if a is None else f"assessed {iso(breach.assessed_at)}: " + ", ".join(
        f"{k.replace('_', ' ')}={'yes' if v else 'no'}" for k, v in a.facts.items()))
    typer.echo(f"{breach.breach_id}  {breach.title}  detected {iso(breach.detected_at)}, {assessed}, "
               f"{breach.affected_subjects} subjects")
    if a is not None:
        typer.echo(f"    consequences: {a.consequences or '(not documented: GDPR 33(5))'}")
        typer.echo(f"    remedial action: {a.remedial_action or '(not documented: GDPR 33(5))'}")
    for fw, law in view["deadlines"].items():
        typer.echo(f"    {fw:<6} assessment {law['assessment']['state']:<10} due {iso(law['assessment']['due_at']) or '-'}")
        for owed in law["notices"]:
            typer.echo(f"    {'':<6} {owed['recipient']:<17} {owed['state']:<20} due {iso(owed['due_at']) or '-'}")


def _when(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_when(value)
    except ValueError as exc:
        raise _fail(str(exc)) from None


def _breach_call(work: Any) -> None:
    """Run one register workflow as the CLI operator (refusals become typed exits in kawal.cli.main)."""
    services = open_services()
    try:
        work(services, cli_context(None))
    finally:
        services.close()


@breach_app.command("record")
def breach_record(
    title: str = typer.Option(..., "--title"),
    description: str = typer.Option("", "--description", help="Facts only: no personal data"),
    detected: str = typer.Option(..., "--detected", help="When it became known (ISO 8601); the GDPR and UU PDP clocks start here"),
    affected: int = typer.Option(0, "--affected", min=0, help="Number of data subjects affected"),
    data_class: list[str] = typer.Option([], "--data-class", help="card, nik, phone ... (repeat)"),
    fmt: str = typer.Option("text", "--format"),
) -> None:
    """Record an incident in the breach register."""
    detected_at = _when(detected) or 0.0
    _breach_call(lambda services, context: _print_breach(services, record_breach(
        services, context, title, description, detected_at=detected_at, affected_subjects=affected,
        data_classes=data_class), fmt))


@breach_app.command("assess")
def breach_assess(
    breach_id: str = typer.Argument(...),
    risk: bool = typer.Option(..., "--risk/--no-risk", help="Likely to result in a risk to individuals (GDPR 33)"),
    high_risk: bool = typer.Option(False, "--high-risk/--no-high-risk", help="Likely to result in a high risk (GDPR 34: tell the individuals)"),
    significant_harm: bool = typer.Option(False, "--significant-harm/--no-significant-harm",
                                          help="Likely to result in significant harm (PDPA 26B(1)(a))"),
    encrypted: bool = typer.Option(False, "--encrypted/--unencrypted",
                                   help="The data was encrypted and the key was not taken (California 1798.82)"),
    public_impact: bool = typer.Option(False, "--public-impact/--no-public-impact",
                                       help="Public services disrupted or the public seriously affected (UU PDP 46(3))"),
    consequences: str = typer.Option("", "--consequences", help="The likely consequences and effects (GDPR 33(5))"),
    remedial_action: str = typer.Option("", "--remedial-action",
                                        help="The measures taken or proposed to mitigate it (GDPR 33(5))"),
    affected: int = typer.Option(None, "--affected", min=0, help="The number of people affected, if now better known"),
    assessed: str = typer.Option(None, "--assessed", help="When the assessment concluded (default now); PDPA's clock starts here"),
    fmt: str = typer.Option("text", "--format"),
) -> None:
    """Record the facts of the assessment; each law applies its own test (UU PDP always requires notice)."""
    when = _when(assessed)
    facts = Assessment(risk=risk, high_risk=high_risk, significant_harm=significant_harm, unencrypted=not encrypted,
                       public_impact=public_impact, consequences=consequences, remedial_action=remedial_action)
    _breach_call(lambda services, context: _print_breach(services, assess_breach(
        services, context, breach_id, facts, assessed_at=when, affected_subjects=affected), fmt))


@breach_app.command("notify")
def breach_notify(
    breach_id: str = typer.Argument(...),
    framework: str = typer.Option(..., "--framework", help="A framework id (kawal audit frameworks)"),
    reference: str = typer.Option(..., "--reference", help="The authority's case number, or how it was sent"),
    recipient: str = typer.Option("authority", "--recipient",
                                  help="authority, subjects, public, attorney_general, or controller when this tenant is a processor"),
    notified: str = typer.Option(None, "--notified", help="When (default now)"),
    fmt: str = typer.Option("text", "--format"),
) -> None:
    """Record a notice sent under *framework*; one breach may owe several (authority, individuals ...)."""
    when = _when(notified)
    _breach_call(lambda services, context: _print_breach(services, notify_breach(
        services, context, breach_id, framework, reference=reference, recipient=recipient, notified_at=when), fmt))


@breach_app.command("list")
def breach_list(fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
    """Every incident with, per regulation, whether notification is pending, due, met or late."""
    services = open_services()
    try:
        found = breaches(services).all()
        for breach in found:
            _print_breach(services, breach, fmt)
        if not found and fmt != "json":
            typer.echo("the breach register is empty", err=True)
    finally:
        services.close()

"""The auth service on SQLite and PostgreSQL: sign-in, lockouts, replay, sessions, API keys."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from auth import (
    AccountLocked,
    AuthService,
    CodeReplayed,
    InvalidCode,
    InvalidCredentials,
    MalformedCode,
    MfaRequired,
    NotAuthenticated,
    TooManyAttempts,
    Totp,
    UnknownRole,
    UserExists,
    WeakPassword,
)
from auth.models import auth_recovery_codes, auth_sessions, auth_users
from policies import load_auth_policy

if TYPE_CHECKING:
    from conftest import Database, FakeClock

PASSWORD = "correct horse battery staple"


def enrol(service: AuthService, clock: FakeClock, username: str = "siti", role: str = "agent") -> Totp:
    """Create a user with an active factor; return the factor (the test plays the phone)."""
    service.create_user(username, PASSWORD, role)
    enrolment = service.begin_enrolment(username)
    factor = Totp(enrolment.secret, service.policy.totp)
    service.confirm_enrolment(username, factor.now(clock.now))
    clock.advance(30)  # the enrolment code's step is used up
    return factor


def sign_in(service: AuthService, factor: Totp, clock: FakeClock, username: str = "siti") -> str:
    pending = service.login_password(username, PASSWORD, ip="10.0.0.1")
    clock.advance(30)
    return service.login_totp(pending.token, factor.now(clock.now), ip="10.0.0.1").token


@pytest.fixture
def service(make_auth: Any) -> AuthService:
    return make_auth()  # type: ignore[no-any-return]


def test_two_step_sign_in(service: AuthService, clock: FakeClock, auth_events: list[Any]) -> None:
    factor = enrol(service, clock)
    pending = service.login_password("Siti", PASSWORD, ip="10.0.0.1")
    assert pending.next_step == "totp"
    principal = service.authenticate(pending.token)
    assert principal.kind == "mfa"
    with pytest.raises(MfaRequired):
        service.require_full(principal)
    session = service.login_totp(pending.token, factor.now(clock.now), ip="10.0.0.1")
    principal = service.authenticate(session.token)
    assert principal.kind == "full" and principal.role == "agent" and principal.actor == "siti"
    service.require_full(principal)
    with pytest.raises(NotAuthenticated):
        service.login_totp(pending.token, factor.now(clock.now + 30))  # the pending token is spent
    kinds = [e.kind for e in auth_events]
    assert kinds[-2:] == ["login_succeeded", "mfa_succeeded"]
    assert all(PASSWORD not in repr(e) and session.token not in repr(e) for e in auth_events)


def test_secrets_are_not_stored_in_clear(service: AuthService, clock: FakeClock, database: Database) -> None:
    factor = enrol(service, clock)
    token = sign_in(service, factor, clock)
    with database.engine.connect() as conn:
        user = conn.execute(select(auth_users)).one()
        sessions = conn.execute(select(auth_sessions)).all()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert factor.secret.encode() not in bytes(user.totp_secret)
    assert all(token.encode() not in bytes(s.token_digest) for s in sessions)


def test_unknown_user_and_wrong_password_look_the_same(service: AuthService, clock: FakeClock) -> None:
    enrol(service, clock)
    with pytest.raises(InvalidCredentials) as wrong:
        service.login_password("siti", "not the password at all")
    with pytest.raises(InvalidCredentials) as unknown:
        service.login_password("nobody", PASSWORD)
    with pytest.raises(InvalidCredentials) as invalid:
        service.login_password("../../etc/passwd", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == str(invalid.value)


def test_password_policy_and_roles(service: AuthService) -> None:
    with pytest.raises(WeakPassword):
        service.create_user("budi", "short", "agent")
    with pytest.raises(UnknownRole):
        service.create_user("budi", PASSWORD, "god")
    service.create_user("budi", PASSWORD, "agent")
    with pytest.raises(UserExists):
        service.create_user("BUDI", PASSWORD, "agent")


def test_first_sign_in_enrols(service: AuthService, clock: FakeClock) -> None:
    service.create_user("budi", PASSWORD, "agent")
    pending = service.login_password("budi", PASSWORD)
    assert pending.next_step == "enrol"
    enrolment = service.pending_enrolment("budi")
    assert enrolment.uri.startswith("otpauth://totp/Kawal:budi?")
    assert parse_qs(urlparse(enrolment.uri).query)["secret"] == [enrolment.secret]
    factor = Totp(enrolment.secret, service.policy.totp)
    with pytest.raises(NotAuthenticated):
        service.login_totp(pending.token, factor.now(clock.now))  # an enrolment token cannot skip enrolment
    session, codes = service.confirm_first_factor(pending.token, factor.now(clock.now))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert service.authenticate(session.token).kind == "full"


def test_a_code_is_accepted_once(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    code = factor.now(clock.now)
    first = service.login_password("siti", PASSWORD)
    second = service.login_password("siti", PASSWORD)
    service.login_totp(first.token, code)
    with pytest.raises(CodeReplayed):
        service.login_totp(second.token, code)
    with pytest.raises(CodeReplayed):  # an older step of the window is refused too
        service.login_totp(second.token, factor.code_at_step(factor.step(clock.now) - 1))


def test_malformed_codes_are_not_counted(service: AuthService, clock: FakeClock, database: Database) -> None:
    enrol(service, clock)
    pending = service.login_password("siti", PASSWORD)
    for bad in ("12ab56", "1234567", ""):
        with pytest.raises(MalformedCode):
            service.login_totp(pending.token, bad)
    with database.engine.connect() as conn:
        assert conn.execute(select(auth_users.c.otp_failures)).scalar_one() == 0


def _wrong(factor: Totp, clock: FakeClock) -> str:
    valid = {factor.code_at_step(factor.step(clock.now) + o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def test_lockout_doubles_and_ends_pending_sessions(service: AuthService, clock: FakeClock, auth_events: list[Any]) -> None:
    factor = enrol(service, clock)
    # Five parallel pending sessions share one budget: guesses do not multiply (AuthQuake).
    pendings = [service.login_password("siti", PASSWORD).token for _ in range(5)]
    for token in pendings[:4]:
        with pytest.raises(InvalidCode):
            service.login_totp(token, _wrong(factor, clock))
    with pytest.raises(AccountLocked) as locked:
        service.login_totp(pendings[4], _wrong(factor, clock))
    assert locked.value.retry_after == 60
    # The lock ended every pending session, even one that never guessed.
    extra_pending = pendings[0]
    with pytest.raises(NotAuthenticated):
        service.login_totp(extra_pending, factor.now(clock.now))
    # Still locked for a fresh sign-in with the right code.
    fresh = service.login_password("siti", PASSWORD)
    with pytest.raises(AccountLocked):
        service.login_totp(fresh.token, factor.now(clock.now))
    clock.advance(61)
    for _ in range(4):
        token = service.login_password("siti", PASSWORD).token
        with pytest.raises(InvalidCode):
            service.login_totp(token, _wrong(factor, clock))
    with pytest.raises(AccountLocked) as second_lock:
        service.login_totp(service.login_password("siti", PASSWORD).token, _wrong(factor, clock))
    assert second_lock.value.retry_after == 120
    assert [e.kind for e in auth_events].count("account_locked") == 2
    clock.advance(121)
    token = service.login_password("siti", PASSWORD).token
    service.login_totp(token, factor.now(clock.now))  # a success resets the doubling


def test_lock_is_capped_at_an_hour(make_auth: Any, clock: FakeClock) -> None:
    from auth.throttle import lock_seconds

    policy = load_auth_policy().lockout
    assert [lock_seconds(policy, n) for n in (1, 2, 3, 6, 7, 20)] == [60, 120, 240, 1920, 3600, 3600]


def test_password_guesses_alone_never_lock(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    for n in range(12):
        with pytest.raises(InvalidCredentials):
            service.login_password("siti", f"wrong guess {n}", ip=f"10.1.0.{n}")
    sign_in(service, factor, clock)


def test_one_address_cannot_spray_accounts(make_auth: Any, clock: FakeClock) -> None:
    base = load_auth_policy()
    policy = base.model_copy(update={"lockout": base.lockout.model_copy(update={"ip_max_failures": 30})})
    service = make_auth(policy=policy)
    for n in range(30):
        with pytest.raises(InvalidCredentials):
            service.login_password(f"user{n}", "password guess 1", ip="203.0.113.9")
    with pytest.raises(TooManyAttempts):
        service.login_password("user99", "password guess 1", ip="203.0.113.9")
    service.create_user("other", PASSWORD, "agent")
    assert service.login_password("other", PASSWORD, ip="203.0.113.10").next_step == "enrol"
    clock.advance(15 * 60 + 1)
    with pytest.raises(InvalidCredentials):  # a new window
        service.login_password("user99", "password guess 1", ip="203.0.113.9")


def test_recovery_codes_are_one_time(service: AuthService, clock: FakeClock, auth_events: list[Any], database: Database) -> None:
    service.create_user("siti", PASSWORD, "agent")
    enrolment = service.begin_enrolment("siti")
    codes = service.confirm_enrolment("siti", Totp(enrolment.secret, service.policy.totp).now(clock.now))
    with database.engine.connect() as conn:
        stored = [bytes(r.digest) for r in conn.execute(select(auth_recovery_codes)).all()]
    assert all(c.encode() not in d for c in codes for d in stored)
    session = service.login_recovery(service.login_password("siti", PASSWORD).token, codes[3].upper())
    assert session.reenrol_required
    assert "recovery_code_used" in [e.kind for e in auth_events]
    with pytest.raises(InvalidCode):
        service.login_recovery(service.login_password("siti", PASSWORD).token, codes[3])


def test_idle_timeout_and_absolute_lifetime(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    token = sign_in(service, factor, clock)
    for _ in range(20):  # active for 20 x 14 min = 4 h 40 min
        clock.advance(14 * 60)
        service.authenticate(token)
    clock.advance(16 * 60)
    with pytest.raises(NotAuthenticated, match="inactivity"):
        service.authenticate(token)
    token = sign_in(service, factor, clock)
    for _ in range(35):  # 8 h 10 min of activity
        clock.advance(14 * 60)
        try:
            service.authenticate(token)
        except NotAuthenticated:
            break
    else:
        pytest.fail("session outlived its absolute lifetime")
    assert clock.now  # reached


def test_pending_token_expires(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    pending = service.login_password("siti", PASSWORD)
    clock.advance(301)
    with pytest.raises(NotAuthenticated):
        service.login_totp(pending.token, factor.now(clock.now))


def test_revocation_and_disable(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    one = sign_in(service, factor, clock)
    two = sign_in(service, factor, clock)
    principal = service.authenticate(one)
    assert service.revoke_session(principal.session_id or "", user_id=principal.user_id)
    with pytest.raises(NotAuthenticated):
        service.authenticate(one)
    service.authenticate(two)
    assert service.revoke_all("siti") >= 1
    with pytest.raises(NotAuthenticated):
        service.authenticate(two)
    three = sign_in(service, factor, clock)
    service.disable_user("siti")
    with pytest.raises(NotAuthenticated):
        service.authenticate(three)
    with pytest.raises(InvalidCredentials):
        service.login_password("siti", PASSWORD)


def test_reset_mfa_forces_enrolment(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    token = sign_in(service, factor, clock)
    service.reset_mfa("siti", actor="officer")
    with pytest.raises(NotAuthenticated):
        service.authenticate(token)
    assert service.login_password("siti", PASSWORD).next_step == "enrol"


def test_step_up(service: AuthService, clock: FakeClock) -> None:
    factor = enrol(service, clock)
    principal = service.authenticate(sign_in(service, factor, clock))
    assert service.stepped_up(principal)
    clock.advance(301)
    assert not service.stepped_up(principal)
    service.step_up(principal, factor.now(clock.now))
    token_principal = service.authenticate(sign_in(service, factor, clock))
    assert service.stepped_up(token_principal)


def test_api_keys_are_scoped(service: AuthService) -> None:
    created = service.create_api_key("nightly-redaction", ["redaction"])
    principal = service.authenticate(created.token)
    assert principal.kind == "service" and principal.actor == "service:nightly-redaction"
    assert service.allowed(principal, "redaction.run")
    assert not service.allowed(principal, "records.read")
    forged = created.token[:-4] + ("AAAA" if not created.token.endswith("AAAA") else "BBBB")
    with pytest.raises(NotAuthenticated):
        service.authenticate(forged)
    assert service.revoke_api_key(created.key_id)
    with pytest.raises(NotAuthenticated):
        service.authenticate(created.token)
    with pytest.raises(UnknownRole):
        service.create_api_key("x", ["vault-reader-of-everything"])


def test_forged_and_garbage_tokens(service: AuthService) -> None:
    for token in ("", "kws_", "kws_" + "A" * 43, "Bearer x", "kwk_", "kwk_nokey", "x" * 10_000):
        with pytest.raises(NotAuthenticated):
            service.authenticate(token)


@pytest.mark.parametrize("database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_concurrent_submissions_of_one_code_succeed_once(make_auth: Any, clock: FakeClock) -> None:
    """Eight threads, eight pending sessions, one code, against the real PostgreSQL: one success."""
    service = make_auth()
    factor = enrol(service, clock)
    pendings = [service.login_password("siti", PASSWORD).token for _ in range(8)]
    code = factor.now(clock.now)
    barrier = threading.Barrier(len(pendings))
    outcomes: list[str] = []

    def attempt(token: str) -> None:
        barrier.wait()
        try:
            service.login_totp(token, code)
            outcomes.append("ok")
        except CodeReplayed:
            outcomes.append("replayed")
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(t,)) for t in pendings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["replayed"] * 7

"""The lockout's rules, the common-password refusal, and sessions and password changes in the service."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from custodes.accounts import passwords
from custodes.accounts import store as st
from custodes.accounts.lockout import Lockout, address_key
from custodes.accounts.model import check_password
from custodes.accounts.sessions import SessionService
from custodes.app import Custodes
from custodes.errors import InputError


@pytest.fixture
def svc(app: Custodes, monkeypatch: pytest.MonkeyPatch) -> SessionService:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    app.accounts.add_org("isf", "force_hq", "ISF", actor="test")
    app.accounts.create_account("ops", "isf", "long enough password", actor="test")
    return SessionService(app.store, Lockout(threshold=3, per_address=100))


def test_delays_start_at_the_threshold_double_and_stop_at_the_cap() -> None:
    rule = Lockout(threshold=3, base_seconds=30, cap_seconds=100)
    assert [rule.delay(n) for n in range(1, 7)] == [0, 0, 30, 60, 100, 100]
    with pytest.raises(ValueError, match="positive"):
        Lockout(threshold=0)


def test_ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4() -> None:
    assert address_key("2001:db8::1") == address_key("2001:db8::ffff") != address_key("2001:db8:0:1::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"


def test_common_passwords_are_refused_whatever_their_case() -> None:
    for common in ("qwerty123456", "QWERTY123456", "1q2w3e4r5t6y"):
        with pytest.raises(InputError, match="less common"):
            check_password(common)
    assert check_password("a long test password") == "a long test password"


def test_the_attempt_is_counted_before_the_check_and_a_success_clears_it(svc: SessionService) -> None:
    assert svc.sign_in("ops", "wrong", "10.0.0.1").principal is None
    assert svc.sign_in("ops", "wrong", "10.0.0.1").principal is None
    assert svc.sign_in("ops", "long enough password", "10.0.0.1").principal is not None  # the third, allowed
    for _ in range(3):
        assert svc.sign_in("ops", "wrong", "10.0.0.1").retry_after is None
    assert svc.sign_in("ops", "long enough password", "10.0.0.1").retry_after == 30
    assert svc.sign_in("OPS", "long enough password", "10.0.0.1").retry_after == 30  # names are one case
    assert svc.sign_in("ops", "long enough password", "10.0.0.2").principal is not None  # another address


def test_sessions_end_on_close_disable_and_password_change(app: Custodes, svc: SessionService) -> None:
    account = app.accounts.account_named("ops").id
    mine, other, third = (svc.open(account, 1) for _ in range(3))
    assert svc.principal(mine.id) is not None and svc.principal("not a session id at all") is None
    svc.close(third.id)
    assert svc.principal(third.id) is None
    app.accounts.change_password(account, "another long password", keep_session=mine.id, actor="test")
    assert svc.principal(mine.id) is not None and svc.principal(other.id) is None
    new = app.accounts.reset_password(account, actor="test")
    assert svc.principal(mine.id) is None and app.accounts.authenticate("ops", new) is not None
    with app.store.read() as conn:
        kinds = [k for (k,) in conn.execute(select(st.sessions.c.digest))]
    assert mine.id not in kinds and len(kinds) == 3

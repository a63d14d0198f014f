"""Login throttling and enumeration (issue 15): a stranger cannot lock an agent out, one client
cannot try many accounts, and known and unknown addresses take the same way."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.errors import AuthenticationError, TooManyRequestsError
from chalicelib.services import auth, wiring
from chalicelib.services.passwords import hash_password
from chalicelib.services.wiring import adapters
from tests.functional.conftest import PASSWORD, Api
from tests.functional.test_tenant_support import Clock, no_rate_limits, unique_email  # noqa: F401
from tests.functional.test_tenant_support import clock as clock

pytestmark = pytest.mark.usefixtures("no_rate_limits")
STRANGER, DESK = "198.51.100.7", "203.0.113.20"


@pytest.fixture
def agent(aws: None) -> Agent:
    email = unique_email("throttled")
    created = Agent(tenant_id="demo", agent_id=email.split("@")[0], email=email, name="T",
                    role=Role.AGENT, state=AgentState.ACTIVE, password_hash=hash_password(PASSWORD))
    adapters().agents.create(created)
    return created


def _fail(email: str, client_ip: str) -> type[Exception]:
    try:
        auth.login(email, "falsch", client_ip=client_ip)
    except (AuthenticationError, TooManyRequestsError) as refused:
        return type(refused)
    raise AssertionError("a wrong password was accepted")


def test_a_stranger_cannot_lock_the_agent_out(agent: Agent, clock: Clock):
    for _ in range(12):
        _fail(agent.email, STRANGER)
        clock.advance(timedelta(seconds=81))
    with pytest.raises(TooManyRequestsError):  # the stranger waits 15 minutes per try now
        auth.login(agent.email, PASSWORD, client_ip=STRANGER)
    assert auth.login(agent.email, PASSWORD, client_ip=DESK).agent.email == agent.email


def test_an_unknown_address_is_throttled_exactly_like_a_known_one(agent: Agent):
    nobody = unique_email("nobody")
    known = [_fail(agent.email, STRANGER) for _ in range(7)]
    unknown = [_fail(nobody, STRANGER) for _ in range(7)]
    assert known == unknown == [AuthenticationError] * 5 + [TooManyRequestsError] * 2


def test_one_client_trying_many_addresses_is_slowed_down(aws: None):
    for n in range(50):
        assert _fail(unique_email(f"spray{n}"), STRANGER) is AuthenticationError
    assert _fail(unique_email("spray-more"), STRANGER) is TooManyRequestsError
    assert _fail(unique_email("other-client"), DESK) is AuthenticationError


def test_a_throttled_login_is_a_429_with_retry_after_in_german(api: Api, agent: Agent):
    for _ in range(5):
        api.call("POST", "/auth/login", json_body={"email": agent.email, "password": "falsch"})
    response = api.client.http.post(
        "/auth/login", headers={"Content-Type": "application/json"},
        body=json.dumps({"email": agent.email, "password": PASSWORD}).encode(),
    )
    body = json.loads(response.body)
    assert response.status_code == 429 and body["code"] == "too_many_requests"
    assert 1 <= int(response.headers["Retry-After"]) <= 5
    assert body["message"].startswith("Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in ")


class _Counting:
    def __init__(self, inner: Any, calls: list[str]) -> None:
        self._inner, self._calls = inner, calls

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._calls.append(name)
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def calls(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The argon2 verifications and rate-limit store calls made during a login."""
    from argon2 import PasswordHasher

    made: list[str] = []
    real_verify = PasswordHasher.verify

    def verify(self: PasswordHasher, *args: Any) -> Any:
        made.append("argon2.verify")
        return real_verify(self, *args)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    real = wiring.adapters()
    wiring.use_adapters(dataclasses.replace(real, rate_limits=_Counting(real.rate_limits, made)))  # type: ignore[arg-type]
    try:
        yield made
    finally:
        wiring.use_adapters(real)


def test_a_wrong_password_and_an_unknown_address_do_the_same_work(agent: Agent, calls: list[str]):
    _fail(agent.email, STRANGER)
    known = list(calls)
    calls.clear()
    _fail(unique_email("nobody"), STRANGER)
    assert calls == known
    assert known.count("argon2.verify") == 1 and known.count("record_failure") == 2

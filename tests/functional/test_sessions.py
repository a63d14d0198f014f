"""Sessions end (issue 15): a password reset, a disable, a role change or a revoked invitation end
every older token on the very next request, on every route; sessions have an absolute lifetime."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from chalicelib.domain.agent import AgentState
from chalicelib.services.wiring import adapters
from tests.functional.conftest import Api
from tests.functional.test_tenant_support import (
    PASSWORD,
    Clock,
    NewTenant,
    invite_and_accept,
    last_mail_to,
    link_token,
    new_tenant,
    no_rate_limits,  # noqa: F401 - fixture
)
from tests.functional.test_tenant_support import clock as clock

pytestmark = pytest.mark.usefixtures("no_rate_limits")
SEARCH = "/customers?q=Mustermann"  # an agent route (before pixi: the session is checked first)


@pytest.fixture
def tenant(api: Api) -> NewTenant:
    return new_tenant(api, company="Sitzung GmbH")


def _email_of(api: Api, tenant: NewTenant, agent_id: str) -> str:
    _, body = api.call("GET", "/agents", token=tenant.admin_token)
    return str(next(a["email"] for a in body["agents"] if a["agent_id"] == agent_id))


def _refused(api: Api, method: str, path: str, token: str) -> str:
    status, body = api.call(method, path, token=token)
    assert status == 401, (method, path, status, body)
    assert set(body) == {"code", "message", "request_id"}
    return str(body["code"])


def test_a_disabled_agent_is_refused_on_agent_routes_at_once(api: Api, tenant: NewTenant):
    agent_id, token = invite_and_accept(api, tenant)
    assert api.call("GET", "/me", token=token)[0] == 200
    assert api.call("POST", f"/agents/{agent_id}/disable", token=tenant.admin_token)[0] == 200
    for method, path in (("GET", "/me"), ("GET", SEARCH), ("POST", "/auth/refresh")):
        assert _refused(api, method, path, token) == "unauthenticated"


def test_enabling_again_does_not_revive_old_tokens(api: Api, tenant: NewTenant):
    agent_id, token = invite_and_accept(api, tenant)
    api.call("POST", f"/agents/{agent_id}/disable", token=tenant.admin_token)
    assert api.call("POST", f"/agents/{agent_id}/enable", token=tenant.admin_token)[0] == 200
    _refused(api, "GET", "/me", token)
    _refused(api, "POST", "/auth/refresh", token)
    fresh = api.login(_email_of(api, tenant, agent_id), PASSWORD)
    assert api.call("GET", "/me", token=fresh)[0] == 200


def test_a_role_change_ends_the_session_both_ways(api: Api, tenant: NewTenant):
    agent_id, token = invite_and_accept(api, tenant)
    api.call("PUT", f"/agents/{agent_id}/role", token=tenant.admin_token, json_body={"role": "admin"})
    _refused(api, "GET", "/me", token)
    admin_token = api.login(_email_of(api, tenant, agent_id), PASSWORD)
    assert api.call("GET", "/agents", token=admin_token)[0] == 200
    api.call("PUT", f"/agents/{agent_id}/role", token=tenant.admin_token, json_body={"role": "agent"})
    _refused(api, "GET", "/agents", admin_token)
    _refused(api, "GET", SEARCH, admin_token)


def test_a_password_reset_ends_every_older_session(api: Api, tenant: NewTenant):
    agent_id, token = invite_and_accept(api, tenant)
    email = _email_of(api, tenant, agent_id)
    second = api.login(email, PASSWORD)
    api.call("POST", "/auth/password-reset", json_body={"email": email})
    reset = link_token(last_mail_to(email), "password-reset")
    status, _ = api.call(
        "POST", "/auth/password-reset/confirm", json_body={"token": reset, "password": "Neues-Passw0rt!"}
    )
    assert status == 200
    for old in (token, second):
        _refused(api, "GET", "/me", old)
        _refused(api, "POST", "/auth/refresh", old)
    assert api.call("GET", "/me", token=api.login(email, "Neues-Passw0rt!"))[0] == 200


def test_refresh_keeps_the_session_start_and_ends_after_the_absolute_lifetime(
    api: Api, tenant: NewTenant, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    """Tokens are checked against the real time, the session against the test's clock: so the
    login happens 11 h 50 min ago with a token that lives long enough to be refreshed now."""
    from chalicelib.services import auth
    from chalicelib.settings import get_settings

    long_tokens = get_settings().model_copy(update={"token_ttl_seconds": 86400})
    monkeypatch.setattr(auth, "get_settings", lambda: long_tokens)
    real_now = clock.now
    clock.now = real_now - timedelta(hours=11, minutes=50)
    _, token = invite_and_accept(api, tenant)
    clock.now = real_now
    status, body = api.call("POST", "/auth/refresh", token=token)
    assert status == 200
    renewed = body["token"]
    clock.advance(timedelta(minutes=11))  # 12 h and 1 min after the login
    for method, path in (("POST", "/auth/refresh"), ("GET", "/me"), ("GET", SEARCH)):
        status, refused = api.call(method, path, token=renewed)
        assert (status, refused["code"]) == (401, "session_expired"), (path, refused)
        assert refused["message"].startswith("Ihre Anmeldung ist abgelaufen")


def test_another_instance_sees_the_change_within_seconds(api: Api, tenant: NewTenant,
                                                          session_check_clock: list[float]):
    """A change made elsewhere (no cache of this process forgotten) counts after a few seconds."""
    from chalicelib.services import auth

    agent_id, token = invite_and_accept(api, tenant)
    assert api.call("GET", "/me", token=token)[0] == 200
    agent = adapters().agents.get(tenant.tenant_id, agent_id)
    assert agent is not None
    adapters().agents.change(agent, state=AgentState.DISABLED)  # as another Lambda instance would
    session_check_clock[0] += auth.SESSION_CHECK_SECONDS + 0.1
    _refused(api, "GET", "/me", token)


@pytest.fixture
def session_check_clock() -> Iterator[list[float]]:
    """The session-state cache of this process on a clock the test moves."""
    from chalicelib.cache import TtlCache
    from chalicelib.services import auth

    now = [0.0]
    real = auth.session_states
    auth.session_states = TtlCache(clock=lambda: now[0])
    try:
        yield now
    finally:
        auth.session_states = real

"""Sign-in: login, token refresh, the signed-in agent's profile, token verification, and the check
every signed-in request passes (``require_live_session``).

A session is the chain of tokens from one login: each token carries the agent's session version
and the login time. It ends when the stored version moves on (password reset, disable, enable,
role change: see ``Agent.session_version``), when agent or tenant are no longer active, and at the
latest ``session_lifetime_seconds`` after the login (refresh keeps the login time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.cache import TtlCache
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.mail import normalise_address
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Feature, Tenant
from chalicelib.errors import AuthenticationError, SessionExpiredError, ValidationError
from chalicelib.log import logger
from chalicelib.services import passwords, rate_limit, tokens
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

LOGIN_FAILED_MESSAGE = "E-Mail-Adresse oder Passwort ist falsch."
SESSION_ENDED_MESSAGE = "Die Anmeldung ist nicht mehr gültig. Bitte neu anmelden."
SESSION_CHECK_SECONDS = 5.0
"""How long this process trusts what it read about an agent's session: a change made by another
instance is seen on every route within these seconds (the instance making it forgets at once)."""

session_states = TtlCache(max_entries=20000)
"""Per (tenant, agent): the stored ``SessionState`` (None when the agent is gone)."""


@dataclass(frozen=True)
class SessionState:
    """What decides whether a token still holds, as stored for its agent."""

    session_version: int
    role: Role
    active: bool
    """The agent and its tenant are both active."""

    def holds(self, principal: Principal) -> bool:
        same = self.session_version == principal.session_version and self.role is principal.role
        return self.active and same


@dataclass(frozen=True)
class AgentProfile:
    agent_id: str
    email: str
    name: str
    role: Role
    tenant_id: str
    tenant_name: str
    features: tuple[Feature, ...]


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: datetime
    agent: AgentProfile


def _signing_key() -> str:
    return adapters().secrets.get(token_signing_key_secret_name(get_settings()))


def _login_failed(reason: str, **context: str) -> AuthenticationError:
    logger.info("login refused", extra={"reason": reason, **context})
    return AuthenticationError(LOGIN_FAILED_MESSAGE, detail=reason)


def login(email: str, password: str, *, client_ip: str) -> Session:
    """A session for an active agent of an active tenant; one message for every refusal.

    Known and unknown addresses take the same way: the throttle (``domain.login_throttle``) is
    read and counted for both, and the password is verified against the agent's hash or a dummy
    one, so neither the answer nor its time tells whether an account exists."""
    deps = adapters()
    now = deps.now()
    address = _login_address(email)
    agent = deps.agents.find_by_email(address)
    unlocks = agent.unlocks if agent is not None else 0
    rate_limit.refuse_throttled_login(address, client_ip, unlocks)
    if not passwords.verify_password(agent.password_hash if agent is not None else "", password):
        slowed_until = rate_limit.count_login_failure(address, client_ip, unlocks)
        if agent is None:
            raise _login_failed("unknown email")
        deps.agents.record_failed_login(agent, slowed_until)
        raise _login_failed("wrong password", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    assert agent is not None  # the dummy hash matches no password
    if agent.state is not AgentState.ACTIVE:
        raise _login_failed(f"agent {agent.state}", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    tenant = deps.tenants.get(agent.tenant_id)
    if tenant is None or not tenant.is_active:
        raise _login_failed("tenant not active", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    rate_limit.forget_login_failures(address, client_ip, unlocks)
    deps.agents.record_successful_login(agent)
    logger.info("login", extra={"tenant_id": agent.tenant_id, "agent_id": agent.agent_id})
    return _session(agent, tenant, now, started_at=now)


def _login_address(email: str) -> str:
    """The address in its normal form; a malformed one is looked up as typed (it finds no agent),
    so it is refused like an unknown address."""
    try:
        return normalise_address(email)
    except ValidationError:
        return email.strip().lower()


def refresh(principal: Principal) -> Session:
    """A new token of the same session (same login time), only while the session holds."""
    agent, tenant = _active_agent(principal)
    if agent.session_version != principal.session_version or agent.role is not principal.role:
        raise AuthenticationError(SESSION_ENDED_MESSAGE, detail="session version moved on")
    return _session(agent, tenant, adapters().now(), started_at=principal.session_started_at)


def start_session(tenant_id: str, agent_id: str) -> Session:
    """A session for an agent that just became active (invitation accepted)."""
    forget_session_state(tenant_id, agent_id)
    principal = Principal(tenant_id=tenant_id, agent_id=agent_id, role=Role.AGENT, email="")
    agent, tenant = _active_agent(principal, consistent=True)
    now = adapters().now()
    return _session(agent, tenant, now, started_at=now)


def require_live_session(principal: Principal, *, fresh: bool = False) -> None:
    """Every signed-in request: the token's session must still hold.

    ``SessionExpiredError`` (401 ``session_expired``) past the absolute lifetime; 401
    ``unauthenticated`` when the agent's session version or role moved on or agent or tenant are
    no longer active. ``fresh`` (admin routes) reads the stored agent now instead of trusting this
    process's few seconds old copy."""
    now = adapters().now()
    lifetime = timedelta(seconds=get_settings().session_lifetime_seconds)
    started = principal.session_started_at
    if started is None or now >= started + lifetime:
        raise SessionExpiredError(detail=f"session started {started}, lifetime {lifetime}")
    state = session_states.get_or_load(
        (principal.tenant_id, principal.agent_id),
        SESSION_CHECK_SECONDS,
        lambda: _session_state(principal.tenant_id, principal.agent_id),
        refresh=fresh,
    )
    if state is None or not state.holds(principal):
        raise AuthenticationError(SESSION_ENDED_MESSAGE, detail=f"session does not hold: {state}")


def forget_session_state(tenant_id: str, agent_id: str) -> None:
    """After a change that ends an agent's sessions: this process sees it on the next request."""
    session_states.forget((tenant_id, agent_id))


def _session_state(tenant_id: str, agent_id: str) -> SessionState | None:
    deps = adapters()
    agent = deps.agents.get(tenant_id, agent_id)
    if agent is None:
        return None
    tenant = deps.tenants.get(tenant_id)
    active = agent.state is AgentState.ACTIVE and tenant is not None and tenant.is_active
    return SessionState(session_version=agent.session_version, role=agent.role, active=active)


def profile(principal: Principal) -> AgentProfile:
    agent, tenant = _active_agent(principal)
    return _profile(agent, tenant)


def authenticate_token(token: str) -> Principal:
    """Verify a bearer token (the authorizer); ``AuthenticationError`` when it is not valid."""
    return tokens.verify_token(token, key=_signing_key())


def _active_agent(principal: Principal, *, consistent: bool = False) -> tuple[Agent, Tenant]:
    deps = adapters()
    agent = deps.agents.get(principal.tenant_id, principal.agent_id, consistent=consistent)
    if agent is None or agent.state is not AgentState.ACTIVE:
        raise AuthenticationError(SESSION_ENDED_MESSAGE, detail="agent missing or not active")
    tenant = deps.tenants.get(principal.tenant_id)
    if tenant is None or not tenant.is_active:
        raise AuthenticationError(SESSION_ENDED_MESSAGE, detail="tenant missing or not active")
    return agent, tenant


def _profile(agent: Agent, tenant: Tenant) -> AgentProfile:
    return AgentProfile(
        agent_id=agent.agent_id,
        email=agent.email,
        name=agent.name,
        role=agent.role,
        tenant_id=tenant.tenant_id,
        tenant_name=tenant.name,
        features=tenant.features,
    )


def _session(agent: Agent, tenant: Tenant, now: datetime, *, started_at: datetime | None) -> Session:
    principal = Principal(
        tenant_id=agent.tenant_id,
        agent_id=agent.agent_id,
        role=agent.role,
        email=agent.email,
        session_version=agent.session_version,
        session_started_at=started_at or now,
    )
    issued = tokens.issue_token(
        principal, key=_signing_key(), ttl_seconds=get_settings().token_ttl_seconds, now=now
    )
    return Session(token=issued.token, expires_at=issued.expires_at, agent=_profile(agent, tenant))

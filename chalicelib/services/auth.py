"""Sign-in: login, token refresh, the signed-in agent's profile, token verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role, normalize_email
from chalicelib.domain.login_throttle import locked_until_after_failure
from chalicelib.domain.permissions import Principal, require_admin
from chalicelib.domain.tenant import Feature, Tenant
from chalicelib.errors import AuthenticationError, PermissionDeniedError
from chalicelib.log import logger
from chalicelib.services import passwords, tokens
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

LOGIN_FAILED_MESSAGE = "E-Mail-Adresse oder Passwort ist falsch."
SESSION_ENDED_MESSAGE = "Die Anmeldung ist nicht mehr gültig. Bitte neu anmelden."


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


def login(email: str, password: str) -> Session:
    """A session for an active agent of an active tenant; one message for every refusal."""
    deps = adapters()
    now = deps.now()
    agent = deps.agents.find_by_email(normalize_email(email))
    if agent is None:
        passwords.spend_verification_time(password)
        raise _login_failed("unknown email")
    if agent.is_locked(now):
        passwords.spend_verification_time(password)
        raise _login_failed("locked", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    if not passwords.verify_password(agent.password_hash, password):
        deps.agents.record_failed_login(agent, locked_until_after_failure(agent.failed_logins + 1, now))
        raise _login_failed("wrong password", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    if agent.state is not AgentState.ACTIVE:
        raise _login_failed(f"agent {agent.state}", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    tenant = deps.tenants.get(agent.tenant_id)
    if tenant is None or not tenant.is_active:
        raise _login_failed("tenant not active", tenant_id=agent.tenant_id, agent_id=agent.agent_id)
    deps.agents.record_successful_login(agent)
    logger.info("login", extra={"tenant_id": agent.tenant_id, "agent_id": agent.agent_id})
    return _session(agent, tenant, now)


def refresh(principal: Principal) -> Session:
    """A new token, only while the agent and the tenant are still active."""
    agent, tenant = _active_agent(principal)
    return _session(agent, tenant, adapters().now())


def start_session(tenant_id: str, agent_id: str) -> Session:
    """A session for an agent that just became active (invitation accepted)."""
    principal = Principal(tenant_id=tenant_id, agent_id=agent_id, role=Role.AGENT, email="")
    agent, tenant = _active_agent(principal, consistent=True)
    return _session(agent, tenant, adapters().now())


def require_active_admin(principal: Principal) -> Agent:
    """Every admin route: the token's agent must still be an active admin of an active tenant.

    A disabled agent gets 401 (its session ended), a demoted one 403. Together with the short
    token lifetime (``TOKEN_TTL_SECONDS``, 900 s) this bounds how long a disabled agent's token
    works on agent routes: at most one token lifetime (refresh re-checks too)."""
    require_admin(principal)
    agent, _ = _active_agent(principal)
    if agent.role is not Role.ADMIN:
        raise PermissionDeniedError("Diese Funktion ist Administratoren vorbehalten.",
                                    detail="token says admin, agent is not admin anymore")
    return agent


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


def _session(agent: Agent, tenant: Tenant, now: datetime) -> Session:
    principal = Principal(
        tenant_id=agent.tenant_id, agent_id=agent.agent_id, role=agent.role, email=agent.email
    )
    issued = tokens.issue_token(
        principal, key=_signing_key(), ttl_seconds=get_settings().token_ttl_seconds, now=now
    )
    return Session(token=issued.token, expires_at=issued.expires_at, agent=_profile(agent, tenant))

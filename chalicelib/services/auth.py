"""Sign-in: login, token refresh, the signed-in agent's profile, token verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role, lock_after_failure, normalize_email
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import Feature, Tenant
from chalicelib.errors import AuthenticationError
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
        deps.agents.record_failed_login(agent, lock_after_failure(agent.failed_logins + 1, now))
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


def profile(principal: Principal) -> AgentProfile:
    agent, tenant = _active_agent(principal)
    return _profile(agent, tenant)


def authenticate_token(token: str) -> Principal:
    """Verify a bearer token (the authorizer); ``AuthenticationError`` when it is not valid."""
    return tokens.verify_token(token, key=_signing_key())


def _active_agent(principal: Principal) -> tuple[Agent, Tenant]:
    deps = adapters()
    agent = deps.agents.get(principal.tenant_id, principal.agent_id)
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

"""T2 agent management (admins only): the team list, disable/enable, role, unlock.

A tenant never loses its last active admin (409 ``last_admin``); the check and the change are one
DynamoDB transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.link_token import LinkPurpose
from chalicelib.domain.login_throttle import is_locked_out
from chalicelib.domain.permissions import Principal
from chalicelib.domain.team import admin_that_remains
from chalicelib.errors import ConflictError
from chalicelib.services.auth import forget_session_state
from chalicelib.services.invitations import team_agent
from chalicelib.services.settings_audit import record_admin_action
from chalicelib.services.wiring import adapters

NOT_ACTIVE_MESSAGE = "Nur aktive Agenten können deaktiviert werden."
NOT_DISABLED_MESSAGE = "Dieser Agent ist nicht deaktiviert."


@dataclass(frozen=True)
class AgentView:
    agent: Agent
    locked: bool
    """Logins from the client that failed are refused right now (slowed down or locked)."""
    locked_out: bool
    """That client waits 15 minutes per try after too many failures (not only slowed down)."""
    invitation_expires_at: datetime | None


def list_agents(tenant_id: str) -> list[AgentView]:
    deps = adapters()
    now = deps.now()
    views = []
    for agent in sorted(deps.agents.list_for_tenant(tenant_id), key=lambda a: (a.name.casefold(), a.email)):
        expires = None
        if agent.state is AgentState.INVITED:
            link = deps.link_tokens.current_of(tenant_id, agent.agent_id, LinkPurpose.INVITATION)
            expires = link.expires_at if link is not None else None
        locked = agent.is_locked(now)
        views.append(
            AgentView(
                agent=agent,
                locked=locked,
                locked_out=locked and is_locked_out(agent.failed_logins),
                invitation_expires_at=expires,
            )
        )
    return views


def view_of(tenant_id: str, agent_id: str) -> AgentView:
    for view in list_agents(tenant_id):
        if view.agent.agent_id == agent_id:
            return view
    team_agent(tenant_id, agent_id)  # raises NotFoundError
    raise AssertionError("unreachable")


def _change(
    principal: Principal, agent: Agent, *, role: Role, state: AgentState, expected: AgentState
) -> None:
    deps = adapters()
    keeper = admin_that_remains(
        deps.agents.list_for_tenant(principal.tenant_id), agent, role=role, state=state
    )
    deps.agents.change(
        agent,
        role=role if role is not agent.role else None,
        state=state if state is not agent.state else None,
        expected_state=expected,
        while_admin=keeper,
    )
    forget_session_state(agent.tenant_id, agent.agent_id)


def disable_agent(principal: Principal, agent_id: str) -> AgentView:
    """The agent can no longer log in; its tokens stop working on the next request (enabling it
    again does not revive them: the session version only goes up)."""
    agent = team_agent(principal.tenant_id, agent_id)
    if agent.state is not AgentState.ACTIVE:
        raise ConflictError(NOT_ACTIVE_MESSAGE, detail=f"agent {agent_id} is {agent.state}")
    _change(principal, agent, role=agent.role, state=AgentState.DISABLED, expected=AgentState.ACTIVE)
    record_admin_action(
        principal.tenant_id, principal, "agent.disabled", {"agent_id": agent_id, "email": agent.email}
    )
    return view_of(principal.tenant_id, agent_id)


def enable_agent(principal: Principal, agent_id: str) -> AgentView:
    agent = team_agent(principal.tenant_id, agent_id)
    if agent.state is not AgentState.DISABLED:
        raise ConflictError(NOT_DISABLED_MESSAGE, detail=f"agent {agent_id} is {agent.state}")
    adapters().agents.change(agent, state=AgentState.ACTIVE, expected_state=AgentState.DISABLED)
    forget_session_state(agent.tenant_id, agent.agent_id)
    record_admin_action(
        principal.tenant_id, principal, "agent.enabled", {"agent_id": agent_id, "email": agent.email}
    )
    return view_of(principal.tenant_id, agent_id)


def change_role(principal: Principal, agent_id: str, role: Role) -> AgentView:
    agent = team_agent(principal.tenant_id, agent_id)
    if role is not agent.role:
        _change(principal, agent, role=role, state=agent.state, expected=agent.state)
        record_admin_action(
            principal.tenant_id,
            principal,
            "agent.role_changed",
            {"agent_id": agent_id, "email": agent.email, "from": agent.role.value, "to": role.value},
        )
    return view_of(principal.tenant_id, agent_id)


def unlock_agent(principal: Principal, agent_id: str) -> AgentView:
    """Lift every login slow-down of the agent (each client's) and reset the failure count."""
    agent = team_agent(principal.tenant_id, agent_id)
    adapters().agents.unlock(agent)
    record_admin_action(
        principal.tenant_id,
        principal,
        "agent.unlocked",
        {"agent_id": agent_id, "email": agent.email, "failed_logins": agent.failed_logins},
    )
    return view_of(principal.tenant_id, agent_id)

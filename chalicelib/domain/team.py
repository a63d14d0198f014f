"""Rules of a tenant's team (agent management, T2): a tenant always keeps an active admin."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.errors import ConflictError

LAST_ADMIN_MESSAGE = (
    "Das ist der letzte aktive Administrator dieses Kontos. Bitte zuerst einen anderen Agenten "
    "zum Administrator machen."
)


class LastAdminError(ConflictError):
    code = "last_admin"
    default_message = LAST_ADMIN_MESSAGE


def is_active_admin(agent: Agent) -> bool:
    return agent.role is Role.ADMIN and agent.state is AgentState.ACTIVE


def admin_that_remains(
    team: Iterable[Agent], changed: Agent, *, role: Role, state: AgentState
) -> Agent | None:
    """Another active admin that keeps the tenant administrable after ``changed`` becomes
    ``role``/``state``; None when the change does not take an active admin away.

    ``LastAdminError`` (409) when ``changed`` is the last active admin. The storage checks in the
    same transaction that the returned admin is still an active admin, so two admins demoting
    each other at the same moment cannot both succeed."""
    if not is_active_admin(changed) or (role is Role.ADMIN and state is AgentState.ACTIVE):
        return None
    others = sorted(
        (a for a in team if a.agent_id != changed.agent_id and is_active_admin(a)), key=lambda a: a.agent_id
    )
    if not others:
        raise LastAdminError(detail=f"agent {changed.agent_id} is the last active admin")
    return others[0]

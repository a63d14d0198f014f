"""Who may do what. The principal comes only from the verified token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chalicelib.domain.agent import Role
from chalicelib.errors import PermissionDeniedError


@dataclass(frozen=True)
class Principal:
    """The signed-in agent as the authorizer verified it."""

    tenant_id: str
    agent_id: str
    role: Role
    email: str
    session_version: int = 0
    """The agent's session version when the session began (see ``Agent.session_version``)."""
    session_started_at: datetime | None = None
    """When the agent logged in; refresh keeps it (the session's absolute lifetime counts from it)."""

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def allowed_roles(admin_only: bool) -> tuple[Role, ...]:
    return (Role.ADMIN,) if admin_only else (Role.ADMIN, Role.AGENT)


def require_role(principal: Principal, roles: tuple[Role, ...]) -> None:
    """Refuse on the server whatever the page shows."""
    if principal.role not in roles:
        raise PermissionDeniedError(
            "Diese Funktion ist Administratoren vorbehalten.",
            detail=f"role {principal.role} not in {[str(r) for r in roles]}",
        )


def require_admin(principal: Principal) -> None:
    require_role(principal, allowed_roles(admin_only=True))

"""Agents: the people of a tenant who work in the call center (role admin or agent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"


class AgentState(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DISABLED = "disabled"


@dataclass(frozen=True)
class Agent:
    tenant_id: str
    agent_id: str
    email: str
    name: str
    role: Role
    state: AgentState
    password_hash: str = ""
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None
    session_version: int = 0
    """Goes up with every password change or reset, disable, enable and role change (never down):
    a token carries the version it was issued under and works only while they are equal."""
    unlocks: int = 0
    """Goes up when an admin unlocks the agent or a new password is set: part of the key of the
    login-failure streaks (``domain.login_throttle``), so older streaks stop counting."""

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def can_log_in(self, now: datetime) -> bool:
        return self.state is AgentState.ACTIVE and bool(self.password_hash) and not self.is_locked(now)


def normalize_email(email: str) -> str:
    """The form under which an e-mail address is unique in the whole system."""
    return email.strip().lower()

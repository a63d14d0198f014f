"""Who changed what and when in a tenant's team and settings.

``record_admin_action`` writes an audit event of kind ``admin`` into the one audit trail
(``chalicelib.services.audit``); the settings' change history reads those events back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.domain.agent import Role
from chalicelib.domain.audit import AuditEvent, EventKind
from chalicelib.domain.permissions import Principal
from chalicelib.services import audit

RECENT_LIMIT = 20
SYSTEM_AGENT_ID = "system"
SYSTEM_EMAIL = "system"


def system_actor(tenant_id: str) -> Principal:
    """Who a change made by the app itself (the demo seed) is recorded for: no agent's token."""
    return Principal(tenant_id=tenant_id, agent_id=SYSTEM_AGENT_ID, role=Role.ADMIN, email=SYSTEM_EMAIL)


def record_admin_action(
    tenant_id: str, agent: Principal, action: str, details: Mapping[str, Any] | None = None
) -> AuditEvent:
    """Record that ``agent`` did ``action`` (e.g. ``pixi_connection.added``) with ``details``
    (never a password or token: such keys are masked anyway)."""
    return audit.record(tenant_id, agent, action, details=details, kind=EventKind.ADMIN)


def recent_admin_actions(tenant_id: str, limit: int = RECENT_LIMIT) -> list[AuditEvent]:
    """The latest admin changes, newest first."""
    return audit.admin_events(tenant_id, limit)

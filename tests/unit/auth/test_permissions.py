from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.agent import Agent, AgentState, Role, normalize_email
from chalicelib.domain.permissions import Principal, allowed_roles, require_admin, require_role
from chalicelib.errors import PermissionDeniedError

ADMIN = Principal(tenant_id="t", agent_id="a", role=Role.ADMIN, email="a@x")
AGENT = Principal(tenant_id="t", agent_id="b", role=Role.AGENT, email="b@x")


def test_admin_only_refuses_agents_and_allows_admins():
    require_admin(ADMIN)
    with pytest.raises(PermissionDeniedError) as refused:
        require_admin(AGENT)
    assert refused.value.status == 403


def test_normal_routes_allow_both_roles():
    for principal in (ADMIN, AGENT):
        require_role(principal, allowed_roles(admin_only=False))
    assert allowed_roles(admin_only=True) == (Role.ADMIN,)


def test_email_is_normalized_for_uniqueness():
    assert normalize_email("  Erika.Muster@Example.COM ") == "erika.muster@example.com"


def test_only_active_unlocked_agents_with_password_can_log_in():
    now = datetime.now(UTC)
    agent = Agent("t", "a", "a@x", "A", Role.AGENT, AgentState.ACTIVE, password_hash="$argon2id$x")
    assert agent.can_log_in(now)
    assert not Agent("t", "a", "a@x", "A", Role.AGENT, AgentState.DISABLED, "h").can_log_in(now)
    assert not Agent("t", "a", "a@x", "A", Role.AGENT, AgentState.INVITED, "").can_log_in(now)
    locked = Agent("t", "a", "a@x", "A", Role.AGENT, AgentState.ACTIVE, "h",
                   locked_until=now + timedelta(minutes=1))
    assert not locked.can_log_in(now)
    assert locked.can_log_in(now + timedelta(minutes=2))


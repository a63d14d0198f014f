from __future__ import annotations

import pytest

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.team import LastAdminError, admin_that_remains


def agent(agent_id: str, role: Role = Role.ADMIN, state: AgentState = AgentState.ACTIVE) -> Agent:
    return Agent(
        tenant_id="t", agent_id=agent_id, email=f"{agent_id}@x.example", name=agent_id, role=role, state=state
    )


def test_the_last_active_admin_cannot_be_demoted_or_disabled():
    boss = agent("boss")
    team = [
        boss,
        agent("a", Role.AGENT),
        agent("old", state=AgentState.DISABLED),
        agent("new", state=AgentState.INVITED),
    ]
    for role, state in ((Role.AGENT, AgentState.ACTIVE), (Role.ADMIN, AgentState.DISABLED)):
        with pytest.raises(LastAdminError) as refused:
            admin_that_remains(team, boss, role=role, state=state)
        assert refused.value.status == 409 and refused.value.code == "last_admin"


def test_another_active_admin_is_named_to_be_checked_in_the_same_transaction():
    boss, other = agent("boss"), agent("other")
    assert admin_that_remains([boss, other], boss, role=Role.AGENT, state=AgentState.ACTIVE) == other


def test_changes_that_keep_the_admin_or_touch_no_admin_need_no_check():
    boss, helper = agent("boss"), agent("helper", Role.AGENT)
    assert admin_that_remains([boss, helper], boss, role=Role.ADMIN, state=AgentState.ACTIVE) is None
    assert admin_that_remains([boss, helper], helper, role=Role.AGENT, state=AgentState.DISABLED) is None
    disabled_admin = agent("gone", state=AgentState.DISABLED)
    assert (
        admin_that_remains([disabled_admin], disabled_admin, role=Role.AGENT, state=AgentState.DISABLED)
        is None
    )

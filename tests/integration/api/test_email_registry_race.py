"""The global e-mail registry on DynamoDB Local: two concurrent claims, exactly one wins."""

from __future__ import annotations

import threading
import uuid

import pytest

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.errors import EmailAlreadyRegisteredError
from chalicelib.services.wiring import adapters
from devstack import LocalStack

pytestmark = pytest.mark.integration


def test_two_concurrent_invitations_of_one_address_cannot_both_succeed(local_stack: LocalStack):
    email = f"race-{uuid.uuid4().hex[:8]}@example.com"
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def invite(tenant_id: str) -> None:
        agent = Agent(tenant_id=tenant_id, agent_id=uuid.uuid4().hex, email=email, name="Race",
                      role=Role.AGENT, state=AgentState.INVITED)
        barrier.wait()
        try:
            adapters().agents.create(agent)
            outcomes[tenant_id] = "created"
        except EmailAlreadyRegisteredError:
            outcomes[tenant_id] = "taken"

    threads = [threading.Thread(target=invite, args=(tenant,)) for tenant in ("demo", "nordlicht")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["created", "taken"]
    winner = next(tenant for tenant, outcome in outcomes.items() if outcome == "created")
    registered = adapters().agents.find_by_email(email)
    assert registered is not None and registered.tenant_id == winner
    loser = next(tenant for tenant in outcomes if tenant != winner)
    assert all(a.email != email for a in adapters().agents.list_for_tenant(loser))

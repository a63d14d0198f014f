"""The pixi circuit breakers' store: one contract for the in-memory fake and DynamoDB Local.

What every implementation promises: no stored breaker reads as the closed one (version 0); a
write names the version it replaces and is refused (False, nothing changed) when another write
came first; tenants and connections never share a breaker."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.domain.circuit_breaker import CLOSED, BreakerPhase, BreakerState
from chalicelib.services.ports import PixiBreakerRepository
from devstack import LocalStack
from tests.fakes.breakers import InMemoryPixiBreakerRepository

OPEN = BreakerState(phase=BreakerPhase.OPEN, failures=5, window_started=1_700_000_000.5,
                    retry_at=1_700_000_030.25, version=1)


class PixiBreakerRepositoryContract:
    @pytest.fixture
    def repo(self) -> PixiBreakerRepository:
        raise NotImplementedError

    @pytest.fixture
    def tenant(self) -> str:
        return f"t-{uuid.uuid4().hex[:8]}"

    def test_a_breaker_never_stored_is_closed(self, repo, tenant):
        assert repo.get(tenant, "c1") == CLOSED

    def test_a_stored_state_comes_back_as_it_was(self, repo, tenant):
        assert repo.save(tenant, "c1", OPEN, expected_version=0) is True
        assert repo.get(tenant, "c1") == OPEN

    def test_a_write_over_a_newer_version_is_refused(self, repo, tenant):
        assert repo.save(tenant, "c1", OPEN, expected_version=0)
        counted = BreakerState(failures=1, window_started=1.0, version=1)
        assert repo.save(tenant, "c1", counted, expected_version=0) is False
        assert repo.get(tenant, "c1") == OPEN
        probing = BreakerState(phase=BreakerPhase.PROBING, failures=5, retry_at=2.0, version=2)
        assert repo.save(tenant, "c1", probing, expected_version=1) is True
        assert repo.get(tenant, "c1") == probing

    def test_tenants_and_connections_have_their_own_breakers(self, repo, tenant):
        repo.save(tenant, "c1", OPEN, expected_version=0)
        assert repo.get(tenant, "c2") == CLOSED
        assert repo.get(f"{tenant}-other", "c1") == CLOSED


class TestInMemoryPixiBreakerRepository(PixiBreakerRepositoryContract):
    @pytest.fixture
    def repo(self) -> PixiBreakerRepository:
        return InMemoryPixiBreakerRepository()


@pytest.mark.integration
class TestDynamoDbPixiBreakerRepository(PixiBreakerRepositoryContract):
    @pytest.fixture
    def repo(self, local_stack: LocalStack) -> PixiBreakerRepository:
        from chalicelib.adapters.dynamo.breakers import PixiBreakerRepository as DynamoRepository

        return DynamoRepository()

    def test_a_stored_breaker_expires_when_left_alone(self, repo, tenant):
        import time

        from chalicelib.adapters import aws
        from chalicelib.adapters.dynamo.breakers import IDLE_LIFETIME_SECONDS
        from chalicelib.adapters.dynamo.models import PixiBreakerModel

        repo.save(tenant, "c1", OPEN, expected_version=0)
        item = aws.client("dynamodb").get_item(
            TableName=PixiBreakerModel.Meta.table_name,
            Key={"tenant_id": {"S": tenant}, "connection_id": {"S": "c1"}},
        )["Item"]
        assert abs(int(item["ttl"]["N"]) - (time.time() + IDLE_LIFETIME_SECONDS)) < 60

"""Repositories: tenants, agents (with the e-mail registry) and pixi API connections.

They take and return domain records and translate PynamoDB/botocore errors into our vocabulary:
a failed uniqueness condition is a ``ConflictError``, anything else ``StorageUnavailableError``
(the detail goes to the log, never to the client).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PynamoDBException, TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamo.models import (
    AgentModel,
    EmailRegistryModel,
    PixiConnectionModel,
    TenantModel,
    configure_models,
)
from chalicelib.domain.agent import Agent, AgentState, Role, normalize_email
from chalicelib.domain.tenant import Feature, PixiApiConnection, Tenant, TenantStatus
from chalicelib.errors import (
    AppError,
    ConflictError,
    EmailAlreadyRegisteredError,
    StorageUnavailableError,
)


@contextmanager
def _storage(operation: str) -> Iterator[None]:
    configure_models()
    try:
        yield
    except AppError:
        raise
    except PynamoDBException as exc:
        raise StorageUnavailableError(
            detail=f"dynamodb {operation}: {exc.cause_response_code}: {exc.cause_response_message or exc}"
        ) from exc


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# --- tenants ---------------------------------------------------------------------------------


def _tenant_from(item: TenantModel) -> Tenant:
    known = {f.value for f in Feature}
    return Tenant(
        tenant_id=item.tenant_id,
        name=item.name,
        status=TenantStatus(item.status),
        features=tuple(Feature(str(f)) for f in (item.features or []) if str(f) in known),
        support_address=item.support_address or "",
        sender_address=item.sender_address or "",
        created_at=_aware(item.created_at),
    )


class TenantRepository:
    def get(self, tenant_id: str) -> Tenant | None:
        with _storage("get tenant"):
            try:
                return _tenant_from(TenantModel.get(tenant_id))
            except DoesNotExist:
                return None

    def save(self, tenant: Tenant) -> None:
        with _storage("save tenant"):
            TenantModel(
                tenant.tenant_id,
                name=tenant.name,
                status=tenant.status.value,
                features=[f.value for f in tenant.features],
                support_address=tenant.support_address,
                sender_address=tenant.sender_address,
                created_at=tenant.created_at or datetime.now(UTC),
            ).save()


# --- agents ----------------------------------------------------------------------------------


def _agent_from(item: AgentModel) -> Agent:
    return Agent(
        tenant_id=item.tenant_id,
        agent_id=item.agent_id,
        email=item.email,
        name=item.name or "",
        role=Role(item.role),
        state=AgentState(item.state),
        password_hash=item.password_hash or "",
        failed_logins=int(item.failed_logins or 0),
        locked_until=_aware(item.locked_until),
        created_at=_aware(item.created_at),
    )


class AgentRepository:
    def get(self, tenant_id: str, agent_id: str) -> Agent | None:
        with _storage("get agent"):
            try:
                return _agent_from(AgentModel.get(tenant_id, agent_id))
            except DoesNotExist:
                return None

    def find_by_email(self, email: str) -> Agent | None:
        """The agent registered under this address, in whichever tenant (login)."""
        with _storage("find agent by email"):
            try:
                entry = EmailRegistryModel.get(normalize_email(email))
            except DoesNotExist:
                return None
        return self.get(entry.tenant_id, entry.agent_id)

    def list_for_tenant(self, tenant_id: str) -> list[Agent]:
        with _storage("list agents"):
            return [_agent_from(item) for item in AgentModel.query(tenant_id)]

    def create(self, agent: Agent) -> None:
        """Store a new agent and claim its e-mail address in one transaction.

        Raises ``EmailAlreadyRegisteredError`` (409, ``fields.email``) when the address is taken in
        any tenant, also when two requests race for it; ``ConflictError`` when the agent id exists.
        """
        email = normalize_email(agent.email)
        item = AgentModel(
            agent.tenant_id,
            agent.agent_id,
            email=email,
            name=agent.name,
            role=agent.role.value,
            state=agent.state.value,
            password_hash=agent.password_hash,
            failed_logins=agent.failed_logins,
            locked_until=agent.locked_until,
            created_at=agent.created_at or datetime.now(UTC),
        )
        claim = EmailRegistryModel(email, tenant_id=agent.tenant_id, agent_id=agent.agent_id)
        with _storage("create agent"):
            try:
                with TransactWrite(connection=AgentModel._get_connection().connection) as tx:
                    tx.save(claim, condition=EmailRegistryModel.email.does_not_exist())
                    tx.save(item, condition=AgentModel.agent_id.does_not_exist())
            except TransactWriteError as exc:
                if exc.cause_response_code != "TransactionCanceledException":
                    raise
                reasons = [r.code if r else None for r in exc.cancellation_reasons]
                if reasons[1:2] == ["ConditionalCheckFailed"] and reasons[:1] != ["ConditionalCheckFailed"]:
                    raise ConflictError(detail=f"agent {agent.agent_id} exists: {reasons}") from exc
                raise EmailAlreadyRegisteredError(detail=f"{email}: {reasons}") from exc

    def record_failed_login(self, agent: Agent, locked_until: datetime | None) -> None:
        with _storage("record failed login"):
            actions: list[Action] = [AgentModel.failed_logins.add(1)]
            if locked_until is not None:
                actions.append(AgentModel.locked_until.set(locked_until))
            AgentModel(agent.tenant_id, agent.agent_id).update(actions=actions)

    def record_successful_login(self, agent: Agent) -> None:
        if agent.failed_logins == 0 and agent.locked_until is None:
            return
        with _storage("record successful login"):
            AgentModel(agent.tenant_id, agent.agent_id).update(
                actions=[AgentModel.failed_logins.set(0), AgentModel.locked_until.remove()]
            )

    def set_state(self, agent: Agent, state: AgentState) -> None:
        with _storage("set agent state"):
            AgentModel(agent.tenant_id, agent.agent_id).update(actions=[AgentModel.state.set(state.value)])


# --- pixi API connections --------------------------------------------------------------------


def _connection_from(item: PixiConnectionModel) -> PixiApiConnection:
    return PixiApiConnection(
        tenant_id=item.tenant_id,
        connection_id=item.connection_id,
        name=item.name,
        endpoint=item.endpoint,
        username=item.username,
        password_secret_ref=item.password_secret_ref,
        active=bool(item.active),
        is_default=bool(item.is_default),
        created_at=_aware(item.created_at),
    )


class PixiConnectionRepository:
    def list_for_tenant(self, tenant_id: str) -> list[PixiApiConnection]:
        with _storage("list pixi connections"):
            return [_connection_from(item) for item in PixiConnectionModel.query(tenant_id)]

    def save(self, connection: PixiApiConnection) -> None:
        with _storage("save pixi connection"):
            PixiConnectionModel(
                connection.tenant_id,
                connection.connection_id,
                name=connection.name,
                endpoint=connection.endpoint,
                username=connection.username,
                password_secret_ref=connection.password_secret_ref,
                active=connection.active,
                is_default=connection.is_default,
                created_at=connection.created_at or datetime.now(UTC),
            ).save()

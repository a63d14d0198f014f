"""Repositories: tenants, agents (with the e-mail registry) and pixi API connections.

They take and return domain records and translate PynamoDB/botocore errors into our vocabulary:
a failed uniqueness condition is a ``ConflictError``, anything else ``StorageUnavailableError``
(the detail goes to the log, never to the client).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, PynamoDBException, TransactWriteError, UpdateError
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
    NotFoundError,
    StorageUnavailableError,
)

AGENT_NOT_FOUND_MESSAGE = "Diesen Agenten gibt es in diesem Konto nicht."
CONNECTION_NOT_FOUND_MESSAGE = "Diese pixi-API-Verbindung gibt es in diesem Konto nicht."


def condition_failed(exc: PynamoDBException) -> bool:
    """True when DynamoDB refused a write because its condition did not hold."""
    if exc.cause_response_code == "ConditionalCheckFailedException":
        return True
    if isinstance(exc, TransactWriteError) and exc.cause_response_code == "TransactionCanceledException":
        return any(r is not None and r.code == "ConditionalCheckFailed" for r in exc.cancellation_reasons)
    return False


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

    def update_settings(
        self,
        tenant_id: str,
        *,
        features: tuple[Feature, ...] | None = None,
        support_address: str | None = None,
        sender_address: str | None = None,
    ) -> None:
        actions: list[Action] = []
        if features is not None:
            actions.append(TenantModel.features.set([f.value for f in features]))  # type: ignore[misc]
        if support_address is not None:
            actions.append(TenantModel.support_address.set(support_address))
        if sender_address is not None:
            actions.append(TenantModel.sender_address.set(sender_address))
        if not actions:
            return
        with _storage("update tenant settings"):
            try:
                TenantModel(tenant_id).update(actions=actions, condition=TenantModel.tenant_id.exists())
            except UpdateError as exc:
                if condition_failed(exc):
                    raise NotFoundError(detail=f"tenant {tenant_id} missing") from exc
                raise


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
    def get(self, tenant_id: str, agent_id: str, *, consistent: bool = False) -> Agent | None:
        """``consistent``: see a write of a moment ago (e.g. an invitation just accepted)."""
        with _storage("get agent"):
            try:
                return _agent_from(AgentModel.get(tenant_id, agent_id, consistent_read=consistent))
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
        with _storage("list agents"):  # consistent: the admin sees a change at once
            return [_agent_from(item) for item in AgentModel.query(tenant_id, consistent_read=True)]

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

    def change(
        self,
        agent: Agent,
        *,
        role: Role | None = None,
        state: AgentState | None = None,
        expected_state: AgentState | None = None,
        while_admin: Agent | None = None,
    ) -> None:
        """Change role and/or state of an existing agent, in one transaction with the checks:

        ``expected_state``: the agent is still in this state (else ``ConflictError``);
        ``while_admin``: that other agent is still an active admin (else ``LastAdminError``).
        ``NotFoundError`` when the agent is gone."""
        from chalicelib.domain.team import LastAdminError

        actions: list[Action] = []
        if role is not None:
            actions.append(AgentModel.role.set(role.value))
        if state is not None:
            actions.append(AgentModel.state.set(state.value))
        if not actions:
            return
        condition = AgentModel.agent_id.exists()
        if expected_state is not None:
            condition = condition & (AgentModel.state == expected_state.value)
        with _storage("change agent"):
            if self.get(agent.tenant_id, agent.agent_id) is None:
                raise NotFoundError(AGENT_NOT_FOUND_MESSAGE, detail=f"agent {agent.agent_id}")
            try:
                with TransactWrite(connection=AgentModel._get_connection().connection) as tx:
                    target = AgentModel(agent.tenant_id, agent.agent_id)
                    tx.update(target, actions=actions, condition=condition)
                    if while_admin is not None:
                        tx.condition_check(
                            AgentModel, while_admin.tenant_id, while_admin.agent_id,
                            condition=(AgentModel.role == Role.ADMIN.value)
                            & (AgentModel.state == AgentState.ACTIVE.value),
                        )
            except TransactWriteError as exc:
                if not condition_failed(exc):
                    raise
                reasons = [r.code if r else None for r in exc.cancellation_reasons]
                if reasons[1:2] == ["ConditionalCheckFailed"]:
                    raise LastAdminError(detail=f"admin {while_admin} changed meanwhile") from exc
                raise ConflictError(
                    "Der Agent wurde inzwischen geändert. Bitte die Liste neu laden.",
                    detail=f"agent {agent.agent_id} not {expected_state}: {reasons}",
                ) from exc

    def unlock(self, agent: Agent) -> None:
        actions: list[Action] = [AgentModel.failed_logins.set(0), AgentModel.locked_until.remove()]
        self._update(agent, actions, "unlock agent")

    def _update(self, agent: Agent, actions: list[Action], operation: str) -> None:
        with _storage(operation):
            try:
                AgentModel(agent.tenant_id, agent.agent_id).update(
                    actions=actions, condition=AgentModel.agent_id.exists()
                )
            except UpdateError as exc:
                if condition_failed(exc):
                    raise NotFoundError(AGENT_NOT_FOUND_MESSAGE, detail=f"agent {agent.agent_id}") from exc
                raise

    def remove_invited(self, agent: Agent) -> None:
        """Delete an invited agent and free its e-mail address, in one transaction.

        ``ConflictError`` when the agent is no longer invited (accepted meanwhile)."""
        email = normalize_email(agent.email)
        with _storage("remove invited agent"):
            try:
                with TransactWrite(connection=AgentModel._get_connection().connection) as tx:
                    tx.delete(
                        AgentModel(agent.tenant_id, agent.agent_id),
                        condition=AgentModel.state == AgentState.INVITED.value,
                    )
                    tx.delete(
                        EmailRegistryModel(email),
                        condition=(EmailRegistryModel.tenant_id == agent.tenant_id)
                        & (EmailRegistryModel.agent_id == agent.agent_id),
                    )
            except TransactWriteError as exc:
                if condition_failed(exc):
                    raise ConflictError(
                        "Die Einladung wurde inzwischen angenommen und kann nicht mehr zurückgezogen werden.",
                        detail=f"agent {agent.agent_id} not invited anymore",
                    ) from exc
                raise


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

    def get(self, tenant_id: str, connection_id: str) -> PixiApiConnection | None:
        with _storage("get pixi connection"):
            try:
                return _connection_from(PixiConnectionModel.get(tenant_id, connection_id))
            except DoesNotExist:
                return None

    def delete(self, tenant_id: str, connection_id: str) -> None:
        with _storage("delete pixi connection"):
            PixiConnectionModel(tenant_id, connection_id).delete()

    def set_default(self, tenant_id: str, connection_id: str) -> None:
        """Make one connection the default and every other one not, in one transaction."""
        with _storage("set default pixi connection"):
            items = list(PixiConnectionModel.query(tenant_id))
            if not any(item.connection_id == connection_id for item in items):
                raise NotFoundError(CONNECTION_NOT_FOUND_MESSAGE, detail=connection_id)
            try:
                with TransactWrite(connection=PixiConnectionModel._get_connection().connection) as tx:
                    for item in items:
                        wanted = item.connection_id == connection_id
                        if bool(item.is_default) != wanted or wanted:
                            tx.update(
                                PixiConnectionModel(tenant_id, item.connection_id),
                                actions=[PixiConnectionModel.is_default.set(wanted)],
                                condition=PixiConnectionModel.connection_id.exists(),
                            )
            except TransactWriteError as exc:
                if condition_failed(exc):
                    raise ConflictError(detail=f"connections of {tenant_id} changed meanwhile") from exc
                raise

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

"""The agents of a tenant, with the system-wide e-mail registry written in the same transactions."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.dynamo.models import AgentModel, EmailRegistryModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.agent import Agent, AgentState, Role, normalize_email
from chalicelib.errors import ConflictError, EmailAlreadyRegisteredError, NotFoundError

AGENT_NOT_FOUND_MESSAGE = "Diesen Agenten gibt es in diesem Konto nicht."


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
        locked_until=aware(item.locked_until),
        created_at=aware(item.created_at),
        session_version=int(item.session_version or 0),
        unlocks=int(item.unlocks or 0),
    )


class AgentRepository:
    def get(self, tenant_id: str, agent_id: str, *, consistent: bool = False) -> Agent | None:
        """``consistent``: see a write of a moment ago (e.g. an invitation just accepted)."""
        with storage("get agent"):
            try:
                return _agent_from(AgentModel.get(tenant_id, agent_id, consistent_read=consistent))
            except DoesNotExist:
                return None

    def find_by_email(self, email: str) -> Agent | None:
        """The agent registered under this address, in whichever tenant (login)."""
        with storage("find agent by email"):
            try:
                entry = EmailRegistryModel.get(normalize_email(email))
            except DoesNotExist:
                return None
        return self.get(entry.tenant_id, entry.agent_id)

    def list_for_tenant(self, tenant_id: str) -> list[Agent]:
        with storage("list agents"):  # consistent: the admin sees a change at once
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
        with storage("create agent"):
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
        with storage("record failed login"):
            actions: list[Action] = [AgentModel.failed_logins.add(1)]
            if locked_until is not None:
                actions.append(AgentModel.locked_until.set(locked_until))
            AgentModel(agent.tenant_id, agent.agent_id).update(actions=actions)

    def record_successful_login(self, agent: Agent) -> None:
        if agent.failed_logins == 0 and agent.locked_until is None:
            return
        with storage("record successful login"):
            AgentModel(agent.tenant_id, agent.agent_id).update(
                actions=[AgentModel.failed_logins.set(0), AgentModel.locked_until.remove()]
            )

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
        ``NotFoundError`` when the agent is gone. Every change ends the agent's sessions
        (``session_version`` goes up)."""
        from chalicelib.domain.team import LastAdminError

        actions: list[Action] = []
        if role is not None:
            actions.append(AgentModel.role.set(role.value))
        if state is not None:
            actions.append(AgentModel.state.set(state.value))
        if not actions:
            return
        actions.append(AgentModel.session_version.add(1))
        condition = AgentModel.agent_id.exists()
        if expected_state is not None:
            condition = condition & (AgentModel.state == expected_state.value)
        with storage("change agent"):
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
        """Reset the failure count; ``unlocks`` goes up, so every login-failure streak starts anew."""
        actions: list[Action] = [
            AgentModel.failed_logins.set(0), AgentModel.locked_until.remove(), AgentModel.unlocks.add(1)
        ]
        self._update(agent, actions, "unlock agent")

    def _update(self, agent: Agent, actions: list[Action], operation: str) -> None:
        with storage(operation):
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
        with storage("remove invited agent"):
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

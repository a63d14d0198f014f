"""The ports: what the services need from storage, secrets and mail, as small Protocols.

Only the methods the services (and the bootstrap) call are named here. The DynamoDB, Secrets
Manager and SES implementations in ``chalicelib.adapters`` satisfy them structurally (they import
nothing from here); tests swap in their own through ``services.wiring.use_adapters``, and the
in-memory fakes in ``tests/fakes`` are held to the same behaviour by the contract tests in
``tests/integration/contracts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.audit import AuditEvent, AuditFilter, AuditPage
from chalicelib.domain.link_token import LinkPurpose, LinkToken, LinkUse
from chalicelib.domain.mail import OutgoingMail, SenderState
from chalicelib.domain.tenant import Feature, PixiApiConnection, Tenant


class TenantRepository(Protocol):
    def get(self, tenant_id: str) -> Tenant | None: ...

    def save(self, tenant: Tenant) -> None: ...

    def update_settings(
        self,
        tenant_id: str,
        *,
        features: tuple[Feature, ...] | None = None,
        support_address: str | None = None,
        sender_address: str | None = None,
    ) -> None:
        """Change only what is given; ``NotFoundError`` when the tenant is gone."""


class AgentRepository(Protocol):
    def get(self, tenant_id: str, agent_id: str, *, consistent: bool = False) -> Agent | None: ...

    def find_by_email(self, email: str) -> Agent | None:
        """The agent registered under this address, in whichever tenant."""

    def list_for_tenant(self, tenant_id: str) -> list[Agent]: ...

    def create(self, agent: Agent) -> None:
        """Store a new agent and claim its address system-wide (``EmailAlreadyRegisteredError``)."""

    def record_failed_login(self, agent: Agent, locked_until: datetime | None) -> None: ...

    def record_successful_login(self, agent: Agent) -> None: ...

    def change(
        self,
        agent: Agent,
        *,
        role: Role | None = None,
        state: AgentState | None = None,
        expected_state: AgentState | None = None,
        while_admin: Agent | None = None,
    ) -> None: ...

    def unlock(self, agent: Agent) -> None: ...

    def remove_invited(self, agent: Agent) -> None: ...


class PixiConnectionRepository(Protocol):
    def list_for_tenant(self, tenant_id: str) -> list[PixiApiConnection]: ...

    def get(self, tenant_id: str, connection_id: str) -> PixiApiConnection | None: ...

    def save(self, connection: PixiApiConnection) -> None: ...

    def delete(self, tenant_id: str, connection_id: str) -> None: ...

    def set_default(self, tenant_id: str, connection_id: str) -> None: ...


class AuditRepository(Protocol):
    def append(self, event: AuditEvent) -> None:
        """Add an event; never overwrites one (``ConflictError``)."""

    def query(
        self, tenant_id: str, wanted: AuditFilter, *, limit: int = 50, cursor: str | None = None
    ) -> AuditPage:
        """The tenant's events that match, newest first, ``limit`` at a time."""

    def recent_customer_events(self, tenant_id: str, agent_id: str, since: datetime) -> Iterable[AuditEvent]:
        """The agent's customer events since ``since``, newest first."""

    def admin_events(self, tenant_id: str, limit: int) -> list[AuditEvent]: ...


class SignupRepository(Protocol):
    def create(self, tenant: Tenant, admin: Agent, link: LinkToken, *, expires_at: datetime) -> None: ...

    def pending_created_before(self, cutoff: datetime) -> list[str]: ...

    def remove_pending(self, tenant_id: str) -> list[str]: ...


class LinkTokenRepository(Protocol):
    def issue(self, record: LinkToken) -> None: ...

    def find_current(self, token_hash: str) -> LinkToken | None: ...

    def current_of(self, tenant_id: str, agent_id: str, purpose: LinkPurpose) -> LinkToken | None: ...

    def use(self, record: LinkToken, change: LinkUse) -> None: ...


class RateLimitRepository(Protocol):
    def hit(self, bucket: str, limit: int, expires_epoch: int) -> bool:
        """Count one attempt; False (nothing counted) when ``limit`` is reached."""


class SecretStore(Protocol):
    def get(self, name: str) -> str:
        """The secret's value; ``SecretNotFoundError`` when there is none."""

    def put(self, name: str, value: str, *, description: str = "") -> None: ...

    def delete(self, name: str) -> None: ...

    def exists(self, name: str) -> bool: ...


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> str:
        """Hand the mail over; returns the message id (``MailNotSentError`` when refused)."""

    def start_sender_verification(self, address: str) -> None: ...

    def sender_state(self, address: str) -> SenderState: ...

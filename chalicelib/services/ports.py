"""The ports: what the services need from storage, secrets and mail, as small Protocols.

Only the methods the services (and the bootstrap) call are named here. The DynamoDB, Secrets
Manager and SES implementations in ``chalicelib.adapters`` satisfy them structurally (they import
nothing from here); tests swap in their own through ``services.wiring.use_adapters``, and the
in-memory fakes in ``tests/fakes`` are held to the same behaviour by the contract tests in
``tests/integration/contracts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol

from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.audit import AuditEvent, AuditFilter, AuditPage
from chalicelib.domain.cart import Cart
from chalicelib.domain.circuit_breaker import BreakerState
from chalicelib.domain.link_token import LinkPurpose, LinkToken, LinkUse
from chalicelib.domain.login_throttle import FailureStreak
from chalicelib.domain.mail import OutgoingMail, SenderState
from chalicelib.domain.mail_identity import AddressProof
from chalicelib.domain.order_config import OrderConfig
from chalicelib.domain.placed_order import PlacedOrder
from chalicelib.domain.promo_import import ActivePriceSet, PriceSet, PromoImportConfig, PromoImportRun
from chalicelib.domain.promo_price_csv import RejectedPromoRow
from chalicelib.domain.reference import Currency, PaymentType
from chalicelib.domain.tenant import ConnectionRef, Feature, PixiApiConnection, Tenant


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


class OrderConfigRepository(Protocol):
    def get(self, connection: ConnectionRef) -> OrderConfig | None: ...

    def save(
        self,
        connection: ConnectionRef,
        config: OrderConfig,
        *,
        payment_types: tuple[PaymentType, ...],
        currencies: tuple[Currency, ...],
        at: datetime,
        by: str,
    ) -> None:
        """Store the configuration with pixi's reference data it was checked against."""


class CartRepository(Protocol):
    def get(self, tenant_id: str, cart_id: str, *, expected_version: int | None = None) -> Cart | None:
        """The cart or None; ``CartVersionConflictError`` when ``expected_version`` is not the stored one."""

    def list_for_tenant(self, tenant_id: str) -> list[Cart]: ...

    def save(self, cart: Cart, *, expected_version: int | None, changed_by: str) -> None:
        """Store ``cart`` only if the stored version is ``expected_version`` (None: new cart), else
        ``CartVersionConflictError``."""


class CounterRepository(Protocol):
    def next_value(self, tenant_id: str, counter: str) -> int:
        """The counter raised by one, atomically (first value 1, never the same value twice)."""


class PlacedOrderRepository(Protocol):
    def create(self, order: PlacedOrder) -> None:
        """Store a new placed order; ``ConflictError`` when its order id exists already."""

    def save(self, order: PlacedOrder) -> None: ...

    def get(self, tenant_id: str, order_id: str) -> PlacedOrder | None: ...

    def list_for_tenant(self, tenant_id: str) -> list[PlacedOrder]: ...


class SignupRepository(Protocol):
    def create(self, tenant: Tenant, admin: Agent, link: LinkToken, *, expires_at: datetime) -> None: ...

    def pending_created_before(self, cutoff: datetime) -> list[str]: ...

    def remove_pending(self, tenant_id: str) -> list[str]: ...


class LinkTokenRepository(Protocol):
    def issue(self, record: LinkToken) -> None: ...

    def find_current(self, token_hash: str) -> LinkToken | None: ...

    def current_of(self, tenant_id: str, agent_id: str, purpose: LinkPurpose) -> LinkToken | None: ...

    def use(self, record: LinkToken, change: LinkUse) -> None: ...


class AddressProofRepository(Protocol):
    """Links that prove a tenant owns a mail address (chalicelib.domain.mail_identity)."""

    def issue(self, proof: AddressProof) -> None: ...

    def find(self, tenant_id: str, token_hash: str) -> AddressProof | None: ...

    def confirm(self, proof: AddressProof) -> None: ...


class RateLimitRepository(Protocol):
    def hit(self, bucket: str, limit: int, expires_epoch: int) -> bool:
        """Count one attempt; False (nothing counted) when ``limit`` is reached."""

    def streak(self, bucket: str) -> FailureStreak | None: ...

    def record_failure(
        self, bucket: str, *, now: datetime, forgotten_before: datetime, expires_epoch: int
    ) -> FailureStreak:
        """One more failure; a streak last failed before ``forgotten_before`` starts again at one."""

    def clear(self, bucket: str) -> None: ...


class PixiBreakerRepository(Protocol):
    def get(self, tenant_id: str, connection_id: str) -> BreakerState:
        """The stored breaker of a connection; the closed one (version 0) when none is stored."""

    def save(self, tenant_id: str, connection_id: str, state: BreakerState, *, expected_version: int) -> bool:
        """Store ``state`` if the stored version is still ``expected_version``; False otherwise."""


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


# --- promo prices (P1) -------------------------------------------------------------------------


class PromoImportConfigRepository(Protocol):
    def get(
        self, connection: ConnectionRef, currency: str, *, consistent: bool = False
    ) -> PromoImportConfig | None: ...

    def list_for_connection(self, connection: ConnectionRef) -> list[PromoImportConfig]: ...

    def active_configurations(self) -> Iterator[PromoImportConfig]:
        """Every tenant's active configurations (the schedule's fan-out)."""

    def save_settings(self, config: PromoImportConfig) -> None:
        """URL, id type, active; the active pointer and the lease stay."""

    def claim(
        self, connection: ConnectionRef, currency: str, run_id: str, *, now: datetime, lease: timedelta
    ) -> bool:
        """Take the import lease (False when another run holds it); records the generation."""

    def switch_to(self, price_set: PriceSet, active: ActivePriceSet) -> bool:
        """Move the active pointer to ``price_set`` and end its run's lease, atomically."""

    def release(self, connection: ConnectionRef, currency: str, run_id: str) -> None: ...

    def written_generations(self, connection: ConnectionRef, currency: str) -> set[str]: ...

    def forget_generations(self, connection: ConnectionRef, currency: str, generations: set[str]) -> None: ...


class PromoPriceWriter(Protocol):
    @property
    def written(self) -> int: ...

    def add(self, product_id: str, price: Decimal) -> None: ...

    def flush(self) -> None: ...


class PromoPriceRepository(Protocol):
    def price(self, price_set: PriceSet, product_id: str) -> Decimal | None: ...

    def writer(self, price_set: PriceSet) -> PromoPriceWriter: ...

    def delete(self, price_set: PriceSet) -> int: ...


class RejectionWriter(Protocol):
    def add(self, row: RejectedPromoRow) -> None: ...

    def flush(self) -> None: ...


class PromoImportRunRepository(Protocol):
    def create(self, run: PromoImportRun, *, expires_epoch: int) -> bool:
        """False when a run of that id exists already."""

    def get(self, tenant_id: str, run_id: str) -> PromoImportRun | None: ...

    def recent(
        self, connection: ConnectionRef, *, currency: str | None, limit: int
    ) -> list[PromoImportRun]: ...

    def started(self, run: PromoImportRun, at: datetime) -> None: ...

    def progress(self, run: PromoImportRun, *, rows_read: int, accepted: int, rejected: int) -> None: ...

    def finished(self, run: PromoImportRun) -> None: ...

    def rejections_writer(self, run: PromoImportRun, *, expires_epoch: int) -> RejectionWriter: ...

    def rejections(self, tenant_id: str, run_id: str) -> Iterator[RejectedPromoRow]: ...

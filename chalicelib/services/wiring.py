"""The one place where adapters are wired. Tests swap them with ``use_adapters``.

Built lazily on first use, so importing ``app.py`` does not import PynamoDB, boto3 or zeep. The
fields are typed by the ports (``services.ports``), so a test's stand-in needs only those methods.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib.services.ports import (
    AddressProofRepository,
    AgentRepository,
    AuditRepository,
    CartRepository,
    CounterRepository,
    LinkTokenRepository,
    Mailer,
    OrderConfigRepository,
    PixiBreakerRepository,
    PixiConnectionRepository,
    PlacedOrderRepository,
    PromoImportConfigRepository,
    PromoImportRunRepository,
    PromoPriceRepository,
    RateLimitRepository,
    SecretStore,
    SignupRepository,
    TenantRepository,
)
from chalicelib.settings import get_settings, on_reset

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import PixiClient, PixiConnection


def _utc_now() -> datetime:
    return datetime.now(UTC)


# Team and tenant settings (issue 5): built on first use, so a test's Adapters need not name them.
def _link_tokens() -> LinkTokenRepository:
    from chalicelib.adapters.dynamo.links import LinkTokenRepository

    return LinkTokenRepository()


def _address_proofs() -> AddressProofRepository:
    from chalicelib.adapters.dynamo.address_proofs import AddressProofRepository

    return AddressProofRepository()


def _signups() -> SignupRepository:
    from chalicelib.adapters.dynamo.signups import SignupRepository

    return SignupRepository()


def _rate_limits() -> RateLimitRepository:
    from chalicelib.adapters.dynamo.rate_limits import RateLimitRepository

    return RateLimitRepository()


def _audit() -> AuditRepository:
    from chalicelib.adapters.dynamo.audit import AuditRepository

    return AuditRepository()


def _pixi_breakers() -> PixiBreakerRepository:
    from chalicelib.adapters.dynamo.breakers import PixiBreakerRepository

    return PixiBreakerRepository()


# Ordering (issue 10).
def _order_configs() -> OrderConfigRepository:
    from chalicelib.adapters.dynamo.order_configs import OrderConfigRepository

    return OrderConfigRepository()


def _carts() -> CartRepository:
    from chalicelib.adapters.dynamo.carts import CartRepository

    return CartRepository()


def _counters() -> CounterRepository:
    from chalicelib.adapters.dynamo.counters import CounterRepository

    return CounterRepository()


def _placed_orders() -> PlacedOrderRepository:
    from chalicelib.adapters.dynamo.placed_orders import PlacedOrderRepository

    return PlacedOrderRepository()


# Promo prices (issue 12).
def _promo_import_configs() -> PromoImportConfigRepository:
    from chalicelib.adapters.dynamo.promo_prices import PromoImportConfigRepository

    return PromoImportConfigRepository()


def _promo_prices() -> PromoPriceRepository:
    from chalicelib.adapters.dynamo.promo_prices import PromoPriceRepository

    return PromoPriceRepository()


def _promo_import_runs() -> PromoImportRunRepository:
    from chalicelib.adapters.dynamo.promo_import_runs import PromoImportRunRepository

    return PromoImportRunRepository()


def _mailer() -> Mailer:
    from chalicelib.adapters.ses import SesMailer

    return SesMailer()


@dataclass
class Adapters:
    tenants: TenantRepository
    agents: AgentRepository
    connections: PixiConnectionRepository
    secrets: SecretStore
    pixi_client_for: Callable[[PixiConnection], PixiClient]
    now: Callable[[], datetime] = _utc_now
    link_tokens: LinkTokenRepository = field(default_factory=_link_tokens)
    address_proofs: AddressProofRepository = field(default_factory=_address_proofs)
    signups: SignupRepository = field(default_factory=_signups)
    rate_limits: RateLimitRepository = field(default_factory=_rate_limits)
    audit: AuditRepository = field(default_factory=_audit)
    """The audit trail (B1), admin changes included."""
    mailer: Mailer = field(default_factory=_mailer)
    order_configs: OrderConfigRepository = field(default_factory=_order_configs)
    carts: CartRepository = field(default_factory=_carts)
    counters: CounterRepository = field(default_factory=_counters)
    placed_orders: PlacedOrderRepository = field(default_factory=_placed_orders)
    pixi_breakers: PixiBreakerRepository = field(default_factory=_pixi_breakers)
    """The pixi connections' circuit breakers, shared by every instance (issue 17)."""
    promo_import_configs: PromoImportConfigRepository = field(default_factory=_promo_import_configs)
    promo_prices: PromoPriceRepository = field(default_factory=_promo_prices)
    promo_import_runs: PromoImportRunRepository = field(default_factory=_promo_import_runs)


_adapters: Adapters | None = None
_lock = threading.Lock()
_built_from_adapters: list[Callable[[], None]] = []


def _real_pixi_client_for(connection: PixiConnection) -> PixiClient:
    from chalicelib.adapters.pixi import pixi_client_for

    return pixi_client_for(connection)


def build_adapters() -> Adapters:
    from chalicelib.adapters.dynamo.agents import AgentRepository
    from chalicelib.adapters.dynamo.connections import PixiConnectionRepository
    from chalicelib.adapters.dynamo.tenants import TenantRepository
    from chalicelib.adapters.secrets import SecretStore

    return Adapters(
        tenants=TenantRepository(),
        agents=AgentRepository(),
        connections=PixiConnectionRepository(),
        secrets=SecretStore(ttl_seconds=get_settings().secret_cache_seconds),
        pixi_client_for=_real_pixi_client_for,
    )


def adapters() -> Adapters:
    global _adapters
    if _adapters is None:
        with _lock:
            if _adapters is None:
                _adapters = build_adapters()
    return _adapters


def on_swap(forget: Callable[[], None]) -> None:
    """Register how a service forgets what it cached from the adapters (e.g. resolved connections).

    Called on every ``use_adapters``; the services register themselves, so this module imports
    none of them (no import circle)."""
    if forget not in _built_from_adapters:
        _built_from_adapters.append(forget)


def use_adapters(replacement: Adapters | None) -> None:
    """Swap the adapters (tests); ``None`` rebuilds the real ones on next use."""
    global _adapters
    with _lock:
        _adapters = replacement
    for forget in _built_from_adapters:
        forget()


def _rebuild_adapters() -> None:
    use_adapters(None)


on_reset(_rebuild_adapters)

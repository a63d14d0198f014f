"""Ordering: pixi calls per settled typeahead query, and the cart recompute time with 50 lines.

1. Product search (``services.products.search_products``) against the pixi simulator (in-process,
   free port), through the real pixi client and the tenant's pixi cache; in-memory stand-ins for the
   stored connection, its password and the order configuration (no AWS needed). The page sends a
   query only once the agent stops typing (debounce), so each settled query is one request; counted
   are the pixi client reads the service makes and the SOAP requests they cost, for a new query and
   for the same query again (the cache's lifetime).
2. Recomputing a cart of 50 lines (every answer does it): ``domain.cart.cart_totals`` alone, and the
   whole answer of a change without I/O (settle payment and shipping, totals, the JSON model),
   p50/p95 over many runs.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

QUERIES = ("Rege", "Funktionsshirt", "jacke", "Wolls*", "socken")
RUNS = 2000


@dataclass
class _Counting:
    """A pixi client that counts its reads (methods) and SOAP requests (``_read``)."""

    inner: Any
    reads: dict[str, int] = field(default_factory=dict)
    soap: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        original = self.inner._read

        def counted_read(call: str, **params: Any) -> Any:
            with self.lock:
                self.soap.append(call)
            return original(call, **params)

        self.inner._read = counted_read

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.reads[name] = self.reads.get(name, 0) + 1
            return attribute(*args, **kwargs)

        return counted


def _demo_config() -> Any:
    from chalicelib.bootstrap import DEMO_ORDER_CONFIG
    from chalicelib.domain.order_config import parse_order_config
    from chalicelib.domain.reference import Currency, PaymentType

    return parse_order_config(
        DEMO_ORDER_CONFIG,
        payment_types=[
            PaymentType("R", "INVOICE", "Rechnung", "ANG"),
            PaymentType("B", "DEBIT", "Lastschrift", "ANG"),
            PaymentType("N", "CASH_ON_DELIVERY", "Nachnahme", "ANG"),
            PaymentType("V", "ADVANCE_PAYMENT", "Vorkasse", "HAL"),
        ],
        currencies=[Currency(1, "EUR", True), Currency(2, "CHF", True)],
    )


def typeahead() -> None:
    os.environ.setdefault("ALLOW_LOOPBACK_URLS", "1")
    from chalicelib.adapters.pixi import pixi_client_for
    from chalicelib.domain.customer import CustomerType
    from chalicelib.domain.tenant import (
        BASIC_PACKAGE,
        ConnectionRef,
        Feature,
        PixiApiConnection,
        Tenant,
        TenantStatus,
    )
    from chalicelib.services import products, wiring
    from chalicelib.services.pixi_cache import pixi_cache
    from chalicelib.settings import reset_settings
    from pixi_simulator.server import SimulatorConfig, start_in_thread

    reset_settings()
    handle = start_in_thread("127.0.0.1", 0, SimulatorConfig())
    config = _demo_config()
    stored = PixiApiConnection(
        "bench", "default", "pixi", f"{handle.base_url}/soap/pixiDEM/", "pixiDEM", "ref", is_default=True
    )
    clients: list[_Counting] = []

    class Tenants:
        def get(self, tenant_id: str) -> Tenant:
            return Tenant(tenant_id, "Bench GmbH", TenantStatus.ACTIVE, (*BASIC_PACKAGE, Feature.ORDERING))

    class Connections:
        def list_for_tenant(self, tenant_id: str) -> list[PixiApiConnection]:
            return [stored]

    class Secrets:
        def get(self, name: str) -> str:
            return "pixi-demo"

    class OrderConfigs:
        def get(self, connection: ConnectionRef) -> Any:
            return config

    def client_for(connection: Any) -> Any:
        if not clients:
            clients.append(_Counting(pixi_client_for(connection)))
        return clients[0]

    stand_ins: Any = {  # only what a product search reads
        "tenants": Tenants(), "agents": None, "connections": Connections(), "secrets": Secrets(),
        "order_configs": OrderConfigs(),
    }
    wiring.use_adapters(wiring.Adapters(pixi_client_for=client_for, **stand_ins))
    pixi_cache().clear()
    ref = ConnectionRef("bench", "default")
    print("1) pixi calls per settled typeahead query (client reads / SOAP requests, time)")
    try:
        for query in QUERIES:
            for attempt in ("new", "again"):
                client = clients[0] if clients else None
                reads_before = dict(client.reads) if client else {}
                soap_before = len(client.soap) if client else 0
                started = time.perf_counter()
                _, hits = products.search_products(
                    ref, query, currency="EUR", customer_type=CustomerType.PRIVATE
                )
                took = time.perf_counter() - started
                client = clients[0]
                reads = {
                    k: v - reads_before.get(k, 0)
                    for k, v in client.reads.items()
                    if v - reads_before.get(k, 0)
                }
                soap = client.soap[soap_before:]
                print(
                    f"   {query!r:18} {attempt:5}: {sum(reads.values())} read(s) {reads or ''}, "
                    f"{len(soap)} SOAP request(s) {sorted(set(soap)) or ''}, {len(hits):2} hits, "
                    f"{took * 1000:7.1f} ms"
                )
    finally:
        wiring.use_adapters(None)
        handle.shutdown()


def _cart_of(lines: int) -> Any:
    from chalicelib.domain.cart import Cart, CartLine, ExistingCustomer
    from chalicelib.domain.customer import Address, AddressType, CustomerType
    from chalicelib.domain.money import Money
    from chalicelib.domain.tenant import ConnectionRef

    now = datetime.now(UTC)
    return Cart(
        cart_id="bench",
        connection=ConnectionRef("bench", "default"),
        version=7,
        customer=ExistingCustomer(1, CustomerType.PRIVATE, "K10001"),
        currency="EUR",
        owner_agent_id="agent",
        owner_email="agent@demo.example",
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(hours=72),
        billing_address=Address(
            1,
            AddressType.BILLING,
            first_name="Erika",
            last_name="Mustermann",
            street="Musterstraße 1",
            zip_code="50667",
            city="Köln",
            country="DE",
        ),
        payment_code="N",
        shipping_code="DHL",
        lines=tuple(
            CartLine(
                f"line{i}",
                1000 + i,
                f"10-{1000 + i}",
                f"4200000{i:06d}",
                f"Artikel {i}",
                1 + i % 4,
                Money(Decimal(f"{5 + i}.{i % 100:02d}"), "EUR"),
                Money(Decimal(f"{4 + i}.49"), "EUR") if i % 5 == 0 else None,
                Decimal("7") if i % 3 == 0 else Decimal("19"),
                100,
                "",
            )
            for i in range(lines)
        ),
    )


def _percentiles(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, float]:
    for _ in range(50):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49], cuts[94]


def recompute() -> None:
    from chalicelib.api.carts import cart_out
    from chalicelib.services import carts
    from chalicelib.services.carts import CartCustomerProfile, CartView, _settle, _totals

    config = _demo_config()
    cart = _cart_of(50)
    profile = CartCustomerProfile(
        "existing", 1, "K10001", cart.customer.customer_type, first_name="Erika", last_name="Mustermann"
    )

    def answer() -> Any:
        settled, messages = _settle(cart, config)
        view = CartView(settled, config, _totals(settled, config), profile, (), (), (), tuple(messages))
        return cart_out(replace(view, payment_options=tuple(carts.payment_options(config, "EUR"))))

    print("2) recompute a cart of 50 lines (p50 / p95 over", RUNS, "runs)")
    for label, fn in (("cart_totals alone", lambda: _totals(cart, config)), ("whole answer, no I/O", answer)):
        p50, p95 = _percentiles(fn)
        print(f"   {label:22} p50 {p50 * 1000:6.3f} ms   p95 {p95 * 1000:6.3f} ms")


def main() -> None:
    typeahead()
    recompute()


if __name__ == "__main__":
    main()

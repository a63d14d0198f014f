"""S2: the customer overview: profile, addresses, private/business, lock, payment method on file,
and the first page of the order history. The profile, the orders and the payment types are read
at the same time; then the addresses the profile names (pixi lists a customer's addresses in no
documented call: they are read by key, at the same time)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.customer import Customer, MarkedAddress, marked_addresses
from chalicelib.domain.order import OrderPage
from chalicelib.domain.reference import payment_type_for
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services.order_history import DEFAULT_PAGE_SIZE
from chalicelib.services.pixi_cache import tenant_pixi


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    text: str


@dataclass(frozen=True)
class CustomerOverview:
    customer: Customer
    addresses: list[MarkedAddress]
    payment_method: PaymentMethod | None
    orders: OrderPage


def customer_overview(
    connection: ConnectionRef,
    customer_key: int,
    *,
    order_limit: int = DEFAULT_PAGE_SIZE,
    refresh: bool = False,
) -> CustomerOverview:
    """The overview of a customer in the connection's pixi; ``NotFoundError`` if pixi has no such customer."""
    pixi = tenant_pixi(connection, refresh=refresh)
    profile, orders, payment_types = run_concurrently(
        lambda: pixi.customer_profile(customer_key),
        lambda: pixi.order_page(customer_key, order_limit, None),
        pixi.payment_types,
    )
    customer = replace(profile, addresses=pixi.addresses(profile.address_keys))
    method = None
    if customer.payment_code:
        known = payment_type_for(customer.payment_code, payment_types)
        method = PaymentMethod(customer.payment_code, known.text if known else customer.payment_code)
    return CustomerOverview(
        customer=customer, addresses=marked_addresses(customer), payment_method=method, orders=orders
    )

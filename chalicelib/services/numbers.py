"""Order and customer numbers for pixi (O4): a per-tenant counter with the configured prefix.

The counters live in DynamoDB and are raised atomically (``UpdateItem ADD``), so numbers are unique
per tenant across every Lambda instance and never reused, even when an order fails afterwards (a gap
is harmless; a number used twice would make pixi refuse or merge an order).
"""

from __future__ import annotations

from chalicelib.domain.order_number import CUSTOMER_NUMBER_MAX_LENGTH, ORDER_NUMBER_MAX_LENGTH, format_number
from chalicelib.services.wiring import adapters

ORDER_COUNTER = "order"
CUSTOMER_COUNTER = "customer"


def next_order_number(tenant_id: str, prefix: str = "") -> str:
    """A new order number of the tenant: ``prefix`` (``OrderConfig.order_number_prefix``) + counter."""
    value = adapters().counters.next_value(tenant_id, ORDER_COUNTER)
    return format_number(prefix, value, max_length=ORDER_NUMBER_MAX_LENGTH)


def next_customer_number(tenant_id: str, prefix: str = "") -> str:
    """A new customer number of the tenant (``OrderConfig.customer_number_prefix`` + counter)."""
    value = adapters().counters.next_value(tenant_id, CUSTOMER_COUNTER)
    return format_number(prefix, value, max_length=CUSTOMER_NUMBER_MAX_LENGTH)

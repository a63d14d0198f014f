"""Ordering storage on DynamoDB Local: the number counters under concurrency, the cart repository's
optimistic versioning (two writers of one version: exactly one wins), its JSON round trip and the
order configuration round trip."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from chalicelib.domain.bank_account import BankAccount
from chalicelib.domain.cart import Cart, CartLine, CartStatus, ExistingCustomer, NewCustomer
from chalicelib.domain.customer import Address, AddressType, CustomerType
from chalicelib.domain.money import Money
from chalicelib.domain.order_config import OrderConfig, parse_order_config
from chalicelib.domain.reference import Currency, PaymentType
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import CartVersionConflictError
from chalicelib.services import numbers
from chalicelib.services.wiring import adapters
from devstack import LocalStack

pytestmark = pytest.mark.integration


def test_numbers_are_unique_under_concurrency_and_never_reused(local_stack: LocalStack):
    tenant = f"t-numbers-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        handed_out = list(pool.map(lambda _: numbers.next_order_number(tenant, "CC-"), range(40)))
    assert len(set(handed_out)) == 40
    assert sorted(int(n.removeprefix("CC-")) for n in handed_out) == list(range(1, 41))
    assert numbers.next_order_number(tenant, "CC-") == "CC-41"
    assert numbers.next_customer_number(tenant, "K") == "K1"  # a counter of its own
    assert numbers.next_order_number(f"{tenant}-other") == "1"  # per tenant


def _cart(tenant: str) -> Cart:
    now = datetime.now(UTC).replace(microsecond=0)
    return Cart(
        cart_id=uuid.uuid4().hex,
        connection=ConnectionRef(tenant, "default"),
        version=1,
        customer=ExistingCustomer(1, CustomerType.PRIVATE, "K10001"),
        currency="EUR",
        owner_agent_id="agent",
        owner_email="agent@demo.example",
        created_at=now,
        updated_at=now,
        expires_at=now + timedelta(hours=72),
        billing_address=Address(
            7,
            AddressType.BILLING,
            first_name="Erika",
            last_name="Mustermann",
            street="Musterstraße 1",
            zip_code="50667",
            city="Köln",
            country="DE",
        ),
        payment_code="B",
        shipping_code="DHL",
        customer_wish="Bitte klingeln",
        bank_account=BankAccount("Erika Mustermann", "DE89370400440532013000"),
        lines=(
            CartLine(
                "l1",
                12,
                "10-1012",
                "4280094773363",
                "Regenjacke",
                2,
                Money(Decimal("95.49"), "EUR"),
                Money(Decimal("79.00"), "EUR"),
                Decimal("19"),
                60,
                "",
            ),
        ),
    )


def test_a_cart_round_trips_and_two_writers_of_one_version_cannot_both_win(local_stack: LocalStack):
    tenant = f"t-carts-{uuid.uuid4().hex[:8]}"
    carts = adapters().carts
    cart = _cart(tenant)
    carts.save(cart, expected_version=None, changed_by="agent@demo.example")
    assert carts.get(tenant, cart.cart_id) == cart
    with pytest.raises(CartVersionConflictError):
        carts.save(cart, expected_version=None, changed_by="x@demo.example")  # exists already

    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def change(email: str) -> None:
        barrier.wait()
        try:
            carts.save(replace(cart, version=2, customer_wish=email), expected_version=1, changed_by=email)
            outcomes[email] = "saved"
        except CartVersionConflictError as exc:
            outcomes[email] = exc.changed_by

    writers = [threading.Thread(target=change, args=(e,)) for e in ("a@demo.example", "b@demo.example")]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=30)
    winner = next(email for email, outcome in outcomes.items() if outcome == "saved")
    loser = next(email for email in outcomes if email != winner)
    assert outcomes[loser] == winner  # the conflict names who changed it
    stored = carts.get(tenant, cart.cart_id)
    assert stored is not None and stored.version == 2 and stored.customer_wish == winner
    with pytest.raises(CartVersionConflictError):
        carts.get(tenant, cart.cart_id, expected_version=1)
    assert carts.get("another-tenant", cart.cart_id) is None


def test_a_new_customers_parked_cart_round_trips_and_lists(local_stack: LocalStack):
    tenant = f"t-carts-{uuid.uuid4().hex[:8]}"
    cart = replace(
        _cart(tenant),
        customer=NewCustomer(
            CustomerType.BUSINESS, "einkauf@firma.example", company="Firma AG", vat_id="DE123456789"
        ),
        status=CartStatus.PARKED,
        parked_note="Rückruf",
        bank_account=None,
        lines=(),
    )
    adapters().carts.save(cart, expected_version=None, changed_by="agent@demo.example")
    assert adapters().carts.list_for_tenant(tenant) == [cart]


def test_the_order_configuration_reads_back_without_pixi(local_stack: LocalStack):
    connection = ConnectionRef(f"t-config-{uuid.uuid4().hex[:8]}", "default")
    types = (PaymentType("R", "INVOICE", "Rechnung", "ANG"), PaymentType("N", "COD", "Nachnahme", "ANG"))
    currencies = (Currency(1, "EUR", True), Currency(2, "CHF", True))
    raw = {
        "enabled": True,
        "default_currency": "EUR",
        "import_channel_id": 7,
        "payment_methods": [
            {"code": "N", "adjustment": {"kind": "surcharge", "mode": "absolute", "value": {"EUR": "4.00"}}}
        ],
        "shipping_methods": [
            {
                "vendor_code": "DHL",
                "name": "DHL",
                "countries": ["DE"],
                "prices": {"EUR": {"cost": "4.90", "free_from": "50"}},
            }
        ],
    }
    config = parse_order_config(raw, payment_types=types, currencies=currencies)
    assert adapters().order_configs.get(connection) is None
    adapters().order_configs.save(
        connection,
        config,
        payment_types=types,
        currencies=currencies,
        at=datetime.now(UTC),
        by="admin@demo.example",
    )
    assert adapters().order_configs.get(connection) == config
    assert config != OrderConfig()

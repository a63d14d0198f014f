"""Reads through the real client against the simulator (pixiDEM demo data)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.adapters.pixi import CustomerCriteria, PixiClient, PixiConnection
from chalicelib.domain.customer import AddressType, CustomerType
from chalicelib.domain.invoice import PaymentState
from chalicelib.errors import NotFoundError


def test_search_by_name_prefix_finds_erika(client: PixiClient) -> None:
    customers, truncated = client.search_customers(CustomerCriteria(name="Mustermann"))
    assert not truncated
    erika = next(c for c in customers if c.customer_key == 1)
    assert (erika.customer_number, erika.first_name, erika.last_name) == ("K10001", "Erika", "Mustermann")
    assert erika.email == "erika.mustermann@example.com" and erika.city == "Berlin" and erika.country == "DE"
    assert erika.customer_type is CustomerType.PRIVATE and not erika.locked


@pytest.mark.parametrize(
    ("criteria", "expected_key"),
    [
        (CustomerCriteria(email="erika.mustermann@example.com"), 1),
        (CustomerCriteria(customer_number="K10002"), 2),
        (CustomerCriteria(name="Müller Haustechnik*"), 2),  # company
        (CustomerCriteria(name="Wei*", first_name="Sabine"), 3),
        (CustomerCriteria(name="Sch*fer", zip_code="80331"), 4),
        (CustomerCriteria(first_name="Max", city="Stuttgart"), 6),
    ],
)
def test_search_by_several_criteria(
    client: PixiClient, criteria: CustomerCriteria, expected_key: int
) -> None:
    customers, _ = client.search_customers(criteria)
    assert expected_key in {c.customer_key for c in customers}


def test_near_duplicates_and_business_and_locked_flags(client: PixiClient) -> None:
    customers, _ = client.search_customers(CustomerCriteria(name="Sch*fer", city="München"))
    assert {4, 5} <= {c.customer_key for c in customers}
    (juergen,), _ = client.search_customers(CustomerCriteria(customer_number="K10002"))
    assert juergen.customer_type is CustomerType.BUSINESS and juergen.company == "Müller Haustechnik GmbH"
    (sabine,), _ = client.search_customers(CustomerCriteria(customer_number="K10003"))
    assert sabine.locked


def test_search_truncation_asks_limit_plus_one(client: PixiClient) -> None:
    rows, truncated = client.search_customers(CustomerCriteria(name="%"), limit=5)
    assert len(rows) == 5 and truncated
    everyone, more = client.search_customers(CustomerCriteria(customer_number="K1000*"), limit=50)
    assert not more and len(everyone) >= 6
    none, more = client.search_customers(CustomerCriteria(name="Gibtesnicht"))
    assert none == [] and not more


def test_customer_with_addresses(client: PixiClient) -> None:
    erika = client.get_customer(1)
    assert erika.customer_number == "K10001" and erika.last_name == "Mustermann"
    types = {a.address_type for a in erika.addresses}
    assert {AddressType.BILLING, AddressType.SHIPPING} <= types
    shipping = next(a for a in erika.addresses if a.address_type is AddressType.SHIPPING)
    assert shipping.address_key is not None
    assert client.get_address(shipping.address_key) == shipping
    sabine = client.get_customer(3)
    assert sabine.locked and sabine.lock_reason == "Zahlungsausfall – nur Vorkasse"
    with pytest.raises(NotFoundError):
        client.get_customer(987654)
    with pytest.raises(NotFoundError):
        client.get_address(987654)


def test_orders_are_paged_newest_first(client: PixiClient) -> None:
    first, more = client.list_orders(1, limit=10)
    assert len(first) == 10 and more
    numbers = [o.order_number for o in first]
    assert numbers == sorted(numbers, reverse=True)
    second, _ = client.list_orders(1, limit=10, before_order_number=numbers[-1])
    assert second and max(o.order_number for o in second) < numbers[-1]
    everything: list[int] = []
    before = None
    while True:
        page, more = client.list_orders(1, limit=15, before_order_number=before)
        everything += [o.order_number for o in page]
        if not more:
            break
        before = page[-1].order_number
    assert len(everything) == len(set(everything)) >= 30  # Erika has many orders
    assert all(o.customer_key == 1 and o.total >= 0 for o in first)
    assert client.list_orders(6) == ([], False)  # Max Meier has no orders


def test_order_with_lines_and_invoices_in_every_payment_state(client: PixiClient) -> None:
    states: set[PaymentState] = set()
    orders, _ = client.list_orders(1, limit=50)
    for header in orders:
        order = client.get_order(header.order_number)
        assert order.header.order_number == header.order_number
        assert order.lines and all(line.quantity > 0 for line in order.lines)
        assert order.billing_address is not None and order.billing_address.last_name == "Mustermann"
        lines = client.list_order_lines(header.order_number)
        assert {ln.line_key for ln in lines} == {ln.line_key for ln in order.lines}
        invoices = client.list_invoices(order_number=header.order_number)
        assert {i.invoice_number for i in invoices} == {i.invoice_number for i in order.invoices}
        states |= {i.state for i in order.invoices}
    assert states == {PaymentState.PAID, PaymentState.PARTLY_PAID, PaymentState.UNPAID}
    by_customer = client.list_invoices(customer_key=1)
    assert by_customer and all(isinstance(i.total, Decimal) for i in by_customer)
    with pytest.raises(NotFoundError):
        client.get_order(1)


def test_items_and_stock(client: PixiClient) -> None:
    by_name = client.search_items("Wasserkocher")
    assert by_name and all("Wasserkocher" in i.name for i in by_name)
    item = by_name[0]
    assert client.get_item(item_key=item.item_key).item_number == item.item_number
    assert client.get_item(item_number=item.item_number).item_key == item.item_key
    if item.ean:
        assert item.item_key in {i.item_key for i in client.search_items(item.ean)}
        assert client.get_item(ean=item.ean).item_key == item.item_key
    assert client.search_items(item.item_number)[0].item_key == item.item_key  # exact number first
    variations = client.search_items("Funktionsshirt*", limit=50)
    master = next(i for i in variations if i.is_variation_master)
    assert any(i.master_item_key == master.item_key for i in variations)
    stock = client.get_stock([item.item_key, master.item_key, 99999999])
    assert set(stock) == {item.item_key, master.item_key}
    assert stock[item.item_key].available_stock == client.get_item(item_key=item.item_key).available_stock
    assert stock[item.item_key].item_number == item.item_number
    assert client.get_stock([]) == {}
    with pytest.raises(NotFoundError):
        client.get_item(item_number="GIBT-ES-NICHT")


def test_reference_data(client: PixiClient) -> None:
    assert {"WEB", "FHD"} <= {s.shop_id for s in client.list_shops()}
    payment = {p.code: p for p in client.list_payment_types()}
    assert payment["V"].initial_line_status == "HAL" and payment["R"].xml_tag == "INVOICE"
    germany = next(c for c in client.list_countries() if c.iso2 == "DE")
    assert germany.pixi_code == "D" and germany.is_eu
    currencies = {c.code: c for c in client.list_currencies()}
    assert currencies["EUR"].active and not currencies["USD"].active


def test_concurrent_calls_share_one_client(client: PixiClient) -> None:
    calls = [client.list_shops, client.list_countries, lambda: client.get_customer(1),
             lambda: client.list_orders(1), client.list_currencies, client.list_payment_types,
             lambda: client.get_customer(2), lambda: client.list_invoices(customer_key=1)]  # fmt: skip
    with ThreadPoolExecutor(8) as pool:
        results: list[Any] = list(pool.map(lambda f: f(), calls * 3))
    assert all(results)
    assert results[2].customer_key == 1 and results[6].customer_key == 2


def test_other_database_is_isolated(sim: Any) -> None:
    tst = PixiClient(PixiConnection(sim.endpoint("pixiTST"), "pixiTST", "pixi-test"))
    rows, _ = tst.search_customers(CustomerCriteria(name="Mustermann"))
    assert rows == []

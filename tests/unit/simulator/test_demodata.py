"""The demo data: sizes, determinism, the hand-made customers and the facts others rely on."""

from __future__ import annotations

import time
from collections import Counter
from itertools import pairwise

import pytest

from pixi_simulator.contract import LINE_STATUSES
from pixi_simulator.demodata import DEMO_CUSTOMERS, ERIKA, build_database, ean13_check_digit, is_valid_ean13
from pixi_simulator.records import PixiDatabase


@pytest.fixture(scope="module")
def dem() -> PixiDatabase:
    return build_database("pixiDEM", seed=42)


@pytest.fixture(scope="module")
def tst() -> PixiDatabase:
    return build_database("pixiTST", seed=42)


def test_demo_database_has_the_promised_size(dem: PixiDatabase) -> None:
    assert len(dem.customers) >= 300
    assert len(dem.orders) >= 1000
    assert len(dem.items) >= 500
    assert {s for s in dem.shops} == {"WEB", "FHD", "MKT"}
    assert dem.shops["WEB"].name == "Onlineshop Deutschland"


def test_build_is_fast() -> None:
    started = time.perf_counter()
    build_database("pixiDEM", seed=7)
    assert time.perf_counter() - started < 2.0


def _fingerprint(db: PixiDatabase) -> list[tuple[object, ...]]:
    return [
        (o.order_nr, o.order_nr_external, o.cust_key, o.order_date, o.total, len(o.invoices))
        for o in db.orders.values()
    ] + [(c.cust_key, c.number, c.last_name, c.email) for c in db.customers.values()]


def test_same_seed_same_data_other_seed_other_data(dem: PixiDatabase) -> None:
    assert _fingerprint(build_database("pixiDEM", seed=42)) == _fingerprint(dem)
    assert _fingerprint(build_database("pixiDEM", seed=43)) != _fingerprint(dem)


def test_hand_made_customers_come_first_with_their_facts(dem: PixiDatabase) -> None:
    for demo in DEMO_CUSTOMERS:
        customer = dem.customers[demo.cust_key]
        assert (customer.number, customer.first_name, customer.last_name, customer.email) == (
            demo.number,
            demo.first_name,
            demo.last_name,
            demo.email,
        )
        assert customer.billing.zip == demo.zip and customer.billing.city == demo.city
        assert customer.locked is demo.locked
    erika = dem.customers[1]
    assert erika.number == "K10001" and erika.phone == "030 1234567" and erika.shop_id == "WEB"
    assert erika.billing.address_line == "Hauptstraße 5" and not erika.business
    assert erika.shipping_addr_key != erika.billing_addr_key
    juergen = dem.customers[2]
    assert juergen.company == "Müller Haustechnik GmbH" and juergen.vat_id == "DE123456789"
    assert juergen.business and juergen.shop_id == "FHD" and juergen.billing.city == "Köln"
    sabine = dem.customers[3]
    assert (
        sabine.locked
        and sabine.comment == "Zahlungsausfall – nur Vorkasse"
        and sabine.billing.city == "München"
    )
    assert dem.customers[4].billing.address_line == "Lindenweg 12"
    assert dem.customers[5].billing.address_line == "Lindenweg 12a"
    assert dem.customers[4].billing.zip == dem.customers[5].billing.zip == "80331"
    assert dem.orders_by_customer[6] == []


def test_erika_has_a_paged_history_with_split_and_partly_paid_invoices(dem: PixiDatabase) -> None:
    orders = [dem.orders[n] for n in dem.orders_by_customer[ERIKA.cust_key]]
    assert len(orders) >= 30
    assert len({o.order_date.year for o in orders}) >= 4
    split = [o for o in orders if len(o.invoices) == 2]
    assert any({i.paid for i in o.invoices} == {True, False} for o in split)
    assert any(0 < i.paid_amount < i.total for o in orders for i in o.invoices)
    assert any(o.status == "OPEN" for o in orders)


def test_order_numbers_ascend_with_the_order_date(dem: PixiDatabase) -> None:
    orders = [dem.orders[n] for n in sorted(dem.orders)]
    assert orders[0].order_nr == 100001
    assert all(a.order_date <= b.order_date for a, b in pairwise(orders))
    assert orders[-1].order_nr_external.startswith(("WEB-", "FHD-", "MKT-"))


def test_every_line_status_order_status_and_payment_state_is_present(dem: PixiDatabase) -> None:
    statuses = Counter(line.status for o in dem.orders.values() for line in o.lines)
    assert set(LINE_STATUSES) <= set(statuses)
    assert {o.status for o in dem.orders.values()} == {"OPEN", "CLOSED", "HOLD"}
    invoices = list(dem.invoices.values())
    assert any(i.paid for i in invoices)
    assert any(0 < i.paid_amount < i.total for i in invoices)
    assert any(i.paid_amount == 0 and i.paid_date is None for i in invoices)
    assert any(i.paid_amount == 0 and i.paid_date is not None and not i.paid for i in invoices)
    assert {o.ship_vendor for o in dem.orders.values()} == {"DHL", "DPD", "UPS", "HER"}
    assert "CHF" in {o.currency for o in dem.orders.values()}


def test_invoice_totals_match_their_lines(dem: PixiDatabase) -> None:
    for invoice in dem.invoices.values():
        assert invoice.total == sum(ln.price * ln.item_qty for ln in invoice.lines) + invoice.ship_cost
        assert invoice.paid == (invoice.paid_amount >= invoice.total)


def test_customers_are_varied(dem: PixiDatabase) -> None:
    customers = list(dem.customers.values())
    assert sum(c.business for c in customers) >= 30
    assert all(c.vat_id for c in customers if c.business)
    assert {c.billing.country for c in customers} >= {"D", "A", "CH"}
    assert sum(c.locked for c in customers) >= 3
    assert any(c.number == c.email for c in customers)
    assert any(len(c.addresses) == 3 for c in customers)
    assert any(ch in (c.last_name or "") for c in customers for ch in "äöüß")


def test_near_duplicates_share_zip_and_street(dem: PixiDatabase) -> None:
    by_place: dict[tuple[str, str], list[int]] = {}
    for c in dem.customers.values():
        by_place.setdefault((c.billing.zip, c.billing.street), []).append(c.cust_key)
    assert sum(1 for keys in by_place.values() if len(keys) > 1) >= 5


def test_items_have_valid_eans_stock_and_variations(dem: PixiDatabase) -> None:
    items = list(dem.items.values())
    assert all(is_valid_ean13(i.ean) for i in items)
    assert len({i.ean for i in items}) == len(items)
    assert any(i.available_stock < 0 for i in items)
    assert any(i.physical_stock == 0 for i in items)
    assert any(not i.enabled for i in items)
    assert {i.vat_percent for i in items} == {7, 19}
    shirt = next(i for i in items if i.name == "Funktionsshirt Öko")
    assert shirt.is_variation_master and shirt.default_variation_key is not None
    variations = [i for i in items if i.master_item_key == shirt.item_key]
    assert len(variations) == 8 and shirt.default_variation_key in {v.item_key for v in variations}
    assert all(i.item_nr_int.count("-") == 1 for i in items)


def test_ean13_check_digit() -> None:
    assert ean13_check_digit("400638133393") == 1  # 4006381333931 is a well-known valid EAN
    assert is_valid_ean13("4006381333931")
    assert not is_valid_ean13("4006381333932")


def test_test_database_is_smaller_and_has_no_mustermann(dem: PixiDatabase, tst: PixiDatabase) -> None:
    assert 30 <= len(tst.customers) < len(dem.customers)
    assert 80 <= len(tst.orders) < len(dem.orders)
    assert len(tst.items) < len(dem.items)
    assert not any(c.last_name == "Mustermann" for c in tst.customers.values())
    assert not {c.email for c in tst.customers.values()} & {c.email for c in dem.customers.values()}
    assert tst.channels[7].active and not dem.channels[3].active

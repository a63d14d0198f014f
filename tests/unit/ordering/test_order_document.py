"""The order document builder (O4): golden files, escaping, and the simulator's import accepts it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from chalicelib.domain.bank_account import BankAccount
from chalicelib.domain.cart import Cart, CartLine, ExistingCustomer, NewCustomer, PriceBasis, cart_totals
from chalicelib.domain.customer import Address, AddressType, CustomerType
from chalicelib.domain.money import Money
from chalicelib.domain.order_document import OrderDocumentError, OrderDocumentParts, build_order_document
from chalicelib.domain.payment import PaymentKind, PaymentMethod
from chalicelib.domain.shipping import ShippingMethod, ShippingPrice
from chalicelib.domain.tenant import ConnectionRef
from pixi_simulator.clock import server_now
from pixi_simulator.demodata import build_database
from pixi_simulator.order_import import document_id, import_document, read_document
from pixi_simulator.records import ImportDocument, PixiDatabase

GOLDEN = Path(__file__).parent / "golden"
AT = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
INVOICE = PaymentMethod("R", "INVOICE", "Rechnung", PaymentKind.INVOICE)
DEBIT = PaymentMethod("B", "DEBIT", "Lastschrift", PaymentKind.DIRECT_DEBIT)
DHL = ShippingMethod("DHL", "DHL Paket", ("DE",), (ShippingPrice(Money(Decimal("4.90"), "EUR")),))


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def line(line_id: str, item_number: str, price: str, quantity: int, promo: str | None = None,
         name: str = "Kaffeebecher") -> CartLine:
    return CartLine(line_id, 1, item_number, "", name, quantity, eur(price),
                    eur(promo) if promo else None, Decimal("19"), None)


BILLING = Address(None, AddressType.BILLING, "Frau", "Ida", "Neukundin", "", "Ahornweg 3b", "24103", "Kiel",
                  "DE", "0431 123", "ida@example.com")
SHIPPING = Address(None, AddressType.SHIPPING, "", "Ida", "Neukundin", "", "Hafenstraße 9", "24103", "Kiel",
                   "DE")


def cart(**changes: object) -> Cart:
    base = Cart(
        cart_id="c1", connection=ConnectionRef("t1", "k1"), version=3,
        customer=ExistingCustomer(17, CustomerType.PRIVATE, "K-1001"), currency="EUR",
        owner_agent_id="a1", owner_email="anna@demo.de", created_at=AT, updated_at=AT, expires_at=AT,
        billing_address=BILLING, shipping_address=SHIPPING, payment_code="R", shipping_code="DHL",
        customer_wish="Bitte nachmittags liefern",
        lines=(line("l1", "A-1", "10.00", 2, promo="8.50"), line("l2", "B-7", "24.90", 1, name="Kanne")),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def parts(c: Cart, payment: PaymentMethod = INVOICE, **changes: object) -> OrderDocumentParts:
    totals = cart_totals(c.lines, price_basis=PriceBasis.GROSS, currency="EUR", shipping=DHL,
                         destination_country="DE", payment=payment)
    base = OrderDocumentParts(
        order_number="CC-1042", customer_number="K-1001", agent_email="anna@demo.de",
        comment_template="Telefonisch, aufgenommen von $agent", payment=payment, shipping=DHL,
        totals=totals, ordered_at=AT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    assert text == path.read_text(encoding="utf-8")


def test_existing_customer_invoice_matches_golden() -> None:
    golden("order_existing_invoice.xml", build_order_document(cart(), parts(cart())))


def test_new_customer_direct_debit_matches_golden() -> None:
    new = cart(customer=NewCustomer(CustomerType.BUSINESS, "einkauf@firma.de", company="Firma GmbH",
                                    last_name="Berg", vat_id="DE123456789"),
               billing_address=replace(BILLING, company="Firma GmbH", email=""), shipping_address=None,
               payment_code="B",
               bank_account=BankAccount("Firma GmbH", "DE89370400440532013000", "COBADEFFXXX"))
    golden("order_new_debit.xml", build_order_document(new, parts(new, DEBIT, customer_number="NK-7")))


def test_document_parts() -> None:
    root = ET.fromstring(build_order_document(cart(), parts(cart())))
    info = root.find("ORDER_HEADER/ORDER_INFO")
    assert info is not None
    assert info.findtext("ORDER_ID") == "CC-1042"
    assert info.findtext("PRICE_CURRENCY") == "EUR"
    assert info.findtext("SHOP_NOTE") == (
        "Telefonisch, aufgenommen von anna@demo.de\n\nKundenwunsch: Bitte nachmittags liefern"
    )
    assert info.findtext("ORDER_PARTIES/BUYER_PARTY/PARTY/PARTY_ID") == "K-1001"
    assert info.findtext("ORDER_PARTIES/INVOICE_PARTY/PARTY/ADDRESS/STREET") == "Ahornweg 3b"
    delivery = "ORDER_PARTIES/SHIPMENT_PARTIES/DELIVERY_PARTY/PARTY/ADDRESS/STREET"
    assert info.findtext(delivery) == "Hafenstraße 9"
    assert info.find("PAYMENT/INVOICE") is not None
    remarks = {r.get("type"): r.text for r in info.findall("REMARK")}
    assert remarks == {"SHIPPING": "4.90", "SHIPPINGVENDOR": "DHL"}
    first = root.find("ORDER_ITEM_LIST/ORDER_ITEM/ARTICLE_PRICE")
    assert first is not None
    assert (first.findtext("FULL_PRICE"), first.findtext("PRICE_AMOUNT"), first.findtext("DISCOUNT_VALUE"),
            first.findtext("DISCOUNT_PERC")) == ("10.00", "8.50", "1.50", "15.00")


def test_direct_debit_carries_the_bank_account() -> None:
    account = BankAccount("Ida Neukundin", "DE89370400440532013000", "COBADEFFXXX")
    c = cart(payment_code="B", bank_account=account)
    root = ET.fromstring(build_order_document(c, parts(c, DEBIT)))
    payment = root.find("ORDER_HEADER/ORDER_INFO/PAYMENT/DEBIT")
    assert payment is not None
    assert [payment.findtext(t) for t in ("HOLDER", "BANK_ACCOUNT", "BANK_CODE")] == [
        "Ida Neukundin", "DE89370400440532013000", "COBADEFFXXX"]


def test_no_input_breaks_the_document() -> None:
    hostile = "]]></SHOP_NOTE><ORDER_SHIPLOCK>N</ORDER_SHIPLOCK><x a='&amp;'>\"<![CDATA["
    c = cart(customer_wish=hostile, billing_address=replace(BILLING, street=hostile, last_name="<b>&"),
             lines=(line("l1", "A-1", "10.00", 1, name=hostile),))
    root = ET.fromstring(build_order_document(c, parts(c)))
    info = root.find("ORDER_HEADER/ORDER_INFO")
    assert info is not None
    assert info.findtext("SHOP_NOTE", "").endswith(hostile)
    assert info.find("ORDER_SHIPLOCK") is None
    assert info.findtext("ORDER_PARTIES/INVOICE_PARTY/PARTY/ADDRESS/NAME3") == "<b>&"
    assert root.findtext("ORDER_ITEM_LIST/ORDER_ITEM/ARTICLE_ID/DESCRIPTION_SHORT") == hostile


@pytest.mark.parametrize("change", [{"lines": ()}, {"billing_address": None}])
def test_incomplete_cart_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(OrderDocumentError):
        build_order_document(cart(**change), parts(cart()))


def test_direct_debit_without_account_is_refused() -> None:
    with pytest.raises(OrderDocumentError):
        build_order_document(cart(), parts(cart(), DEBIT))


# --- the simulator's import accepts the document ------------------------------------------------


@pytest.fixture
def db() -> PixiDatabase:
    return build_database("pixiDEM")


def _imported(db: PixiDatabase, xml: str) -> ImportDocument:
    read_document(db, xml)  # raises DocumentError when the document cannot be imported
    now = server_now()
    entry = ImportDocument(db.next_key("xml_log"), document_id(xml), "order", 7, "XPA", None, xml, now, now)
    import_document(db, entry)
    return entry


def _sim_lines(db: PixiDatabase) -> tuple[CartLine, ...]:
    items = [i for i in db.items.values() if not i.is_variation_master][:2]
    return tuple(line(f"l{n}", i.item_nr_int, "10.00", 1 + n) for n, i in enumerate(items))


def test_simulator_imports_an_order_for_an_existing_customer(db: PixiDatabase) -> None:
    known = next(iter(db.customers.values()))
    customer = ExistingCustomer(known.cust_key, CustomerType.PRIVATE, known.number)
    c = cart(lines=_sim_lines(db), customer=customer)
    entry = _imported(db, build_order_document(c, parts(c, customer_number=known.number)))
    assert (entry.status, entry.error) == ("XIM", None)
    assert entry.order_nr is not None
    order = db.orders[entry.order_nr]
    assert order.cust_key == known.cust_key
    assert order.order_nr_external == "CC-1042"
    assert order.ship_vendor == "DHL"
    assert order.ship_cost == Decimal("4.90")
    assert "anna@demo.de" in (order.shop_note or "")
    assert [ln.qty for ln in order.lines] == [1, 2]


def test_simulator_creates_a_new_customer_with_the_prefixed_number(db: PixiDatabase) -> None:
    c = cart(lines=_sim_lines(db), customer=NewCustomer(CustomerType.PRIVATE, "ida@example.com",
                                                       first_name="Ida", last_name="Neukundin"),
             payment_code="B", bank_account=BankAccount("Ida Neukundin", "DE89370400440532013000"))
    entry = _imported(db, build_order_document(c, parts(c, DEBIT, customer_number="NK-900001")))
    assert entry.status == "XIM"
    assert entry.order_nr is not None
    assert db.customers[db.orders[entry.order_nr].cust_key].number == "NK-900001"


def test_simulator_reports_an_unknown_item(db: PixiDatabase) -> None:
    c = cart(lines=(line("l1", "NOPE-1", "10.00", 1),))
    assert _imported(db, build_order_document(c, parts(c))).status == "NEI"

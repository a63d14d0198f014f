"""Pure helpers of the agent console: order pages, invoice merge, marked addresses, payment names,
search counts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from chalicelib.domain.customer import (
    Address,
    AddressType,
    Customer,
    CustomerSummary,
    CustomerType,
    display_name,
    marked_addresses,
)
from chalicelib.domain.invoice import Invoice, PaymentState, merge_invoices, payment_state
from chalicelib.domain.order import OrderHeader, order_page
from chalicelib.domain.reference import PaymentType, payment_text, payment_type_for
from chalicelib.services.customer_search import counted_search_results


def header(number: int) -> OrderHeader:
    return OrderHeader(order_number=number, external_order_number="", customer_key=1, shop_id="WEB",
                       order_date=None, ship_date=None, status="OPEN", total=Decimal(0), currency="EUR",
                       payment_code="R")


def test_an_order_page_is_newest_first_and_marks_where_the_next_one_starts():
    page = order_page([header(5), header(9), header(7)], has_more=True)
    assert [o.order_number for o in page.orders] == [9, 7, 5] and page.next_before == 5
    assert order_page([header(3)], has_more=False).next_before is None
    assert order_page([], has_more=True).next_before is None


def invoice(number: str, day: int, total: str = "10", paid: str = "0", key: int | None = None) -> Invoice:
    return Invoice(invoice_key=key, invoice_number=number, order_number=1,
                   invoice_date=datetime(2026, 1, day), due_date=None, total=Decimal(total),
                   paid_amount=Decimal(paid), paid_date=None, currency="EUR", payment_code="R",
                   state=payment_state(Decimal(total), Decimal(paid)))


def test_invoices_from_two_pixi_answers_appear_once_the_first_answer_winning_oldest_first():
    listed = [invoice("R2", 5, paid="10"), invoice("R1", 2)]
    nested = [invoice("R1", 2, paid="4"), invoice("R3", 9)]
    merged = merge_invoices(listed, nested)
    assert [(i.invoice_number, i.state) for i in merged] == [
        ("R1", PaymentState.UNPAID), ("R2", PaymentState.PAID), ("R3", PaymentState.UNPAID)]
    assert merge_invoices([], nested) == (nested[0], nested[1])
    assert len(merge_invoices([invoice("", 1, key=1), invoice("", 1, key=2)])) == 2


def address(key: int, kind: AddressType | None, street: str) -> Address:
    return Address(address_key=key, address_type=kind, street=street)


def customer(addresses: tuple[Address, ...], billing: int | None, shipping: int | None) -> Customer:
    return Customer(customer_key=1, customer_number="K1", shop_id="WEB", salutation="", first_name="Erika",
                    last_name="Mustermann", company="", vat_id="", customer_type=CustomerType.PRIVATE,
                    email="", phone="", locked=False, lock_reason="", payment_code="R", currency="EUR",
                    created_at=None,
                    addresses=addresses, billing_address_key=billing, shipping_address_key=shipping)


def test_addresses_are_marked_by_type_and_by_the_customers_defaults():
    old_shipping = address(3, AddressType.SHIPPING, "Alte Straße 1")
    both = address(1, AddressType.BILLING, "Hauptstraße 5")
    marked = marked_addresses(customer((old_shipping, both, both), billing=1, shipping=1))
    assert [m.address.street for m in marked] == ["Hauptstraße 5", "Alte Straße 1"]  # defaults first, once
    first, second = marked
    assert (first.is_billing, first.is_shipping, first.is_default_billing, first.is_default_shipping) == (
        True, True, True, True)
    assert (second.is_billing, second.is_shipping, second.is_default_shipping) == (False, True, False)


def test_an_address_without_type_or_defaults_is_listed_unmarked():
    [only] = marked_addresses(customer((address(8, None, "Weg 1"),), billing=None, shipping=None))
    assert not (only.is_billing or only.is_shipping or only.is_default_billing)


def test_display_names():
    assert display_name("Erika", "Mustermann", "ACME") == "Erika Mustermann"
    assert display_name("", "", " Müller Haustechnik GmbH ") == "Müller Haustechnik GmbH"
    assert Address(1, None, first_name="Max", last_name="Meier").display_name == "Max Meier"


def test_payment_names_come_from_pixis_payment_types():
    types = [PaymentType("R", "INVOICE", "Rechnung", "ANG"), PaymentType("g", "X", "Gutschein", "ANG"),
             PaymentType("G", "Y", "Giropay", "ANG")]
    assert payment_text("R", types) == "Rechnung"
    assert payment_text("g", types) == "Gutschein" and payment_text("G", types) == "Giropay"
    assert payment_text("r", types) == "Rechnung"  # case only when there is no exact match
    assert payment_text("Z", types, "Zahlung bei Abholung") == "Zahlung bei Abholung"
    assert payment_text("Z", types) == "Z" and payment_type_for(" ", types) is None


def summary(key: int, last: str) -> CustomerSummary:
    return CustomerSummary(customer_key=key, customer_number=f"K{key}", shop_id="WEB", first_name="",
                           last_name=last, company="", street="", zip_code="", city="", country="DE",
                           email="", phone="", customer_type=CustomerType.PRIVATE, locked=False)


def test_search_counts_distinct_customers_up_to_the_count_limit():
    rows = [summary(i, f"N{i:03}") for i in range(80)]
    answers = [(rows[:60], False), (rows[40:], False)]
    shown, truncated, total, capped = counted_search_results(answers, 50, 500)
    assert (len(shown), truncated, total, capped) == (50, True, 80, False)
    _, truncated, total, capped = counted_search_results([(rows, False)], 50, 70)
    assert (truncated, total, capped) == (True, 70, True)
    _, truncated, total, capped = counted_search_results([(rows[:10], True)], 50, 500)
    assert (truncated, total, capped) == (True, 10, True)  # pixi had more than it sent
    shown, truncated, total, capped = counted_search_results([([], False)], 50, 500)
    assert (shown, truncated, total, capped) == ([], False, 0, False)

"""S4 order details in the browser: lines, invoices in every payment state beside them, the customer
bar, deep links, the short #/orders/<n> address, and the English formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import api_call

pytestmark = pytest.mark.e2e

LINE_WORDS = {
    "HAL": "angehalten",
    "ANG": "freigegeben",
    "EIN": "verpackt",
    "AUS": "versandt",
    "RET": "retourniert",
    "MIN": "Ersatzlieferung",
    "STO": "storniert",
    "NLB": "nicht lieferbar",
}
STATE_WORDS = {"paid": "bezahlt", "partly_paid": "teilweise bezahlt", "unpaid": "offen"}


def german_money(amount: str) -> str:
    value = Decimal(amount)
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents}\u00a0€"


def open_order(page: Page, web_url: str, order: dict[str, Any]) -> None:
    page.goto(f"{web_url}/#/customers/{order['customer']['customer_key']}/orders/{order['order_number']}")
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {order['order_number']}")


def check_invoices(page: Page, order: dict[str, Any]) -> None:
    cards = page.locator(".invoice-card")
    expect(cards).to_have_count(len(order["invoices"]))
    for invoice in order["invoices"]:
        card = page.locator(f".invoice-card[data-invoice='{invoice['invoice_number']}']")
        expect(card.locator(".pay-badge")).to_contain_text(STATE_WORDS[invoice["state"]])
        expect(card).to_contain_text(german_money(invoice["total"]))
        expect(card.locator(".invoice-paid dd")).to_have_text(german_money(invoice["paid_amount"]))
        expect(card).to_contain_text("Fällig am")


def test_order_with_a_paid_and_an_unpaid_invoice_shows_lines_and_invoices_side_by_side(
    signed_in: Page,
    web_url: str,
    erika_orders_by_invoice_state: dict[str, dict[str, Any]],
    snap: Callable[[str], None],
) -> None:
    page = signed_in
    order = erika_orders_by_invoice_state["paid_and_unpaid"]
    open_order(page, web_url, order)

    header = page.locator(".order-header")
    expect(header).to_contain_text(order["external_order_number"])
    expect(header.locator(".status-badge")).to_have_text(
        {"OPEN": "offen", "CLOSED": "abgeschlossen", "HOLD": "angehalten"}[order["status"]]
    )
    expect(header).to_contain_text(order["payment_text"])
    expect(header).to_contain_text(order["shipping_vendor"])
    expect(header.locator(".order-total")).to_have_text(german_money(order["total"]))
    expect(header).to_contain_text(german_money(order["shipping_cost"]))
    expect(header.locator(".address-block").nth(0)).to_contain_text(order["billing_address"]["street"])
    expect(header.locator(".address-block").nth(1)).to_contain_text(order["shipping_address"]["street"])

    headers = page.locator(".lines-table thead th").all_inner_texts()
    assert headers == [
        "Artikelnr.",
        "EAN",
        "Bezeichnung",
        "Menge",
        "Einzelpreis",
        "Rabatt",
        "Gesamt",
        "Status",
    ]
    rows = page.locator(".lines-table tbody tr")
    expect(rows).to_have_count(len(order["lines"]))
    for i, line in enumerate(order["lines"]):
        cells = rows.nth(i).locator("td")
        expect(cells.nth(0)).to_have_text(line["item_number"])
        expect(cells.nth(1)).to_have_text(line["ean"] or "–")
        expect(cells.nth(2)).to_have_text(line["name"])
        expect(cells.nth(3)).to_have_text(str(line["quantity"]))
        expect(cells.nth(6)).to_have_text(german_money(line["line_total"]))
        expect(cells.nth(7)).to_have_text(LINE_WORDS[line["status"]])

    check_invoices(page, order)
    expect(page.locator(".pay-badge", has_text="bezahlt").first).to_be_visible()
    expect(page.locator(".pay-paid").first).to_have_text("✓ bezahlt")
    expect(page.locator(".pay-unpaid").first).to_have_text("! offen")

    # BESIDE: at 1366 px the invoices are a column to the right of the lines, starting at the same height.
    lines_box = page.locator(".order-lines").bounding_box()
    invoices_box = page.locator(".order-invoices").bounding_box()
    assert lines_box and invoices_box
    assert invoices_box["x"] >= lines_box["x"] + lines_box["width"]
    assert abs(invoices_box["y"] - lines_box["y"]) < 2
    assert invoices_box["x"] + invoices_box["width"] <= 1366

    # The customer bar stays: name and number, with a link back to the overview.
    bar = page.locator(".customer-bar")
    expect(bar).to_contain_text("Erika Mustermann")
    expect(bar).to_contain_text("K10001")
    expect(bar.get_by_role("link", name="Erika Mustermann")).to_have_attribute("href", "#/customers/1")
    snap("order")


def test_partly_paid_invoice_has_its_own_badge(
    signed_in: Page, web_url: str, erika_orders_by_invoice_state: dict[str, dict[str, Any]]
) -> None:
    page = signed_in
    order = erika_orders_by_invoice_state["partly_paid"]
    open_order(page, web_url, order)
    check_invoices(page, order)
    partly = page.locator(".invoice-card[data-state='partly_paid']").first
    expect(partly.locator(".pay-badge")).to_contain_text("teilweise bezahlt")
    invoice = next(i for i in order["invoices"] if i["state"] == "partly_paid")
    expect(partly.locator(".invoice-open dd")).to_have_text(german_money(invoice["open_amount"]))


def test_short_order_link_moves_to_the_customer_and_reload_keeps_it(
    signed_in: Page, web_url: str, erika_orders_by_invoice_state: dict[str, dict[str, Any]]
) -> None:
    page = signed_in
    order = erika_orders_by_invoice_state["paid_and_unpaid"]
    number = order["order_number"]
    page.goto(f"{web_url}/#/orders/{number}")
    expect(page).to_have_url(f"{web_url}/#/customers/1/orders/{number}")
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")
    expect(page.locator(".customer-bar")).to_contain_text("Erika Mustermann")

    page.reload()
    expect(page).to_have_url(f"{web_url}/#/customers/1/orders/{number}")
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")
    expect(page.locator(".invoice-card")).to_have_count(len(order["invoices"]))

    # Esc goes up to the customer even without history; then back works.
    page.keyboard.press("Escape")
    expect(page).to_have_url(f"{web_url}/#/customers/1")
    expect(page.locator(".customer-bar h1")).to_contain_text("Erika Mustermann")
    page.go_back()
    expect(page).to_have_url(f"{web_url}/#/customers/1/orders/{number}")
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")


def test_unknown_order_is_not_found(signed_in: Page, web_url: str) -> None:
    page = signed_in
    page.goto(f"{web_url}/#/orders/999999")
    expect(page.locator(".error-box[role=alert]")).to_contain_text("Diesen Auftrag gibt es in pixi nicht.")


def test_english_switch_on_the_order_screen_changes_words_and_formats(
    signed_in: Page,
    web_url: str,
    erika_orders_by_invoice_state: dict[str, dict[str, Any]],
    snap: Callable[[str], None],
) -> None:
    page = signed_in
    order = erika_orders_by_invoice_state["paid_and_unpaid"]
    open_order(page, web_url, order)
    paid = next(i for i in order["invoices"] if i["state"] == "paid")
    card = page.locator(f".invoice-card[data-invoice='{paid['invoice_number']}']")
    day = paid["invoice_date"][:10]
    yyyy, mm, dd = day.split("-")
    expect(card).to_contain_text(f"{dd}.{mm}.{yyyy}")

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#order-title")).to_have_text(f"Order {order['order_number']}")
    expect(card.locator(".pay-badge")).to_contain_text("paid")
    expect(page.locator(".pay-unpaid").first).to_contain_text("unpaid")
    expect(card).to_contain_text(f"{dd}/{mm}/{yyyy}")
    total = Decimal(paid["total"])
    expect(card).to_contain_text(f"€{total:,.2f}")
    expect(page.locator(".lines-table thead th").first).to_have_text("Item no.")
    first_line = order["lines"][0]
    english_status = {"AUS": "shipped", "RET": "returned", "ANG": "released", "STO": "cancelled"}
    if first_line["status"] in english_status:
        expect(page.locator(".lines-table tbody tr").first.locator("td").nth(7)).to_have_text(
            english_status[first_line["status"]]
        )
    expect(page.get_by_role("button", name="Refresh")).to_be_visible()
    expect(page.locator(".customer-bar")).to_contain_text("Private customer")
    snap("english")


def test_a_locked_customers_order_shows_the_lock_in_the_bar_without_loading_the_overview(
    signed_in: Page, web_url: str, agent_api: Any
) -> None:
    page = signed_in
    number = agent_api.all_orders(3)[0]["order_number"]  # Sabine Weiß, locked
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if api_call(r.url) else None)
    page.goto(f"{web_url}/#/customers/3/orders/{number}")
    page.reload()  # a deep link: nothing of this customer is known in the page
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")
    expect(page.locator(".customer-bar")).to_contain_text("gesperrt: Zahlungsausfall – nur Vorkasse")
    order_calls = [u for u in calls if f"/api/orders/{number}" in u]
    assert order_calls and all("customer_key=3" in u for u in order_calls), calls
    assert not [u for u in calls if "/api/customers/3" in u], calls  # no overview call, no extra audit event


def test_reorder_starts_a_cart_with_the_lines_of_the_order(
    signed_in: Page, web_url: str, erika_orders_by_invoice_state: dict[str, dict[str, Any]]
) -> None:
    """B9: "Nachbestellen" on the order screen opens a cart with that order's items, repriced today."""
    page = signed_in
    order = erika_orders_by_invoice_state["paid_and_unpaid"]
    open_order(page, web_url, order)
    page.locator("#order-reorder").click()
    expect(page).to_have_url(re.compile(r"#/carts/[^/?]+$"), timeout=15_000)
    expect(page.locator("#cart-lines tr[data-item-number]").first).to_be_visible(timeout=15_000)
    messages = page.locator("#cart-messages")
    # Every line of the order is in the cart, or the cart says why it was left out.
    for line in order["lines"]:
        if not line.get("item_number") or line.get("quantity", 1) <= 0:
            continue
        in_cart = page.locator(f"#cart-lines tr[data-item-number='{line['item_number']}']").count()
        if not in_cart:
            expect(messages).to_contain_text(line["item_number"])

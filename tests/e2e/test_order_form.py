"""O1/O2/O3 in the browser, keyboard only: from the customer search to a complete cart (customer,
"Bestellung anlegen", product typeahead, Enter adds, quantity, payment, shipping) with the totals
the server computed, recomputed on every change; the typeahead asks once per settled query; a new
customer with the duplicate check."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import Login, api_call
from tests.e2e.test_order_helpers import OrderApi, cents, german_money, open_cart

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def order_api(web_url: str, agent: Login) -> OrderApi:
    return OrderApi(web_url, agent)


def expected_totals(
    price: Decimal, quantity: int, vat_percent: Decimal, discount_percent: Decimal
) -> dict[str, Decimal]:
    """The demo configuration: DHL 4,90 €, free from 50,00 €; Vorkasse a discount in percent of
    goods plus shipping; prices gross (a private customer)."""
    goods = price * quantity
    shipping = Decimal("0.00") if goods >= Decimal("50.00") else Decimal("4.90")
    surcharge = -cents((goods + shipping) * discount_percent / 100)
    total = goods + shipping + surcharge
    return {"goods": goods, "shipping": shipping, "payment_surcharge": surcharge, "total": total,
            "vat": cents(total * vat_percent / (100 + vat_percent))}


def check_totals(page: Page, expected: dict[str, Decimal]) -> None:
    for key, amount in expected.items():
        expect(page.locator(f"#cart-totals dd[data-total='{key}']")).to_have_text(german_money(amount))


def test_the_whole_order_by_keyboard_from_the_search_to_a_complete_cart(
    signed_in: Page, web_url: str, order_api: OrderApi, snap: Callable[[str], None]
) -> None:
    page = signed_in
    item = order_api.item_in_stock("Tacker", at_least=10)
    config = order_api.call("GET", "/order-config")
    prepayment = next(m for m in config["payment_methods"] if m["code"] == "V")
    assert prepayment["adjustment"]["kind"] == "discount"
    discount = Decimal(prepayment["adjustment"]["percent"])

    # Search -> the customer -> "Bestellung anlegen", keys only.
    page.keyboard.type("Mustermann")
    page.keyboard.press("Enter")
    rows = page.locator(".results-table tbody tr")
    expect(rows.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    erika = rows.filter(has_text="K10001")
    while erika.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/1")
    create = page.locator("#customer-order")
    expect(create).to_have_text("Bestellung anlegen")
    for _ in range(12):
        if create.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(create).to_be_focused()
    page.keyboard.press("Enter")

    # The cart exists on the server: the address bar says which; the addresses are preselected.
    expect(page).to_have_url(re.compile(rf"{re.escape(web_url)}/#/carts/[0-9a-f]+$"))
    expect(page.locator("#order-title")).to_contain_text("Bestellung für Erika Mustermann")
    expect(page.locator("#billing-street")).not_to_have_value("")
    expect(page.locator("#shipping-street")).not_to_have_value("")
    expect(page.locator("#product-q")).to_be_focused()

    # Typeahead: nothing before the 2nd character, one request once typing settled.
    searches: list[Request] = []
    page.on("request", lambda r: searches.append(r) if api_call(r.url, "/products") else None)
    page.keyboard.type(item["name"], delay=40)
    hit = page.locator(f"#product-results tr[data-item-key='{item['item_key']}']")
    expect(hit).to_be_visible()
    expect(hit.locator(".col-price")).to_contain_text(german_money(item["price"]))
    expect(hit.locator(".col-stock")).to_have_text(f"{item['stock']['available']} verfügbar")
    page.wait_for_timeout(600)
    assert len(searches) == 1, [r.url for r in searches]
    snap("typeahead")

    # ↓ to the hit, Enter adds it; the quantity is next, Enter goes back to the search.
    page.keyboard.press("ArrowDown")
    while hit.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    line = page.locator(f"#cart-lines tr[data-item-number='{item['item_number']}']")
    expect(line).to_be_visible()
    quantity = line.locator(".line-qty")
    expect(quantity).to_be_focused()
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.locator("#product-q")).to_be_focused()
    expect(page.locator("#product-q")).to_have_value("")
    price = Decimal(item["price"])
    expect(line.locator(".col-total")).to_have_text(german_money(price * 2))

    # Payment and shipping by keyboard (Space on a radio button), the totals from the server.
    page.locator("#payment-V").focus()
    page.keyboard.press("Space")
    expect(page.locator("#payment-V")).to_be_checked()
    page.locator("#shipping-DHL").focus()
    page.keyboard.press("Space")
    expect(page.locator("#shipping-DHL")).to_be_checked()
    vat = Decimal(str(item["vat_percent"]))
    check_totals(page, expected_totals(price, 2, vat, discount))
    if price * 2 < Decimal("50.00"):
        missing = german_money(Decimal("50.00") - price * 2)
        expect(page.locator("#free-shipping-note")).to_contain_text(missing)
    snap("complete")

    # Another quantity: everything recomputed at once (no "recalculate" button anywhere).
    quantity.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    check_totals(page, expected_totals(price, 5, vat, discount))
    expect(page.get_by_role("button", name="Neu berechnen")).to_have_count(0)

    # The cart survives a reload: same lines, same choices, same totals.
    page.reload()
    expect(line.locator(".line-qty")).to_have_value("5")
    expect(page.locator("#payment-V")).to_be_checked()
    check_totals(page, expected_totals(price, 5, vat, discount))


def test_copy_billing_to_shipping_and_direct_debit_with_a_masked_iban(
    signed_in: Page, web_url: str, order_api: OrderApi
) -> None:
    page = signed_in
    item = order_api.item_in_stock("Tacker", at_least=3)
    cart = order_api.cart_for_erika((item, 1))
    page.goto(f"{web_url}/#/carts/{cart['cart_id']}")
    expect(page.locator("#product-q")).to_be_focused()

    page.locator("#billing-street").fill("Lindenweg 7")
    page.locator("#copy-billing").click()
    expect(page.locator("#shipping-street")).to_have_value("Lindenweg 7")
    page.locator("#payment-B").check()
    expect(page.locator("#bank-account")).to_be_visible()
    page.locator("#bank-holder").fill("Erika Mustermann")
    page.locator("#bank-iban").fill("DE89 3704 0044 0532 0130 00")
    page.locator("#customer-wish").focus()
    expect(page.locator("#bank-stored")).to_contain_text("DE89")
    expect(page.locator("#bank-stored")).not_to_contain_text("0532 0130")

    stored: dict[str, Any] = order_api.call("GET", f"/carts/{cart['cart_id']}")
    assert stored["shipping_address"]["street"] == "Lindenweg 7"
    assert stored["billing_address"]["street"] == "Lindenweg 7"
    assert stored["payment_code"] == "B"
    assert stored["bank_account"]["holder"] == "Erika Mustermann"

    # A wrong IBAN: the message beside the field, the typed value kept.
    page.locator("#bank-iban").fill("DE00 1234")
    page.locator("#customer-wish").focus()
    expect(page.locator("#bank-iban")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#bank-iban")).to_have_value("DE00 1234")


def test_a_new_customer_shows_known_customers_with_that_address_to_take_instead(
    signed_in: Page, web_url: str
) -> None:
    page = signed_in
    page.locator(".app-nav").get_by_role("link", name="Neue Bestellung").click()
    expect(page.locator("#order-title")).to_have_text("Bestellung für einen neuen Kunden")
    page.locator("#new-first-name").fill("erika")
    page.locator("#new-last-name").fill("MUSTERMANN")
    page.locator("#new-billing-street").fill("Hauptstr. 5")
    page.locator("#new-billing-zip-code").fill("10115")
    page.locator("#new-billing-city").fill("Berlin")
    match = page.locator("#address-matches .match[data-customer-key='1']")
    expect(match).to_be_visible()
    expect(match).to_contain_text("K10001")

    # What was typed survives a reload.
    page.reload()
    expect(page.locator("#new-last-name")).to_have_value("MUSTERMANN")
    expect(match).to_be_visible()

    match.get_by_role("button", name="Diesen Kunden nehmen").click()
    expect(page.locator("#order-title")).to_contain_text("Bestellung für Erika Mustermann")


def test_a_new_business_customer_gets_a_cart_with_company_and_vat_id(signed_in: Page, web_url: str) -> None:
    page = signed_in
    page.goto(f"{web_url}/#/order/new")
    page.locator("#new-customer-type").select_option("business")
    expect(page.locator("#new-company")).to_be_visible()
    page.locator("#new-last-name").fill("Neumann")
    page.locator("#new-billing-street").fill("Am Kai 1")
    page.locator("#new-billing-zip-code").fill("20457")
    page.locator("#new-billing-city").fill("Hamburg")
    page.locator("#new-customer-create").click()
    expect(page.locator("#new-company")).to_have_attribute("aria-invalid", "true")
    page.locator("#new-company").fill("Neumann Werkzeuge GmbH")
    page.locator("#new-vat-id").fill("DE123456789")
    page.locator("#new-customer-create").click()
    expect(page.locator("#order-title")).to_contain_text("Neumann")
    expect(page.locator(".order-who")).to_contain_text("Geschäftskunde")
    expect(page.locator("#billing-street")).to_have_value("Am Kai 1")
    expect(page.locator("#shipping-city")).to_have_value("Hamburg")


def test_variations_are_listed_under_their_master_and_the_master_adds_its_default_variation(
    signed_in: Page, web_url: str, order_api: OrderApi
) -> None:
    page = signed_in
    answer = order_api.call("GET", "/products?q=Fleecejacke&currency=EUR&customer_type=private")
    master = next(i for i in answer["items"] if i["is_variation_master"])
    default = next(v for v in master["variations"] if v["item_key"] == master["default_variation_key"])
    cart = order_api.cart_for_erika()
    open_cart(page, web_url, cart["cart_id"])

    page.keyboard.type("Fleecejacke")
    rows = page.locator("#product-results tbody tr")
    master_row = rows.filter(has=page.locator(f"a[data-item-key='{master['item_key']}']"))
    expect(master_row).to_have_class(re.compile("is-master"))
    expect(page.locator("#product-results tr.is-variation")).to_have_count(len(master["variations"]))
    # The variations follow their master, in the answer's order.
    keys = rows.evaluate_all("rows => rows.map((r) => r.dataset.itemKey)")
    at = keys.index(str(master["item_key"]))
    variation_keys = [str(v["item_key"]) for v in master["variations"]]
    assert keys[at + 1 : at + 1 + len(variation_keys)] == variation_keys
    expect(rows.locator(".variation-text").first).to_contain_text("Größe")

    page.keyboard.press("ArrowDown")
    while master_row.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    line = page.locator(f"#cart-lines tr[data-item-number='{default['item_number']}']")
    expect(line.locator(".line-qty")).to_be_focused()
    expect(line.locator(".line-qty")).to_have_value("1")

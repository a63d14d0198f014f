"""C2 quick order in the browser: item number or EAN, Tab, quantity, Enter, next row; several lines
pasted at once, an unknown id marked in its own row (kept over a reload), never lost."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login
from tests.e2e.test_order_helpers import OrderApi, open_cart, paste_into

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def order_api(web_url: str, agent: Login) -> OrderApi:
    return OrderApi(web_url, agent)


def line_quantity(item_number: str) -> str:
    return f"#cart-lines tr[data-item-number='{item_number}'] .line-qty"


def test_type_an_item_number_tab_quantity_enter_and_go_on_in_the_next_row(
    signed_in: Page, web_url: str, order_api: OrderApi
) -> None:
    page = signed_in
    item = order_api.item_in_stock("Tacker", at_least=5)
    cart = order_api.cart_for_erika()
    open_cart(page, web_url, cart["cart_id"])

    page.locator("#quick-order .qo-id").first.focus()
    page.keyboard.type(item["item_number"])
    page.keyboard.press("Tab")
    expect(page.locator("#quick-order .qo-qty").first).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("Enter")

    expect(page.locator(line_quantity(item["item_number"]))).to_have_value("3")
    entry = page.locator("#quick-order tbody tr").last
    expect(entry.locator(".qo-id")).to_be_focused()
    expect(entry.locator(".qo-id")).to_have_value("")
    expect(page.locator("#quick-note")).to_have_text("1 Zeile(n) in den Warenkorb gelegt.")


def test_pasted_lines_go_in_at_once_and_an_unknown_id_stays_marked_in_its_row(
    signed_in: Page, web_url: str, order_api: OrderApi, snap: Callable[[str], None]
) -> None:
    page = signed_in
    by_number = order_api.item_in_stock("Tacker", at_least=10)
    by_ean = next(
        i for i in order_api.call("GET", "/products?q=Tacker&currency=EUR")["items"]
        if i["item_key"] != by_number["item_key"] and (i["stock"]["available"] or 0) >= 2
    )
    cart = order_api.cart_for_erika()
    open_cart(page, web_url, cart["cart_id"])

    paste_into(page.locator("#quick-order .qo-id").first,
               f"{by_number['item_number']}\t2\nGIBT-ES-NICHT;4\n{by_ean['ean']} 1\n")

    expect(page.locator(line_quantity(by_number["item_number"]))).to_have_value("2")
    expect(page.locator(line_quantity(by_ean["item_number"]))).to_have_value("1")
    unknown = page.locator("#quick-order tr.is-unknown")
    expect(unknown).to_have_count(1)
    expect(unknown.locator(".qo-id")).to_have_value("GIBT-ES-NICHT")
    expect(unknown.locator(".qo-qty")).to_have_value("4")
    expect(unknown.locator(".qo-id")).to_have_attribute("aria-invalid", "true")
    expect(unknown.locator(".qo-reason")).not_to_be_empty()
    expect(page.locator("#quick-note")).to_contain_text("2 Zeile(n) in den Warenkorb gelegt, 1 nicht erkannt")
    snap("pasted")

    # Nothing is lost on a reload: the lines are in the cart, the unknown row in the draft.
    page.reload()
    expect(page.locator("#cart-lines tbody tr")).to_have_count(2)
    expect(unknown.locator(".qo-id")).to_have_value("GIBT-ES-NICHT")
    expect(unknown.locator(".qo-reason")).not_to_be_empty()

    # Fixed in its row and sent again: the mark goes, the line comes.
    unknown.locator(".qo-id").fill(by_number["item_number"])
    unknown.locator(".qo-qty").press("Enter")
    expect(page.locator("#quick-order tr.is-unknown")).to_have_count(0)
    expect(page.locator(line_quantity(by_number["item_number"]))).to_have_value("6")

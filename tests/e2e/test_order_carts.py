"""C5 in the browser: park a cart with a note, another agent of the tenant takes it over from
"Offene Warenkörbe"; two tabs on one cart: the stale one gets the conflict message, the cart is
reloaded and what the agent typed stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import VIEWPORT, Login, api_call, sign_in
from tests.e2e.test_order_helpers import DEMO_ADMIN, OrderApi, demo_login, open_cart

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def order_api(web_url: str, agent: Login) -> OrderApi:
    return OrderApi(web_url, agent)


def test_park_a_cart_with_a_note_and_another_agent_takes_it_over(
    signed_in: Page, web_url: str, order_api: OrderApi, browser: Browser, local_stack: Any,
    snap: Callable[[str], None],
) -> None:
    page = signed_in
    item = order_api.item_in_stock("Tacker", at_least=2)
    cart = order_api.cart_for_erika((item, 2))
    open_cart(page, web_url, cart["cart_id"])

    page.locator("#park-note").fill("Kundin ruft nach 14 Uhr zurück")
    page.locator("#park-cart").click()
    expect(page).to_have_url(f"{web_url}/#/carts?parked={cart['cart_id']}")
    row = page.locator(f"#carts-table tr[data-cart-id='{cart['cart_id']}']")
    expect(row).to_have_attribute("aria-selected", "true")
    expect(row).to_contain_text("geparkt")
    expect(row).to_contain_text("Kundin ruft nach 14 Uhr zurück")
    expect(row).to_contain_text("Erika Mustermann")

    other = browser.new_context(viewport=VIEWPORT, locale="de-DE", timezone_id="Europe/Berlin")
    try:
        colleague = other.new_page()
        sign_in(colleague, web_url, demo_login(local_stack, DEMO_ADMIN))
        colleague.locator(".app-nav").get_by_role("link", name="Warenkörbe").click()
        theirs = colleague.locator(f"#carts-table tr[data-cart-id='{cart['cart_id']}']")
        expect(theirs).to_contain_text("agent@demo.example")
        theirs.get_by_role("button", name="Übernehmen").click()
        expect(colleague).to_have_url(f"{web_url}/#/carts/{cart['cart_id']}")
        expect(colleague.locator("#cart-state")).to_contain_text("offen")
        expect(colleague.locator("#cart-state")).to_contain_text(f"Agent: {DEMO_ADMIN}")
        quantity = colleague.locator(f"#cart-lines tr[data-item-number='{item['item_number']}'] .line-qty")
        expect(quantity).to_have_value("2")
        snap("taken-over")
    finally:
        other.close()

    # The first agent sees it is someone else's now.
    page.reload()
    expect(page.locator(f"#carts-table tr[data-cart-id='{cart['cart_id']}']")).to_contain_text(DEMO_ADMIN)


def test_a_change_from_a_stale_tab_gets_the_conflict_message_and_keeps_what_was_typed(
    signed_in: Page, web_url: str, order_api: OrderApi, agent: Login
) -> None:
    first = signed_in
    item = order_api.item_in_stock("Tacker", at_least=10)
    cart = order_api.cart_for_erika((item, 1))
    open_cart(first, web_url, cart["cart_id"])

    second = first.context.new_page()
    sign_in(second, web_url, agent, f"#/carts/{cart['cart_id']}")
    expect(second.locator("#product-q")).to_be_focused()
    line = f"#cart-lines tr[data-item-number='{item['item_number']}'] .line-qty"

    # The second tab changes the quantity; the first still has the version before.
    second.locator(line).fill("2")
    second.locator(line).press("Enter")
    expect(second.locator("#cart-totals dd[data-total='goods']")).not_to_have_text(
        first.locator("#cart-totals dd[data-total='goods']").inner_text())

    # The first tab's change is refused: the message, the cart reloaded, the typed text kept.
    wish = first.locator("#customer-wish")
    wish.fill("Bitte vor 12 Uhr liefern")
    wish.press("Tab")
    conflict = first.locator("#cart-conflict")
    expect(conflict).to_contain_text("Der Warenkorb wurde inzwischen geändert")
    expect(conflict).to_contain_text("neu geladen")
    expect(first.locator(line)).to_have_value("2")
    expect(wish).to_have_value("Bitte vor 12 Uhr liefern")

    # Sent again on the reloaded cart (leaving the field again), it goes through.
    wish.focus()
    with first.expect_response(lambda r: api_call(r.url, "/carts/") and r.request.method == "PATCH") as sent:
        wish.press("Tab")
    assert sent.value.ok
    expect(conflict).to_have_count(0)
    stored = order_api.call("GET", f"/carts/{cart['cart_id']}")
    assert stored["customer_wish"] == "Bitte vor 12 Uhr liefern"
    assert stored["lines"][0]["quantity"] == 2

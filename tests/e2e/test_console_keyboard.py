"""B2 keyboard first: the whole way from the search to an order and back without the mouse, the key
legend on every screen, deep links and the browser's back button."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e


def result_rows(page: Page) -> Locator:
    return page.locator(".results-table tbody tr")


def order_rows(page: Page) -> Locator:
    return page.locator(".orders-table tbody tr")


def expect_key_legend(page: Page) -> None:
    legend = page.locator(".key-help")
    for key in ["/", "↑↓", "Enter", "Esc"]:
        expect(legend.locator("kbd", has_text=key).first).to_be_visible()


def test_search_customer_order_and_back_by_keyboard_only(
    signed_in: Page, web_url: str, snap: Callable[[str], None]
) -> None:
    page = signed_in
    page.locator("#search-q").blur()
    expect_key_legend(page)
    page.keyboard.press("/")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.type("Mustermann")
    page.keyboard.press("Enter")
    expect(result_rows(page).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    erika = result_rows(page).filter(has_text="K10001")
    while erika.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/1")
    expect(order_rows(page).first).to_be_visible()
    expect_key_legend(page)

    # Arrows go into the order list from anywhere on the screen.
    page.keyboard.press("ArrowDown")
    expect(order_rows(page).nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    second = order_rows(page).nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(order_rows(page).nth(0)).to_have_attribute("aria-selected", "false")
    number = second.get_attribute("data-order")
    snap("customer-selected")

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/1/orders/{number}")
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")
    expect(page.locator(".customer-bar")).to_contain_text("Erika Mustermann")
    expect_key_legend(page)

    # Esc: order -> customer (the same order selected again) -> search results (Erika selected).
    page.keyboard.press("Escape")
    expect(page).to_have_url(f"{web_url}/#/customers/1")
    expect(order_rows(page).nth(1)).to_have_attribute("aria-selected", "true")
    expect(order_rows(page).nth(1).locator("a.row-link")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page).to_have_url(f"{web_url}/#/search?q=Mustermann")
    expect(erika).to_have_attribute("aria-selected", "true")
    expect(erika.locator("a.row-link")).to_be_focused()

    # "/" from a customer screen returns to the last search with the focus in the field.
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/1")
    expect(order_rows(page).first).to_be_visible()
    page.keyboard.press("/")
    expect(page).to_have_url(f"{web_url}/#/search?q=Mustermann")
    expect(page.locator("#search-q")).to_be_focused()
    expect(page.locator("#search-q")).to_have_value("Mustermann")


def test_load_more_is_reachable_by_keyboard(signed_in: Page, web_url: str) -> None:
    page = signed_in
    page.goto(f"{web_url}/#/customers/1")
    expect(order_rows(page)).to_have_count(20)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    expect(order_rows(page).nth(19)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Tab")
    more = page.get_by_role("button", name="Weitere laden")
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    expect(order_rows(page)).not_to_have_count(20)
    # The focus moves to the first order that was added.
    expect(order_rows(page).nth(20).locator("a.row-link")).to_be_focused()
    expect(order_rows(page).nth(20)).to_have_attribute("aria-selected", "true")


def test_deep_links_survive_reload_and_back(signed_in: Page, web_url: str) -> None:
    page = signed_in
    page.goto(f"{web_url}/#/customers/2")
    expect(page.locator(".customer-bar h1")).to_contain_text("Jürgen Müller")
    page.reload()
    expect(page.locator(".customer-bar h1")).to_contain_text("Jürgen Müller")
    expect(order_rows(page).first).to_be_visible()
    number = order_rows(page).first.get_attribute("data-order")
    order_rows(page).first.locator("a.row-link").click()
    expect(page).to_have_url(f"{web_url}/#/customers/2/orders/{number}")
    page.reload()
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")
    expect(page.locator(".customer-bar")).to_contain_text("Müller Haustechnik GmbH")

    page.go_back()
    expect(page).to_have_url(f"{web_url}/#/customers/2")
    expect(page.locator(".customer-bar h1")).to_contain_text("Jürgen Müller")
    expect(order_rows(page).first).to_have_attribute("aria-selected", "true")
    page.go_forward()
    expect(page.locator("#order-title")).to_have_text(f"Auftrag {number}")


def test_loading_is_shown_and_a_slow_answer_is_explained(signed_in: Page, web_url: str) -> None:
    page = signed_in
    held: list[Callable[[], None]] = []
    page.route("**/api/customers/6", lambda route: held.append(route.continue_))
    page.goto(f"{web_url}/#/customers/6")
    content = page.locator(".customer-content")
    expect(content).to_have_attribute("aria-busy", "true")
    expect(content.locator(".skeleton")).to_contain_text("Kundendaten werden geladen")
    # After a few seconds without an answer the agent is told that pixi is slow.
    expect(content.locator(".slow-note")).to_have_text(
        "pixi antwortet gerade langsam – bitte einen Moment Geduld."
    )
    for _ in range(100):  # the route handler may run a moment after the page shows the skeleton
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0]()
    expect(content).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(".customer-bar h1")).to_contain_text("Max Meier")

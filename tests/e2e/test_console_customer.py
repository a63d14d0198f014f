"""S2 customer overview and S3 order history in the browser (pixiDEM demo customers 1-6)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import AgentApi

pytestmark = pytest.mark.e2e


def order_rows(page: Page) -> Locator:
    return page.locator(".orders-table tbody tr")


def order_numbers(page: Page) -> list[int]:
    return [int(n) for n in order_rows(page).locator("a.row-link").all_inner_texts()]


def open_customer(page: Page, web_url: str, key: int) -> None:
    page.goto(f"{web_url}/#/customers/{key}")
    expect(page.locator(".customer-content")).not_to_have_attribute("aria-busy", "true")


def test_erika_overview_marks_addresses_and_pages_the_orders_newest_first(
    signed_in: Page, web_url: str, agent_api: AgentApi, snap: Callable[[str], None]
) -> None:
    page = signed_in
    every_order = [o["order_number"] for o in agent_api.all_orders(1)]
    assert len(every_order) > 20, "Erika has more orders than one page"
    open_customer(page, web_url, 1)

    bar = page.locator(".customer-bar")
    expect(bar.locator("h1")).to_contain_text("Erika Mustermann")
    expect(bar.locator("h1")).to_contain_text("K10001")
    profile = page.locator(".profile-card")
    expect(profile).to_contain_text("Privatkunde")
    expect(profile).to_contain_text("Frau")
    expect(profile).to_contain_text("erika.mustermann@example.com")
    expect(profile).to_contain_text("030 1234567")
    expect(profile).to_contain_text("Kunde seit")
    expect(profile.locator(".profile-payment")).to_have_text("Rechnung")
    expect(profile).not_to_contain_text("USt-IdNr.")

    billing = page.locator(".address-card[data-billing='true']")
    shipping = page.locator(".address-card[data-shipping='true']")
    expect(billing).to_have_count(1)
    expect(shipping).to_have_count(1)
    expect(billing).to_contain_text("Rechnungsadresse")
    expect(billing).to_contain_text("Hauptstraße 5")
    expect(billing).to_contain_text("10115 Berlin")
    expect(shipping).to_contain_text("Lieferadresse")
    expect(shipping).to_contain_text("Friedrichstraße 120")
    expect(page.locator(".lock-banner")).to_have_count(0)

    # The first page: newest first, the same numbers the API pages give.
    expect(order_rows(page)).to_have_count(20)
    first_page = order_numbers(page)
    assert first_page == every_order[:20]
    assert first_page == sorted(first_page, reverse=True)
    headers = page.locator(".orders-table thead th").all_inner_texts()
    assert headers == ["Auftrag", "Shop-Bestellnr.", "Bestelldatum", "Versanddatum", "Betrag", "Status"]
    first = order_rows(page).first.locator("td")
    expect(first.nth(1)).to_have_text(agent_api.all_orders(1)[0]["external_order_number"])
    expect(first.nth(2)).to_have_text(re.compile(r"^\d\d\.\d\d\.\d{4}$"))
    expect(first.nth(4)).to_contain_text("€")
    expect(first.nth(5)).to_have_text(re.compile(r"^(offen|abgeschlossen|angehalten)$"))
    snap("overview")

    # "Weitere laden" adds the older ones, without duplicates, until there are no more.
    more = page.get_by_role("button", name="Weitere laden")
    while more.count():
        before = order_rows(page).count()
        more.click()
        expect(order_rows(page)).not_to_have_count(before)
        expect(page.locator(".view-status")).to_contain_text("weitere Bestellungen geladen")
    shown = order_numbers(page)
    assert shown == every_order
    assert len(set(shown)) == len(shown)
    expect(page.locator(".orders-count")).to_have_text(
        f"Alle {len(every_order)} Bestellungen angezeigt, neueste zuerst."
    )


def test_business_customer_shows_company_and_vat_id(signed_in: Page, web_url: str) -> None:
    page = signed_in
    open_customer(page, web_url, 2)
    bar = page.locator(".customer-bar")
    expect(bar).to_contain_text("Jürgen Müller")
    expect(bar).to_contain_text("Müller Haustechnik GmbH")
    expect(bar).to_contain_text("Geschäftskunde")
    profile = page.locator(".profile-card")
    expect(profile.locator(".profile-company")).to_have_text("Müller Haustechnik GmbH")
    expect(profile.locator(".profile-vat")).to_have_text("DE123456789")
    expect(profile).to_contain_text("Geschäftskunde")


def test_locked_customer_shows_a_banner_with_the_reason(
    signed_in: Page, web_url: str, snap: Callable[[str], None]
) -> None:
    page = signed_in
    open_customer(page, web_url, 3)
    banner = page.locator(".lock-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Kunde gesperrt")
    expect(banner).to_contain_text("Zahlungsausfall – nur Vorkasse")
    expect(page.locator(".customer-bar .badge-locked")).to_contain_text("gesperrt")
    snap("locked")


def test_customer_without_orders_says_so(signed_in: Page, web_url: str) -> None:
    page = signed_in
    open_customer(page, web_url, 6)
    expect(page.locator(".customer-bar h1")).to_contain_text("Max Meier")
    expect(page.locator(".orders-empty")).to_have_text("Dieser Kunde hat noch keine Bestellungen.")
    expect(page.locator(".orders-table")).to_have_count(0)
    expect(page.get_by_role("button", name="Weitere laden")).to_have_count(0)


def test_unknown_customer_is_not_found(signed_in: Page, web_url: str) -> None:
    page = signed_in
    page.goto(f"{web_url}/#/customers/987654")
    expect(page.locator(".error-box[role=alert]")).to_contain_text(
        "Diesen Kunden gibt es in pixi nicht (mehr)."
    )
    expect(page.get_by_role("button", name="Erneut versuchen")).to_have_count(0)


def test_a_pixi_fault_on_the_overview_shows_the_message_and_retry_works(
    signed_in: Page,
    web_url: str,
    pixi_faults: Callable[..., None],
    clear_pixi_faults: Callable[[], None],
    snap: Callable[[str], None],
) -> None:
    # Customer 5 is opened by no other browser test, so the API has nothing cached for it.
    page = signed_in
    pixi_faults(db="pixiDEM", call="*", mode="fault", times=50)
    with page.expect_response(lambda r: "/api/customers/5" in r.url) as answer:
        page.goto(f"{web_url}/#/customers/5")
    assert answer.value.status == 502
    alert = page.locator(".customer-content .error-box[role=alert]")
    expect(alert).to_contain_text("Die Kundendaten konnten nicht geladen werden.")
    expect(alert.locator(".error-message")).to_have_text(answer.value.json()["message"])
    retry = alert.get_by_role("button", name="Erneut versuchen")
    snap("pixi-fault")

    clear_pixi_faults()
    retry.click()
    expect(alert).to_have_count(0)
    expect(page.locator(".customer-bar h1")).to_contain_text("K10005")
    expect(order_rows(page).first).to_be_visible()


def test_refresh_asks_pixi_again_and_a_failed_refresh_keeps_the_data(
    signed_in: Page,
    web_url: str,
    pixi_faults: Callable[..., None],
    clear_pixi_faults: Callable[[], None],
) -> None:
    page = signed_in
    open_customer(page, web_url, 4)
    expect(page.locator(".customer-bar h1")).to_contain_text("Thomas Schäfer")
    refresh = page.get_by_role("button", name="Aktualisieren")
    with page.expect_request(lambda r: "/api/customers/4?refresh=1" in r.url):
        refresh.click()
    expect(page.locator(".view-status")).to_have_text("Kundendaten aktualisiert.")

    pixi_faults(db="pixiDEM", call="*", mode="fault", times=50)
    refresh.click()
    notice = page.locator(".view-notices .error-box[role=alert]")
    expect(notice).to_contain_text("Die Kundendaten konnten nicht aktualisiert werden.")
    expect(notice).to_contain_text("Angezeigt werden die zuletzt geladenen Daten.")
    expect(page.locator(".profile-card")).to_contain_text("thomas.schaefer@example.net")
    clear_pixi_faults()
    notice.get_by_role("button", name="Erneut versuchen").click()
    expect(notice).to_have_count(0)
    expect(page.locator(".view-status")).to_have_text("Kundendaten aktualisiert.")

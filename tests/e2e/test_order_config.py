"""O5 in the browser: the admin's "Bestellfunktion" screen per pixi connection: help texts from the
API beside the fields, payment providers shown but not choosable (with the reason), shipping
methods with costs per currency, a refused save with the messages beside their fields (also deep
in the payment methods), a good save in the change history; agents do not get the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_order_helpers import DEMO_ADMIN, demo_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin_page(page: Page, web_url: str, local_stack: Any) -> Page:
    sign_in(page, web_url, demo_login(local_stack, DEMO_ADMIN))
    return page


def test_the_order_configuration_with_help_texts_a_field_error_and_the_change_history(
    admin_page: Page, snap: Callable[[str], None]
) -> None:
    page = admin_page
    page.locator(".app-nav").get_by_role("link", name="Einstellungen").click()
    page.locator("#pkg-ordering-configure").click()
    expect(page.locator("#ocfg-title")).to_have_text("Bestellfunktion")
    expect(page.locator("#ocfg-connection")).to_contain_text("pixi-Verbindung")

    # Every field with its help text from the API, in the page's language.
    expect(page.locator("#ocfg-comment-template-hint")).to_contain_text("$agent")
    expect(page.locator("#ocfg-import-channel-id-hint")).to_contain_text("Importkanal")
    # pixi's payment types: the configured ones ticked, a payment provider not choosable, with the reason.
    expect(page.locator("#ocfg-pm-R-offer")).to_be_checked()
    expect(page.locator("#ocfg-pm-K-offer")).to_be_disabled()
    expect(page.locator("tr[data-code='K'] .provider-reason")).to_contain_text("Kreditkarte")
    expect(page.locator("#ocfg-pm-N-kind")).to_have_value("surcharge")
    expect(page.locator("#ocfg-pm-N-amount-EUR")).to_have_value("4.00")
    # Shipping methods with countries and a price per currency.
    dhl = page.locator(".shipping-method", has_text="DHL Paket")
    expect(dhl.locator("input[name='countries']")).to_have_value("DE, AT")
    expect(dhl.locator("input[name='cost-EUR']")).to_have_value("4.90")
    expect(dhl.locator("input[name='free-EUR']")).to_have_value("50.00")
    percent_before = page.locator("#ocfg-pm-V-percent").input_value()
    threshold_before = page.locator("#ocfg-stock-few-threshold").input_value()
    hours_before = page.locator("#ocfg-cart-expiry-hours").input_value()

    # Refused: each message beside its field, what was typed stays.
    page.locator("#ocfg-pm-V-percent").fill("150")
    page.locator("#ocfg-stock-few-threshold").fill("viele")
    page.locator("#ocfg-save").click()
    expect(page.locator("#ocfg-message")).to_contain_text("Bitte die markierten Felder prüfen.")
    expect(page.locator("#ocfg-pm-V-percent")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ocfg-pm-V-message")).to_contain_text("Prozentsatz")
    expect(page.locator("#ocfg-stock-few-threshold")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ocfg-stock-few-threshold-message")).not_to_be_empty()
    expect(page.locator("#ocfg-pm-V-percent")).to_have_value("150")
    snap("field-errors")

    # Corrected and changed: saved, and the change history says who changed what.
    page.locator("#ocfg-pm-V-percent").fill(percent_before)
    page.locator("#ocfg-stock-few-threshold").fill(threshold_before)
    page.locator("#ocfg-cart-expiry-hours").fill("96")
    page.locator("#ocfg-save").click()
    expect(page.locator("#ocfg-message")).to_have_text("Die Bestellkonfiguration wurde gespeichert.")
    history = page.locator("#ocfg-hist-table tbody tr", has_text=f"{hours_before} → 96")
    expect(history.first).to_contain_text(DEMO_ADMIN)
    expect(history.first).to_contain_text("Bestellkonfiguration geändert")
    expect(page.locator("#ocfg-cart-expiry-hours")).to_have_value("96")

    # Back as it was for the other tests of the session.
    page.locator("#ocfg-cart-expiry-hours").fill(hours_before)
    page.locator("#ocfg-save").click()
    expect(page.locator("#ocfg-hist-table tbody tr", has_text=f"96 → {hours_before}").first).to_be_visible()


def test_an_agent_does_not_get_the_order_configuration(signed_in: Page, web_url: str) -> None:
    page = signed_in
    expect(page.locator(".app-nav").get_by_role("link", name="Warenkörbe")).to_be_visible()
    page.goto(f"{web_url}/#/settings/order")
    expect(page.locator("#main")).to_contain_text("Keine Berechtigung")
    expect(page.locator("#ocfg-form")).to_have_count(0)

"""The shell: language switch (remembered), money and date formats per language, logout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_switching_to_english_translates_the_page_and_is_remembered(
    signed_in: Page, snap: Callable[[str], None]
) -> None:
    page = signed_in
    page.locator("#search-q").fill("Mustermann")
    page.locator("#search-q").press("Enter")
    expect(page.locator(".results-table")).to_contain_text("K10001")

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Find customer")).to_have_value("Mustermann")
    expect(page.locator(".results-table thead th").first).to_have_text("Customer no.")
    expect(page.locator(".results-table")).to_contain_text("K10001")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".key-help")).to_contain_text("Keyboard shortcuts")
    snap("english")

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()

    page.get_by_role("button", name="DE", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_label("Kunde suchen")).to_have_value("Mustermann")


def test_money_and_dates_follow_the_language(signed_in: Page) -> None:
    page = signed_in
    script = """async () => {
      const f = await import('/js/format.js');
      return [f.formatMoney(1234.56, 'EUR'), f.formatMoney('-5.5', 'EUR'), f.formatDate('2026-12-24'),
              f.formatDateTime('2026-12-24T13:05:00Z')];
    }"""
    german = [s.replace("\u00a0", " ") for s in page.evaluate(script)]
    assert german == ["1.234,56 €", "-5,50 €", "24.12.2026", "24.12.2026, 14:05"]

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    english = [s.replace("\u00a0", " ") for s in page.evaluate(script)]
    assert english == ["€1,234.56", "-€5.50", "24/12/2026", "24/12/2026, 14:05"]


def test_logout_returns_to_the_login_and_back_shows_no_data(
    signed_in: Page, web_url: str, snap: Callable[[str], None]
) -> None:
    page = signed_in
    page.locator("#search-q").fill("Mustermann")
    page.locator("#search-q").press("Enter")
    expect(page.locator(".results-table")).to_contain_text("Erika Mustermann")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/1")

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_label("E-Mail-Adresse")).to_be_visible()
    expect(page.locator(".login-panel .notice")).to_have_text("Sie wurden abgemeldet.")
    expect(page.locator(".app-header .agent-email")).to_have_count(0)
    assert page.evaluate("sessionStorage.getItem('pcc.session')") is None
    snap("logged-out")

    for _ in range(2):
        page.go_back()
        expect(page.get_by_label("E-Mail-Adresse")).to_be_visible()
        expect(page.locator("body")).not_to_contain_text("Mustermann")
        expect(page.locator(".results-table")).to_have_count(0)

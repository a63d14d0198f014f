"""S1 simple search in the browser against the real API and the pixi simulator (pixiDEM data)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, Request, expect

from tests.e2e.conftest import api_call

pytestmark = pytest.mark.e2e

COLUMNS = ["Kundennummer", "Name", "Anschrift", "E-Mail", "Telefon", "Shop"]


def search(page: Page, text: str) -> None:
    field = page.locator("#search-q")
    field.fill(text)
    field.press("Enter")


def rows(page: Page) -> Locator:
    return page.locator(".results-table tbody tr")


def row_of(page: Page, customer_number: str) -> Locator:
    return rows(page).filter(has=page.locator("a.row-link", has_text=customer_number))


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        ("last_name", "Mustermann"),
        ("email", "erika.mustermann@example.com"),
        ("customer_number", "K10001"),
    ],
)
def test_every_criterion_finds_erika_with_the_same_columns(
    signed_in: Page, web_url: str, criterion: str, text: str, snap: Callable[[str], None]
) -> None:
    page = signed_in
    search(page, text)

    expect(page).to_have_url(f"{web_url}/#/search?q={quote(text, safe='')}")
    expect(page.locator(".results-table thead th")).to_have_text(COLUMNS)
    erika = row_of(page, "K10001")
    expect(erika).to_have_count(1)
    cells = erika.locator("td")
    expect(cells.nth(1)).to_contain_text("Erika Mustermann")
    expect(cells.nth(2)).to_contain_text("10115 Berlin")
    expect(cells.nth(3)).to_have_text("erika.mustermann@example.com")
    expect(cells.nth(5)).not_to_be_empty()
    expect(page.locator("#search-status")).to_contain_text("gefunden")
    expect(page.locator("#search-q")).to_have_value(text)
    if criterion != "last_name":
        expect(rows(page)).to_have_count(1)
    snap("results")

    # The query is in the URL: a reload shows the same result.
    page.reload()
    expect(page.locator("#search-q")).to_have_value(text)
    expect(row_of(page, "K10001")).to_have_count(1)


def test_locked_and_business_customers_are_marked(signed_in: Page) -> None:
    page = signed_in
    search(page, "K10003")
    sabine = row_of(page, "K10003")
    expect(sabine.locator(".badge-locked")).to_have_text("gesperrt")
    expect(sabine).to_contain_text("Sabine Weiß")

    search(page, "K10002")
    juergen = row_of(page, "K10002")
    expect(juergen.locator(".name")).to_have_text("Jürgen Müller")
    expect(juergen.locator(".company")).to_have_text("Müller Haustechnik GmbH")
    expect(juergen.locator(".badge-locked")).to_have_count(0)


def test_fewer_than_three_characters_are_refused_without_a_request(
    signed_in: Page, snap: Callable[[str], None]
) -> None:
    page = signed_in
    searches: list[Request] = []
    page.on("request", lambda r: searches.append(r) if api_call(r.url, "/customers") else None)

    search(page, "Mu")
    expect(page.locator("#search-field-message")).to_have_text("Bitte mindestens 3 Zeichen eingeben.")
    expect(page.locator("#search-q")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#search-q")).to_have_value("Mu")
    snap("too-short")
    search(page, "  ab  ")
    expect(page.locator("#search-field-message")).to_have_text("Bitte mindestens 3 Zeichen eingeben.")
    page.wait_for_timeout(300)
    assert searches == []
    expect(rows(page)).to_have_count(0)

    search(page, "Mustermann")
    expect(page.locator("#search-field-message")).to_be_hidden()
    expect(row_of(page, "K10001")).to_have_count(1)
    assert len(searches) == 1


def test_no_match_says_so_and_suggests_what_to_try(signed_in: Page) -> None:
    page = signed_in
    search(page, "Xyzzyquux")
    empty = page.locator(".empty-state")
    expect(empty).to_contain_text("Keine Kunden zu „Xyzzyquux“ gefunden.")
    expect(empty).to_contain_text("Kundennummer")
    expect(rows(page)).to_have_count(0)


def test_keyboard_only_search_open_and_back(
    signed_in: Page, web_url: str, snap: Callable[[str], None]
) -> None:
    page = signed_in
    page.locator("#search-q").blur()
    page.keyboard.press("/")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.type("Müller")
    page.keyboard.press("Enter")
    expect(rows(page).first).to_be_visible()
    count = rows(page).count()
    assert count >= 2, "the demo data has several customers named Müller"

    page.keyboard.press("ArrowDown")
    expect(rows(page).nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    second = rows(page).nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(rows(page).nth(0)).to_have_attribute("aria-selected", "false")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    expect(second).to_have_attribute("aria-selected", "true")
    key = second.get_attribute("data-key")
    number = second.locator("a.row-link").inner_text()
    snap("selected")

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/{key}")
    expect(page.locator("h1")).to_contain_text(number)
    snap("customer")

    # Esc goes back: the results are still there and the same row is selected.
    page.keyboard.press("Escape")
    expect(page).to_have_url(f"{web_url}/#/search?q={quote('Müller', safe='')}")
    expect(rows(page)).to_have_count(count)
    expect(rows(page).nth(1)).to_have_attribute("aria-selected", "true")
    expect(rows(page).nth(1).locator("a.row-link")).to_be_focused()

    # The browser's back button does the same.
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{web_url}/#/customers/{key}")
    page.go_back()
    expect(page.locator("#search-q")).to_have_value("Müller")
    expect(rows(page)).to_have_count(count)

    # ArrowUp from the first row returns to the field; "/" works from anywhere.
    page.keyboard.press("Home")
    expect(rows(page).nth(0).locator("a.row-link")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#search-q")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("/")
    expect(page.locator("#search-q")).to_be_focused()


def test_a_pixi_fault_is_shown_with_the_query_kept_and_retry_works(
    signed_in: Page,
    pixi_faults: Callable[..., None],
    clear_pixi_faults: Callable[[], None],
    snap: Callable[[str], None],
) -> None:
    page = signed_in
    pixi_faults(db="pixiDEM", call="pixiCustomerSearch", mode="fault", times=3)

    with page.expect_response(lambda r: "/api/customers" in r.url) as answer:
        search(page, "Mustermann")
    assert answer.value.status == 502
    api_message = answer.value.json()["message"]

    alert = page.locator(".error-box[role=alert]")
    expect(alert.locator(".error-message")).to_have_text(api_message)
    expect(page.locator("#search-q")).to_have_value("Mustermann")
    retry = alert.get_by_role("button", name="Erneut versuchen")
    expect(retry).to_be_visible()
    snap("pixi-fault")

    clear_pixi_faults()
    retry.click()
    expect(alert).to_have_count(0)
    expect(row_of(page, "K10001")).to_have_count(1)
    expect(page.locator("#search-q")).to_have_value("Mustermann")


def test_a_search_shows_that_it_is_running(signed_in: Page) -> None:
    page = signed_in
    held: list[Callable[[], None]] = []
    page.route("**/api/customers?*", lambda route: held.append(route.continue_))
    search(page, "Mustermann")
    expect(page.locator("#search-status")).to_contain_text("Suche nach „Mustermann“")
    expect(page.locator("#search-results")).to_have_attribute("aria-busy", "true")
    for _ in range(100):  # the route handler may run a moment after the page shows the status
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    held[0]()
    expect(row_of(page, "K10001")).to_have_count(1)
    expect(page.locator("#search-results")).not_to_have_attribute("aria-busy", "true")

"""S1 advanced search and shop scope in the browser, against the API and the pixi simulator (pixiDEM)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import AgentApi

pytestmark = pytest.mark.e2e


def rows(page: Page) -> Locator:
    return page.locator(".results-table tbody tr")


def row_links(page: Page) -> Locator:
    """The customer numbers of the result rows; ``to_have_text([...])`` waits for the new result."""
    return rows(page).locator("a.row-link")


def only_fhd(page: Page) -> None:
    """Waits until the table shows rows and none of another shop (not a stale or loading table)."""
    expect(rows(page).locator(".col-shop").filter(has_not_text="FHD")).to_have_count(0)
    expect(rows(page).first).to_be_visible()
    expect(rows(page).locator(".col-shop").filter(has_not_text="FHD")).to_have_count(0)


def hash_query(page: Page) -> dict[str, list[str]]:
    fragment = urlsplit(page.url).fragment
    return parse_qs(fragment.partition("?")[2])


def open_advanced(page: Page) -> None:
    page.get_by_role("button", name="Erweiterte Suche").click()
    expect(page.locator("#search-advanced")).to_be_visible()
    expect(page.get_by_label("Nachname/Firma")).to_be_focused()


def test_advanced_search_by_several_fields_survives_a_reload(
    signed_in: Page, snap: Callable[[str], None]
) -> None:
    page = signed_in
    open_advanced(page)
    expect(page.locator("#search-q")).to_be_hidden()
    page.get_by_label("Nachname/Firma").fill("Müll")
    page.get_by_label("Ort").fill("Köln")
    page.get_by_label("Ort").press("Enter")  # Enter in any field searches

    expect(rows(page)).to_have_count(1)
    expect(row_links(page)).to_have_text(["K10002"])
    assert hash_query(page) == {"name": ["Müll"], "city": ["Köln"]}
    expect(page.locator("#search-status")).to_contain_text("Nachname/Firma „Müll“, Ort „Köln“ in allen Shops")
    expect(page.locator(".results-table thead th")).to_have_text(
        ["Kundennummer", "Name", "Anschrift", "E-Mail", "Telefon", "Shop"]
    )
    snap("advanced")

    # Another combination: first name + ZIP finds Erika; e-mail alone finds her too.
    page.get_by_role("button", name="Felder leeren").click()
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("PLZ").fill("101")
    page.get_by_label("PLZ").press("Enter")
    expect(rows(page)).to_have_count(1)
    expect(row_links(page)).to_have_text(["K10001"])

    page.reload()
    expect(page.locator("#search-advanced")).to_be_visible()
    expect(page.get_by_label("Vorname")).to_have_value("Erika")
    expect(page.get_by_label("PLZ")).to_have_value("101")
    expect(page.get_by_label("Nachname/Firma")).to_have_value("")
    expect(rows(page)).to_have_count(1)

    # Back to the simple search: the field is there again.
    page.get_by_role("button", name="Einfache Suche").click()
    expect(page.locator("#search-q")).to_be_visible()
    expect(page.locator("#search-q")).to_be_focused()


def test_search_by_order_and_invoice_number_finds_the_customer(
    signed_in: Page, erika_orders_by_invoice_state: dict[str, dict[str, object]]
) -> None:
    page = signed_in
    order = erika_orders_by_invoice_state["paid_and_unpaid"]
    invoices = order["invoices"]
    assert isinstance(invoices, list)
    open_advanced(page)
    page.get_by_label("Auftragsnummer").fill(str(order["order_number"]))
    page.get_by_label("Auftragsnummer").press("Enter")
    expect(rows(page)).to_have_count(1)
    expect(row_links(page)).to_have_text(["K10001"])

    page.get_by_label("Auftragsnummer").fill("")
    page.get_by_label("Rechnungsnummer").fill(str(invoices[0]["invoice_number"]))
    page.get_by_label("Rechnungsnummer").press("Enter")
    expect(page).to_have_url(re.compile(f"invoice_number={invoices[0]['invoice_number']}"))
    expect(rows(page)).to_have_count(1)
    expect(row_links(page)).to_have_text(["K10001"])


def test_a_field_the_api_refuses_is_marked_and_keeps_the_input(signed_in: Page) -> None:
    page = signed_in
    open_advanced(page)
    page.get_by_label("Nachname/Firma").fill("Mustermann")
    page.get_by_label("Auftragsnummer").fill("ABC")
    with page.expect_response(lambda r: "/api/customers?" in r.url) as answer:
        page.get_by_label("Auftragsnummer").press("Enter")
    assert answer.value.status == 400
    message = answer.value.json()["fields"]["order_number"]
    expect(page.locator("#adv-order_number-message")).to_have_text(message)
    expect(page.get_by_label("Auftragsnummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Auftragsnummer")).to_be_focused()
    expect(page.get_by_label("Nachname/Firma")).to_have_value("Mustermann")
    expect(page.get_by_label("Auftragsnummer")).to_have_value("ABC")

    # Submitting the empty advanced form asks for a field, without a request.
    page.get_by_role("button", name="Felder leeren").click()
    page.get_by_label("Nachname/Firma").press("Enter")
    expect(page.locator("#search-form-message")).to_have_text("Bitte mindestens ein Feld ausfüllen.")


def test_shop_scope_narrows_the_search_and_is_remembered(
    signed_in: Page, web_url: str, agent_api: AgentApi, snap: Callable[[str], None]
) -> None:
    page = signed_in
    shops = agent_api.get("/shops")["shops"]
    assert {s["shop_id"] for s in shops} >= {"WEB", "FHD"}
    scope = page.get_by_label("Shop", exact=True)
    expect(scope.locator("option")).to_have_count(len(shops) + 1)
    expect(scope).to_have_value("")  # "Alle Shops" by default

    page.locator("#search-q").fill("Müller")
    page.locator("#search-q").press("Enter")
    expect(rows(page).first).to_be_visible()
    all_shops = set(rows(page).locator(".col-shop").all_inner_texts())
    assert {"WEB", "FHD"} <= all_shops, all_shops

    # Choosing a shop searches again in that shop only.
    scope.select_option("FHD")
    expect(page).to_have_url(re.compile(r"[?&]shop=FHD"))
    expect(page.locator("#search-status")).to_contain_text("im Shop Fachhandel (FHD)")
    only_fhd(page)
    expect(row_links(page).filter(has_text="K10002")).to_have_count(1)
    snap("scope")

    page.reload()
    expect(page.get_by_label("Shop", exact=True)).to_have_value("FHD")
    only_fhd(page)

    # A fresh search screen starts with the remembered shop.
    page.goto(f"{web_url}/#/search")
    page.reload()
    expect(page.get_by_label("Shop", exact=True)).to_have_value("FHD")
    page.locator("#search-q").fill("Mustermann")
    page.locator("#search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]shop=FHD"))
    empty = page.locator(".empty-state")
    expect(empty).to_contain_text("Keine Kunden zu „Mustermann“ gefunden.")
    expect(empty).to_contain_text("Gesucht wurde nur im Shop Fachhandel (FHD).")

    # The empty result offers all shops: that finds Erika, and "all shops" is remembered.
    empty.get_by_role("button", name="In allen Shops suchen").click()
    expect(rows(page).first).to_be_visible()
    expect(row_links(page).filter(has_text="K10001")).to_have_count(1)
    assert "shop" not in hash_query(page)
    page.goto(f"{web_url}/#/search")
    page.reload()
    expect(page.get_by_label("Shop", exact=True)).to_have_value("")


def test_too_many_matches_say_how_many_and_ask_for_a_narrower_search(
    signed_in: Page, agent_api: AgentApi
) -> None:
    page = signed_in
    answer = agent_api.get("/customers?country=DE")
    assert answer["truncated"], "the demo data has more than 50 customers in Germany"
    open_advanced(page)
    page.get_by_label("Land").fill("DE")
    page.get_by_label("Land").press("Enter")
    notice = page.locator("#search-truncated")
    total = answer["total"]
    expected = (
        f"Es wurden mehr als {total} Treffer gefunden"
        if answer["total_capped"]
        else f"Es wurden {total} Treffer gefunden"
    )
    expect(notice).to_have_text(f"{expected}, 50 werden angezeigt — bitte die Suche eingrenzen.")
    expect(rows(page)).to_have_count(answer["limit"])


def test_an_empty_advanced_result_suggests_what_to_try(signed_in: Page) -> None:
    page = signed_in
    open_advanced(page)
    page.get_by_label("Nachname/Firma").fill("Mustermann")
    page.get_by_label("Ort").fill("Hamburg")
    page.get_by_label("Ort").press("Enter")
    empty = page.locator(".empty-state")
    expect(empty).to_contain_text("Keine Kunden zu Nachname/Firma „Mustermann“, Ort „Hamburg“ gefunden.")
    expect(empty).to_contain_text("Weniger Felder ausfüllen")
    expect(empty).to_contain_text("Ohne Platzhalter")
    expect(rows(page)).to_have_count(0)


def test_advanced_inputs_survive_a_pixi_fault_and_retry_works(
    signed_in: Page, pixi_faults: Callable[..., None], clear_pixi_faults: Callable[[], None]
) -> None:
    page = signed_in
    open_advanced(page)
    pixi_faults(db="pixiDEM", call="pixiCustomerSearch", mode="fault", times=5)
    page.get_by_label("Nachname/Firma").fill("Weiß")
    page.get_by_label("Vorname").fill("Sabine")
    with page.expect_response(lambda r: "/api/customers?" in r.url) as answer:
        page.get_by_label("Vorname").press("Enter")
    assert answer.value.status == 502
    alert = page.locator(".error-box[role=alert]")
    expect(alert.locator(".error-message")).to_have_text(answer.value.json()["message"])
    expect(page.get_by_label("Nachname/Firma")).to_have_value("Weiß")
    expect(page.get_by_label("Vorname")).to_have_value("Sabine")

    clear_pixi_faults()
    alert.get_by_role("button", name="Erneut versuchen").click()
    expect(rows(page)).to_have_count(1)
    expect(row_links(page)).to_have_text(["K10003"])
    expect(page.get_by_label("Vorname")).to_have_value("Sabine")

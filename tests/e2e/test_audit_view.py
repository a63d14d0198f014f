"""Browser tests of the audit trail (B1): the admin's "Protokoll" with the views and the support request an
agent just made, its filters and paging, English action names, the refusal for agents, and the
agent's "Zuletzt bearbeitet" list on the search screen (keyboard reachable)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.e2e.conftest import AgentApi, Login, sign_in
from tests.e2e.test_support_helpers import DEMO_ADMIN
from tests.e2e.test_team_helpers import api_token, call_api

AUDIT_TABLE = "Protokoll, neueste Einträge zuerst"
RECENT_TABLE = "Zuletzt bearbeitete Kunden, neueste zuerst"


def sign_out(page: Page) -> None:
    page.locator(".app-header").get_by_role("button", name="Abmelden").click()
    expect(page.get_by_label("E-Mail-Adresse")).to_be_visible()


def test_the_admin_sees_the_views_and_the_support_request_and_filters_them(
    page: Page, web_url: str, agent: Login, snap: Callable[[str], None]
) -> None:
    tag = f"E2E-{uuid.uuid4().hex[:8]}"
    # The agent views Sabine Weiß (K10003), sends a support request about her, then views Max Meier (K10006).
    sign_in(page, web_url, agent, "#/customers/3")
    expect(page.locator("#customer-title")).to_contain_text("Sabine Weiß")
    page.locator(".customer-bar").get_by_role("button", name="Support-Anfrage").click()
    page.get_by_role("dialog", name="Support-Anfrage").get_by_label("Ihre Frage oder Anmerkung").fill(
        f"Sperre prüfen {tag}"
    )
    page.get_by_role("dialog", name="Support-Anfrage").get_by_role("button", name="Senden").click()
    expect(page.locator(".support-flash")).to_contain_text("Die Support-Anfrage wurde an")
    page.goto(f"{web_url}/#/customers/6")
    expect(page.locator("#customer-title")).to_contain_text("Max Meier")
    sign_out(page)

    sign_in(page, web_url, DEMO_ADMIN, "#/audit")
    expect(page.locator(".app-nav").get_by_role("link", name="Protokoll")).to_have_attribute(
        "aria-current", "page"
    )
    table = page.get_by_role("table", name=AUDIT_TABLE)
    support_row = table.locator("tr[data-action='support_request.sent']").filter(has_text=tag)
    expect(support_row).to_have_count(1)
    for text in ("agent@demo.example", "Support-Anfrage gesendet", "K10003", "Sabine Weiß", "erfolgreich"):
        expect(support_row).to_contain_text(text)
    expect(
        table.locator("tr[data-action='customer.viewed']").filter(has_text="K10003").first
    ).to_contain_text("Kunde angesehen")
    expect(table.locator("tr[data-action='customer.viewed']").filter(has_text="K10006").first).to_be_visible()
    # Newest first: the view of Max Meier came after the support request.
    first_k10006 = table.locator("tbody tr").filter(has_text="K10006").first
    assert first_k10006.evaluate("(row) => row.rowIndex") < support_row.evaluate("(row) => row.rowIndex")
    snap("audit")

    # Filter by customer number.
    page.get_by_label("Kunde", exact=True).fill("K10003")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"#/audit\?customer=K10003$"))
    expect(table.locator("tr[data-action='support_request.sent']").filter(has_text=tag)).to_have_count(1)
    expect(table.locator("tbody tr").filter(has_text="K10006")).to_have_count(0)
    customers = table.locator("tbody td.col-customer").all_inner_texts()
    assert customers and all("K10003" in text for text in customers), customers

    # And by agent (the list comes from the team), in the address too.
    me = AgentApi(web_url, agent).get("/me")
    page.get_by_label("Agent", exact=True).select_option(value=me["agent_id"])
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(rf"agent={re.escape(me['agent_id'])}"))
    expect(table.locator("tr[data-action='support_request.sent']").filter(has_text=tag)).to_have_count(1)
    agents = table.locator("tbody td.col-agent").all_inner_texts()
    assert agents and set(agents) == {agent.email}, agents
    snap("audit-filtered")

    # The action names in English.
    page.locator(".lang-button[data-lang='en']").click()
    expect(page.get_by_role("table", name="Audit log, newest entries first")).to_contain_text(
        "Support request sent"
    )
    expect(page.get_by_label("Customer", exact=True)).to_have_value("K10003")


def test_weitere_laden_pages_through_the_trail(page: Page, web_url: str, agent: Login) -> None:
    token = api_token(web_url, agent)
    for _ in range(55):
        status, answer = call_api(web_url, "GET", "/customers/6", token=token)
        assert status == 200, answer
    sign_in(page, web_url, DEMO_ADMIN, "#/audit?customer=6")
    table = page.get_by_role("table", name=AUDIT_TABLE)
    expect(table.locator("tbody tr")).to_have_count(50)
    expect(page.locator(".audit-status")).to_contain_text("50 Einträge angezeigt, weitere vorhanden.")
    page.get_by_role("button", name="Weitere laden").click()
    expect(table.locator("tbody tr").nth(50)).to_be_focused()
    rows = table.locator("tbody tr")
    count = rows.count()
    assert count > 55 - 1, count
    ids = rows.evaluate_all("(rows) => rows.map((row) => row.dataset.event)")
    assert len(ids) == len(set(ids))


def test_an_agent_does_not_see_the_audit_trail(page: Page, web_url: str, agent: Login) -> None:
    sign_in(page, web_url, agent)
    expect(page.locator(".app-nav").get_by_role("link", name="Kundensuche")).to_be_visible()
    expect(page.locator(".app-nav").get_by_role("link", name="Protokoll")).to_have_count(0)
    page.goto(f"{web_url}/#/audit")
    expect(page.locator("main h1")).to_have_text("Keine Berechtigung für diese Seite oder Funktion.")
    expect(page.locator(".audit-view")).to_have_count(0)
    status, answer = call_api(web_url, "GET", "/audit", token=api_token(web_url, agent))
    assert status == 403, answer


def test_zuletzt_bearbeitet_shows_the_customer_just_viewed_and_opens_it_by_keyboard(
    page: Page, web_url: str, agent: Login, snap: Callable[[str], None]
) -> None:
    # Customer 5 is left out on purpose: another test needs it uncached by the API.
    sign_in(page, web_url, agent, "#/customers/6")
    expect(page.locator("#customer-title")).to_contain_text("Max Meier")
    page.goto(f"{web_url}/#/customers/3")
    expect(page.locator("#customer-title")).to_contain_text("Sabine Weiß")
    page.goto(f"{web_url}/#/customers/4")
    expect(page.locator("#customer-title")).to_contain_text("Thomas Schäfer")
    page.goto(f"{web_url}/#/search")
    recent = page.get_by_role("table", name=RECENT_TABLE)
    rows = recent.locator("tbody tr")
    first = rows.first
    expect(first).to_contain_text("K10004")
    expect(first).to_contain_text("Thomas Schäfer")
    expect(first).to_contain_text("Kunde angesehen")
    expect(rows.nth(1)).to_contain_text("K10003")
    expect(rows.nth(2)).to_contain_text("K10006")
    snap("recent")

    search = page.locator("#search-q")
    search.focus()
    page.keyboard.press("ArrowDown")
    expect(first.locator("a")).to_be_focused()
    expect(first).to_have_attribute("aria-selected", "true")
    # One row per key press (the search screen's own list keys must not move it a second time).
    page.keyboard.press("ArrowDown")
    expect(rows.nth(1).locator("a")).to_be_focused()
    expect(rows.nth(1)).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    page.keyboard.press("End")
    expect(rows.last.locator("a")).to_be_focused()
    page.keyboard.press("Home")
    expect(first.locator("a")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/customers/4$"))
    expect(page.locator("#customer-title")).to_contain_text("Thomas Schäfer")

"""Tenant settings (T3) in the browser: a pixi connection tested with a wrong password says why and
is not saved; with the right one it is saved as the default; the password is write-only; e-mail
configuration, feature package and the change history; agents see none of it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from devstack import LocalStack
from tests.e2e.conftest import Login, api_call
from tests.e2e.test_team_helpers import (
    api_token,
    call_api,
    open_admin_page,
    shared_team_admin,
    unique_email,
)

pytestmark = pytest.mark.e2e


def test_connection_test_with_a_wrong_password_says_why_and_saving_it_is_refused(
    page: Page,
    web_url: str,
    simulator_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    team_admin = shared_team_admin(local_stack)
    open_admin_page(page, web_url, team_admin, "settings")
    expect(page.locator("#settings-title")).to_be_focused()
    name = f"pixi Demo {unique_email('c')[2:8]}"
    endpoint = f"{simulator_url}/soap/pixiDEM/"
    page.get_by_role("button", name="Verbindung hinzufügen").click()
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Adresse der pixi SOAP API").fill(endpoint)
    page.get_by_label("Datenbank-Benutzer").fill("pixiDEM")
    page.get_by_label("Passwort", exact=True).fill("falsches-passwort")

    with page.expect_response(lambda r: r.url.endswith("/api/settings/pixi-connections/test")) as answer:
        page.get_by_role("button", name="Verbindung testen").click()
    result = answer.value.json()
    assert result["ok"] is False and result["problem"] == "credentials"
    failure = page.locator("#conn-test-result .test-failed")
    expect(failure).to_have_attribute("role", "alert")
    expect(failure).to_contain_text("Verbindung fehlgeschlagen: Zugangsdaten abgelehnt")
    expect(failure).to_contain_text(result["message"])
    snap("test-failed")

    # Saving tests first: refused with the reason at the password, nothing typed is lost, nothing saved.
    with page.expect_response(
        lambda r: r.url.endswith("/api/settings/pixi-connections") and r.request.method == "POST"
    ) as saved:
        page.get_by_label("Passwort", exact=True).press("Enter")
    assert saved.value.status == 400
    expect(page.locator("#conn-test-result")).to_contain_text("Verbindung fehlgeschlagen")
    expect(page.get_by_label("Passwort", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name", exact=True)).to_have_value(name)
    expect(page.get_by_label("Adresse der pixi SOAP API")).to_have_value(endpoint)
    expect(page.locator(f'#conn-table tr[data-name="{name}"]')).to_have_count(0)
    snap("save-refused")

    page.get_by_label("Passwort", exact=True).fill("pixi-demo")
    page.get_by_role("button", name="Verbindung testen").click()
    expect(page.locator("#conn-test-result .test-ok")).to_contain_text("Verbindung erfolgreich.")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator("#conn-message")).to_have_text(
        f"Die Verbindung „{name}“ wurde getestet und gespeichert."
    )
    row = page.locator(f'#conn-table tr[data-name="{name}"]')
    expect(row).to_contain_text("aktiv")
    expect(row).to_contain_text("Standard")  # the tenant's first connection
    expect(row.get_by_role("button", name="Bearbeiten")).to_be_focused()
    snap("saved")

    # Write-only password: the edit form says it is stored, and no answer ever carries it.
    row.get_by_role("button", name="Bearbeiten").click()
    expect(page.locator("#conn-password-hint")).to_have_text(
        "Passwort gespeichert — leer lassen, um es zu behalten."
    )
    expect(page.get_by_label("Passwort", exact=True)).to_have_value("")
    page.get_by_role("button", name="Verbindung testen").click()  # with the stored password
    expect(page.locator("#conn-test-result .test-ok")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#conn-editor form")).to_have_count(0)
    expect(row.get_by_role("button", name="Bearbeiten")).to_be_focused()
    status, overview = call_api(web_url, "GET", "/settings", token=api_token(web_url, team_admin))
    assert status == 200
    text = json.dumps(overview)
    assert "pixi-demo" not in text and '"password"' not in text


def test_email_configuration_package_and_change_history(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    team_admin = shared_team_admin(local_stack)
    open_admin_page(page, web_url, team_admin, "settings")
    support = page.get_by_label("Support-Adresse", exact=True)
    support.fill("kein-mail")
    support.press("Enter")
    expect(page.locator("#mail-support-message")).to_contain_text("gültige E-Mail-Adresse")
    support.fill("hilfe@team-test.example")
    support.press("Enter")
    expect(page.locator("#mail-message")).to_contain_text("Die Support-Adresse wurde gespeichert.")
    expect(page.locator("#mail-message")).to_contain_text("Bestätigungslink an hilfe@team-test.example")
    expect(page.locator("#mail-support-state")).to_contain_text("Bestätigung ausstehend")

    sender = page.get_by_label("Absenderadresse", exact=True)
    sender.fill("absender@team-test.example")
    page.get_by_role("button", name="Bestätigung anfordern").click()
    expect(page.locator("#mail-message")).to_contain_text(
        "Die Bestätigung für absender@team-test.example wurde angefordert"
    )
    expect(page.locator("#mail-sender-state .state-badge")).not_to_have_text("keine Absenderadresse")
    expect(page.locator("#mail-sender-unconfirmed")).to_contain_text("noch nicht bestätigt")  # issue 15

    # The explanation of an option is a tooltip on its info symbol (keyboard focus shows it too).
    info = page.get_by_role("button", name="Erklärung: Option Bestellfunktion")
    info.focus()
    expect(page.get_by_role("tooltip", name="Agenten nehmen Bestellungen am Telefon auf")).to_be_visible()
    snap("tooltip")
    page.keyboard.press("Escape")  # hides the tip, stays on the page
    expect(page.get_by_role("tooltip", name="Agenten nehmen Bestellungen am Telefon auf")).to_be_hidden()
    expect(page).to_have_url(f"{web_url}/#/admin/settings")

    ordering = page.get_by_role("checkbox", name="Option Bestellfunktion")
    was = ordering.is_checked()
    ordering.set_checked(not was)
    page.get_by_role("button", name="Paket speichern").click()
    expect(page.locator("#pkg-message")).to_have_text("Das Funktionspaket wurde gespeichert.")
    status, package = call_api(web_url, "GET", "/settings/package", token=api_token(web_url, team_admin))
    assert status == 200 and ("ordering" in package["features"]) is (not was)

    history = page.locator("#hist-table")
    expect(history).to_contain_text("Funktionspaket geändert")
    expect(history).to_contain_text("Support-Adresse geändert")
    expect(history).to_contain_text(team_admin.email)
    snap("history")

    # Back to the package the other tests expect.
    ordering.set_checked(was)
    page.get_by_role("button", name="Paket speichern").click()
    expect(page.locator("#pkg-message")).to_have_text("Das Funktionspaket wurde gespeichert.")


def test_the_demo_agent_opening_the_settings_sees_no_settings_data(
    page: Page, web_url: str, agent: Login, snap: Callable[[str], None]
) -> None:
    calls: list[str] = []
    page.on(
        "request",
        lambda r: calls.append(r.url)
        if api_call(r.url, "/settings") or api_call(r.url, "/agents")
        else None,
    )
    page.goto(f"{web_url}/#/admin/settings")
    page.get_by_label("E-Mail-Adresse").fill(agent.email)
    page.locator("#login-password").fill(agent.password)
    page.locator("#login-password").press("Enter")
    expect(page.locator("main h1")).to_have_text("Keine Berechtigung für diese Seite oder Funktion.")
    expect(page.locator(".app-nav").get_by_role("link", name="Einstellungen")).to_have_count(0)
    expect(page.locator("#conn-table")).to_have_count(0)
    snap("forbidden")
    assert calls == []

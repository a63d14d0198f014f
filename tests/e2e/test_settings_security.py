"""Issue 15 in the browser: a changed pixi endpoint asks for the password again (the stored one is
sent only to its own endpoint), and a new support address is used only after the link mailed to
it was opened on the confirmation page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from devstack import LocalStack
from tests.e2e.test_team_helpers import (
    api_token,
    call_api,
    moto_url_of,
    open_admin_page,
    shared_team_admin,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.e2e
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+#/confirm-address\?token=[A-Za-z0-9_.\-]+")


def test_a_changed_endpoint_needs_the_password_again(
    page: Page, web_url: str, simulator_url: str, local_stack: LocalStack, snap: Callable[[str], None]
) -> None:
    admin = shared_team_admin(local_stack)
    name = f"pixi Geheim {unique_email('s')[2:8]}"
    status, saved = call_api(
        web_url, "POST", "/settings/pixi-connections",
        {"name": name, "endpoint": f"{simulator_url}/soap/pixiDEM/", "username": "pixiDEM",
         "password": "pixi-demo"},
        token=api_token(web_url, admin),
    )
    assert status == 200, saved
    open_admin_page(page, web_url, admin, "settings")
    page.locator(f'#conn-table tr[data-name="{name}"]').get_by_role("button", name="Bearbeiten").click()
    again = page.locator("#conn-password-again")
    expect(again).to_be_hidden()
    page.get_by_label("Adresse der pixi SOAP API").fill(f"{simulator_url}/soap/pixiTST/")
    page.get_by_label("Datenbank-Benutzer").fill("pixiTST")
    expect(again).to_be_visible()
    expect(again).to_contain_text("nur an die Adresse gesendet, für die es gespeichert wurde")
    page.get_by_role("button", name="Verbindung testen").click()
    expect(page.get_by_label("Passwort", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#conn-test-result .test-ok")).to_have_count(0)
    snap("password-again")
    page.get_by_label("Passwort", exact=True).fill("pixi-test")
    page.get_by_role("button", name="Verbindung testen").click()
    expect(page.locator("#conn-test-result .test-ok")).to_contain_text("Verbindung erfolgreich.")
    page.get_by_label("Adresse der pixi SOAP API").fill(f"{simulator_url}/soap/pixiDEM")  # its own again
    expect(again).to_be_hidden()


def test_a_new_support_address_is_confirmed_by_its_link(
    page: Page, web_url: str, local_stack: LocalStack, snap: Callable[[str], None]
) -> None:
    admin = shared_team_admin(local_stack)
    address = unique_email("hilfe")
    open_admin_page(page, web_url, admin, "settings")
    support = page.get_by_label("Support-Adresse", exact=True)
    support.fill(address)
    support.press("Enter")
    expect(page.locator("#mail-message")).to_contain_text(f"Bestätigungslink an {address}")
    expect(page.locator("#mail-support-state")).to_contain_text("Bestätigung ausstehend")

    mail = wait_for_mail(moto_url_of(local_stack), address)
    found = CONFIRM_LINK.search(mail.body)
    assert found, mail.body[:500]
    link = found.group(0).replace("&amp;", "&")
    page.goto(link)
    expect(page.locator("#confirm-address-done")).to_contain_text(f"{address} ist jetzt als Support-Adresse")
    snap("confirmed")
    page.reload()  # the view mounts again: the link is used up now
    expect(page.locator("#confirm-address-error")).to_contain_text("abgelaufen, wurde schon verwendet")

    page.goto(f"{web_url}/#/admin/settings")  # still signed in in this tab
    expect(page.locator("#mail-support-state")).to_contain_text("bestätigt")
    expect(page.locator("#mail-support-state")).not_to_contain_text("ausstehend")

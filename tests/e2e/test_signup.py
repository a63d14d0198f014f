"""Signup (T3) in the browser: the form with its field errors, the real verification mail from the
local SES, the link in it, and the first sign-in of the new admin; broken links; password reset."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from devstack import LocalStack
from tests.e2e.conftest import api_call
from tests.e2e.test_team_helpers import (
    PASSWORD,
    call_api,
    invite_and_accept,
    moto_url_of,
    sent_mails,
    shared_team_admin,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.e2e


def test_signup_mail_verify_link_then_the_new_admin_signs_in(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    email = unique_email("signup")
    company = f"Signup Test {email[7:13]} KG"

    page.goto(f"{web_url}/#/login")
    page.get_by_role("link", name="Konto anlegen").click()
    expect(page).to_have_url(f"{web_url}/#/signup")
    company_field = page.get_by_label("Firmenname")
    expect(company_field).to_be_focused()
    expect(page.locator("#signup-password-hint")).to_contain_text("Mindestens 10 Zeichen")

    # Empty form: every field says what is missing, nothing is sent.
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if api_call(r.url, "/signup") else None)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.locator("#signup-company-message")).to_have_text("Bitte ausfüllen.")
    expect(company_field).to_be_focused()
    assert calls == []

    # A too short company name is refused by the API: its text goes next to the field, nothing typed is lost.
    company_field.fill("X")
    page.get_by_label("Ihr Name").fill("Sina Signup")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.locator("#signup-password").fill("zu kurz")
    page.locator("#signup-password").press("Enter")
    expect(page.locator("#signup-password-message")).to_contain_text("mindestens 10 Zeichen")
    assert calls == []
    page.locator("#signup-password").fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/api/signup")) as refused:
        page.locator("#signup-password").press("Enter")
    assert refused.value.status == 400
    expect(page.locator("#signup-company-message")).to_have_text(
        refused.value.json()["fields"]["company_name"]
    )
    expect(company_field).to_have_attribute("aria-invalid", "true")
    expect(company_field).to_be_focused()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(email)
    expect(page.locator("#signup-password")).to_have_value(PASSWORD)
    snap("field-error")

    company_field.fill(company)
    with page.expect_response(lambda r: r.url.endswith("/api/signup")) as accepted:
        page.get_by_role("button", name="Konto anlegen").click()
    assert accepted.value.ok
    expect(page.locator("#signup-sent")).to_contain_text("E-Mail an " + email)
    expect(page.locator("#signup-title")).to_have_text("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    snap("sent")

    mail = wait_for_mail(moto_url, email)
    assert company in mail.subject or company in mail.body
    link = mail.link("verify")
    assert link.startswith(web_url)

    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("Ihre E-Mail-Adresse ist bestätigt")
    go = page.get_by_role("link", name="Jetzt anmelden")
    expect(go).to_be_focused()
    snap("verified")
    go.click()

    page.get_by_label("E-Mail-Adresse").fill(email)
    page.locator("#login-password").fill(PASSWORD)
    page.locator("#login-password").press("Enter")
    expect(page.locator(".app-header .agent-email")).to_have_text(email)
    expect(page.locator(".app-header .tenant")).to_have_text(company)
    nav = page.locator(".app-nav")
    expect(nav.get_by_role("link", name="Agentenverwaltung")).to_be_visible()
    expect(nav.get_by_role("link", name="Einstellungen")).to_be_visible()

    # The link is single use: opened again (a new tab), it says so clearly.
    again = page.context.new_page()
    again.goto(link)
    expect(again.locator("#verify-error")).to_contain_text("Die Bestätigung hat nicht geklappt")
    expect(again.locator("#verify-error")).to_contain_text("abgelaufen")
    again.close()


def test_a_broken_or_missing_verification_link_says_what_to_do(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/#/verify?token=abc")
    error = page.locator("#verify-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("Die Bestätigung hat nicht geklappt")
    expect(error).to_contain_text("melden Sie sich einfach an")
    expect(error.get_by_role("link", name="Konto neu anlegen")).to_be_visible()

    page.goto(f"{web_url}/#/verify")
    expect(page.locator("#verify-error")).to_contain_text("Dieser Link ist unvollständig")


def test_signup_with_an_address_already_in_use_answers_the_same_and_sends_no_verification_link(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    before = len(sent_mails(moto_url, team_admin.email))
    page.goto(f"{web_url}/#/signup")
    page.get_by_label("Firmenname").fill("Nachahmer GmbH")
    page.get_by_label("Ihr Name").fill("Nina Nachahmer")
    page.get_by_label("E-Mail-Adresse").fill(team_admin.email)
    page.locator("#signup-password").fill(PASSWORD)
    with page.expect_response(lambda r: r.url.endswith("/api/signup")) as answer:
        page.locator("#signup-password").press("Enter")
    # Never tells that (or where) the address is known.
    assert answer.value.ok
    expect(page.locator("#signup-sent")).to_contain_text("E-Mail an " + team_admin.email)
    page.wait_for_timeout(1000)
    for mail in sent_mails(moto_url, team_admin.email)[before:]:
        assert "#/verify?token=" not in mail.body


def test_password_reset_by_mail_then_sign_in_with_the_new_password(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    agent = invite_and_accept(web_url, moto_url, team_admin, "Rita Reset")
    new_password = "Neues-Passw0rt-42"

    page.goto(f"{web_url}/#/login")
    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page).to_have_url(f"{web_url}/#/password-reset")
    email = page.get_by_label("E-Mail-Adresse")
    expect(email).to_be_focused()
    email.fill(agent.email)
    with page.expect_response(lambda r: r.url.endswith("/api/auth/password-reset")) as answer:
        email.press("Enter")
    assert answer.value.ok
    expect(page.locator("#reset-sent")).to_contain_text(agent.email)
    snap("requested")

    link = wait_for_mail(moto_url, agent.email, count=2).link("password-reset")
    page.goto(link)
    expect(page.locator("#reset-confirm-title")).to_have_text("Neues Passwort festlegen")
    password = page.locator("#reset-password")
    expect(password).to_be_focused()
    password.fill(new_password)
    page.locator("#reset-repeat").fill(new_password + "x")
    page.locator("#reset-repeat").press("Enter")
    expect(page.locator("#reset-repeat-message")).to_have_text("Die beiden Passwörter stimmen nicht überein.")
    page.locator("#reset-repeat").fill(new_password)
    page.locator("#reset-repeat").press("Enter")
    expect(page.locator("#reset-done")).to_contain_text("Ihr Passwort ist geändert")
    snap("done")

    # The old password no longer works, the new one does; the link works only once.
    status, _ = call_api(web_url, "POST", "/auth/login", {"email": agent.email, "password": agent.password})
    assert status == 401
    page.get_by_role("link", name="Jetzt anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill(agent.email)
    page.locator("#login-password").fill(new_password)
    page.locator("#login-password").press("Enter")
    expect(page.locator(".app-header .agent-email")).to_have_text(agent.email)

    page = page.context.new_page()
    page.goto(link)
    page.locator("#reset-password").fill("Noch-ein-Passw0rt")
    page.locator("#reset-repeat").fill("Noch-ein-Passw0rt")
    page.locator("#reset-repeat").press("Enter")
    expect(page.locator("#reset-error")).to_contain_text("Dieser Link kann nicht mehr verwendet werden")

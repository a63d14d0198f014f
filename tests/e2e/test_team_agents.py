"""Agent management (T2) in the browser: invite -> mail -> accept -> signed in (and no admin area for
the new agent); resend makes the old link fail; revoke; disable blocks the sign-in; the last admin
stays; an address already in use. Mails are read back from the local SES."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from devstack import LocalStack
from tests.e2e.conftest import Login, api_call
from tests.e2e.test_team_helpers import (
    PASSWORD,
    api_token,
    call_api,
    invite_and_accept,
    moto_url_of,
    open_admin_page,
    shared_team_admin,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.e2e


def invite_in_page(page: Page, email: str, name: str) -> None:
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Name", exact=True).fill(name)
    with page.expect_response(
        lambda r: r.url.endswith("/api/agents") and r.request.method == "POST"
    ) as answer:
        page.get_by_role("button", name="Einladung senden").click()
    assert answer.value.ok, answer.value.text()
    expect(page.locator("#invite-message")).to_have_text(f"Die Einladung an {email} wurde gesendet.")


def row(page: Page, email: str) -> Locator:
    return page.locator(f'#agents-table tr[data-email="{email}"]')


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator("#login-email")).to_be_visible()


def test_invite_accept_sign_in_and_the_new_agent_has_no_admin_area(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    email = unique_email("ina")
    open_admin_page(page, web_url, team_admin, "agents")
    expect(page.locator("#agents-title")).to_be_focused()
    expect(row(page, team_admin.email)).to_contain_text("Administrator")
    invite_in_page(page, email, "Ina Invite")
    invited = row(page, email)
    expect(invited).to_contain_text("eingeladen")
    expect(invited).to_contain_text("Ina Invite")
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value("")
    expect(page.get_by_label("E-Mail-Adresse")).to_be_focused()
    snap("invited")

    mail = wait_for_mail(moto_url, email)
    assert team_admin.tenant in mail.body
    link = mail.link("invitation")
    sign_out(page)

    page.goto(link)
    expect(page.locator("#invitation-intro")).to_have_text(
        f"{team_admin.tenant} lädt Sie in die pixi Callcenter App ein."
    )
    expect(page.locator("#invitation-email")).to_have_value(email)
    expect(page.locator("#invitation-name")).to_have_value("Ina Invite")
    expect(page.locator("#invitation-password")).to_be_focused()
    page.locator("#invitation-password").fill("nurbuchstaben")
    page.locator("#invitation-password").press("Enter")
    expect(page.locator("#invitation-password-message")).to_contain_text("nicht nur eine Zeichenart")
    page.locator("#invitation-password").fill(PASSWORD)
    page.locator("#invitation-repeat").fill(PASSWORD)
    snap("accept")
    page.locator("#invitation-repeat").press("Enter")

    expect(page).to_have_url(f"{web_url}/#/search")
    expect(page.locator(".app-header .agent-email")).to_have_text(email)
    expect(page.locator(".app-header .tenant")).to_have_text(team_admin.tenant)
    nav = page.locator(".app-nav")
    expect(nav.get_by_role("link", name="Kundensuche")).to_be_visible()
    expect(nav.get_by_role("link", name="Agentenverwaltung")).to_have_count(0)
    expect(nav.get_by_role("link", name="Einstellungen")).to_have_count(0)

    # The URL typed by hand: a clear refusal, no admin data asked for or shown; the API refuses too.
    admin_calls: list[str] = []
    page.on(
        "request",
        lambda r: admin_calls.append(r.url)
        if api_call(r.url, "/agents") or api_call(r.url, "/settings")
        else None,
    )
    page.goto(f"{web_url}/#/admin/agents")
    expect(page.locator("main h1")).to_have_text("Keine Berechtigung für diese Seite oder Funktion.")
    expect(page.locator("#agents-table")).to_have_count(0)
    page.goto(f"{web_url}/#/admin/settings")
    expect(page.locator("main h1")).to_have_text("Keine Berechtigung für diese Seite oder Funktion.")
    expect(page.locator("#settings-content")).to_have_count(0)
    snap("forbidden")
    assert admin_calls == []
    token = api_token(web_url, Login(team_admin.tenant, email, PASSWORD))
    assert call_api(web_url, "GET", "/agents", token=token)[0] == 403
    assert call_api(web_url, "GET", "/settings", token=token)[0] == 403

    # The link is used up.
    page.goto(link)
    expect(page.locator("#invitation-error")).to_contain_text(
        "Diese Einladung kann nicht mehr verwendet werden."
    )


def test_resend_makes_the_old_link_fail_with_a_clear_message(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    email = unique_email("rosa")
    open_admin_page(page, web_url, team_admin, "agents")
    invite_in_page(page, email, "Rosa Resend")
    first = wait_for_mail(moto_url, email).link("invitation")

    resend = row(page, email).get_by_role("button", name="Erneut senden")
    resend.click()
    expect(page.locator("#agents-message")).to_have_text(
        f"Die Einladung an {email} wurde erneut gesendet. Der alte Link funktioniert nicht mehr."
    )
    expect(row(page, email).get_by_role("button", name="Erneut senden")).to_be_focused()
    second = wait_for_mail(moto_url, email, count=2).link("invitation")
    assert second != first
    snap("resent")
    sign_out(page)

    page.goto(first)
    error = page.locator("#invitation-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("Diese Einladung kann nicht mehr verwendet werden.")
    expect(error).to_contain_text("gilt nur der neueste Link")
    expect(page.locator("#invitation-password")).to_have_count(0)
    snap("old-link")

    page.goto(second)
    expect(page.locator("#invitation-email")).to_have_value(email)


def test_revoke_asks_first_escape_keeps_the_invitation(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    email = unique_email("ole")
    open_admin_page(page, web_url, team_admin, "agents")
    invite_in_page(page, email, "Ole Ohne")
    link = wait_for_mail(moto_url, email).link("invitation")

    revoke = row(page, email).get_by_role("button", name="Einladung zurückziehen")
    revoke.click()
    dialog = page.get_by_role("dialog", name="Einladung zurückziehen?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Abbrechen")).to_be_focused()
    snap("confirm")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(revoke).to_be_focused()
    expect(page).to_have_url(f"{web_url}/#/admin/agents")  # Esc closed the dialog only
    expect(row(page, email)).to_contain_text("eingeladen")

    revoke.click()
    page.get_by_role("dialog").get_by_role("button", name="Einladung zurückziehen").click()
    expect(page.locator("#agents-message")).to_have_text(f"Die Einladung an {email} wurde zurückgezogen.")
    expect(row(page, email)).to_have_count(0)
    sign_out(page)
    page.goto(link)
    expect(page.locator("#invitation-error")).to_contain_text(
        "Diese Einladung kann nicht mehr verwendet werden."
    )


def test_a_disabled_agent_can_no_longer_sign_in_and_enabling_lets_them_back(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    moto_url = moto_url_of(local_stack)
    team_admin = shared_team_admin(local_stack)
    agent = invite_and_accept(web_url, moto_url, team_admin, "Dora Disabled")
    open_admin_page(page, web_url, team_admin, "agents")
    expect(row(page, agent.email)).to_contain_text("aktiv")
    row(page, agent.email).get_by_role("button", name="Deaktivieren", exact=True).click()
    dialog = page.get_by_role("dialog", name="Agent deaktivieren?")
    expect(dialog).to_contain_text("Dora Disabled kann sich nicht mehr anmelden")
    dialog.get_by_role("button", name="Deaktivieren", exact=True).click()
    expect(page.locator("#agents-message")).to_have_text(f"{agent.email} wurde deaktiviert.")
    expect(row(page, agent.email)).to_contain_text("deaktiviert")
    expect(row(page, agent.email).get_by_role("button", name="Aktivieren", exact=True)).to_be_visible()
    snap("disabled")
    sign_out(page)

    page.get_by_label("E-Mail-Adresse").fill(agent.email)
    page.locator("#login-password").fill(agent.password)
    with page.expect_response(lambda r: r.url.endswith("/api/auth/login")) as answer:
        page.locator("#login-password").press("Enter")
    assert answer.value.status == 401
    expect(page.locator("#login-message")).to_have_text(answer.value.json()["message"])
    snap("refused")

    open_admin_page(page, web_url, team_admin, "agents")
    row(page, agent.email).get_by_role("button", name="Aktivieren", exact=True).click()
    expect(page.locator("#agents-message")).to_have_text(f"{agent.email} wurde aktiviert.")
    assert (
        call_api(web_url, "POST", "/auth/login", {"email": agent.email, "password": agent.password})[0] == 200
    )


def test_the_last_admin_cannot_remove_their_own_admin_rights(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    team_admin = shared_team_admin(local_stack)
    open_admin_page(page, web_url, team_admin, "agents")
    me = row(page, team_admin.email)
    expect(me).to_contain_text("Sie")
    me.get_by_role("button", name="Zum Agenten machen").click()
    dialog = page.get_by_role("dialog", name="Administratorrechte entziehen?")
    with page.expect_response(lambda r: r.url.endswith("/role")) as answer:
        dialog.get_by_role("button", name="Zum Agenten machen").click()
    assert answer.value.status == 409
    message = page.locator("#agents-message")
    expect(message).to_have_attribute("role", "alert")
    expect(message).to_contain_text(answer.value.json()["message"])
    expect(message).to_be_focused()
    expect(me).to_contain_text("Administrator")
    snap("last-admin")


def test_inviting_an_address_already_in_use_marks_the_field_and_keeps_the_input(
    page: Page,
    web_url: str,
    local_stack: LocalStack,
    agent: Login,
) -> None:
    team_admin = shared_team_admin(local_stack)
    open_admin_page(page, web_url, team_admin, "agents")
    page.get_by_label("E-Mail-Adresse").fill(agent.email)  # the demo tenant's agent: used in another tenant
    page.get_by_label("Name", exact=True).fill("Doppelt Vergeben")
    with page.expect_response(
        lambda r: r.url.endswith("/api/agents") and r.request.method == "POST"
    ) as answer:
        page.get_by_label("Name", exact=True).press("Enter")
    assert answer.value.status == 409
    email = page.get_by_label("E-Mail-Adresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#invite-email-message")).to_have_text(answer.value.json()["fields"]["email"])
    expect(email).to_be_focused()
    expect(email).to_have_value(agent.email)
    expect(page.get_by_label("Name", exact=True)).to_have_value("Doppelt Vergeben")
    expect(page.locator("#invite-message")).to_have_attribute("role", "alert")

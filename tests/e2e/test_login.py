"""Sign-in: the API's message on wrong credentials, focus in the search after sign-in, the session
surviving a reload, and a deep link that survives the way through the login."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_TENANT, Login, api_call, sign_in

pytestmark = pytest.mark.e2e


def test_wrong_password_shows_the_api_message_then_sign_in_lands_in_the_search(
    page: Page, web_url: str, agent: Login, snap: Callable[[str], None]
) -> None:
    page.goto(web_url)
    email = page.get_by_label("E-Mail-Adresse")
    password = page.get_by_label("Passwort")
    expect(email).to_be_focused()
    expect(page.locator("html")).to_have_attribute("lang", "de")

    email.fill(agent.email)
    password.fill("Falsches-Passwort-1")
    with page.expect_response(lambda r: r.url.endswith("/api/auth/login")) as answer:
        password.press("Enter")
    assert answer.value.status == 401
    api_message = answer.value.json()["message"]
    assert api_message

    message = page.locator("#login-message")
    expect(message).to_have_text(api_message)
    expect(message).to_have_attribute("role", "alert")
    expect(email).to_have_value(agent.email)
    expect(password).to_have_value("")
    expect(password).to_be_focused()
    expect(page.get_by_role("button", name="Anmelden")).to_be_enabled()
    snap("wrong-password")

    password.fill(agent.password)
    password.press("Enter")

    expect(page).to_have_url(f"{web_url}/#/search")
    expect(page.locator("#search-q")).to_be_focused()
    expect(page.locator(".app-header .tenant")).to_have_text(DEMO_TENANT)
    expect(page.locator(".app-header .agent-email")).to_have_text(agent.email)
    expect(page.locator(".app-header .brand")).to_contain_text("pixi Callcenter")
    expect(page.locator(".key-help")).to_contain_text("Tastenkürzel")
    stored = page.evaluate("JSON.parse(sessionStorage.getItem('pcc.session'))")
    assert stored["agent"]["email"] == agent.email
    assert stored["token"]

    # The session lives in sessionStorage: a reload keeps the agent signed in.
    page.reload()
    expect(page.locator(".app-header .agent-email")).to_have_text(agent.email)
    expect(page.locator("#search-q")).to_be_focused()


def test_signing_in_is_busy_until_the_api_answers(page: Page, web_url: str, agent: Login) -> None:
    page.goto(web_url)
    page.get_by_label("E-Mail-Adresse").fill(agent.email)
    page.get_by_label("Passwort").fill(agent.password)
    release: list[Callable[[], None]] = []
    page.route("**/api/auth/login", lambda route: release.append(route.continue_))
    page.get_by_label("Passwort").press("Enter")
    button = page.locator("#login-submit")
    expect(button).to_be_disabled()
    expect(button).to_have_text("Anmeldung läuft …")
    assert release, "the login request was not sent"
    release[0]()
    expect(page.locator("#search-q")).to_be_focused()


def test_empty_form_asks_for_both_fields_without_calling_the_api(page: Page, web_url: str) -> None:
    calls: list[str] = []
    page.on("request", lambda r: calls.append(r.url) if api_call(r.url) else None)
    page.goto(web_url)
    page.get_by_label("E-Mail-Adresse").press("Enter")
    expect(page.locator("#login-message")).to_have_text("Bitte E-Mail-Adresse und Passwort eingeben.")
    assert calls == []


def test_a_deep_link_survives_the_login(page: Page, web_url: str, agent: Login) -> None:
    sign_in(page, web_url, agent, hash_route="#/search?q=K10001")
    expect(page).to_have_url(f"{web_url}/#/search?q=K10001")
    expect(page.locator(".results-table tbody tr")).to_have_count(1)
    expect(page.locator(".results-table tbody tr").first).to_contain_text("K10001")


def test_an_expired_session_returns_to_the_login_and_back_to_the_same_search(
    signed_in: Page, web_url: str, agent: Login
) -> None:
    page = signed_in
    # The token is no longer accepted (as after its 15 minutes): the next call answers 401.
    page.evaluate(
        """() => {
          const s = JSON.parse(sessionStorage.getItem('pcc.session'));
          s.token = s.token.slice(0, -4) + 'AAAA';
          sessionStorage.setItem('pcc.session', JSON.stringify(s));
        }"""
    )
    page.locator("#search-q").fill("Mustermann")
    page.locator("#search-q").press("Enter")

    expect(page.locator(".login-panel .notice")).to_have_text(
        "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
    )
    assert page.evaluate("sessionStorage.getItem('pcc.session')") is None
    page.get_by_label("E-Mail-Adresse").fill(agent.email)
    page.get_by_label("Passwort").fill(agent.password)
    page.get_by_label("Passwort").press("Enter")
    expect(page).to_have_url(f"{web_url}/#/search?q=Mustermann")
    expect(page.locator(".results-table")).to_contain_text("K10001")


def test_a_session_past_its_lifetime_says_so_on_the_login(signed_in: Page, web_url: str) -> None:
    """After a working day the API answers 401 ``session_expired`` (issue 15); the page says why."""
    page = signed_in
    page.route(
        "**/api/customers**",
        lambda route: route.fulfill(
            status=401,
            json={"code": "session_expired", "message": "Ihre Anmeldung ist abgelaufen.", "request_id": "r1"},
        ),
    )
    page.locator("#search-q").fill("Mustermann")
    page.locator("#search-q").press("Enter")
    expect(page.locator(".login-panel .notice")).to_have_text(
        "Ihre Anmeldung ist nach einem Arbeitstag abgelaufen. Bitte melden Sie sich erneut an."
    )
    assert page.evaluate("sessionStorage.getItem('pcc.session')") is None

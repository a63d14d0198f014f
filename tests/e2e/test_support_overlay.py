"""Browser tests of the support request (T1): the overlay from a customer and from an order, the mail
read back from the local SES (To, From, Reply-To, subject, escaped text), the explanation when the
tenant is not set up, the text surviving failures and a reload, and the whole flow by keyboard."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from email.utils import parseaddr

from playwright.sync_api import Locator, Page, expect

from devstack import LocalStack
from tests.e2e.conftest import AgentApi, Login, sign_in
from tests.e2e.test_support_helpers import (
    DEMO_ADMIN,
    NORDLICHT_ADMIN,
    NORDLICHT_AGENT,
    email_settings,
    support_mails,
    unverified_sender,
    wait_for_support_mail,
)


def marker() -> str:
    return f"E2E-{uuid.uuid4().hex[:8]}"


def support_button(page: Page) -> Locator:
    return page.locator(".customer-bar").get_by_role("button", name="Support-Anfrage")


def overlay(page: Page) -> Locator:
    return page.get_by_role("dialog", name="Support-Anfrage")


def question_field(page: Page) -> Locator:
    return overlay(page).get_by_label("Ihre Frage oder Anmerkung")


def focus_is_in_overlay(page: Page) -> bool:
    return bool(page.evaluate("() => document.activeElement?.closest('dialog.support-dialog') !== null"))


def test_a_question_about_a_customer_reaches_the_support_address(
    page: Page, web_url: str, agent: Login, local_stack: LocalStack, snap: Callable[[str], None]
) -> None:
    settings = email_settings(web_url, DEMO_ADMIN)
    sign_in(page, web_url, agent, "#/customers/1")
    expect(page.locator("#customer-title")).to_contain_text("Erika Mustermann")

    support_button(page).click()
    dialog = overlay(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".support-about")).to_contain_text("K10001")
    expect(dialog.locator(".support-about")).to_contain_text("Erika Mustermann")
    expect(dialog.locator(".about-order")).to_have_count(0)
    expect(dialog).to_contain_text(agent.email)  # replies go to the agent
    expect(question_field(page)).to_be_focused()

    tag = marker()
    question = f"Frau Mustermann fragt, ob ihre Gutschrift angekommen ist. <b>{tag}</b>\nBitte zurückrufen."
    question_field(page).fill(question)
    expect(dialog.locator(".support-counter")).to_have_text(f"{len(question)} / 5.000 Zeichen")
    snap("overlay")
    dialog.get_by_role("button", name="Senden").click()

    confirmation = page.locator(".support-flash")
    expect(confirmation).to_contain_text(
        f"Die Support-Anfrage wurde an {settings['support_address']} gesendet."
    )
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    expect(support_button(page)).to_be_focused()

    mail = wait_for_support_mail(local_stack.moto_url, lambda m: tag in m.text)
    assert mail.to == settings["support_address"]
    assert parseaddr(mail.sender) == ("Demo GmbH", settings["sender_address"])  # the platform default
    assert mail.reply_to == agent.email
    assert "K10001" in mail.subject
    assert "Bitte zurückrufen." in mail.text
    assert f"&lt;b&gt;{tag}&lt;/b&gt;" in mail.html and f"<b>{tag}</b>" not in mail.html


def test_a_question_about_an_order_names_the_order(
    page: Page,
    web_url: str,
    agent: Login,
    agent_api: AgentApi,
    local_stack: LocalStack,
    snap: Callable[[str], None],
) -> None:
    order = agent_api.all_orders(1)[1]
    number = order["order_number"]
    sign_in(page, web_url, agent, f"#/customers/1/orders/{number}")
    expect(page.locator("#order-title")).to_contain_text(str(number))

    support_button(page).click()
    dialog = overlay(page)
    expect(dialog.locator(".about-order")).to_have_text(str(number))
    expect(dialog.locator(".support-about")).to_contain_text("K10001")
    tag = marker()
    question_field(page).fill(f"Lieferung unvollständig ({tag})")
    snap("order-overlay")
    dialog.get_by_role("button", name="Senden").click()
    expect(page.locator(".support-flash")).to_contain_text("Die Support-Anfrage wurde an")

    mail = wait_for_support_mail(local_stack.moto_url, lambda m: tag in m.text)
    assert "K10001" in mail.subject and str(number) in mail.subject
    assert mail.reply_to == agent.email
    assert order["external_order_number"] in mail.text


def test_keyboard_only_open_type_close_reopen_and_send(
    page: Page, web_url: str, agent: Login, local_stack: LocalStack
) -> None:
    sign_in(page, web_url, agent, "#/customers/2")
    expect(page.locator("#customer-title")).to_contain_text("Müller")
    expect(page.locator("#app-footer .key-help")).to_contain_text("Support-Anfrage")

    page.keyboard.press("s")
    expect(overlay(page)).to_be_visible()
    expect(question_field(page)).to_be_focused()
    tag = marker()
    page.keyboard.type(f"Rückruf wegen Rechnung erbeten {tag}")
    expect(question_field(page)).to_have_value(
        f"Rückruf wegen Rechnung erbeten {tag}"
    )  # "s" typed stays text

    # The focus stays inside the overlay, both ways round.
    for key in ["Tab"] * 6 + ["Shift+Tab"] * 6:
        page.keyboard.press(key)
        assert focus_is_in_overlay(page), key

    # Esc closes only the overlay (not the customer), the focus goes back to the button, the draft stays.
    page.keyboard.press("Escape")
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"#/customers/2$"))
    expect(support_button(page)).to_be_focused()
    expect(support_button(page).locator(".support-draft-mark")).to_be_visible()

    page.keyboard.press("s")
    expect(question_field(page)).to_have_value(f"Rückruf wegen Rechnung erbeten {tag}")
    expect(question_field(page)).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".support-flash")).to_contain_text("Die Support-Anfrage wurde an")
    expect(support_button(page)).to_be_focused()
    mail = wait_for_support_mail(local_stack.moto_url, lambda m: tag in m.text)
    assert "K10002" in mail.subject

    # Sent: the draft is gone.
    expect(support_button(page).locator(".support-draft-mark")).to_be_hidden()
    page.keyboard.press("s")
    expect(question_field(page)).to_have_value("")
    page.keyboard.press("Escape")
    expect(page.locator("dialog.support-dialog")).to_have_count(0)


def test_the_text_survives_failures_and_a_reload(
    page: Page, web_url: str, agent: Login, local_stack: LocalStack, snap: Callable[[str], None]
) -> None:
    sign_in(page, web_url, agent, "#/customers/4")
    expect(page.locator("#customer-title")).to_contain_text("Schäfer")
    support_button(page).click()
    tag = marker()
    question = f"Doppelte Abbuchung? {tag}\nZweite Zeile."
    question_field(page).fill(question)
    dialog = overlay(page)
    send = dialog.get_by_role("button", name="Senden")

    # 1. The sender is no longer verified: the server refuses (409), the overlay says why, the text stays.
    with unverified_sender(local_stack, DEMO_ADMIN):
        send.click()
        error = dialog.locator(".support-errors [role='alert']")
        expect(error).to_contain_text("Die Support-Anfrage wurde nicht gesendet.")
        expect(error).to_contain_text("bestätigte Absenderadresse")
        expect(question_field(page)).to_have_value(question)
        expect(question_field(page)).to_be_focused()
        snap("setup-error")

    # 2. The network fails on the way: the message says so, the text stays.
    page.route("**/api/support-requests", lambda route: route.abort())
    send.click()
    expect(dialog.locator(".support-errors [role='alert']")).to_contain_text("Keine Verbindung zum Server")
    expect(question_field(page)).to_have_value(question)
    page.unroute("**/api/support-requests")

    # 3. Too long: refused before sending, the counter shows by how much, nothing is cut off.
    too_long = question + "x" * 5000
    question_field(page).fill(too_long)
    expect(dialog.locator(".support-counter")).to_have_class(re.compile(r"\bis-over\b"))
    send.click()
    expect(dialog.locator("#support-field-message")).to_contain_text("zu lang")
    expect(question_field(page)).to_have_value(too_long)
    question_field(page).fill(question)

    # 4. A reload: the draft is still there.
    page.reload()
    expect(page.locator("#customer-title")).to_contain_text("Schäfer")
    expect(support_button(page).locator(".support-draft-mark")).to_be_visible()
    support_button(page).click()
    expect(question_field(page)).to_have_value(question)
    expect(overlay(page).locator(".support-restored")).to_contain_text("Entwurf")
    overlay(page).get_by_role("button", name="Senden").click()
    expect(page.locator(".support-flash")).to_contain_text("Die Support-Anfrage wurde an")

    wait_for_support_mail(local_stack.moto_url, lambda m: tag in m.text)
    assert len([m for m in support_mails(local_stack.moto_url) if tag in m.text]) == 1
    support_button(page).click()
    expect(question_field(page)).to_have_value("")


def test_without_a_verified_sender_the_overlay_explains_what_the_admin_must_set_up(
    page: Page, web_url: str, local_stack: LocalStack, snap: Callable[[str], None]
) -> None:
    customer = AgentApi(web_url, NORDLICHT_AGENT).get("/customers/1")
    with unverified_sender(local_stack, NORDLICHT_ADMIN):
        sign_in(page, web_url, NORDLICHT_AGENT, "#/customers/1")
        expect(page.locator("#customer-title")).to_contain_text(customer["customer_number"])
        support_button(page).click()
        dialog = overlay(page)
        setup = dialog.locator(".setup-needed")
        expect(setup).to_contain_text("Support-Anfragen sind noch nicht eingerichtet.")
        expect(setup.locator("li[data-missing='verified_sender']")).to_contain_text(
            "bestätigte Absenderadresse"
        )
        expect(setup.locator("li[data-missing='support_address']")).to_have_count(0)
        expect(setup).to_contain_text("Bitte wenden Sie sich an Ihren Administrator.")
        expect(dialog.locator("textarea")).to_have_count(0)
        expect(dialog.get_by_role("link", name=re.compile("Einstellungen"))).to_have_count(0)
        page.keyboard.press("Escape")
        expect(page.locator("dialog.support-dialog")).to_have_count(0)

        # The admin gets the way to the settings.
        page.locator(".app-header").get_by_role("button", name="Abmelden").click()
        sign_in(page, web_url, NORDLICHT_ADMIN, "#/customers/1")
        expect(page.locator("#customer-title")).to_contain_text(customer["customer_number"])
        support_button(page).click()
        link = overlay(page).get_by_role("link", name=re.compile("Zu den E-Mail-Einstellungen"))
        expect(link).to_be_focused()
        snap("missing-setup")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"#/admin/settings$"))
        expect(page.locator("dialog.support-dialog")).to_have_count(0)


def test_hidden_when_the_package_has_no_support_mail(page: Page, web_url: str, agent: Login) -> None:
    sign_in(page, web_url, agent, "#/customers/1")
    expect(support_button(page)).to_be_visible()
    page.evaluate(
        """() => {
            const s = JSON.parse(sessionStorage.getItem("pcc.session"));
            s.agent.features = s.agent.features.filter((f) => f !== "support_mail");
            sessionStorage.setItem("pcc.session", JSON.stringify(s));
        }"""
    )
    page.reload()
    expect(page.locator("#customer-title")).to_contain_text("Erika Mustermann")
    expect(page.locator(".customer-bar .refresh-button")).to_be_visible()
    expect(support_button(page)).to_have_count(0)
    page.keyboard.press("s")
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    expect(page.locator("#app-footer .key-help")).not_to_contain_text("Support-Anfrage")

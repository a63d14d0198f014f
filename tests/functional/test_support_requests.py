"""T1 support requests through the routes: the mail read back from moto's SES (raw MIME: To, From,
Reply-To, subject, HTML and text), missing setup, injection and size cases, SES failures."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from chalicelib.domain.agent import Role
from chalicelib.domain.permissions import Principal
from chalicelib.errors import MailNotSentError, ValidationError
from tests.functional.conftest import Api, Simulator
from tests.functional.mail_links import confirm
from tests.functional.test_tenant_support import new_tenant

SUPPORT = "support@demo.example"
SENDER = "Demo GmbH <noreply@callcenter.example>"  # the platform default, with the tenant's name
AGENT = "agent@demo.example"


@dataclass(frozen=True)
class SentMail:
    to: str
    sender: str
    reply_to: str
    subject: str
    html: str
    text: str
    headers: list[tuple[str, str]]


def support_mails() -> list[SentMail]:
    """Every raw mail moto's SES took in this session, parsed back with the e-mail package."""
    from moto.backends import get_backend
    from moto.core import DEFAULT_ACCOUNT_ID

    from chalicelib.settings import get_settings

    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID][get_settings().aws_region]
    mails = []
    for message in backend.sent_messages:
        raw = getattr(message, "raw_data", None)
        if raw is None:
            continue
        parsed: Any = email.message_from_string(raw, policy=email.policy.default)
        mails.append(
            SentMail(
                to=str(parsed["To"]),
                sender=str(parsed["From"]),
                reply_to=str(parsed["Reply-To"]),
                subject=str(parsed["Subject"]),
                html=parsed.get_body(("html",)).get_content().replace("\r\n", "\n"),
                text=parsed.get_body(("plain",)).get_content().replace("\r\n", "\n"),
                headers=list(parsed.items()),
            )
        )
    return mails


def erika_orders(pixi: Simulator) -> list[int]:
    return sorted(pixi.handle.database("pixiDEM").orders_by_customer[1], reverse=True)


def external_number(pixi: Simulator, order_number: int) -> str:
    return str(pixi.handle.database("pixiDEM").orders[order_number].order_nr_external)


@pytest.fixture(scope="module")
def demo_admin_token(api: Api) -> str:
    return api.login("admin@demo.example")


def send(api: Api, token: str, **body: Any) -> tuple[int, Any]:
    return api.call("POST", "/support-requests", token=token, json_body=body)


def test_the_demo_tenant_is_ready(api: Api, demo_agent_token: str):
    status, body = api.call("GET", "/support-requests/readiness", token=demo_agent_token)
    assert status == 200 and body == {
        "ready": True,
        "missing": [],
        "message": "Support-Anfragen können gesendet werden.",
    }


def test_a_question_about_an_order_reaches_the_support_address_with_the_context(
    api: Api, pixi: Simulator, demo_agent_token: str
):
    order = erika_orders(pixi)[0]
    external = external_number(pixi, order)
    before = len(support_mails())
    status, body = send(
        api,
        demo_agent_token,
        customer_key=1,
        order_number=order,
        message="Die Kundin fragt nach der Lieferung.\nBitte Rückruf an <Frau> Mustermann & Co.",
    )
    assert status == 200, body
    subject = f"Support-Anfrage zu Kunde K10001, Auftrag {order} ({external})"
    assert body["status"] == "sent" and body["to"] == SUPPORT and body["subject"] == subject
    assert body["message_id"] and body["event_id"] and body["sent_at"]
    mails = support_mails()
    assert len(mails) == before + 1
    mail = mails[-1]
    assert (mail.to, mail.sender, mail.reply_to, mail.subject) == (SUPPORT, SENDER, AGENT, subject)
    for part in (mail.html, mail.text):
        assert "Erika Mustermann" in part and "K10001" in part and "erika.mustermann@example.com" in part
        assert str(order) in part and external in part and AGENT in part
    assert (
        "Die Kundin fragt nach der Lieferung.<br>\nBitte Rückruf an &lt;Frau&gt; Mustermann &amp; Co."
        in mail.html
    )
    assert "Die Kundin fragt nach der Lieferung.\nBitte Rückruf an <Frau> Mustermann & Co." in mail.text
    details = pixi.handle.database("pixiDEM").orders[order]
    assert details.order_date.strftime("%d.%m.%Y") in mail.text


def test_a_question_about_a_customer_only(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = send(api, demo_agent_token, customer_key=2, message="Firmenkunde bittet um Angebot.")
    assert status == 200, body
    mail = support_mails()[-1]
    assert mail.subject == "Support-Anfrage zu Kunde K10002"
    assert "Müller" in mail.text and "Auftragsnummer" not in mail.text + mail.html


def test_in_english_on_request(api: Api, pixi: Simulator, demo_agent_token: str):
    order = erika_orders(pixi)[1]
    status, body = send(
        api, demo_agent_token, customer_key=1, order_number=order, message="Hi", language="en"
    )
    assert status == 200, body
    mail = support_mails()[-1]
    assert mail.subject.startswith("Support request about customer K10001, order ")
    assert "Customer number" in mail.html and "Kundennummer" not in mail.html


def test_admins_may_send_too_and_context_from_the_page_is_ignored(
    api: Api, pixi: Simulator, demo_admin_token: str
):
    status, body = send(
        api,
        demo_admin_token,
        customer_key=1,
        message="Frage",
        customer_name="<b>Gefälscht</b>",
        customer_number="K99999",
        customer_email="evil@example.com",
    )
    assert status == 200, body
    mail = support_mails()[-1]
    assert mail.reply_to == "admin@demo.example" and "Erika Mustermann" in mail.text
    assert "Gefälscht" not in mail.html + mail.text and "K99999" not in mail.subject + mail.text
    assert "evil@example.com" not in mail.text


def test_an_order_of_another_customer_is_not_found_and_nothing_is_sent(
    api: Api, pixi: Simulator, demo_agent_token: str
):
    müller_order = pixi.handle.database("pixiDEM").orders_by_customer[2][0]
    before = len(support_mails())
    status, body = send(api, demo_agent_token, customer_key=1, order_number=müller_order, message="Frage")
    assert status == 404 and body["code"] == "not_found"
    assert body["message"] == "Diesen Auftrag gibt es bei diesem Kunden nicht."
    status, body = send(api, demo_agent_token, customer_key=999999, message="Frage")
    assert status == 404
    assert len(support_mails()) == before


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("", "Bitte eine Nachricht eingeben."),
        ("  \n\t ", "Bitte eine Nachricht eingeben."),
        ("x" * 5001, "Die Nachricht ist zu lang (höchstens 5.000 Zeichen)."),
    ],
)
def test_empty_and_oversized_messages_are_refused(
    api: Api, pixi: Simulator, demo_agent_token: str, message, expected
):
    before = len(support_mails())
    status, body = send(api, demo_agent_token, customer_key=1, message=message)
    assert status == 400 and body["code"] == "validation_error" and body["fields"] == {"message": expected}
    assert len(support_mails()) == before


def test_5000_characters_are_fine(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = send(api, demo_agent_token, customer_key=1, message="ä" * 5000)
    assert status == 200, body
    assert "ä" * 5000 in support_mails()[-1].text


def test_html_in_the_message_is_escaped(api: Api, pixi: Simulator, demo_agent_token: str):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    status, _ = send(api, demo_agent_token, customer_key=1, message=attack)
    assert status == 200
    mail = support_mails()[-1]
    assert "<script>" not in mail.html and "<img" not in mail.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in mail.html


def test_line_breaks_in_the_message_cannot_become_headers(api: Api, pixi: Simulator, demo_agent_token: str):
    status, _ = send(
        api, demo_agent_token, customer_key=1, message="Hallo\r\nBcc: evil@example.com\r\n\r\nText"
    )
    assert status == 200
    mail = support_mails()[-1]
    assert all(name.lower() != "bcc" for name, _ in mail.headers)
    assert "evil@example.com" not in mail.to + mail.reply_to


def test_a_reply_to_with_a_line_break_is_refused(aws: None, pixi: Simulator):
    """The agent's address comes from the token; even so, a CR/LF in it never reaches a header."""
    from chalicelib.services.pixi_connection import resolve_connection
    from chalicelib.services.support_request import send_support_request

    before = len(support_mails())
    forged = Principal(
        tenant_id="demo",
        agent_id="agent",
        role=Role.AGENT,
        email="agent@demo.example\r\nBcc: evil@example.com",
    )
    with pytest.raises(ValidationError) as refused:
        send_support_request(forged, resolve_connection("demo", None), customer_key=1, order_number=None,
                             message="Frage")
    assert "reply_to" in refused.value.fields
    assert len(support_mails()) == before


# --- missing setup ----------------------------------------------------------------------------


def test_without_support_address_and_verified_sender_the_agent_learns_what_the_admin_must_do(
    api: Api, pixi: Simulator
):
    from chalicelib.services.connections import add_connection
    from chalicelib.services.settings_audit import system_actor
    from chalicelib.services.wiring import adapters

    tenant = new_tenant(api, company="Ohne Support GmbH")  # support address: the admin's; no sender
    # pixi is set up (a route that reads pixi needs its connection first); the mail setup is not
    add_connection(system_actor(tenant.tenant_id), name="pixi", endpoint=f"{pixi.url}/soap/pixiDEM/",
                   username="pixiDEM", password="pixi-demo", test_first=False)
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert status == 200 and body["ready"] is False and body["missing"] == ["verified_sender"]
    adapters().tenants.update_settings(tenant.tenant_id, support_address="")
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert body["ready"] is False and body["missing"] == ["support_address", "verified_sender"]
    assert "Support-Adresse" in body["message"] and "Absender" in body["message"]
    status, body = send(api, tenant.admin_token, customer_key=1, message="Frage")
    assert status == 409 and body["code"] == "setup_required"
    assert set(body["fields"]) == {"support_address", "verified_sender"}
    assert body["message"].startswith("Support-Anfragen sind noch nicht eingerichtet.")

    status, _ = api.call(
        "PUT",
        "/settings/email",
        token=tenant.admin_token,
        json_body={"support_address": "hilfe@ohne.example"},
    )
    assert status == 200
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert body["missing"] == ["support_address", "verified_sender"]  # not proven yet (issue 15)
    confirm(api, "hilfe@ohne.example")  # the link mailed to the new support address
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert body["ready"] is False and body["missing"] == ["verified_sender"]
    status, _ = api.call(
        "POST",
        "/settings/email/sender",
        token=tenant.admin_token,
        json_body={"sender_address": "info@ohne.example"},
    )
    assert status == 200  # the local SES verifies at once; the real one after the link in its mail
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert body["missing"] == ["verified_sender"]  # SES verified it, but this tenant has not proven it
    confirm(api, "info@ohne.example")
    status, body = api.call("GET", "/support-requests/readiness", token=tenant.admin_token)
    assert body == {"ready": True, "missing": [], "message": "Support-Anfragen können gesendet werden."}


# --- SES fails ---------------------------------------------------------------------------------


class RefusingMailer:
    """The real mailer, except that SES refuses to take the mail."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def sender_state(self, address: str) -> Any:
        return self.real.sender_state(address)

    def send(self, mail: Any) -> str:
        raise MailNotSentError(detail="ses send_raw_email: Throttling: Maximum sending rate exceeded")


@pytest.fixture
def refusing_ses(aws: None) -> Iterator[None]:
    from chalicelib.services import wiring

    real = wiring.adapters()
    wiring.use_adapters(dataclasses.replace(real, mailer=RefusingMailer(real.mailer)))  # type: ignore[arg-type]
    try:
        yield
    finally:
        wiring.use_adapters(real)


def test_when_ses_fails_the_agent_sees_why_and_the_attempt_is_audited(
    api: Api, pixi: Simulator, demo_agent_token: str, demo_admin_token: str, refusing_ses: None
):
    order = erika_orders(pixi)[2]
    status, body = send(api, demo_agent_token, customer_key=1, order_number=order, message="Bitte prüfen")
    assert status == 502 and body["code"] == "mail_not_sent"
    assert body["message"].startswith("Die E-Mail konnte nicht gesendet werden")
    status, trail = api.call("GET", "/audit?customer_key=1&limit=5", token=demo_admin_token)
    assert status == 200
    latest = trail["events"][0]
    assert (latest["action"], latest["outcome"], latest["order_number"]) == (
        "support_request.sent",
        "failed",
        order,
    )
    assert latest["agent_email"] == AGENT and latest["customer_number"] == "K10001"
    assert (
        latest["details"]["error"] == "mail_not_sent"
        and latest["details"]["message_excerpt"] == "Bitte prüfen"
    )


SHOWN = {"customer_number": "K10001", "customer_name": "Erika Mustermann",
         "customer_email": "erika.mustermann@example.com", "external_order_number": "WEB-1",
         "order_date": "2026-11-14T23:44:28+01:00", "order_total": "49.90", "currency": "EUR",
         "order_status": "OPEN"}


def test_while_pixi_is_up_what_the_page_shows_is_not_used(
    api: Api, pixi: Simulator, demo_agent_token: str, fresh_pixi_cache: None
):
    status, body = send(api, demo_agent_token, customer_key=1, message="Frage",
                        shown={**SHOWN, "customer_name": "Gefälscht"})
    assert status == 200 and body["verified"] is True, body
    mail = support_mails()[-1]
    assert "Gefälscht" not in mail.text and "NICHT mit pixi abgeglichen" not in mail.text


def test_while_pixi_is_down_the_request_goes_out_with_the_pages_context_marked_unverified(
    api: Api, pixi: Simulator, demo_agent_token: str, short_pixi_timeouts: float, fresh_pixi_cache: None
):
    """Issue 15: a bad day. pixi down: the agent can still send, the mail says what is unverified."""
    number = erika_orders(pixi)[0]
    pixi.fault(db="pixiDEM", call="*", mode="http500", times=1000)
    question = {"customer_key": 1, "order_number": number, "message": "Bitte zurückrufen"}
    status, body = send(api, demo_agent_token, **question)
    assert status >= 500, body  # without the page's context: pixi's error, nothing sent
    before = len(support_mails())
    status, body = send(api, demo_agent_token, **question, shown=SHOWN)
    assert status == 200 and body["verified"] is False, body
    mails = support_mails()
    assert len(mails) == before + 1
    mail = mails[-1]
    assert "NICHT mit pixi abgeglichen" in mail.text and "NICHT mit pixi abgeglichen" in mail.html
    assert "Erika Mustermann" in mail.text and "WEB-1" in mail.text and str(number) in mail.subject
    assert "stammen aus pixi." not in mail.text

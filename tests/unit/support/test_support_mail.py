"""The support mail: subject and bodies from the templates (escaped HTML, plain text), and MIME that
never carries a line break in a header."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from decimal import Decimal

import pytest

from chalicelib.adapters.ses import OutgoingMail, mime_message
from chalicelib.domain.mail import Language
from chalicelib.domain.support_request import SupportContext, template_values
from chalicelib.services.mail_templates import MailKind, render_mail

CONTEXT = SupportContext(
    customer_key=1,
    customer_number="K10001",
    customer_name="Erika <b>Mustermann</b> & Co",
    customer_email="erika@example.com",
    order_number=100123,
    external_order_number="WEB-2024-000123",
    order_date=datetime(2024, 3, 5, 14, 30),
    order_total=Decimal("49.9"),
    currency="EUR",
    order_status="HOLD",
)
MESSAGE = "Zeile 1 <script>alert(1)</script>\nZeile 2 & mehr"


def render(language: Language, context: SupportContext = CONTEXT):
    values = template_values(
        context,
        message=MESSAGE,
        agent_email="anna@shop.example",
        tenant_name="Shop & <Söhne>",
        language=language,
    )
    return render_mail(MailKind.SUPPORT_REQUEST, language, **values)


def test_german_subject_names_customer_and_order():
    assert render(Language.DE).subject == "Support-Anfrage zu Kunde K10001, Auftrag 100123 (WEB-2024-000123)"
    assert (
        render(Language.EN).subject == "Support request about customer K10001, order 100123 (WEB-2024-000123)"
    )


def test_without_an_order_the_subject_and_body_name_only_the_customer():
    only_customer = SupportContext(1, "K10001", "Erika Mustermann", "erika@example.com")
    mail = render(Language.DE, only_customer)
    assert mail.subject == "Support-Anfrage zu Kunde K10001"
    assert "Auftragsnummer" not in mail.html and "Auftragsnummer" not in mail.text


@pytest.mark.parametrize("language", list(Language))
def test_html_is_escaped_and_line_breaks_kept(language: Language):
    mail = render(language)
    assert "<script>" not in mail.html and "<b>Mustermann</b>" not in mail.html
    assert "Zeile 1 &lt;script&gt;alert(1)&lt;/script&gt;<br>\nZeile 2 &amp; mehr" in mail.html
    assert "Erika &lt;b&gt;Mustermann&lt;/b&gt; &amp; Co" in mail.html
    assert f'lang="{language.value}"' in mail.html


@pytest.mark.parametrize("language", list(Language))
def test_text_part_is_plain(language: Language):
    mail = render(language)
    assert MESSAGE in mail.text and "Erika <b>Mustermann</b> & Co" in mail.text
    assert "&amp;" not in mail.text and "<p>" not in mail.text
    assert "anna@shop.example" in mail.text and "erika@example.com" in mail.text


def test_german_figures():
    text = render(Language.DE).text
    assert "05.03.2024" in text and "49,90 EUR" in text and "angehalten" in text
    text = render(Language.EN).text
    assert "2024-03-05" in text and "49.90 EUR" in text and "on hold" in text


def test_mime_has_reply_to_and_both_parts():
    raw = mime_message(
        OutgoingMail(
            sender="info@shop.example",
            to=("support@shop.example",),
            subject="Support-Anfrage zu Kunde K10001 – äöü",
            html="<p>ä</p>",
            text="ä\nb",
            reply_to=("anna@shop.example",),
        )
    )
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert (parsed["From"], parsed["To"], parsed["Reply-To"]) == (
        "info@shop.example",
        "support@shop.example",
        "anna@shop.example",
    )
    assert parsed["Subject"] == "Support-Anfrage zu Kunde K10001 – äöü"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == "ä\nb\n"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>ä</p>"
    assert max(raw) < 128  # 7-bit: quoted-printable bodies, encoded headers


@pytest.mark.parametrize("field", ["subject", "reply_to", "sender", "sender_name", "to"])
@pytest.mark.parametrize("breaks", ["\r\n", "\n", "\r", "\u2028", "\x00"])
def test_a_line_break_in_any_header_never_starts_a_header_of_its_own(field: str, breaks: str):
    """Issue 15: CR and LF (and other control characters) are removed from every header; before,
    the e-mail package refused them (ValueError) and only system-mail subjects lost their LF."""
    values: dict[str, object] = {
        "sender": "info@shop.example", "subject": "Frage", "reply_to": ("anna@shop.example",),
        "to": ("support@shop.example",), "sender_name": "Shop GmbH",
    }
    injected = f"x@y.example{breaks}Bcc: evil@example.com"
    values[field] = (injected,) if field in ("reply_to", "to") else injected
    raw = mime_message(OutgoingMail(html="h", text="t", **values))  # type: ignore[arg-type]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Bcc"] is None and b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    assert all("\n" not in str(v) and "\r" not in str(v) for _, v in parsed.items())
    if field in ("subject", "sender_name"):  # text stays text, on the one line
        assert "Bcc: evil@example.com" in str(parsed["Subject" if field == "subject" else "From"])

"""Mail rendering: German and English, HTML escaped, text plain."""

from __future__ import annotations

import pytest

from chalicelib.domain.mail import Language
from chalicelib.services.mail_templates import SUBJECTS, MailKind, render_mail

CONTEXT = {
    "name": "Nina <script>",
    "inviter": "Olaf & Co",
    "tenant_name": "Müller & <Söhne>",
    "link": "http://127.0.0.1:8080/#/invitation?token=abc_DEF-123",
    "valid_for": "7 Tage",
    "reset_page": "http://127.0.0.1:8080/#/password-reset",
    "address": "hilfe@shop.example",
    "role_text": "Support-Adresse",
}


SYSTEM_MAILS = [k for k in MailKind if k is not MailKind.SUPPORT_REQUEST]  # support: tests/unit/support


@pytest.mark.parametrize("kind", SYSTEM_MAILS)
@pytest.mark.parametrize("language", list(Language))
def test_every_mail_exists_in_both_languages_and_escapes_html(kind: MailKind, language: Language):
    mail = render_mail(kind, language, **CONTEXT)
    assert (kind, language) in SUBJECTS and mail.subject
    assert "<script>" not in mail.html and "<Söhne>" not in mail.html
    assert f'lang="{language.value}"' in mail.html
    if kind is not MailKind.ALREADY_REGISTERED:
        assert "Müller &amp; &lt;Söhne&gt;" in mail.html and "Müller & <Söhne>" in mail.text
        assert CONTEXT["link"] in mail.html and CONTEXT["link"] in mail.text
    assert "&amp;" not in mail.text and "<p>" not in mail.text


def test_a_missing_value_fails_loudly():
    from jinja2 import UndefinedError

    with pytest.raises((UndefinedError, KeyError)):
        render_mail(MailKind.INVITATION, Language.DE, name="x")

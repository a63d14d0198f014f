"""The one normal form of an e-mail address (issue 15): what SES refuses and look-alikes are caught."""

from __future__ import annotations

import pytest

from chalicelib.domain.mail import normalise_address
from chalicelib.errors import ValidationError

NOT_ASCII = "Vor dem @ sind keine Umlaute und keine anderen Sonderbuchstaben möglich."


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        (" Erika.Muster@Example.COM ", "erika.muster@example.com"),
        ("nina@b\u00e4cker.de", "nina@xn--bcker-gra.de"),  # composed umlaut in the domain
        ("nina@ba\u0308cker.de", "nina@xn--bcker-gra.de"),  # decomposed: the same address
        ("NINA@XN--BCKER-GRA.DE", "nina@xn--bcker-gra.de"),
        ("kunde+support@shop.example", "kunde+support@shop.example"),
        ("x@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", "x@xn--e1afmkfd.xn--p1ai"),  # all Cyrillic
    ],
)
def test_one_address_has_one_normal_form(raw: str, normal: str):
    assert normalise_address(raw) == normal


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("a(b@x.de", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ("kein-at-zeichen", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ("nina@localhost", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
        ("ni\u200bna@example.com", "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."),
        ("nina@exa\u202emple.com", "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."),
        ("nina@example.com\u2066", "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."),
        ("ni\u00adna@example.com", "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."),
        ("nina\x00@example.com", "Die E-Mail-Adresse enthält unsichtbare Steuerzeichen."),
        ("m\u00fcller@example.com", NOT_ASCII),
        ("nina@p\u0430ypal.de", "Die Domain der E-Mail-Adresse mischt verschiedene Schriften."),
    ],
)
def test_what_mail_cannot_reach_or_looks_like_another_address_is_refused(raw: str, message: str):
    with pytest.raises(ValidationError) as refused:
        normalise_address(raw, field="support_address")
    assert refused.value.message == message
    assert refused.value.fields == {"support_address": message}

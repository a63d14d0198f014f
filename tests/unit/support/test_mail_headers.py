"""CR and LF never reach a header of a system mail (SES SendEmail) either (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters import aws, ses
from chalicelib.domain.mail import OutgoingMail, header_line


class RecordingSes:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def send_email(self, **request: Any) -> dict[str, str]:
        self.requests.append(request)
        return {"MessageId": "m-1"}


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> RecordingSes:
    client = RecordingSes()
    monkeypatch.setattr(aws, "client", lambda name: client)
    return client


INJECTED = "Wert\r\nBcc: evil@example.com\nX-Other: 1\r"


@pytest.mark.parametrize("field", ["subject", "sender_name", "sender", "to"])
def test_every_header_of_a_system_mail_is_one_line(recording: RecordingSes, field: str) -> None:
    values: dict[str, Any] = {
        "sender": "noreply@callcenter.example", "to": ("anna@shop.example",), "subject": "Einladung",
        "sender_name": "Shop GmbH",
    }
    values[field] = (INJECTED,) if field == "to" else INJECTED
    ses.SesMailer().send(OutgoingMail(html="h", text="t", **values))
    request = recording.requests[-1]
    subject = request["Message"]["Subject"]["Data"]
    headers = [request["Source"], *request["Destination"]["ToAddresses"], subject]
    assert all("\r" not in h and "\n" not in h for h in headers), headers


def test_the_display_name_is_encoded_and_the_address_kept(recording: RecordingSes) -> None:
    ses.SesMailer().send(OutgoingMail(sender="noreply@callcenter.example", sender_name="Müller & Söhne",
                                      to=("a@b.example",), subject="s", html="h", text="t"))
    source = recording.requests[-1]["Source"]
    assert source.startswith("=?utf-8?") and source.endswith(" <noreply@callcenter.example>")


def test_header_line_keeps_text_and_drops_breaks() -> None:
    assert header_line(" Frage\r\nzu  K1\u2028\x00 ") == "Frage zu K1"

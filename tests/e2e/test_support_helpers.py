"""Helpers of the support-request and audit browser tests (no tests in here): the support mails the
local SES (moto server) really sent, parsed back from the raw MIME, and a sender that SES does not
(or no longer) know, to create the "not set up" situation through the admin settings API.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

from devstack import LocalStack
from tests.e2e.conftest import Login
from tests.e2e.test_team_helpers import api_token, call_api

PASSWORD = "Demo-Passw0rd!"
DEMO_ADMIN = Login("Demo GmbH", "admin@demo.example", PASSWORD)
NORDLICHT_ADMIN = Login("Nordlicht Handels AG", "admin@nordlicht.example", PASSWORD)
NORDLICHT_AGENT = Login("Nordlicht Handels AG", "agent@nordlicht.example", PASSWORD)


@dataclass(frozen=True)
class SupportMail:
    sender: str
    to: str
    reply_to: str
    subject: str
    text: str
    html: str


def support_mails(moto_url: str) -> list[SupportMail]:
    """Every raw mail the local SES accepted, oldest first, parsed with the e-mail package."""
    with urllib.request.urlopen(f"{moto_url.rstrip('/')}/moto-api/data.json", timeout=10) as response:
        data = json.load(response)
    mails = []
    for message in data.get("ses", {}).get("RawMessage", []):
        parsed: Any = email.message_from_string(message.get("raw_data", ""), policy=email.policy.default)
        plain = parsed.get_body(("plain",))
        html = parsed.get_body(("html",))
        mails.append(
            SupportMail(
                sender=str(parsed["From"]),
                to=str(parsed["To"]),
                reply_to=str(parsed["Reply-To"]),
                subject=str(parsed["Subject"]),
                text=plain.get_content() if plain is not None else "",
                html=html.get_content() if html is not None else "",
            )
        )
    return mails


def wait_for_support_mail(
    moto_url: str, matches: Callable[[SupportMail], bool], timeout: float = 15.0
) -> SupportMail:
    """The first mail that ``matches`` (waits for it); fails with the subjects that did arrive."""
    deadline = time.monotonic() + timeout
    mails: list[SupportMail] = []
    while time.monotonic() < deadline:
        mails = support_mails(moto_url)
        for mail in mails:
            if matches(mail):
                return mail
        time.sleep(0.25)
    raise AssertionError(f"no matching support mail arrived; got {[m.subject for m in mails]}")


def email_settings(web_url: str, admin: Login) -> dict[str, Any]:
    status, answer = call_api(web_url, "GET", "/settings/email", token=api_token(web_url, admin))
    assert status == 200, answer
    return dict(answer)


def set_sender(web_url: str, admin: Login, address: str) -> None:
    status, answer = call_api(
        web_url,
        "POST",
        "/settings/email/sender",
        {"sender_address": address},
        token=api_token(web_url, admin),
    )
    assert status == 200, answer


def readiness(web_url: str, login: Login) -> dict[str, Any]:
    status, answer = call_api(web_url, "GET", "/support-requests/readiness", token=api_token(web_url, login))
    assert status == 200, answer
    return dict(answer)


@contextmanager
def unverified_sender(stack: LocalStack, admin: Login) -> Iterator[str]:
    """The tenant's sender becomes an address SES does not know (set through the admin settings API,
    then its identity removed from the local SES), so support requests are not set up; the sender
    before is restored afterwards (it stays verified: the demo tenants share it)."""
    web_url = str(stack.web_url).rstrip("/")
    before = email_settings(web_url, admin)["sender_address"]
    address = f"absender-{uuid.uuid4().hex[:8]}@e2e-support.example"
    set_sender(web_url, admin, address)
    ses = boto3.client(
        "ses",
        endpoint_url=stack.moto_url,
        region_name=stack.env["AWS_DEFAULT_REGION"],
        aws_access_key_id=stack.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stack.env["AWS_SECRET_ACCESS_KEY"],
    )
    try:
        ses.delete_identity(Identity=address)
        state = readiness(web_url, admin)
        assert state["ready"] is False and "verified_sender" in state["missing"], state
        yield address
    finally:
        set_sender(web_url, admin, before)
        assert readiness(web_url, admin)["ready"] is True

"""Helpers for the tenant tests (signup, team, settings): mails read back from moto in-process,
an injectable clock, fresh tenants made through the real signup. No tests in here."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.functional.conftest import Api

PASSWORD = "Sicher-Passw0rt!"


@dataclass(frozen=True)
class Mail:
    source: str
    to: list[str]
    subject: str
    html: str


def sent_mails() -> list[Mail]:
    """Every mail moto's SES took in this session, oldest first (moto keeps the HTML body)."""
    from moto.backends import get_backend
    from moto.core import DEFAULT_ACCOUNT_ID

    from chalicelib.settings import get_settings

    backend = get_backend("ses")[DEFAULT_ACCOUNT_ID][get_settings().aws_region]
    return [
        Mail(source=m.source, to=list(m.destinations.get("ToAddresses", [])), subject=m.subject, html=m.body)
        for m in backend.sent_messages
        if isinstance(m.destinations, dict)  # raw MIME mails (support requests): test_support_requests
    ]


def mails_to(address: str) -> list[Mail]:
    return [m for m in sent_mails() if address in m.to]


def last_mail_to(address: str) -> Mail:
    found = mails_to(address)
    assert found, f"no mail to {address}"
    return found[-1]


def link_token(mail: Mail, route: str) -> str:
    """The token of the page link ``#/<route>?token=...`` in a mail."""
    found = re.findall(rf"#/{re.escape(route)}\?token=([A-Za-z0-9_\-]+)", mail.html)
    assert found, f"no {route} link in {mail.subject!r}"
    assert len(set(found)) == 1
    return str(found[0])


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def clear_rate_limits() -> None:
    from chalicelib.adapters.dynamo.models import RateLimitModel, configure_models

    configure_models()
    for item in RateLimitModel.scan():
        item.delete()


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(aws: None) -> Iterator[Clock]:
    """``wiring.adapters().now`` under the test's control (starts at the real time)."""
    from chalicelib.services import wiring

    real = wiring.adapters()
    fake = Clock(datetime.now(UTC))
    wiring.use_adapters(dataclasses.replace(real, now=fake))
    try:
        yield fake
    finally:
        wiring.use_adapters(real)


@pytest.fixture
def no_rate_limits(aws: None) -> Iterator[None]:
    """Every test starts with empty rate-limit counters (all calls come from 127.0.0.1)."""
    clear_rate_limits()
    yield
    clear_rate_limits()


@dataclass(frozen=True)
class NewTenant:
    tenant_id: str
    name: str
    admin_email: str
    admin_token: str


def sign_up(
    api: Api,
    *,
    company: str,
    email: str,
    password: str = PASSWORD,
    language: str = "de",
    name: str = "Erste Admin",
) -> tuple[int, Any]:
    return api.call(
        "POST",
        "/signup",
        json_body={
            "company_name": company,
            "admin_name": name,
            "email": email,
            "password": password,
            "language": language,
        },
    )


def new_tenant(api: Api, company: str = "Testhandel GmbH") -> NewTenant:
    """A verified tenant with only its first admin, made through the public routes."""
    clear_rate_limits()
    email = unique_email("admin")
    status, body = sign_up(api, company=company, email=email)
    assert status == 200, body
    token = link_token(last_mail_to(email), "verify")
    status, body = api.call("POST", "/signup/verify", json_body={"token": token})
    assert status == 200, body
    status, session = api.call("POST", "/auth/login", json_body={"email": email, "password": PASSWORD})
    assert status == 200, session
    return NewTenant(
        tenant_id=session["agent"]["tenant_id"], name=company, admin_email=email, admin_token=session["token"]
    )


def invite_and_accept(
    api: Api, tenant: NewTenant, *, role: str = "agent", name: str = "Neue Agentin"
) -> tuple[str, str]:
    """Invite a new address into ``tenant`` and accept; returns (agent_id, login token)."""
    email = unique_email("agent")
    status, agent = api.call(
        "POST", "/agents", token=tenant.admin_token, json_body={"email": email, "name": name, "role": role}
    )
    assert status == 200, agent
    token = link_token(last_mail_to(email), "invitation")
    status, session = api.call(
        "POST", "/invitations/accept", json_body={"token": token, "password": PASSWORD}
    )
    assert status == 200, session
    return agent["agent_id"], session["token"]

"""Tenants and their team on the real local servers: DynamoDB Local (transactions with conditions,
real threads), moto server's SES (mails read back from ``/moto-api/data.json``), chalice local."""

from __future__ import annotations

import http.client
import json
import re
import threading
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from chalicelib.domain.agent import Role
from chalicelib.domain.link_token import LinkInvalidError
from chalicelib.domain.mail import Language
from chalicelib.domain.permissions import Principal
from chalicelib.errors import EmailAlreadyRegisteredError
from chalicelib.services import invitations
from chalicelib.services.wiring import adapters
from devstack import LocalStack

pytestmark = pytest.mark.integration
PASSWORD = "Sicher-Passw0rt!"


def http_call(
    base_url: str, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    parts = urlsplit(base_url)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    try:
        conn.request(
            method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers
        )
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, json.loads(data) if data else None


def moto_mails(stack: LocalStack) -> list[dict[str, Any]]:
    """Every mail moto server's SES took, from its state dump."""
    status, data = http_call(stack.moto_url, "GET", "/moto-api/data.json")
    assert status == 200
    messages = data.get("ses", {}).get("Message", [])
    return [m for m in messages if isinstance(m, dict)]


def mail_to(stack: LocalStack, address: str) -> dict[str, Any]:
    found = [m for m in moto_mails(stack) if address in json.dumps(m.get("destinations", {}))]
    assert found, f"no mail to {address} in moto"
    return found[-1]


def token_in(mail: dict[str, Any], route: str) -> str:
    match = re.search(rf"#/{route}\?token=([A-Za-z0-9_\-]+)", str(mail.get("body", "")))
    assert match, mail
    return match.group(1)


def at_once(tasks: list[Callable[[], Any]]) -> list[Any]:
    """Run the tasks on real threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(tasks))
    results: list[Any] = [None] * len(tasks)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = tasks[index]()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


DEMO_ADMIN = Principal(tenant_id="demo", agent_id="admin", role=Role.ADMIN, email="admin@demo.example")
NORDLICHT_ADMIN = Principal(
    tenant_id="nordlicht", agent_id="admin", role=Role.ADMIN, email="admin@nordlicht.example"
)


def test_concurrent_invitations_of_one_address_exactly_one_wins(local_stack: LocalStack):
    email = f"race-{uuid.uuid4().hex[:8]}@example.com"
    admins = [DEMO_ADMIN, NORDLICHT_ADMIN, DEMO_ADMIN, NORDLICHT_ADMIN]
    results = at_once(
        [
            (
                lambda admin=admin: invitations.invite(
                    admin, email=email, name="Race", role=Role.AGENT, language=Language.DE
                )
            )
            for admin in admins
        ]
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 3, results
    assert all(isinstance(e, EmailAlreadyRegisteredError) for e in losers), losers
    registered = adapters().agents.find_by_email(email)
    assert registered is not None and registered.agent_id == winners[0].agent_id
    for tenant in ("demo", "nordlicht"):
        matching = [a for a in adapters().agents.list_for_tenant(tenant) if a.email == email]
        assert len(matching) == (1 if tenant == registered.tenant_id else 0)
    assert mail_to(local_stack, email)["subject"].startswith("Einladung:")

    owner = DEMO_ADMIN if registered.tenant_id == "demo" else NORDLICHT_ADMIN
    invitations.revoke_invitation(owner, registered.agent_id)  # frees the address
    other = NORDLICHT_ADMIN if owner is DEMO_ADMIN else DEMO_ADMIN
    assert invitations.invite(
        other, email=email, name="Zweiter Versuch", role=Role.AGENT, language=Language.EN
    )


def test_one_invitation_link_used_twice_at_once_works_once(local_stack: LocalStack):
    email = f"twice-{uuid.uuid4().hex[:8]}@example.com"
    invitations.invite(DEMO_ADMIN, email=email, name="Doppelklick", role=Role.AGENT, language=Language.DE)
    token = token_in(mail_to(local_stack, email), "invitation")
    results = at_once([lambda: invitations.accept_invitation(token, password=PASSWORD)] * 3)
    sessions = [r for r in results if not isinstance(r, Exception)]
    assert len(sessions) == 1, results
    assert all(isinstance(r, LinkInvalidError) for r in results if isinstance(r, Exception)), results


def test_signup_verify_and_login_through_chalice_local(local_stack: LocalStack):
    email = f"signup-{uuid.uuid4().hex[:8]}@example.com"
    status, body = http_call(
        local_stack.api_url,
        "POST",
        "/signup",
        {
            "company_name": "Lokal & Söhne GmbH",
            "admin_name": "Lena Lokal",
            "email": email,
            "password": PASSWORD,
        },
    )
    assert status == 200, body
    mail = mail_to(local_stack, email)
    assert mail["subject"] == "Bitte bestätigen Sie Ihre E-Mail-Adresse für Lokal & Söhne GmbH"
    assert "Lokal &amp; Söhne GmbH" in mail["body"]
    assert f"{local_stack.web_url}/#/verify?token=" in mail["body"]
    token = token_in(mail, "verify")
    login = {"email": email, "password": PASSWORD}
    assert http_call(local_stack.api_url, "POST", "/auth/login", login)[0] == 401
    status, verified = http_call(local_stack.api_url, "POST", "/signup/verify", {"token": token})
    assert status == 200 and verified["tenant_name"] == "Lokal & Söhne GmbH", verified
    status, session = http_call(local_stack.api_url, "POST", "/auth/login", login)
    assert status == 200 and session["agent"]["role"] == "admin", session
    status, team = http_call(local_stack.api_url, "GET", "/agents", token=session["token"])
    assert status == 200 and [a["email"] for a in team["agents"]] == [email]
    status, again = http_call(local_stack.api_url, "POST", "/signup/verify", {"token": token})
    assert status == 404 and again["code"] == "link_invalid"


def test_every_table_exists_with_time_to_live(local_stack: LocalStack):
    from chalicelib.adapters import aws
    from chalicelib.adapters.dynamo.models import ALL_MODELS, TTL_ATTRIBUTE

    dynamodb = aws.client("dynamodb")
    names = set(dynamodb.list_tables()["TableNames"])
    for model in ALL_MODELS:
        assert model.Meta.table_name in names
        if TTL_ATTRIBUTE in model.get_attributes():
            described = dynamodb.describe_time_to_live(TableName=model.Meta.table_name)[
                "TimeToLiveDescription"
            ]
            assert described.get("AttributeName") == TTL_ATTRIBUTE, described

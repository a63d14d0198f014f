"""E-mail addresses (issue 15): what SES would refuse is a 400 with a field message at signup and
invitation (never a 5xx, never a ghost invitation); look-alikes are one address or refused."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.services.wiring import adapters
from tests.functional.conftest import Api
from tests.functional.test_tenant_support import (
    NewTenant,
    mails_to,
    new_tenant,
    no_rate_limits,  # noqa: F401 - fixture
    sign_up,
    unique_email,
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")


@pytest.fixture
def tenant(api: Api) -> NewTenant:
    return new_tenant(api, company="Adressen GmbH")


def _invite(api: Api, tenant: NewTenant, email: str) -> tuple[int, dict]:
    status, body = api.call("POST", "/agents", token=tenant.admin_token, json_body={"email": email})
    return status, body


def _team_emails(api: Api, tenant: NewTenant) -> list[str]:
    _, body = api.call("GET", "/agents", token=tenant.admin_token)
    return [a["email"] for a in body["agents"]]


REFUSED = [
    "a(b@x.de",  # today a 502 from SES and a ghost invitation
    "nina\u200b@example.com",  # zero-width space
    "nina@exa\u202emple.com",  # bidi override
    "nina@p\u0430ypal.de",  # a Cyrillic a among Latin letters
    "m\u00fcller@example.com",  # SES takes no umlaut before the @
    "nina..punkt@example.com",
]


@pytest.mark.parametrize("email", REFUSED)
def test_an_address_ses_would_refuse_is_a_400_and_no_ghost_invitation(
    api: Api, tenant: NewTenant, email: str
):
    before = _team_emails(api, tenant)
    status, body = _invite(api, tenant, email)
    assert status == 400, body
    assert set(body["fields"]) == {"email"} and body["code"] == "validation_error"
    assert _team_emails(api, tenant) == before
    assert mails_to(email) == []


def test_signup_refuses_such_an_address_with_a_field_message(api: Api):
    email = f"a(b-{uuid.uuid4().hex[:6]}@x.de"
    status, body = sign_up(api, company="Klammer GmbH", email=email)
    assert status == 400 and set(body["fields"]) == {"email"}
    assert mails_to(email) == [] and adapters().agents.find_by_email(email.replace("(", "")) is None


def test_a_decomposed_umlaut_is_the_same_address_as_the_composed_one(api: Api, tenant: NewTenant):
    local = f"nina-{uuid.uuid4().hex[:6]}"
    composed, decomposed = f"{local}@b\u00e4cker.de", f"{local}@ba\u0308cker.de"
    status, invited = _invite(api, tenant, composed)
    assert status == 200, invited
    assert invited["email"] == f"{local}@xn--bcker-gra.de"
    for same in (decomposed, f"{local.upper()}@B\u00c4CKER.DE", f"{local}@xn--bcker-gra.de"):
        status, body = _invite(api, tenant, same)
        assert status == 409 and body["fields"] == {"email": "Diese E-Mail-Adresse ist bereits vergeben."}


def test_login_and_reset_with_a_malformed_address_answer_like_an_unknown_one(api: Api):
    status, body = api.call("POST", "/auth/login", json_body={"email": "a(b@x.de", "password": "egal"})
    assert status == 401 and body["message"] == "E-Mail-Adresse oder Passwort ist falsch."
    status, body = api.call("POST", "/auth/password-reset", json_body={"email": "a(b@x.de"})
    assert status == 400 and set(body["fields"]) == {"email"}


def test_an_invited_address_is_stored_in_its_normal_form(api: Api, tenant: NewTenant):
    email = unique_email("Gross")
    status, invited = _invite(api, tenant, email.upper())
    assert status == 200 and invited["email"] == email.lower()

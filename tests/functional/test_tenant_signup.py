"""Signup (T3) through the real routes: verification mail from moto, single-use link, no leak of
known addresses, rate limits, expiry of unverified signups."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.password_policy import ONE_KIND, TOO_SHORT
from chalicelib.services.signup import SIGNUP_ACCEPTED_MESSAGE, expire_unverified_signups
from chalicelib.services.wiring import adapters
from tests.functional.conftest import Api
from tests.functional.test_tenant_support import (
    PASSWORD,
    Clock,
    last_mail_to,
    link_token,
    mails_to,
    no_rate_limits,  # noqa: F401 - fixture
    sign_up,
    unique_email,
)
from tests.functional.test_tenant_support import clock as clock

pytestmark = pytest.mark.usefixtures("no_rate_limits")
LINK_INVALID = "Der Link ist abgelaufen oder ungültig."


def login(api: Api, email: str, password: str = PASSWORD) -> tuple[int, dict]:
    return api.call("POST", "/auth/login", json_body={"email": email, "password": password})


def test_signup_sends_a_verification_mail_and_the_link_activates_the_admin_once(api: Api):
    email = unique_email("gruenderin")
    status, body = sign_up(
        api, company="<b>Müller & Söhne</b> KG", email=email.upper(), name="Greta <Gründerin>"
    )
    assert status == 200 and body == {"status": "accepted", "message": SIGNUP_ACCEPTED_MESSAGE}
    mail = last_mail_to(email)
    assert mail.to == [email] and mail.source == "noreply@callcenter.example"
    assert mail.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse für <b>Müller & Söhne</b> KG"
    assert "&lt;b&gt;Müller &amp; Söhne&lt;/b&gt; KG" in mail.html and "<b>Müller" not in mail.html
    assert "Greta &lt;Gründerin&gt;" in mail.html
    assert "http://127.0.0.1:8080/#/verify?token=" in mail.html
    token = link_token(mail, "verify")
    assert login(api, email)[0] == 401  # not verified yet

    status, verified = api.call("POST", "/signup/verify", json_body={"token": token})
    assert status == 200, verified
    assert verified["tenant_name"] == "<b>Müller & Söhne</b> KG" and verified["email"] == email
    status, session = login(api, email)
    assert status == 200
    assert session["agent"]["role"] == "admin" and session["agent"]["name"] == "Greta <Gründerin>"
    assert session["agent"]["features"] == ["search", "details", "support_mail"]
    tenant = adapters().tenants.get(session["agent"]["tenant_id"])
    assert tenant is not None and tenant.status == "active" and tenant.support_address == email

    status, again = api.call("POST", "/signup/verify", json_body={"token": token})
    assert (status, again["code"], again["message"]) == (404, "link_invalid", LINK_INVALID)


def test_the_link_token_is_stored_only_as_a_hash(api: Api):
    from chalicelib.adapters.dynamo.models import AgentModel, LinkTokenModel
    from chalicelib.domain.link_token import hash_link_token

    email = unique_email("hash")
    sign_up(api, company="Hash AG", email=email)
    token = link_token(last_mail_to(email), "verify")
    stored = LinkTokenModel.get(hash_link_token(token))
    assert token not in str(stored.attribute_values)
    admin = adapters().agents.find_by_email(email)
    assert admin is not None
    item = AgentModel.get(admin.tenant_id, admin.agent_id)
    assert item.verification_hash == hash_link_token(token) and token not in str(item.attribute_values)


@pytest.mark.parametrize(
    ("password", "problem"),
    [("Kurz1!", TOO_SHORT), ("nurkleinbuchstaben", ONE_KIND), ("1234567890123", ONE_KIND)],
)
def test_a_weak_password_is_refused_with_a_field_error(api: Api, password: str, problem: str):
    email = unique_email("weak")
    status, body = sign_up(api, company="Schwach GmbH", email=email, password=password)
    assert status == 400 and body["code"] == "validation_error"
    assert body["fields"] == {"password": problem} and body["message"] == problem
    assert mails_to(email) == []


def test_missing_and_malformed_fields_are_named(api: Api):
    status, body = api.call(
        "POST", "/signup", json_body={"company_name": "X", "email": "kein-at-zeichen", "password": PASSWORD}
    )
    assert status == 400
    assert set(body["fields"]) == {"company_name", "admin_name", "email"}


def test_a_known_address_gets_the_same_answer_and_only_its_owner_learns_of_it(api: Api):
    status, body = sign_up(api, company="Trittbrett GmbH", email="agent@nordlicht.example")
    assert status == 200 and body == {"status": "accepted", "message": SIGNUP_ACCEPTED_MESSAGE}
    mail = last_mail_to("agent@nordlicht.example")
    assert mail.subject == "Registrierung bei der pixi Callcenter App"
    assert "Nordlicht" not in mail.html and "#/verify" not in mail.html and "#/password-reset" in mail.html
    registered = adapters().agents.find_by_email("agent@nordlicht.example")
    assert registered is not None and registered.tenant_id == "nordlicht"
    assert login(api, "agent@nordlicht.example", "Demo-Passw0rd!")[0] == 200


def test_signing_up_again_before_verifying_sends_a_new_link_and_the_old_one_dies(api: Api):
    email = unique_email("twice")
    sign_up(api, company="Zweimal GmbH", email=email)
    first = link_token(last_mail_to(email), "verify")
    sign_up(api, company="Anderer Name GmbH", email=email, language="en")
    mail = last_mail_to(email)
    assert mail.subject == "Please confirm your e-mail address for Zweimal GmbH"
    second = link_token(mail, "verify")
    assert second != first
    assert api.call("POST", "/signup/verify", json_body={"token": first})[0] == 404
    assert api.call("POST", "/signup/verify", json_body={"token": second})[0] == 200


def test_signups_are_rate_limited_per_address_and_per_client_ip(api: Api, clock: Clock):
    email = unique_email("limit")
    for _ in range(3):
        assert sign_up(api, company="Limit GmbH", email=email)[0] == 200
    status, body = sign_up(api, company="Limit GmbH", email=email)
    assert status == 429 and body["code"] == "too_many_requests"
    assert body["message"].startswith("Zu viele Registrierungen für diese E-Mail-Adresse. Bitte in ")
    for _ in range(6):  # 3 + 1 refused (the IP counter counts it too) + 6 = 10 from this IP
        assert sign_up(api, company="Limit GmbH", email=unique_email("ip"))[0] == 200
    status, body = sign_up(api, company="Limit GmbH", email=unique_email("ip"))
    assert status == 429 and body["message"].startswith("Zu viele Registrierungen von diesem Anschluss.")
    clock.advance(timedelta(hours=1))
    assert sign_up(api, company="Limit GmbH", email=unique_email("later"))[0] == 200


def test_an_unverified_signup_expires_and_frees_its_address(api: Api, clock: Clock):
    email = unique_email("late")
    sign_up(api, company="Spät GmbH", email=email)
    token = link_token(last_mail_to(email), "verify")
    kept = unique_email("kept")
    sign_up(api, company="Pünktlich GmbH", email=kept)
    assert (
        api.call("POST", "/signup/verify", json_body={"token": link_token(last_mail_to(kept), "verify")})[0]
        == 200
    )
    pending = adapters().agents.find_by_email(email)
    assert pending is not None

    clock.advance(timedelta(hours=47))
    assert pending.tenant_id not in expire_unverified_signups()
    clock.advance(timedelta(hours=2))
    status, body = api.call("POST", "/signup/verify", json_body={"token": token})
    assert (status, body["message"]) == (404, LINK_INVALID)  # expired

    removed = expire_unverified_signups()
    assert pending.tenant_id in removed
    assert adapters().tenants.get(pending.tenant_id) is None
    assert adapters().agents.find_by_email(email) is None  # the claim is gone
    kept_admin = adapters().agents.find_by_email(kept)
    assert kept_admin is not None and kept_admin.tenant_id not in removed
    assert expire_unverified_signups() == []  # nothing left to do

    sign_up(api, company="Spät GmbH", email=email)  # the address can be used again
    assert (
        api.call("POST", "/signup/verify", json_body={"token": link_token(last_mail_to(email), "verify")})[0]
        == 200
    )


def test_the_scheduled_cleanup_is_wired_in_the_app():
    from app import app
    from app import expire_unverified_signups as scheduled

    assert "expire-unverified-signups" in {e.name for e in app.event_sources}
    assert scheduled is not None

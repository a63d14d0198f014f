"""Issue 15 through the routes: outgoing requests to tenant-given URLs, the stored pixi password,
and whose mail addresses a tenant may use. Each test is an attack that worked before."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from chalicelib.errors import OutboundRefusedError
from chalicelib.services import connections
from tests.fakes.dns import dns  # noqa: F401 - fixture
from tests.fakes.http_server import Serve, serve  # noqa: F401 - fixture
from tests.functional.conftest import Api, Simulator
from tests.functional.mail_links import confirm, proof_token
from tests.functional.test_support_requests import support_mails
from tests.functional.test_tenant_support import (
    NewTenant,
    mails_to,
    new_tenant,
    no_rate_limits,  # noqa: F401 - fixture
)

pytestmark = pytest.mark.usefixtures("no_rate_limits")
SECRET_TEXT = "INTERN-GEHEIM-0815"
FAULT = (
    '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    f"<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>{SECRET_TEXT}</faultstring>"
    "</soap:Fault></soap:Body></soap:Envelope>"
).encode()


@pytest.fixture
def tenant(api: Api, pixi: Simulator) -> NewTenant:
    return new_tenant(api, company="Sicherheits GmbH")


def probe(api: Api, tenant: NewTenant, **body: object) -> tuple[int, dict]:
    body = {"username": "pixiDEM", **body}
    return api.call("POST", "/settings/pixi-connections/test", token=tenant.admin_token, json_body=body)


# --- outgoing requests ------------------------------------------------------------------------


def test_a_redirect_to_an_internal_address_is_not_followed_nor_echoed(
    api: Api, tenant: NewTenant, serve: Serve  # noqa: F811
) -> None:
    internal = serve(lambda seen: (500, {"Content-Type": "text/xml"}, FAULT))
    public = serve(lambda seen: (307, {"Location": f"{internal.url}/soap/pixiDEM/"}, SECRET_TEXT.encode()))
    status, result = probe(api, tenant, endpoint=f"{public.url}/soap/pixiDEM/", password="pixi-demo")
    assert status == 200 and result["ok"] is False
    assert SECRET_TEXT not in str(result) and internal.seen == []


def test_every_refused_target_gets_the_same_answer(
    api: Api, tenant: NewTenant, dns: dict  # noqa: F811
) -> None:
    dns["pixi.intern.example"] = [["10.20.30.40"]]
    dns["pixi.metadata.example"] = [["169.254.169.254"]]
    dns["pixi.gemischt.example"] = [["93.184.216.34", "192.168.1.1"]]
    answers = []
    for host in ("pixi.intern.example", "pixi.metadata.example", "pixi.gemischt.example",
                 "gibt-es-nicht.invalid"):
        status, result = probe(api, tenant, endpoint=f"https://{host}/soap/pixiDEM/", password="x")
        assert status == 200 and result["ok"] is False and result["problem"] == "unreachable"
        answers.append(result["message"].replace(host, "<host>"))
    assert len(set(answers)) == 1 and OutboundRefusedError.default_message in answers[0]


def test_saving_a_connection_to_an_internal_host_is_refused(
    api: Api, tenant: NewTenant, dns: dict  # noqa: F811
) -> None:
    dns["pixi.intern.example"] = [["10.20.30.40"]]
    body = {"name": "x", "endpoint": "https://pixi.intern.example/soap/pixiDEM/", "username": "u",
            "password": "p"}
    status, refused = api.call("POST", "/settings/pixi-connections", token=tenant.admin_token, json_body=body)
    assert status == 400 and refused["code"] == "pixi_connection_failed" and "endpoint" in refused["fields"]


# --- the stored pixi password -------------------------------------------------------------------


def test_the_stored_password_goes_only_to_its_endpoint(
    api: Api, tenant: NewTenant, pixi: Simulator, serve: Serve  # noqa: F811
) -> None:
    status, saved = api.call(
        "POST", "/settings/pixi-connections", token=tenant.admin_token,
        json_body={"name": "pixi", "endpoint": f"{pixi.url}/soap/pixiDEM/", "username": "pixiDEM",
                   "password": "pixi-demo"},
    )
    assert status == 200, saved
    attacker = serve(lambda seen: (401, {}, b""))
    elsewhere = f"{attacker.url}/soap/pixiDEM/"
    status, refused = probe(api, tenant, endpoint=elsewhere, connection_id=saved["connection_id"])
    assert status == 400 and refused["fields"] == {"password": connections.PASSWORD_AGAIN_MESSAGE}
    path = f"/settings/pixi-connections/{saved['connection_id']}"
    status, refused = api.call("PATCH", path, token=tenant.admin_token, json_body={"endpoint": elsewhere})
    assert status == 400 and set(refused["fields"]) == {"password"}
    assert attacker.seen == []  # the stored password never left for the other host
    status, result = probe(api, tenant, endpoint=saved["endpoint"], connection_id=saved["connection_id"])
    assert status == 200 and result["ok"]  # its own endpoint: the stored password is used
    status, moved = api.call(
        "PATCH", path, token=tenant.admin_token,
        json_body={"endpoint": f"{pixi.url}/soap/pixiDEM", "name": "umbenannt"},
    )
    assert status == 200 and moved["name"] == "umbenannt"  # the same endpoint (normalised): no password


# --- mail identity ------------------------------------------------------------------------------


def set_sender(api: Api, tenant: NewTenant, address: str) -> dict:
    status, body = api.call(
        "POST", "/settings/email/sender", token=tenant.admin_token, json_body={"sender_address": address}
    )
    assert status == 200, body
    return dict(body)


def with_pixi(tenant: NewTenant, pixi: Simulator) -> None:
    """A pixi connection, so a support request gets as far as the mail setup."""
    from chalicelib.services.connections import add_connection
    from chalicelib.services.settings_audit import system_actor

    add_connection(system_actor(tenant.tenant_id), name="pixi", endpoint=f"{pixi.url}/soap/pixiDEM/",
                   username="pixiDEM", password="pixi-demo", test_first=False)


def readiness(api: Api, tenant: NewTenant) -> dict:
    return dict(api.call("GET", "/support-requests/readiness", token=tenant.admin_token)[1])


def test_a_tenant_cannot_adopt_a_sender_another_tenant_verified(api: Api, pixi: Simulator) -> None:
    owner = new_tenant(api, company="Besitzer GmbH")
    set_sender(api, owner, "info@besitzer.example")
    confirm(api, "info@besitzer.example")
    assert readiness(api, owner)["ready"]
    thief = new_tenant(api, company="Dieb GmbH")
    with_pixi(thief, pixi)
    mailed = len(mails_to("info@besitzer.example"))
    email = set_sender(api, thief, "info@besitzer.example")
    assert email["sender_state"] == "verified" and email["sender_confirmed"] is False  # SES: account-wide
    assert readiness(api, thief)["missing"] == ["verified_sender"]
    assert len(mails_to("info@besitzer.example")) == mailed + 1  # the link goes to the owner, not the thief
    owner_link = proof_token("info@besitzer.example")
    assert owner_link.startswith(f"{thief.tenant_id}.")  # it would prove the address for the thief ...
    status, body = api.call("POST", "/support-requests", token=thief.admin_token,
                            json_body={"customer_key": 1, "message": "Frage"})
    assert status == 409 and "verified_sender" in body["fields"]  # ... only when the owner opens it


def test_support_mail_goes_only_to_a_proven_support_address(
    api: Api, tenant: NewTenant, pixi: Simulator
) -> None:
    with_pixi(tenant, pixi)
    status, _ = api.call("PUT", "/settings/email", token=tenant.admin_token,
                         json_body={"support_address": "opfer@fremd.example"})
    assert status == 200
    assert readiness(api, tenant)["missing"][0] == "support_address"
    before = len(support_mails())
    set_sender(api, tenant, "noreply@callcenter.example")  # the platform default
    status, body = api.call("POST", "/support-requests", token=tenant.admin_token,
                            json_body={"customer_key": 1, "message": "Frage"})
    assert status == 409 and set(body["fields"]) == {"support_address"}
    assert len(support_mails()) == before and len(mails_to("opfer@fremd.example")) == 1  # only the link


def test_the_platform_address_sends_with_the_tenant_name(
    api: Api, tenant: NewTenant, pixi: Simulator
) -> None:
    from chalicelib.services.wiring import adapters

    with_pixi(tenant, pixi)
    email = set_sender(api, tenant, "NoReply@callcenter.example")
    assert email["sender_confirmed"] and email["sender_state"] == "verified"
    stored = adapters().tenants.get(tenant.tenant_id)
    assert stored is not None
    adapters().tenants.save(dataclasses.replace(stored, name="Sicherheits GmbH\r\nBcc: evil@example.com"))
    status, body = api.call("POST", "/support-requests", token=tenant.admin_token,
                            json_body={"customer_key": 1, "message": "Frage"})
    assert status == 200, body
    mail = support_mails()[-1]
    assert mail.sender == '"Sicherheits GmbH Bcc: evil@example.com" <noreply@callcenter.example>'
    assert all(name.lower() != "bcc" for name, _ in mail.headers)


def test_a_confirmation_link_works_once_only_while_newest_and_not_expired(
    api: Api, tenant: NewTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    def put(address: str) -> None:
        status, _ = api.call("PUT", "/settings/email", token=tenant.admin_token,
                             json_body={"support_address": address})
        assert status == 200

    def open_link(token: str) -> tuple[int, dict]:
        return api.call("POST", "/mail-addresses/confirm", json_body={"token": token})

    put("eins@link.example")
    first = proof_token("eins@link.example")
    put("zwei@link.example")  # replaces the pending proof: the first link stops working
    assert open_link(first)[0] == 404
    second = proof_token("zwei@link.example")
    status, body = open_link(second)
    assert status == 200 and body == {"tenant_name": "Sicherheits GmbH", "role": "support",
                                      "address": "zwei@link.example"}
    assert open_link(second)[0] == 404  # once
    for bad in ("kaputt", f"{tenant.tenant_id}.{'x' * 43}", "fremd." + "y" * 43):
        status, body = open_link(bad)
        assert status == 404 and body["code"] == "link_invalid"
    put("drei@link.example")
    from chalicelib.services import wiring

    real = wiring.adapters()
    later = real.now() + timedelta(hours=49)
    monkeypatch.setattr(wiring, "_adapters", dataclasses.replace(real, now=lambda: later))
    assert open_link(proof_token("drei@link.example"))[0] == 404  # expired
    monkeypatch.setattr(wiring, "_adapters", real)
    assert readiness(api, tenant)["missing"][0] == "support_address"

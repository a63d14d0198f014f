"""The pixi connection a request works on: the ``X-Pixi-Connection`` header (or the default), turned
into a connection ref by the HTTP layer only; every route that reads pixi honours it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import PixiNotConfiguredError
from chalicelib.services.connections import add_connection
from chalicelib.services.pixi_connection import open_connection, resolve_connection
from chalicelib.services.settings_audit import system_actor
from tests.functional.conftest import Api, Simulator
from tests.functional.test_tenant_support import new_tenant

UNKNOWN = {"X-Pixi-Connection": "Diese pixi-API-Verbindung gibt es nicht oder sie ist nicht aktiv."}


@dataclass(frozen=True)
class TwoPixis:
    tenant_id: str
    token: str
    dem: str  # the default connection (pixiDEM)
    tst: str  # a second active connection (pixiTST)
    inactive: str


@pytest.fixture(scope="module")
def two_pixis(api: Api, simulator: Simulator) -> TwoPixis:
    tenant = new_tenant(api, company="Zwei pixis GmbH")
    actor = system_actor(tenant.tenant_id)

    def add(database: str, password: str, *, active: bool = True) -> str:
        return add_connection(actor, name=database, endpoint=f"{simulator.url}/soap/{database}/",
                              username=database, password=password, active=active,
                              test_first=False).connection_id

    return TwoPixis(tenant_id=tenant.tenant_id, token=tenant.admin_token, dem=add("pixiDEM", "pixi-demo"),
                    tst=add("pixiTST", "pixi-test"), inactive=add("pixiTST", "pixi-test", active=False))


def on(connection: str) -> dict[str, str]:
    return {"X-Pixi-Connection": connection}


def pixi_routes(api: Api, token: str, headers: dict[str, str]) -> dict[str, tuple[int, dict]]:
    """Every route that reads pixi, called with ``headers``."""
    calls = {
        "search": ("GET", "/customers?q=Mustermann", None),
        "overview": ("GET", "/customers/1", None),
        "orders": ("GET", "/customers/1/orders", None),
        "order": ("GET", "/orders/1", None),
        "shops": ("GET", "/shops", None),
        "support": ("POST", "/support-requests", {"customer_key": 1, "message": "Frage"}),
    }
    return {name: api.call(method, path, token=token, json_body=body, headers=headers)
            for name, (method, path, body) in calls.items()}


def test_an_inactive_or_unknown_connection_is_refused_on_every_pixi_route(
    api: Api, pixi: Simulator, two_pixis: TwoPixis, fresh_pixi_cache: None
):
    for bad in (two_pixis.inactive, "unbekannt"):
        for name, (status, body) in pixi_routes(api, two_pixis.token, on(bad)).items():
            assert (name, status, body["code"], body["fields"]) == (name, 400, "validation_error", UNKNOWN)


def test_another_tenants_connection_is_refused(
    api: Api, pixi: Simulator, two_pixis: TwoPixis, demo_agent_token: str, fresh_pixi_cache: None
):
    status, body = api.call("GET", "/customers/1", token=demo_agent_token, headers=on(two_pixis.tst))
    assert status == 400 and body["fields"] == UNKNOWN
    status, body = api.call("GET", "/customers/1", token=two_pixis.token, headers=on("default"))  # demo's id
    assert status == 400 and body["fields"] == UNKNOWN
    status, body = api.call("GET", "/customers/1", token=demo_agent_token, headers=on("default"))
    assert status == 200 and body["customer_number"] == "K10001"


def test_every_pixi_route_reads_the_chosen_connection(
    api: Api, pixi: Simulator, two_pixis: TwoPixis, fresh_pixi_cache: None
):
    default = pixi_routes(api, two_pixis.token, {})
    chosen_dem = pixi_routes(api, two_pixis.token, on(two_pixis.dem))
    chosen_tst = pixi_routes(api, two_pixis.token, on(two_pixis.tst))
    for name in ("overview", "orders", "shops"):
        assert default[name][0] == chosen_tst[name][0] == 200, (name, chosen_tst[name])
        assert default[name] == chosen_dem[name], name  # no header: the default connection
    assert default["overview"][1]["customer_number"].startswith("K")
    assert chosen_tst["overview"][1]["customer_number"].startswith("T")  # pixiTST, not a cached pixiDEM
    assert default["orders"][1] != chosen_tst["orders"][1]
    assert [c["customer_number"] for c in default["search"][1]["customers"]] == ["K10001"]
    assert chosen_tst["search"] == (200, chosen_tst["search"][1]) and not chosen_tst["search"][1]["customers"]

    tst_order = chosen_tst["orders"][1]["orders"][0]["order_number"]
    status, order = api.call("GET", f"/orders/{tst_order}", token=two_pixis.token, headers=on(two_pixis.tst))
    assert status == 200 and order["customer"]["customer_number"].startswith("T")


def test_a_stored_ref_opens_its_own_connection_and_never_an_inactive_one(two_pixis: TwoPixis):
    """What a worker does with the ref a cart or a queue message carries."""
    assert resolve_connection(two_pixis.tenant_id, None) == ConnectionRef(two_pixis.tenant_id, two_pixis.dem)
    opened = open_connection(resolve_connection(two_pixis.tenant_id, two_pixis.tst))
    assert (opened.tenant_id, opened.connection_id, opened.username) == (two_pixis.tenant_id, two_pixis.tst,
                                                                         "pixiTST")
    for missing in (two_pixis.inactive, "unbekannt"):
        with pytest.raises(PixiNotConfiguredError):
            open_connection(ConnectionRef(two_pixis.tenant_id, missing))
    with pytest.raises(PixiNotConfiguredError):
        open_connection(ConnectionRef("demo", two_pixis.tst))  # another tenant's connection


def test_recent_customers_and_the_audit_trail_tell_the_same_key_on_two_connections_apart(
    api: Api, two_pixis: TwoPixis, fresh_pixi_cache: None
):
    """Issue 15: "Zuletzt bearbeitet" opened the customer with the same key of the other pixi."""
    token = two_pixis.token
    for connection in (two_pixis.dem, two_pixis.tst):
        status, body = api.call("GET", "/customers/1", token=token, headers=on(connection))
        assert status == 200, body
    status, body = api.call("GET", "/me/recent-customers", token=token)
    assert status == 200, body
    recent = [(c["customer_key"], c["connection_id"], c["connection_recorded"]) for c in body["customers"]]
    assert recent[:2] == [(1, two_pixis.tst, True), (1, two_pixis.dem, True)]
    names = [c["name"] for c in body["customers"][:2]]
    assert names[0] != names[1] and names[1] == "Erika Mustermann"
    status, trail = api.call("GET", f"/audit?customer_key=1&connection_id={two_pixis.tst}", token=token)
    assert status == 200, trail
    assert trail["events"] and {e["connection_id"] for e in trail["events"]} == {two_pixis.tst}

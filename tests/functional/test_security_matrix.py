"""The security matrix over EVERY route in ``/openapi.json``.

For each route: no token, an expired token, a tampered token, a token signed with another key and
a wrong scheme -> 401 (public routes excepted, listed in ``PUBLIC_ROUTES``); an agent token on an
admin route -> 403; a route of a booked option (``x-feature``) refuses a tenant without that
feature -> 403 ``feature_not_booked``; a token of tenant A on tenant B's resources -> 404/403 and
none of B's data.

A new route makes this test fail until it is covered: a public route must be in ``PUBLIC_ROUTES``,
a protected route open to agents in ``AGENT_ROUTES`` (all others must be admin-only); each path
parameter needs a sample value in ``SAMPLE_PATH_PARAMS``, a route gated by a feature an entry in
``FEATURE_ROUTES``, and each path parameter a cross-tenant class
(``TENANT_RESOURCE_PARAMS``, ``PIXI_SCOPED_PARAMS`` or ``LINK_PARAMS``); a route with a body that the
cross-tenant probe must get past needs ``SAMPLE_BODIES``.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.permissions import Principal
from chalicelib.services.tokens import issue_token
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings
from tests.functional.conftest import Api, Simulator

PUBLIC_ROUTES: set[tuple[str, str]] = {
    ("GET", "/health"),
    ("GET", "/openapi.json"),
    ("POST", "/auth/login"),
    ("POST", "/auth/password-reset"),
    ("POST", "/auth/password-reset/confirm"),
    ("POST", "/signup"),
    ("POST", "/signup/verify"),
    ("GET", "/invitations/{token}"),
    ("POST", "/invitations/accept"),
    ("POST", "/mail-addresses/confirm"),
}

AGENT_ROUTES: set[tuple[str, str]] = {
    ("POST", "/auth/refresh"),
    ("GET", "/me"),
    ("GET", "/customers"),
    ("GET", "/customers/{customer_key}"),
    ("GET", "/customers/{customer_key}/orders"),
    ("GET", "/orders/{order_number}"),
    ("GET", "/shops"),
    ("GET", "/pixi-connections"),
    ("GET", "/support-requests/readiness"),
    ("POST", "/support-requests"),
    ("GET", "/me/recent-customers"),
    ("GET", "/order-config"),
    ("GET", "/products"),
    ("POST", "/address-matches"),
    ("POST", "/carts"),
    ("GET", "/carts"),
    ("GET", "/carts/{cart_id}"),
    ("PATCH", "/carts/{cart_id}"),
    ("POST", "/carts/{cart_id}/lines"),
    ("POST", "/carts/{cart_id}/lines/paste"),
    ("PATCH", "/carts/{cart_id}/lines/{line_id}"),
    ("DELETE", "/carts/{cart_id}/lines/{line_id}"),
    ("POST", "/carts/{cart_id}/park"),
    ("POST", "/carts/{cart_id}/take-over"),
    ("POST", "/carts/{cart_id}/order/preview"),
    ("POST", "/carts/{cart_id}/order"),
    ("GET", "/placed-orders"),
    ("GET", "/placed-orders/{order_id}"),
    ("GET", "/promo-prices"),
}
"""Protected routes open to every agent; every other protected route must be admin-only."""

FEATURE_ROUTES: dict[tuple[str, str], str] = {
    ("GET", "/support-requests/readiness"): "support_mail",
    ("POST", "/support-requests"): "support_mail",
    ("GET", "/settings/order-config"): "ordering",
    ("PUT", "/settings/order-config"): "ordering",
    ("GET", "/order-config"): "ordering",
    ("GET", "/products"): "ordering",
    ("POST", "/address-matches"): "ordering",
    ("POST", "/carts"): "ordering",
    ("GET", "/carts"): "ordering",
    ("GET", "/carts/{cart_id}"): "ordering",
    ("PATCH", "/carts/{cart_id}"): "ordering",
    ("POST", "/carts/{cart_id}/lines"): "ordering",
    ("POST", "/carts/{cart_id}/lines/paste"): "ordering",
    ("PATCH", "/carts/{cart_id}/lines/{line_id}"): "ordering",
    ("DELETE", "/carts/{cart_id}/lines/{line_id}"): "ordering",
    ("POST", "/carts/{cart_id}/park"): "ordering",
    ("POST", "/carts/{cart_id}/take-over"): "ordering",
    ("POST", "/carts/{cart_id}/order/preview"): "ordering",
    ("POST", "/carts/{cart_id}/order"): "ordering",
    ("GET", "/placed-orders"): "ordering",
    ("GET", "/placed-orders/{order_id}"): "ordering",
    ("GET", "/settings/promo-imports"): "product_import",
    ("PUT", "/settings/promo-imports"): "product_import",
    ("POST", "/promo-imports/preview"): "product_import",
    ("POST", "/promo-imports/run"): "product_import",
    ("GET", "/promo-imports/runs"): "product_import",
    ("GET", "/promo-imports/runs/{run_id}/rejected.csv"): "product_import",
    ("GET", "/promo-prices"): "product_import",
}
"""Routes of a feature the tenant must have booked (``x-feature``), with that feature."""

SAMPLE_PATH_PARAMS: dict[str, str] = {
    "agent_id": "matrix-sample-agent",
    "connection_id": "matrix-sample-connection",
    "token": "A" * 43,
    "customer_key": "1",
    "order_number": "100001",
    "cart_id": "matrix-sample-cart",
    "line_id": "matrix-sample-line",
    "run_id": "20260101T000000000000Z-matrix",
    "order_id": "MATRIX-1",
}
TENANT_RESOURCE_PARAMS = {"run_id", "agent_id", "connection_id", "cart_id", "line_id", "order_id"}
"""Ids of records stored under the tenant: tenant A's token must get 404 for B's ids."""
PIXI_SCOPED_PARAMS = {"customer_key", "order_number"}
"""Ids inside the tenant's own pixi: A's token reaches only A's pixi, never B's data."""
LINK_PARAMS = {"token"}
"""Link tokens of public routes: no tenant in the request at all."""

SAMPLE_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/agents/{agent_id}/role"): {"role": "agent"},
    ("PATCH", "/carts/{cart_id}"): {"version": 1},
    ("POST", "/carts/{cart_id}/lines"): {"version": 1, "item_number": "X", "quantity": 1},
    ("POST", "/carts/{cart_id}/lines/paste"): {"version": 1, "text": "X 1"},
    ("PATCH", "/carts/{cart_id}/lines/{line_id}"): {"version": 1, "quantity": 1},
    ("POST", "/carts/{cart_id}/park"): {"version": 1, "note": ""},
    ("POST", "/carts/{cart_id}/take-over"): {"version": 1},
    ("POST", "/carts/{cart_id}/order/preview"): {"version": 1},
    ("POST", "/carts/{cart_id}/order"): {"version": 1},
}

ROUTES: list[tuple[str, str]] = []


def _documented_routes() -> list[tuple[str, str, dict[str, Any]]]:
    import app  # noqa: F401 - registers every route
    from chalicelib.api.openapi import openapi_document

    return [
        (method.upper(), path, op)
        for path, ops in sorted(openapi_document()["paths"].items())
        for method, op in sorted(ops.items())
    ]


DOCUMENTED = _documented_routes()
PROTECTED = [(m, p) for m, p, op in DOCUMENTED if op["security"]]
ADMIN_ONLY = [(m, p) for m, p, op in DOCUMENTED if op["x-admin-only"]]
PUBLIC = [(m, p) for m, p, op in DOCUMENTED if not op["security"]]
FEATURE_GATED = [(m, p) for m, p, op in DOCUMENTED if op["x-feature"]]


def params_of(path: str) -> list[str]:
    return re.findall(r"{(\w+)}", path)


def concrete(path: str, values: dict[str, str] | None = None) -> str:
    values = {**SAMPLE_PATH_PARAMS, **(values or {})}
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)


def route_id(route: tuple[str, str]) -> str:
    return f"{route[0]} {route[1]}"


# --- coverage: a new route fails here until it is classified -------------------------------------


def test_the_matrix_covers_every_route_of_the_app_and_of_openapi_json(api: Api):
    from app import app

    status, document = api.call("GET", "/openapi.json")
    assert status == 200
    served = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    registered = {(m, p) for p, methods in app.routes.items() for m in methods}
    assert served == registered == {(m, p) for m, p, _ in DOCUMENTED}
    assert set(PUBLIC) == PUBLIC_ROUTES, "a public route must be listed in PUBLIC_ROUTES (and only those)"
    not_admin = set(PROTECTED) - set(ADMIN_ONLY)
    assert not_admin == AGENT_ROUTES, "a protected route open to agents must be listed in AGENT_ROUTES"
    classified = TENANT_RESOURCE_PARAMS | PIXI_SCOPED_PARAMS | LINK_PARAMS
    for method, path, _ in DOCUMENTED:
        for name in params_of(path):
            assert name in SAMPLE_PATH_PARAMS, f"{method} {path}: add a sample for {{{name}}}"
            assert name in classified, f"{method} {path}: classify {{{name}}} for the cross-tenant probe"
            if name in LINK_PARAMS:
                assert (method, path) in PUBLIC_ROUTES
    assert set(SAMPLE_BODIES) <= {(m, p) for m, p, _ in DOCUMENTED}
    gated = {(m, p): op["x-feature"] for m, p, op in DOCUMENTED if op["x-feature"]}
    assert gated == FEATURE_ROUTES, "a route gated by a feature must be listed in FEATURE_ROUTES"


# --- tokens -------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class BadTokens:
    expired: str
    tampered: str
    foreign_key: str
    none_alg: str


@pytest.fixture(scope="module")
def bad_tokens(api: Api) -> BadTokens:
    key = adapters().secrets.get(token_signing_key_secret_name(get_settings()))
    agent = Principal(tenant_id="demo", agent_id="agent", role=Role.AGENT, email="agent@demo.example")
    expired = issue_token(agent, key=key, ttl_seconds=900, now=datetime.now(UTC) - timedelta(hours=1)).token
    valid = api.login("agent@demo.example")
    header, payload, signature = valid.split(".")
    claims = json.loads(_unb64(payload))
    claims.update(role="admin", tid="nordlicht")
    tampered = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    foreign = issue_token(agent, key="not-the-signing-key-" + "x" * 32, ttl_seconds=900).token
    none_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return BadTokens(
        expired=expired,
        tampered=tampered,
        foreign_key=foreign,
        none_alg=f"{none_header}.{_b64(json.dumps(claims).encode())}.",
    )


@pytest.mark.parametrize("route", PROTECTED, ids=route_id)
def test_protected_routes_refuse_missing_expired_and_forged_tokens(
    api: Api, bad_tokens: BadTokens, route: tuple[str, str]
):
    method, path = route
    url = concrete(path)
    attempts: dict[str, dict[str, str]] = {
        "no token": {},
        "expired": {"Authorization": f"Bearer {bad_tokens.expired}"},
        "tampered": {"Authorization": f"Bearer {bad_tokens.tampered}"},
        "other key": {"Authorization": f"Bearer {bad_tokens.foreign_key}"},
        "alg none": {"Authorization": f"Bearer {bad_tokens.none_alg}"},
        "wrong scheme": {"Authorization": f"Basic {bad_tokens.expired}"},
        "garbage": {"Authorization": "Bearer abc.def.ghi"},
    }
    for case, headers in attempts.items():
        status, body = api.call(method, url, headers=headers, json_body={})
        assert status == 401, f"{method} {url} with {case}: {status} {body}"
        # Without any Authorization header the gateway itself refuses (chalice and API Gateway
        # answer {"message": "Unauthorized"} before the authorizer runs); otherwise our shape.
        assert body.get("code") == "unauthenticated" or (
            case == "no token" and body == {"message": "Unauthorized"}
        ), (
            case,
            body,
        )


@pytest.mark.parametrize("route", ADMIN_ONLY, ids=route_id)
def test_agent_tokens_are_refused_on_admin_routes(api: Api, demo_agent_token: str, route: tuple[str, str]):
    method, path = route
    status, body = api.call(
        method, concrete(path), token=demo_agent_token, json_body=SAMPLE_BODIES.get(route, {})
    )
    assert (status, body["code"]) == (403, "forbidden"), body


@pytest.mark.parametrize("route", PUBLIC, ids=route_id)
def test_public_routes_never_ask_for_a_token(api: Api, route: tuple[str, str]):
    method, path = route
    status, body = api.call(method, concrete(path), json_body={})
    assert status != 401 and status < 500, body


# --- features the tenant has not booked ---------------------------------------------------------


def test_the_document_shows_which_feature_a_route_needs(api: Api):
    from chalicelib.api.openapi import operations

    _, document = api.call("GET", "/openapi.json")
    declared = {(op.method, op.path): op.feature for op in operations()}
    for (method, path), feature in FEATURE_ROUTES.items():
        doc = document["paths"][path][method.lower()]
        assert declared[(method, path)] == feature == doc["x-feature"]
        assert "feature_not_booked" in doc["responses"]["403"]["description"]
        assert feature in doc["responses"]["403"]["description"]
    for ops in document["paths"].values():
        for doc in ops.values():
            refusal = doc["responses"].get("403", {}).get("description", "")
            assert ("feature_not_booked" in refusal) is (doc["x-feature"] is not None), doc["operationId"]


@pytest.fixture(scope="module")
def unbooked_admin_token(api: Api) -> str:
    """The admin of a tenant whose stored package has no feature at all."""
    from chalicelib.domain.tenant import Tenant, TenantStatus
    from chalicelib.services.passwords import hash_password
    from tests.functional.conftest import PASSWORD

    suffix = uuid.uuid4().hex[:8]
    tenant_id = f"t-unbooked-{suffix}"
    deps = adapters()
    deps.tenants.save(
        Tenant(tenant_id=tenant_id, name="Ohne Paket KG", status=TenantStatus.ACTIVE, features=())
    )
    email = f"admin-{suffix}@ohne-paket.example"
    deps.agents.create(Agent(tenant_id=tenant_id, agent_id="admin", email=email, name="A", role=Role.ADMIN,
                             state=AgentState.ACTIVE, password_hash=hash_password(PASSWORD)))
    return api.login(email)


@pytest.mark.parametrize("route", FEATURE_GATED, ids=route_id)
def test_routes_of_a_feature_refuse_a_tenant_without_it(
    api: Api, unbooked_admin_token: str, route: tuple[str, str]
):
    method, path = route
    status, body = api.call(
        method, concrete(path), token=unbooked_admin_token, json_body=SAMPLE_BODIES.get(route, {})
    )
    assert (status, body["code"]) == (403, "feature_not_booked"), body
    assert body["message"] == "Diese Funktion ist im gebuchten Paket nicht enthalten."


@pytest.fixture
def ordering_probe() -> Iterator[Client]:
    """A throw-away app with one route of the ordering option (no real one exists yet)."""
    from pydantic import BaseModel

    from chalicelib.api import openapi
    from chalicelib.domain.tenant import Feature
    from tests.functional.probe import probe_client

    class ProbeOut(BaseModel):
        ok: bool

    path = "/_probe/ordering"

    @openapi.endpoint(path, summary="Probe", tag="probe", response=ProbeOut, feature=Feature.ORDERING)
    def ordering_probe(principal: Principal) -> ProbeOut:
        return ProbeOut(ok=True)

    with probe_client("ordering-probe", ("GET", path)) as client:
        yield client


def test_a_route_of_an_option_opens_once_the_option_is_booked(api: Api, ordering_probe: Client):
    from tests.functional.test_tenant_support import new_tenant

    tenant = new_tenant(api, company="Bestell-Probe GmbH")
    probe = Api(ordering_probe)
    status, body = probe.call("GET", "/_probe/ordering", token=tenant.admin_token)
    assert (status, body["code"]) == (403, "feature_not_booked"), body
    booked = {"features": ["ordering"]}
    assert api.call("PUT", "/settings/package", token=tenant.admin_token, json_body=booked)[0] == 200
    assert probe.call("GET", "/_probe/ordering", token=tenant.admin_token) == (200, {"ok": True})
    api.call("PUT", "/settings/package", token=tenant.admin_token, json_body={"features": []})
    status, body = probe.call("GET", "/_probe/ordering", token=tenant.admin_token)
    assert (status, body["code"]) == (403, "feature_not_booked"), body


# --- tenant A's token on tenant B's resources ---------------------------------------------------


@dataclass(frozen=True)
class TenantB:
    agent_id: str
    agent_email: str
    connection_id: str
    connection_name: str


@pytest.fixture(scope="module")
def tenant_b(pixi_module: None) -> TenantB:
    """Resources of Nordlicht with ids that exist only there."""
    from chalicelib.services.connections import add_connection
    from chalicelib.services.settings_audit import system_actor

    suffix = uuid.uuid4().hex[:8]
    agent = Agent(
        tenant_id="nordlicht",
        agent_id=f"nordlicht-only-{suffix}",
        email=f"b-{suffix}@nordlicht.example",
        name="Nur Nordlicht",
        role=Role.AGENT,
        state=AgentState.INVITED,
    )
    adapters().agents.create(agent)
    connection = add_connection(
        system_actor("nordlicht"),
        name=f"Nordlicht geheim {suffix}",
        endpoint="https://pixi.nordlicht.example/soap/pixiN/",
        username="pixiN",
        password="nordlicht-pw",
        active=False,
        connection_id=f"nordlicht-conn-{suffix}",
        test_first=False,
    )
    return TenantB(
        agent_id=agent.agent_id,
        agent_email=agent.email,
        connection_id=connection.connection_id,
        connection_name=connection.name,
    )


@pytest.fixture(scope="module")
def pixi_module(simulator: Simulator) -> None:
    simulator.clear_faults()


def _b_markers(b: TenantB) -> list[str]:
    return [
        b.agent_id,
        b.agent_email,
        b.connection_id,
        b.connection_name,
        "nordlicht",
        "Nordlicht",
        "pixiTST",
    ]


CROSS_TENANT = [(m, p) for m, p, _ in DOCUMENTED if set(params_of(p)) & TENANT_RESOURCE_PARAMS]
TENANT_LISTS = [
    (m, p)
    for m, p, op in DOCUMENTED
    if m == "GET" and op["security"] and not params_of(p) and op["x-admin-only"]
]
PIXI_SCOPED = [(m, p) for m, p, _ in DOCUMENTED if set(params_of(p)) & PIXI_SCOPED_PARAMS]


@pytest.mark.parametrize("route", CROSS_TENANT, ids=route_id)
def test_a_tenant_cannot_reach_another_tenants_records(api: Api, tenant_b: TenantB, route: tuple[str, str]):
    method, path = route
    demo_admin = api.login("admin@demo.example")
    url = concrete(path, {"agent_id": tenant_b.agent_id, "connection_id": tenant_b.connection_id})
    status, body = api.call(method, url, token=demo_admin, json_body=SAMPLE_BODIES.get(route, {}))
    assert status in (403, 404), f"{method} {url}: {status} {body}"
    text = json.dumps(body)
    assert not any(marker in text for marker in _b_markers(tenant_b)), text
    still = adapters().agents.get("nordlicht", tenant_b.agent_id)
    assert still is not None and still.state is AgentState.INVITED and still.role is Role.AGENT
    connection = adapters().connections.get("nordlicht", tenant_b.connection_id)
    assert (
        connection is not None and connection.name == tenant_b.connection_name and not connection.is_default
    )


@pytest.mark.parametrize("route", TENANT_LISTS, ids=route_id)
def test_admin_lists_show_only_the_own_tenant(api: Api, tenant_b: TenantB, route: tuple[str, str]):
    method, path = route
    status, body = api.call(method, path, token=api.login("admin@demo.example"))
    assert status == 200, body
    text = json.dumps(body)
    assert not any(marker in text for marker in _b_markers(tenant_b)), text


@pytest.mark.parametrize("route", PIXI_SCOPED, ids=route_id)
def test_pixi_ids_resolve_only_in_the_own_pixi(
    api: Api, pixi: Simulator, nordlicht_agent_token: str, demo_agent_token: str, route: tuple[str, str]
):
    method, path = route
    status, orders = api.call("GET", "/customers/1/orders", token=demo_agent_token)
    assert status == 200, orders
    demo_order = str(orders["orders"][0]["order_number"])
    url = concrete(path, {"customer_key": "1", "order_number": demo_order})
    status, demo_body = api.call(method, url, token=demo_agent_token)
    assert status == 200, demo_body  # what Demo sees under these ids
    status, body = api.call(method, url, token=nordlicht_agent_token)
    assert status in (200, 404), body
    assert body != demo_body and "Mustermann" not in json.dumps(body)

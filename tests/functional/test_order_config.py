"""The order configuration (O5) through the routes: admin form per pixi connection with help texts,
pixi's choices and the change history; per-field errors; what agents read; the option gate."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.functional.conftest import PASSWORD, Api, Simulator

SHOP_CONFIG: dict[str, Any] = {
    "enabled": True,
    "allow_without_stock": False,
    "stock_display": "number",
    "stock_few_threshold": 5,
    "customer_number_prefix": "TK-",
    "order_number_prefix": "TB-",
    "comment_template": "Telefonbestellung von $agent",
    "default_currency": "EUR",
    "import_channel_id": 7,
    "cart_expiry_hours": 24,
    "order_confirmation_mail": False,
    "payment_methods": [
        {"code": "R", "adjustment": None},
        {"code": "B", "adjustment": None},
        {"code": "N", "adjustment": {"kind": "surcharge", "percent": None, "amounts": {"EUR": "4.00"}}},
        {"code": "V", "adjustment": {"kind": "discount", "percent": "2.5", "amounts": None}},
    ],
    "shipping_methods": [
        {
            "vendor_code": "DHL",
            "name": "DHL Paket",
            "countries": ["DE", "AT"],
            "prices": [{"currency": "EUR", "cost": "4.90", "free_from": "50.00"}],
        },
        {
            "vendor_code": "UPS",
            "name": "UPS Express",
            "countries": ["DE", "AT", "CH"],
            "prices": [
                {"currency": "EUR", "cost": "12.90", "free_from": None},
                {"currency": "CHF", "cost": "14.90", "free_from": None},
            ],
        },
    ],
}


@dataclass(frozen=True)
class Shop:
    """A tenant of its own with the order function booked and configured on pixiDEM."""

    tenant_id: str
    admin_token: str
    agent_token: str
    agent_email: str
    other_agent_token: str
    other_agent_email: str


def ordering_shop(api: Api, simulator: Simulator, *, config: dict[str, Any] | None = SHOP_CONFIG) -> Shop:
    from chalicelib import bootstrap
    from chalicelib.domain.agent import Agent, AgentState, Role
    from chalicelib.domain.tenant import BASIC_PACKAGE, Feature, Tenant, TenantStatus
    from chalicelib.services.passwords import hash_password
    from chalicelib.services.wiring import adapters

    suffix = uuid.uuid4().hex[:8]
    tenant_id = f"t-order-{suffix}"
    deps = adapters()
    deps.tenants.save(
        Tenant(
            tenant_id=tenant_id,
            name="Bestell KG",
            status=TenantStatus.ACTIVE,
            features=(*BASIC_PACKAGE, Feature.ORDERING),
        )
    )
    bootstrap.seed_connection(
        tenant_id, endpoint=f"{simulator.url}/soap/pixiDEM/", username="pixiDEM", password="pixi-demo"
    )
    emails = {}
    for agent_id, role in (("admin", Role.ADMIN), ("agent", Role.AGENT), ("other", Role.AGENT)):
        emails[agent_id] = f"{agent_id}-{suffix}@bestell.example"
        deps.agents.create(
            Agent(
                tenant_id=tenant_id,
                agent_id=agent_id,
                email=emails[agent_id],
                name=agent_id,
                role=role,
                state=AgentState.ACTIVE,
                password_hash=hash_password(PASSWORD),
            )
        )
    shop = Shop(
        tenant_id=tenant_id,
        admin_token=api.login(emails["admin"]),
        agent_token=api.login(emails["agent"]),
        agent_email=emails["agent"],
        other_agent_token=api.login(emails["other"]),
        other_agent_email=emails["other"],
    )
    if config is not None:
        status, body = api.call("PUT", "/settings/order-config", token=shop.admin_token, json_body=config)
        assert status == 200, body
    return shop


@pytest.fixture
def shop(api: Api, pixi: Simulator) -> Shop:
    return ordering_shop(api, pixi, config=None)


def test_an_unsaved_configuration_is_off_with_help_and_pixis_choices(api: Api, shop: Shop):
    status, body = api.call("GET", "/settings/order-config", token=shop.admin_token)
    assert status == 200, body
    assert body["connection_id"] == "default"
    assert body["config"]["enabled"] is False and body["config"]["payment_methods"] == []
    assert body["config"]["stock_few_threshold"] == 5 and body["changes"] == []
    help_texts = body["help"]
    assert "ChannelRef" in help_texts["import_channel_id"]["de"] and help_texts["import_channel_id"]["en"]
    assert "aktiv" in help_texts["import_channel_id"]["de"]
    for path in (
        "stock_few_threshold",
        "payment_methods.*.adjustment.percent",
        "payment_methods.*.adjustment.amounts",
        "shipping_methods.*.prices.*.free_from",
    ):
        assert help_texts[path]["de"], path
    types = {t["code"]: t for t in body["reference"]["payment_types"]}
    assert (
        types["R"]["choosable"] is True and types["R"]["kind"] == "invoice" and types["R"]["reason"] is None
    )
    assert types["K"]["choosable"] is False and "Kreditkarten" in types["K"]["reason"]
    assert {"code": "EUR", "active": True} in body["reference"]["currencies"]
    assert {"iso2": "DE", "name": "Deutschland"} in body["reference"]["countries"]


def test_a_saved_configuration_reads_back_and_records_old_and_new(api: Api, shop: Shop):
    status, body = api.call("PUT", "/settings/order-config", token=shop.admin_token, json_body=SHOP_CONFIG)
    assert status == 200, body
    assert body["config"] == SHOP_CONFIG | {
        "payment_methods": [
            {"code": "R", "adjustment": None},
            {"code": "B", "adjustment": None},
            {"code": "N", "adjustment": {"kind": "surcharge", "percent": None, "amounts": {"EUR": "4.00"}}},
            {"code": "V", "adjustment": {"kind": "discount", "percent": "2.5", "amounts": None}},
        ],
    }
    assert api.call("GET", "/settings/order-config", token=shop.admin_token)[1]["config"] == body["config"]
    changed = copy.deepcopy(SHOP_CONFIG) | {"cart_expiry_hours": 48, "order_number_prefix": "NEU-"}
    status, body = api.call("PUT", "/settings/order-config", token=shop.admin_token, json_body=changed)
    assert status == 200, body
    latest = body["changes"][0]
    assert latest["action"] == "order_config.changed" and latest["agent_email"].startswith("admin-")
    assert latest["details"]["changed"] == {
        "cart_expiry_hours": {"from": 24, "to": 48},
        "order_number_prefix": {"from": "TB-", "to": "NEU-"},
    }
    assert len(body["changes"]) == 2 and "enabled" in body["changes"][1]["details"]["changed"]


def test_invalid_values_get_a_message_per_field_path(api: Api, shop: Shop):
    bad = copy.deepcopy(SHOP_CONFIG)
    bad["payment_methods"][1] = {"code": "B", "adjustment": {"kind": "surcharge", "percent": "150"}}
    bad["payment_methods"].append({"code": "K"})
    bad["shipping_methods"][1]["prices"][1]["cost"] = "-1"
    bad["default_currency"] = "USD"
    bad["stock_few_threshold"] = 0
    status, body = api.call("PUT", "/settings/order-config", token=shop.admin_token, json_body=bad)
    assert status == 400, body
    fields = body["fields"]
    assert "Prozentsatz" in fields["payment_methods.1.adjustment.percent"]
    assert "Kreditkarten" in fields["payment_methods.4.code"]
    assert "Betrag" in fields["shipping_methods.1.prices.1.cost"]
    assert "USD" in fields["default_currency"] and "EUR" in fields["default_currency"]
    assert "stock_few_threshold" in fields
    twice = copy.deepcopy(SHOP_CONFIG)
    twice["payment_methods"][0]["adjustment"] = {"kind": "surcharge", "percent": "1", "amounts": {"EUR": "1"}}
    status, body = api.call("PUT", "/settings/order-config", token=shop.admin_token, json_body=twice)
    assert status == 400 and "payment_methods.0.adjustment" in body["fields"], body
    status, body = api.call(
        "PUT",
        "/settings/order-config",
        token=shop.admin_token,
        json_body={"enabled": "vielleicht", "colour": "blau"},
    )
    assert status == 400 and set(body["fields"]) >= {"enabled", "colour"}, body
    assert api.call("GET", "/settings/order-config", token=shop.admin_token)[1]["config"]["enabled"] is False


def test_enabling_needs_the_parts_an_order_needs(api: Api, shop: Shop):
    status, body = api.call(
        "PUT", "/settings/order-config", token=shop.admin_token, json_body={"enabled": True}
    )
    assert status == 400, body
    assert set(body["fields"]) >= {
        "default_currency",
        "import_channel_id",
        "payment_methods",
        "shipping_methods",
    }


def test_agents_read_the_configuration_and_cannot_change_it(api: Api, pixi: Simulator):
    shop = ordering_shop(api, pixi)
    status, body = api.call("GET", "/order-config", token=shop.agent_token)
    assert status == 200, body
    assert body["enabled"] is True and body["default_currency"] == "EUR"
    assert body["currencies"] == ["CHF", "EUR"] and body["stock_display"] == "number"
    cod = next(m for m in body["payment_methods"] if m["code"] == "N")
    assert cod["kind"] == "cash_on_delivery" and cod["adjustment"]["amounts"] == {"EUR": "4.00"}
    debit = next(m for m in body["payment_methods"] if m["code"] == "B")
    assert debit["needs_bank_account"] is True and debit["text"] == "Bankeinzug/Lastschrift"
    assert [m["vendor_code"] for m in body["shipping_methods"]] == ["DHL", "UPS"]
    status, refused = api.call("PUT", "/settings/order-config", token=shop.agent_token, json_body=SHOP_CONFIG)
    assert (status, refused["code"]) == (403, "forbidden")


def test_agents_of_a_connection_without_configuration_are_told_so(api: Api, shop: Shop):
    status, body = api.call("GET", "/order-config", token=shop.agent_token)
    assert (status, body["code"]) == (409, "ordering_not_configured"), body
    assert "nicht eingerichtet" in body["message"]


def test_the_routes_need_the_ordering_option(api: Api, pixi: Simulator, nordlicht_agent_token: str):
    status, body = api.call("GET", "/order-config", token=nordlicht_agent_token)
    assert (status, body["code"]) == (403, "feature_not_booked"), body


def test_the_demo_tenant_is_seeded_ready_to_order(api: Api, pixi: Simulator, demo_agent_token: str):
    status, body = api.call("GET", "/order-config", token=demo_agent_token)
    assert status == 200, body
    assert body["enabled"] is True and body["default_currency"] == "EUR"
    cod = next(m for m in body["payment_methods"] if m["code"] == "N")
    assert cod["adjustment"]["kind"] == "surcharge"
    prices = {m["vendor_code"]: m["prices"] for m in body["shipping_methods"]}
    assert prices["DHL"][0]["free_from"] == "50.00" and prices["UPS"][0]["cost"] == "12.90"

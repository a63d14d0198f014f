"""Create the tables and seed the demo tenants (the local stack, tests; a deployed stage gets its
tables, queues and signing key from the templates of infra/).

Both functions are idempotent and use the environment's settings (``APP_STAGE``, endpoints, ...).
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
from typing import Any

from chalicelib.adapters import aws
from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.tenant import BASIC_PACKAGE, Tenant, TenantStatus
from chalicelib.errors import ConflictError
from chalicelib.log import logger
from chalicelib.services import connections
from chalicelib.services.passwords import hash_password
from chalicelib.services.settings_audit import system_actor
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

DEMO_PASSWORD = "Demo-Passw0rd!"
DEMO_CONNECTION_ID = "default"
DEMO_PROMO_FILE_PATH = "/demo/aktionspreise.csv"  # served by devstack/web.py


def create_tables() -> None:
    """Create every table of ``infra/data.yaml`` that is missing, with the keys, indexes and TTL
    the template gives it, named ``<table_prefix><base name>`` (on demand; locally without the
    encryption and backups CloudFormation adds). The idempotency table of Powertools is one of them.
    """
    from chalicelib.adapters.dynamo.table_definitions import table_definitions

    dynamodb = aws.client("dynamodb")
    prefix = get_settings().table_prefix
    for definition in table_definitions().values():
        table_name = prefix + definition.base_name
        try:
            dynamodb.describe_table(TableName=table_name)
        except dynamodb.exceptions.ResourceNotFoundException:
            dynamodb.create_table(**definition.create_table_request(table_name))
            dynamodb.get_waiter("table_exists").wait(TableName=table_name)
            logger.info("table created", extra={"table": table_name})
        if definition.ttl_attribute is not None:
            _enable_time_to_live(table_name, definition.ttl_attribute)


def create_queues() -> None:
    """Create every work queue with its dead-letter queue (idempotent)."""
    from chalicelib.adapters.queue import WORK_QUEUES, create_work_queue

    for name in WORK_QUEUES:
        create_work_queue(name)


def _enable_time_to_live(table_name: str, attribute: str) -> None:
    """Let DynamoDB remove expired items by ``attribute`` (epoch seconds); idempotent."""
    dynamodb = aws.client("dynamodb")
    described = dynamodb.describe_time_to_live(TableName=table_name).get("TimeToLiveDescription", {})
    if described.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        return
    dynamodb.update_time_to_live(
        TableName=table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute}
    )


def ensure_token_signing_key() -> None:
    store = adapters().secrets
    name = token_signing_key_secret_name(get_settings())
    if not store.exists(name):
        store.put(name, secrets.token_urlsafe(48), description="HS256 key for agent tokens")


def verify_sender_identity() -> None:
    aws.client("ses").verify_email_identity(EmailAddress=get_settings().mail_from)


def seed_connection(tenant_id: str, *, endpoint: str, username: str, password: str) -> None:
    """The tenant's connection ``default`` to the simulator, saved the one way connections are
    saved (audited, by the system), but untested: the simulator may not be up yet. A later seed
    with another simulator address (another port) moves it there."""
    system = system_actor(tenant_id)
    stored = adapters().connections.get(tenant_id, DEMO_CONNECTION_ID)
    if stored is None:
        connections.add_connection(
            system, connection_id=DEMO_CONNECTION_ID, name="pixi", endpoint=endpoint, username=username,
            password=password, test_first=False,
        )
    elif (stored.endpoint, stored.username) != (endpoint, username):
        connections.update_connection(
            system, DEMO_CONNECTION_ID, endpoint=endpoint, username=username, password=password,
            test_first=False,
        )


def _seed_tenant(
    *,
    tenant_id: str,
    name: str,
    endpoint: str,
    pixi_user: str,
    pixi_password: str,
    admin_email: str,
    agent_email: str,
) -> list[tuple[str, str, str]]:
    deps = adapters()
    mail_from = get_settings().mail_from
    support_address = f"support@{admin_email.split('@')[1]}"
    stored = deps.tenants.get(tenant_id)
    if stored is None:
        deps.tenants.save(
            Tenant(
                tenant_id=tenant_id,
                name=name,
                status=TenantStatus.ACTIVE,
                features=BASIC_PACKAGE,
                support_address=support_address,
                sender_address=mail_from,  # the platform default, shown with the tenant's name
                support_proven=support_address,  # the demo's support address counts as proven
            )
        )
    elif stored.support_address == support_address and stored.support_proven != support_address:
        deps.tenants.save(dataclasses.replace(stored, support_proven=support_address))  # older seeds
    seed_connection(tenant_id, endpoint=endpoint, username=pixi_user, password=pixi_password)
    password_hash = hash_password(DEMO_PASSWORD)
    for agent_id, email, agent_name, role in (
        ("admin", admin_email, "Demo Admin", Role.ADMIN),
        ("agent", agent_email, "Demo Agent", Role.AGENT),
    ):
        with contextlib.suppress(ConflictError):  # seeded before
            deps.agents.create(
                Agent(
                    tenant_id=tenant_id,
                    agent_id=agent_id,
                    email=email,
                    name=f"{agent_name} ({name})",
                    role=role,
                    state=AgentState.ACTIVE,
                    password_hash=password_hash,
                )
            )
    return [(name, admin_email, DEMO_PASSWORD), (name, agent_email, DEMO_PASSWORD)]


def seed_demo_promo_import(tenant_id: str) -> None:
    """Book the product import for the tenant and configure the demo price file (EUR, item numbers)
    that the local web server serves, so the first import can be started from the page at once."""
    from chalicelib.domain.promo_price_csv import IdType
    from chalicelib.domain.tenant import ConnectionRef, Feature
    from chalicelib.services import package, promo_imports

    system = system_actor(tenant_id)
    booked = package.package(tenant_id)
    if Feature.PRODUCT_IMPORT not in booked:
        package.set_package(system, (*booked, Feature.PRODUCT_IMPORT))
    promo_imports.seed_configuration(
        system,
        ConnectionRef(tenant_id, DEMO_CONNECTION_ID),
        currency="EUR",
        url=f"{get_settings().web_base_url.rstrip('/')}{DEMO_PROMO_FILE_PATH}",
        id_type=IdType.ITEM_NUMBER,
    )


DEMO_IMPORT_CHANNEL = 7
"""The simulator's active import channel ("Callcenter"; channel 3 is inactive)."""
DEMO_ORDER_CONFIG: dict[str, Any] = {
    "enabled": True,
    "allow_without_stock": False,
    "stock_display": "number",
    "few_stock_threshold": 5,
    "customer_number_prefix": "CC-K",
    "order_number_prefix": "CC-",
    "comment_template": "Telefonische Bestellung, aufgenommen von $agent",
    "default_currency": "EUR",
    "import_channel_id": DEMO_IMPORT_CHANNEL,
    "cart_expiry_hours": 72,
    "payment_methods": [
        {"code": "R", "adjustment": None},
        {"code": "B", "adjustment": None},
        {"code": "N", "adjustment": {"kind": "surcharge", "mode": "absolute",
                                     "value": {"EUR": "4.00", "CHF": "4.50"}}},
        {"code": "V", "adjustment": {"kind": "discount", "mode": "percent", "value": "2"}},
    ],
    "shipping_methods": [
        {"vendor_code": "DHL", "name": "DHL Paket", "countries": ["DE", "AT"],
         "prices": {"EUR": {"cost": "4.90", "free_from": "50.00"}}},
        {"vendor_code": "UPS", "name": "UPS Express", "countries": ["DE", "AT", "CH"],
         "prices": {"EUR": {"cost": "12.90", "free_from": None},
                    "CHF": {"cost": "14.90", "free_from": None}}},
    ],
}
"""The demo's order configuration: payment methods with a surcharge and a discount, two shipping
methods with costs (one with a free-shipping threshold), prefixes and the simulator's channel."""


def seed_demo_ordering(tenant_id: str) -> None:
    """Book the order function for the tenant and save the demo order configuration for its
    connection (once: a configuration an admin changed is kept). The simulator's reference data is
    given here, so the seed needs no running simulator."""
    from chalicelib.domain.reference import Currency, PaymentType
    from chalicelib.domain.tenant import ConnectionRef, Feature
    from chalicelib.services import order_config, package

    system = system_actor(tenant_id)
    booked = package.package(tenant_id)
    if Feature.ORDERING not in booked:
        package.set_package(system, (*booked, Feature.ORDERING))
    order_config.seed_config(
        system,
        ConnectionRef(tenant_id, DEMO_CONNECTION_ID),
        DEMO_ORDER_CONFIG,
        payment_types=(
            PaymentType("R", "INVOICE", "Rechnung", "ANG"),
            PaymentType("B", "DEBIT", "Bankeinzug/Lastschrift", "ANG"),
            PaymentType("N", "CASH_ON_DELIVERY", "Nachnahme", "ANG"),
            PaymentType("V", "ADVANCE_PAYMENT", "Vorkasse", "HAL"),
            PaymentType("K", "CARD", "Kreditkarte", "ANG"),
        ),
        currencies=(Currency(1, "EUR", True), Currency(2, "CHF", True), Currency(3, "USD", False)),
    )


def seed_demo(pixi_endpoint_base: str) -> list[tuple[str, str, str]]:
    """Seed "Demo GmbH" (pixiDEM) and "Nordlicht Handels AG" (pixiTST); returns (tenant name,
    e-mail, password) of every demo login. Also creates the token signing key and verifies the
    SES sender identity."""
    base = pixi_endpoint_base.rstrip("/")
    ensure_token_signing_key()
    verify_sender_identity()
    logins = _seed_tenant(
        tenant_id="demo",
        name="Demo GmbH",
        endpoint=f"{base}/soap/pixiDEM/",
        pixi_user="pixiDEM",
        pixi_password="pixi-demo",
        admin_email="admin@demo.example",
        agent_email="agent@demo.example",
    )
    seed_demo_ordering("demo")
    seed_demo_promo_import("demo")
    logins += _seed_tenant(
        tenant_id="nordlicht",
        name="Nordlicht Handels AG",
        endpoint=f"{base}/soap/pixiTST/",
        pixi_user="pixiTST",
        pixi_password="pixi-test",
        admin_email="admin@nordlicht.example",
        agent_email="agent@nordlicht.example",
    )
    return logins

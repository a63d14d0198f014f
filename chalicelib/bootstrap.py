"""Create the tables and seed the demo tenants (the local stack, tests, a fresh deployment).

Both functions are idempotent and use the environment's settings (``APP_STAGE``, endpoints, ...).
"""

from __future__ import annotations

import contextlib
import secrets

from chalicelib.adapters import aws
from chalicelib.adapters.secrets import token_signing_key_secret_name
from chalicelib.domain.agent import Agent, AgentState, Role
from chalicelib.domain.tenant import BASIC_PACKAGE, Tenant, TenantStatus
from chalicelib.errors import ConflictError
from chalicelib.log import logger
from chalicelib.services.passwords import hash_password
from chalicelib.services.pixi_connection import store_connection
from chalicelib.services.wiring import adapters
from chalicelib.settings import get_settings

DEMO_PASSWORD = "Demo-Passw0rd!"


def create_tables() -> None:
    """Create every table of the PynamoDB models that is missing (pay per request)."""
    from chalicelib.adapters.dynamo.models import ALL_MODELS, TTL_ATTRIBUTE, configure_models

    configure_models()
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)
            logger.info("table created", extra={"table": model.Meta.table_name})
        if TTL_ATTRIBUTE in model.get_attributes():
            _enable_time_to_live(model.Meta.table_name, TTL_ATTRIBUTE)


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
    if deps.tenants.get(tenant_id) is None:
        deps.tenants.save(
            Tenant(
                tenant_id=tenant_id,
                name=name,
                status=TenantStatus.ACTIVE,
                features=BASIC_PACKAGE,
                support_address=f"support@{admin_email.split('@')[1]}",
                sender_address=mail_from,
            )
        )
    store_connection(
        tenant_id,
        connection_id="default",
        name="pixi",
        endpoint=endpoint,
        username=pixi_user,
        password=pixi_password,
        is_default=True,
    )
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

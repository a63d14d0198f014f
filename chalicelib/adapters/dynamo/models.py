"""PynamoDB models. Every key starts with the tenant, except the global e-mail registry.

Table names are ``TABLE_PREFIX`` + a base name; ``configure_models()`` applies the current settings
(prefix, region, endpoint) and is called by every repository before it touches a table, so a test
that changes the environment gets fresh connections.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE
from pynamodb.models import Model

from chalicelib.settings import Settings, get_settings


class TenantModel(Model):
    class Meta:
        table_name = "tenants"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    status = UnicodeAttribute()
    features = ListAttribute(of=UnicodeAttribute, default=list)
    support_address = UnicodeAttribute(default="")
    sender_address = UnicodeAttribute(default="")
    created_at = UTCDateTimeAttribute()


class AgentModel(Model):
    class Meta:
        table_name = "agents"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    agent_id = UnicodeAttribute(range_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()
    state = UnicodeAttribute()
    password_hash = UnicodeAttribute(default="")
    failed_logins = NumberAttribute(default=0)
    locked_until = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class EmailRegistryModel(Model):
    """The one table not keyed by tenant: an e-mail address is unique in the whole system.

    Written in the same DynamoDB transaction as the agent, with ``attribute_not_exists``, so two
    concurrent invitations of one address cannot both succeed.
    """

    class Meta:
        table_name = "email-registry"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    email = UnicodeAttribute(hash_key=True)  # normalized
    tenant_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()


class PixiConnectionModel(Model):
    class Meta:
        table_name = "pixi-connections"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    endpoint = UnicodeAttribute()
    username = UnicodeAttribute()
    password_secret_ref = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    is_default = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()


ALL_MODELS: dict[type[Model], str] = {
    TenantModel: "tenants",
    AgentModel: "agents",
    EmailRegistryModel: "email-registry",
    PixiConnectionModel: "pixi-connections",
}

_configured_for: Settings | None = None


def configure_models(settings: Settings | None = None) -> None:
    """Point every model at the tables of the current settings (cheap when nothing changed)."""
    global _configured_for
    settings = settings or get_settings()
    if _configured_for is settings:
        return
    for model, base_name in ALL_MODELS.items():
        meta: Any = model.Meta
        meta.table_name = settings.table_prefix + base_name
        meta.region = settings.aws_region
        meta.host = settings.dynamodb_endpoint
        model._connection = None
    _configured_for = settings

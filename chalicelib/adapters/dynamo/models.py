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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
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
    ttl = NumberAttribute(null=True)
    """Epoch seconds: a signup that is never verified expires (removed on verification)."""


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
    ttl = NumberAttribute(null=True)
    # The sha256 of the agent's one current link per purpose (see domain.link_token): a new link
    # replaces the old one, using a link clears it.
    invitation_hash = UnicodeAttribute(null=True)
    verification_hash = UnicodeAttribute(null=True)
    password_reset_hash = UnicodeAttribute(null=True)


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
    ttl = NumberAttribute(null=True)


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


class LinkTokenModel(Model):
    """A link sent by mail, keyed by the sha256 of its token (the token itself is never stored)."""

    class Meta:
        table_name = "link-tokens"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    tenant_id = UnicodeAttribute()
    agent_id = UnicodeAttribute()
    email = UnicodeAttribute()
    language = UnicodeAttribute(default="de")
    expires_at = UTCDateTimeAttribute()
    ttl = NumberAttribute()


class RateLimitModel(Model):
    """One counter per rule, key and time window; DynamoDB removes old windows by TTL."""

    class Meta:
        table_name = "rate-limits"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    bucket = UnicodeAttribute(hash_key=True)
    attempts = NumberAttribute(default=0)
    ttl = NumberAttribute()


class _AuditIndexMeta:
    projection = AllProjection()


class AuditByAgentIndex(GlobalSecondaryIndex["AuditEventModel"]):
    """An agent's events: ``<tenant>#<agent id>``, newest last."""

    class Meta(_AuditIndexMeta):
        index_name = "by-agent"

    agent_partition = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditByCustomerIndex(GlobalSecondaryIndex["AuditEventModel"]):
    """A customer's events: ``<tenant>#<customer key>`` (only events for a customer have it)."""

    class Meta(_AuditIndexMeta):
        index_name = "by-customer"

    customer_partition = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditByKindIndex(GlobalSecondaryIndex["AuditEventModel"]):
    """Admin changes or customer actions: ``<tenant>#admin`` / ``<tenant>#customer``."""

    class Meta(_AuditIndexMeta):
        index_name = "by-kind"

    kind_partition = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditEventModel(Model):
    """The audit trail (B1): append-only, one item per event, removed after the retention by TTL.

    Admin changes (team, settings) are events of kind ``admin`` in the same table."""

    class Meta:
        table_name = "audit-events"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)  # "<UTC time>#<event id>": sorts by time
    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    agent_id = UnicodeAttribute()
    agent_email = UnicodeAttribute()
    action = UnicodeAttribute()
    outcome = UnicodeAttribute()
    kind = UnicodeAttribute()
    agent_partition = UnicodeAttribute()
    kind_partition = UnicodeAttribute()
    customer_partition = UnicodeAttribute(null=True)
    customer_key = NumberAttribute(null=True)
    customer_number = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute(null=True)  # as the agent saw it when the event was recorded
    order_number = NumberAttribute(null=True)
    details = UnicodeAttribute(default="{}")  # JSON, small, never secrets
    ttl = NumberAttribute()

    by_agent = AuditByAgentIndex()
    by_customer = AuditByCustomerIndex()
    by_kind = AuditByKindIndex()


ALL_MODELS: dict[type[Model], str] = {
    TenantModel: "tenants",
    AgentModel: "agents",
    EmailRegistryModel: "email-registry",
    PixiConnectionModel: "pixi-connections",
    LinkTokenModel: "link-tokens",
    RateLimitModel: "rate-limits",
    AuditEventModel: "audit-events",
}

TTL_ATTRIBUTE = "ttl"
"""The attribute DynamoDB's time to live reads, on every table whose model has it."""

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

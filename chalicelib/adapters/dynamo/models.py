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
    UnicodeSetAttribute,
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
    support_proven = UnicodeAttribute(null=True)
    sender_proven = UnicodeAttribute(null=True)
    """The addresses this tenant proved it owns, and the pending proof (a link) per role: the sha256
    of its token, the address it was mailed to, its expiry (chalicelib.adapters.dynamo.address_proofs)."""
    support_proof_hash = UnicodeAttribute(null=True)
    support_proof_address = UnicodeAttribute(null=True)
    support_proof_expires_at = UTCDateTimeAttribute(null=True)
    sender_proof_hash = UnicodeAttribute(null=True)
    sender_proof_address = UnicodeAttribute(null=True)
    sender_proof_expires_at = UTCDateTimeAttribute(null=True)


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
    # Goes up with each password change, disable, enable and role change: older tokens stop working.
    session_version = NumberAttribute(default=0)
    # Goes up when an admin unlocks or a new password is set: older login-failure streaks stop counting.
    unlocks = NumberAttribute(default=0)


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
    last_failed_at = NumberAttribute(null=True)  # failure streaks (login throttle): epoch seconds


class PixiBreakerModel(Model):
    """The circuit breaker of one pixi connection (``domain.circuit_breaker``), shared by every
    instance; written only when its state changes, with a condition on ``version``."""

    class Meta:
        table_name = "pixi-breakers"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    phase = UnicodeAttribute()
    failures = NumberAttribute(default=0)
    window_started = NumberAttribute(default=0)
    retry_at = NumberAttribute(default=0)
    version = NumberAttribute()
    ttl = NumberAttribute()
    """Epoch seconds: a breaker nobody touched for a week is gone (it reads as closed)."""


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
    connection_id = UnicodeAttribute(null=True)  # the customer's pixi connection (older events: none)
    order_number = NumberAttribute(null=True)
    details = UnicodeAttribute(default="{}")  # JSON, small, never secrets
    ttl = NumberAttribute()

    by_agent = AuditByAgentIndex()
    by_customer = AuditByCustomerIndex()
    by_kind = AuditByKindIndex()


class OrderConfigModel(Model):
    """The order configuration of one pixi connection (O5), as the admin saved it.

    ``config`` is the raw form (``order_config_as_raw``); ``payment_types`` and ``currencies`` are
    pixi's reference data it was checked against when saved, so reading it back needs no pixi call
    and a later change in pixi cannot make a stored configuration unreadable."""

    class Meta:
        table_name = "order-configs"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    config = UnicodeAttribute()  # JSON
    payment_types = UnicodeAttribute(default="[]")  # JSON
    currencies = UnicodeAttribute(default="[]")  # JSON
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute(default="")


class CartModel(Model):
    """A cart (server-side order draft, C5) with its version for optimistic locking.

    ``content`` is the cart's customer, addresses, lines, payment and shipping as JSON. The bank
    account's IBAN is in it: the table is encrypted at rest (SSE-KMS), the API only ever shows it
    masked, and the item goes away with the cart (TTL)."""

    class Meta:
        table_name = "carts"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    cart_id = UnicodeAttribute(range_key=True)
    connection_id = UnicodeAttribute()
    version = NumberAttribute()
    status = UnicodeAttribute()
    owner_agent_id = UnicodeAttribute()
    owner_email = UnicodeAttribute()
    changed_by = UnicodeAttribute(default="")  # e-mail of the agent who stored this version
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    content = UnicodeAttribute()  # JSON
    ttl = NumberAttribute()


class CounterModel(Model):
    """Per-tenant counters (order and customer numbers): raised atomically, never reused."""

    class Meta:
        table_name = "counters"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    counter = UnicodeAttribute(range_key=True)  # "order", "customer"
    value = NumberAttribute(default=0)


class PlacedOrderModel(Model):
    """An order placed in pixi (O4), recorded before its document is sent; kept (no TTL)."""

    class Meta:
        table_name = "placed-orders"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute(range_key=True)  # the order number with prefix (ORDER_ID)
    connection_id = UnicodeAttribute()
    cart_id = UnicodeAttribute()
    customer_number = UnicodeAttribute(default="")
    agent_id = UnicodeAttribute()
    agent_email = UnicodeAttribute()
    channel = NumberAttribute()
    document = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    xml_log_key = NumberAttribute(null=True)
    pixi_order_number = NumberAttribute(null=True)
    reason = UnicodeAttribute(default="")


class PromoImportConfigModel(Model):
    """Promo price import (P1) of one currency of one pixi connection, with the pointer to the
    generation of prices in use (moved by one conditional update when an import is complete) and
    the lease of the import running now."""

    class Meta:
        table_name = "promo-import-configs"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    config_key = UnicodeAttribute(range_key=True)  # "<connection id>#<currency>"
    connection_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    url = UnicodeAttribute()
    id_type = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(default="")
    active_generation = UnicodeAttribute(null=True)
    active_id_type = UnicodeAttribute(null=True)
    active_since = UTCDateTimeAttribute(null=True)
    active_prices = NumberAttribute(null=True)
    running_run_id = UnicodeAttribute(null=True)
    running_since = UTCDateTimeAttribute(null=True)
    written_generations = UnicodeSetAttribute(null=True)
    """Generations with items in the price table: the active one and any not removed yet."""


class PromoPriceModel(Model):
    """One promo price of one generation; a generation's items are removed after the switch."""

    class Meta:
        table_name = "promo-prices"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    price_set = UnicodeAttribute(hash_key=True)  # "<tenant>#<connection id>#<currency>#<generation>"
    product_id = UnicodeAttribute(range_key=True)  # EAN or pixi shop item number, as in the file
    price = UnicodeAttribute()  # "19.99", in the currency of the price set


class PromoImportRunModel(Model):
    """One promo price import: when, trigger, counts (``rows_read`` grows while it runs), outcome."""

    class Meta:
        table_name = "promo-import-runs"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    tenant_id = UnicodeAttribute(hash_key=True)
    run_id = UnicodeAttribute(range_key=True)  # starts with the UTC time: sorts by time
    connection_id = UnicodeAttribute()
    currency = UnicodeAttribute()
    trigger = UnicodeAttribute()
    url = UnicodeAttribute()
    id_type = UnicodeAttribute()
    started_by = UnicodeAttribute()
    outcome = UnicodeAttribute()
    queued_at = UTCDateTimeAttribute()
    started_at = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)
    rows_read = NumberAttribute(default=0)
    accepted = NumberAttribute(default=0)
    rejected = NumberAttribute(default=0)
    duplicates = NumberAttribute(default=0)
    rejected_kept = NumberAttribute(default=0)
    message = UnicodeAttribute(default="")
    ttl = NumberAttribute()


class PromoImportRejectionModel(Model):
    """A rejected row of one run, for its CSV report; removed with the run by TTL."""

    class Meta:
        table_name = "promo-import-rejections"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    run = UnicodeAttribute(hash_key=True)  # "<tenant>#<run id>"
    line = NumberAttribute(range_key=True)
    product_id = UnicodeAttribute(default="")
    code = UnicodeAttribute()
    reason = UnicodeAttribute()
    ttl = NumberAttribute()


ALL_MODELS: dict[type[Model], str] = {
    OrderConfigModel: "order-configs",
    CartModel: "carts",
    CounterModel: "counters",
    PlacedOrderModel: "placed-orders",
    TenantModel: "tenants",
    AgentModel: "agents",
    EmailRegistryModel: "email-registry",
    PixiConnectionModel: "pixi-connections",
    LinkTokenModel: "link-tokens",
    RateLimitModel: "rate-limits",
    PixiBreakerModel: "pixi-breakers",
    AuditEventModel: "audit-events",
    PromoImportConfigModel: "promo-import-configs",
    PromoPriceModel: "promo-prices",
    PromoImportRunModel: "promo-import-runs",
    PromoImportRejectionModel: "promo-import-rejections",
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

"""Support request routes (T1): is the tenant set up, and send an agent's question by e-mail."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.models import Moment
from chalicelib.api.openapi import endpoint
from chalicelib.domain.customer import MAX_PIXI_INT
from chalicelib.domain.mail import DEFAULT_LANGUAGE, Language
from chalicelib.domain.permissions import Principal
from chalicelib.domain.support_request import MAX_MESSAGE_LENGTH, ShownContext
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.services import support_request


class ReadinessOut(BaseModel):
    ready: bool
    missing: list[Literal["support_address", "verified_sender"]] = Field(
        description="what an admin must set up first"
    )
    message: str = Field(description="German text for the agent: what is missing and where to set it up")


@endpoint("/support-requests/readiness",
    summary="Können Support-Anfragen gesendet werden? (sonst: was fehlt)",
    tag="support",
    response=ReadinessOut,
    feature=Feature.SUPPORT_MAIL,
)
def support_readiness(principal: Principal) -> ReadinessOut:
    ready = support_request.support_readiness(principal)
    return ReadinessOut(ready=ready.ready, missing=list(ready.missing), message=ready.message)  # type: ignore[arg-type]


class ShownContextIn(BaseModel):
    """What the page shows about the customer (and the order). Used only while pixi cannot be
    asked; the mail then says that these data are not verified against pixi."""

    customer_number: str = Field("", max_length=64)
    customer_name: str = Field("", max_length=200)
    customer_email: str = Field("", max_length=254)
    external_order_number: str = Field("", max_length=64)
    order_date: datetime | None = None
    order_total: Decimal | None = Field(None, ge=0, le=Decimal("99999999.99"), decimal_places=4)
    currency: str = Field("", max_length=3)
    order_status: str = Field("", max_length=10)

    def shown(self) -> ShownContext:
        return ShownContext(**self.model_dump())


class SupportRequestIn(BaseModel):
    """Keys and the text: the server reads customer and order from pixi itself (``shown``: what the
    page shows, for when pixi cannot be asked)."""

    customer_key: int = Field(ge=1, le=MAX_PIXI_INT)
    order_number: int | None = Field(
        None, ge=1, le=MAX_PIXI_INT, description="pixi order number; it must be this customer's order"
    )
    message: str = Field(
        description=f"the agent's question, 1 to {MAX_MESSAGE_LENGTH} characters, line breaks kept"
    )
    language: Language = Field(DEFAULT_LANGUAGE, description="language of the mail (de, en)")
    shown: ShownContextIn | None = Field(
        None, description="what the page shows; sent in the mail, marked as not verified, only while pixi "
                          "cannot be asked (without it such a request fails with pixi's error)",
    )


class SupportRequestOut(BaseModel):
    status: Literal["sent"] = "sent"
    message_id: str = Field(description="SES message id")
    sent_at: Moment
    to: str = Field(description="the tenant's support address")
    subject: str
    event_id: str = Field(description="the audit event of this request")
    verified: bool = Field(description="false: pixi could not be asked; the mail says so")


@endpoint("/support-requests",
    method="POST",
    summary="Support-Anfrage per E-Mail an das Support-Team senden",
    tag="support",
    body=SupportRequestIn,
    response=SupportRequestOut,
    feature=Feature.SUPPORT_MAIL,
    pixi=True,
)
def send_support_request(
    principal: Principal, connection: ConnectionRef, body: SupportRequestIn
) -> SupportRequestOut:
    sent = support_request.send_support_request(
        principal,
        connection,
        customer_key=body.customer_key,
        order_number=body.order_number,
        message=body.message,
        language=body.language,
        shown=body.shown.shown() if body.shown is not None else None,
    )
    return SupportRequestOut(
        message_id=sent.message_id,
        sent_at=sent.sent_at,
        to=sent.to,
        subject=sent.subject,
        event_id=sent.event_id,
        verified=sent.verified,
    )

"""Request and response models used by several route modules (route modules never import each other).

Amounts are JSON strings with two decimals ("49.90", exact, no float rounding); date-times are ISO
with their UTC offset (``Moment``): pixi's times, which pixi gives without zone, are Europe/Berlin.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, Field, PlainSerializer

from chalicelib.domain.agent import Role
from chalicelib.domain.customer import Address, AddressType, parse_pixi_number
from chalicelib.domain.money import round_to_cents
from chalicelib.domain.order import OrderHeader, OrderPage
from chalicelib.domain.tenant import Feature

if TYPE_CHECKING:
    from chalicelib.services.auth import AgentProfile, Session

CUSTOMER_KEY_MESSAGE = "Der Kundenschlüssel muss eine positive ganze Zahl sein."
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _amount_json(value: Decimal) -> str:
    return str(round_to_cents(value))


Amount = Annotated[Decimal, PlainSerializer(_amount_json, return_type=str)]
"""An amount as a string with two decimals, e.g. "49.90"."""


PIXI_TIME_ZONE = ZoneInfo("Europe/Berlin")
"""pixi's server time: its date-times come without zone."""


def _with_offset(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=PIXI_TIME_ZONE)


Moment = Annotated[datetime, AfterValidator(_with_offset)]
"""A date-time the API answers with its UTC offset; one without zone (pixi's) is Europe/Berlin."""


def customer_key_of(value: str) -> int:
    """The customer key of a path parameter (400 ``fields.customer_key`` when it is none)."""
    return parse_pixi_number(value, "customer_key", CUSTOMER_KEY_MESSAGE)


class RefreshQuery(BaseModel):
    refresh: bool = Field(False, description="1 = pixi jetzt fragen, nicht den Zwischenspeicher (~60 s)")


class AddressOut(BaseModel):
    address_key: int | None
    address_type: AddressType | None = Field(description="billing, shipping or null (not marked by pixi)")
    salutation: str
    first_name: str
    last_name: str
    company: str
    street: str
    zip_code: str
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    phone: str
    email: str

    @classmethod
    def of(cls, address: Address) -> AddressOut:
        return cls(
            address_key=address.address_key, address_type=address.address_type,
            salutation=address.salutation, first_name=address.first_name, last_name=address.last_name,
            company=address.company, street=address.street, zip_code=address.zip_code, city=address.city,
            country=address.country, phone=address.phone, email=address.email,
        )


class OrderSummaryOut(BaseModel):
    """One row of the order history."""

    order_number: int = Field(description="pixi order number (OrderNr)")
    external_order_number: str = Field(description="the shop's order number (OrderNrExternal)")
    shop_id: str
    order_date: Moment | None
    ship_date: Moment | None = Field(description="requested shipping date (pixi Shipdate)")
    status: str = Field(description="OPEN, CLOSED or HOLD")
    total: Amount
    currency: str
    payment_code: str

    @classmethod
    def of(cls, order: OrderHeader) -> OrderSummaryOut:
        return cls(
            order_number=order.order_number, external_order_number=order.external_order_number,
            shop_id=order.shop_id, order_date=order.order_date, ship_date=order.ship_date,
            status=order.status, total=order.total, currency=order.currency, payment_code=order.payment_code,
        )


class OrderPageOut(BaseModel):
    orders: list[OrderSummaryOut]
    next_before: int | None = Field(
        description="order number for the next page (?before=), null when this is the last page"
    )

    @classmethod
    def of(cls, page: OrderPage) -> OrderPageOut:
        return cls(orders=[OrderSummaryOut.of(o) for o in page.orders], next_before=page.next_before)


# --- sessions and accepted requests --------------------------------------------------------------


class AgentOut(BaseModel):
    agent_id: str
    email: str
    name: str
    role: Role
    tenant_id: str
    tenant_name: str
    features: list[Feature]

    @classmethod
    def of(cls, profile: AgentProfile) -> AgentOut:
        return cls(
            agent_id=profile.agent_id,
            email=profile.email,
            name=profile.name,
            role=profile.role,
            tenant_id=profile.tenant_id,
            tenant_name=profile.tenant_name,
            features=list(profile.features),
        )


class SessionOut(BaseModel):
    token: str
    expires_at: Moment
    agent: AgentOut

    @classmethod
    def of(cls, session: Session) -> SessionOut:
        return cls(token=session.token, expires_at=session.expires_at, agent=AgentOut.of(session.agent))


class AcceptedOut(BaseModel):
    """The same answer whatever happened with the address (nothing is revealed)."""

    status: Literal["accepted"] = "accepted"
    message: str

"""Order configuration routes (O5): the admin's form per pixi connection, and what agents read.

The API shape differs from the domain's raw form in three places, translated here both ways (and
in the field paths of errors and help texts): ``stock_few_threshold`` (domain
``few_stock_threshold``), a payment adjustment ``{kind, percent | amounts}`` (domain ``{kind, mode,
value}``) and shipping prices as a list ``[{currency, cost, free_from}]`` (domain: keyed by
currency).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.openapi import endpoint
from chalicelib.domain.order_config import (
    DEFAULT_COMMENT_TEMPLATE,
    FIELD_HELP,
    INVALID_CONFIG_MESSAGE,
    AdjustmentMode,
    OrderConfig,
    order_config_as_raw,
)
from chalicelib.domain.payment import PaymentKind, PaymentMethod
from chalicelib.domain.permissions import Principal
from chalicelib.domain.shipping import ShippingMethod
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.errors import ValidationError
from chalicelib.services import order_config

Typed = str | int | float
"""An amount, percentage or number as an admin typed it ("2,5", "2.50", 2.5)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AdjustmentBody(_Strict):
    kind: str = Field(description="surcharge or discount")
    percent: Typed | None = Field(None, description="percentage of goods after discount plus shipping")
    amounts: dict[str, Typed] | None = Field(None, description='fixed amount per currency, {"EUR": "1.50"}')


class PaymentMethodBody(_Strict):
    code: str = Field(description="pixi payment code (pixiGetPaymenttypes Code)")
    adjustment: AdjustmentBody | None = None


class ShippingPriceBody(_Strict):
    currency: str
    cost: Typed | None = None
    free_from: Typed | None = Field(None, description="goods total from which shipping is free; null = never")


class ShippingMethodBody(_Strict):
    vendor_code: str = Field("", description="pixi shipping vendor code, e.g. DHL")
    name: str = ""
    countries: list[str] = Field(default_factory=list, description="ISO2 destinations; empty = all")
    prices: list[ShippingPriceBody] = Field(default_factory=list)


class OrderConfigBody(_Strict):
    enabled: bool = False
    allow_without_stock: bool = False
    stock_display: str = Field("number", description="number or indicator")
    stock_few_threshold: int | str | None = 5
    customer_number_prefix: str = ""
    order_number_prefix: str = ""
    comment_template: str = DEFAULT_COMMENT_TEMPLATE
    default_currency: str | None = None
    import_channel_id: int | str | None = Field(None, description="pixi import channel (ChannelRef)")
    cart_expiry_hours: int | str | None = 72
    order_confirmation_mail: bool = False
    payment_methods: list[PaymentMethodBody] = Field(default_factory=list)
    shipping_methods: list[ShippingMethodBody] = Field(default_factory=list)


class HelpOut(BaseModel):
    de: str
    en: str


class PaymentTypeOut(BaseModel):
    code: str
    text: str
    xml_tag: str
    kind: PaymentKind
    choosable: bool
    reason: str | None = Field(description="why it cannot be offered (payment providers)")


class CurrencyOut(BaseModel):
    code: str
    active: bool


class CountryOut(BaseModel):
    iso2: str
    name: str


class ReferenceOut(BaseModel):
    payment_types: list[PaymentTypeOut]
    currencies: list[CurrencyOut]
    countries: list[CountryOut]


class OrderConfigChangeOut(BaseModel):
    at: datetime
    agent_email: str
    action: str
    details: dict[str, Any]


class OrderConfigAdminOut(BaseModel):
    connection_id: str
    config: OrderConfigBody
    help: dict[str, HelpOut] = Field(description="help text per field path (* = any index)")
    reference: ReferenceOut
    changes: list[OrderConfigChangeOut]


# --- API shape <-> the domain's raw form --------------------------------------------------------


def domain_raw(body: OrderConfigBody) -> dict[str, Any]:
    """The body in the raw form ``parse_order_config`` reads."""
    raw = body.model_dump(exclude={"stock_few_threshold", "payment_methods", "shipping_methods"})
    raw["few_stock_threshold"] = body.stock_few_threshold
    raw["payment_methods"] = [
        {"code": m.code, "adjustment": _raw_adjustment(m.adjustment)} for m in body.payment_methods
    ]
    raw["shipping_methods"] = [
        {
            "vendor_code": m.vendor_code, "name": m.name, "countries": m.countries,
            "prices": {
                p.currency.strip().upper(): {"cost": p.cost, "free_from": p.free_from} for p in m.prices
            },
        }
        for m in body.shipping_methods
    ]
    return raw


def _raw_adjustment(adjustment: AdjustmentBody | None) -> dict[str, Any] | None:
    if adjustment is None:
        return None
    if adjustment.percent not in (None, ""):
        return {"kind": adjustment.kind, "mode": AdjustmentMode.PERCENT.value, "value": adjustment.percent}
    return {"kind": adjustment.kind, "mode": AdjustmentMode.ABSOLUTE.value, "value": adjustment.amounts or {}}


def _shape_problems(body: OrderConfigBody) -> dict[str, str]:
    """What only the API shape can get wrong: both percent and amounts, a currency listed twice."""
    problems: dict[str, str] = {}
    for i, method in enumerate(body.payment_methods):
        adjustment = method.adjustment
        if adjustment is not None and adjustment.percent not in (None, "") and adjustment.amounts:
            problems[f"payment_methods.{i}.adjustment"] = (
                "Bitte entweder einen Prozentsatz oder Beträge je Währung angeben, nicht beides."
            )
    for i, shipping in enumerate(body.shipping_methods):
        seen: set[str] = set()
        for j, price in enumerate(shipping.prices):
            currency = price.currency.strip().upper()
            if currency in seen:
                problems[f"shipping_methods.{i}.prices.{j}.currency"] = "Diese Währung ist schon aufgeführt."
            seen.add(currency)
    return problems


_PAYMENT_VALUE = re.compile(r"^payment_methods\.(\d+)\.adjustment\.(value|mode)(\.[^.]+)?$")
_SHIPPING_PRICE = re.compile(r"^shipping_methods\.(\d+)\.prices\.([^.]+)(\..+)?$")


def api_path(path: str, body: OrderConfigBody) -> str:
    """The API's field path of a domain error path."""
    if path == "few_stock_threshold":
        return "stock_few_threshold"
    if match := _PAYMENT_VALUE.match(path):
        index, part, currency = int(match.group(1)), match.group(2), match.group(3) or ""
        adjustment = body.payment_methods[index].adjustment if index < len(body.payment_methods) else None
        if part == "mode" or adjustment is None:
            return f"payment_methods.{index}.adjustment"
        name = "percent" if adjustment.percent not in (None, "") else "amounts"
        return f"payment_methods.{index}.adjustment.{name}{currency}"
    if match := _SHIPPING_PRICE.match(path):
        index, currency, rest = int(match.group(1)), match.group(2).upper(), match.group(3) or ""
        prices = body.shipping_methods[index].prices if index < len(body.shipping_methods) else []
        position = next((j for j, p in enumerate(prices) if p.currency.strip().upper() == currency), None)
        if position is not None:
            return f"shipping_methods.{index}.prices.{position}{rest}"
    return path


def api_help() -> dict[str, HelpOut]:
    """``FIELD_HELP`` under the API's field paths."""
    renamed: dict[str, HelpOut] = {}
    for key, (de, en) in FIELD_HELP.items():
        text = HelpOut(de=de, en=en)
        if key == "few_stock_threshold":
            renamed["stock_few_threshold"] = text
        elif key == "payment_methods.*.adjustment.value":
            renamed["payment_methods.*.adjustment.percent"] = text
            renamed["payment_methods.*.adjustment.amounts"] = text
        elif key != "payment_methods.*.adjustment.mode":
            renamed[key] = text
    return renamed


def config_out(config: OrderConfig) -> OrderConfigBody:
    raw = order_config_as_raw(config)
    renamed = ("few_stock_threshold", "payment_methods", "shipping_methods")
    return OrderConfigBody(
        **{k: v for k, v in raw.items() if k not in renamed},
        stock_few_threshold=config.few_stock_threshold,
        payment_methods=[_payment_method_out(m) for m in config.payment_methods],
        shipping_methods=[_shipping_method_out(m) for m in config.shipping_methods],
    )


def _payment_method_out(method: PaymentMethod) -> PaymentMethodBody:
    adjustment = method.adjustment
    if adjustment is None:
        return PaymentMethodBody(code=method.code)
    return PaymentMethodBody(code=method.code, adjustment=AdjustmentBody(
        kind=adjustment.kind.value,
        percent=str(adjustment.percent) if adjustment.percent is not None else None,
        amounts={c: m.as_json() for c, m in adjustment.amounts.items()} or None,
    ))


def _shipping_method_out(method: ShippingMethod) -> ShippingMethodBody:
    return ShippingMethodBody(
        vendor_code=method.vendor_code, name=method.name, countries=list(method.countries),
        prices=[
            ShippingPriceBody(currency=p.cost.currency, cost=p.cost.as_json(),
                              free_from=p.free_from.as_json() if p.free_from else None)
            for p in method.prices
        ],
    )


def _admin_out(view: order_config.OrderConfigAdmin) -> OrderConfigAdminOut:
    return OrderConfigAdminOut(
        connection_id=view.connection.connection_id,
        config=config_out(view.config),
        help=api_help(),
        reference=ReferenceOut(
            payment_types=[
                PaymentTypeOut(code=p.code, text=p.text, xml_tag=p.xml_tag, kind=p.kind,
                               choosable=p.choosable, reason=p.reason)
                for p in view.payment_types
            ],
            currencies=[CurrencyOut(code=c.code, active=c.active) for c in view.currencies],
            countries=[CountryOut(iso2=c.iso2, name=c.name) for c in view.countries if c.iso2],
        ),
        changes=[
            OrderConfigChangeOut(at=e.at, agent_email=e.agent_email, action=e.action, details=e.details)
            for e in view.changes
        ],
    )


# --- admin routes -------------------------------------------------------------------------------


@endpoint("/settings/order-config", summary="Bestellkonfiguration der pixi-Verbindung (O5)",
          tag="ordering", response=OrderConfigAdminOut, admin_only=True, feature=Feature.ORDERING, pixi=True)
def get_order_config(principal: Principal, connection: ConnectionRef) -> OrderConfigAdminOut:
    return _admin_out(order_config.admin_view(connection))


@endpoint("/settings/order-config", method="PUT", summary="Bestellkonfiguration speichern (O5)",
          tag="ordering", body=OrderConfigBody, response=OrderConfigAdminOut, admin_only=True,
          feature=Feature.ORDERING, pixi=True)
def put_order_config(
    principal: Principal, connection: ConnectionRef, body: OrderConfigBody
) -> OrderConfigAdminOut:
    if problems := _shape_problems(body):
        raise ValidationError(INVALID_CONFIG_MESSAGE, fields=problems)
    try:
        view = order_config.save_config(principal, connection, domain_raw(body))
    except ValidationError as exc:
        fields = {api_path(path, body): text for path, text in exc.fields.items()}
        raise ValidationError(exc.message, fields=fields, detail=exc.detail) from exc
    return _admin_out(view)


# --- what agents read ---------------------------------------------------------------------------


class PaymentOptionOut(BaseModel):
    code: str
    text: str
    kind: PaymentKind
    needs_bank_account: bool
    adjustment: AdjustmentBody | None


class AgentOrderConfigOut(BaseModel):
    enabled: bool
    default_currency: str | None
    currencies: list[str] = Field(description="pixi's active currencies")
    stock_display: str
    allow_without_stock: bool
    payment_methods: list[PaymentOptionOut]
    shipping_methods: list[ShippingMethodBody]
    countries: list[CountryOut]


@endpoint("/order-config", summary="Bestellkonfiguration für das Bestellformular", tag="ordering",
          response=AgentOrderConfigOut, feature=Feature.ORDERING, pixi=True)
def get_agent_order_config(principal: Principal, connection: ConnectionRef) -> AgentOrderConfigOut:
    view = order_config.agent_config(connection)
    config = view.config
    return AgentOrderConfigOut(
        enabled=config.enabled,
        default_currency=config.default_currency,
        currencies=list(view.currencies),
        stock_display=config.stock_display.value,
        allow_without_stock=config.allow_without_stock,
        payment_methods=[
            PaymentOptionOut(code=m.code, text=m.text, kind=m.kind, needs_bank_account=m.needs_bank_account,
                             adjustment=_payment_method_out(m).adjustment)
            for m in config.payment_methods
        ],
        shipping_methods=[_shipping_method_out(m) for m in config.shipping_methods],
        countries=[CountryOut(iso2=c.iso2, name=c.name) for c in view.countries if c.iso2],
    )

"""Order routes: a customer's order history (S3, paged) and one order with lines and invoices (S4).

Amounts are JSON strings with two decimals ("49.90", exact, no float rounding); dates are ISO
date-times in pixi's time (Europe/Berlin, without zone).
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from chalice import Blueprint
from pydantic import BaseModel, Field, PlainSerializer

from chalicelib.api.openapi import endpoint
from chalicelib.domain.audit import CustomerRef
from chalicelib.domain.customer import MAX_PIXI_INT, Address, AddressType, CustomerType, parse_pixi_number
from chalicelib.domain.invoice import Invoice, PaymentState
from chalicelib.domain.order import OrderHeader, OrderLine, OrderPage
from chalicelib.domain.permissions import Principal
from chalicelib.services import audit, order_details, order_history

order_routes = Blueprint(__name__)

CUSTOMER_KEY_MESSAGE = "Der Kundenschlüssel muss eine positive ganze Zahl sein."
ORDER_NUMBER_MESSAGE = "Die Auftragsnummer muss eine positive ganze Zahl sein."
_CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(_CENT, rounding=ROUND_HALF_UP))


Money = Annotated[Decimal, PlainSerializer(_money, return_type=str)]
"""An amount as a string with two decimals, e.g. "49.90"."""


def customer_key_of(value: str) -> int:
    return parse_pixi_number(value, "customer_key", CUSTOMER_KEY_MESSAGE)


class RefreshQuery(BaseModel):
    refresh: bool = Field(False, description="1 = pixi jetzt fragen, nicht den Zwischenspeicher (~60 s)")


# --- shared output models ---------------------------------------------------------------------


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
    order_date: datetime | None
    ship_date: datetime | None = Field(description="requested shipping date (pixi Shipdate)")
    status: str = Field(description="OPEN, CLOSED or HOLD")
    total: Money
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


# --- S3 order history -------------------------------------------------------------------------


class OrderHistoryQuery(RefreshQuery):
    limit: int = Field(order_history.DEFAULT_PAGE_SIZE, ge=1, le=order_history.MAX_PAGE_SIZE,
                       description="orders per page")
    before: int | None = Field(
        None, ge=1, le=MAX_PIXI_INT,
        description="only orders with a lower order number (next_before of the last page)",
    )


@endpoint(order_routes, "/customers/{customer_key}/orders",
          summary="Aufträge eines Kunden (neueste zuerst, seitenweise)", tag="orders",
          query=OrderHistoryQuery, response=OrderPageOut)
def list_customer_orders(principal: Principal, query: OrderHistoryQuery, customer_key: str) -> OrderPageOut:
    page = order_history.customer_orders(
        principal.tenant_id, customer_key_of(customer_key), limit=query.limit, before=query.before,
        refresh=query.refresh,
    )
    return OrderPageOut.of(page)


# --- S4 order details -------------------------------------------------------------------------


class OrderLineOut(BaseModel):
    line_key: int | None
    item_number: str = Field(description="shop item number (ItemNrInt)")
    ean: str
    name: str
    quantity: int
    unit_price: Money = Field(description="price per unit after discount")
    full_price: Money = Field(description="price per unit before discount")
    discount_value: Money = Field(description="discount per unit")
    discount_percent: Money
    line_total: Money = Field(description="quantity x unit price")
    status: str = Field(description="line status code: HAL ANG EIN AUS RET MIN STO NLB")
    currency: str

    @classmethod
    def of(cls, line: OrderLine) -> OrderLineOut:
        return cls(
            line_key=line.line_key, item_number=line.item_number, ean=line.ean, name=line.name,
            quantity=line.quantity, unit_price=line.unit_price, full_price=line.full_price,
            discount_value=line.discount_value, discount_percent=line.discount_percent,
            line_total=line.unit_price * line.quantity, status=line.status, currency=line.currency,
        )


class InvoiceOut(BaseModel):
    invoice_key: int | None
    invoice_number: str
    invoice_date: datetime | None
    due_date: datetime | None
    total: Money
    paid_amount: Money
    open_amount: Money = Field(description="total minus paid amount, never below 0")
    paid_date: datetime | None
    currency: str
    payment_code: str
    state: PaymentState = Field(description="paid, partly_paid or unpaid")
    tracking_id: str = Field(description="parcel tracking number, if pixi has one")

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceOut:
        open_amount = max(invoice.total - invoice.paid_amount, Decimal(0))
        if invoice.state == PaymentState.PAID:
            open_amount = Decimal(0)
        return cls(
            invoice_key=invoice.invoice_key, invoice_number=invoice.invoice_number,
            invoice_date=invoice.invoice_date, due_date=invoice.due_date, total=invoice.total,
            paid_amount=invoice.paid_amount, open_amount=open_amount, paid_date=invoice.paid_date,
            currency=invoice.currency, payment_code=invoice.payment_code, state=invoice.state,
            tracking_id=invoice.tracking_id,
        )


class OrderCustomerOut(BaseModel):
    """Who ordered: for the header bar and the link back to the customer.

    ``customer_type``, ``company``, ``locked`` and ``lock_reason`` come from the customer record; they
    are null (empty) when pixi could not give it, and the bar then shows name and number only.
    """

    customer_key: int | None
    customer_number: str
    name: str
    customer_type: CustomerType | None = None
    company: str = ""
    locked: bool | None = None
    lock_reason: str = ""


class OrderQuery(RefreshQuery):
    customer_key: int | None = Field(
        None, ge=1, le=MAX_PIXI_INT,
        description="the customer the agent came from: read at the same time as the order (lock state for"
                    " the header bar); ignored when the order belongs to another customer",
    )


class OrderDetailsOut(BaseModel):
    order_number: int
    external_order_number: str
    shop_id: str
    order_date: datetime | None
    ship_date: datetime | None
    status: str = Field(description="OPEN, CLOSED or HOLD")
    order_type: str = Field(description="B2C or B2B")
    ship_locked: bool = Field(description="the order is held (shipping lock)")
    total: Money
    currency: str
    payment_code: str
    payment_text: str
    shipping_vendor: str
    shipping_cost: Money
    shop_note: str
    customer: OrderCustomerOut
    billing_address: AddressOut | None
    shipping_address: AddressOut | None
    lines: list[OrderLineOut]
    invoices: list[InvoiceOut]


@endpoint(order_routes, "/orders/{order_number}", summary="Auftrag mit Positionen und Rechnungen",
          tag="orders", query=OrderQuery, response=OrderDetailsOut)
def get_order(principal: Principal, query: OrderQuery, order_number: str) -> OrderDetailsOut:
    number = parse_pixi_number(order_number, "order_number", ORDER_NUMBER_MESSAGE)
    with audit.order_viewed(principal, number) as view:  # B1: the view goes into the audit trail
        details = order_details.order_details(
            principal.tenant_id, number, customer_key_hint=query.customer_key, refresh=query.refresh
        )
        header, billing = details.order.header, details.order.billing_address
        if header.customer_key is not None:
            view.seen(CustomerRef(header.customer_key, header.customer_number,
                                  billing.display_name if billing else ""))
        else:
            view.seen(None)
        return _order_details_out(details)


def _order_details_out(details: order_details.OrderDetails) -> OrderDetailsOut:
    order, header = details.order, details.order.header
    billing = order.billing_address
    return OrderDetailsOut(
        order_number=header.order_number, external_order_number=header.external_order_number,
        shop_id=header.shop_id, order_date=header.order_date, ship_date=header.ship_date,
        status=header.status, order_type=header.order_type, ship_locked=order.ship_locked,
        total=header.total, currency=header.currency, payment_code=header.payment_code,
        payment_text=details.payment_text, shipping_vendor=order.shipping_vendor,
        shipping_cost=order.shipping_cost, shop_note=order.shop_note,
        customer=_order_customer_out(details),
        billing_address=AddressOut.of(billing) if billing else None,
        shipping_address=AddressOut.of(order.shipping_address) if order.shipping_address else None,
        lines=[OrderLineOut.of(line) for line in order.lines],
        invoices=[InvoiceOut.of(invoice) for invoice in order.invoices],
    )


def _order_customer_out(details: order_details.OrderDetails) -> OrderCustomerOut:
    header, billing, customer = details.order.header, details.order.billing_address, details.customer
    name = billing.display_name if billing else ""
    if customer is None:
        return OrderCustomerOut(
            customer_key=header.customer_key, customer_number=header.customer_number, name=name
        )
    return OrderCustomerOut(
        customer_key=header.customer_key, customer_number=header.customer_number or customer.customer_number,
        name=name, customer_type=customer.customer_type, company=customer.company, locked=customer.locked,
        lock_reason=customer.lock_reason,
    )

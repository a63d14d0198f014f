"""Order routes: a customer's order history (S3, paged) and one order with lines and invoices (S4).

Amounts and dates as in :mod:`chalicelib.api.models`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.models import AddressOut, Amount, Moment, OrderPageOut, RefreshQuery, customer_key_of
from chalicelib.api.openapi import endpoint
from chalicelib.domain.audit import CustomerRef
from chalicelib.domain.customer import MAX_PIXI_INT, CustomerType, parse_pixi_number
from chalicelib.domain.invoice import Invoice, PaymentState
from chalicelib.domain.order import OrderLine
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services import audit, order_details, order_history

ORDER_NUMBER_MESSAGE = "Die Auftragsnummer muss eine positive ganze Zahl sein."


# --- S3 order history -------------------------------------------------------------------------


class OrderHistoryQuery(RefreshQuery):
    limit: int = Field(order_history.DEFAULT_PAGE_SIZE, ge=1, le=order_history.MAX_PAGE_SIZE,
                       description="orders per page")
    before: int | None = Field(
        None, ge=1, le=MAX_PIXI_INT,
        description="only orders with a lower order number (next_before of the last page)",
    )


@endpoint("/customers/{customer_key}/orders",
          summary="Aufträge eines Kunden (neueste zuerst, seitenweise)", tag="orders",
          query=OrderHistoryQuery, response=OrderPageOut, pixi=True)
def list_customer_orders(
    principal: Principal, connection: ConnectionRef, query: OrderHistoryQuery, customer_key: str
) -> OrderPageOut:
    page = order_history.customer_orders(
        connection, customer_key_of(customer_key), limit=query.limit, before=query.before,
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
    unit_price: Amount = Field(description="price per unit after discount")
    full_price: Amount = Field(description="price per unit before discount")
    discount_value: Amount = Field(description="discount per unit")
    discount_percent: Amount
    line_total: Amount = Field(description="quantity x unit price")
    status: str = Field(description="line status code: HAL ANG EIN AUS RET MIN STO NLB")
    currency: str

    @classmethod
    def of(cls, line: OrderLine) -> OrderLineOut:
        return cls(
            line_key=line.line_key, item_number=line.item_number, ean=line.ean, name=line.name,
            quantity=line.quantity, unit_price=line.unit_price, full_price=line.full_price,
            discount_value=line.discount_value, discount_percent=line.discount_percent,
            line_total=line.line_total.amount, status=line.status, currency=line.currency,
        )


class InvoiceOut(BaseModel):
    invoice_key: int | None
    invoice_number: str
    invoice_date: Moment | None
    due_date: Moment | None
    total: Amount
    paid_amount: Amount
    open_amount: Amount = Field(description="total minus paid amount, never below 0")
    paid_date: Moment | None
    currency: str
    payment_code: str
    state: PaymentState = Field(description="paid, partly_paid or unpaid")
    tracking_id: str = Field(description="parcel tracking number, if pixi has one")

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceOut:
        return cls(
            invoice_key=invoice.invoice_key, invoice_number=invoice.invoice_number,
            invoice_date=invoice.invoice_date, due_date=invoice.due_date, total=invoice.total,
            paid_amount=invoice.paid_amount, open_amount=invoice.open_amount.amount,
            paid_date=invoice.paid_date,
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
    order_date: Moment | None
    ship_date: Moment | None
    status: str = Field(description="OPEN, CLOSED or HOLD")
    order_type: str = Field(description="B2C or B2B")
    ship_locked: bool = Field(description="the order is held (shipping lock)")
    total: Amount
    currency: str
    payment_code: str
    payment_text: str
    shipping_vendor: str
    shipping_cost: Amount
    shop_note: str
    customer: OrderCustomerOut
    billing_address: AddressOut | None
    shipping_address: AddressOut | None
    lines: list[OrderLineOut]
    invoices: list[InvoiceOut]
    unavailable: list[order_details.Gap] = Field(
        description="parts pixi could not give this time (the rest is shown): invoices (only those the "
                    "order names, paid state may be missing), customer (lock state), payment_types"
    )


@endpoint("/orders/{order_number}", summary="Auftrag mit Positionen und Rechnungen",
          tag="orders", query=OrderQuery, response=OrderDetailsOut, pixi=True)
def get_order(
    principal: Principal, connection: ConnectionRef, query: OrderQuery, order_number: str
) -> OrderDetailsOut:
    number = parse_pixi_number(order_number, "order_number", ORDER_NUMBER_MESSAGE)
    # B1: the view goes into the audit trail, with the pixi connection the order belongs to
    with audit.order_viewed(principal, number, connection.connection_id) as view:
        details = order_details.order_details(
            connection, number, customer_key_hint=query.customer_key, refresh=query.refresh
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
        unavailable=list(details.unavailable),
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

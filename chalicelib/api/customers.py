"""Customer routes: search (S1, simple or advanced, one shop or all) and the overview (S2)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.models import AddressOut, Moment, OrderPageOut, RefreshQuery, customer_key_of
from chalicelib.api.openapi import endpoint
from chalicelib.domain.audit import CustomerRef
from chalicelib.domain.customer import CustomerSummary, CustomerType, MarkedAddress
from chalicelib.domain.permissions import Principal
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services import audit, customer_overview, customer_search

_TEXT = customer_search.MAX_QUERY_LENGTH


class CustomerSearchQuery(BaseModel):
    """Either ``q`` (simple search) or any combination of the advanced fields; ``*`` = any characters."""

    q: str | None = Field(
        None, max_length=_TEXT,
        description="Einfache Suche (mindestens 3 Zeichen): E-Mail enthält, Kundennummer oder Nachname "
        "beginnt mit",
    )
    name: str | None = Field(None, max_length=_TEXT, description="Nachname oder Firma (beginnt mit)")
    first_name: str | None = Field(None, max_length=_TEXT, description="Vorname (beginnt mit)")
    email: str | None = Field(None, max_length=_TEXT, description="E-Mail (enthält)")
    customer_number: str | None = Field(None, max_length=_TEXT, description="Kundennummer (beginnt mit)")
    zip_code: str | None = Field(None, max_length=_TEXT, description="PLZ (beginnt mit)")
    city: str | None = Field(None, max_length=_TEXT, description="Ort (beginnt mit)")
    street: str | None = Field(None, max_length=_TEXT, description="Straße und Hausnummer (beginnt mit)")
    country: str | None = Field(None, max_length=_TEXT, description="Land: ISO-Code (DE) oder Name")
    phone: str | None = Field(None, max_length=_TEXT, description="Telefon (enthält, nur Ziffern zählen)")
    order_number: str | None = Field(None, max_length=_TEXT, description="pixi-Auftragsnummer (genau)")
    invoice_number: str | None = Field(None, max_length=_TEXT, description="Rechnungsnummer (genau)")
    shop: str | None = Field(None, max_length=_TEXT,
                             description="Shop-Kennung aus GET /shops; leer = alle Shops")

    def advanced_fields(self) -> dict[str, str | None]:
        return self.model_dump(exclude={"q", "shop"})


class CustomerSummaryOut(BaseModel):
    customer_key: int
    customer_number: str
    shop_id: str
    first_name: str
    last_name: str
    company: str
    street: str
    zip_code: str
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    email: str
    phone: str
    customer_type: CustomerType
    locked: bool

    @classmethod
    def of(cls, customer: CustomerSummary) -> CustomerSummaryOut:
        return cls(
            customer_key=customer.customer_key,
            customer_number=customer.customer_number,
            shop_id=customer.shop_id,
            first_name=customer.first_name,
            last_name=customer.last_name,
            company=customer.company,
            street=customer.street,
            zip_code=customer.zip_code,
            city=customer.city,
            country=customer.country,
            email=customer.email,
            phone=customer.phone,
            customer_type=customer.customer_type,
            locked=customer.locked,
        )


class CustomerSearchOut(BaseModel):
    customers: list[CustomerSummaryOut]
    truncated: bool = Field(description="more customers match than are shown: narrow the search")
    limit: int = Field(description="most customers shown")
    total: int = Field(description="customers found (counted up to 500)")
    total_capped: bool = Field(description="more than `total` customers match")


@endpoint("/customers", summary="Kunden suchen (einfache oder erweiterte Suche)",
          tag="customers", query=CustomerSearchQuery, response=CustomerSearchOut, pixi=True)
def search_customers(
    principal: Principal, connection: ConnectionRef, query: CustomerSearchQuery
) -> CustomerSearchOut:
    result = customer_search.search_customers(
        connection, query.q, query.advanced_fields(), shop=query.shop
    )
    return CustomerSearchOut(
        customers=[CustomerSummaryOut.of(c) for c in result.customers],
        truncated=result.truncated,
        limit=result.limit,
        total=result.total,
        total_capped=result.total_capped,
    )


# --- S2 overview ------------------------------------------------------------------------------


class CustomerAddressOut(AddressOut):
    is_billing: bool = Field(description="used as billing address")
    is_shipping: bool = Field(description="used as shipping address")
    is_default_billing: bool
    is_default_shipping: bool

    @classmethod
    def of_marked(cls, marked: MarkedAddress) -> CustomerAddressOut:
        return cls(
            **AddressOut.of(marked.address).model_dump(),
            is_billing=marked.is_billing, is_shipping=marked.is_shipping,
            is_default_billing=marked.is_default_billing, is_default_shipping=marked.is_default_shipping,
        )


class PaymentMethodOut(BaseModel):
    code: str = Field(description="pixi payment code, e.g. R")
    text: str = Field(description="its name in pixi, e.g. Rechnung")


class CustomerOverviewOut(BaseModel):
    customer_key: int
    customer_number: str
    shop_id: str
    salutation: str
    first_name: str
    last_name: str
    name: str = Field(description="how to address the customer: first and last name, else the company")
    customer_type: CustomerType
    company: str = Field(description="company name (business customers)")
    vat_id: str = Field(description="VAT ID (business customers)")
    email: str
    phone: str
    locked: bool
    lock_reason: str
    currency: str
    created_at: Moment | None
    payment_method: PaymentMethodOut | None = Field(description="payment method on file")
    addresses: list[CustomerAddressOut]
    orders: OrderPageOut = Field(description="the first page of the order history")


@endpoint("/customers/{customer_key}", summary="Kundenübersicht mit den neuesten Aufträgen",
          tag="customers", query=RefreshQuery, response=CustomerOverviewOut, pixi=True)
def get_customer(
    principal: Principal, connection: ConnectionRef, query: RefreshQuery, customer_key: str
) -> CustomerOverviewOut:
    key = customer_key_of(customer_key)
    # B1: the view goes into the audit trail, with the pixi connection the customer key belongs to
    with audit.customer_viewed(principal, key, connection.connection_id) as view:
        overview = customer_overview.customer_overview(connection, key, refresh=query.refresh)
        customer = overview.customer
        view.seen(CustomerRef(customer.customer_key, customer.customer_number, customer.display_name))
        return _overview_out(overview)


def _overview_out(overview: customer_overview.CustomerOverview) -> CustomerOverviewOut:
    customer = overview.customer
    method = overview.payment_method
    return CustomerOverviewOut(
        customer_key=customer.customer_key,
        customer_number=customer.customer_number,
        shop_id=customer.shop_id,
        salutation=customer.salutation,
        first_name=customer.first_name,
        last_name=customer.last_name,
        name=customer.display_name,
        customer_type=customer.customer_type,
        company=customer.company,
        vat_id=customer.vat_id,
        email=customer.email,
        phone=customer.phone,
        locked=customer.locked,
        lock_reason=customer.lock_reason,
        currency=customer.currency,
        created_at=customer.created_at,
        payment_method=PaymentMethodOut(code=method.code, text=method.text) if method else None,
        addresses=[CustomerAddressOut.of_marked(m) for m in overview.addresses],
        orders=OrderPageOut.of(overview.orders),
    )

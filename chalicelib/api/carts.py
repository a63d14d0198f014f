"""Cart routes (O1, O3, C2–C5): start a cart, change it, add lines (one or pasted), park and take
over; and the duplicate check of the order form (``POST /address-matches``).

Every change names the ``version`` it was made from (an older one: 409 ``cart_version_conflict``)
and answers the whole cart, recomputed on the server. A cart keeps the pixi connection it was
started on: a request whose ``X-Pixi-Connection`` header names another one gets 409
``cart_other_connection``; without the header, the cart's own connection is used.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.context import current_request_var
from chalicelib.api.models import EMAIL_PATTERN, AddressOut, Amount
from chalicelib.api.openapi import _chosen_connection, endpoint
from chalicelib.domain.bank_account import format_iban
from chalicelib.domain.cart import CartLine, CartStatus, NewCustomer, PriceBasis
from chalicelib.domain.customer import MAX_PIXI_INT, Address, CustomerType
from chalicelib.domain.money import Money
from chalicelib.domain.payment import AdjustmentKind, PaymentKind, PaymentMethod
from chalicelib.domain.permissions import Principal
from chalicelib.domain.stock import StockLevel
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.errors import ValidationError
from chalicelib.services import address_matches, carts
from chalicelib.services.products import shown_stock

TEXT = 100
Version = Annotated[int, Field(ge=0, le=2**53, description="the cart version the change is made from")]
Quantity = Annotated[int, Field(ge=-(10**6), le=10**6, description="pieces (1 to 9999)")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _named(connection: ConnectionRef) -> ConnectionRef | None:
    """The connection the request named with the header, or None (then the cart's own one counts)."""
    return connection if _chosen_connection(current_request_var.get()) else None


# --- bodies ---------------------------------------------------------------------------------------


class AddressIn(_Strict):
    address_key: int | None = Field(None, ge=1, le=MAX_PIXI_INT,
                                    description="a known address of the customer (pixi AddrKey)")
    address_type: Literal["billing", "shipping"] | None = Field(
        None, description="as in known_addresses; the cart sets it from the field the address is given in"
    )
    salutation: str = Field("", max_length=30)
    first_name: str = Field("", max_length=TEXT)
    last_name: str = Field("", max_length=TEXT)
    company: str = Field("", max_length=TEXT)
    street: str = Field("", max_length=TEXT)
    zip_code: str = Field("", max_length=20)
    city: str = Field("", max_length=TEXT)
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="ISO 3166-1 alpha-2")
    phone: str = Field("", max_length=50)
    email: str = Field("", max_length=254)

    def address(self) -> Address:
        return Address(
            address_key=self.address_key, address_type=None, salutation=self.salutation.strip(),
            first_name=self.first_name.strip(), last_name=self.last_name.strip(),
            company=self.company.strip(),
            street=self.street.strip(), zip_code=self.zip_code.strip(), city=self.city.strip(),
            country=self.country.strip().upper(), phone=self.phone.strip(), email=self.email.strip(),
        )


class NewCustomerIn(_Strict):
    customer_type: CustomerType = CustomerType.PRIVATE
    salutation: str = Field("", max_length=30)
    first_name: str = Field("", max_length=TEXT)
    last_name: str = Field("", max_length=TEXT)
    company: str = Field("", max_length=TEXT)
    vat_id: str = Field("", max_length=20)
    email: str = Field("", max_length=254, pattern=f"({EMAIL_PATTERN})|^$")
    phone: str = Field("", max_length=50)

    def customer(self) -> NewCustomer:
        return NewCustomer(
            customer_type=self.customer_type, email=self.email.strip(), salutation=self.salutation.strip(),
            first_name=self.first_name.strip(), last_name=self.last_name.strip(),
            company=self.company.strip(),
            vat_id=self.vat_id.strip(), phone=self.phone.strip(),
        )


class CartCreateIn(_Strict):
    """Exactly one of the three."""

    customer_key: int | None = Field(None, ge=1, le=MAX_PIXI_INT, description="a customer pixi knows")
    new_customer: NewCustomerIn | None = None
    from_order: int | None = Field(None, ge=1, le=MAX_PIXI_INT,
                                   description="reorder: a past order's pixi order number")


class BankAccountIn(_Strict):
    holder: str = Field(max_length=200)
    iban: str = Field(max_length=50)
    bic: str = Field("", max_length=20)


class CartPatchIn(_Strict):
    """Only the fields given change; ``bank_account: null`` removes it."""

    version: Version
    billing_address: AddressIn | None = None
    shipping_address: AddressIn | None = None
    shipping_same_as_billing: bool | None = None
    payment_code: str | None = Field(None, max_length=10)
    shipping_code: str | None = Field(None, max_length=10)
    currency: str | None = Field(None, pattern=r"^[A-Za-z]{3}$")
    customer_wish: str | None = Field(None, max_length=carts.WISH_MAX_LENGTH)
    bank_account: BankAccountIn | None = None


class LineIn(_Strict):
    version: Version
    item_key: int | None = Field(None, ge=1, le=MAX_PIXI_INT)
    item_number: str | None = Field(None, max_length=50)
    ean: str | None = Field(None, max_length=14)
    quantity: Quantity = 1


class LinePatchIn(_Strict):
    version: Version
    quantity: Quantity


class VersionQuery(BaseModel):
    version: int | None = Field(None, ge=0, le=2**53, description="the cart version the change is made from")


class PasteIn(_Strict):
    version: Version
    text: str = Field(max_length=20_000, description="rows of ID<sep>quantity (tab, ;, , or space)")


class ParkIn(_Strict):
    version: Version
    note: str = Field("", max_length=carts.NOTE_MAX_LENGTH)


class TakeOverIn(_Strict):
    version: Version


class CartListQuery(BaseModel):
    status: Literal["open", "parked"] | None = Field(None, description="without: open and parked")
    mine: bool = Field(False, description="only the calling agent's carts")


# --- the cart answer ----------------------------------------------------------------------------


class CartCustomerOut(BaseModel):
    kind: Literal["existing", "new"]
    customer_key: int | None
    customer_number: str
    customer_type: CustomerType
    salutation: str
    first_name: str
    last_name: str
    company: str
    vat_id: str
    email: str
    phone: str


class CartAddressOut(BaseModel):
    address_key: int | None
    salutation: str
    first_name: str
    last_name: str
    company: str
    street: str
    zip_code: str
    city: str
    country: str
    phone: str
    email: str

    @classmethod
    def of(cls, address: Address | None) -> CartAddressOut | None:
        if address is None:
            return None
        return cls(
            address_key=address.address_key, salutation=address.salutation, first_name=address.first_name,
            last_name=address.last_name, company=address.company, street=address.street,
            zip_code=address.zip_code, city=address.city, country=address.country, phone=address.phone,
            email=address.email,
        )


class BankAccountOut(BaseModel):
    holder: str
    iban_masked: str = Field(description="country, check digits and the last four characters only")
    bic: str


class LineStockOut(BaseModel):
    available: int | None
    level: StockLevel
    note: str = Field(description="set when the line goes beyond the stock (allowed and marked)")


class CartLineOut(BaseModel):
    line_id: str
    item_key: int
    item_number: str
    ean: str
    name: str
    quantity: int
    unit_price: Amount = Field(description="what one piece costs (the promo price where there is one)")
    normal_unit_price: Amount
    promo: bool
    vat_percent: Decimal
    line_total: Amount
    stock: LineStockOut


class TotalsOut(BaseModel):
    goods: Amount
    discount: Amount
    shipping: Amount
    payment_surcharge: Amount = Field(description="negative for a payment discount")
    vat: Amount
    total: Amount
    currency: str
    price_basis: PriceBasis
    missing_for_free_shipping: Amount | None


class ShippingOptionOut(BaseModel):
    vendor_code: str
    name: str
    cost: Amount
    free_from: Amount | None


class PaymentChoiceOut(BaseModel):
    code: str
    text: str
    kind: PaymentKind
    needs_bank_account: bool
    adjustment_text: str = Field(description='e.g. "Aufschlag 2,5 %"; empty without adjustment')


class MessageOut(BaseModel):
    code: str
    text: str


class OwnerOut(BaseModel):
    agent_id: str
    email: str


class CartOut(BaseModel):
    cart_id: str
    version: int
    status: CartStatus
    connection_id: str
    customer: CartCustomerOut
    billing_address: CartAddressOut | None
    shipping_address: CartAddressOut | None = Field(description="null: shipped to the billing address")
    shipping_same_as_billing: bool
    known_addresses: list[AddressOut]
    payment_code: str
    shipping_code: str
    currency: str
    customer_wish: str
    bank_account: BankAccountOut | None
    lines: list[CartLineOut]
    totals: TotalsOut
    shipping_options: list[ShippingOptionOut]
    payment_options: list[PaymentChoiceOut]
    messages: list[MessageOut]
    owner: OwnerOut
    parked_note: str
    created_at: datetime
    updated_at: datetime
    expires_at: datetime


def mask_iban(iban: str) -> str:
    """``DE89 **** **** **** **30 00``-like: country and check digits, the rest hidden but the last four."""
    if len(iban) <= 8:
        return "*" * len(iban)
    return format_iban(iban[:4] + "*" * (len(iban) - 8) + iban[-4:])


def _decimal_text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def adjustment_text(method: PaymentMethod, currency: str) -> str:
    adjustment = method.adjustment
    if adjustment is None:
        return ""
    word = "Aufschlag" if adjustment.kind is AdjustmentKind.SURCHARGE else "Rabatt"
    if adjustment.percent is not None:
        return f"{word} {_decimal_text(adjustment.percent)} %"
    amount = adjustment.amounts.get(currency)
    return f"{word} {str(amount.amount).replace('.', ',')} {currency}" if amount else ""


def _line_out(line: CartLine, view: carts.CartView) -> CartLineOut:
    price = next(p for p in view.totals.lines if p.line_id == line.line_id)
    stock = (shown_stock(view.config, line.available_stock) if line.available_stock is not None else None)
    return CartLineOut(
        line_id=line.line_id, item_key=line.item_key, item_number=line.item_number, ean=line.ean,
        name=line.name, quantity=line.quantity, unit_price=price.unit_price.amount,
        normal_unit_price=price.normal_unit_price.amount, promo=line.promo_price is not None,
        vat_percent=line.vat_percent, line_total=price.total.amount,
        stock=LineStockOut(
            available=stock.available if stock else None,
            level=stock.level if stock else StockLevel.AVAILABLE,
            note=line.stock_note,
        ),
    )


def _amount(value: Money | None) -> Decimal | None:
    return value.amount if value is not None else None


def cart_out(view: carts.CartView) -> CartOut:
    cart, totals, profile = view.cart, view.totals, view.customer
    account = cart.bank_account
    return CartOut(
        cart_id=cart.cart_id, version=cart.version, status=cart.status,
        connection_id=cart.connection.connection_id,
        customer=CartCustomerOut(
            kind="existing" if profile.kind == "existing" else "new", customer_key=profile.customer_key,
            customer_number=profile.customer_number, customer_type=profile.customer_type,
            salutation=profile.salutation, first_name=profile.first_name, last_name=profile.last_name,
            company=profile.company, vat_id=profile.vat_id, email=profile.email, phone=profile.phone,
        ),
        billing_address=CartAddressOut.of(cart.billing_address),
        shipping_address=CartAddressOut.of(cart.shipping_address),
        shipping_same_as_billing=cart.shipping_address is None,
        known_addresses=[AddressOut.of(a) for a in view.known_addresses],
        payment_code=cart.payment_code, shipping_code=cart.shipping_code, currency=cart.currency,
        customer_wish=cart.customer_wish,
        bank_account=(
            BankAccountOut(holder=account.holder, iban_masked=mask_iban(account.iban), bic=account.bic)
            if account else None
        ),
        lines=[_line_out(line, view) for line in cart.lines],
        totals=TotalsOut(
            goods=totals.goods.amount, discount=totals.discount.amount, shipping=totals.shipping.amount,
            payment_surcharge=totals.payment_surcharge.amount, vat=totals.vat.amount,
            total=totals.total.amount, currency=cart.currency, price_basis=totals.price_basis,
            missing_for_free_shipping=_amount(totals.missing_for_free_shipping),
        ),
        shipping_options=[
            ShippingOptionOut(vendor_code=m.vendor_code, name=m.name, cost=price.cost.amount,
                              free_from=_amount(price.free_from))
            for m in view.shipping_options if (price := m.price_in(cart.currency)) is not None
        ],
        payment_options=[
            PaymentChoiceOut(code=m.code, text=m.text, kind=m.kind, needs_bank_account=m.needs_bank_account,
                             adjustment_text=adjustment_text(m, cart.currency))
            for m in view.payment_options
        ],
        messages=[MessageOut(code=m.code, text=m.text) for m in view.messages],
        owner=OwnerOut(agent_id=cart.owner_agent_id, email=cart.owner_email),
        parked_note=cart.parked_note, created_at=cart.created_at, updated_at=cart.updated_at,
        expires_at=cart.expires_at,
    )


class CartSummaryOut(BaseModel):
    cart_id: str
    status: CartStatus
    customer_name: str
    customer_number: str
    lines_count: int
    total: Amount
    currency: str
    owner_email: str
    parked_note: str
    updated_at: datetime
    connection_id: str


class CartListOut(BaseModel):
    carts: list[CartSummaryOut]


class PasteProblemOut(BaseModel):
    line_number: int
    text: str
    reason: str


class PasteOut(BaseModel):
    cart: CartOut
    problems: list[PasteProblemOut]


# --- routes -------------------------------------------------------------------------------------

@endpoint("/carts", method="POST", summary="Warenkorb anlegen (Kunde, neuer Kunde oder Nachbestellung)",
          body=CartCreateIn, response=CartOut, status=201, tag="carts", feature=Feature.ORDERING, pixi=True)
def create_cart(principal: Principal, connection: ConnectionRef, body: CartCreateIn) -> CartOut:
    starts = ("customer_key", "new_customer", "from_order")
    given = [name for name in starts if getattr(body, name) is not None]
    if len(given) != 1:
        message = "Bitte genau eines angeben: customer_key, new_customer oder from_order."
        raise ValidationError(message, fields={"body": message})
    if body.customer_key is not None:
        return cart_out(carts.start_for_customer(principal, connection, body.customer_key))
    if body.new_customer is not None:
        return cart_out(carts.start_for_new_customer(principal, connection, body.new_customer.customer()))
    assert body.from_order is not None
    return cart_out(carts.start_from_order(principal, connection, body.from_order))


@endpoint("/carts", summary="Offene und geparkte Warenkörbe des Kontos", query=CartListQuery,
          response=CartListOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def list_carts(principal: Principal, connection: ConnectionRef, query: CartListQuery) -> CartListOut:
    status = CartStatus(query.status) if query.status else None
    return CartListOut(carts=[
        CartSummaryOut(
            cart_id=s.cart.cart_id, status=s.cart.status, customer_name=s.customer_name,
            customer_number=s.customer_number, lines_count=len(s.cart.lines), total=s.total.amount,
            currency=s.cart.currency, owner_email=s.cart.owner_email, parked_note=s.cart.parked_note,
            updated_at=s.cart.updated_at, connection_id=s.cart.connection.connection_id,
        )
        for s in carts.list_carts(principal, status=status, mine=query.mine)
    ])


@endpoint("/carts/{cart_id}", summary="Warenkorb", response=CartOut, tag="carts", feature=Feature.ORDERING,
          pixi=True)
def get_cart(principal: Principal, connection: ConnectionRef, cart_id: str) -> CartOut:
    return cart_out(carts.get_cart(principal, cart_id, connection=_named(connection)))


@endpoint("/carts/{cart_id}", method="PATCH", summary="Warenkorb ändern (Adressen, Zahlung, Versand, ...)",
          body=CartPatchIn, response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def patch_cart(principal: Principal, connection: ConnectionRef, body: CartPatchIn, cart_id: str) -> CartOut:
    given = body.model_fields_set
    changes: dict[str, Any] = {}
    for name in ("billing_address", "shipping_address"):
        if name in given:
            value = getattr(body, name)
            changes[name] = value.address() if value is not None else None
    for name in ("payment_code", "shipping_code", "currency", "customer_wish"):
        if name in given:
            changes[name] = getattr(body, name) or ""
    if "bank_account" in given:
        account = body.bank_account
        changes["bank_account"] = (account.holder, account.iban, account.bic) if account else None
    view = carts.update_cart(
        principal, cart_id, body.version, connection=_named(connection),
        shipping_same_as_billing=body.shipping_same_as_billing, **changes,
    )
    return cart_out(view)


@endpoint("/carts/{cart_id}/lines", method="POST", summary="Artikel in den Warenkorb legen",
          body=LineIn, response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def add_line(principal: Principal, connection: ConnectionRef, body: LineIn, cart_id: str) -> CartOut:
    return cart_out(carts.add_line(
        principal, cart_id, body.version, quantity=body.quantity, item_key=body.item_key,
        item_number=body.item_number, ean=body.ean, connection=_named(connection),
    ))


@endpoint("/carts/{cart_id}/lines/paste", method="POST",
          summary="Schnellerfassung: mehrere Zeilen ID<Trenner>Menge einfügen", body=PasteIn,
          response=PasteOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def paste_lines(principal: Principal, connection: ConnectionRef, body: PasteIn, cart_id: str) -> PasteOut:
    result = carts.paste_lines(principal, cart_id, body.version, body.text, connection=_named(connection))
    return PasteOut(
        cart=cart_out(result.view),
        problems=[PasteProblemOut(line_number=p.line_number, text=p.text, reason=p.reason)
                  for p in result.problems],
    )


@endpoint("/carts/{cart_id}/lines/{line_id}", method="PATCH", summary="Menge einer Position ändern",
          body=LinePatchIn, response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def patch_line(
    principal: Principal, connection: ConnectionRef, body: LinePatchIn, cart_id: str, line_id: str
) -> CartOut:
    return cart_out(carts.change_line(
        principal, cart_id, line_id, body.version, body.quantity, connection=_named(connection)
    ))


@endpoint("/carts/{cart_id}/lines/{line_id}", method="DELETE", summary="Position entfernen",
          query=VersionQuery, response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def delete_line(
    principal: Principal, connection: ConnectionRef, query: VersionQuery, cart_id: str, line_id: str
) -> CartOut:
    view = carts.remove_line(principal, cart_id, line_id, query.version, connection=_named(connection))
    return cart_out(view)


@endpoint("/carts/{cart_id}/park", method="POST", summary="Warenkorb parken (mit Notiz)", body=ParkIn,
          response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def park_cart(principal: Principal, connection: ConnectionRef, body: ParkIn, cart_id: str) -> CartOut:
    return cart_out(carts.park(principal, cart_id, body.version, body.note, connection=_named(connection)))


@endpoint("/carts/{cart_id}/take-over", method="POST", summary="Warenkorb übernehmen", body=TakeOverIn,
          response=CartOut, tag="carts", feature=Feature.ORDERING, pixi=True)
def take_over_cart(
    principal: Principal, connection: ConnectionRef, body: TakeOverIn, cart_id: str
) -> CartOut:
    return cart_out(carts.take_over(principal, cart_id, body.version, connection=_named(connection)))


# --- the duplicate check (O1) -------------------------------------------------------------------


class AddressMatchIn(_Strict):
    first_name: str = Field("", max_length=TEXT)
    last_name: str = Field("", max_length=TEXT)
    company: str = Field("", max_length=TEXT)
    street: str = Field("", max_length=TEXT)
    zip_code: str = Field("", max_length=20)
    city: str = Field("", max_length=TEXT)
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$")


class AddressMatchOut(BaseModel):
    customer_key: int
    customer_number: str
    name: str
    address: AddressOut
    score: int = Field(description="100 = same name and address; lower = less certain")
    reason: str


class AddressMatchesOut(BaseModel):
    matches: list[AddressMatchOut]


@endpoint("/address-matches", method="POST",
          summary="Bekannte Kunden unter dieser Adresse (Dublettenprüfung)",
          tag="carts", body=AddressMatchIn, response=AddressMatchesOut, feature=Feature.ORDERING, pixi=True)
def find_address_matches(
    principal: Principal, connection: ConnectionRef, body: AddressMatchIn
) -> AddressMatchesOut:
    candidate = Address(
        address_key=None, address_type=None, first_name=body.first_name, last_name=body.last_name,
        company=body.company, street=body.street, zip_code=body.zip_code, city=body.city,
        country=body.country.upper(),
    )
    return AddressMatchesOut(matches=[
        AddressMatchOut(
            customer_key=m.customer.customer_key, customer_number=m.customer.customer_number,
            name=m.match.address.display_name, address=AddressOut.of(m.match.address), score=m.match.score,
            reason=m.match.reason,
        )
        for m in address_matches.find_matches(connection, candidate)
    ])

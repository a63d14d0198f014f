"""Carts (O3, C5): server-side order drafts, stored with a version, recomputed on every answer.

Every change loads the cart at the version the agent saw (an older one is a 409
``cart_version_conflict`` naming who changed it), applies the change, settles what the change may
have invalidated (a payment or shipping method that no longer fits is dropped with a message,
never silently kept: C4), stores the next version with a fresh expiry and answers the whole cart
with totals from the one pure function ``domain.cart.cart_totals``.

A cart works on the pixi connection it was started on (``Cart.connection``); a request that names
another connection is refused (409 ``cart_other_connection``). Item prices are pixi's gross selling
prices (see ``services.products``), promo prices from ``services.promo_prices``; stock is read
when a line is added or its quantity changes and checked per the order configuration.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.audit import CustomerRef, EventKind, excerpt
from chalicelib.domain.bank_account import parse_bank_account
from chalicelib.domain.cart import (
    Cart,
    CartLine,
    CartStatus,
    CartTotals,
    ExistingCustomer,
    NewCustomer,
    cart_expiry,
    cart_totals,
    quantity_problem,
)
from chalicelib.domain.customer import Address, AddressType, Customer, CustomerType, display_name
from chalicelib.domain.item import Item
from chalicelib.domain.money import Money
from chalicelib.domain.order_config import OrderConfig, payment_options, shipping_options
from chalicelib.domain.payment import PaymentMethod
from chalicelib.domain.permissions import Principal
from chalicelib.domain.quick_order import QuickOrderProblem, parse_quick_order
from chalicelib.domain.shipping import ShippingMethod, reconcile_shipping
from chalicelib.domain.stock import stock_check
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import (
    CartNotChangeableError,
    CartOtherConnectionError,
    NotFoundError,
    PixiError,
    StockInsufficientError,
    ValidationError,
)
from chalicelib.services import audit
from chalicelib.services.order_config import config_for_ordering, stored_config
from chalicelib.services.pixi_cache import TenantPixi, tenant_pixi
from chalicelib.services.promo_prices import promo_price_for
from chalicelib.services.wiring import adapters

CART_NOT_FOUND_MESSAGE = (
    "Diesen Warenkorb gibt es nicht (mehr): Er ist abgelaufen oder gehört nicht zu Ihrem Konto."
)
LINE_NOT_FOUND_MESSAGE = "Diese Position gibt es im Warenkorb nicht (mehr). Bitte neu laden."
PARKED_MESSAGE = "Der Warenkorb ist geparkt. Bitte übernehmen Sie ihn zuerst."
ORDERED_MESSAGE = "Der Warenkorb ist bereits bestellt und kann nicht mehr geändert werden."
VERSION_MESSAGE = "Bitte die Version des Warenkorbs angeben, von der die Änderung ausgeht."
NOTE_MAX_LENGTH = 500
WISH_MAX_LENGTH = 1000

KEEP: Any = object()
"""``update_cart``: leave this part of the cart as it is."""


@dataclass(frozen=True)
class CartMessage:
    code: str  # shipping_dropped, payment_dropped, item_gone, stock_insufficient, customer_unavailable
    text: str  # German


@dataclass(frozen=True)
class CartCustomerProfile:
    """The cart's customer as the order form shows it."""

    kind: str  # "existing" | "new"
    customer_key: int | None
    customer_number: str
    customer_type: CustomerType
    salutation: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    vat_id: str = ""
    email: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)


@dataclass(frozen=True)
class CartView:
    """A cart with everything computed for its answer."""

    cart: Cart
    config: OrderConfig
    totals: CartTotals
    customer: CartCustomerProfile
    known_addresses: tuple[Address, ...]
    shipping_options: tuple[ShippingMethod, ...]
    payment_options: tuple[PaymentMethod, ...]
    messages: tuple[CartMessage, ...]


@dataclass(frozen=True)
class CartSummary:
    cart: Cart
    customer_name: str
    customer_number: str
    total: Money


@dataclass(frozen=True)
class PasteResult:
    view: CartView
    problems: tuple[QuickOrderProblem, ...]


# --- reading ---------------------------------------------------------------------------------


def _load(principal: Principal, cart_id: str, connection: ConnectionRef | None,
          version: int | None = None) -> Cart:
    """The tenant's cart (404 when unknown, expired or another tenant's); with ``version``, 409 when
    it is no longer that version; with ``connection`` (named by the request), 409 for another one."""
    cart = adapters().carts.get(principal.tenant_id, cart_id, expected_version=version)
    if cart is None or cart.is_expired(adapters().now()):
        raise NotFoundError(CART_NOT_FOUND_MESSAGE, detail=f"cart {cart_id}")
    if connection is not None and connection != cart.connection:
        raise CartOtherConnectionError(detail=f"cart {cart_id} is on {cart.connection.connection_id}")
    return cart


def get_cart(principal: Principal, cart_id: str, *, connection: ConnectionRef | None = None) -> CartView:
    cart = _load(principal, cart_id, connection)
    config = config_for_ordering(cart.connection)
    settled, messages = _settle(cart, config)
    return _view(settled, config, messages)


def list_carts(
    principal: Principal, *, status: CartStatus | None = None, mine: bool = False
) -> list[CartSummary]:
    """The tenant's open and parked carts (or those of ``status``), newest change first."""
    now = adapters().now()
    wanted = {status} if status is not None else {CartStatus.OPEN, CartStatus.PARKED}
    carts = [
        c for c in adapters().carts.list_for_tenant(principal.tenant_id)
        if c.status in wanted and not c.is_expired(now)
        and (not mine or c.owner_agent_id == principal.agent_id)
    ]
    configs: dict[ConnectionRef, OrderConfig | None] = {}
    summaries = []
    for cart in sorted(carts, key=lambda c: c.updated_at, reverse=True):
        if cart.connection not in configs:
            configs[cart.connection] = stored_config(cart.connection)
        config = configs[cart.connection] or OrderConfig()
        settled, _ = _settle(cart, config)
        summaries.append(CartSummary(
            cart=cart,
            customer_name=_customer_name(cart),
            customer_number=(
                cart.customer.customer_number if isinstance(cart.customer, ExistingCustomer) else ""
            ),
            total=_totals(settled, config).total,
        ))
    return summaries


def _customer_name(cart: Cart) -> str:
    if isinstance(cart.customer, NewCustomer):
        c = cart.customer
        return display_name(c.first_name, c.last_name, c.company)
    return cart.billing_address.display_name if cart.billing_address else ""


# --- settling and answering ------------------------------------------------------------------


def _settle(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
    """Drop a payment or shipping method that no longer fits the currency or destination (with a
    message); choose the only shipping method there is."""
    messages: list[CartMessage] = []
    payment_code = cart.payment_code
    if payment_code and payment_code not in {m.code for m in payment_options(config, cart.currency)}:
        messages.append(CartMessage("payment_dropped", (
            f"Die Zahlungsart {payment_code} ist in {cart.currency} nicht möglich und wurde entfernt. "
            "Bitte eine andere Zahlungsart wählen.")))
        payment_code = ""
    code, dropped = reconcile_shipping(
        cart.shipping_code, shipping_options(config, cart.destination_country, cart.currency)
    )
    if dropped:
        messages.append(CartMessage("shipping_dropped", dropped))
    return replace(cart, payment_code=payment_code, shipping_code=code or ""), messages


def _totals(cart: Cart, config: OrderConfig) -> CartTotals:
    return cart_totals(
        cart.lines,
        price_basis=cart.price_basis,
        currency=cart.currency,
        shipping=config.shipping_method(cart.shipping_code) if cart.shipping_code else None,
        destination_country=cart.destination_country,
        payment=config.payment_method(cart.payment_code) if cart.payment_code else None,
    )


def _view(cart: Cart, config: OrderConfig, messages: Iterable[CartMessage]) -> CartView:
    notes = list(messages)
    profile, known = _customer_of(cart, notes)
    return CartView(
        cart=cart,
        config=config,
        totals=_totals(cart, config),
        customer=profile,
        known_addresses=known,
        shipping_options=tuple(shipping_options(config, cart.destination_country, cart.currency)),
        payment_options=tuple(payment_options(config, cart.currency)),
        messages=tuple(notes),
    )


def _customer_of(
    cart: Cart, messages: list[CartMessage]
) -> tuple[CartCustomerProfile, tuple[Address, ...]]:
    customer = cart.customer
    if isinstance(customer, NewCustomer):
        return CartCustomerProfile(
            kind="new", customer_key=None, customer_number="", customer_type=customer.customer_type,
            salutation=customer.salutation, first_name=customer.first_name, last_name=customer.last_name,
            company=customer.company, vat_id=customer.vat_id, email=customer.email, phone=customer.phone,
        ), ()
    try:
        known = tenant_pixi(cart.connection).customer(customer.customer_key)
    except PixiError:
        messages.append(CartMessage(
            "customer_unavailable",
            "pixi ist gerade nicht erreichbar: Die Kundendaten und bekannten Adressen fehlen. Der Warenkorb "
            "selbst ist gespeichert."))
        billing = cart.billing_address or Address(None, None)
        return CartCustomerProfile(
            kind="existing", customer_key=customer.customer_key, customer_number=customer.customer_number,
            customer_type=customer.customer_type, salutation=billing.salutation,
            first_name=billing.first_name, last_name=billing.last_name, company=billing.company,
            email=billing.email, phone=billing.phone,
        ), ()
    return _existing_profile(known), known.addresses


def _existing_profile(customer: Customer) -> CartCustomerProfile:
    return CartCustomerProfile(
        kind="existing", customer_key=customer.customer_key, customer_number=customer.customer_number,
        customer_type=customer.customer_type, salutation=customer.salutation,
        first_name=customer.first_name, last_name=customer.last_name, company=customer.company,
        vat_id=customer.vat_id, email=customer.email, phone=customer.phone,
    )


# --- storing ---------------------------------------------------------------------------------


def _store(principal: Principal, before: Cart | None, after: Cart, config: OrderConfig) -> Cart:
    """Store the next version of the cart (the first when ``before`` is None), expiring
    ``cart_expiry_hours`` after this change."""
    now = adapters().now()
    stored = replace(
        after,
        version=before.version + 1 if before is not None else 1,
        updated_at=now,
        expires_at=cart_expiry(now, config.cart_expiry_hours),
    )
    adapters().carts.save(
        stored, expected_version=before.version if before is not None else None, changed_by=principal.email
    )
    return stored


def _change(
    principal: Principal,
    cart_id: str,
    version: int | None,
    connection: ConnectionRef | None,
    change: Callable[[Cart, OrderConfig], tuple[Cart, list[CartMessage]]],
) -> CartView:
    """Load the cart at ``version``, apply ``change`` (an open cart only), settle, store, answer.

    An unknown cart is a 404 before a missing version is a 400 (a query parameter can be left out)."""
    cart = _load(principal, cart_id, connection, version)
    if version is None:
        raise ValidationError(VERSION_MESSAGE, fields={"version": VERSION_MESSAGE})
    _require_open(cart)
    config = config_for_ordering(cart.connection)
    changed, messages = change(cart, config)
    settled, more = _settle(changed, config)
    return _view(_store(principal, cart, settled, config), config, [*messages, *more])


def _require_open(cart: Cart) -> None:
    if cart.status is CartStatus.PARKED:
        raise CartNotChangeableError(PARKED_MESSAGE, detail=cart.cart_id)
    if cart.status is CartStatus.ORDERED:
        raise CartNotChangeableError(ORDERED_MESSAGE, detail=cart.cart_id)


def _record(principal: Principal, cart: Cart, action: str, **details: Any) -> None:
    """An audit event for the cart's customer (B1); a failed write is logged, never fails the change."""
    customer = cart.customer
    ref = (
        CustomerRef(customer.customer_key, customer.customer_number, _customer_name(cart))
        if isinstance(customer, ExistingCustomer) else None
    )
    audit.record_safely(audit.new_event(
        principal.tenant_id, principal, action, customer=ref, kind=EventKind.CUSTOMER,
        details={"cart_id": cart.cart_id, "connection_id": cart.connection.connection_id, **details},
    ))


# --- items and lines -------------------------------------------------------------------------


def _orderable(pixi: TenantPixi, item: Item) -> Item:
    """The item that goes into the cart: a variation master's default variation (O2)."""
    if item.is_variation_master:
        if item.default_variation_key is None:
            message = f"„{item.name}“ hat Varianten: Bitte eine Variante wählen."
            raise ValidationError(message, fields={"item": message})
        item = pixi.item(item_key=item.default_variation_key)
    if not item.enabled:
        message = f"„{item.name}“ ist in pixi gesperrt und kann nicht bestellt werden."
        raise ValidationError(message, fields={"item": message})
    return item


def _find_item(pixi: TenantPixi, identifier: str) -> Item | None:
    """An item by EAN (8 to 14 digits) or shop item number, as a quick-order row names it."""
    is_ean = identifier.isdigit() and 8 <= len(identifier) <= 14
    kinds = ["ean", "item_number"] if is_ean else ["item_number"]
    for kind in kinds:
        try:
            if kind == "ean":
                return pixi.item(ean=identifier)
            return pixi.item(item_number=identifier)
        except NotFoundError:
            continue
    return None


def _available(pixi: TenantPixi, item: Item) -> int:
    found = pixi.stock([item.item_key]).get(item.item_key)
    return found.available_stock if found is not None else item.available_stock


def _priced_line(cart: Cart, item: Item, quantity: int, available: int, config: OrderConfig,
                 line_id: str | None = None) -> CartLine:
    """A line of ``quantity`` pieces; 409 ``stock_insufficient`` with the numbers when beyond the stock
    and the configuration allows no more, else the line is marked."""
    if (problem := quantity_problem(quantity)) is not None:
        raise ValidationError(problem, fields={"quantity": problem})
    check = stock_check(quantity, available, allow_without_stock=config.allow_without_stock)
    if not check.allowed:
        raise StockInsufficientError(check.message, detail=f"item {item.item_key}: {available} < {quantity}")
    return CartLine(
        line_id=line_id or uuid.uuid4().hex[:12],
        item_key=item.item_key,
        item_number=item.item_number,
        ean=item.ean,
        name=item.name,
        quantity=quantity,
        unit_price=Money(item.price, cart.currency),
        promo_price=promo_price_for(cart.connection, item, cart.currency),
        vat_percent=item.vat_percent,
        available_stock=available,
        stock_note=check.message,
    )


def _with_item(cart: Cart, item: Item, quantity: int, available: int, config: OrderConfig) -> Cart:
    """The cart with ``quantity`` more pieces of ``item`` (added to its line if it has one)."""
    existing = next((line for line in cart.lines if line.item_key == item.item_key), None)
    if existing is None:
        return replace(cart, lines=(*cart.lines, _priced_line(cart, item, quantity, available, config)))
    line = _priced_line(cart, item, existing.quantity + quantity, available, config, existing.line_id)
    lines = tuple(line if other.line_id == existing.line_id else other for other in cart.lines)
    return replace(cart, lines=lines)


def _line(cart: Cart, line_id: str) -> CartLine:
    line = next((other for other in cart.lines if other.line_id == line_id), None)
    if line is None:
        raise NotFoundError(LINE_NOT_FOUND_MESSAGE, detail=f"cart {cart.cart_id} line {line_id}")
    return line


def add_line(
    principal: Principal, cart_id: str, version: int, *, quantity: int, item_key: int | None = None,
    item_number: str | None = None, ean: str | None = None, connection: ConnectionRef | None = None,
) -> CartView:
    """Put an item (by key, shop item number or EAN) into the cart."""
    item_number, ean = (item_number or "").strip() or None, (ean or "").strip() or None
    given = {k: v for k, v in (("item_key", item_key), ("item_number", item_number), ("ean", ean)) if v}
    if len(given) != 1:
        message = "Bitte genau eines angeben: item_key, item_number oder ean."
        raise ValidationError(message, fields={"item": message})
    ((field_name, value),) = given.items()

    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        pixi = tenant_pixi(cart.connection)
        try:
            found = pixi.item(item_key=item_key, item_number=item_number, ean=ean)
        except NotFoundError as exc:
            message = f"Artikel „{value}“ wurde in pixi nicht gefunden."
            raise ValidationError(message, fields={field_name: message}) from exc
        item = _orderable(pixi, found)
        return _with_item(cart, item, quantity, _available(pixi, item), config), []

    view = _change(principal, cart_id, version, connection, change)
    added = _added_number(view.cart, item_key, item_number, ean)
    _record(principal, view.cart, "cart.line_added", item_number=added, quantity=quantity)
    return view


def _added_number(cart: Cart, item_key: int | None, item_number: str | None, ean: str | None) -> str:
    line = next((other for other in cart.lines if other.item_key == item_key
                 or other.item_number == item_number or (ean and other.ean == ean)), None)
    return line.item_number if line else str(item_number or ean or item_key)


def change_line(principal: Principal, cart_id: str, line_id: str, version: int, quantity: int,
                *, connection: ConnectionRef | None = None) -> CartView:
    """A new quantity for a line (stock read again and checked)."""

    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        line = _line(cart, line_id)
        pixi = tenant_pixi(cart.connection)
        found = pixi.stock([line.item_key]).get(line.item_key)
        available = found.available_stock if found is not None else (line.available_stock or 0)
        if (problem := quantity_problem(quantity)) is not None:
            raise ValidationError(problem, fields={"quantity": problem})
        check = stock_check(quantity, available, allow_without_stock=config.allow_without_stock)
        if not check.allowed:
            raise StockInsufficientError(check.message, detail=f"item {line.item_key}")
        updated = replace(line, quantity=quantity, available_stock=available, stock_note=check.message)
        lines = tuple(updated if other.line_id == line_id else other for other in cart.lines)
        return replace(cart, lines=lines), []

    return _change(principal, cart_id, version, connection, change)


def remove_line(principal: Principal, cart_id: str, line_id: str, version: int | None,
                *, connection: ConnectionRef | None = None) -> CartView:
    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        _line(cart, line_id)
        return replace(cart, lines=tuple(other for other in cart.lines if other.line_id != line_id)), []

    return _change(principal, cart_id, version, connection, change)


def paste_lines(principal: Principal, cart_id: str, version: int, text: str,
                *, connection: ConnectionRef | None = None) -> PasteResult:
    """Quick order (C2): ``ID<sep>qty`` rows into the cart; every row that cannot go in is reported
    with its line number and why (unknown id, no stock, ...), the others are added."""
    pasted = parse_quick_order(text)
    typed = text.splitlines()
    problems: list[QuickOrderProblem] = list(pasted.problems)

    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        pixi = tenant_pixi(cart.connection)
        ids = list(dict.fromkeys(row.identifier for row in pasted.rows))
        found = dict(zip(ids, run_concurrently(*[_finder(pixi, i) for i in ids]), strict=True))
        items = {i: _orderable_or_reason(pixi, item) for i, item in found.items() if item is not None}
        keys = [item.item_key for item in items.values() if isinstance(item, Item)]
        stock = pixi.stock(keys) if keys else {}
        for row in pasted.rows:
            line_text = typed[row.line_number - 1]
            item = items.get(row.identifier)
            if item is None:
                reason = f"Artikel „{row.identifier}“ wurde in pixi nicht gefunden."
                problems.append(QuickOrderProblem(row.line_number, line_text, reason))
                continue
            if isinstance(item, str):
                problems.append(QuickOrderProblem(row.line_number, line_text, item))
                continue
            held = stock.get(item.item_key)
            available = held.available_stock if held is not None else item.available_stock
            try:
                cart = _with_item(cart, item, row.quantity, available, config)
            except (StockInsufficientError, ValidationError) as exc:
                problems.append(QuickOrderProblem(row.line_number, line_text, exc.message))
        return cart, []

    view = _change(principal, cart_id, version, connection, change)
    problems.sort(key=lambda p: p.line_number)
    return PasteResult(view, tuple(problems))


def _finder(pixi: TenantPixi, identifier: str) -> Callable[[], Item | None]:
    return lambda: _find_item(pixi, identifier)


def _orderable_or_reason(pixi: TenantPixi, item: Item) -> Item | str:
    try:
        return _orderable(pixi, item)
    except (ValidationError, NotFoundError) as exc:
        return exc.message


# --- the cart's other parts ------------------------------------------------------------------


def update_cart(
    principal: Principal,
    cart_id: str,
    version: int,
    *,
    connection: ConnectionRef | None = None,
    billing_address: Address | None = KEEP,
    shipping_address: Address | None = KEEP,
    shipping_same_as_billing: bool | None = None,
    payment_code: str = KEEP,
    shipping_code: str = KEEP,
    currency: str = KEEP,
    customer_wish: str = KEEP,
    bank_account: tuple[str, str, str] | None = KEEP,
) -> CartView:
    """Change what is given (``KEEP`` leaves a part as it is). ``shipping_same_as_billing=True``
    ships to the billing address (no own shipping address). A payment or shipping method must be
    one offered for the cart's currency and destination (400 on its field otherwise)."""

    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        changed = cart
        if billing_address is not KEEP:
            changed = replace(changed, billing_address=_typed(billing_address, AddressType.BILLING))
        if shipping_address is not KEEP:
            changed = replace(changed, shipping_address=_typed(shipping_address, AddressType.SHIPPING))
        if shipping_same_as_billing:
            changed = replace(changed, shipping_address=None)
        if customer_wish is not KEEP:
            wish = customer_wish.strip()
            if len(wish) > WISH_MAX_LENGTH:
                message = f"Höchstens {WISH_MAX_LENGTH} Zeichen."
                raise ValidationError(message, fields={"customer_wish": message})
            changed = replace(changed, customer_wish=wish)
        if bank_account is not KEEP:
            account = None if bank_account is None else parse_bank_account(*bank_account)
            changed = replace(changed, bank_account=account)
        if currency is not KEEP and currency.upper() != changed.currency:
            changed = _in_currency(changed, currency.upper())
        if payment_code is not KEEP:
            changed = replace(changed, payment_code=_offered_payment(changed, config, payment_code))
        if shipping_code is not KEEP:
            changed = replace(changed, shipping_code=_offered_shipping(changed, config, shipping_code))
        return changed, []

    return _change(principal, cart_id, version, connection, change)


def _typed(address: Address | None, kind: AddressType) -> Address | None:
    if address is None:
        return None
    return replace(address, address_type=address.address_type or kind,
                   country=address.country.strip().upper())


def _in_currency(cart: Cart, currency: str) -> Cart:
    """The cart repriced in another of pixi's active currencies (promo prices are per currency)."""
    active = {c.code.upper() for c in tenant_pixi(cart.connection).currencies() if c.active}
    if currency not in active:
        message = f"{currency} ist in pixi keine aktive Währung (aktiv: {', '.join(sorted(active))})."
        raise ValidationError(message, fields={"currency": message})
    moved = replace(cart, currency=currency)
    return replace(moved, lines=tuple(
        replace(line, unit_price=Money(line.unit_price.amount, currency),
                promo_price=promo_price_for(cart.connection, line, currency))
        for line in cart.lines
    ))


def _offered_payment(cart: Cart, config: OrderConfig, code: str) -> str:
    code = code.strip()
    offered = {m.code for m in payment_options(config, cart.currency)}
    if code and code not in offered:
        message = f"Die Zahlungsart „{code}“ wird für diesen Warenkorb nicht angeboten."
        raise ValidationError(message, fields={"payment_code": message})
    return code


def _offered_shipping(cart: Cart, config: OrderConfig, code: str) -> str:
    code = code.strip().upper()
    offered = {m.vendor_code for m in shipping_options(config, cart.destination_country, cart.currency)}
    if code and code not in offered:
        message = f"Die Versandart „{code}“ ist für dieses Lieferland und diese Währung nicht möglich."
        raise ValidationError(message, fields={"shipping_code": message})
    return code


# --- ordering (O4) ----------------------------------------------------------------------------


def existing_cart(principal: Principal, cart_id: str) -> Cart:
    """The tenant's cart, or 404 (unknown, expired or another tenant's)."""
    return _load(principal, cart_id, None)


def order_ready_view(principal: Principal, cart_id: str, version: int,
                     *, connection: ConnectionRef | None = None) -> CartView:
    """The open cart at ``version``, settled, as it would be ordered (409 when parked or ordered)."""
    cart = _load(principal, cart_id, connection, version)
    _require_open(cart)
    config = config_for_ordering(cart.connection)
    settled, messages = _settle(cart, config)
    return _view(settled, config, messages)


def mark_ordered(principal: Principal, view: CartView) -> Cart:
    """Store the cart of ``view`` as ordered; of two submits of the same version only one gets
    through (``CartVersionConflictError`` for the other)."""
    _require_open(view.cart)
    before = adapters().carts.get(principal.tenant_id, view.cart.cart_id, expected_version=view.cart.version)
    if before is None:
        raise NotFoundError(CART_NOT_FOUND_MESSAGE, detail=f"cart {view.cart.cart_id}")
    return _store(principal, before, replace(view.cart, status=CartStatus.ORDERED), view.config)


def reopen_after_failed_order(principal: Principal, cart_id: str) -> Cart | None:
    """An ordered cart open again after pixi refused its order, so it can be corrected and placed again
    (None when it is gone or not ordered)."""
    cart = adapters().carts.get(principal.tenant_id, cart_id)
    if cart is None or cart.status is not CartStatus.ORDERED:
        return None
    config = stored_config(cart.connection) or OrderConfig()
    return _store(principal, cart, replace(cart, status=CartStatus.OPEN), config)


# --- park and take over (C5) -----------------------------------------------------------------


def park(principal: Principal, cart_id: str, version: int, note: str,
         *, connection: ConnectionRef | None = None) -> CartView:
    """Set an open cart aside with a note; another agent of the tenant may take it over."""
    note = " ".join(note.split())
    if len(note) > NOTE_MAX_LENGTH:
        message = f"Höchstens {NOTE_MAX_LENGTH} Zeichen."
        raise ValidationError(message, fields={"note": message})

    def change(cart: Cart, config: OrderConfig) -> tuple[Cart, list[CartMessage]]:
        return replace(cart, status=CartStatus.PARKED, parked_note=note), []

    view = _change(principal, cart_id, version, connection, change)
    _record(principal, view.cart, "cart.parked", note=excerpt(note))
    return view


def take_over(principal: Principal, cart_id: str, version: int,
              *, connection: ConnectionRef | None = None) -> CartView:
    """The calling agent becomes the owner of an open or parked cart, which is open again."""
    cart = _load(principal, cart_id, connection, version)
    if cart.status is CartStatus.ORDERED:
        raise CartNotChangeableError(ORDERED_MESSAGE, detail=cart_id)
    config = config_for_ordering(cart.connection)
    taken = replace(cart, status=CartStatus.OPEN, parked_note="", owner_agent_id=principal.agent_id,
                    owner_email=principal.email)
    settled, messages = _settle(taken, config)
    view = _view(_store(principal, cart, settled, config), config, messages)
    _record(principal, view.cart, "cart.taken_over", previous_owner=cart.owner_email)
    return view


# --- starting a cart -------------------------------------------------------------------------


def _new_cart(principal: Principal, connection: ConnectionRef, config: OrderConfig,
              customer: ExistingCustomer | NewCustomer, **parts: Any) -> Cart:
    now = adapters().now()
    return Cart(
        cart_id=uuid.uuid4().hex,
        connection=connection,
        version=0,
        customer=customer,
        currency=parts.pop("currency", None) or config.default_currency or "",
        owner_agent_id=principal.agent_id,
        owner_email=principal.email,
        created_at=now,
        updated_at=now,
        expires_at=cart_expiry(now, config.cart_expiry_hours),
        **parts,
    )


def _start(principal: Principal, cart: Cart, config: OrderConfig, messages: list[CartMessage],
           **details: Any) -> CartView:
    settled, more = _settle(cart, config)
    view = _view(_store(principal, None, settled, config), config, [*messages, *more])
    _record(principal, view.cart, "cart.created", **details)
    return view


def _default_addresses(customer: Customer) -> tuple[Address | None, Address | None]:
    """The customer's billing address and, when it is another one, the shipping address."""
    def by_key(key: int | None) -> Address | None:
        return next((a for a in customer.addresses if key is not None and a.address_key == key), None)

    billing = by_key(customer.billing_address_key) or next(
        (a for a in customer.addresses if a.address_type is AddressType.BILLING), None
    ) or next(iter(customer.addresses), None)
    shipping = by_key(customer.shipping_address_key)
    if shipping is not None and billing is not None and shipping.address_key == billing.address_key:
        shipping = None
    return billing, shipping


def start_for_customer(principal: Principal, connection: ConnectionRef, customer_key: int) -> CartView:
    """A cart for a customer pixi knows: billing and shipping address and the customer's payment
    method (when offered) preselected."""
    config = config_for_ordering(connection)
    customer = tenant_pixi(connection).customer(customer_key)
    billing, shipping = _default_addresses(customer)
    cart = _new_cart(
        principal, connection, config,
        ExistingCustomer(customer.customer_key, customer.customer_type, customer.customer_number),
        billing_address=billing, shipping_address=shipping,
    )
    offered = {m.code for m in payment_options(config, cart.currency)}
    if customer.payment_code in offered:
        cart = replace(cart, payment_code=customer.payment_code)
    return _start(principal, cart, config, [])


def start_for_new_customer(
    principal: Principal, connection: ConnectionRef, customer: NewCustomer
) -> CartView:
    """A cart for a customer pixi does not know yet (a business customer needs the company)."""
    if customer.customer_type is CustomerType.BUSINESS and not customer.company.strip():
        message = "Für einen Geschäftskunden bitte die Firma angeben."
        raise ValidationError(message, fields={"new_customer.company": message})
    if not (customer.last_name.strip() or customer.company.strip()):
        message = "Bitte den Nachnamen (oder die Firma) angeben."
        raise ValidationError(message, fields={"new_customer.last_name": message})
    config = config_for_ordering(connection)
    return _start(principal, _new_cart(principal, connection, config, customer), config, [])


def start_from_order(principal: Principal, connection: ConnectionRef, order_number: int) -> CartView:
    """Reorder (B9): the lines, addresses and payment of a past order, repriced today. A line whose
    item is gone or out of stock (when that is not allowed) is left out with a message."""
    config = config_for_ordering(connection)
    pixi = tenant_pixi(connection)
    order = pixi.order(order_number)
    header = order.header
    if header.customer_key is None:
        message = "Dieser Auftrag hat keinen pixi-Kunden; bitte den Warenkorb für den Kunden anlegen."
        raise ValidationError(message, fields={"from_order": message})
    customer = pixi.customer(header.customer_key)
    usable = {p.cost.currency for m in config.shipping_methods for p in m.prices}
    currency = header.currency.upper() if header.currency.upper() in usable else config.default_currency
    cart = _new_cart(
        principal, connection, config,
        ExistingCustomer(customer.customer_key, customer.customer_type, customer.customer_number),
        currency=currency, billing_address=order.billing_address,
        shipping_address=None if _same_place(order.billing_address, order.shipping_address)
        else order.shipping_address,
    )
    messages: list[CartMessage] = []
    wanted = [line for line in order.lines if line.quantity > 0]
    found = run_concurrently(*[_finder(pixi, line.item_number or line.ean) for line in wanted])
    keys = [item.item_key for item in found if item is not None]
    stock = pixi.stock(keys) if keys else {}
    for line, item in zip(wanted, found, strict=True):
        if item is None or not item.enabled or item.is_variation_master:
            messages.append(CartMessage("item_gone", (
                f"{line.item_number} „{line.name}“ gibt es in pixi nicht mehr (oder er ist gesperrt) und "
                "wurde nicht übernommen.")))
            continue
        held = stock.get(item.item_key)
        try:
            cart = _with_item(cart, item, line.quantity,
                              held.available_stock if held is not None else item.available_stock, config)
        except StockInsufficientError as exc:
            text = f"{line.item_number} „{line.name}“: {exc.message}"
            messages.append(CartMessage("stock_insufficient", text))
    if header.payment_code in {m.code for m in payment_options(config, cart.currency)}:
        cart = replace(cart, payment_code=header.payment_code)
    elif header.payment_code:
        messages.append(CartMessage("payment_dropped", (
            f"Die Zahlungsart {header.payment_code} des Auftrags wird nicht angeboten; bitte eine andere "
            "wählen.")))
    cart = replace(cart, shipping_code=order.shipping_vendor.strip().upper())
    return _start(principal, cart, config, messages, from_order=order_number)


def _same_place(billing: Address | None, shipping: Address | None) -> bool:
    if billing is None or shipping is None:
        return shipping is None
    keys = ("first_name", "last_name", "company", "street", "zip_code", "city", "country")
    return all(getattr(billing, k) == getattr(shipping, k) for k in keys)

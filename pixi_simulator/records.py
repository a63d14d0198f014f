"""The simulator's in-memory pixi tables: plain records, one class per pixi entity."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FINAL_LINE_STATUSES = frozenset({"AUS", "RET", "MIN", "STO", "NLB"})
"""Line statuses after which nothing more happens to the line."""
NOT_BILLED_STATUSES = frozenset({"STO", "NLB"})
"""Cancelled / not deliverable lines do not count towards the order total."""


@dataclass(frozen=True)
class Shop:
    shop_id: str
    name: str
    address: str
    zip: str
    city: str
    country: str
    contact: str
    phone: str
    email: str


@dataclass(frozen=True)
class PaymentType:
    code: str
    xml_tag: str
    text: str
    ini_order_status: str
    aliases: tuple[str, ...] = ()
    """Further PAYMENT child tags accepted on import (e.g. PREPAYMENT besides ADVANCE_PAYMENT)."""


@dataclass(frozen=True)
class Currency:
    id: int
    code: str
    active: bool
    locale_id: int
    rate: Decimal
    """Units of this currency per EUR."""


@dataclass(frozen=True)
class Country:
    code: str  # pixi code, e.g. D
    name: str
    iso2: str
    iso3: str
    lang: str
    date_format: str
    charge_vat: bool
    is_eu: bool
    vat_limit: Decimal
    def_ship_costs: Decimal
    names: str


@dataclass(frozen=True)
class ImportChannel:
    channel_ref: int
    name: str
    active: bool


@dataclass
class Address:
    addr_key: int
    addr_type: str  # B billing, S shipping
    cust_key: int
    salutation: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    street: str
    house_nr: str | None
    zip: str
    city: str
    country: str  # pixi code
    phone: str | None
    email: str | None
    create_date: datetime
    title: str | None = None
    vat_id: str | None = None
    note: str | None = None
    iban: str | None = None
    bic: str | None = None

    @property
    def address_line(self) -> str:
        return f"{self.street} {self.house_nr}" if self.house_nr else self.street

    @property
    def name(self) -> str:
        person = " ".join(p for p in (self.first_name, self.last_name) if p)
        return self.company or person


@dataclass
class Customer:
    cust_key: int
    number: str  # CustomerNrExternal
    shop_id: str
    salutation: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    vat_id: str | None
    email: str | None
    phone: str | None
    locked: bool
    comment: str | None
    payment_code: str
    currency: str
    create_date: datetime
    update_date: datetime
    addresses: list[Address] = field(default_factory=list)
    billing_addr_key: int = 0
    shipping_addr_key: int = 0

    @property
    def business(self) -> bool:
        return bool(self.company)

    @property
    def customer_type(self) -> str:
        return "B2B" if self.business else "B2C"

    @property
    def billing(self) -> Address:
        return next(a for a in self.addresses if a.addr_key == self.billing_addr_key)

    @property
    def name(self) -> str:
        return self.company or " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass
class Item:
    item_key: int
    item_nr_int: str
    name: str
    ean: str
    suppl_nr: str
    item_nr_suppl: str
    suppl_price: Decimal
    price_gross: Decimal
    vat_level: str  # H 19 %, L 7 %
    physical_stock: int
    available_stock: int
    min_stock_qty: int
    category: str
    enabled: bool
    tags: str
    description: str
    create_date: datetime
    master_item_key: int | None = None
    is_variation_master: bool = False
    default_variation_key: int | None = None
    variation_text: str | None = None
    l30: int = 0
    min_order_qty: int = 1
    order_unit: str = "Stk"
    vpe: int = 1

    @property
    def vat_percent(self) -> int:
        return 19 if self.vat_level == "H" else 7

    @property
    def price_net(self) -> Decimal:
        return (self.price_gross / (1 + Decimal(self.vat_percent) / 100)).quantize(CENT)


@dataclass
class Orderline:
    orderline_key: int
    order_nr: int
    line_item_id_shop: str
    status: str
    item_key: int
    item_nr_int: str
    ean: str
    name: str
    qty: int
    price: Decimal  # unit price after discount, EUR
    full_price: Decimal  # unit price before discount, EUR
    discount_value: Decimal
    discount_perc: Decimal
    vat_percent: int
    create_date: datetime
    update_date: datetime
    location_id: str = "001"
    suppl_info: str | None = None
    create_emp: str = "pixi"
    update_emp: str = "pixi"

    @property
    def total(self) -> Decimal:
        return self.price * self.qty


@dataclass
class InvoiceLine:
    invoice_line_key: int
    orderline_key: int
    item_nr: str
    item_qty: int
    order_qty: int
    text: str
    price: Decimal
    vat_level: str
    item_key: int
    full_price: Decimal
    discount_value: Decimal
    discount_perc: Decimal


@dataclass
class Invoice:
    invoice_key: int
    invoice_nr: str
    order_nr: int
    cust_key: int
    shop_id: str
    inv_date: datetime
    due_date: datetime
    total: Decimal  # EUR, gross incl. shipping
    total_order_currency: Decimal
    currency: str
    paid_amount: Decimal
    paid_date: datetime | None
    payment_code: str
    ship_cost: Decimal
    vat_high: Decimal
    vat_low: Decimal
    box_nr: int
    scan_out_date: datetime | None
    tracking_id: str | None
    lines: list[InvoiceLine] = field(default_factory=list)

    @property
    def paid(self) -> bool:
        """pixi's Paid bit: only when the paid amount covers the total (PaidDate alone is no flag)."""
        return self.paid_amount >= self.total


@dataclass
class OrderComment:
    comment_key: int
    order_nr: int
    comment: str
    create_date: datetime
    create_emp: str


@dataclass
class Order:
    order_nr: int
    order_nr_external: str
    cust_key: int
    shop_id: str
    order_date: datetime
    ship_date: datetime | None
    status: str  # OPEN CLOSED HOLD
    order_type: str  # B2C B2B
    payment_code: str
    currency: str
    billing_addr_key: int
    shipping_addr_key: int
    ship_vendor: str
    ship_cost: Decimal
    discount: Decimal
    shop_note: str | None
    channel_ref: int | None
    ship_locked: bool
    create_date: datetime
    update_date: datetime
    update_emp: str = "pixi"
    on_picklist: bool = False
    lines: list[Orderline] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    comments: list[OrderComment] = field(default_factory=list)

    @property
    def lines_total(self) -> Decimal:
        return sum((ln.total for ln in self.lines if ln.status not in NOT_BILLED_STATUSES), ZERO)

    @property
    def total(self) -> Decimal:
        return self.lines_total + self.ship_cost - self.discount

    @property
    def paid_sum(self) -> Decimal:
        return sum((inv.paid_amount for inv in self.invoices), ZERO)

    def settle_status(self) -> None:
        """HOLD while ship-locked, CLOSED once every line is final, else OPEN."""
        if self.ship_locked:
            self.status = "HOLD"
        elif all(ln.status in FINAL_LINE_STATUSES for ln in self.lines):
            self.status = "CLOSED"
        else:
            self.status = "OPEN"


@dataclass
class ImportDocument:
    """One document received through pixiImportAddXML (the Control Center import log)."""

    xml_log_key: int
    document_id: str  # ORDER_ID (may be empty for unreadable documents)
    type: str
    channel_ref: int
    status: str
    error: str | None
    xml: str
    create_date: datetime
    update_date: datetime
    order_nr: int | None = None
    request: str | None = None
    response: str | None = None


@dataclass
class PixiDatabase:
    """One pixi database (e.g. ``pixiDEM``): reference data plus customers, orders, items, imports.

    ``lock`` guards every access from request threads and import timers.
    """

    name: str
    invoice_prefix: str
    shops: dict[str, Shop]
    payment_types: dict[str, PaymentType]
    currencies: dict[str, Currency]
    countries: dict[str, Country]
    channels: dict[int, ImportChannel]
    customers: dict[int, Customer] = field(default_factory=dict)
    addresses: dict[int, Address] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    invoices: dict[int, Invoice] = field(default_factory=dict)
    imports: dict[int, ImportDocument] = field(default_factory=dict)
    orders_by_customer: dict[int, list[int]] = field(default_factory=dict)
    next_keys: dict[str, int] = field(default_factory=dict)
    customer_number_prefix: str = "K"
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    on_import_added: Callable[[int], None] | None = field(default=None, repr=False)
    """Set by the server: schedules the delayed processing of a newly added import document."""

    def next_key(self, kind: str) -> int:
        value = self.next_keys[kind]
        self.next_keys[kind] = value + 1
        return value

    def country(self, code: str | None) -> Country | None:
        """Country by pixi code, ISO2 or ISO3 (case-insensitive)."""
        if not code:
            return None
        wanted = code.strip().upper()
        for country in self.countries.values():
            if wanted in (country.code, country.iso2, country.iso3):
                return country
        return None

    def add_customer(self, customer: Customer) -> None:
        self.customers[customer.cust_key] = customer
        for address in customer.addresses:
            self.addresses[address.addr_key] = address
        self.orders_by_customer.setdefault(customer.cust_key, [])

    def add_order(self, order: Order) -> None:
        self.orders[order.order_nr] = order
        self.orders_by_customer.setdefault(order.cust_key, []).append(order.order_nr)
        for invoice in order.invoices:
            self.invoices[invoice.invoice_key] = invoice

    def item_by_number(self, item_nr_int: str) -> Item | None:
        wanted = item_nr_int.strip().upper()
        for item in self.items.values():
            if item.item_nr_int.upper() == wanted:
                return item
        return None

"""Customer calls: search, key look-ups, customer info, addresses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.calls.rows import address_row, yn
from pixi_simulator.clock import server_now
from pixi_simulator.contract import ADDRESS_COLUMNS, CALLS, CUSTOMER_INFO_COLUMNS, CUSTOMER_SEARCH_COLUMNS
from pixi_simulator.like import is_match_all, like
from pixi_simulator.records import Address, Customer, PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet

_PHONE_NOISE = re.compile(r"[\s\-/().]")


def normalise_phone(text: str) -> str:
    """Digits (and wildcards) only; +49 / 0049 become a leading 0."""
    text = _PHONE_NOISE.sub("", text)
    for prefix in ("+49", "0049"):
        if text.startswith(prefix):
            return "0" + text[len(prefix) :]
    return text


def sort_key(text: str | None) -> str:
    """Collation-like order: case and accents ignored (Ä sorts with A)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _shop_matches(shop_id: str, wanted: str | None) -> bool:
    return is_match_all(wanted) or like(shop_id, (wanted or "").strip())


def _any_like(values: Iterable[str | None], pattern: str) -> bool:
    return any(like(v, pattern) for v in values)


def _address_matches(db: PixiDatabase, address: Address, args: Args) -> bool:
    checks = (
        ("Zip", [address.zip]),
        ("City", [address.city]),
        ("Address", [address.address_line, address.street]),
    )
    for name, values in checks:
        pattern = args[name]
        if not is_match_all(pattern) and not _any_like(values, pattern.strip()):
            return False
    country = args["Country"]
    if not is_match_all(country):
        record = db.countries.get(address.country)
        codes = [address.country] + ([record.iso2, record.iso3, record.name] if record else [])
        if not _any_like(codes, country.strip()):
            return False
    return True


def customer_matches(db: PixiDatabase, customer: Customer, args: Args) -> bool:
    """All given filters AND-ed, each with LIKE semantics."""
    name = args["Name"]
    if not is_match_all(name) and not _any_like((customer.last_name, customer.company), name.strip()):
        return False
    first = args["FirstName"]
    if not is_match_all(first) and not like(customer.first_name, first.strip()):
        return False
    email = args["eMail"]
    if not is_match_all(email) and not _any_like(
        [customer.email] + [a.email for a in customer.addresses], email.strip()
    ):
        return False
    number = args["CustNrExternal"]
    if not is_match_all(number) and not like(customer.number, number.strip()):
        return False
    if not _shop_matches(customer.shop_id, args["ShopID"]):
        return False
    phone = args["Phone"]
    if not is_match_all(phone):
        pattern = normalise_phone(phone)
        phones = [customer.phone] + [a.phone for a in customer.addresses]
        if not _any_like((normalise_phone(p) for p in phones if p), pattern):
            return False
    if any(not is_match_all(args[n]) for n in ("Zip", "City", "Address", "Country")):
        return any(_address_matches(db, a, args) for a in customer.addresses)
    return True


def search_row(db: PixiDatabase, customer: Customer) -> dict[str, object]:
    billing = customer.billing
    country = db.countries.get(billing.country)
    order_nrs = db.orders_by_customer.get(customer.cust_key, [])
    return {
        "CustKey": customer.cust_key,
        "CustomerNrExternal": customer.number,
        "ShopID": customer.shop_id,
        "Salutation": customer.salutation,
        "FirstName": customer.first_name,
        "LastName": customer.last_name,
        "Name": customer.name,
        "Company": customer.company,
        "Address": billing.address_line,
        "ZIP": billing.zip,
        "City": billing.city,
        "Country": billing.country,
        "CountryCodeISO2": country.iso2 if country else None,
        "Phone": customer.phone,
        "eMail": customer.email,
        "VatID": customer.vat_id,
        "CustomerType": customer.customer_type,
        "Locked": yn(customer.locked),
        "OrderCount": len(order_nrs),
        "LastOrderDate": max((db.orders[n].order_date for n in order_nrs), default=None),
        "CreateDate": customer.create_date,
    }


@handles("pixiCustomerSearch")
def customer_search(db: PixiDatabase, args: Args) -> CallResult:
    candidates: Iterable[Customer] = db.customers.values()
    if args["OrderNr"] is not None:
        order = db.orders.get(args["OrderNr"])
        candidates = [db.customers[order.cust_key]] if order else []
    invoice_nr = args["InvoiceNr"]
    if not is_match_all(invoice_nr):
        keys = {inv.cust_key for inv in db.invoices.values() if like(inv.invoice_nr, invoice_nr.strip())}
        candidates = [c for c in candidates if c.cust_key in keys]
    found = [c for c in candidates if customer_matches(db, c, args)]
    found.sort(key=lambda c: (sort_key(c.last_name or c.company), sort_key(c.first_name), c.cust_key))
    limit = args["RowCount"] or 0
    if limit > 0:
        found = found[:limit]
    return CallResult(rowsets=[RowSet(CUSTOMER_SEARCH_COLUMNS, [search_row(db, c) for c in found])])


def _by_email(db: PixiDatabase, email: str, shop_id: str | None) -> list[int]:
    wanted = email.strip().casefold()
    return sorted(
        c.cust_key
        for c in db.customers.values()
        if _shop_matches(c.shop_id, shop_id)
        and any((e or "").casefold() == wanted for e in [c.email] + [a.email for a in c.addresses])
    )


@handles("pixiCustomerKeyByEmail")
def customer_key_by_email(db: PixiDatabase, args: Args) -> CallResult:
    """Scalar CustKey; NULL when nobody matches, or several match and AllowAmbiguous is 0."""
    keys = _by_email(db, args["eMail"] or "", args["ShopId"])
    value = None
    if len(keys) == 1 or (keys and args["AllowAmbiguous"]):
        value = keys[0]
    return CallResult(scalar=value, scalar_type="int")


@handles("pixiCustomerKeyByNumber")
def customer_key_by_number(db: PixiDatabase, args: Args) -> CallResult:
    wanted = (args["CustomerNrExternal"] or "").strip().casefold()
    keys = sorted(
        c.cust_key
        for c in db.customers.values()
        if c.number.casefold() == wanted and _shop_matches(c.shop_id, args["ShopId"])
    )
    if len(keys) > 1 and not args["AllowAmbiguous"]:
        keys = []
    rows = [{"CustKey": keys[0]}] if keys else []
    return CallResult(rowsets=[RowSet(CALLS["pixiCustomerKeyByNumber"].rowsets[0], rows)])


def _reminder_levels(db: PixiDatabase, customer: Customer) -> tuple[int, int, int]:
    now = server_now()
    levels = [0, 0, 0]
    for order_nr in db.orders_by_customer.get(customer.cust_key, []):
        for invoice in db.orders[order_nr].invoices:
            overdue = (now - invoice.due_date).days
            if invoice.paid or overdue <= 14:
                continue
            levels[0 if overdue <= 28 else 1 if overdue <= 42 else 2] += 1
    return levels[0], levels[1], levels[2]


@handles("pixiGetCustomerInfo")
def get_customer_info(db: PixiDatabase, args: Args) -> CallResult:
    """One row set as documented: no CustKey column, no addresses (those come by pixiGetAddress)."""
    customer = db.customers.get(args["CustKey"]) if args["CustKey"] is not None else None
    info: list[dict[str, object]] = []
    if customer:
        level1, level2, level3 = _reminder_levels(db, customer)
        info.append(
            {
                "CustomerNRExternal": customer.number,
                "ShopID": customer.shop_id,
                "Name": customer.name,
                "Salutation": customer.salutation,
                "FirstName": customer.first_name,
                "LastName": customer.last_name,
                "Company": customer.company,
                "VatID": customer.vat_id,
                "CustomerType": customer.customer_type,
                "eMail": customer.email,
                "Phone": customer.phone,
                "Comment": customer.comment,
                "CustomerLocked": yn(customer.locked),
                "PaymentCode": customer.payment_code,
                "BaseCurrency": customer.currency,
                "DatevUserAccount": str(10000 + customer.cust_key),
                "InvoicesReminderLevel1": level1,
                "InvoicesReminderLevel2": level2,
                "InvoicesReminderLevel3": level3,
                "BillingAddrKey": customer.billing_addr_key,
                "ShippingAddrKey": customer.shipping_addr_key,
                "CreateDate": customer.create_date,
                "UpdateDate": customer.update_date,
            }
        )
    return CallResult(rowsets=[RowSet(CUSTOMER_INFO_COLUMNS, info)])


@handles("pixiGetAddress")
def get_address(db: PixiDatabase, args: Args) -> CallResult:
    address = db.addresses.get(args["AddrKey"]) if args["AddrKey"] is not None else None
    rows = [address_row(db, address)] if address else []
    return CallResult(rowsets=[RowSet(ADDRESS_COLUMNS, rows)])

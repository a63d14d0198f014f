"""pixi rows -> domain records, in one place.

Column names are looked up case-insensitively and with fallbacks (pixi spells ``eMail``/``EMail``,
``CustomerNRExternal``/``CustomerNrExternal``, ``Total``/``total``); a missing column (NULL, or
not sent by this installation) becomes the record's empty value. Money is Decimal, datetimes are
naive Europe/Berlin (pixi's server time), ``1970-01-01T00:00:00`` (and SQL Server's
``1900-01-01``) mean "no date", flags accept Y/N, J/N, 1/0 and true/false.

Currencies: where pixi gives an ``…_OrderCurr`` column beside a base-currency one (``Price``,
``Total``, ``ShipCost``; pixi-api.md §6, §7), the record holds the order-currency amount, since it
is shown with the order currency. Base-currency amounts of the same row without such a twin
(``FullPrice``, ``DiscountValue``, ``PaidAmount``) are converted with the rate the twin shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from chalicelib.adapters.pixi.result import Row, nested_rows
from chalicelib.domain.customer import Address, AddressType, Customer, CustomerSummary, CustomerType
from chalicelib.domain.invoice import Invoice, payment_state
from chalicelib.domain.item import Item, Stock
from chalicelib.domain.order import Order, OrderHeader, OrderLine
from chalicelib.domain.order_import import ImportStatus
from chalicelib.domain.reference import Country, Currency, PaymentType, Shop
from chalicelib.log import logger

BERLIN = ZoneInfo("Europe/Berlin")
_NO_DATES = ("1970-01-01T00:00:00", "1970-01-01 00:00:00", "1900-01-01T00:00:00", "1900-01-01 00:00:00")
_TRUE = frozenset({"y", "j", "1", "true", "t", "yes", "ja", "-1"})
ZERO = Decimal(0)

# pixi's own country codes (vehicle registration style, pixi-api.md §2) that are not ISO2.
PIXI_COUNTRY_TO_ISO2: dict[str, str] = {
    "D": "DE", "A": "AT", "B": "BE", "E": "ES", "F": "FR", "I": "IT", "L": "LU", "N": "NO",
    "P": "PT", "S": "SE", "H": "HU", "M": "MT", "V": "VA", "FL": "LI", "FIN": "FI", "IRL": "IE",
    "EST": "EE", "SLO": "SI", "AND": "AD", "RSM": "SM", "SRB": "RS", "USA": "US", "GBZ": "GI",
    "MAL": "MY", "DEU": "DE", "AUT": "AT", "CHE": "CH", "NLD": "NL", "BEL": "BE", "FRA": "FR",
    "ITA": "IT", "ESP": "ES", "POL": "PL", "DNK": "DK", "SWE": "SE", "GBR": "GB", "LUX": "LU",
    "CZE": "CZ", "PRT": "PT", "IRN": "IR",
}  # fmt: skip


class _Columns:
    """Case-insensitive view of a row."""

    __slots__ = ("_row",)

    def __init__(self, row: Mapping[str, str]) -> None:
        self._row = {k.lower(): v for k, v in row.items()}

    def raw(self, *names: str) -> str | None:
        for name in names:
            value = self._row.get(name.lower())
            if value is not None:
                return value
        return None

    def text(self, *names: str) -> str:
        for name in names:
            value = self._row.get(name.lower())
            if value:
                return value.strip()
        return ""

    def number(self, *names: str) -> int | None:
        return to_int(self.raw(*names))

    def dec(self, *names: str) -> Decimal:
        return to_decimal(self.raw(*names))

    def order_currency(self, name: str) -> Decimal | None:
        """``name`` in the order currency: its ``_OrderCurr`` twin if pixi sent one, else the column
        itself (None when neither is there)."""
        value = self.raw(f"{name}_OrderCurr", name)
        return None if value is None else to_decimal(value)

    def rate(self, name: str) -> Decimal | None:
        """Order currency per base currency as the ``name``/``name_OrderCurr`` pair shows it (None:
        no twin, or a zero base amount tells no rate)."""
        twin, base = self.raw(f"{name}_OrderCurr"), self.raw(name)
        if twin is None or base is None or not to_decimal(base):
            return None
        return to_decimal(twin) / to_decimal(base)

    def dt(self, *names: str) -> datetime | None:
        return to_datetime(self.raw(*names))

    def flag(self, *names: str) -> bool:
        return to_flag(self.raw(*names))


# --- value conversions ------------------------------------------------------------------------


def to_int(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return int(Decimal(value.strip()))  # "6.000000000000000e+000", "1.0000"
        except (InvalidOperation, ValueError):
            return None


def to_decimal(value: str | None) -> Decimal:
    """Money and amounts: "12.3400", "6.000000000000000e+000", "12,34" -> Decimal; else 0."""
    if value is None:
        return ZERO
    text = value.strip()
    if not text:
        return ZERO
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        logger.warning("pixi: not a number: %r", value[:50])
        return ZERO
    if "e" in text.lower():  # floats in scientific notation: drop the noise digits
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    return number


def to_datetime(value: str | None) -> datetime | None:
    if value is None:
        return None
    text = value.strip()
    if not text or text.startswith(_NO_DATES):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        logger.warning("pixi: not a datetime: %r", text[:40])
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(BERLIN).replace(tzinfo=None)
    return parsed


def to_flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def to_iso2(code: str | None) -> str:
    """A country code as ISO 3166-1 alpha-2 where it can be told; else the code as given."""
    if not code:
        return ""
    text = code.strip().upper()
    return PIXI_COUNTRY_TO_ISO2.get(text, text)


def _country(c: _Columns, iso2_column: str = "CountryCodeISO2", *others: str) -> str:
    iso2 = c.text(iso2_column, "CntCodeISO2", "CountryISO2")
    if len(iso2) == 2:
        return iso2.upper()
    return to_iso2(c.text(*others) if others else c.text("Country", "CountryCodePixi", "CountryCode"))


def _customer_type(c: _Columns) -> CustomerType:
    kind = c.text("CustomerType", "OrderType").upper()
    if kind in ("B2B", "B", "BUSINESS", "FIRMA"):
        return CustomerType.BUSINESS
    if kind:
        return CustomerType.PRIVATE
    return CustomerType.BUSINESS if c.text("Company", "VatID", "UsStId") else CustomerType.PRIVATE


def _names(c: _Columns) -> tuple[str, str]:
    first = c.text("FirstName", "Firstname", "Vorname")
    last = c.text("LastName", "Lastname", "Nachname")
    if not first and not last:
        last = c.text("Name")  # only the full name is known
    return first, last


def _street(c: _Columns) -> str:
    full = c.text("Address", "StreetAndNumber")
    if full:
        return full
    street = c.text("Street", "Strasse")
    number = c.text("HouseNr", "HouseNumber")
    return f"{street} {number}".strip()


# --- customers ----------------------------------------------------------------------------------


def customer_summary(row: Row) -> CustomerSummary:
    c = _Columns(row)
    first, last = _names(c)
    return CustomerSummary(
        customer_key=c.number("CustKey", "CustomerKey") or 0,
        customer_number=c.text("CustomerNrExternal", "CustNrExternal", "CustomerNumber"),
        shop_id=c.text("ShopID"),
        first_name=first,
        last_name=last,
        company=c.text("Company", "Firma"),
        street=_street(c),
        zip_code=c.text("ZIP", "Zip", "PLZ"),
        city=c.text("City", "Ort"),
        country=_country(c),
        email=c.text("eMail", "Email"),
        phone=c.text("Phone", "Telefon"),
        customer_type=_customer_type(c),
        locked=c.flag("Locked", "CustomerLocked", "ShipLock"),
        order_count=c.number("OrderCount"),
        last_order_date=c.dt("LastOrderDate"),
    )


def address(row: Row) -> Address:
    c = _Columns(row)
    first, last = _names(c)
    kind = c.text("AddrType", "AddressType").upper()
    address_type = {"B": AddressType.BILLING, "S": AddressType.SHIPPING}.get(kind[:1]) if kind else None
    return Address(
        address_key=c.number("AddrKey", "AddressKey"),
        address_type=address_type,
        salutation=c.text("Salutation", "Anrede", "Title"),
        first_name=first,
        last_name=last,
        company=c.text("Company", "Firma"),
        street=_street(c),
        zip_code=c.text("ZIP", "Zip", "PLZ"),
        city=c.text("City", "Ort"),
        country=_country(c),
        phone=c.text("Phone", "Telefon"),
        email=c.text("eMail", "Email"),
    )


def customer(info: Row, customer_key: int, addresses: Sequence[Address] = ()) -> Customer:
    """A customer from pixiGetCustomerInfo's row, which has no ``CustKey``: the key asked for."""
    c = _Columns(info)
    first, last = _names(c)
    locked = c.flag("CustomerLocked", "Locked")
    return Customer(
        customer_key=customer_key,
        customer_number=c.text("CustomerNRExternal", "CustomerNrExternal", "CustNrExternal"),
        shop_id=c.text("ShopID"),
        salutation=c.text("Salutation", "Anrede"),
        first_name=first,
        last_name=last,
        company=c.text("Company", "Firma"),
        vat_id=c.text("VatID", "UsStId", "VATID"),
        customer_type=_customer_type(c),
        email=c.text("eMail", "Email"),
        phone=c.text("Phone", "Telefon"),
        locked=locked,
        lock_reason=c.text("Comment", "LockReason") if locked else "",
        payment_code=c.text("PaymentCode"),
        currency=c.text("BaseCurrency", "Currency") or "EUR",
        created_at=c.dt("CreateDate"),
        addresses=tuple(addresses),
        billing_address_key=c.number("BillingAddrKey"),
        shipping_address_key=c.number("ShippingAddrKey"),
    )


# --- orders -------------------------------------------------------------------------------------


def order_header(row: Row) -> OrderHeader:
    c = _Columns(row)
    return OrderHeader(
        order_number=c.number("OrderNr", "OrderNR") or 0,
        external_order_number=c.text("OrderNrExternal", "OrderNrShop"),
        customer_key=c.number("CustKey"),
        shop_id=c.text("ShopID"),
        order_date=c.dt("OrderDate", "CreateDate"),
        ship_date=c.dt("Shipdate", "ShipDate"),
        status=c.text("OrderStatus", "Status").upper(),
        total=_first_amount(c.order_currency("OrderTotal"), c.order_currency("Total")),
        currency=c.text("OrderCurrency", "Currency") or "EUR",
        payment_code=c.text("PaymentCode", "PaymentType"),
        payment_text=c.text("PaymentText"),
        order_type=c.text("OrderType").upper(),
        customer_number=c.text("CustomerNrExternal", "CustomerNRExternal", "CustNrExternal"),
    )


def _converted(amount: Decimal, rate: Decimal | None) -> Decimal:
    return amount if rate is None else (amount * rate).quantize(Decimal("0.0001"))


def order_line(row: Row) -> OrderLine:
    c = _Columns(row)
    rate = c.rate("Price")
    full_price = _converted(c.dec("FullPrice"), rate)
    price = c.order_currency("Price")
    if price is None:
        price = c.dec("ItemPrice") if c.raw("ItemPrice") is not None else full_price
    return OrderLine(
        line_key=c.number("OrderlineKey", "OrderLineKey"),
        item_number=c.text("ItemNrInt", "ItemNr"),
        ean=c.text("EANUPC", "EAN", "ArtNr"),
        name=c.text("ArtName", "ItemName", "ItemText"),
        quantity=c.number("Qty", "Quantity", "OrderQty") or 0,
        unit_price=price,
        full_price=full_price or price,
        discount_value=_converted(c.dec("DiscountValue"), rate),
        discount_percent=c.dec("DiscountPerc"),
        status=c.text("Status").upper(),
        currency=c.text("OrderCurrency", "Currency") or "EUR",
    )


def invoice(row: Row) -> Invoice:
    c = _Columns(row)
    total = _first_amount(c.order_currency("Total"))
    paid = _converted(c.dec("PaidAmount", "PaidSum", "PayedSum"), c.rate("Total"))
    paid_flag_raw = c.raw("Paid")
    paid_flag = to_flag(paid_flag_raw) if paid_flag_raw is not None else None
    return Invoice(
        invoice_key=c.number("InvoiceKey"),
        invoice_number=c.text("InvoiceNr", "InvoiceNumber"),
        order_number=c.number("OrderNr", "OrderNR"),
        invoice_date=c.dt("InvDate", "InvoiceDate"),
        due_date=c.dt("DueDate"),
        total=total,
        paid_amount=paid,
        paid_date=c.dt("PaidDate"),
        currency=c.text("OrderCurrency", "Currency") or "EUR",
        payment_code=c.text("PaymentCode"),
        state=payment_state(total, paid, paid_flag),
        tracking_id=c.text("ShipmentTrackingID", "TrackingId", "TrackingID"),
    )


def order(row: Row) -> Order:
    """An order from pixiGetOrder's row with its nested addresses, customer, lines, invoices."""
    c = _Columns(row)
    header = order_header(row)
    customer_rows = nested_rows(c.raw("Customer"))
    if customer_rows:
        nested_customer = _Columns(customer_rows[0])
        header = replace(
            header,
            customer_key=header.customer_key or to_int(nested_customer.raw("CustKey")),
            customer_number=header.customer_number
            or nested_customer.text("CustomerNrExternal", "CustomerNRExternal"),
        )
    billing = nested_rows(c.raw("BillingAddress"))
    shipping = nested_rows(c.raw("ShippingAddress"))
    return Order(
        header=header,
        billing_address=_typed_address(billing[0], AddressType.BILLING) if billing else None,
        shipping_address=_typed_address(shipping[0], AddressType.SHIPPING) if shipping else None,
        shipping_vendor=c.text("OrderShippingVendor", "ShipVendor", "ShippingVendor"),
        shipping_cost=_first_amount(c.order_currency("ShipCost"), c.dec("ShipCosts", "Total_ShipCost")),
        shop_note=c.text("Shop_Note", "ShopNote"),
        lines=tuple(order_line(r) for r in nested_rows(c.raw("Orderlines", "OrderLines"))),
        invoices=tuple(invoice(r) for r in nested_rows(c.raw("Invoices"))),
        ship_locked=c.flag("OhSLocked", "ShipLocked", "OrderShipLock"),
    )


def _first_amount(*amounts: Decimal | None) -> Decimal:
    return next((a for a in amounts if a is not None), ZERO)


def _typed_address(row: Row, default_type: AddressType) -> Address:
    result = address(row)
    if result.address_type is None:
        result = replace(result, address_type=default_type)
    return result


# --- items --------------------------------------------------------------------------------------


def item(row: Row) -> Item:
    c = _Columns(row)
    vat = c.dec("VAT", "VATPercent", "VatRate")
    if ZERO < vat < 1:  # a fraction (0.19) rather than a percentage
        vat = (vat * 100).normalize()
    quantity = c.number("Quantity")
    return Item(
        item_key=c.number("ItemKey") or 0,
        item_number=c.text("ItemNrInt"),
        ean=c.text("EANUPC", "EAN", "UPC"),
        name=c.text("ItemName", "ArtName"),
        price=c.dec("PriceVK", "Price"),
        vat_percent=vat,
        available_stock=_first_int(c.number("AvailableStock"), quantity),
        physical_stock=_first_int(c.number("PhysicalStock"), quantity),
        enabled=c.flag("Enabled") if c.raw("Enabled") is not None else True,
        master_item_key=c.number("MasterItemKey"),
        is_variation_master=c.flag("IsVariationMaster"),
        default_variation_key=c.number("DefaultVariationKey"),
        variation_text=c.text("VariationText"),
    )


def _first_int(*values: int | None) -> int:
    return next((v for v in values if v is not None), 0)


def stock(row: Row) -> Stock:
    c = _Columns(row)
    return Stock(
        item_key=c.number("ItemKey") or 0,
        item_number=c.text("ItemNrInt", "ItemNRInt"),
        ean=c.text("EANUPC", "EAN"),
        physical_stock=_first_int(c.number("PhysicalStock"), c.number("Quantity")),
        available_stock=_first_int(c.number("AvailableStock"), c.number("PhysicalStock")),
    )


# --- reference data -----------------------------------------------------------------------------


def shop(row: Row) -> Shop:
    c = _Columns(row)
    shop_id = c.text("ShopID", "ShopId")
    return Shop(shop_id=shop_id, name=c.text("ShopName", "Name") or shop_id)


def payment_type(row: Row) -> PaymentType:
    c = _Columns(row)
    return PaymentType(
        code=c.text("Code", "PaymentCode"),
        xml_tag=c.text("XMLTag", "TagXML"),
        text=c.text("PaymentText", "Text"),
        initial_line_status=c.text("IniOrderStatus").upper(),
    )


def country(row: Row) -> Country:
    c = _Columns(row)
    pixi_code = c.text("CntCode", "CountryCode")
    iso2 = c.text("CntCodeISO2")
    return Country(
        pixi_code=pixi_code,
        name=c.text("CntName", "Name"),
        iso2=iso2.upper() if iso2 else to_iso2(pixi_code),
        iso3=c.text("CntCodeIsO3", "CntCodeISO3").upper(),
        charge_vat=c.flag("ChargeVAT"),
        is_eu=c.flag("IsEU"),
        default_shipping_cost=c.dec("DefShipCosts"),
    )


def currency(row: Row) -> Currency:
    c = _Columns(row)
    return Currency(
        currency_id=c.number("Id", "CurrencyId") or 0,
        code=c.text("Code", "CurrencyCode").upper(),
        active=c.flag("Active") if c.raw("Active") is not None else True,
    )


# --- order import -------------------------------------------------------------------------------


def import_status(row: Row) -> ImportStatus:
    c = _Columns(row)
    return ImportStatus(
        log_key=c.number("XMLLogKey", "XMLKey") or 0,
        document_id=c.text("Id", "OrderId"),
        status=c.text("Status"),
        error=c.text("Error", "ErrorMessage"),
        order_number=c.number("OrderNr"),
        created_at=c.dt("CreateDate"),
        updated_at=c.dt("UpdateDate"),
    )

"""The order import of an import channel: openTRANS-like ORDER documents become real orders.

``read_document`` checks a document when it is added (well-formed, the required parts present,
known shop/currency/payment); ``import_document`` turns a stored document into a customer (found
or created) and an order, as pixi's import job does. Status codes as pixi's import log:
XPA parsed and waiting, XIM imported, XER unreadable/invalid, NEI unknown item, Err refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lxml import etree

from pixi_simulator.clock import server_now, sql_datetime
from pixi_simulator.params import parse_datetime
from pixi_simulator.records import (
    CENT,
    ZERO,
    Address,
    Customer,
    ImportDocument,
    Order,
    Orderline,
    PixiDatabase,
)
from pixi_simulator.soap import local_name, safe_parser

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HOUSE_NR = re.compile(r"^(?P<street>.*?\D)\s+(?P<nr>\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$")


class DocumentError(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class PartyAddress:
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


@dataclass
class DocumentLine:
    line_item_id: str
    item_nr: str
    description: str | None
    qty: int
    full_price: Decimal | None
    price: Decimal | None
    discount_perc: Decimal
    discount_value: Decimal
    note: str | None


@dataclass
class OrderDocument:
    order_id: str
    order_date: str | None
    shop_id: str
    shop_note: str | None
    ship_lock: bool
    currency: str
    order_type: str | None
    party_id: str | None
    invoice_address: PartyAddress
    delivery_address: PartyAddress
    payment_code: str
    ship_cost: Decimal | None
    ship_vendor: str | None
    transport_remarks: str | None
    vat_id: str | None
    lines: list[DocumentLine] = field(default_factory=list)


def _child(element: etree._Element | None, *path: str) -> etree._Element | None:
    """The first descendant along ``path`` (local names, case-insensitive)."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if isinstance(c.tag, str) and local_name(c).upper() == name), None)
    return current


def _text(element: etree._Element | None, *path: str) -> str | None:
    found = _child(element, *path)
    if found is None:
        return None
    text = "".join(found.itertext()).strip()
    return text or None


def _decimal(text: str | None, what: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise DocumentError("XER", f"{what}: '{text}' ist keine Zahl.") from exc


def split_street(line: str) -> tuple[str, str | None]:
    """``Hauptstraße 5a`` -> (``Hauptstraße``, ``5a``)."""
    match = _HOUSE_NR.match(line.strip())
    if match:
        return match.group("street").strip(), match.group("nr").replace(" ", "")
    return line.strip(), None


def _address(db: PixiDatabase, party: etree._Element | None, role: str) -> PartyAddress:
    address = _child(party, "PARTY", "ADDRESS")
    if address is None:
        raise DocumentError("XER", f"{role}: ADDRESS fehlt.")
    first, last, name = _text(address, "NAME2"), _text(address, "NAME3"), _text(address, "NAME")
    person = " ".join(p for p in (first, last) if p)
    company = name if name and name not in (person, last) else None
    if not last and not company:
        raise DocumentError("XER", f"{role}: Name fehlt (NAME3 oder NAME).")
    missing = [tag for tag in ("STREET", "ZIP", "CITY", "COUNTRY") if not _text(address, tag)]
    if missing:
        raise DocumentError("XER", f"{role}: {', '.join(missing)} fehlt.")
    country = db.country(_text(address, "COUNTRY"))
    if country is None:
        raise DocumentError("XER", f"{role}: unbekanntes Land '{_text(address, 'COUNTRY')}'.")
    street, house_nr = split_street(_text(address, "STREET") or "")
    return PartyAddress(
        salutation=_text(address, "SAL"),
        first_name=first,
        last_name=last or None,
        company=company,
        street=street,
        house_nr=house_nr,
        zip=_text(address, "ZIP") or "",
        city=_text(address, "CITY") or "",
        country=country.code,
        phone=_text(address, "PHONE"),
        email=_text(address, "EMAIL"),
    )


def _payment(db: PixiDatabase, info: etree._Element) -> str:
    payment = _child(info, "PAYMENT")
    tags = [local_name(c).upper() for c in payment if isinstance(c.tag, str)] if payment is not None else []
    if not tags:
        raise DocumentError("XER", "PAYMENT fehlt oder ist leer.")
    for ptype in db.payment_types.values():
        if tags[0] in (ptype.xml_tag, *ptype.aliases):
            return ptype.code
    raise DocumentError("XER", f"Unbekannte Zahlungsart '{tags[0]}' (PAYMENT).")


def _lines(root: etree._Element) -> list[DocumentLine]:
    item_list = _child(root, "ORDER_ITEM_LIST")
    items = (
        [c for c in item_list if isinstance(c.tag, str) and local_name(c).upper() == "ORDER_ITEM"]
        if item_list is not None
        else []
    )
    if not items:
        raise DocumentError("XER", "ORDER_ITEM_LIST enthält keine Position.")
    lines = []
    for n, item in enumerate(items, start=1):
        item_nr = _text(item, "ARTICLE_ID", "SUPPLIER_AID")
        if not item_nr:
            raise DocumentError("XER", f"Position {n}: SUPPLIER_AID fehlt.")
        qty_text = _text(item, "QUANTITY") or ""
        try:
            qty = int(Decimal(qty_text.replace(",", ".")))
        except InvalidOperation as exc:
            raise DocumentError("XER", f"Position {n}: QUANTITY '{qty_text}' ist keine Zahl.") from exc
        if qty <= 0:
            raise DocumentError("XER", f"Position {n}: QUANTITY muss größer als 0 sein.")
        price = _child(item, "ARTICLE_PRICE")
        lines.append(
            DocumentLine(
                line_item_id=_text(item, "LINE_ITEM_ID") or str(n),
                item_nr=item_nr,
                description=_text(item, "ARTICLE_ID", "DESCRIPTION_SHORT"),
                qty=qty,
                full_price=_decimal(_text(price, "FULL_PRICE"), f"Position {n} FULL_PRICE"),
                price=_decimal(_text(price, "PRICE_AMOUNT"), f"Position {n} PRICE_AMOUNT"),
                discount_perc=_decimal(_text(price, "DISCOUNT_PERC"), f"Position {n} DISCOUNT_PERC") or ZERO,
                discount_value=_decimal(_text(price, "DISCOUNT_VALUE"), f"Position {n} DISCOUNT_VALUE")
                or ZERO,
                note=_text(item, "ARTICLE_ID", "ITEM_NOTE"),
            )
        )
    return lines


def read_document(db: PixiDatabase, xml: str) -> OrderDocument:
    """Parse and check an ORDER document; raises DocumentError("XER", …) when it cannot be imported."""
    text = _DECLARATION.sub("", xml.strip(), count=1)
    try:
        root = etree.fromstring(text.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise DocumentError("XER", f"XML-Dokument ist nicht wohlgeformt: {exc}") from exc
    if local_name(root).upper() != "ORDER":
        raise DocumentError("XER", f"Wurzelelement ist <{local_name(root)}>, erwartet <ORDER>.")
    info = _child(root, "ORDER_HEADER", "ORDER_INFO")
    if info is None:
        raise DocumentError("XER", "ORDER_HEADER/ORDER_INFO fehlt.")
    order_id = _text(info, "ORDER_ID")
    if not order_id:
        raise DocumentError("XER", "ORDER_ID fehlt.")
    shop_id = (_text(info, "SHOPID") or _text(info, "ORDER_SHOPID") or "WEB").upper()
    if shop_id not in db.shops:
        raise DocumentError("XER", f"Unbekannter Shop '{shop_id}' (SHOPID).")
    currency = (_text(info, "PRICE_CURRENCY") or "EUR").upper()
    if currency not in db.currencies or not db.currencies[currency].active:
        raise DocumentError("XER", f"Währung '{currency}' ist nicht aktiv.")
    parties = _child(info, "ORDER_PARTIES")
    invoice_address = _address(db, _child(parties, "INVOICE_PARTY"), "INVOICE_PARTY")
    delivery_party = _child(parties, "SHIPMENT_PARTIES", "DELIVERY_PARTY")
    delivery_address = (
        _address(db, delivery_party, "DELIVERY_PARTY") if delivery_party is not None else invoice_address
    )
    remarks = {
        (r.get("type") or "").upper(): "".join(r.itertext()).strip()
        for r in info
        if isinstance(r.tag, str) and local_name(r).upper() == "REMARK"
    }
    return OrderDocument(
        order_id=order_id,
        order_date=_text(info, "ORDER_DATE"),
        shop_id=shop_id,
        shop_note=_text(info, "SHOP_NOTE"),
        ship_lock=(_text(info, "ORDER_SHIPLOCK") or "N").upper() == "Y",
        currency=currency,
        order_type=(_text(info, "ORDER_TYPE") or "").upper() or None,
        party_id=_text(parties, "BUYER_PARTY", "PARTY", "PARTY_ID"),
        invoice_address=invoice_address,
        delivery_address=delivery_address,
        payment_code=_payment(db, info),
        ship_cost=_decimal(remarks.get("SHIPPING") or None, "REMARK SHIPPING"),
        ship_vendor=(remarks.get("SHIPPINGVENDOR") or "").upper()[:3] or None,
        transport_remarks=_text(info, "TRANSPORT_REMARKS"),
        vat_id=_text(info, "VAT_ID"),
        lines=_lines(root),
    )


def document_id(xml: str) -> str:
    """The ORDER_ID of a document, read leniently (also from documents that fail to parse)."""
    match = re.search(r"<(?:\w+:)?ORDER_ID>\s*(?:<!\[CDATA\[)?\s*([^<\]]*?)\s*(?:\]\]>)?\s*</", xml)
    return match.group(1) if match else ""


# --- turning a document into a customer and an order -----------------------------------------------


def _same_place(address: Address, party: PartyAddress) -> bool:
    def norm(value: str | None) -> str:
        return (value or "").replace(" ", "").casefold()

    return (
        norm(address.street) == norm(party.street)
        and norm(address.house_nr) == norm(party.house_nr)
        and norm(address.zip) == norm(party.zip)
        and norm(address.last_name or address.company) == norm(party.last_name or party.company)
    )


def _new_address(db: PixiDatabase, customer: Customer, party: PartyAddress, addr_type: str) -> Address:
    address = Address(
        addr_key=db.next_key("addr"),
        addr_type=addr_type,
        cust_key=customer.cust_key,
        salutation=party.salutation,
        first_name=party.first_name,
        last_name=party.last_name,
        company=party.company,
        street=party.street,
        house_nr=party.house_nr,
        zip=party.zip,
        city=party.city,
        country=party.country,
        phone=party.phone,
        email=party.email,
        create_date=server_now(),
        vat_id=customer.vat_id,
    )
    customer.addresses.append(address)
    db.addresses[address.addr_key] = address
    return address


def _address_for(db: PixiDatabase, customer: Customer, party: PartyAddress, addr_type: str) -> Address:
    for address in customer.addresses:
        if _same_place(address, party):
            return address
    return _new_address(db, customer, party, addr_type)


def find_customer(db: PixiDatabase, document: OrderDocument) -> Customer | None:
    """Match by BUYER_PARTY PARTY_ID (= CustomerNrExternal), else by the invoice e-mail."""
    if document.party_id:
        wanted = document.party_id.casefold()
        matches = sorted(
            (c for c in db.customers.values() if c.number.casefold() == wanted),
            key=lambda c: (c.shop_id != document.shop_id, c.cust_key),
        )
        if matches:
            return matches[0]
    email = (document.invoice_address.email or "").casefold()
    if email:
        matches = sorted(
            (c for c in db.customers.values() if (c.email or "").casefold() == email),
            key=lambda c: (c.shop_id != document.shop_id, c.cust_key),
        )
        if matches:
            return matches[0]
    return None


def create_customer(db: PixiDatabase, document: OrderDocument) -> Customer:
    party = document.invoice_address
    now = server_now()
    number = document.party_id or f"{db.customer_number_prefix}{db.next_key('customer_number')}"
    customer = Customer(
        cust_key=db.next_key("cust"),
        number=number,
        shop_id=document.shop_id,
        salutation=party.salutation,
        first_name=party.first_name,
        last_name=party.last_name,
        company=party.company,
        vat_id=document.vat_id,
        email=party.email,
        phone=party.phone,
        locked=False,
        comment=None,
        payment_code=document.payment_code,
        currency=document.currency,
        create_date=now,
        update_date=now,
    )
    db.add_customer(customer)
    billing = _new_address(db, customer, party, "B")
    shipping = (
        billing
        if document.delivery_address is party
        else _address_for(db, customer, document.delivery_address, "S")
    )
    customer.billing_addr_key, customer.shipping_addr_key = billing.addr_key, shipping.addr_key
    return customer


def import_document(db: PixiDatabase, entry: ImportDocument) -> None:
    """Process one stored document (status XPA or NEI) and record the outcome on ``entry``."""
    now = server_now()
    entry.update_date = now
    try:
        document = read_document(db, entry.xml)
        duplicate = next(
            (
                o
                for o in db.orders.values()
                if o.channel_ref == entry.channel_ref and o.order_nr_external == document.order_id
            ),
            None,
        )
        if duplicate is not None:
            raise DocumentError(
                "Err",
                f"Auftrag mit ORDER_ID '{document.order_id}' wurde über Kanal "
                f"{entry.channel_ref} bereits importiert (Auftrag {duplicate.order_nr}).",
            )
        items = []
        for line in document.lines:
            item = db.item_by_number(line.item_nr)
            if item is None:
                raise DocumentError("NEI", f"Artikel '{line.item_nr}' existiert nicht (SUPPLIER_AID).")
            items.append(item)
    except DocumentError as exc:
        entry.status, entry.error, entry.response = exc.status, exc.message, exc.message
        return
    customer = find_customer(db, document) or create_customer(db, document)
    billing = _address_for(db, customer, document.invoice_address, "B")
    shipping = _address_for(db, customer, document.delivery_address, "S")
    try:
        order_date = sql_datetime(parse_datetime(document.order_date)) if document.order_date else now
    except ValueError:
        order_date = now
    payment = db.payment_types[document.payment_code]
    country = db.countries[shipping.country]
    order_nr = db.next_key("order")
    order = Order(
        order_nr=order_nr,
        order_nr_external=document.order_id,
        cust_key=customer.cust_key,
        shop_id=document.shop_id,
        order_date=order_date,
        ship_date=order_date.replace(hour=0, minute=0, second=0, microsecond=0),
        status="HOLD" if document.ship_lock else "OPEN",
        order_type=document.order_type or customer.customer_type,
        payment_code=payment.code,
        currency=document.currency,
        billing_addr_key=billing.addr_key,
        shipping_addr_key=shipping.addr_key,
        ship_vendor=document.ship_vendor or "DHL",
        ship_cost=(document.ship_cost if document.ship_cost is not None else country.def_ship_costs).quantize(
            CENT
        ),
        discount=ZERO,
        shop_note=document.shop_note,
        channel_ref=entry.channel_ref,
        ship_locked=document.ship_lock,
        create_date=now,
        update_date=now,
        update_emp="Import",
    )
    for line, item in zip(document.lines, items, strict=True):
        full_price = line.full_price if line.full_price is not None else item.price_gross
        price = line.price if line.price is not None else full_price - line.discount_value
        order.lines.append(
            Orderline(
                orderline_key=db.next_key("line"),
                order_nr=order_nr,
                line_item_id_shop=line.line_item_id,
                status=payment.ini_order_status,
                item_key=item.item_key,
                item_nr_int=item.item_nr_int,
                ean=item.ean,
                name=line.description or item.name,
                qty=line.qty,
                price=price.quantize(CENT),
                full_price=full_price.quantize(CENT),
                discount_value=line.discount_value.quantize(CENT),
                discount_perc=line.discount_perc,
                vat_percent=item.vat_percent,
                create_date=now,
                update_date=now,
                suppl_info=line.note,
                create_emp="Import",
                update_emp="Import",
            )
        )
        item.available_stock -= line.qty
    db.add_order(order)
    entry.status, entry.error, entry.order_nr = "XIM", None, order_nr
    entry.response = f"Auftrag {order_nr} angelegt."

"""The order document sent to pixi's import channel (O4): openTRANS in pixi's dialect.

Built with ``xml.etree`` so every text is escaped: no name, street or customer wish can break the
document or add elements. Prices are pixi's gross prices per piece (``udp_gross_customer``): the
normal price as ``FULL_PRICE``, a promo price as ``PRICE_AMOUNT`` with the difference as discount.
Element names follow ``pixi-api.md`` section 10; the children of a direct-debit payment (``HOLDER``,
``BANK_ACCOUNT`` = IBAN, ``BANK_CODE`` = BIC) follow openTRANS' ACCOUNT element.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from chalicelib.domain.cart import Cart, CartTotals, NewCustomer
from chalicelib.domain.customer import Address, CustomerType
from chalicelib.domain.money import CENT
from chalicelib.domain.order_config import render_comment
from chalicelib.domain.payment import PaymentMethod
from chalicelib.domain.shipping import ShippingMethod

GENERATOR = "pixi call center"


class OrderDocumentError(ValueError):
    """The cart lacks something the document needs (a programming error: checked before building)."""


@dataclass(frozen=True)
class OrderDocumentParts:
    """What goes into the document besides the cart."""

    order_number: str  # with the configured prefix; also ORDER_ID, the document's id
    customer_number: str  # pixi's number of the customer; for a new customer the new one with prefix
    agent_email: str
    comment_template: str
    payment: PaymentMethod
    shipping: ShippingMethod | None
    totals: CartTotals
    ordered_at: datetime
    shop_id: str = ""  # empty: the channel's default shop


def _amount(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _address(parent: ET.Element, address: Address) -> None:
    element = _add(parent, "ADDRESS")
    person = " ".join(p for p in (address.first_name, address.last_name) if p)
    _add(element, "NAME", address.company or person)
    if address.salutation:
        _add(element, "SAL", address.salutation)
    if address.first_name:
        _add(element, "NAME2", address.first_name)
    if address.last_name:
        _add(element, "NAME3", address.last_name)
    _add(element, "STREET", address.street)
    _add(element, "ZIP", address.zip_code)
    _add(element, "CITY", address.city)
    _add(element, "COUNTRY", address.country.upper())
    if address.phone:
        _add(element, "PHONE", address.phone)
    if address.email:
        _add(element, "EMAIL", address.email)


def _party(parent: ET.Element, tag: str, address: Address) -> None:
    _address(_add(_add(parent, tag), "PARTY"), address)


def _billing_address(cart: Cart) -> Address:
    """The billing address; a new customer's e-mail and phone fill in what the address lacks."""
    if cart.billing_address is None:
        raise OrderDocumentError(f"cart {cart.cart_id} has no billing address")
    address = cart.billing_address
    customer = cart.customer
    if isinstance(customer, NewCustomer):
        address = replace(address, email=address.email or customer.email,
                          phone=address.phone or customer.phone)
    return address


def build_order_document(cart: Cart, parts: OrderDocumentParts) -> str:
    """The ORDER document for ``cart`` as text (UTF-8, with XML declaration)."""
    if not cart.lines:
        raise OrderDocumentError(f"cart {cart.cart_id} has no lines")
    if parts.payment.needs_bank_account and cart.bank_account is None:
        raise OrderDocumentError(f"cart {cart.cart_id}: direct debit without bank account")
    billing = _billing_address(cart)
    root = ET.Element("ORDER", {"version": "1.0", "type": "standard"})
    header = _add(root, "ORDER_HEADER")
    control = _add(header, "CONTROL_INFO")
    _add(control, "GENERATOR_INFO", GENERATOR)
    _add(control, "GENERATION_DATE", parts.ordered_at.isoformat(timespec="seconds"))

    info = _add(header, "ORDER_INFO")
    _add(info, "ORDER_ID", parts.order_number)
    _add(info, "ORDER_DATE", parts.ordered_at.isoformat(timespec="seconds"))
    if parts.shop_id:
        _add(info, "SHOPID", parts.shop_id)
    _add(info, "SHOP_NOTE", render_comment(
        parts.comment_template, agent_email=parts.agent_email, customer_wish=cart.customer_wish
    ))
    _add(info, "PRICE_CURRENCY", cart.currency)
    business = cart.customer.customer_type is CustomerType.BUSINESS
    _add(info, "ORDER_TYPE", "B2B" if business else "B2C")
    if isinstance(cart.customer, NewCustomer) and cart.customer.vat_id:
        _add(info, "VAT_ID", cart.customer.vat_id)

    parties = _add(info, "ORDER_PARTIES")
    buyer = _add(_add(parties, "BUYER_PARTY"), "PARTY")
    _add(buyer, "PARTY_ID", parts.customer_number, type="buyer_specific")
    _add(buyer, "ADDRESS")
    _party(parties, "INVOICE_PARTY", billing)
    _party(_add(parties, "SHIPMENT_PARTIES"), "DELIVERY_PARTY", cart.shipping_address or billing)

    payment = _add(_add(info, "PAYMENT"), parts.payment.xml_tag)
    if parts.payment.needs_bank_account and cart.bank_account is not None:
        _add(payment, "HOLDER", cart.bank_account.holder)
        _add(payment, "BANK_ACCOUNT", cart.bank_account.iban)
        if cart.bank_account.bic:
            _add(payment, "BANK_CODE", cart.bank_account.bic)
    _add(info, "REMARK", _amount(parts.totals.shipping.amount), type="SHIPPING")
    if parts.shipping is not None:
        _add(info, "REMARK", parts.shipping.vendor_code, type="SHIPPINGVENDOR")

    items = _add(root, "ORDER_ITEM_LIST")
    for number, line in enumerate(cart.lines, start=1):
        item = _add(items, "ORDER_ITEM")
        _add(item, "LINE_ITEM_ID", str(number))
        article = _add(item, "ARTICLE_ID")
        _add(article, "SUPPLIER_AID", line.item_number)
        _add(article, "DESCRIPTION_SHORT", line.name)
        _add(item, "QUANTITY", str(line.quantity))
        _add(item, "DF_TYPE", "0")
        full = line.unit_price.amount.quantize(CENT)
        paid = line.price.amount.quantize(CENT)
        discount = max(full - paid, Decimal(0))
        price = _add(item, "ARTICLE_PRICE", type="udp_gross_customer")
        _add(price, "FULL_PRICE", _amount(full))
        _add(price, "PRICE_AMOUNT", _amount(full - discount))
        percent = (discount * 100 / full).quantize(CENT) if full else Decimal(0)
        _add(price, "DISCOUNT_PERC", _amount(percent))
        _add(price, "DISCOUNT_VALUE", _amount(discount))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

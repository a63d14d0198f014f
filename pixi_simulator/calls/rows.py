"""Turning records into result rows (dicts keyed by contract column name; None = NULL, omitted)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pixi_simulator.contract import (
    ADDRESS_COLUMNS,
    INVOICE_COLUMNS,
    INVOICE_LINE_COLUMNS,
    ORDERLINE_COLUMNS,
    Column,
    _c,
)
from pixi_simulator.records import Address, Customer, Invoice, Item, Order, Orderline, PixiDatabase
from pixi_simulator.rowset import XmlFragment, nested

Row = dict[str, Any]

CUSTOMER_NESTED_COLUMNS = _c(
    "Locked:char(1), PaymentCode:char(1), ShopID:varchar(3), CustomerNrExternal:varchar(60),"
    " TaxOnInvoice:char(1), CreateDate:datetime, UpdateDate:datetime, CustomerType:varchar(3)"
)
"""Children of ``pixiGetOrder``'s ``Customer/row`` (attribute ``CustKey``)."""
INVOICE_NESTED_COLUMNS: tuple[Column, ...] = (*INVOICE_COLUMNS[:-1], Column("InvoiceLines", "xml"))
"""Children of ``pixiGetOrder``'s ``Invoices/row`` (attribute ``InvoiceKey``): no TotalRows, plus lines."""


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def in_currency(db: PixiDatabase, amount: Decimal, currency: str) -> Decimal:
    rate = db.currencies[currency].rate if currency in db.currencies else Decimal(1)
    return (amount * rate).quantize(Decimal("0.01"))


def address_row(db: PixiDatabase, address: Address, addr_type: str | None = None) -> Row:
    customer = db.customers.get(address.cust_key)
    country = db.countries.get(address.country)
    return {
        "AddrKey": address.addr_key,
        "AddrType": addr_type or address.addr_type,
        "AddrNr": f"C{address.addr_key}",
        "CustKey": address.cust_key,
        "CustomerNrExternal": customer.number if customer else None,
        "ShopID": customer.shop_id if customer else None,
        "Salutation": address.salutation,
        "Title": address.title,
        "Name": address.name,
        "FirstName": address.first_name,
        "LastName": address.last_name,
        "Company": address.company,
        "Address": address.address_line,
        "Street": address.street,
        "HouseNr": address.house_nr,
        "ZIP": address.zip,
        "City": address.city,
        "CountryCodePixi": address.country,
        "CountryName": country.name if country else None,
        "CountryCodeISO2": country.iso2 if country else None,
        "CountryCodeISO3": country.iso3 if country else None,
        "Phone": address.phone,
        "Fax": None,
        "eMail": address.email,
        "VatID": address.vat_id,
        "Note": address.note,
        "IBAN": address.iban,
        "BIC": address.bic,
        "BLZ": None,
        "PaymentCode": customer.payment_code if customer else None,
        "NoChargeVAT": yn(not country.charge_vat) if country else None,
        "Locked": yn(customer.locked) if customer else None,
        "CreateDate": address.create_date,
    }


def customer_nested_row(customer: Customer) -> Row:
    return {
        "CustKey": customer.cust_key,
        "Locked": yn(customer.locked),
        "PaymentCode": customer.payment_code,
        "ShopID": customer.shop_id,
        "CustomerNrExternal": customer.number,
        "TaxOnInvoice": "Y",
        "CreateDate": customer.create_date,
        "UpdateDate": customer.update_date,
        "CustomerType": customer.customer_type,
    }


def order_header_row(db: PixiDatabase, order: Order) -> Row:
    billing = db.addresses[order.billing_addr_key]
    payment = db.payment_types.get(order.payment_code)
    customer = db.customers[order.cust_key]
    total = order.total
    paid_sum = order.paid_sum if order.invoices else None
    return {
        "OrderNr": order.order_nr,
        "OrderNrExternal": order.order_nr_external,
        "CustKey": order.cust_key,
        "CustomerNrExternal": customer.number,
        "ShopID": order.shop_id,
        "OrderDate": order.order_date,
        "Shipdate": order.ship_date,
        "OrderStatus": order.status,
        "OrderType": order.order_type,
        "PaymentCode": order.payment_code,
        "PaymentText": payment.text if payment else None,
        "ShipVendor": order.ship_vendor,
        "OrderTotal": in_currency(db, total, order.currency),
        "OrderCurrency": order.currency,
        "Paid": bool(order.invoices) and order.paid_sum >= total,
        "PayedSum": in_currency(db, paid_sum, order.currency) if paid_sum is not None else None,
        "ShipCost": in_currency(db, order.ship_cost, order.currency),
        "LastName": billing.last_name,
        "FirstName": billing.first_name,
        "Company": billing.company,
        "Street": billing.address_line,
        "ZIP": billing.zip,
        "City": billing.city,
        "Country": billing.country,
        "ShopNote": order.shop_note,
        "ChannelRef": order.channel_ref,
    }


def orderline_row(db: PixiDatabase, order: Order, line: Orderline) -> Row:
    return {
        "OrderlineKey": line.orderline_key,
        "OrderNr": line.order_nr,
        "LineItemIDShop": line.line_item_id_shop,
        "Status": line.status,
        "ItemKey": line.item_key,
        "ItemNrInt": line.item_nr_int,
        "ArtNr": line.ean,
        "EANUPC": line.ean,
        "ArtName": line.name,
        "Qty": line.qty,
        "Price": line.price,
        "Price_OrderCurr": in_currency(db, line.price, order.currency),
        "FullPrice": line.full_price,
        "OrderCurrency": order.currency,
        "ShipCost": Decimal(0),
        "ShipCost_OrderCurr": Decimal(0),
        "DiscountValue": line.discount_value,
        "DiscountPerc": line.discount_perc,
        "VATPercent": line.vat_percent / 100,
        "SupplInfo": line.suppl_info,
        "LocationID": line.location_id,
        "DF_type": 0,
        "DFShipDate": None,
        "OrderDate": order.order_date,
        "CreateDate": line.create_date,
        "UpdateDate": line.update_date,
        "CreateEmp": line.create_emp,
        "UpdateEmp": line.update_emp,
    }


def invoice_row(db: PixiDatabase, invoice: Invoice) -> Row:
    return {
        "InvoiceKey": invoice.invoice_key,
        "InvoiceNr": invoice.invoice_nr,
        "OrderNr": invoice.order_nr,
        "CustKey": invoice.cust_key,
        "ShopID": invoice.shop_id,
        "InvDate": invoice.inv_date,
        "DueDate": invoice.due_date,
        "Total": invoice.total,
        "Total_OrderCurr": invoice.total_order_currency,
        "OrderCurrency": invoice.currency,
        "PaidAmount": invoice.paid_amount,
        "PaidDate": invoice.paid_date,
        "Paid": invoice.paid,
        "PaymentCode": invoice.payment_code,
        "Total_ShipCost": invoice.ship_cost,
        "VATHighPerc": 19,
        "VATLowPerc": 7,
        "VATHigh": invoice.vat_high,
        "VATLow": invoice.vat_low,
        "BoxNr": invoice.box_nr,
        "ScanOutDate": invoice.scan_out_date,
        "ShipmentTrackingID": invoice.tracking_id,
        "Locked": "N",
    }


def invoice_nested_row(db: PixiDatabase, invoice: Invoice) -> Row:
    row = invoice_row(db, invoice)
    row["InvoiceLines"] = nested(
        INVOICE_LINE_COLUMNS,
        [
            {
                "InvoiceLineKey": ln.invoice_line_key,
                "OrderLineRef": ln.orderline_key,
                "ItemNr": ln.item_nr,
                "ItemQty": ln.item_qty,
                "OrderQty": ln.order_qty,
                "ItemText": ln.text,
                "ItemPrice": ln.price,
                "ItemVAT": ln.vat_level,
                "ItemRef": ln.item_key,
                "FullPrice": ln.full_price,
                "DiscountValue": ln.discount_value,
                "DiscountPerc": ln.discount_perc,
            }
            for ln in invoice.lines
        ],
    )
    return row


def order_row(db: PixiDatabase, order: Order) -> Row:
    """A ``pixiGetOrder`` row with its nested addresses, customer, lines and invoices."""
    payment = db.payment_types.get(order.payment_code)
    customer = db.customers[order.cust_key]
    billing: XmlFragment = nested(
        ADDRESS_COLUMNS, [address_row(db, db.addresses[order.billing_addr_key], "B")], ("AddrKey", "AddrType")
    )
    shipping = nested(
        ADDRESS_COLUMNS,
        [address_row(db, db.addresses[order.shipping_addr_key], "S")],
        ("AddrKey", "AddrType"),
    )
    return {
        "OrderNr": order.order_nr,
        "OrderNrExternal": order.order_nr_external,
        "OrderStatus": order.status,
        "OrderType": order.order_type,
        "ShopID": order.shop_id,
        "OrderDate": order.order_date,
        "Shipdate": order.ship_date,
        "PaymentCode": order.payment_code,
        "PaymentText": payment.text if payment else None,
        "OrderCurrency": order.currency,
        "BillingAddress": billing,
        "ShippingAddress": shipping,
        "Customer": nested(CUSTOMER_NESTED_COLUMNS, [customer_nested_row(customer)], ("CustKey",)),
        "OrderShippingVendor": order.ship_vendor,
        "Discount": in_currency(db, order.discount, order.currency),
        "ShipCost": in_currency(db, order.ship_cost, order.currency),
        "OrderLinesTotal": in_currency(db, order.lines_total, order.currency),
        "OrderTotal": in_currency(db, order.total, order.currency),
        "CreateDate": order.create_date,
        "UpdateDate": order.update_date,
        "UpdateEmp": order.update_emp,
        "ChannelRef": order.channel_ref,
        "OhSLocked": yn(order.ship_locked),
        "Shop_Note": order.shop_note,
        "OnPicklist": yn(order.on_picklist),
        "Orderlines": nested(ORDERLINE_COLUMNS, [orderline_row(db, order, ln) for ln in order.lines]),
        "Invoices": nested(
            INVOICE_NESTED_COLUMNS, [invoice_nested_row(db, inv) for inv in order.invoices], ("InvoiceKey",)
        ),
    }


def item_row(item: Item) -> Row:
    return {
        "ItemKey": item.item_key,
        "ItemNrInt": item.item_nr_int,
        "ItemName": item.name,
        "EANUPC": item.ean,
        "ItemNrSuppl": item.item_nr_suppl,
        "InternalItemNumber": f"I{item.item_key:06d}",
        "SupplNr": item.suppl_nr,
        "SupplPrice": item.suppl_price,
        "PriceVK": item.price_gross,
        "PriceVKNet": item.price_net,
        "VATLevel": item.vat_level,
        "VAT": float(item.vat_percent),
        "Quantity": item.physical_stock,
        "PhysicalStock": item.physical_stock,
        "AvailableStock": item.available_stock,
        "MinStockQty": item.min_stock_qty,
        "MinOrderQty": item.min_order_qty,
        "OrderUnit": item.order_unit,
        "VPE": item.vpe,
        "Category": item.category,
        "Enabled": item.enabled,
        "ItemTAGs": item.tags or None,
        "PicLinkSmall": f"https://img.pixi-sim.example/s/{item.item_nr_int}.jpg",
        "PicLinkLarge": f"https://img.pixi-sim.example/l/{item.item_nr_int}.jpg",
        "ItemDescription": item.description,
        "MasterItemKey": item.master_item_key,
        "IsVariationMaster": item.is_variation_master,
        "DefaultVariationKey": item.default_variation_key,
        "VariationText": item.variation_text,
        "L30": item.l30,
        "UPC": None,
    }


def item_stock_row(item: Item) -> Row:
    return {
        "ItemKey": item.item_key,
        "ItemNrInt": item.item_nr_int,
        "EANUPC": item.ean,
        "ItemNrSuppl": item.item_nr_suppl,
        "PhysicalStock": item.physical_stock,
        "PhysicalStockAllLocations": item.physical_stock,
        "AvailableStock": item.available_stock,
        "OpenOrderlineSum": item.physical_stock - item.available_stock,
        "SupplPrice": item.suppl_price,
    }

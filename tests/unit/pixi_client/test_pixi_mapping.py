"""pixi rows -> domain records."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from chalicelib.adapters.pixi import mapping
from chalicelib.adapters.pixi.result import parse_response
from chalicelib.domain.customer import AddressType, CustomerType
from chalicelib.domain.invoice import PaymentState

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pixi"


def test_values() -> None:
    assert mapping.to_decimal("12.3400") == Decimal("12.34")
    assert mapping.to_decimal("6.000000000000000e+000") == Decimal(6)
    assert mapping.to_decimal("1.900000000000000e-001") == Decimal("0.19")
    assert mapping.to_decimal("12,5") == Decimal("12.5")
    assert mapping.to_decimal(None) == 0 and mapping.to_decimal("kaputt") == 0
    assert mapping.to_int("6.000000000000000e+000") == 6 and mapping.to_int("") is None
    assert mapping.to_datetime("2019-01-31T13:35:19.267") == datetime(2019, 1, 31, 13, 35, 19, 267000)
    assert mapping.to_datetime("2019-01-31 13:35:19") == datetime(2019, 1, 31, 13, 35, 19)
    assert mapping.to_datetime("1970-01-01T00:00:00") is None
    assert mapping.to_datetime("1970-01-01T00:00:00.000") is None
    assert mapping.to_datetime("2024-07-01T10:00:00Z") == datetime(2024, 7, 1, 12, 0)  # -> Berlin, naive
    assert mapping.to_datetime("gestern") is None
    assert [mapping.to_flag(v) for v in ("Y", "J", "1", "true", "N", "0", "", None)] == [
        True, True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert [mapping.to_iso2(c) for c in ("D", "A", "CH", "de", "FIN", "", None)] == [
        "DE", "AT", "CH", "DE", "FI", "", "",
    ]  # fmt: skip


def test_customer_summary_with_missing_columns() -> None:
    erika, musterfrau = (
        mapping.customer_summary(r)
        for r in parse_response((FIXTURES / "customer_search_warning.xml").read_bytes()).rows()
    )
    assert erika.customer_key == 1 and erika.customer_number == "K10001"
    assert (erika.first_name, erika.last_name, erika.street, erika.country) == (
        "Erika", "Mustermann", "Heidestraße 17", "DE",
    )  # fmt: skip
    assert erika.customer_type is CustomerType.PRIVATE and not erika.locked
    assert musterfrau.email == "" and musterfrau.first_name == ""
    assert musterfrau.country == "AT"  # pixi code "A", no ISO2 column
    assert musterfrau.customer_type is CustomerType.BUSINESS and musterfrau.locked


def test_customer_with_addresses() -> None:
    result = parse_response((FIXTURES / "customer_info_two_rowsets.xml").read_bytes())
    addresses = [mapping.address(r) for r in result.rows(1)]  # as pixiGetAddress answers them
    customer = mapping.customer(result.rows(0)[0], 3, addresses)
    assert customer.customer_key == 3
    assert customer.customer_number == "K10003"  # CustomerNRExternal spelling
    assert customer.email == "sabine.weiss@example.com"  # EMail spelling
    assert customer.locked and customer.lock_reason == "Zahlungsausfall – nur Vorkasse"
    assert customer.created_at == datetime(2021, 6, 30, 8, 0)
    billing, shipping = customer.addresses
    assert billing.address_type is AddressType.BILLING and billing.street == "Lindenweg 4a"
    assert shipping.address_type is AddressType.SHIPPING and shipping.street == "Hafenstraße 1"
    assert shipping.country == "CH" and shipping.company == "Praxis Weiß"


def test_customer_type_fallback_and_full_name_only() -> None:
    summary = mapping.customer_summary({"CustKey": "9", "Name": "Hans Wurst", "Company": "Wurst KG"})
    assert summary.last_name == "Hans Wurst" and summary.customer_type is CustomerType.BUSINESS
    unlocked = mapping.customer({"CustomerLocked": "N", "Comment": "Stammkunde"}, 9)
    assert not unlocked.locked and unlocked.lock_reason == "" and unlocked.currency == "EUR"


def test_order_from_pixi_get_order() -> None:
    row = parse_response((FIXTURES / "get_order_nested.xml").read_bytes()).rows()[0]
    order = mapping.order(row)
    assert order.header.order_number == 100042 and order.header.customer_key == 1
    assert order.header.ship_date is None  # 1970-01-01 = no date
    assert order.header.total == Decimal("69.75") and order.shipping_cost == Decimal("4.9")
    assert order.billing_address and order.billing_address.street == "Heidestraße 17"
    assert order.shipping_address and order.shipping_address.address_type is AddressType.SHIPPING
    assert order.shipping_vendor == "DHL" and order.shop_note == "Bitte nicht vor 14 Uhr liefern"
    shirt, mug = order.lines
    assert (
        shirt.quantity == 2 and shirt.unit_price == Decimal("17.93") and shirt.full_price == Decimal("19.925")
    )
    assert shirt.discount_percent == Decimal(10) and shirt.status == "AUS"
    assert mug.quantity == 6 and mug.ean == "" and mug.status == "HAL"
    partly, unpaid = order.invoices
    assert partly.state is PaymentState.PARTLY_PAID and partly.paid_amount == Decimal(20)
    assert unpaid.state is PaymentState.UNPAID and unpaid.paid_date is not None  # PaidDate is no paid flag


def test_invoice_states() -> None:
    paid_bit = mapping.invoice({"InvoiceNr": "R1", "Total": "10.0000", "PaidAmount": "0.0000", "Paid": "1"})
    paid_sum = mapping.invoice({"InvoiceNr": "R2", "total": "10.0000", "PaidSum": "10.0000", "Paid": "0"})
    unpaid = mapping.invoice({"InvoiceNr": "R3", "Total": "10.0000"})
    assert [i.state for i in (paid_bit, paid_sum, unpaid)] == [
        PaymentState.PAID, PaymentState.PAID, PaymentState.UNPAID,
    ]  # fmt: skip
    assert paid_sum.total == Decimal(10)


def test_order_header_and_line() -> None:
    header = mapping.order_header(
        {"OrderNr": "7", "OrderNrExternal": "W-7", "CustKey": "1", "OrderStatus": "hold",
         "OrderTotal": "19.9900", "OrderDate": "2024-01-02T03:04:05"}
    )  # fmt: skip
    assert (header.status, header.total, header.currency) == ("HOLD", Decimal("19.99"), "EUR")
    line = mapping.order_line({"OrderlineKey": "3", "FullPrice": "5.0000", "Qty": "1"})
    assert line.unit_price == Decimal(5) and line.full_price == Decimal(5)


def test_item_and_stock() -> None:
    item = mapping.item(
        {"ItemKey": "201", "ItemNrInt": "TS-1001-M", "ItemName": "T-Shirt", "EANUPC": "4006381333931",
         "PriceVK": "19.9900", "VAT": "1.900000000000000e-001", "Quantity": "12", "Enabled": "1",
         "MasterItemKey": "200", "VariationText": "Größe M"}
    )  # fmt: skip
    assert item.vat_percent == Decimal(19) and item.price == Decimal("19.99")
    assert item.available_stock == 12 and item.physical_stock == 12  # only Quantity known
    assert item.master_item_key == 200 and not item.is_variation_master and item.enabled
    master = mapping.item(
        {"ItemKey": "200", "VAT": "19", "IsVariationMaster": "1", "DefaultVariationKey": "201"}
    )
    assert master.vat_percent == 19 and master.is_variation_master and master.default_variation_key == 201
    stock = mapping.stock({"ItemKey": "201", "PhysicalStock": "5", "AvailableStock": "3", "ItemNrInt": "X"})
    assert (stock.item_key, stock.physical_stock, stock.available_stock) == (201, 5, 3)


def test_reference_data() -> None:
    assert mapping.shop({"ShopID": "WEB", "ShopName": "Webshop"}).name == "Webshop"
    assert mapping.shop({"ShopID": "POS"}).name == "POS"
    payment = mapping.payment_type({"Code": "V", "XMLTag": "ADVANCE_PAYMENT", "PaymentText": "Vorkasse",
                                    "IniOrderStatus": "hal"})  # fmt: skip
    assert payment.initial_line_status == "HAL" and payment.xml_tag == "ADVANCE_PAYMENT"
    country = mapping.country({"CntCode": "A", "CntName": "Österreich", "CntCodeIsO3": "AUT",
                               "ChargeVAT": "Y", "IsEU": "1", "DefShipCosts": "9.9000"})  # fmt: skip
    assert (country.iso2, country.iso3, country.charge_vat, country.is_eu) == ("AT", "AUT", True, True)
    assert country.default_shipping_cost == Decimal("9.9")
    currency = mapping.currency({"Id": "1", "Code": "eur", "Active": "1"})
    assert (currency.currency_id, currency.code, currency.active) == (1, "EUR", True)


def test_import_status() -> None:
    status = mapping.import_status(
        {"XMLLogKey": "12", "Id": "WEB-1", "Status": "XIM", "OrderNr": "100050",
         "CreateDate": "2024-05-01T10:00:00", "UpdateDate": "1970-01-01T00:00:00"}
    )  # fmt: skip
    assert status.imported and status.order_number == 100050 and status.updated_at is None
    failed = mapping.import_status(
        {"XMLLogKey": "13", "Id": "WEB-2", "Status": "Err", "Error": "Artikel fehlt"}
    )
    assert failed.failed and failed.error == "Artikel fehlt" and failed.order_number is None


def test_fields_added_for_the_agent_console() -> None:
    summary = mapping.customer_summary(
        {"CustKey": "1", "OrderCount": "36", "LastOrderDate": "2026-11-14T23:44:28"}
    )
    assert summary.order_count == 36 and summary.last_order_date == datetime(2026, 11, 14, 23, 44, 28)
    assert mapping.customer_summary({"CustKey": "2"}).order_count is None
    customer = mapping.customer({"BillingAddrKey": "11", "ShippingAddrKey": "12"}, 1)
    assert (customer.billing_address_key, customer.shipping_address_key) == (11, 12)
    header = mapping.order_header({"OrderNr": "7", "OrderType": "b2b", "PaymentText": "Rechnung",
                                   "CustomerNrExternal": "K10002"})
    assert (header.order_type, header.payment_text, header.customer_number) == ("B2B", "Rechnung", "K10002")
    invoice = mapping.invoice({"InvoiceNr": "R1", "Total": "1", "ShipmentTrackingID": "00340434123"})
    assert invoice.tracking_id == "00340434123"


def test_order_takes_customer_number_and_lock_from_the_nested_rows() -> None:
    row = parse_response((FIXTURES / "get_order_nested.xml").read_bytes()).rows()[0]
    order = mapping.order(row)
    assert order.ship_locked is False and order.header.customer_key == 1
    nested = row["Customer"].replace("<ShopID>", "<CustomerNrExternal>K10001</CustomerNrExternal><ShopID>")
    locked = mapping.order({**row, "Customer": nested, "OhSLocked": "Y"})
    assert locked.ship_locked is True and locked.header.customer_number == "K10001"


def test_the_customer_keeps_the_key_it_was_asked_for_and_names_its_address_keys() -> None:
    info = {"Name": "Erika Mustermann", "BillingAddrKey": "11", "ShippingAddrKey": "11"}
    assert mapping.customer(info, 1).customer_key == 1  # pixiGetCustomerInfo documents no CustKey
    assert mapping.customer(info, 1).address_keys == (11,)
    assert mapping.customer({"BillingAddrKey": "11", "ShippingAddrKey": "12"}, 1).address_keys == (11, 12)
    assert mapping.customer({}, 1).address_keys == ()


def test_amounts_shown_with_the_order_currency_are_the_order_currency_columns() -> None:
    line = mapping.order_line(
        {"OrderlineKey": "1", "Qty": "2", "Price": "10.0000", "Price_OrderCurr": "9.4000",
         "FullPrice": "12.5000", "DiscountValue": "2.5000", "OrderCurrency": "CHF"}
    )  # fmt: skip
    assert (line.unit_price, line.full_price, line.discount_value) == (
        Decimal("9.40"), Decimal("11.75"), Decimal("2.35"),
    )  # fmt: skip
    assert line.line_total.amount == Decimal("18.80") and line.currency == "CHF"
    invoice = mapping.invoice(
        {"InvoiceNr": "R1", "Total": "100.0000", "Total_OrderCurr": "94.0000", "PaidAmount": "50.0000",
         "OrderCurrency": "CHF"}
    )  # fmt: skip
    assert (invoice.total, invoice.paid_amount) == (Decimal(94), Decimal(47))
    assert invoice.state is PaymentState.PARTLY_PAID and invoice.open_amount.amount == Decimal(47)
    paid = mapping.invoice({"InvoiceNr": "R2", "Total": "33.3300", "Total_OrderCurr": "31.3300",
                            "PaidAmount": "33.3300", "OrderCurrency": "CHF"})
    assert paid.state is PaymentState.PAID and paid.open_amount.amount == 0
    order_row = {"OrderNr": "5", "OrderTotal": "94.0000", "ShipCost": "10.0000",
                 "ShipCost_OrderCurr": "9.4000"}
    assert mapping.order(order_row).shipping_cost == Decimal("9.40")

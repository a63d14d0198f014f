"""Reading and importing openTRANS-like ORDER documents, without HTTP."""

from __future__ import annotations

import pytest

from pixi_simulator.demodata import build_database
from pixi_simulator.order_import import (
    DocumentError,
    document_id,
    import_document,
    read_document,
    split_street,
)
from pixi_simulator.records import ImportDocument, PixiDatabase

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="1.0" type="standard"><ORDER_HEADER><ORDER_INFO>
<ORDER_ID>CC-2026-0001</ORDER_ID><ORDER_DATE>2026-11-20T10:15:00+01:00</ORDER_DATE><SHOPID>WEB</SHOPID>
<SHOP_NOTE><![CDATA[Bitte klingeln & warten]]></SHOP_NOTE><ORDER_SHIPLOCK>{lock}</ORDER_SHIPLOCK>
<PRICE_CURRENCY>EUR</PRICE_CURRENCY><ORDER_TYPE>B2C</ORDER_TYPE>
<ORDER_PARTIES><BUYER_PARTY><PARTY><PARTY_ID type="buyer_specific">{party}</PARTY_ID><ADDRESS/></PARTY>
</BUYER_PARTY>
<INVOICE_PARTY><PARTY><ADDRESS><NAME>Ida Neukundin</NAME><SAL>Frau</SAL><NAME2>Ida</NAME2>
<NAME3>Neukundin</NAME3>
<STREET>Ahornweg 3b</STREET><ZIP>24103</ZIP><CITY>Kiel</CITY><COUNTRY>DE</COUNTRY><EMAIL>{email}</EMAIL>
</ADDRESS></PARTY></INVOICE_PARTY>
<SHIPMENT_PARTIES><DELIVERY_PARTY><PARTY><ADDRESS><NAME2>Ida</NAME2><NAME3>Neukundin</NAME3>
<STREET>Hafenstraße 9</STREET><ZIP>24103</ZIP><CITY>Kiel</CITY><COUNTRY>D</COUNTRY></ADDRESS></PARTY>
</DELIVERY_PARTY></SHIPMENT_PARTIES></ORDER_PARTIES>
<PAYMENT><{payment}/></PAYMENT><REMARK type="SHIPPING">4.90</REMARK><REMARK type="SHIPPINGVENDOR">DPD</REMARK>
</ORDER_INFO></ORDER_HEADER><ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID>
<ARTICLE_ID><SUPPLIER_AID>{item}</SUPPLIER_AID></ARTICLE_ID><QUANTITY>2</QUANTITY>
<ARTICLE_PRICE type="udp_gross_customer"><FULL_PRICE>10.00</FULL_PRICE><PRICE_AMOUNT>9.00</PRICE_AMOUNT>
<DISCOUNT_VALUE>1.00</DISCOUNT_VALUE></ARTICLE_PRICE></ORDER_ITEM></ORDER_ITEM_LIST></ORDER>"""


@pytest.fixture
def db() -> PixiDatabase:
    return build_database("pixiDEM")


def doc(db: PixiDatabase, **overrides: str) -> str:
    item = next(i for i in db.items.values() if not i.is_variation_master).item_nr_int
    values = {
        "lock": "N",
        "party": "",
        "email": "ida.neukundin@example.com",
        "payment": "INVOICE",
        "item": item,
    }
    values.update(overrides)
    return DOCUMENT.format(**values)


def entry(db: PixiDatabase, xml: str) -> ImportDocument:
    from pixi_simulator.clock import server_now

    now = server_now()
    record = ImportDocument(db.next_key("xml_log"), document_id(xml), "order", 7, "XPA", None, xml, now, now)
    db.imports[record.xml_log_key] = record
    return record


def test_read_document(db: PixiDatabase) -> None:
    document = read_document(db, doc(db))
    assert document.order_id == "CC-2026-0001"
    assert document.shop_note == "Bitte klingeln & warten"
    assert document.payment_code == "R"
    assert document.ship_cost is not None and str(document.ship_cost) == "4.90"
    assert document.ship_vendor == "DPD"
    assert document.invoice_address.street == "Ahornweg" and document.invoice_address.house_nr == "3b"
    assert document.invoice_address.company is None
    assert document.delivery_address.country == "D"
    assert document_id(doc(db)) == "CC-2026-0001"


@pytest.mark.parametrize(
    ("xml", "fragment"),
    [
        ("<ORDER><ORDER_HEADER>", "nicht wohlgeformt"),
        ("<INVOICE/>", "erwartet <ORDER>"),
        ("<ORDER><ORDER_HEADER><ORDER_INFO/></ORDER_HEADER></ORDER>", "ORDER_ID fehlt"),
    ],
)
def test_unreadable_documents_are_xer(db: PixiDatabase, xml: str, fragment: str) -> None:
    with pytest.raises(DocumentError) as info:
        read_document(db, xml)
    assert info.value.status == "XER" and fragment in info.value.message


def test_unknown_payment_tag_is_refused(db: PixiDatabase) -> None:
    with pytest.raises(DocumentError, match="Zahlungsart"):
        read_document(db, doc(db, payment="BITCOIN"))


def test_import_creates_customer_and_order(db: PixiDatabase) -> None:
    customers_before = len(db.customers)
    record = entry(db, doc(db, lock="Y", payment="ADVANCE_PAYMENT"))
    import_document(db, record)
    assert record.status == "XIM" and record.order_nr is not None
    order = db.orders[record.order_nr]
    assert order.order_nr == max(db.orders)
    assert order.status == "HOLD" and order.ship_locked
    assert order.channel_ref == 7 and order.order_nr_external == "CC-2026-0001"
    assert [(ln.status, ln.qty, str(ln.price), str(ln.full_price)) for ln in order.lines] == [
        ("HAL", 2, "9.00", "10.00")
    ]
    assert str(order.ship_cost) == "4.90" and order.ship_vendor == "DPD"
    assert len(db.customers) == customers_before + 1
    customer = db.customers[order.cust_key]
    assert customer.last_name == "Neukundin" and customer.number.startswith("K")
    assert order.billing_addr_key != order.shipping_addr_key


def test_existing_customer_is_matched_by_party_id_then_email(db: PixiDatabase) -> None:
    by_number = entry(db, doc(db, party="K10002", email="someone@else.example"))
    import_document(db, by_number)
    assert db.orders[by_number.order_nr or 0].cust_key == 2
    by_mail = entry(db, doc(db, email="erika.mustermann@example.com").replace("CC-2026-0001", "CC-2026-0002"))
    import_document(db, by_mail)
    assert db.orders[by_mail.order_nr or 0].cust_key == 1


def test_duplicate_order_id_and_unknown_item_are_refused(db: PixiDatabase) -> None:
    first = entry(db, doc(db))
    import_document(db, first)
    second = entry(db, doc(db))
    import_document(db, second)
    assert second.status == "Err" and "bereits importiert" in (second.error or "")
    unknown = entry(db, doc(db, item="99-9999").replace("CC-2026-0001", "CC-2026-0003"))
    import_document(db, unknown)
    assert unknown.status == "NEI" and "99-9999" in (unknown.error or "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hauptstraße 5", ("Hauptstraße", "5")),
        ("Lindenweg 12a", ("Lindenweg", "12a")),
        ("Straße des 17. Juni 100", ("Straße des 17. Juni", "100")),
        ("Am Markt", ("Am Markt", None)),
    ],
)
def test_split_street(line: str, expected: tuple[str, str | None]) -> None:
    assert split_street(line) == expected

"""Order import over SOAP: add -> process -> find, the delayed background import, refusals."""

from __future__ import annotations

import time
import uuid

import pytest

from tests.integration.simulator.conftest import SoapClient

pytestmark = pytest.mark.integration

ORDER = """<ORDER version="1.0" type="standard"><ORDER_HEADER>
<CONTROL_INFO><GENERATOR_INFO>callcenter</GENERATOR_INFO></CONTROL_INFO>
<ORDER_INFO><ORDER_ID>{order_id}</ORDER_ID><ORDER_DATE>2026-11-20 10:15:00</ORDER_DATE>
<DATABASE>pixi_DEM</DATABASE><SHOPID>WEB</SHOPID><SHOP_NOTE><![CDATA[Lieferung ab 16 Uhr]]></SHOP_NOTE>
<ORDER_SHIPLOCK>{lock}</ORDER_SHIPLOCK><PRICE_CURRENCY>EUR</PRICE_CURRENCY><ORDER_TYPE>B2C</ORDER_TYPE>
<ORDER_PARTIES><BUYER_PARTY><PARTY><PARTY_ID type="buyer_specific">{party}</PARTY_ID><ADDRESS/></PARTY>
</BUYER_PARTY>
<INVOICE_PARTY><PARTY><ADDRESS><NAME2>Greta</NAME2><NAME3>{last}</NAME3><SAL>Frau</SAL>
<STREET>Ostseeallee 7</STREET>
<ZIP>18055</ZIP><CITY>Rostock</CITY><COUNTRY>DE</COUNTRY><PHONE>0381 445566</PHONE><EMAIL>{email}</EMAIL>
</ADDRESS>
</PARTY></INVOICE_PARTY></ORDER_PARTIES><PAYMENT><{payment}/></PAYMENT>
<REMARK type="SHIPPING">4.90</REMARK>
<REMARK type="SHIPPINGVENDOR">HER</REMARK></ORDER_INFO></ORDER_HEADER><ORDER_ITEM_LIST><ORDER_ITEM>
<LINE_ITEM_ID>1</LINE_ITEM_ID><ARTICLE_ID><SUPPLIER_AID>{item}</SUPPLIER_AID></ARTICLE_ID><QUANTITY>3</QUANTITY>
<ARTICLE_PRICE type="udp_gross_customer"><FULL_PRICE>12.50</FULL_PRICE><PRICE_AMOUNT>12.50</PRICE_AMOUNT>
</ARTICLE_PRICE></ORDER_ITEM></ORDER_ITEM_LIST></ORDER>"""


def order_xml(dem: SoapClient, **overrides: str) -> tuple[str, str]:
    order_id = overrides.pop("order_id", f"CC-{uuid.uuid4().hex[:10].upper()}")
    item = dem.call("pixiItemSearch", {"ItemName": "Funktionsshirt Öko Schwarz M"}).rows()[0]["ItemNrInt"]
    values = {
        "order_id": order_id,
        "lock": "N",
        "party": "",
        "last": "Nordmann",
        "email": f"{order_id.lower()}@example.net",
        "payment": "INVOICE",
        "item": item,
    }
    values.update(overrides)
    return order_id, ORDER.format(**values)


def add(
    dem: SoapClient, xml: str, channel: str = "7", cdata: bool = True
) -> tuple[dict[str, str], str | None]:
    # as text in a CDATA section (nested CDATA split the usual way), or as plain markup
    payload = "<![CDATA[" + xml.replace("]]>", "]]]]><![CDATA[>") + "]]>" if cdata else xml
    params = (
        f"<ChannelRef>{channel}</ChannelRef><OperationType>ORDER</OperationType>"
        f"<_x0058_ML>{payload}</_x0058_ML><ParameterXml/>"
    )
    answer = dem.call("pixiImportAddXML", params)
    assert answer.status == 200
    rowsets = answer.rowsets()
    key = rowsets[1][0]["_x0058_MLKey"] if len(rowsets) > 1 else None
    return rowsets[0][0], key


def process(dem: SoapClient, key: str) -> dict[str, str]:
    return dem.call("pixiImportProcessXML", {"_x0058_MLLogKey": key}).rows()[0]


def find(dem: SoapClient, order_id: str) -> list[dict[str, str]]:
    return dem.call("pixiImportFindXML", {"Id": order_id, "Type": "order", "Channel": "7"}).rows()


def test_add_process_find_and_the_order_is_visible(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem, lock="Y", payment="ADVANCE_PAYMENT")
    status, key = add(dem, xml)
    assert status["Status"] == "OK" and key
    assert find(dem, order_id)[0]["Status"] == "XPA"
    processed = process(dem, key)
    assert processed["Status"] == "OK"
    found = find(dem, order_id)[0]
    assert found["Status"] == "XIM" and found["_x0058_MLLogKey"] == key and "Error" not in found
    order_nr = found["OrderNr"]
    customer = dem.call("pixiCustomerSearch", {"eMail": f"{order_id.lower()}@example.net"}).rows()
    assert len(customer) == 1 and customer[0]["LastName"] == "Nordmann" and customer[0]["City"] == "Rostock"
    header = dem.call("pixiGetOrderHeader", {"CustKey": customer[0]["CustKey"]}).rows()
    assert [h["OrderNr"] for h in header] == [order_nr]
    assert header[0]["OrderNrExternal"] == order_id and header[0]["OrderStatus"] == "HOLD"
    assert header[0]["ShipVendor"] == "HER" and header[0]["ShopNote"] == "Lieferung ab 16 Uhr"
    assert header[0]["OrderTotal"] == "42.4000"  # 3 × 12.50 + 4.90 shipping
    order = dem.call(
        "pixiGetOrder", {"OrderNrXML": f"<OrderNrs><OrderNr>{order_nr}</OrderNr></OrderNrs>"}
    ).rows()
    assert order[0]["OhSLocked"] == "Y" and order[0]["ChannelRef"] == "7" and order[0]["PaymentCode"] == "V"
    lines = dem.call("pixiGetOrderline", {"OrderNR": order_nr}).rows()
    assert [(ln["Status"], ln["Qty"]) for ln in lines] == [("HAL", "3")]
    assert process(dem, key)["Status"] == "OK"  # processing twice imports once
    assert len(dem.call("pixiGetOrderHeader", {"OrderNrExternal": order_id}).rows()) == 1


def test_existing_customer_is_matched_by_number(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem, party="K10001", last="Mustermann", email="erika.mustermann@example.com")
    _, key = add(dem, xml, cdata=False)
    assert key and process(dem, key)["Status"] == "OK"
    assert dem.call("pixiGetOrderHeader", {"OrderNrExternal": order_id}).rows()[0]["CustKey"] == "1"


def test_background_import_after_the_delay(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem)
    status, key = add(dem, xml)
    assert status["Status"] == "OK" and key
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = find(dem, order_id)[0]
        if found["Status"] != "XPA":
            break
        time.sleep(0.1)
    assert found["Status"] == "XIM" and found["OrderNr"]


def test_malformed_document_is_xer(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem)
    status, key = add(dem, xml.replace("</ORDER_HEADER>", ""))
    assert status["Status"] == "ERROR" and key
    found = find(dem, order_id)[0]
    assert found["Status"] == "XER" and "wohlgeformt" in found["Error"]
    assert process(dem, key)["Status"] == "ERROR"


def test_duplicate_order_id_is_refused(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem)
    _, first = add(dem, xml)
    assert first and process(dem, first)["Status"] == "OK"
    _, second = add(dem, xml)
    assert second
    refused = process(dem, second)
    assert refused["Status"] == "ERROR" and "bereits importiert" in refused["Message"]
    statuses = {r["_x0058_MLLogKey"]: r["Status"] for r in find(dem, order_id)}
    assert statuses == {first: "XIM", second: "Err"}
    assert len(dem.call("pixiGetOrderHeader", {"OrderNrExternal": order_id}).rows()) == 1


def test_unknown_item_is_nei(dem: SoapClient) -> None:
    order_id, xml = order_xml(dem, item="99-0000")
    _, key = add(dem, xml)
    assert key and process(dem, key)["Status"] == "ERROR"
    found = find(dem, order_id)[0]
    assert found["Status"] == "NEI" and "99-0000" in found["Error"]


def test_inactive_or_unknown_channel_is_refused(dem: SoapClient) -> None:
    _, xml = order_xml(dem)
    status, key = add(dem, xml, channel="3")
    assert status["Status"] == "ERROR" and "nicht aktiv" in status["Message"] and key is None
    status, key = add(dem, xml, channel="99")
    assert status["Status"] == "ERROR" and key is None

"""Order import through an import channel: add, process, find; writes are never retried."""

from __future__ import annotations

import uuid

import pytest

from chalicelib.adapters.pixi import CustomerCriteria, PixiClient
from chalicelib.errors import PixiError

CALLCENTER_CHANNEL = 7
INACTIVE_CHANNEL = 3


def order_document(order_id: str, item_number: str, email: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="1.0" type="standard">
  <ORDER_HEADER>
    <CONTROL_INFO><GENERATOR_INFO>pixi-callcenter test</GENERATOR_INFO></CONTROL_INFO>
    <ORDER_INFO>
      <ORDER_ID>{order_id}</ORDER_ID>
      <ORDER_DATE>2026-11-16 10:00:00</ORDER_DATE>
      <SHOPID>WEB</SHOPID>
      <SHOP_NOTE><![CDATA[Bitte klingeln & warten]]></SHOP_NOTE>
      <PRICE_CURRENCY>EUR</PRICE_CURRENCY>
      <ORDER_PARTIES>
        <BUYER_PARTY><PARTY><PARTY_ID type="buyer_specific">{email}</PARTY_ID><ADDRESS/></PARTY></BUYER_PARTY>
        <INVOICE_PARTY><PARTY><ADDRESS>
          <SAL>Frau</SAL><NAME2>Greta</NAME2><NAME3>Testkundin</NAME3><STREET>Teststraße 9</STREET>
          <ZIP>20095</ZIP><CITY>Hamburg</CITY><COUNTRY>DE</COUNTRY><EMAIL>{email}</EMAIL>
        </ADDRESS></PARTY></INVOICE_PARTY>
      </ORDER_PARTIES>
      <PAYMENT><INVOICE/></PAYMENT>
      <REMARK type="SHIPPING">4.90</REMARK>
      <REMARK type="SHIPPINGVENDOR">DHL</REMARK>
    </ORDER_INFO>
  </ORDER_HEADER>
  <ORDER_ITEM_LIST>
    <ORDER_ITEM>
      <LINE_ITEM_ID>1</LINE_ITEM_ID>
      <ARTICLE_ID><SUPPLIER_AID>{item_number}</SUPPLIER_AID></ARTICLE_ID>
      <QUANTITY>2</QUANTITY>
    </ORDER_ITEM>
  </ORDER_ITEM_LIST>
</ORDER>"""


def test_imported_order_is_found_after_processing(client: PixiClient) -> None:
    item = next(i for i in client.search_items("Wasserkocher") if not i.is_variation_master)
    order_id = f"CC-{uuid.uuid4().hex[:10]}"
    email = f"greta.{order_id.lower()}@example.com"
    key = client.import_order(CALLCENTER_CHANNEL, order_document(order_id, item.item_number, email))
    assert key > 0
    waiting = client.find_import(order_id, CALLCENTER_CHANNEL)
    assert waiting is not None and waiting.log_key == key and not waiting.imported
    client.process_import(key)
    status = client.find_import(order_id)
    assert status is not None and status.imported and status.order_number
    order = client.get_order(status.order_number)
    assert order.header.external_order_number == order_id
    assert order.lines[0].item_number == item.item_number and order.lines[0].quantity == 2
    customers, _ = client.search_customers(CustomerCriteria(email=email))
    assert [c.last_name for c in customers] == ["Testkundin"]
    assert client.find_import("GIBT-ES-NICHT") is None


def test_import_errors(client: PixiClient) -> None:
    with pytest.raises(PixiError) as info:
        client.import_order(INACTIVE_CHANNEL, order_document("CC-x", "X", "x@example.com"))
    assert "nicht aktiv" in info.value.message
    key = client.import_order(
        CALLCENTER_CHANNEL,
        order_document(f"CC-{uuid.uuid4().hex[:8]}", "GIBT-ES-NICHT", "nobody@example.com"),
    )
    with pytest.raises(PixiError):
        client.process_import(key)


def test_order_comment(client: PixiClient) -> None:
    orders, _ = client.list_orders(1, limit=1)
    client.add_order_comment(orders[0].order_number, "Kundin hat angerufen – Rückruf erledigt.")

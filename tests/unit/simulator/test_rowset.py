"""The SqlResultStream answer: valid XML, numbered row sets, omitted NULLs, escaped names, value formats."""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal

from lxml import etree

from pixi_simulator.calls.rows import order_header_row
from pixi_simulator.contract import ORDER_HEADER_COLUMNS, Column, _c
from pixi_simulator.demodata import build_database
from pixi_simulator.rowset import (
    SOAP12_NS,
    CallResult,
    RowSet,
    SqlMessage,
    format_datetime,
    format_float,
    nested,
    render_fault,
    render_response,
)

NS = "http://127.0.0.1:8090/soap/pixiDEM/"
RS = "http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlResultStream"
COLUMNS = _c("Id:int, Name:varchar(20), XMLKey:int, Amount:money, Seen:datetime, Ok:bit, Rate:float")


def _parse(payload: bytes) -> etree._Element:
    return etree.fromstring(payload)


def test_rowsets_are_numbered_and_typed() -> None:
    result = CallResult(
        rowsets=[
            RowSet(
                COLUMNS,
                [
                    {
                        "Id": 1,
                        "Name": "Müller & Söhne",
                        "XMLKey": 7,
                        "Amount": Decimal("4.9"),
                        "Seen": datetime(2019, 1, 31, 13, 35, 19, 267000),
                        "Ok": True,
                        "Rate": 0.19,
                    }
                ],
            ),
            RowSet(_c("XMLKey:int"), [{"XMLKey": 383301}]),
        ]
    )
    root = _parse(render_response("pixiImportAddXML", NS, result))
    assert root.nsmap["method"] == NS
    assert root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    result_el = root.find(f".//{{{NS}}}pixiImportAddXMLResult")
    assert result_el is not None
    rowsets = result_el.findall(f"{{{RS}}}SqlRowSet")
    assert len(rowsets) == 2
    row = rowsets[0].find(".//{urn:schemas-microsoft-com:sql:SqlRowSet1}row")
    values = {etree.QName(c).localname: c.text for c in row}
    assert values == {
        "Id": "1",
        "Name": "Müller & Söhne",
        "_x0058_MLKey": "7",
        "Amount": "4.9000",
        "Seen": "2019-01-31T13:35:19.267",
        "Ok": "1",
        "Rate": "1.900000000000000e-001",
    }
    second = rowsets[1].find(".//{urn:schemas-microsoft-com:sql:SqlRowSet2}row")
    assert second[0].tag == "{urn:schemas-microsoft-com:sql:SqlRowSet2}_x0058_MLKey"
    schema = rowsets[1].find(
        "{http://www.w3.org/2001/XMLSchema}schema[@targetNamespace="
        "'urn:schemas-microsoft-com:sql:SqlRowSet2']"
    )
    assert schema is not None
    names = [e.get("name") for e in rowsets[0].iter("{http://www.w3.org/2001/XMLSchema}element")]
    assert names[:3] == ["SqlRowSet1", "row", "Id"] and "_x0058_MLKey" in names
    max_length = rowsets[0].find(
        ".//{http://www.w3.org/2001/XMLSchema}element[@name='Name']//"
        "{http://www.w3.org/2001/XMLSchema}maxLength"
    )
    assert max_length is not None and max_length.get("value") == "20"
    assert result_el.findtext(f"{{{RS}}}SqlResultCode") == "0"


def test_null_columns_are_omitted() -> None:
    payload = render_response("pixiX", NS, CallResult(rowsets=[RowSet(COLUMNS, [{"Id": 2, "Name": None}])]))
    row = _parse(payload).find(".//{urn:schemas-microsoft-com:sql:SqlRowSet1}row")
    assert [etree.QName(c).localname for c in row] == ["Id"]


def test_messages_come_before_rowsets_and_errors_carry_a_result_code() -> None:
    result = CallResult(
        messages=[SqlMessage(201, "Procedure expects parameter", procedure="pipiX")], result_code=1
    )
    result_el = _parse(render_response("pixiX", NS, result)).find(f".//{{{NS}}}pixiXResult")
    assert [etree.QName(c).localname for c in result_el] == ["SqlMessage", "SqlResultCode"]
    message = result_el.find(f"{{{RS}}}SqlMessage")
    sqlmessage = "http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlMessage"
    assert message.findtext(f"{{{sqlmessage}}}Number") == "201"
    assert message.findtext(f"{{{sqlmessage}}}Class") == "16"
    assert result_el.findtext(f"{{{RS}}}SqlResultCode") == "1"


def test_scalar_result_is_the_value_itself() -> None:
    root = _parse(render_response("pixiCustomerKeyByEmail", NS, CallResult(scalar=17, scalar_type="int")))
    assert root.find(f".//{{{NS}}}pixiCustomerKeyByEmailResult").text == "17"
    nil = _parse(render_response("pixiCustomerKeyByEmail", NS, CallResult(scalar=None, scalar_type="int")))
    element = nil.find(f".//{{{NS}}}pixiCustomerKeyByEmailResult")
    assert element.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"


def test_nested_xml_column_holds_row_elements() -> None:
    inner = nested(
        _c("AddrKey:int, AddrType:char(1), City:varchar(50)"),
        [{"AddrKey": 5, "AddrType": "B", "City": "Köln"}],
        ("AddrKey", "AddrType"),
    )
    columns = (Column("OrderNr", "int"), Column("BillingAddress", "xml"))
    payload = render_response(
        "pixiGetOrder", NS, CallResult(rowsets=[RowSet(columns, [{"OrderNr": 1, "BillingAddress": inner}])])
    )
    row = _parse(payload).find(
        ".//{urn:schemas-microsoft-com:sql:SqlRowSet1}BillingAddress/"
        "{urn:schemas-microsoft-com:sql:SqlRowSet1}row"
    )
    assert row.get("AddrKey") == "5" and row.get("AddrType") == "B"
    assert row.findtext("{urn:schemas-microsoft-com:sql:SqlRowSet1}City") == "Köln"


def test_formats() -> None:
    assert format_datetime(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05"
    assert format_datetime(datetime(2024, 1, 2, 3, 4, 5, 30000)) == "2024-01-02T03:04:05.030"
    assert format_float(6) == "6.000000000000000e+000"


def test_faults_in_both_soap_versions() -> None:
    fault11 = _parse(render_fault("Client", "Unknown method 'x'"))
    assert fault11.findtext(".//faultcode") == "SOAP-ENV:Client"
    fault12 = _parse(render_fault("Client", "Unknown method 'x'", SOAP12_NS))
    assert fault12.findtext(f".//{{{SOAP12_NS}}}Value") == "SOAP-ENV:Sender"
    assert fault12.findtext(f".//{{{SOAP12_NS}}}Text") == "Unknown method 'x'"


def test_a_thousand_order_headers_render_quickly() -> None:
    db = build_database("pixiDEM")
    rows = [order_header_row(db, db.orders[n]) for n in sorted(db.orders, reverse=True)[:1000]]
    started = time.perf_counter()
    payload = render_response(
        "pixiGetOrderHeader", NS, CallResult(rowsets=[RowSet(ORDER_HEADER_COLUMNS, rows)])
    )
    elapsed = time.perf_counter() - started
    assert len(_parse(payload).findall(".//{urn:schemas-microsoft-com:sql:SqlRowSet1}row")) == 1000
    assert elapsed < 0.5  # typically ~10 ms; generous for a shared 2-core machine

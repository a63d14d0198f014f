"""The parser of pixi answers against hand-written fixtures in pixi's real response format."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from chalicelib.adapters.pixi.result import (
    SqlResult,
    escape_name,
    nested_rows,
    parse_response,
    raise_for_error_rows,
    unescape_name,
)
from chalicelib.errors import NotFoundError, PixiError, PixiResponseError
from chalicelib.log import SERVICE_NAME

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pixi"


def answer(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def envelope(result_xml: str, call: str = "pixiTest") -> bytes:
    """A minimal SqlResultStream envelope around ``result_xml`` (for small variants)."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:sqlresultstream="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlResultStream"'
        ' xmlns:method="https://api.pixi.eu/soap/pixiXYZ/"><SOAP-ENV:Body>'
        f'<method:{call}Response><method:{call}Result xmlns="">{result_xml}'
        f"</method:{call}Result></method:{call}Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    ).encode()


def rowset(n: int, rows: str) -> str:
    return (
        "<sqlresultstream:SqlRowSet>"
        '<diffgr:diffgram xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">'
        f'<SqlRowSet{n} xmlns="urn:schemas-microsoft-com:sql:SqlRowSet{n}">{rows}</SqlRowSet{n}>'
        "</diffgr:diffgram></sqlresultstream:SqlRowSet>"
    )


def test_warning_is_logged_and_rows_are_kept(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=SERVICE_NAME):
        result = parse_response(answer("customer_search_warning.xml"), "pixiCustomerSearch")
    assert len(result.rows()) == 2
    assert result.messages[0].number == 8153 and not result.messages[0].is_error
    assert result.result_code == 0
    assert "8153" in caplog.text


def test_omitted_null_columns_are_absent_and_empty_elements_are_empty_strings() -> None:
    erika, musterfrau = parse_response(answer("customer_search_warning.xml")).rows()
    assert erika["Company"] == ""  # <Company></Company>: an empty string, not NULL
    assert erika["eMail"] == "erika.mustermann@example.com"
    assert "eMail" not in musterfrau and "FirstName" not in musterfrau  # NULL: omitted by pixi
    assert musterfrau["Locked"] == "Y"


def test_several_row_sets_in_order() -> None:
    result = parse_response(answer("customer_info_two_rowsets.xml"))
    assert [len(r) for r in result.rowsets] == [1, 2]
    assert result.rows(0)[0]["Comment"] == "Zahlungsausfall – nur Vorkasse"
    assert [r["AddrKey"] for r in result.rows(1)] == ["31", "32"]
    assert result.rows(2) == []  # a row set pixi did not send


def test_escaped_xml_names_are_unescaped() -> None:
    result = parse_response(answer("import_add_xml.xml"))
    assert result.rows(1) == [{"XMLKey": "383319"}]
    assert result.first_value("XMLKey") == "383319"
    assert unescape_name("_x0058_MLLogKey") == "XMLLogKey"
    assert unescape_name("Order_x0020_Nr") == "Order Nr"
    assert escape_name("XMLLogKey") == "_x0058_MLLogKey"
    assert escape_name("ItemXML") == "ItemXML"


def test_error_row_return_code() -> None:
    result = parse_response(answer("error_row_return_code.xml"))
    with pytest.raises(PixiError) as info:
        raise_for_error_rows(result, "pixiGetItemStock")
    assert "genau einen Artikel" in info.value.message
    assert "pixiGetItemStock" in info.value.detail


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("<Status>ERROR</Status><Message>Kanal 99 ist nicht aktiv</Message>", "Kanal 99 ist nicht aktiv"),
        ("<ErrorNr>500</ErrorNr><ErrorMessage>Interner Fehler</ErrorMessage>", "500: Interner Fehler"),
        ("<ResultCode>1</ResultCode><ResultText>Sperre fehlgeschlagen</ResultText>", "Sperre fehlgeschlagen"),
    ],
)
def test_other_error_row_patterns(row: str, expected: str) -> None:
    result = parse_response(envelope(rowset(1, f"<row>{row}</row>")))
    with pytest.raises(PixiError) as info:
        raise_for_error_rows(result)
    assert expected in info.value.message


def test_error_nr_404_is_not_found_and_ok_rows_pass() -> None:
    missing = parse_response(
        envelope(rowset(1, "<row><ErrorNr>404</ErrorNr><ErrorMessage>Kein Auftrag</ErrorMessage></row>"))
    )
    with pytest.raises(NotFoundError):
        raise_for_error_rows(missing)
    for ok in (
        "<Status>OK</Status><Message>gespeichert</Message>",
        "<ReturnCode>OK</ReturnCode><AffectedRows>2</AffectedRows>",
        "<ErrorNr>200</ErrorNr><ErrorMessage></ErrorMessage>",
        "<ResultCode>0</ResultCode><ResultText>ok</ResultText>",
        "<OrderlineKey>1</OrderlineKey><Status>HAL</Status>",  # a data row with a Status column
        "<XMLLogKey>1</XMLLogKey><Status>Err</Status><Error>kaputt</Error>",  # import status row
    ):
        raise_for_error_rows(parse_response(envelope(rowset(1, f"<row>{ok}</row>"))))


def test_sql_error_without_rowset_raises_with_the_sql_message_in_detail() -> None:
    with pytest.raises(PixiError) as info:
        parse_response(answer("sql_error.xml"), "pixiGetOrderHeader")
    assert type(info.value) is PixiError
    assert "Error converting data type varchar to int." in info.value.detail
    assert "8114" in info.value.detail
    assert "varchar" not in info.value.message  # the agent sees no SQL internals


def test_sql_error_next_to_rows_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    message = (
        "<sqlresultstream:SqlMessage><Class>16</Class><Number>50000</Number>"
        "<Message>Teilfehler</Message></sqlresultstream:SqlMessage>"
    )
    result = parse_response(envelope(message + rowset(1, "<row><A>1</A></row>")))
    assert result.rows() == [{"A": "1"}]
    assert "Teilfehler" in caplog.text


def test_soap11_fault() -> None:
    with pytest.raises(PixiError) as info:
        parse_response(answer("fault_soap11.xml"), "pixiGetShopz")
    assert type(info.value) is PixiError
    assert info.value.context["fault_code"] == "SOAP-ENV:Client"
    assert "Unknown Method: pixiGetShopz" in info.value.detail


def test_soap12_fault() -> None:
    with pytest.raises(PixiError) as info:
        parse_response(answer("fault_soap12.xml"))
    assert info.value.context["fault_code"] == "env:Sender / Client.ParameterOrder"
    assert info.value.context["fault_reason"] == "Parameter RowCount an falscher Position"
    assert "pixiItemSearch" in info.value.detail


@pytest.mark.parametrize("name", ["empty_result.xml", "empty_no_rowset.xml"])
def test_empty_result(name: str) -> None:
    result = parse_response(answer(name))
    assert result.rows() == [] and result.all_rows() == []
    assert result.is_empty and result.result_code == 0


def test_scalar_answer() -> None:
    result = parse_response(answer("scalar.xml"))
    assert result.scalar == "4711" and result.rowsets == []
    assert parse_response(envelope("<return>12</return>")).scalar == "12"


def test_nested_xml_columns_as_elements_and_as_escaped_text() -> None:
    (order,) = parse_response(answer("get_order_nested.xml")).rows()
    assert order["OrderNr"] == "100042"
    (billing,) = nested_rows(order["BillingAddress"])
    assert billing["AddrKey"] == "11" and billing["AddrType"] == "B" and billing["Street"] == "Heidestraße"
    (shipping,) = nested_rows(order["ShippingAddress"])  # sent as escaped text
    assert shipping["AddrType"] == "S" and shipping["Company"] == "Büro Mustermann"
    lines = nested_rows(order["Orderlines"])
    assert [line["OrderlineKey"] for line in lines] == ["5001", "5002"]
    invoices = nested_rows(order["Invoices"])
    assert invoices[0]["InvoiceKey"] == "9001"
    (invoice_line,) = nested_rows(invoices[0]["InvoiceLines"])  # nested twice
    assert invoice_line["OrderLineRef"] == "5001"
    assert nested_rows(invoices[1].get("InvoiceLines")) == []
    assert nested_rows("kein xml") == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   ",
        (FIXTURES / "garbage.html").read_bytes(),
        (FIXTURES / "garbage_truncated.xml").read_bytes(),
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",  # well-formed, but no SOAP
        b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
        b"\x00\x01binary",
    ],
)
def test_garbage_is_a_response_error(content: bytes) -> None:
    with pytest.raises(PixiResponseError):
        parse_response(content, "pixiGetShops")


def test_rows_without_diffgram_wrapper_and_unknown_elements_are_tolerated() -> None:
    body = (
        "<sqlresultstream:SqlRowSet><SqlRowSet1><row><A>1</A></row><row><A>2</A></row></SqlRowSet1>"
        "</sqlresultstream:SqlRowSet><sqlresultstream:SqlRowCount><Count>2</Count></sqlresultstream:SqlRowCount>"
        "<SomethingNew><x/></SomethingNew>"
    )
    result = parse_response(envelope(body))
    assert result.rows() == [{"A": "1"}, {"A": "2"}]
    assert result.result_code is None


def test_entities_are_not_expanded() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>'
        b"<m:xResponse xmlns:m='u'><m:xResult>&e;</m:xResult></m:xResponse>"
        b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
    result = parse_response(evil)
    assert "root:" not in (result.scalar or "")


def test_sql_result_helpers() -> None:
    result = SqlResult(rowsets=[[{"a": "1"}], [{"XMLKey": ""}, {"xmlkey": "7"}]])
    assert result.first_value("XMLKey") == "7"
    assert result.all_rows() == [{"a": "1"}, {"XMLKey": ""}, {"xmlkey": "7"}]
    assert not result.is_empty

"""The SQL Server native XML web services answer ("SqlResultStream") that pixi sends.

Built as text, not as a tree: a 1,000-row answer takes a few milliseconds. The shape follows
pixi-api.md section 3 (captured pixi responses): ``method:<Call>Response/<Call>Result`` holding
``SqlMessage`` elements, numbered ``SqlRowSet`` elements (inline ``xsd:schema`` + ``diffgr:diffgram``)
and ``SqlResultCode``. NULL columns are omitted, ``XML…`` names are escaped, output is compact
(no indentation, the envelope says ``xml:space="preserve"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from pixi_simulator.contract import Column, wire_name

BERLIN = ZoneInfo("Europe/Berlin")
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
SQL_SERVER_NAME = "PIXISIM01"
SQL_SOURCE = "Microsoft-SQL/10.0"

Row = Mapping[str, Any]


class XmlFragment(str):
    """Already-rendered XML content of an ``xml`` column (nested ``<row>`` elements)."""

    __slots__ = ()


@dataclass(frozen=True)
class RowSet:
    columns: tuple[Column, ...]
    rows: Sequence[Row]


@dataclass(frozen=True)
class SqlMessage:
    """A SQL Server message: ``klass`` 0-10 is a warning/info, 11+ an error."""

    number: int
    message: str
    klass: int = 16
    procedure: str = ""
    state: int = 1
    line_number: int = 1


@dataclass
class CallResult:
    rowsets: list[RowSet] = field(default_factory=list)
    messages: list[SqlMessage] = field(default_factory=list)
    result_code: int = 0
    scalar: Any = None
    scalar_type: str | None = None
    """Set for scalar (function) calls: the value goes directly into ``<Call>Result``."""


# --- value formatting ---------------------------------------------------------------------------


def format_datetime(value: datetime) -> str:
    """``2019-01-31T13:35:19.267``: Europe/Berlin wall time, no zone, no fraction when whole seconds."""
    if value.tzinfo is not None:
        value = value.astimezone(BERLIN).replace(tzinfo=None)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    millis = value.microsecond // 1000
    return f"{text}.{millis:03d}" if millis else text


def format_float(value: float | Decimal | int) -> str:
    """SQL Server float notation: ``1.900000000000000e-001``."""
    mantissa, _, exponent = f"{float(value):.15e}".partition("e")
    exp = int(exponent)
    return f"{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):03d}"


def _text(value: Any) -> str:
    return escape(str(value))


FORMATTERS: dict[str, Callable[[Any], str]] = {
    "int": lambda v: str(int(v)),
    "bigint": lambda v: str(int(v)),
    "bit": lambda v: "1" if v else "0",
    "money": lambda v: f"{Decimal(v):.4f}",
    "decimal": lambda v: f"{Decimal(v):.2f}",
    "float": format_float,
    "datetime": format_datetime,
    "varchar": _text,
    "char": _text,
    "xml": str,
}


def format_value(sqltype: str, value: Any) -> str:
    return FORMATTERS.get(sqltype, _text)(value)


# --- schema -------------------------------------------------------------------------------------

_DATETIME_TYPE = (
    '<xsd:simpleType name="datetime"><xsd:restriction base="xsd:dateTime">'
    '<xsd:pattern value="((000[1-9])|(00[1-9][0-9])|(0[1-9][0-9]{2})|([1-9][0-9]{3}))-((0[1-9])|(1[012]))-'
    '((0[1-9])|([12][0-9])|(3[01]))T(([01][0-9])|(2[0-3]))(:[0-5][0-9]){2}(\\.[0-9]{2}[037])?"/>'
    '<xsd:minInclusive value="1753-01-01T00:00:00.000"/><xsd:maxInclusive value="9999-12-31T23:59:59.997"/>'
    "</xsd:restriction></xsd:simpleType>"
)
SQLTYPE_DEFINITIONS: dict[str, str] = {
    "int": '<xsd:simpleType name="int"><xsd:restriction base="xsd:int"/></xsd:simpleType>',
    "bigint": '<xsd:simpleType name="bigint"><xsd:restriction base="xsd:long"/></xsd:simpleType>',
    "bit": '<xsd:simpleType name="bit"><xsd:restriction base="xsd:boolean"/></xsd:simpleType>',
    "varchar": '<xsd:simpleType name="varchar"><xsd:restriction base="xsd:string"/></xsd:simpleType>',
    "char": '<xsd:simpleType name="char"><xsd:restriction base="xsd:string"/></xsd:simpleType>',
    "money": '<xsd:simpleType name="money"><xsd:restriction base="xsd:decimal"><xsd:totalDigits value="19"/>'
    '<xsd:fractionDigits value="4"/><xsd:maxInclusive value="922337203685477.5807"/>'
    '<xsd:minInclusive value="-922337203685477.5808"/></xsd:restriction></xsd:simpleType>',
    "decimal": '<xsd:simpleType name="decimal"><xsd:restriction base="xsd:decimal"/></xsd:simpleType>',
    "float": '<xsd:simpleType name="float"><xsd:restriction base="xsd:double"/></xsd:simpleType>',
    "datetime": _DATETIME_TYPE,
    "xml": '<xsd:complexType name="xml" mixed="true"><xsd:sequence><xsd:any minOccurs="0" '
    'maxOccurs="unbounded" processContents="skip"/></xsd:sequence></xsd:complexType>',
}
STRING_TYPES = frozenset({"varchar", "char"})


def _column_schema(column: Column) -> str:
    name = wire_name(column.name)
    if column.sqltype in STRING_TYPES:
        return (
            f'<xsd:element name="{name}" minOccurs="0"><xsd:simpleType>'
            f'<xsd:restriction base="sqltypes:{column.sqltype}" sqltypes:localeId="1031" '
            'sqltypes:sqlCompareOptions="IgnoreCase IgnoreKanaType IgnoreWidth">'
            f'<xsd:maxLength value="{column.max_length or 8000}"/></xsd:restriction></xsd:simpleType>'
            "</xsd:element>"
        )
    if column.sqltype == "decimal":
        return (
            f'<xsd:element name="{name}" minOccurs="0"><xsd:simpleType>'
            '<xsd:restriction base="sqltypes:decimal">'
            '<xsd:totalDigits value="18"/><xsd:fractionDigits value="2"/></xsd:restriction></xsd:simpleType>'
            "</xsd:element>"
        )
    return f'<xsd:element name="{name}" type="sqltypes:{column.sqltype}" minOccurs="0"/>'


@lru_cache(maxsize=256)
def rowset_schema(columns: tuple[Column, ...], number: int) -> str:
    """The two inline schemas of a row set: the sqltypes used and the ``SqlRowSetN`` row shape."""
    used = []
    for column in columns:
        if column.sqltype not in used:
            used.append(column.sqltype)
    types = "".join(SQLTYPE_DEFINITIONS.get(t, SQLTYPE_DEFINITIONS["varchar"]) for t in used)
    elements = "".join(_column_schema(c) for c in columns)
    return (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        f'targetNamespace="http://schemas.microsoft.com/sqlserver/2004/sqltypes">{types}</xsd:schema>'
        '<xsd:schema xmlns="" xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:sqltypes="http://schemas.microsoft.com/sqlserver/2004/sqltypes" '
        f'targetNamespace="urn:schemas-microsoft-com:sql:SqlRowSet{number}" elementFormDefault="qualified">'
        '<xsd:import namespace="http://schemas.microsoft.com/sqlserver/2004/sqltypes"/>'
        f'<xsd:element name="SqlRowSet{number}" msdata:IsDataSet="true" '
        'msdata:DataSetNamespace="urn:schemas-microsoft-com:sql:SqlDataSet" msdata:DataSetName="SqlDataSet">'
        '<xsd:complexType><xsd:sequence><xsd:element name="row" minOccurs="0" maxOccurs="unbounded">'
        f"<xsd:complexType><xsd:sequence>{elements}</xsd:sequence></xsd:complexType></xsd:element>"
        "</xsd:sequence></xsd:complexType></xsd:element></xsd:schema>"
    )


# --- rows ---------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _row_plan(columns: tuple[Column, ...]) -> tuple[tuple[str, str, str, Callable[[Any], str]], ...]:
    plan = []
    for column in columns:
        tag = wire_name(column.name)
        plan.append((column.name, f"<{tag}>", f"</{tag}>", FORMATTERS.get(column.sqltype, _text)))
    return tuple(plan)


def render_rows(columns: tuple[Column, ...], rows: Iterable[Row], attributes: Sequence[str] = ()) -> str:
    """``<row>`` elements, one child per non-NULL column in schema order.

    ``attributes`` names columns that are written as attributes of ``<row>`` (nested xml columns
    such as ``BillingAddress/row[@AddrKey]``); they also stay child elements.
    """
    plan = _row_plan(columns)
    parts: list[str] = []
    append = parts.append
    for row in rows:
        if attributes:
            attrs = "".join(f" {a}={quoteattr(str(row[a]))}" for a in attributes if row.get(a) is not None)
            append(f"<row{attrs}>")
        else:
            append("<row>")
        for name, open_tag, close_tag, fmt in plan:
            value = row.get(name)
            if value is None:
                continue
            append(open_tag)
            append(fmt(value))
            append(close_tag)
        append("</row>")
    return "".join(parts)


def nested(columns: tuple[Column, ...], rows: Iterable[Row], attributes: Sequence[str] = ()) -> XmlFragment:
    """The content of an ``xml`` column: ``<row …>`` elements."""
    return XmlFragment(render_rows(columns, rows, attributes))


# --- envelope -----------------------------------------------------------------------------------


def _message_xml(message: SqlMessage) -> str:
    return (
        '<sqlresultstream:SqlMessage xsi:type="sqlmessage:SqlMessage">'
        f"<sqlmessage:Class>{message.klass}</sqlmessage:Class>"
        f"<sqlmessage:LineNumber>{message.line_number}</sqlmessage:LineNumber>"
        f"<sqlmessage:Message>{escape(message.message)}</sqlmessage:Message>"
        f"<sqlmessage:Number>{message.number}</sqlmessage:Number>"
        f"<sqlmessage:Procedure>{escape(message.procedure)}</sqlmessage:Procedure>"
        f"<sqlmessage:Server>{SQL_SERVER_NAME}</sqlmessage:Server>"
        f"<sqlmessage:Source>{SQL_SOURCE}</sqlmessage:Source>"
        f"<sqlmessage:State>{message.state}</sqlmessage:State>"
        "</sqlresultstream:SqlMessage>"
    )


def _rowset_xml(rowset: RowSet, number: int) -> str:
    return (
        '<sqlresultstream:SqlRowSet xsi:type="sqlsoaptypes:SqlRowSet" msdata:UseDataSetSchemaOnly="true" '
        'msdata:UDTColumnValueWrapped="true">'
        f"{rowset_schema(rowset.columns, number)}"
        '<diffgr:diffgram xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">'
        f'<SqlRowSet{number} xmlns="urn:schemas-microsoft-com:sql:SqlRowSet{number}">'
        f"{render_rows(rowset.columns, rowset.rows)}"
        f"</SqlRowSet{number}></diffgr:diffgram></sqlresultstream:SqlRowSet>"
    )


def envelope_open(namespace: str, soap_ns: str = SOAP11_NS) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<SOAP-ENV:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns:SOAP-ENV="{soap_ns}" '
        'xmlns:sql="http://schemas.microsoft.com/sqlserver/2004/SOAP" '
        'xmlns:sqlsoaptypes="http://schemas.microsoft.com/sqlserver/2004/SOAP/types" '
        'xmlns:sqlrowcount="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlRowCount" '
        'xmlns:sqlmessage="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlMessage" '
        'xmlns:sqlresultstream="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlResultStream" '
        'xmlns:sqltransaction="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlTransaction" '
        'xmlns:sqltypes="http://schemas.microsoft.com/sqlserver/2004/sqltypes" '
        'xmlns:msdata="urn:schemas-microsoft-com:xml-msdata" '
        f"xmlns:method={quoteattr(namespace)} "
        'xml:space="preserve"><SOAP-ENV:Body>'
    )


ENVELOPE_CLOSE = "</SOAP-ENV:Body></SOAP-ENV:Envelope>"


def render_response(call: str, namespace: str, result: CallResult, soap_ns: str = SOAP11_NS) -> bytes:
    """The whole SOAP answer of one call."""
    parts = [envelope_open(namespace, soap_ns), f"<method:{call}Response>"]
    if result.scalar_type is not None:
        if result.scalar is None:
            parts.append(f'<method:{call}Result xmlns="" xsi:nil="true"/>')
        else:
            parts.append(
                f'<method:{call}Result xmlns="" xsi:type="sqltypes:{result.scalar_type}">'
                f"{format_value(result.scalar_type, result.scalar)}</method:{call}Result>"
            )
    else:
        parts.append(f'<method:{call}Result xmlns="">')
        parts.extend(_message_xml(m) for m in result.messages)
        parts.extend(_rowset_xml(rs, n) for n, rs in enumerate(result.rowsets, start=1))
        parts.append(
            '<sqlresultstream:SqlResultCode xsi:type="sqlsoaptypes:SqlResultCode">'
            f"{result.result_code}</sqlresultstream:SqlResultCode>"
        )
        parts.append(f"</method:{call}Result>")
    parts.append(f"</method:{call}Response>")
    parts.append(ENVELOPE_CLOSE)
    return "".join(parts).encode("utf-8")


def render_fault(code: str, message: str, soap_ns: str = SOAP11_NS) -> bytes:
    """A SOAP Fault (``code`` is ``Client`` or ``Server``), SOAP 1.1 or 1.2 shaped."""
    head = (
        f'<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="{soap_ns}" '
        'xmlns:sql="http://schemas.microsoft.com/sqlserver/2004/SOAP"><SOAP-ENV:Body><SOAP-ENV:Fault>'
    )
    if soap_ns == SOAP12_NS:
        value = {"Client": "Sender", "Server": "Receiver"}.get(code, code)
        body = (
            f"<SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:{value}</SOAP-ENV:Value></SOAP-ENV:Code>"
            f'<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en-US">{escape(message)}</SOAP-ENV:Text>'
            "</SOAP-ENV:Reason>"
        )
    else:
        body = (
            f"<faultcode>SOAP-ENV:{code}</faultcode>"
            f'<faultstring xml:lang="en-US">{escape(message)}</faultstring>'
        )
    return (head + body + "</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>").encode("utf-8")

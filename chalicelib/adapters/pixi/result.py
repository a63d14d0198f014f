"""Tolerant parser of pixi's answers (SQL Server "SqlResultStream" envelopes, pixi-api.md §3).

pixi answers every call with a SOAP envelope whose ``<CallResult>`` holds, in any order, SQL
messages, row sets (XSD schema + diffgram of ``<row>`` elements) and the procedure's result code,
or just a plain value for "function" calls. Real installations differ from the docs, so nothing
here depends on a column list: a row is the columns that were present (NULL columns are
omitted by pixi), with ``_xHHHH_``-escaped names unescaped (``_x0058_MLKey`` -> ``XMLKey``).

Nested xml columns (pixiGetOrder's ``BillingAddress``, ``Orderlines``, ``Invoices``, …) keep
their XML fragment as the column value; :func:`nested_rows` turns such a value into child rows.
The fragment may arrive as child elements or as escaped text: both end up the same.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from chalicelib.errors import NotFoundError, PixiError, PixiResponseError
from chalicelib.log import logger

Row = dict[str, str]

SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
_ENVELOPE_NAMESPACES = (SOAP11_ENV, SOAP12_ENV)

# SqlMessage classes (severities) above this are errors; 0..10 are informational warnings.
MAX_WARNING_CLASS = 10


@dataclass(frozen=True)
class SqlMessage:
    """One ``SqlMessage`` of the answer (an SQL Server message)."""

    class_: int
    number: int
    message: str
    procedure: str = ""
    line_number: int = 0

    @property
    def is_error(self) -> bool:
        return self.class_ > MAX_WARNING_CLASS


@dataclass
class SqlResult:
    """What one pixi call answered: row sets, SQL messages, result code and/or a plain value."""

    rowsets: list[list[Row]] = field(default_factory=list)
    messages: list[SqlMessage] = field(default_factory=list)
    result_code: int | None = None
    scalar: str | None = None

    def rows(self, index: int = 0) -> list[Row]:
        """Rows of the ``index``-th row set; ``[]`` if pixi sent fewer row sets."""
        return self.rowsets[index] if index < len(self.rowsets) else []

    def all_rows(self) -> list[Row]:
        return [row for rowset in self.rowsets for row in rowset]

    def first_value(self, column: str) -> str | None:
        """The first non-empty value of ``column`` in any row set (e.g. ``XMLKey``)."""
        wanted = column.lower()
        for row in self.all_rows():
            for name, value in row.items():
                if name.lower() == wanted and value:
                    return value
        return None

    @property
    def is_empty(self) -> bool:
        return not any(self.rowsets) and self.scalar is None


# --- lxml plumbing --------------------------------------------------------------------------

_parsers = threading.local()


def _parser() -> etree.XMLParser:
    """A hardened parser per thread (lxml parsers must not be shared between threads)."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
            load_dtd=False,
            huge_tree=True,  # big answers (thousands of rows) are legitimate
        )
        _parsers.parser = parser
    return parser


_ROWSET_DEFAULT_NS = b' xmlns="urn:schemas-microsoft-com:sql:SqlRowSet'
_ROWSET_PREFIXED_NS = b' xmlns:rowset="urn:schemas-microsoft-com:sql:SqlRowSet'
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_name(name: str) -> str:
    """Undo SQL/XML name escaping: ``_x0058_MLKey`` -> ``XMLKey``, ``_x0020_`` -> space."""
    if "_x" not in name:
        return name
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), name)


def escape_name(name: str) -> str:
    """Escape a parameter/column name as SQL Server does: a leading ``XML`` becomes ``_x0058_ML``."""
    return "_x0058_" + name[1:] if name[:3].upper() == "XML" else name


class _NameCache(dict[Any, str]):
    """tag ("{ns}local" or "local") -> unescaped local name; shared between threads, bounded."""

    def __missing__(self, tag: Any) -> str:
        if not isinstance(tag, str):
            return ""  # comments/PIs/entities have a function as tag
        if len(self) >= 20_000:
            self.clear()
        name = self[tag] = unescape_name(tag.rpartition("}")[2])
        return name


_names = _NameCache()
_local = _names.__getitem__


def _text(el: Any) -> str:
    return "".join(el.itertext()).strip()


def _child(el: Any, local: str) -> Any:
    for ch in el:
        if _local(ch.tag) == local:
            return ch
    return None


# --- parsing ----------------------------------------------------------------------------------


def parse_envelope(content: bytes, call: str = "") -> Any:
    """Parse bytes into the SOAP Body's first element; raise for garbage and SOAP faults."""
    if not content or not content.strip():
        raise PixiResponseError(detail=f"{call}: leere Antwort")
    # Rows and columns sit in the row set's default namespace ("urn:…:SqlRowSetN"). Declaring it
    # under a prefix instead leaves them namespace-free, which makes reading thousands of column
    # tags noticeably cheaper; names and values are unchanged (only the unused schema refers to it).
    content = content.replace(_ROWSET_DEFAULT_NS, _ROWSET_PREFIXED_NS)
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise PixiResponseError(detail=f"{call}: kein XML ({exc}): {_preview(content)}") from None
    if _local(root.tag) != "Envelope":  # SOAP 1.1, 1.2 or a namespace we do not know
        raise PixiResponseError(detail=f"{call}: kein SOAP-Envelope, sondern <{_local(root.tag)}>")
    body = _child(root, "Body")
    if body is None:
        raise PixiResponseError(detail=f"{call}: SOAP-Envelope ohne Body")
    first = next((el for el in body if isinstance(el.tag, str)), None)
    if first is None:
        raise PixiResponseError(detail=f"{call}: leerer SOAP-Body")
    if _local(first.tag) == "Fault":
        raise fault_error(first, call)
    return first


def fault_error(fault: Any, call: str = "") -> PixiError:
    """A PixiError for a SOAP 1.1 (faultcode/faultstring) or 1.2 (Code/Reason) Fault."""
    code = reason = detail = ""
    for el in fault:
        name = _local(el.tag)
        if name == "faultcode":
            code = _text(el)
        elif name == "faultstring":
            reason = _text(el)
        elif name == "Code":  # SOAP 1.2: Code/Value (+ Subcode/Value)
            code = " / ".join(_text(v) for v in el.iter() if _local(v.tag) == "Value")
        elif name == "Reason":
            texts = [_text(t) for t in el if _local(t.tag) == "Text"]
            reason = texts[0] if texts else _text(el)
        elif name in ("detail", "Detail"):
            detail = " ".join(el.itertext()).strip()
    text = f"{call}: SOAP-Fault {code}: {reason}".strip()
    if detail:
        text += f" ({' '.join(detail.split())[:500]})"
    return PixiError(detail=text, fault_code=code, fault_reason=reason)


def parse_response(content: bytes, call: str = "") -> SqlResult:
    """Parse a pixi answer into a :class:`SqlResult`.

    Raises PixiResponseError for garbage, PixiError for SOAP faults and for SQL errors
    (an SqlMessage of class >= 11, no row set and a non-zero result code). SQL warnings are
    logged and kept in ``messages``. Application error rows are left to
    :func:`raise_for_error_rows` (the caller knows whether a ``Status`` column is an error).
    """
    response = parse_envelope(content, call)
    # <CallResponse><CallResult>…</CallResult></CallResponse>; tolerate a missing Result level.
    result_el = next((el for el in response if _local(el.tag).endswith("Result")), None)
    if result_el is None:
        result_el = next((el for el in response if _local(el.tag) == "return"), response)
    result = SqlResult()
    children = [el for el in result_el if isinstance(el.tag, str)]
    if not children:
        text = (result_el.text or "").strip()
        result.scalar = text if text else None
        return result
    for el in children:
        name = _local(el.tag)
        if name == "SqlRowSet":
            result.rowsets.append(_rowset(el))
        elif name == "SqlMessage":
            result.messages.append(_message(el))
        elif name == "SqlResultCode":
            result.result_code = _int(_text(el))
        elif name in ("SqlRowCount", "SqlTransaction", "SqlXml"):
            continue
        elif len(el) == 0 and result.scalar is None and not result.rowsets:
            result.scalar = (el.text or "").strip() or None  # e.g. <return>42</return>
        else:
            logger.debug("pixi %s: unknown result element <%s> ignored", call, name)
    _check_messages(result, call)
    return result


def _rowset(el: Any) -> list[Row]:
    container = None
    for ch in el:
        name = _local(ch.tag)
        if name == "diffgram":
            container = next((c for c in ch if isinstance(c.tag, str)), None)
            break
        if name == "row":  # rows without a diffgram wrapper
            container = el
            break
        if name != "schema" and len(ch) and container is None:
            container = ch  # <SqlRowSet1><row/>…</SqlRowSet1> without diffgram
    if container is None:
        return []
    local = _local
    rows: list[Row] = []
    for row_el in container:
        if local(row_el.tag) != "row":
            continue
        row: Row = {}
        for col in row_el:
            text = col.text
            if text is None or text.isspace():
                if len(col):  # a nested xml column (pixiGetOrder)
                    row[local(col.tag)] = _fragment(col)
                    continue
                if text is None:
                    text = ""
            row[local(col.tag)] = text
        rows.append(row)
    return rows


def _fragment(col: Any) -> str:
    """The nested XML of an xml column as a string (without inherited namespaces)."""
    return "".join(
        etree.tostring(ch, encoding="unicode", with_tail=False) for ch in col if isinstance(ch.tag, str)
    )


def _message(el: Any) -> SqlMessage:
    values = {_local(ch.tag): _text(ch) for ch in el}
    return SqlMessage(
        class_=_int(values.get("Class")) or 0,
        number=_int(values.get("Number")) or 0,
        message=values.get("Message", ""),
        procedure=values.get("Procedure", ""),
        line_number=_int(values.get("LineNumber")) or 0,
    )


def _check_messages(result: SqlResult, call: str) -> None:
    errors = []
    for msg in result.messages:
        if msg.is_error:
            errors.append(msg)
        else:
            logger.info("pixi %s: SQL-Hinweis %s (Klasse %s): %s", call, msg.number, msg.class_, msg.message)
    if not errors:
        return
    text = "; ".join(f"{m.number} (Klasse {m.class_}, {m.procedure}): {m.message}" for m in errors)
    if not any(result.rowsets) and result.result_code != 0:
        raise PixiError(detail=f"{call}: SQL-Fehler {text}", sql_number=errors[0].number)
    logger.warning("pixi %s: SQL-Fehlermeldung trotz Ergebnis: %s", call, text)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        try:
            return int(float(value))
        except ValueError:
            return None


def _preview(content: bytes, limit: int = 200) -> str:
    return " ".join(content[:limit].decode("utf-8", "replace").split())


# --- nested xml columns -------------------------------------------------------------------------


def nested_rows(value: str | None) -> list[Row]:
    """Child rows of a nested xml column value (``<row AddrKey="1"><Name>…</Name></row>…``).

    Attributes and child elements both become columns; a child that itself holds rows (e.g.
    ``InvoiceLines`` inside an invoice) stays an XML string for another ``nested_rows`` call.
    """
    if not value or "<" not in value:
        return []
    try:
        wrapper = etree.fromstring(f"<nested>{value}</nested>".encode(), _parser())
    except etree.XMLSyntaxError:
        logger.warning("pixi: nested xml column not parseable: %s", value[:200])
        return []
    rows_parent: Any = wrapper
    # Tolerate an extra wrapper level, e.g. <Orderlines><row/></Orderlines> inside the column.
    elements = [el for el in wrapper if isinstance(el.tag, str)]
    if len(elements) == 1 and _local(elements[0].tag) != "row":
        rows_parent = elements[0]
    rows: list[Row] = []
    for row_el in rows_parent:
        if not isinstance(row_el.tag, str) or _local(row_el.tag) != "row":
            continue
        row: Row = {_local(k): v for k, v in row_el.attrib.items() if not k.startswith("{")}
        for col in row_el:
            if not isinstance(col.tag, str):
                continue
            text = col.text
            if (text is None or text.isspace()) and len(col):
                row[_local(col.tag)] = _fragment(col)
            else:
                row[_local(col.tag)] = text or ""
        rows.append(row)
    return rows


# --- application error rows -------------------------------------------------------------------

_OK_ERROR_NUMBERS = frozenset({"", "0", "200"})


def error_row_text(row: Row) -> tuple[str, str] | None:
    """(kind, text) if ``row`` is one of pixi's application error rows, else None.

    Patterns (pixi-api.md §3): ``ReturnCode``=ERROR + ``ErrorMessage``; ``Status``=ERROR +
    ``Message``; ``ErrorNr`` (not 0/200) + ``ErrorMessage``; ``ResultCode`` (non-zero) +
    ``ResultText``. kind is "not_found" for ``ErrorNr`` 404, otherwise "error".
    """
    lowered = {k.lower(): v.strip() for k, v in row.items()}
    if lowered.get("returncode", "").upper() == "ERROR":
        return "error", lowered.get("errormessage") or lowered.get("message") or "ReturnCode=ERROR"
    if "message" in lowered and lowered.get("status", "").upper() == "ERROR":
        return "error", lowered["message"] or "Status=ERROR"
    if "errornr" in lowered and "errormessage" in lowered and lowered["errornr"] not in _OK_ERROR_NUMBERS:
        kind = "not_found" if lowered["errornr"] == "404" else "error"
        return kind, f"{lowered['errornr']}: {lowered['errormessage']}"
    if "resultcode" in lowered and "resulttext" in lowered and lowered["resultcode"].upper() not in (
        "0",
        "OK",
        "",
    ):
        return "error", f"{lowered['resultcode']}: {lowered['resulttext']}"
    return None


def raise_for_error_rows(result: SqlResult, call: str = "") -> None:
    """Raise PixiError (NotFoundError for ErrorNr 404) if a row set holds an error row."""
    for rowset in result.rowsets:
        if not rowset:
            continue
        found = error_row_text(rowset[0])
        if found is None:
            continue
        kind, text = found
        if kind == "not_found":
            raise NotFoundError(f"pixi meldet: {text}", detail=f"{call}: {text}")
        raise PixiError(f"pixi meldet einen Fehler: {text}", detail=f"{call}: {text}")

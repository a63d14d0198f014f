"""Reading a SOAP request the tolerant way pixi does (SOAP 1.1 or 1.2, params in any spelling)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pixi_simulator.rowset import SOAP11_NS, SOAP12_NS

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


class SoapFaultError(Exception):
    """The request cannot be served as a call: answered with a SOAP Fault (HTTP 500)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SoapRequest:
    soap_ns: str
    call: str
    namespace: str
    params: dict[str, str | None]
    """Parameter values by normalised name (``_xHHHH_`` decoded, lower case); None = xsi:nil."""


def safe_parser() -> etree.XMLParser:
    """No DTDs, no entity expansion, no network: the input comes from outside."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )


def normalise_name(name: str) -> str:
    """``_x0058_MLLogKey`` -> ``xmllogkey``: decode XML-name escapes, compare case-insensitively."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), name).lower()


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def inner_xml(element: etree._Element) -> str:
    """Text plus serialized children: an ``xml`` parameter may arrive as markup, not as text."""
    parts = [element.text or ""]
    for child in element:
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def parse_request(body: bytes) -> SoapRequest:
    if not body.strip():
        raise SoapFaultError("Client", "The SOAP request is empty.")
    try:
        root = etree.fromstring(body, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise SoapFaultError("Client", f"The SOAP request is not well-formed XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise SoapFaultError("Client", "DTDs are not allowed in SOAP messages.")
    soap_ns = etree.QName(root).namespace or ""
    if local_name(root) != "Envelope" or soap_ns not in (SOAP11_NS, SOAP12_NS):
        raise SoapFaultError("Client", "The request is not a SOAP 1.1 or SOAP 1.2 envelope.")
    body_el = root.find(f"{{{soap_ns}}}Body")
    if body_el is None or len(body_el) == 0:
        raise SoapFaultError("Client", "The SOAP body contains no method element.")
    method = body_el[0]
    qname = etree.QName(method)
    params: dict[str, str | None] = {}
    for child in method:
        if not isinstance(child.tag, str):
            continue
        key = normalise_name(local_name(child))
        if child.get(f"{{{XSI_NS}}}nil") in ("true", "1"):
            params[key] = None
        elif len(child):
            params[key] = inner_xml(child)
        else:
            params[key] = child.text or ""
    return SoapRequest(soap_ns=soap_ns, call=qname.localname, namespace=qname.namespace or "", params=params)

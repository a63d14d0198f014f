"""The WSDL served at ``<endpoint>?wsdl``, generated from the contract.

Document/literal wrapped, target namespace = endpoint URL (as SQL Server endpoints declare it).
Parameters are ``minOccurs=0`` and nillable (pixi procedures have defaults); the result is an
open ``SqlResultStream`` (any elements), which a client parses itself. SOAP 1.1 and 1.2 bindings.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import quoteattr

from pixi_simulator.contract import CALLS, Call, wire_name

XSD_TYPES = {
    "int": "xsd:int",
    "bigint": "xsd:long",
    "bit": "xsd:boolean",
    "money": "xsd:decimal",
    "decimal": "xsd:decimal",
    "float": "xsd:double",
    "datetime": "xsd:string",
    "varchar": "xsd:string",
    "char": "xsd:string",
    "xml": "xsd:string",
}
"""datetime parameters are strings on purpose: pixi accepts ``YYYY-MM-DD hh:mm:ss`` (no zone)."""


def _param_elements(call: Call) -> str:
    return "".join(
        f'<xsd:element name="{wire_name(p.name)}" type="{XSD_TYPES.get(p.sqltype, "xsd:string")}" '
        f'minOccurs="{1 if p.required else 0}" nillable="true"/>'
        for p in call.params
    )


def _result_type(call: Call) -> str:
    if call.scalar:
        return f'<xsd:element name="{call.name}Result" type="xsd:int" minOccurs="0" nillable="true"/>'
    return f'<xsd:element name="{call.name}Result" type="tns:SqlResultStream" minOccurs="0"/>'


@lru_cache(maxsize=32)
def render_wsdl(endpoint: str) -> bytes:
    tns = quoteattr(endpoint)
    elements = []
    messages = []
    port_ops = []
    bindings11: list[str] = []
    bindings12: list[str] = []
    for call in CALLS.values():
        elements.append(
            f'<xsd:element name="{call.name}"><xsd:complexType><xsd:sequence>{_param_elements(call)}'
            f"</xsd:sequence></xsd:complexType></xsd:element>"
            f'<xsd:element name="{call.name}Response"><xsd:complexType><xsd:sequence>{_result_type(call)}'
            "</xsd:sequence></xsd:complexType></xsd:element>"
        )
        messages.append(
            f'<wsdl:message name="{call.name}SoapIn"><wsdl:part name="parameters" element="tns:{call.name}"/>'
            f'</wsdl:message><wsdl:message name="{call.name}SoapOut"><wsdl:part name="parameters" '
            f'element="tns:{call.name}Response"/></wsdl:message>'
        )
        port_ops.append(
            f'<wsdl:operation name="{call.name}"><wsdl:input message="tns:{call.name}SoapIn"/>'
            f'<wsdl:output message="tns:{call.name}SoapOut"/></wsdl:operation>'
        )
        action = quoteattr(endpoint + call.name)
        for prefix, target in (("soap", bindings11), ("soap12", bindings12)):
            target.append(
                f'<wsdl:operation name="{call.name}">'
                f'<{prefix}:operation soapAction={action} style="document"/>'
                f'<wsdl:input><{prefix}:body use="literal"/></wsdl:input>'
                f'<wsdl:output><{prefix}:body use="literal"/></wsdl:output></wsdl:operation>'
            )
    location = quoteattr(endpoint)
    wsdl = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" '
        'xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" '
        f'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns={tns} targetNamespace={tns}>'
        f'<wsdl:types><xsd:schema targetNamespace={tns} elementFormDefault="qualified">'
        '<xsd:complexType name="SqlResultStream"><xsd:sequence>'
        '<xsd:any minOccurs="0" maxOccurs="unbounded" processContents="skip" namespace="##any"/>'
        "</xsd:sequence></xsd:complexType>"
        f"{''.join(elements)}</xsd:schema></wsdl:types>"
        f"{''.join(messages)}"
        f'<wsdl:portType name="pixiSoap">{"".join(port_ops)}</wsdl:portType>'
        '<wsdl:binding name="pixiSoap" type="tns:pixiSoap">'
        '<soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>'
        f"{''.join(bindings11)}</wsdl:binding>"
        '<wsdl:binding name="pixiSoap12" type="tns:pixiSoap">'
        '<soap12:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>'
        f"{''.join(bindings12)}</wsdl:binding>"
        '<wsdl:service name="pixi">'
        f'<wsdl:port name="pixiSoap" binding="tns:pixiSoap"><soap:address location={location}/></wsdl:port>'
        f'<wsdl:port name="pixiSoap12" binding="tns:pixiSoap12">'
        f"<soap12:address location={location}/></wsdl:port>"
        "</wsdl:service></wsdl:definitions>"
    )
    return wsdl.encode("utf-8")

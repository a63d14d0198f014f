"""A simulator on a free port for the whole module, and a tiny raw-SOAP client speaking HTTP."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pytest
import requests
from lxml import etree

from pixi_simulator import CREDENTIALS
from pixi_simulator.server import RunningSimulator, SimulatorConfig, start_in_thread

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
SQLMESSAGE = "http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlMessage"
RESULTSTREAM = "http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlResultStream"


@pytest.fixture(scope="module")
def simulator() -> Iterator[RunningSimulator]:
    sim = start_in_thread(host="127.0.0.1", port=0, config=SimulatorConfig(seed=42, import_delay=0.5))
    try:
        yield sim
    finally:
        sim.shutdown()


@pytest.fixture(autouse=True)
def no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "simulator" in request.fixturenames:
        request.getfixturevalue("simulator").clear_faults()


@dataclass
class Answer:
    status: int
    body: bytes
    root: etree._Element | None

    def rowsets(self) -> list[list[dict[str, str]]]:
        """Rows of every SqlRowSetN, in order; each row maps element name -> text (nested xml as element)."""
        assert self.root is not None
        found = []
        for rowset in self.root.iter(f"{{{RESULTSTREAM}}}SqlRowSet"):
            rows = []
            for container in rowset.iter():
                if (
                    isinstance(container.tag, str)
                    and etree.QName(container).localname.startswith("SqlRowSet")
                    and etree.QName(container).namespace.startswith("urn:schemas-microsoft-com:sql:SqlRowSet")
                ):
                    for row in container:
                        rows.append({etree.QName(c).localname: (c.text or "") for c in row})
            found.append(rows)
        return found

    def rows(self, n: int = 1) -> list[dict[str, str]]:
        return self.rowsets()[n - 1]

    def messages(self) -> list[dict[str, str]]:
        assert self.root is not None
        return [
            {etree.QName(c).localname: c.text or "" for c in m}
            for m in self.root.iter(f"{{{RESULTSTREAM}}}SqlMessage")
        ]

    def result_code(self) -> str:
        assert self.root is not None
        return self.root.findtext(f".//{{{RESULTSTREAM}}}SqlResultCode") or ""

    def result_element(self, call: str) -> etree._Element:
        assert self.root is not None
        found = self.root.find(f".//{{*}}{call}Result")
        assert found is not None
        return found

    def fault_string(self) -> str:
        assert self.root is not None
        return self.root.findtext(".//faultstring") or self.root.findtext(f".//{{{SOAP12}}}Text") or ""


def envelope(
    call: str,
    namespace: str,
    params: Mapping[str, str | None] | str = "",
    qualified: bool = False,
    soap_ns: str = SOAP11,
    typed: bool = False,
) -> bytes:
    if isinstance(params, str):
        inner = params
    else:
        parts = []
        for name, value in params.items():
            tag = f"m:{name}" if qualified else name
            type_attr = ' xsi:type="xsd:string"' if typed else ""
            if value is None:
                parts.append(f'<{tag} xsi:nil="true"/>')
            else:
                parts.append(f"<{tag}{type_attr}>{escape(value)}</{tag}>")
        inner = "".join(parts)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{soap_ns}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f'<soap:Body><m:{call} xmlns:m="{namespace}">{inner}</m:{call}></soap:Body></soap:Envelope>'
    ).encode()


class SoapClient:
    def __init__(self, sim: RunningSimulator, db: str = "pixiDEM") -> None:
        self.sim = sim
        self.db = db
        self.endpoint = sim.endpoint(db)
        self.auth = (db, CREDENTIALS[db])

    def post(
        self,
        body: bytes,
        content_type: str = "text/xml; charset=utf-8",
        action: str = "",
        timeout: float = 10.0,
        auth: tuple[str, str] | None = None,
    ) -> requests.Response:
        return requests.post(
            self.endpoint,
            data=body,
            auth=auth or self.auth,
            timeout=timeout,
            headers={"Content-Type": content_type, "SOAPAction": f'"{action}"'},
        )

    def call(
        self,
        call: str,
        params: Mapping[str, str | None] | str = "",
        *,
        timeout: float = 10.0,
        **kwargs: object,
    ) -> Answer:
        body = envelope(call, self.endpoint, params, **kwargs)  # type: ignore[arg-type]
        response = self.post(body, action=self.endpoint + call, timeout=timeout)
        return parse_answer(response)


def parse_answer(response: requests.Response) -> Answer:
    try:
        root = etree.fromstring(response.content)
    except etree.XMLSyntaxError:
        root = None
    return Answer(response.status_code, response.content, root)


@pytest.fixture(scope="module")
def dem(simulator: RunningSimulator) -> SoapClient:
    return SoapClient(simulator, "pixiDEM")


@pytest.fixture(scope="module")
def tst(simulator: RunningSimulator) -> SoapClient:
    return SoapClient(simulator, "pixiTST")

"""The pixi client's own costs: cold start, added latency per call, parse time per row.

1. Cold start, in fresh subprocesses: importing the package, building the first client (imports
   zeep, parses the bundled WSDL once) and a second client (WSDL already parsed).
2. Added latency per call against the simulator (in-process, free port): a raw HTTP POST of the
   very same envelope with the same kind of session vs the client call (envelope building,
   namespace rewrite, lxml parsing, mapping to records).
3. Parsing a 1,000-row answer in pixi's format (SqlResultStream/diffgram), per row and column,
   next to libxml2's bare parse time and the row -> record mapping.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

COLD_START_SCRIPT = """
import json, time
t0 = time.perf_counter()
from chalicelib.adapters.pixi import PixiClient, PixiConnection
t1 = time.perf_counter()
PixiClient(PixiConnection("http://127.0.0.1:9/soap/pixiDEM/", "pixiDEM", "x"))
t2 = time.perf_counter()
PixiClient(PixiConnection("http://127.0.0.1:9/soap/pixiTST/", "pixiTST", "y"))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}))
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def cold_start(runs: int = 5) -> None:
    print("1) cold start (fresh python process each run, median of", runs, "runs)")
    samples: list[dict[str, float]] = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD_START_SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
        )
        samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for key, label in (
        ("import", "import chalicelib.adapters.pixi"),
        ("first", "first PixiClient (zeep import + WSDL parse)"),
        ("second", "next PixiClient (WSDL cached)"),
    ):
        print(f"   {label:46s} {_ms(statistics.median(s[key] for s in samples))}")


def added_latency(repeat: int = 200) -> None:
    print(f"2) added latency per call vs raw HTTP POST of the same envelope (simulator, {repeat} calls each)")
    try:
        from pixi_simulator.server import SimulatorConfig, start_in_thread
    except ImportError as exc:
        print(f"   skipped: simulator not available ({exc})")
        return
    import os

    import requests

    from chalicelib.adapters.pixi import CustomerCriteria, PixiClient, PixiConnection
    from chalicelib.settings import get_settings

    os.environ.setdefault("ALLOW_LOOPBACK_URLS", "1")  # the simulator is on 127.0.0.1 (outbound.py)
    get_settings.cache_clear()
    sim = start_in_thread(host="127.0.0.1", port=0, config=SimulatorConfig())
    try:
        endpoint = sim.endpoint("pixiDEM")
        client = PixiClient(PixiConnection(endpoint, "pixiDEM", "pixi-demo"))
        raw = requests.Session()
        raw.auth = ("pixiDEM", "pixi-demo")
        cases: list[tuple[str, str, dict[str, Any], Callable[[], Any]]] = [
            ("pixiGetShops (3 rows)", "pixiGetShops", {}, client.list_shops),
            (
                "pixiCustomerSearch (50 rows)",
                "pixiCustomerSearch",
                {"Name": "%", "RowCount": 51},
                lambda: client.search_customers(CustomerCriteria(name="%"), limit=50),
            ),
            (
                "pixiGetOrder (nested)",
                "pixiGetOrder",
                {"OrderNrXML": "<OrderNrs><OrderNr>100001</OrderNr></OrderNrs>"},
                lambda: client.get_order(100001),
            ),
        ]
        print(f"   {'call':30s} {'raw POST':>11s} {'client':>11s} {'added':>11s} {'ratio':>7s}")
        for label, call, params, client_call in cases:
            body, headers = client._channel.request(call, params)

            def post(body: bytes = body, headers: dict[str, str] = headers) -> None:
                _ = raw.post(endpoint, data=body, headers=headers, timeout=(3, 20)).content

            for _ in range(10):  # warm up both paths (connections, caches)
                post()
                client_call()
            raw_times = _timed(post, repeat)
            client_times = _timed(client_call, repeat)
            r, c = statistics.median(raw_times), statistics.median(client_times)
            print(f"   {label:30s} {_ms(r):>11s} {_ms(c):>11s} {_ms(c - r):>11s} {c / r:6.2f}x")
    finally:
        sim.shutdown()


def synthetic_answer(rows: int) -> tuple[bytes, int]:
    """A pixiCustomerSearch answer with ``rows`` rows in pixi's format (some NULL columns omitted)."""
    from pixi_simulator.contract import CUSTOMER_SEARCH_COLUMNS

    columns = [c.name for c in CUSTOMER_SEARCH_COLUMNS]
    parts = []
    for i in range(rows):
        values = {c: f"{c} {i}" for c in columns}
        values.update(
            CustKey=str(i + 1),
            Locked="N",
            OrderCount=str(i % 40),
            CustomerType="B2C",
            LastOrderDate="2024-03-02T10:15:00.123",
            CreateDate="2021-01-04T08:00:00",
        )
        if i % 3:
            values.pop("Company")
            values.pop("VatID")
        cols = "".join(f"<{k}>{v}</{k}>" for k, v in values.items())
        parts.append(f'<row diffgr:id="row{i + 1}" msdata:rowOrder="{i}">{cols}</row>')
    envelope = (
        '<?xml version="1.0" encoding="utf-8"?><SOAP-ENV:Envelope xml:space="preserve"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:sqlsoaptypes="http://schemas.microsoft.com/sqlserver/2004/sqltypes/SqlSoapTypes"'
        ' xmlns:sqlresultstream="http://schemas.microsoft.com/sqlserver/2004/SOAP/types/SqlResultStream"'
        ' xmlns:method="https://api.pixi.eu/soap/pixiXYZ/"><SOAP-ENV:Body><method:pixiCustomerSearchResponse>'
        '<method:pixiCustomerSearchResult xmlns="">'
        '<sqlresultstream:SqlRowSet xsi:type="sqlsoaptypes:SqlRowSet"'
        ' xmlns:msdata="urn:schemas-microsoft-com:xml-msdata"><diffgr:diffgram'
        ' xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">'
        '<SqlRowSet1 xmlns="urn:schemas-microsoft-com:sql:SqlRowSet1">'
        + "".join(parts)
        + "</SqlRowSet1></diffgr:diffgram></sqlresultstream:SqlRowSet>"
        "<sqlresultstream:SqlResultCode>0</sqlresultstream:SqlResultCode></method:pixiCustomerSearchResult>"
        "</method:pixiCustomerSearchResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )
    return envelope.encode(), len(columns)


def parse_cost(rows: int = 1000, repeat: int = 30) -> None:
    from lxml import etree

    from chalicelib.adapters.pixi import mapping
    from chalicelib.adapters.pixi.result import parse_response

    content, columns = synthetic_answer(rows)
    print(
        f"3) parsing a {rows}-row answer ({len(content) / 1024:.0f} KiB, {columns} columns,"
        f" median of {repeat})"
    )
    result = parse_response(content)
    assert len(result.rows()) == rows
    bare = statistics.median(_timed(lambda: etree.fromstring(content), repeat))
    parse = statistics.median(_timed(lambda: parse_response(content), repeat))
    mapped = statistics.median(
        _timed(lambda: [mapping.customer_summary(r) for r in result.rows()], max(5, repeat // 3))
    )
    per_row = parse / rows
    print(
        f"   parse_response                {_ms(parse)} = {per_row * 1e6:6.2f} µs/row, "
        f"{per_row / columns * 1e6:5.2f} µs/column"
    )
    print(
        f"   of which libxml2 bare parse   {_ms(bare)} = {bare / rows * 1e6:6.2f} µs/row "
        f"({bare / parse:.0%} of parse_response)"
    )
    print(f"   rows -> CustomerSummary       {_ms(mapped)} = {mapped / rows * 1e6:6.2f} µs/row")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    cold_start()
    added_latency()
    parse_cost()


if __name__ == "__main__":
    main()

"""Faults become the right errors; reads are retried, writes are not; check_connection."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib.adapters.pixi import PixiClient, PixiConnection
from chalicelib.errors import (
    PixiAuthError,
    PixiError,
    PixiResponseError,
    PixiTimeoutError,
    PixiUnavailableError,
)

MakeClient = Callable[..., PixiClient]


def test_wrong_password_is_an_auth_error(endpoint: str, make_client: MakeClient) -> None:
    with pytest.raises(PixiAuthError) as info:
        make_client(endpoint, password="falsch").list_shops()
    assert "falsch" not in info.value.detail and "Zugangsdaten" in info.value.message


def test_timeout_with_a_short_read_timeout(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="timeout")
    with pytest.raises(PixiTimeoutError) as info:
        make_client(endpoint, read_timeout=0.3, retries=0).list_shops()
    assert info.value.status == 504 and "pixiGetShops" in info.value.detail


def test_garbage_is_a_bad_response(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="garbage")
    with pytest.raises(PixiResponseError):
        make_client(endpoint).list_shops()


def test_http500_is_unavailable_after_retries(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="http500")
    with pytest.raises(PixiUnavailableError) as info:
        make_client(endpoint).list_shops()
    assert info.value.context["http_status"] == 500


def test_soap_fault_is_a_pixi_error(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="fault")
    with pytest.raises(PixiError) as info:
        make_client(endpoint).list_shops()
    assert type(info.value) is PixiError and "SOAP-Fault" in info.value.detail


def test_reads_are_retried_twice(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    client = make_client(endpoint)
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="http500", times=2)
    assert client.list_shops()  # attempts 1 and 2 fail, attempt 3 succeeds
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="http500", times=3)
    with pytest.raises(PixiUnavailableError):
        client.list_shops()  # three attempts, all fail ...
    assert client.list_shops()  # ... and used up exactly the three faults


def test_read_timeouts_are_retried(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetCurrency", mode="timeout", times=2)
    assert make_client(endpoint, read_timeout=0.3).list_currencies()


def test_retries_stay_within_the_time_budget(sim: Any, endpoint: str) -> None:
    connection = PixiConnection(endpoint, "pixiDEM", "pixi-demo", connect_timeout=0.2, read_timeout=0.3)
    sim.set_fault(db="pixiDEM", call="pixiGetCurrency", mode="timeout", times=1)
    with pytest.raises(PixiTimeoutError):  # a second attempt could end after 0.7 s: not started
        PixiClient(connection, backoff=0.01, retry_budget=0.7).list_currencies()
    assert PixiClient(connection, backoff=0.01, retry_budget=0.7).list_currencies()  # fault used once


def test_writes_are_never_retried(sim: Any, client: PixiClient) -> None:
    orders, _ = client.list_orders(1, limit=1)
    sim.set_fault(db="pixiDEM", call="pixiAddOrderComment", mode="http500", times=1)
    with pytest.raises(PixiUnavailableError):
        client.add_order_comment(orders[0].order_number, "nur einmal senden")
    client.add_order_comment(orders[0].order_number, "nur einmal senden")  # the one fault was used once
    sim.set_fault(db="pixiDEM", call="pixiImportProcessXML", mode="http500", times=1)
    with pytest.raises(PixiUnavailableError):
        client.process_import(1)
    with pytest.raises(PixiError):  # the fault is used up: now the simulator answers (unknown key)
        client.process_import(1)


# --- check_connection -----------------------------------------------------------------------------


def test_check_connection_ok(endpoint: str, make_client: MakeClient) -> None:
    check = make_client(endpoint).check_connection()
    assert check.ok and check.problem is None and "WEB" in {s.shop_id for s in check.shops}


def test_check_connection_credentials(endpoint: str, make_client: MakeClient) -> None:
    check = make_client(endpoint, password="falsch").check_connection()
    assert (check.ok, check.problem) == (False, "credentials") and "Passwort" in check.message


def test_check_connection_timeout(sim: Any, endpoint: str, make_client: MakeClient) -> None:
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="timeout")
    check = make_client(endpoint, read_timeout=0.3).check_connection()
    assert check.problem == "timeout" and "0,3 Sekunden" in check.message


def test_check_connection_unreachable(make_client: MakeClient) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    check = make_client(f"http://127.0.0.1:{port}/soap/pixiDEM/", connect_timeout=0.5).check_connection()
    assert check.problem == "unreachable" and "nicht erreichbar" in check.message
    bad = make_client("kein-url").check_connection()
    assert bad.problem == "unreachable"


@pytest.fixture
def html_site() -> Iterator[str]:
    class Page(http.server.BaseHTTPRequestHandler):
        def _page(self) -> None:
            body = b"<!DOCTYPE html><html><body><h1>Willkommen bei Beispiel GmbH</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/soap/pixiDEM/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_check_connection_not_pixi(sim: Any, endpoint: str, html_site: str, make_client: MakeClient) -> None:
    check = make_client(html_site).check_connection()
    assert check.problem == "not_pixi" and "nicht die pixi-SOAP-API" in check.message
    sim.set_fault(db="pixiDEM", call="pixiGetShops", mode="garbage")
    assert make_client(endpoint).check_connection().problem == "not_pixi"

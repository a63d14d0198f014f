"""The HTTP side: a threaded WSGI server answering SOAP per pixi database, plus a test-only admin API.

Routes
- ``POST /soap/<db>/``: a SOAP 1.1 or 1.2 call (HTTP Basic auth: user = database name).
- ``GET /soap/<db>/?wsdl``: the WSDL (auth required, like pixi).
- ``/_admin/health`` (GET), ``/_admin/faults`` (GET/POST/DELETE), ``/_admin/reset`` (POST): JSON, no auth.
  The simulator is a test double: the admin routes answer only requests from a loopback address.

Python API (tests and the local stack)::

    sim = start_in_thread(host="127.0.0.1", port=0, config=SimulatorConfig(seed=42, import_delay=3.0))
    sim.endpoint("pixiDEM"); sim.set_fault(db="pixiDEM", call="pixiCustomerSearch", latency_ms=200)
    sim.clear_faults(); sim.shutdown()
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import logging
import socketserver
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from pixi_simulator import CREDENTIALS
from pixi_simulator.calls import execute
from pixi_simulator.calls.imports import process
from pixi_simulator.contract import CALLS
from pixi_simulator.demodata import build_database
from pixi_simulator.faults import TIMEOUT_HOLD_SECONDS, FaultRegistry, FaultRule, FaultSpecError, make_rule
from pixi_simulator.records import PixiDatabase
from pixi_simulator.rowset import SOAP11_NS, SOAP12_NS, render_fault, render_response
from pixi_simulator.soap import SoapFaultError, parse_request
from pixi_simulator.wsdl import render_wsdl

log = logging.getLogger("pixi_simulator")

StartResponse = Callable[..., Any]
MAX_BODY_BYTES = 20 * 1024 * 1024
GARBAGE_BODY = b"\x00\x17<<pixi gateway: upstream connection reset>> \xff\xfe not xml"


@dataclass
class SimulatorConfig:
    seed: int = 42
    import_delay: float | None = 3.0
    """Seconds until an added import document is processed in the background; None = only on demand."""
    faults: list[FaultRule] = field(default_factory=list)
    """Faults active from the start (CLI flags); never any by default."""
    verbose: bool = False


def _content_type(soap_ns: str) -> str:
    return "application/soap+xml; charset=utf-8" if soap_ns == SOAP12_NS else "text/xml; charset=utf-8"


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class Simulator:
    """The WSGI application with its state: databases, fault rules, pending import timers."""

    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.faults = FaultRegistry()
        self.stopping = threading.Event()
        self._timers: set[threading.Timer] = set()
        self._timers_lock = threading.Lock()
        self.databases: dict[str, PixiDatabase] = {}
        self.reset()

    # --- state ---
    def reset(self) -> None:
        """Rebuild the demo data from the seed, drop pending imports and clear all faults."""
        self._cancel_timers()
        databases = {name: build_database(name, self.config.seed) for name in CREDENTIALS}
        for db in databases.values():
            db.on_import_added = partial(self.schedule_import, db)
        self.databases = databases
        self.faults.clear()
        for rule in self.config.faults:
            self.faults.add(FaultRule(**rule.to_json()))

    def set_fault(
        self,
        db: str | None = None,
        call: str | None = "*",
        latency_ms: int = 0,
        mode: str | None = None,
        times: int | None = None,
    ) -> FaultRule:
        if db not in (None, "*") and db not in CREDENTIALS:
            raise FaultSpecError(f"unknown database {db}")
        rule = make_rule(db=db, call=call, latency_ms=latency_ms, mode=mode, times=times)
        self.faults.add(rule)
        return rule

    def clear_faults(self) -> None:
        self.faults.clear()

    def schedule_import(self, db: PixiDatabase, xml_log_key: int) -> None:
        delay = self.config.import_delay
        if delay is None or delay < 0 or self.stopping.is_set():
            return
        timer = threading.Timer(delay, self._run_import, (db, xml_log_key))
        timer.daemon = True
        with self._timers_lock:
            self._timers.add(timer)
        timer.start()

    def _run_import(self, db: PixiDatabase, xml_log_key: int) -> None:
        with self._timers_lock:
            self._timers = {t for t in self._timers if t.is_alive() and t is not threading.current_thread()}
        if self.stopping.is_set():
            return
        with db.lock:
            process(db, xml_log_key)

    def _cancel_timers(self) -> None:
        with self._timers_lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()

    def close(self) -> None:
        self.stopping.set()
        self._cancel_timers()

    # --- WSGI ---
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_admin/"):
            return self._admin(environ, start_response, path)
        parts = [p for p in path.split("/") if p]
        if len(parts) == 2 and parts[0] == "soap" and parts[1] in self.databases:
            return self._soap(environ, start_response, parts[1])
        return self._plain(start_response, "404 Not Found", b"Not Found")

    @staticmethod
    def _plain(
        start_response: StartResponse,
        status: str,
        body: bytes,
        headers: list[tuple[str, str]] | None = None,
        content_type: str = "text/plain; charset=utf-8",
    ) -> list[bytes]:
        start_response(
            status, [("Content-Type", content_type), ("Content-Length", str(len(body))), *(headers or [])]
        )
        return [body]

    def _json(self, start_response: StartResponse, status: str, payload: object) -> list[bytes]:
        return self._plain(
            start_response, status, json.dumps(payload).encode("utf-8"), content_type="application/json"
        )

    @staticmethod
    def _authorised(environ: dict[str, Any], db_name: str) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(token.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        user = user.rpartition("\\")[2]  # DOMAIN\pixiXYZ logins work too
        return user == db_name and password == CREDENTIALS[db_name]

    @staticmethod
    def _endpoint(environ: dict[str, Any], db_name: str) -> str:
        host = (
            environ.get("HTTP_HOST")
            or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT')}"
        )
        return f"http://{host}/soap/{db_name}/"

    def _soap(self, environ: dict[str, Any], start_response: StartResponse, db_name: str) -> list[bytes]:
        if not self._authorised(environ, db_name):
            return self._plain(
                start_response,
                "401 Unauthorized",
                b"401 Unauthorized: pixi login required",
                [("WWW-Authenticate", 'Basic realm="pixi"')],
            )
        endpoint = self._endpoint(environ, db_name)
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET":
            query = {k.lower() for k in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)}
            if "wsdl" in query:
                return self._plain(
                    start_response, "200 OK", render_wsdl(endpoint), content_type="text/xml; charset=utf-8"
                )
            return self._plain(
                start_response,
                "405 Method Not Allowed",
                b"Use POST (SOAP) or GET ?wsdl",
                [("Allow", "GET, POST")],
            )
        if method != "POST":
            return self._plain(
                start_response, "405 Method Not Allowed", b"Use POST", [("Allow", "GET, POST")]
            )
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            return self._plain(start_response, "413 Payload Too Large", b"Request too large")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        soap_ns = SOAP12_NS if "soap+xml" in environ.get("CONTENT_TYPE", "") else SOAP11_NS
        try:
            request = parse_request(body)
            soap_ns = request.soap_ns
            namespace = request.namespace.rstrip("/")
            if namespace and not namespace.lower().endswith("/" + db_name.lower()):
                raise SoapFaultError(
                    "Client",
                    f"The method namespace '{request.namespace}' does not belong to "
                    f"this endpoint ({endpoint}).",
                )
            if request.call not in CALLS:
                raise SoapFaultError(
                    "Client",
                    f"Unknown method '{request.call}': no such web method is defined "
                    f"for endpoint {endpoint} (method names are case-sensitive).",
                )
        except SoapFaultError as exc:
            return self._plain(
                start_response,
                "500 Internal Server Error",
                render_fault(exc.code, exc.message, soap_ns),
                content_type=_content_type(soap_ns),
            )
        decision = self.faults.decide(db_name, request.call)
        if decision.latency_ms:
            self.stopping.wait(decision.latency_ms / 1000)
        if decision.mode == "timeout":
            self.stopping.wait(TIMEOUT_HOLD_SECONDS)
            return self._plain(start_response, "504 Gateway Timeout", b"Gateway Timeout (simulated)")
        if decision.mode == "http500":
            return self._plain(
                start_response,
                "500 Internal Server Error",
                b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                content_type="text/html; charset=utf-8",
            )
        if decision.mode == "garbage":
            return self._plain(start_response, "200 OK", GARBAGE_BODY, content_type="text/xml; charset=utf-8")
        if decision.mode == "fault":
            fault = render_fault(
                "Server", f"Simulated server fault in {request.call} (fault injection).", soap_ns
            )
            return self._plain(
                start_response, "500 Internal Server Error", fault, content_type=_content_type(soap_ns)
            )
        started = time.perf_counter()
        try:
            result = execute(self.databases[db_name], request.call, request.params)
            payload = render_response(request.call, endpoint, result, soap_ns)
        except Exception as exc:  # a simulator bug: answer like a server error, keep serving
            log.exception("%s %s failed", db_name, request.call)
            fault = render_fault("Server", f"Internal error in {request.call}: {exc}", soap_ns)
            return self._plain(
                start_response, "500 Internal Server Error", fault, content_type=_content_type(soap_ns)
            )
        log.debug("%s %s %.1f ms", db_name, request.call, (time.perf_counter() - started) * 1000)
        return self._plain(start_response, "200 OK", payload, content_type=_content_type(soap_ns))

    def _admin(self, environ: dict[str, Any], start_response: StartResponse, path: str) -> list[bytes]:
        if not _is_loopback(environ.get("REMOTE_ADDR", "")):
            return self._json(start_response, "403 Forbidden", {"error": "admin API only from loopback"})
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/_admin/health" and method == "GET":
            return self._json(start_response, "200 OK", {"status": "ok", "databases": sorted(self.databases)})
        if path == "/_admin/reset" and method == "POST":
            self.reset()
            return self._json(start_response, "200 OK", {"status": "ok"})
        if path == "/_admin/faults":
            if method == "GET":
                return self._json(
                    start_response, "200 OK", {"faults": [r.to_json() for r in self.faults.rules()]}
                )
            if method == "DELETE":
                self.clear_faults()
                return self._json(start_response, "200 OK", {"faults": []})
            if method == "POST":
                try:
                    length = int(environ.get("CONTENT_LENGTH") or 0)
                    spec = json.loads(environ["wsgi.input"].read(length) or b"{}")
                    if not isinstance(spec, dict):
                        raise FaultSpecError("body must be a JSON object")
                    unknown = set(spec) - {"db", "call", "latency_ms", "mode", "times"}
                    if unknown:
                        raise FaultSpecError(f"unknown fields: {', '.join(sorted(unknown))}")
                    rule = self.set_fault(**spec)
                except (ValueError, TypeError) as exc:  # FaultSpecError and bad JSON are ValueErrors
                    return self._json(start_response, "400 Bad Request", {"error": str(exc)})
                return self._json(start_response, "201 Created", {"fault": rule.to_json()})
        return self._json(start_response, "404 Not Found", {"error": "no such admin route"})


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """One thread per request, so slow calls do not hold up others."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (socket.getfqdn), which can stall
        # for seconds without DNS; the simulator only needs the address.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)
        self.setup_environ()


class QuietHandler(WSGIRequestHandler):
    verbose = False

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            super().log_message(format, *args)


def create_server(host: str, port: int, simulator: Simulator) -> ThreadingWSGIServer:
    handler = type("Handler", (QuietHandler,), {"verbose": simulator.config.verbose})
    server = make_server(host, port, simulator, server_class=ThreadingWSGIServer, handler_class=handler)
    assert isinstance(server, ThreadingWSGIServer)
    return server


class RunningSimulator:
    """A simulator serving in a background thread (see ``start_in_thread``)."""

    def __init__(self, server: ThreadingWSGIServer, simulator: Simulator) -> None:
        self.server = server
        self.simulator = simulator
        self.host = str(server.server_address[0])
        self.port = int(server.server_address[1])
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"pixi-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def endpoint(self, db: str) -> str:
        return f"{self.base_url}/soap/{db}/"

    def set_fault(
        self,
        db: str | None = None,
        call: str | None = "*",
        latency_ms: int = 0,
        mode: str | None = None,
        times: int | None = None,
    ) -> FaultRule:
        return self.simulator.set_fault(db=db, call=call, latency_ms=latency_ms, mode=mode, times=times)

    def clear_faults(self) -> None:
        self.simulator.clear_faults()

    def reset(self) -> None:
        self.simulator.reset()

    def database(self, db: str) -> PixiDatabase:
        """Direct access to the in-memory data (tests only; hold ``.lock`` while reading)."""
        return self.simulator.databases[db]

    def shutdown(self) -> None:
        self.simulator.close()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningSimulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shutdown()


def start_in_thread(
    host: str = "127.0.0.1", port: int = 0, config: SimulatorConfig | None = None
) -> RunningSimulator:
    """Build the data, bind (port 0 = a free port) and serve in a daemon thread."""
    simulator = Simulator(config)
    return RunningSimulator(create_server(host, port, simulator), simulator)


def serve_forever(
    host: str = "127.0.0.1",
    port: int = 8090,
    config: SimulatorConfig | None = None,
    ready: Callable[[RunningSimulator], None] | None = None,
) -> None:
    """Serve until interrupted (the CLI)."""
    running = start_in_thread(host, port, config)
    try:
        if ready:
            ready(running)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        running.shutdown()

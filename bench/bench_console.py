"""The agent console's API on top of pixi: added latency, and a screen's cost vs one pixi call.

1. Added latency of our API over the raw pixi call, warm: ``GET /customers/1/orders?refresh=1``
   (the route with the cache bypassed: token check, connection lookup, one pixiGetOrderHeader,
   mapping, JSON) through ``chalice.test.Client`` vs the same ``list_orders`` call through the pixi
   client directly; interleaved, p50 and p95. The same route served from the cache is shown too.
2. With the simulator at 200 ms per call: the order details (4 pixi calls: the customer the page
   names is read beside the order) and the customer overview (3 pixi calls), cache bypassed,
   divided by one call's latency. Goal: close to 1 (the calls run concurrently), not their sum.

Servers: the project's local stack (``devstack.LocalStack``: DynamoDB Local, moto server, the pixi
simulator as its own process, ``chalice local``) on free ports; if it cannot start, moto
in-process plus the simulator in a thread (as the functional tests). The output says which.
Steps 1 and 2 are also run through ``chalice local`` over HTTP when the local stack is up.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LATENCY_MS = 200
REPEAT = 200
SLOW_REPEAT = 7
DEMO_AGENT = "agent@demo.example"
DEMO_PASSWORD = "Demo-Passw0rd!"


@dataclass
class Servers:
    kind: str
    simulator_url: str
    api_url: str | None  # chalice local, when the local stack runs


@contextlib.contextmanager
def local_stack() -> Iterator[Servers]:
    """The local stack on free ports; while it runs, ``os.environ`` points every AWS client at it
    (and holds no other AWS_* variable, such as a developer's profile)."""
    from devstack import LocalStack
    from devstack.stack import foreign_aws_variables, patched_environ, reset_app_settings

    with tempfile.TemporaryDirectory(prefix="bench-console-") as data_dir:
        stack = LocalStack(ports="free", persistent=False, data_dir=Path(data_dir))
        stack.start()
        try:
            with patched_environ(stack.env, unset=foreign_aws_variables(stack.env)):
                reset_app_settings()
                yield Servers("local stack (DynamoDB Local, moto server, simulator process, chalice local)",
                              stack.simulator_url, stack.api_url)
        finally:
            stack.stop()


@contextlib.contextmanager
def in_process() -> Iterator[Servers]:
    from moto import mock_aws

    from chalicelib import bootstrap
    from chalicelib.settings import reset_settings
    from devstack.stack import patched_environ
    from pixi_simulator.server import SimulatorConfig, start_in_thread

    env = {"APP_STAGE": "test", "AWS_DEFAULT_REGION": "eu-central-1", "AWS_ACCESS_KEY_ID": "bench",
           "AWS_SECRET_ACCESS_KEY": "bench", "TABLE_PREFIX": "pcc-bench-", "ALLOW_LOOPBACK_URLS": "1"}
    with patched_environ(env, unset=("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE")):
        reset_settings()
        with mock_aws():
            bootstrap.create_tables()
            sim = start_in_thread("127.0.0.1", 0, SimulatorConfig())
            try:
                bootstrap.seed_demo(sim.base_url)
                yield Servers("moto in-process + simulator in a thread (local stack unavailable)",
                              sim.base_url, None)
            finally:
                sim.shutdown()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def set_fault(simulator_url: str, spec: dict[str, Any] | None) -> None:
    if spec is None:
        request = urllib.request.Request(f"{simulator_url}/_admin/faults", method="DELETE")
    else:
        request = urllib.request.Request(f"{simulator_url}/_admin/faults", data=json.dumps(spec).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        answer.read()


class InProcessApi:
    """The app through chalice.test.Client (real events, no HTTP server)."""

    label = "chalice.test.Client"

    def __init__(self) -> None:
        from chalice.test import Client

        from app import app

        self.client = Client(app, stage_name="bench")
        self.token = ""

    def login(self) -> None:
        body = json.dumps({"email": DEMO_AGENT, "password": DEMO_PASSWORD}).encode()
        answer = self.client.http.post("/auth/login", headers={"Content-Type": "application/json"}, body=body)
        assert answer.status_code == 200, answer.body
        self.token = json.loads(answer.body)["token"]

    def get(self, path: str) -> Any:
        answer = self.client.http.get(path, headers={"Authorization": f"Bearer {self.token}"})
        assert answer.status_code == 200, (path, answer.status_code, answer.body[:300])
        return json.loads(answer.body)


class HttpApi(InProcessApi):
    """The app behind ``chalice local`` (a real HTTP server)."""

    label = "chalice local (HTTP)"

    def __init__(self, base_url: str) -> None:
        import requests

        self.base_url = base_url
        self.session = requests.Session()
        self.token = ""

    def login(self) -> None:
        answer = self.session.post(f"{self.base_url}/auth/login",
                                   json={"email": DEMO_AGENT, "password": DEMO_PASSWORD}, timeout=10)
        answer.raise_for_status()
        self.token = answer.json()["token"]

    def get(self, path: str) -> Any:
        answer = self.session.get(f"{self.base_url}{path}", headers={"Authorization": f"Bearer {self.token}"},
                                  timeout=30)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
        return answer.json()


def pixi_client(simulator_url: str) -> Any:
    from chalicelib.adapters.pixi import PixiClient, PixiConnection

    return PixiClient(PixiConnection(f"{simulator_url}/soap/pixiDEM/", "pixiDEM", "pixi-demo"))


def added_latency(api: InProcessApi, client: Any, repeat: int = REPEAT) -> None:
    print(f"1) added latency, warm, {repeat} interleaved calls each [{api.label}]")
    route = "/customers/1/orders?refresh=1"
    for _ in range(10):
        api.get(route)
        client.list_orders(1, 20)
    ours, raw, cached = [], [], []
    for _ in range(repeat):
        ours.append(timed(lambda: api.get(route)))
        raw.append(timed(lambda: client.list_orders(1, 20)))
        cached.append(timed(lambda: api.get("/customers/1/orders")))
    print(f"   {'':44s} {'p50':>11s} {'p95':>11s}")
    for label, values in (("pixi client list_orders (raw pixi call)", raw),
                          ("GET /customers/1/orders?refresh=1", ours),
                          ("GET /customers/1/orders (cache hit)", cached)):
        print(f"   {label:44s} {ms(percentile(values, 50))} {ms(percentile(values, 95))}")
    added50 = percentile(ours, 50) - percentile(raw, 50)
    added95 = percentile(ours, 95) - percentile(raw, 95)
    print(f"   {'added by our API (p50 / p95 difference)':44s} {ms(added50)} {ms(added95)}")


def screens_at_latency(api: InProcessApi, client: Any, simulator_url: str, repeat: int = SLOW_REPEAT) -> None:
    print(f"2) screens with the simulator at {LATENCY_MS} ms per call, cache bypassed, median of {repeat}"
          f" [{api.label}]")
    order_number = api.get("/customers/1/orders?limit=2")["orders"][1]["order_number"]  # two invoices
    # The page names the customer it came from, so the customer is read beside the order (4 calls).
    screens = [("order details   GET /orders/{n}", f"/orders/{order_number}?refresh=1&customer_key=1", 4),
               ("customer overview GET /customers/1", "/customers/1?refresh=1", 3)]
    for _, path, _ in screens:
        api.get(path)  # warm
    set_fault(simulator_url, {"db": "pixiDEM", "call": "*", "latency_ms": LATENCY_MS})
    try:
        one_call = statistics.median(timed(client.list_payment_types) for _ in range(repeat))
        print(f"   one pixi call (pixiGetPaymenttypes)            {ms(one_call)}")
        for label, path, calls in screens:
            took = statistics.median(timed(functools.partial(api.get, path)) for _ in range(repeat))
            print(f"   {label:46s} {ms(took)}  ratio {took / one_call:4.2f}"
                  f"  (its {calls} calls one after another: ratio ~{calls})")
    finally:
        set_fault(simulator_url, None)


def quiet_app_logs() -> None:
    """Keep the app's log lines (their cost is part of the latency) but write them nowhere."""
    from chalicelib.log import logger

    for handler in logging.getLogger(logger.name).handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - for the whole run


def run(servers: Servers) -> None:
    print(f"servers: {servers.kind}")
    quiet_app_logs()
    client = pixi_client(servers.simulator_url)
    apis: list[InProcessApi] = [InProcessApi()]
    if servers.api_url:
        apis.append(HttpApi(servers.api_url))
    for api in apis:
        api.login()
        added_latency(api, client, REPEAT // 2 if isinstance(api, HttpApi) else REPEAT)
        screens_at_latency(api, client, servers.simulator_url)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with contextlib.ExitStack() as cleanup:
        try:
            servers = cleanup.enter_context(local_stack())
        except Exception as exc:  # the stack needs Java and the npm DynamoDB Local package
            print(f"local stack unavailable ({type(exc).__name__}: {exc}); using moto in-process")
            servers = cleanup.enter_context(in_process())
        run(servers)


if __name__ == "__main__":
    main()

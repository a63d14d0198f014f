"""One merchant's broken pixi must not slow down the others (issue 17): a bounded load test.

On the local stack (every part on 127.0.0.1, free ports, data in memory), ``chalice local`` serves
both demo tenants from one process, as one busy Lambda instance would serve many requests:

1. **Without a fault**: Demo GmbH's agents (tenant A, pixiDEM) search once a second each while
   Nordlicht's agents (tenant B, pixiTST) search back to back; B's p50/p95.
2. **A's pixi hangs** (simulator fault ``timeout`` on every pixiDEM call): the same load; B's
   p50/p95, both while A's calls still hang (its bulkhead holds them) and after A's circuit opened.
   Goal: B's p95 within 1.2x of step 1.
3. **A fails fast**: with A's circuit open, A's searches one after another; their p50/p95 and
   answers. Goal: under 50 ms.

Bounded: a fixed number of agents and a fixed duration per step (about a minute in all, plus the
stack's start). Loopback only: the script refuses URLs that are not 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Demo-Passw0rd!"
AGENT_A, AGENT_B = "agent@demo.example", "agent@nordlicht.example"
A_AGENTS, A_PAUSE_SECONDS = 30, 2.0
"""A's call center: 30 agents, each searching again two seconds after an answer (or a refusal)."""
B_AGENTS, B_PAUSE_SECONDS = 4, 0.05
WARM_SECONDS, QUIET_SECONDS, FAULT_SECONDS = 3.0, 12.0, 30.0
FAST_FAIL_REPEAT = 50
SEARCH_A = "/customers?q=Mustermann"
SEARCH_B = "/customers?q=Sch"  # the simple search: three pixi calls at once per request
GOAL_RATIO, GOAL_FAIL_FAST_MS = 1.2, 50.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def loopback(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing a non-loopback URL: {url}")
    return url


@dataclass
class Agent:
    api_url: str
    token: str

    @classmethod
    def login(cls, api_url: str, email: str) -> Agent:
        body = json.dumps({"email": email, "password": PASSWORD}).encode()
        request = urllib.request.Request(f"{loopback(api_url)}/auth/login", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return cls(api_url, json.load(answer)["token"])

    def get(self, path: str) -> tuple[int, str, float]:
        """(status, error code or "", seconds)."""
        request = urllib.request.Request(f"{self.api_url}{path}",
                                         headers={"Authorization": f"Bearer {self.token}"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
                return answer.status, "", time.perf_counter() - started
        except urllib.error.HTTPError as failed:
            code = json.loads(failed.read() or b"{}").get("code", "")
            return failed.code, code, time.perf_counter() - started
        except OSError as failed:  # refused or dropped by the server: counted, not hidden
            return 0, type(failed).__name__, time.perf_counter() - started


@dataclass
class Load:
    """Agents searching in threads until stopped; what they saw, with the time of each answer."""

    agent: Agent
    path: str
    agents: int
    pause: float
    stop: threading.Event = field(default_factory=threading.Event)
    seen: list[tuple[float, int, str, float]] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Load:
        for _ in range(self.agents):
            thread = threading.Thread(target=self._work, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _work(self) -> None:
        while not self.stop.is_set():
            status, code, took = self.agent.get(self.path)
            self.seen.append((time.monotonic(), status, code, took))
            self.stop.wait(self.pause)

    def between(self, since: float, until: float) -> list[tuple[float, int, str, float]]:
        return [s for s in list(self.seen) if since <= s[0] < until]

    def end(self) -> None:
        self.stop.set()


def set_fault(simulator_url: str, spec: dict[str, object] | None) -> None:
    url = f"{loopback(simulator_url)}/_admin/faults"
    if spec is None:
        request = urllib.request.Request(url, method="DELETE")
    else:
        request = urllib.request.Request(url, data=json.dumps(spec).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        answer.read()


def figures(label: str, seen: list[tuple[float, int, str, float]]) -> tuple[float, float]:
    took = [s[3] for s in seen]
    if not took:
        print(f"   {label:52s} (no answers)")
        return float("nan"), float("nan")
    statuses: dict[str, int] = {}
    for _, status, code, _ in seen:
        key = f"{status}{' ' + code if code else ''}"
        statuses[key] = statuses.get(key, 0) + 1
    p50, p95 = percentile(took, 50) * 1000, percentile(took, 95) * 1000
    print(f"   {label:52s} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  n={len(took):4d}  {statuses}")
    return p50, p95


@contextlib.contextmanager
def local_stack() -> Iterator[tuple[str, str]]:
    from devstack import LocalStack

    with tempfile.TemporaryDirectory(prefix="bench-bulkhead-") as data_dir:
        stack = LocalStack(ports="free", persistent=False, data_dir=Path(data_dir))
        stack.start()
        try:
            yield loopback(stack.api_url), loopback(stack.simulator_url)
        finally:
            stack.stop()


def run(api_url: str, simulator_url: str) -> None:
    a, b = Agent.login(api_url, AGENT_A), Agent.login(api_url, AGENT_B)
    print(f"tenant A (Demo GmbH, pixiDEM): {A_AGENTS} agents, one search per {A_PAUSE_SECONDS:g} s each;"
          f" tenant B (Nordlicht, pixiTST): {B_AGENTS} agents searching back to back")
    for _ in range(3):  # the first requests parse the WSDL and open the connections
        a.get(SEARCH_A)
        b.get(SEARCH_B)
    a_load = Load(a, SEARCH_A, A_AGENTS, A_PAUSE_SECONDS).start()
    b_load = Load(b, SEARCH_B, B_AGENTS, B_PAUSE_SECONDS).start()
    try:
        time.sleep(WARM_SECONDS)
        quiet_from = time.monotonic()
        time.sleep(QUIET_SECONDS)
        fault_from = time.monotonic()
        print("1) no fault")
        _, quiet_p95 = figures("B's searches", b_load.between(quiet_from, fault_from))
        figures("A's searches", a_load.between(quiet_from, fault_from))

        set_fault(simulator_url, {"db": "pixiDEM", "call": "*", "mode": "timeout"})
        time.sleep(FAULT_SECONDS)
        fault_until = time.monotonic()
        a_seen = a_load.between(fault_from, fault_until)
        opened_at = min((s[0] for s in a_seen if s[2] == "pixi_circuit_open"), default=fault_until)
        print(f"2) A's pixi hangs (every pixiDEM call held; A's circuit opened after "
              f"{opened_at - fault_from:.1f} s)")
        _, fault_p95 = figures("B's searches, whole step", b_load.between(fault_from, fault_until))
        figures("B's searches while A's calls hang (circuit closed)", b_load.between(fault_from, opened_at))
        figures("B's searches after A's circuit opened", b_load.between(opened_at, fault_until))
        figures("A's searches", a_seen)
        ratio = fault_p95 / quiet_p95
        print(f"   B's p95 with A's fault / without: {ratio:.2f} (goal <= {GOAL_RATIO})"
              f" {'ok' if ratio <= GOAL_RATIO else 'MISSED'}")
    finally:
        a_load.end()
        b_load.end()

    print(f"3) A fails fast once its circuit is open: {FAST_FAIL_REPEAT} searches one after another")
    fast = [(time.monotonic(), *a.get(SEARCH_A)) for _ in range(FAST_FAIL_REPEAT)]
    _, fast_p95 = figures("A's searches", fast)
    print(f"   goal p95 < {GOAL_FAIL_FAST_MS:g} ms: {'ok' if fast_p95 < GOAL_FAIL_FAST_MS else 'MISSED'}")
    set_fault(simulator_url, None)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with contextlib.ExitStack() as cleanup:
        try:
            api_url, simulator_url = cleanup.enter_context(local_stack())
        except Exception as exc:  # the stack needs Java and the npm DynamoDB Local package
            print(f"local stack unavailable ({type(exc).__name__}: {exc}); this benchmark needs it")
            return
        run(api_url, simulator_url)


if __name__ == "__main__":
    main()

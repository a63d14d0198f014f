"""Browser fixtures: Debian's Chromium driven by Playwright against the running local stack.

One browser per session, a fresh context and page per test (1366×768, German locale). Every test
leaves a screenshot of its last screen in ``test-artifacts/screenshots/<test>.png`` (the failure
state when it failed); ``snap(label)`` saves more of them. Uncaught JavaScript errors fail the test.
Never ``playwright install``: the system Chromium is used.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_TENANT = "Demo GmbH"
DEMO_AGENT = "agent@demo.example"

expect.set_options(timeout=15_000)


@dataclass(frozen=True)
class Login:
    tenant: str
    email: str
    password: str


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make deps installs it)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def web_url(local_stack: Any) -> str:
    return str(local_stack.web_url).rstrip("/")


@pytest.fixture(scope="session")
def simulator_url(local_stack: Any) -> str:
    return str(local_stack.simulator_url).rstrip("/")


@pytest.fixture(scope="session")
def agent(local_stack: Any) -> Login:
    """The seeded agent of the demo tenant (pixiDEM data)."""
    for tenant, email, password in local_stack.logins:
        if email == DEMO_AGENT:
            return Login(tenant, email, password)
    raise AssertionError(f"{DEMO_AGENT} is not among the seeded logins {local_stack.logins!r}")


def _screenshot_name(nodeid_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid_name).strip("_")


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{_screenshot_name(request.node.name)}.png"))
    finally:
        context.close()
    call_report = getattr(request.node, "report_call", None)
    if errors and call_report is not None and call_report.passed:
        pytest.fail(f"uncaught JavaScript errors: {errors}")


@pytest.fixture
def snap(page: Page, request: pytest.FixtureRequest) -> Callable[[str], None]:
    """snap("results") saves test-artifacts/screenshots/<test>-results.png."""

    def save(label: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{_screenshot_name(request.node.name)}-{label}.png"))

    return save


def api_call(url: str, route: str = "/") -> bool:
    """True for a request to the API whose route starts with ``route``; the page's own modules
    (``/js/api/customers.js``, ...) are not API calls."""
    return urllib.parse.urlsplit(url).path.startswith(f"/api{route}")


def sign_in(page: Page, web_url: str, login: Login, hash_route: str = "") -> None:
    """Open the page (optionally at a deep link) and sign in through the login form."""
    page.goto(f"{web_url}/{hash_route}")
    page.get_by_label("E-Mail-Adresse").fill(login.email)
    page.get_by_label("Passwort").fill(login.password)
    page.get_by_label("Passwort").press("Enter")
    expect(page.locator(".app-header .agent-email")).to_have_text(login.email)


@pytest.fixture
def signed_in(page: Page, web_url: str, agent: Login) -> Page:
    sign_in(page, web_url, agent)
    expect(page.locator("#search-q")).to_be_focused()
    return page


def _simulator_call(method: str, url: str, body: dict[str, Any] | None = None) -> None:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as response:
        assert 200 <= response.status < 300, response.status


@pytest.fixture
def pixi_faults(simulator_url: str) -> Iterator[Callable[..., None]]:
    """inject(db=..., call=..., mode=..., times=...) switches a pixi fault on; cleared afterwards."""
    faults_url = f"{simulator_url}/_admin/faults"

    def inject(**fault: Any) -> None:
        _simulator_call("POST", faults_url, fault)

    yield inject
    _simulator_call("DELETE", faults_url)


@pytest.fixture
def clear_pixi_faults(simulator_url: str) -> Callable[[], None]:
    return lambda: _simulator_call("DELETE", f"{simulator_url}/_admin/faults")


class AgentApi:
    """The API as the seeded agent sees it (for tests that look facts up instead of hard-coding them)."""

    def __init__(self, web_url: str, login: Login) -> None:
        self.base = f"{web_url}/api"
        answer = self._call(
            "POST", "/auth/login", {"email": login.email, "password": login.password}, token=None
        )
        self.token = str(answer["token"])

    def _call(self, method: str, path: str, body: dict[str, Any] | None, token: str | None) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read().decode())

    def get(self, path: str) -> Any:
        return self._call("GET", path, None, self.token)

    def all_orders(self, customer_key: int) -> list[dict[str, Any]]:
        """Every order of a customer, page by page (newest first)."""
        orders: list[dict[str, Any]] = []
        before: int | None = None
        while True:
            query = "?limit=100" + (f"&before={before}" if before else "")
            page = self.get(f"/customers/{customer_key}/orders{query}")
            orders.extend(page["orders"])
            before = page["next_before"]
            if before is None:
                return orders


@pytest.fixture(scope="session")
def agent_api(web_url: str, agent: Login) -> AgentApi:
    return AgentApi(web_url, agent)


@pytest.fixture(scope="session")
def erika_orders_by_invoice_state(agent_api: AgentApi) -> dict[str, dict[str, Any]]:
    """Orders of Erika (customer 1) found through the API: "paid_and_unpaid" (one invoice paid, one
    unpaid), "partly_paid", "no_invoice" - whichever the demo data has (tests skip nothing: the demo
    data promises the first two)."""
    found: dict[str, dict[str, Any]] = {}
    for summary in agent_api.all_orders(1):
        order = agent_api.get(f"/orders/{summary['order_number']}")
        states = {invoice["state"] for invoice in order["invoices"]}
        if {"paid", "unpaid"} <= states:
            found.setdefault("paid_and_unpaid", order)
        if "partly_paid" in states:
            found.setdefault("partly_paid", order)
        if not order["invoices"]:
            found.setdefault("no_invoice", order)
    return found

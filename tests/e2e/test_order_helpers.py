"""Helpers of the ordering browser tests (no tests in here): the demo admin's login, API shortcuts
to look facts up and set carts up (items with stock, a cart with lines), the expected money texts
and a paste into the quick-order grid."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Login

DEMO_ADMIN = "admin@demo.example"
CENT = Decimal("0.01")


def demo_login(local_stack: Any, email: str) -> Login:
    for tenant, address, password in local_stack.logins:
        if address == email:
            return Login(tenant, address, password)
    raise AssertionError(f"{email} is not among the seeded logins {local_stack.logins!r}")


def german_money(amount: Decimal | str) -> str:
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, _, cents = f"{abs(value):,.2f}".partition(".")
    sign = "-" if value < 0 else ""
    return f"{sign}{whole.replace(',', '.')},{cents}\u00a0€"


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


class OrderApi:
    """The ordering API as one demo login sees it."""

    def __init__(self, web_url: str, login: Login) -> None:
        self.base = f"{web_url}/api"
        self.token = str(self.call("POST", "/auth/login", {"email": login.email, "password": login.password},
                                   auth=False)["token"])

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, *, auth: bool = True) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read().decode()[:500]}") from exc
        return json.loads(text) if text else None

    def item_in_stock(self, query: str, at_least: int) -> dict[str, Any]:
        """The first hit of the product search with at least that many pieces available."""
        q = urllib.parse.quote(query)
        answer = self.call("GET", f"/products?q={q}&currency=EUR&customer_type=private")
        for item in answer["items"]:
            if not item["is_variation_master"] and (item["stock"]["available"] or 0) >= at_least:
                return dict(item)
        raise AssertionError(f"no item for {query!r} with {at_least} pieces: {answer['items'][:3]}")

    def cart_for_erika(self, *lines: tuple[dict[str, Any], int]) -> dict[str, Any]:
        cart = self.call("POST", "/carts", {"customer_key": 1})
        for item, quantity in lines:
            cart = self.call("POST", f"/carts/{cart['cart_id']}/lines",
                             {"version": cart["version"], "item_key": item["item_key"], "quantity": quantity})
        return dict(cart)


def paste_into(field: Locator, text: str) -> None:
    """A paste of ``text`` into the field, as from the clipboard (the grid reads clipboardData)."""
    field.focus()
    field.evaluate(
        """(el, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const init = { clipboardData: data, bubbles: true, cancelable: true };
            const paste = new ClipboardEvent("paste", init);
            el.dispatchEvent(paste);
        }""",
        text,
    )


def open_cart(page: Page, web_url: str, cart_id: str) -> None:
    page.goto(f"{web_url}/#/carts/{cart_id}")
    expect(page.locator("#order-title")).to_contain_text("Bestellung für")
    expect(page.locator("#product-q")).to_be_focused()

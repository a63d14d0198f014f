"""Agents work on the default pixi connection or choose among the active ones (issue 5, T3).

The demo tenant gets a second, active connection to the simulator's other database (pixiTST, which
has no "Mustermann") for the length of the test; the agent switches in the header and the search
answers from the other pixi, then from the default again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login, api_call, sign_in
from tests.e2e.test_team_helpers import api_token, call_api

DEMO_ADMIN = "admin@demo.example"


@pytest.fixture
def second_connection(local_stack: Any, web_url: str, simulator_url: str) -> Iterator[str]:
    admin = next(Login(t, e, p) for t, e, p in local_stack.logins if e == DEMO_ADMIN)
    token = api_token(web_url, admin)
    status, answer = call_api(web_url, "POST", "/settings/pixi-connections", {
        "name": "Testsystem", "endpoint": f"{simulator_url}/soap/pixiTST/",
        "username": "pixiTST", "password": "pixi-test", "active": True, "is_default": False,
    }, token)
    assert status in (200, 201), answer
    connection_id = str(answer["connection_id"])
    try:
        yield connection_id
    finally:
        status, answer = call_api(web_url, "DELETE", f"/settings/pixi-connections/{connection_id}",
                                  token=api_token(web_url, admin))
        assert status in (200, 204), answer


def search(page: Page, text: str) -> None:
    field = page.locator("#search-q")
    field.fill(text)
    field.press("Enter")


def test_the_agent_switches_to_another_active_connection_and_back(
    page: Page, web_url: str, agent: Login, second_connection: str, snap: Callable[[str], None]
) -> None:
    sign_in(page, web_url, agent)
    chooser = page.get_by_label("pixi-Verbindung")
    expect(chooser).to_be_visible()
    expect(chooser.locator("option")).to_have_text(["pixi (Standard)", "Testsystem"])

    search(page, "Mustermann")
    expect(page.locator(".results-table tbody a.row-link").filter(has_text="K10001")).to_have_count(1)

    sent: list[str | None] = []
    page.on("request", lambda r: sent.append(r.headers.get("x-pixi-connection"))
            if api_call(r.url, "/customers") else None)
    chooser.select_option(label="Testsystem")
    expect(page).to_have_url(f"{web_url}/#/search")
    expect(page.locator(".results-table")).to_have_count(0)  # nothing of the other pixi stays on screen

    search(page, "Mustermann")
    expect(page.locator("main")).to_contain_text("Keine Kunden zu „Mustermann“ gefunden.")
    assert sent and sent[-1] == second_connection
    snap("testsystem")

    page.reload()  # the choice survives a reload of the tab
    expect(page.get_by_label("pixi-Verbindung")).to_have_value(second_connection)

    page.get_by_label("pixi-Verbindung").select_option(label="pixi (Standard)")
    search(page, "Mustermann")
    expect(page.locator(".results-table tbody a.row-link").filter(has_text="K10001")).to_have_count(1)
    assert sent[-1] is None  # the default connection needs no header


def test_one_active_connection_shows_no_chooser(signed_in: Page) -> None:
    expect(signed_in.locator(".app-header .agent-email")).to_be_visible()
    expect(signed_in.get_by_label("pixi-Verbindung")).to_have_count(0)

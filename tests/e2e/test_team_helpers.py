"""Helpers of the team and tenant browser tests (no tests in here): fresh addresses, the mails the
local SES (moto server) really sent, links read from them, and API shortcuts for the set-up.

The stack is shared by the whole session and signups are rate limited per client IP (10 an hour),
so the team tests share one freshly signed-up tenant (``team_admin``) and invite fresh agents.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, expect

from devstack import LocalStack
from tests.e2e.conftest import Login

PASSWORD = "Sicher-Passw0rt!"
LINK = re.compile(
    r"https?://[^\s\"'<>]+#/(verify|invitation|password-reset(?:/confirm)?)\?token=([A-Za-z0-9_\-]+)"
)


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@e2e-team.example"


@dataclass(frozen=True)
class Mail:
    to: list[str]
    subject: str
    body: str

    def link(self, kind: str) -> str:
        """The first link of the kind ("verify", "invitation", "password-reset") in the mail."""
        for match in LINK.finditer(self.body):
            if match.group(1).removesuffix("/confirm") == kind:
                return match.group(0)
        raise AssertionError(f"no {kind} link in the mail {self.subject!r}: {self.body[:500]}")


def sent_mails(moto_url: str, to: str) -> list[Mail]:
    """Every mail the local SES accepted for ``to``, oldest first (moto's /moto-api/data.json)."""
    with urllib.request.urlopen(f"{moto_url.rstrip('/')}/moto-api/data.json", timeout=10) as response:
        data = json.load(response)
    mails = []
    for message in data.get("ses", {}).get("Message", []):
        destinations = message.get("destinations") or {}
        recipients = [a.lower() for a in destinations.get("ToAddresses", [])]
        if to.lower() in recipients:
            mails.append(
                Mail(to=recipients, subject=message.get("subject", ""), body=message.get("body", ""))
            )
    return mails


def wait_for_mail(moto_url: str, to: str, *, count: int = 1, timeout: float = 15.0) -> Mail:
    """The ``count``-th mail to ``to`` (waits for it); fails with what arrived when it does not come."""
    deadline = time.monotonic() + timeout
    mails: list[Mail] = []
    while time.monotonic() < deadline:
        mails = sent_mails(moto_url, to)
        if len(mails) >= count:
            return mails[count - 1]
        time.sleep(0.25)
    raise AssertionError(f"mail #{count} to {to} did not arrive; got {[m.subject for m in mails]}")


def call_api(
    web_url: str, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None
) -> tuple[int, Any]:
    """(status, parsed JSON) of one call through the page's origin (/api/...)."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{web_url}/api{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, json.loads(text) if text else None


def api_token(web_url: str, login: Login) -> str:
    status, answer = call_api(
        web_url, "POST", "/auth/login", {"email": login.email, "password": login.password}
    )
    assert status == 200, answer
    return str(answer["token"])


def signup_admin(web_url: str, moto_url: str, company: str) -> Login:
    """A new tenant and its verified first admin, through the API and the real verification mail."""
    email = unique_email("admin")
    status, answer = call_api(
        web_url,
        "POST",
        "/signup",
        {
            "company_name": company,
            "admin_name": "Erste Administratorin",
            "email": email,
            "password": PASSWORD,
            "language": "de",
        },
    )
    assert 200 <= status < 300, answer
    token = wait_for_mail(moto_url, email).link("verify").split("token=", 1)[1]
    status, answer = call_api(web_url, "POST", "/signup/verify", {"token": token})
    assert status == 200, answer
    return Login(company, email, PASSWORD)


def invite_and_accept(web_url: str, moto_url: str, admin: Login, name: str, role: str = "agent") -> Login:
    """An active agent of the admin's tenant, through invitation mail and acceptance (API)."""
    email = unique_email(name.lower().replace(" ", "-"))
    status, answer = call_api(
        web_url,
        "POST",
        "/agents",
        {"email": email, "name": name, "role": role},
        token=api_token(web_url, admin),
    )
    assert 200 <= status < 300, answer
    token = wait_for_mail(moto_url, email).link("invitation").split("token=", 1)[1]
    status, answer = call_api(web_url, "POST", "/invitations/accept", {"token": token, "password": PASSWORD})
    assert status == 200, answer
    return Login(admin.tenant, email, PASSWORD)


def open_admin_page(page: Page, web_url: str, admin: Login, route: str) -> None:
    """Sign in through the form, then open an admin screen through its header link."""
    page.goto(f"{web_url}/#/login")
    page.get_by_label("E-Mail-Adresse").fill(admin.email)
    page.locator("#login-password").fill(admin.password)
    page.locator("#login-password").press("Enter")
    expect(page.locator(".app-header .agent-email")).to_have_text(admin.email)
    name = {"agents": "Agentenverwaltung", "settings": "Einstellungen"}[route]
    page.locator(".app-nav").get_by_role("link", name=name).click()
    expect(page).to_have_url(f"{web_url}/#/admin/{route}")


def moto_url_of(stack: LocalStack) -> str:
    return str(stack.moto_url).rstrip("/")


_shared_admins: dict[int, Login] = {}


def shared_team_admin(stack: LocalStack) -> Login:
    """The first admin of a tenant signed up for the team tests: one signup per stack for all of them."""
    key = id(stack)
    if key not in _shared_admins:
        company = f"Team Test {uuid.uuid4().hex[:6]} GmbH"
        _shared_admins[key] = signup_admin(str(stack.web_url).rstrip("/"), moto_url_of(stack), company)
    return _shared_admins[key]

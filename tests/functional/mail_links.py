"""Reading the confirmation link of a mail-address proof back from moto's SES and opening it."""

from __future__ import annotations

import re

from tests.functional.conftest import Api
from tests.functional.test_tenant_support import last_mail_to


def proof_token(address: str) -> str:
    """The token of the newest ``#/confirm-address?token=...`` link mailed to ``address``."""
    mail = last_mail_to(address)
    found = re.findall(r"#/confirm-address\?token=([A-Za-z0-9_.\-]+)", mail.html)
    assert found, f"no confirmation link in {mail.subject!r}"
    return str(found[0])


def confirm(api: Api, address: str) -> dict:
    """Open the confirmation link mailed to ``address`` (as its owner would)."""
    status, body = api.call("POST", "/mail-addresses/confirm", json_body={"token": proof_token(address)})
    assert status == 200, body
    return dict(body)

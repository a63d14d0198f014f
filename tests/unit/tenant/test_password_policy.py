from __future__ import annotations

import pytest

from chalicelib.domain.password_policy import ONE_KIND, TOO_LONG, TOO_SHORT, password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", TOO_SHORT),
        ("Abc-12345", TOO_SHORT),
        ("abcdefghij", ONE_KIND),
        ("ABCDEFGHIJ", ONE_KIND),
        ("1234567890", ONE_KIND),
        ("!!!!!!!!!!", ONE_KIND),
        ("x" * 257 + "1", TOO_LONG),
        ("abcdefghi1", None),
        ("Kaffeetasse", None),
        ("passwort mit leerzeichen", None),
        ("ÄÖÜäöüß-123", None),
    ],
)
def test_password_policy(password: str, problem: str | None):
    assert password_problem(password) == problem

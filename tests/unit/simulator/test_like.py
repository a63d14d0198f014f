from __future__ import annotations

import pytest

from pixi_simulator.like import is_match_all, like


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("Mustermann", "mustermann", True),
        ("Mustermann", "Muster%", True),
        ("Mustermann", "%TERM%", True),
        ("Mustermann", "Muster", False),
        ("Schäfer", "Sch_fer", True),
        ("Schaefer", "Sch_fer", False),
        ("Meier", "M[ae]ier", True),
        ("Mayer", "M[^e]yer", True),
        ("Meyer", "M[^e]yer", False),
        ("a.b@example.com", "a.b@%", True),
        ("axb@example.com", "a.b@%", False),
        ("10115", "101%", True),
        ("Berlin", "Berlin   ", True),
        ("Straße (Hof)", "Straße (%", True),
    ],
)
def test_like(value: str, pattern: str, expected: bool) -> None:
    assert like(value, pattern) is expected


def test_null_never_matches() -> None:
    assert like(None, "%") is False


def test_match_all() -> None:
    assert is_match_all(None) and is_match_all("%") and is_match_all("%%") and is_match_all("")
    assert not is_match_all("a%")

"""The web page's own tests (``tests/unit/web/*.test.mjs``, node's test runner): one dictionary per
language, and the API layer's headers and error shape. Run here so that ``make test`` runs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPTS = sorted(HERE.glob("*.test.mjs"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_page_script(script: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make deps installs it)")
    result = subprocess.run(
        [node, "--test", "--test-reporter=spec", str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=HERE.parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_script_is_found() -> None:
    assert {s.name for s in SCRIPTS} >= {"dictionaries.test.mjs", "drafts.test.mjs", "http.test.mjs"}

"""The import graph of ``chalicelib``: no circle between modules, and the seams that keep it so.

The layer rules (domain / adapters / api) are import-linter contracts in pyproject.toml, run by
``make lint``; import-linter has no contract for circles, so this test builds the same graph with
grimp (import-linter's own graph library). It counts every import: at module level, inside
functions (the lazy imports that keep the cold start small) and under ``TYPE_CHECKING``, because a
lazy or type-only import still ties the two modules together for a reader and for mypy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return grimp.build_graph("chalicelib", exclude_type_checking_imports=False, cache_dir=None)


def circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One shortest circle through each directly imported module that leads back to its importer."""
    found: set[tuple[str, ...]] = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported == importer or imported not in graph.modules:
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circle = (importer, *back)
                start = circle.index(min(circle[:-1]))  # one spelling per circle
                found.add(circle[start:-1] + circle[:start] + (circle[start],))
    return sorted(found)


def test_the_graph_sees_lazy_and_type_only_imports(graph: grimp.ImportGraph):
    # wiring imports the DynamoDB repositories only inside functions (cold start)
    assert graph.direct_import_exists(
        importer="chalicelib.services.wiring", imported="chalicelib.adapters.dynamo.agents"
    )
    # and the pixi client only for type hints
    details = graph.get_import_details(
        importer="chalicelib.services.wiring", imported="chalicelib.adapters.pixi"
    )
    assert details, "TYPE_CHECKING imports must be in the graph"


def test_no_module_of_chalicelib_imports_itself_back(graph: grimp.ImportGraph):
    found = circles(graph)
    assert found == [], "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_circle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.settings", "pkg.wiring", "pkg.adapters", "pkg.domain"):
        graph.add_module(name)
    graph.add_import(importer="pkg.settings", imported="pkg.wiring")
    graph.add_import(importer="pkg.wiring", imported="pkg.adapters")
    graph.add_import(importer="pkg.adapters", imported="pkg.settings")
    graph.add_import(importer="pkg.adapters", imported="pkg.domain")
    assert circles(graph) == [("pkg.adapters", "pkg.settings", "pkg.wiring", "pkg.adapters")]


def test_settings_and_wiring_import_nothing_that_builds_on_them(graph: grimp.ImportGraph):
    """They call back what registered with them (``on_reset`` / ``on_swap``) instead."""
    imported = graph.find_modules_directly_imported_by("chalicelib.settings")
    assert {m for m in imported if m.startswith("chalicelib")} == set()
    for module in graph.find_modules_directly_imported_by("chalicelib.services.wiring"):
        assert not module.startswith("chalicelib.services.") or module == "chalicelib.services.ports"

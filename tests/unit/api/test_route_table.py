"""The route table of ``chalicelib/api/routes.py`` and the routes the modules declare agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from chalicelib.api.openapi import operations
from chalicelib.api.routes import ROUTES, load_all_route_modules

ROOT = Path(__file__).resolve().parents[3]


def test_every_declared_route_is_in_the_table_and_the_other_way_round() -> None:
    load_all_route_modules()
    declared = {(op.path, op.method, op.public) for op in operations()}
    table = {(spec.path, spec.method, spec.public) for spec in ROUTES}
    assert declared - table == set(), "declared with endpoint(...) but missing in routes.ROUTES"
    assert table - declared == set(), "in routes.ROUTES but declared by no route module"


def test_each_route_lives_in_the_module_the_table_names() -> None:
    load_all_route_modules()
    module_of = {(op.path, op.method): op.module for op in operations()}
    for spec in ROUTES:
        assert module_of[(spec.path, spec.method)] == f"chalicelib.api.{spec.module}", spec


def test_chalice_knows_every_route_at_import() -> None:
    import app

    registered = {(path, method) for path, methods in app.app.routes.items() for method in methods}
    assert registered == {(spec.path, spec.method) for spec in ROUTES}


def test_importing_the_app_loads_no_route_module_pydantic_model_or_heavy_library() -> None:
    probe = (
        "import sys, app\n"
        "heavy = ['pydantic', 'boto3', 'botocore', 'zeep', 'pynamodb', 'jinja2', 'argon2', 'jwt',\n"
        "         'aws_lambda_powertools.utilities']\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "routes = [m for m in sys.modules if m.startswith('chalicelib.api.') and m not in\n"
        "          ('chalicelib.api.routes', 'chalicelib.api.authorizer', 'chalicelib.api.middleware')]\n"
        "print(loaded, routes)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []", out.stdout

"""Cold start of the API Lambda: import of ``app.py`` and the first requests, in fresh processes.

Each sample is a new Python process (as a new Lambda container would be) with the local stack's
environment (DynamoDB Local, moto server, the pixi simulator). It times, one after another:
``import app``; the first ``GET /health``; the first ``POST /auth/login`` (loads boto3, PynamoDB,
argon2, PyJWT, reads the signing key); the first ``GET /customers?q=Mustermann`` (loads zeep,
parses the bundled WSDL, three pixi calls). Requests go through ``chalice.test.Client``, which
builds real API Gateway events and runs the authorizer, so the figures are the app's own cost
without the Lambda runtime's.

The ratio: ``import app`` against an eager import of the libraries the app is built on (chalice,
boto3, zeep, PynamoDB, Powertools' logger, argon2, PyJWT, Jinja2, pydantic), each in fresh
processes, alternating, in the same run, so machine load affects both alike. Target: <= 0.45.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = 5
RATIO_SAMPLES = 15
RATIO_TARGET = 0.45

_EAGER = """
import time
t0 = time.perf_counter()
import chalice, boto3, zeep, pynamodb.models, argon2, jwt, jinja2
from aws_lambda_powertools import Logger
from pydantic import BaseModel
print(time.perf_counter() - t0)
"""

_IMPORT_APP = """
import time
t0 = time.perf_counter()
import app
print(time.perf_counter() - t0)
"""

_PROBE = r"""
import json, time
t0 = time.perf_counter()
import app
t1 = time.perf_counter()
from chalice.test import Client
with Client(app.app, stage_name="local") as client:
    t2 = time.perf_counter()
    assert client.http.get("/health").status_code == 200
    t3 = time.perf_counter()
    r = client.http.post("/auth/login", headers={"Content-Type": "application/json"},
                         body=json.dumps({"email": "agent@demo.example", "password": "Demo-Passw0rd!"}))
    assert r.status_code == 200, r.body
    token = json.loads(r.body)["token"]
    t4 = time.perf_counter()
    r = client.http.get("/customers?q=Mustermann", headers={"Authorization": "Bearer " + token})
    assert r.status_code == 200, r.body
    t5 = time.perf_counter()
    r = client.http.get("/customers?q=Schmidt", headers={"Authorization": "Bearer " + token})
    assert r.status_code == 200, r.body
    t6 = time.perf_counter()
print(json.dumps({"import app": t1 - t0, "first /health": t3 - t2, "first login": t4 - t3,
                  "first search": t5 - t4, "second search (warm)": t6 - t5}))
"""


def _sample(env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    if out.returncode:
        raise RuntimeError(f"probe failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _import_seconds(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "APP_STAGE": "local"})
    if out.returncode:
        raise RuntimeError(f"probe failed:\n{out.stderr[-3000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def import_ratio() -> tuple[float, float, float]:
    """Median seconds of ``import app`` and of the eager baseline, and their ratio."""
    app_times: list[float] = []
    eager_times: list[float] = []
    for _ in range(RATIO_SAMPLES):
        app_times.append(_import_seconds(_IMPORT_APP))
        eager_times.append(_import_seconds(_EAGER))
    app_median, eager_median = statistics.median(app_times), statistics.median(eager_times)
    return app_median, eager_median, app_median / eager_median


def main() -> None:
    from bench.bench_console import local_stack

    app_s, eager_s, ratio = import_ratio()
    print(f"import app vs eager import of its libraries, {RATIO_SAMPLES} fresh processes each (median):")
    print(f"  import app {app_s * 1000:8.1f} ms   eager baseline {eager_s * 1000:8.1f} ms   "
          f"ratio {ratio:.2f} (target <= {RATIO_TARGET})")

    with local_stack():  # os.environ now points at the stack, as a Lambda's environment would
        samples = [_sample(dict(os.environ)) for _ in range(SAMPLES)]
    print(f"Cold start, {SAMPLES} fresh processes against the local stack (median / min / max, ms):")
    for step in samples[0]:
        values = [s[step] * 1000 for s in samples]
        print(f"  {step:<22} {statistics.median(values):8.1f} {min(values):8.1f} {max(values):8.1f}")
    totals = [sum(v for k, v in s.items() if "warm" not in k) * 1000 for s in samples]
    print(f"  {'cold total':<22} {statistics.median(totals):8.1f}  (import + first health, login, search)")


if __name__ == "__main__":
    main()

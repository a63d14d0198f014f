"""The local worker runs an app's scheduled handlers when due, with the event Lambda would get."""

from __future__ import annotations

import re
import types
from datetime import UTC, datetime, timedelta

from chalice import Chalice, Cron, Rate

from chalicelib.background import ScheduledRun, scheduled_handler
from devstack.worker import Worker


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def fake_app_module() -> tuple[types.ModuleType, list[tuple[str, ScheduledRun]]]:
    app = Chalice(app_name="worker-test")
    runs: list[tuple[str, ScheduledRun]] = []

    @app.schedule(Rate(1, unit=Rate.HOURS), name="hourly")
    @scheduled_handler
    def hourly(run: ScheduledRun) -> dict[str, int]:
        runs.append(("hourly", run))
        return {"done": 1}

    @app.schedule(Cron(0, "4,12", "*", "*", "?", "*"), name="promo-prices")
    @scheduled_handler
    def promo_prices(run: ScheduledRun) -> None:
        runs.append(("promo-prices", run))
        raise RuntimeError("a broken run does not stop the worker")

    module = types.ModuleType("fake_app")
    module.app = app  # type: ignore[attr-defined]
    module.hourly = hourly  # type: ignore[attr-defined]
    module.promo_prices = promo_prices  # type: ignore[attr-defined]
    return module, runs


def test_scheduled_handlers_run_when_due_and_not_before() -> None:
    module, runs = fake_app_module()
    clock = Clock(datetime(2026, 3, 28, 11, 30, tzinfo=UTC))
    echoed: list[str] = []
    worker = Worker.for_app(module, clock=clock, echo=echoed.append)

    assert worker.run_due_schedules() == []
    clock.now += timedelta(minutes=30)  # 12:00: the cron is due
    assert worker.run_due_schedules() == ["promo-prices"]
    clock.now += timedelta(minutes=30)  # 12:30: one hour after the start
    assert worker.run_due_schedules() == ["hourly"]
    assert worker.run_due_schedules() == []
    clock.now += timedelta(hours=16)  # 04:30 the next day: each once, however much time passed
    assert sorted(worker.run_due_schedules()) == ["hourly", "promo-prices"]

    assert [name for name, _ in runs] == ["promo-prices", "hourly", "hourly", "promo-prices"]
    first_run = runs[0][1]
    assert (first_run.schedule, first_run.time) == ("promo_prices", "2026-03-28T12:00:00Z")
    assert len({run.correlation_id for _, run in runs}) == 4  # a new event id per run
    assert any("promo-prices failed: RuntimeError" in line for line in echoed)
    assert any("hourly" in line and "{'done': 1}" in line for line in echoed)


def test_the_worker_finds_the_apps_queue_consumers_and_schedules() -> None:
    import app as app_module

    worker = Worker.for_app(app_module, clock=Clock(datetime(2026, 1, 1, tzinfo=UTC)))

    # The queue name is the stage's, fixed when app.py was first imported (by this or another test).
    assert [(c.name, c.batch_size) for c in worker.consumers] == [("run-jobs", 1)]
    assert re.fullmatch(r"pcc-[a-z0-9]+-jobs", worker.consumers[0].queue_name)
    assert [(t.name, t.expression) for t in worker.scheduled] == [
        ("expire-unverified-signups", "rate(1 hour)"),
        ("import-promo-prices", "cron(0 4,5,12,13 * * ? *)"),
    ]
    assert worker.consumers[0].entry is app_module.run_jobs
    assert "expire-unverified-signups: rate(1 hour), next 01:00 UTC" in worker.describe()

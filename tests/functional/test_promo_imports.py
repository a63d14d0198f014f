"""Promo price import (P1) through the routes and the job handlers, with moto in-process and the
merchant's files on a local web server: preview, saving only after a good preview, the import as a
queued job, the atomic switch (a file that fails halfway leaves the old prices), the runs, the
rejected-rows report, the schedule's fan-out, and the promo price in the cart's lookup."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from chalicelib import jobs
from chalicelib.adapters import queue
from chalicelib.adapters.dynamo.models import PromoPriceModel
from chalicelib.background import ScheduledRun
from chalicelib.domain.job import Job
from chalicelib.domain.money import Money
from chalicelib.domain.promo_import import PriceSet
from chalicelib.domain.promo_price_csv import gtin_check_digit
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.services import promo_import_job, promo_imports, wiring
from chalicelib.services.promo_import_schedule import queue_scheduled_imports
from chalicelib.services.promo_prices import promo_price_for
from tests.functional.conftest import Api
from tests.price_files import PriceFileServer, price_file_server

DEMO = ConnectionRef("demo", "default")
CURRENCY = "CHF"  # the demo seed configures EUR; these tests own CHF


def ean(n: int) -> str:
    body = f"400638{n:06d}"
    return body + str(gtin_check_digit(body))


def price_file(prices: dict[str, str], *, header: str = "EAN;Preis", extra: str = "") -> str:
    return "\r\n".join([header, *(f"{k};{v}" for k, v in prices.items())]) + "\r\n" + extra


FIRST = {ean(n): f"{n},99" for n in range(1, 301)}
SECOND = {ean(n): f"{n},49" for n in range(1, 301)}


@pytest.fixture(scope="module")
def files() -> Iterator[PriceFileServer]:
    with price_file_server() as server:
        yield server


@pytest.fixture(scope="module")
def admin(api: Api) -> str:
    return api.login("admin@demo.example")


@pytest.fixture
def imports(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Empty jobs queue, removal without delay, no cached lookups; CHF unconfigured afterwards."""
    from chalicelib import bootstrap
    from chalicelib.adapters.dynamo.models import PromoImportConfigModel

    bootstrap.create_queues()
    monkeypatch.setattr(promo_import_job, "REMOVE_DELAY_SECONDS", 0)
    drain()
    promo_imports.forget_lookups()
    yield
    drain(run=True)  # a queued run left by a test ends, so it blocks no later "Jetzt importieren"
    drain(run=True)
    promo_imports.forget_lookups()
    for item in PromoImportConfigModel.query("demo"):
        if item.currency == CURRENCY:
            for generation in item.written_generations or ():
                wiring.adapters().promo_prices.delete(PriceSet(DEMO, CURRENCY, generation))
            item.delete()


def drain(run: bool = False) -> list[Job]:
    """Receive every visible job; with ``run``, run them by their kind (as the worker would)."""
    done: list[Job] = []
    while messages := queue.receive(queue.queue_url(jobs.JOBS_QUEUE), wait_seconds=0):
        for message in messages:
            queue.delete(message)
            job = Job.from_message(message.body)
            if run:
                jobs.run_job(job)
            done.append(job)
    return done


def configure(
    api: Api, admin: str, url: str, *, id_type: str = "ean", active: bool = True
) -> tuple[int, Any]:
    body = {"currency": CURRENCY, "url": url, "id_type": id_type, "active": active}
    return api.call("PUT", "/settings/promo-imports", token=admin, json_body=body)


def import_now(api: Api, admin: str) -> dict[str, Any]:
    status, run = api.call("POST", "/promo-imports/run", token=admin, json_body={"currency": CURRENCY})
    assert status == 202, run
    drain(run=True)  # the import, then the removal of the old generation it queued
    drain(run=True)
    return latest_run(api, admin, run["run_id"])


def latest_run(api: Api, admin: str, run_id: str) -> dict[str, Any]:
    status, body = api.call("GET", f"/promo-imports/runs?currency={CURRENCY}", token=admin)
    assert status == 200, body
    (run,) = [r for r in body["runs"] if r["run_id"] == run_id]
    return run


def promo_price(api: Api, token: str, product_id: str) -> tuple[int, Any]:
    return api.call("GET", f"/promo-prices?id={product_id}&currency={CURRENCY}", token=token)


def stored_prices(generation: str) -> int:
    return PromoPriceModel.count(PriceSet(DEMO, CURRENCY, generation).key)


# --- preview ---------------------------------------------------------------------------------


def test_a_preview_answers_format_counts_and_rows_without_saving(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    content = price_file({ean(1): "19,99", ean(2): "1.299,00", "4006381333932": "5,00", ean(1): "7,00"})
    content += f"{ean(3)};0\r\n{ean(1)};8,00\r\n"
    url = files.publish(
        "/preview.csv", content.encode("cp1252"), content_type="text/csv; charset=windows-1252"
    )

    status, body = api.call(
        "POST", "/promo-imports/preview", token=admin, json_body={"url": url, "id_type": "ean"}
    )

    assert status == 200, body
    assert body["format"] == {
        "encoding": "ascii",
        "byte_order_mark": False,
        "separator": ";",
        "header": ["EAN", "Preis"],
    }
    assert body["counts"] == {"rows_read": 5, "accepted": 2, "rejected": 3, "duplicates": 1}
    assert body["accepted"] == [
        {"line": 2, "product_id": ean(1), "price": "7.00"},
        {"line": 3, "product_id": ean(2), "price": "1299.00"},
    ]
    assert [(r["line"], r["product_id"], r["code"]) for r in body["rejected"]] == [
        (4, "4006381333932", "ean_check_digit"),
        (5, ean(3), "price_zero"),
        (6, ean(1), "duplicate"),
    ]
    assert body["rejected"][2]["reason"] == "doppelt, zuerst in Zeile 2"
    assert body["rejected_truncated"] is False
    _, listed = api.call("GET", "/settings/promo-imports", token=admin)
    assert CURRENCY not in [c["currency"] for c in listed["configurations"]]


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("<!DOCTYPE html><html><body>Anmelden</body></html>", "text/html; charset=utf-8", "Webseite (HTML)"),
        ("<html><body>Anmelden</body></html>", "text/plain", "Webseite (HTML)"),  # sniffed by the parser
        ('{"prices": []}', "application/json", "„application/json“"),
        ("", "text/csv", "leer"),
        ("EAN;Preis\r\n", "text/csv", "keine Preiszeilen"),
    ],
)
def test_a_file_that_cannot_be_used_at_all_is_a_422_with_the_reason(
    api: Api, admin: str, files: PriceFileServer, imports: None, body: str, content_type: str, message: str
) -> None:
    url = files.publish("/unusable.csv", body, content_type=content_type)

    status, answer = api.call(
        "POST", "/promo-imports/preview", token=admin, json_body={"url": url, "id_type": "ean"}
    )

    assert (status, answer["code"]) == (422, "promo_file_unusable"), answer
    assert message in answer["message"]


def test_refused_and_failed_downloads_are_400_and_502(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    refused = api.call(
        "POST",
        "/promo-imports/preview",
        token=admin,
        json_body={"url": "http://10.1.2.3/p.csv", "id_type": "ean"},
    )
    missing = api.call(
        "POST",
        "/promo-imports/preview",
        token=admin,
        json_body={"url": files.url("/nope.csv"), "id_type": "ean"},
    )

    assert (refused[0], refused[1]["code"]) == (400, "target_refused")
    assert (missing[0], missing[1]["code"]) == (502, "target_failed")
    assert "404" in missing[1]["message"]


def test_the_routes_are_for_admins_of_tenants_with_the_product_import(
    api: Api, admin: str, demo_agent_token: str, imports: None
) -> None:
    nordlicht_admin = api.login("admin@nordlicht.example")
    preview = {"url": "https://example.com/p.csv", "id_type": "ean"}

    agent = api.call("POST", "/promo-imports/preview", token=demo_agent_token, json_body=preview)
    not_booked = api.call("GET", "/settings/promo-imports", token=nordlicht_admin)
    price_unbooked = api.call("GET", f"/promo-prices?id={ean(1)}&currency=EUR", token=nordlicht_admin)

    assert agent[0] == 403
    assert (not_booked[0], not_booked[1]["code"]) == (403, "feature_not_booked")
    assert (price_unbooked[0], price_unbooked[1]["code"]) == (403, "feature_not_booked")


# --- configuration ---------------------------------------------------------------------------


def test_a_configuration_is_saved_only_after_a_successful_preview_and_recorded(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    html = files.publish("/login.html", "<html><body>Login</body></html>", content_type="text/html")
    good = files.publish("/good.csv", price_file({ean(1): "9,99"}))

    refused = configure(api, admin, html)
    listed_before = api.call("GET", "/settings/promo-imports", token=admin)[1]["configurations"]
    status, saved = configure(api, admin, good, active=False)
    _, listed = api.call("GET", "/settings/promo-imports", token=admin)

    assert refused[0] == 422 and CURRENCY not in [c["currency"] for c in listed_before]
    assert status == 200, saved
    assert saved["preview"]["counts"]["accepted"] == 1
    (config,) = [c for c in listed["configurations"] if c["currency"] == CURRENCY]
    assert listed["connection_id"] == "default"
    assert config | {"updated_at": None} == {
        "currency": CURRENCY,
        "url": good,
        "id_type": "ean",
        "active": False,
        "updated_at": None,
        "updated_by": "admin@demo.example",
        "active_prices": None,
        "running": False,
    }
    (event,) = [
        e for e in wiring.adapters().audit.admin_events("demo", 5) if e.action == "promo_import.saved"
    ][:1]
    assert event.details["currency"] == CURRENCY and event.details["url"] == good


def test_a_bad_currency_or_id_type_is_a_400_on_its_field(api: Api, admin: str, imports: None) -> None:
    status, body = api.call(
        "PUT",
        "/settings/promo-imports",
        token=admin,
        json_body={"currency": "chf", "url": "https://example.com/p.csv", "id_type": "gtin"},
    )

    assert status == 400 and set(body["fields"]) == {"currency", "id_type"}


# --- importing and switching -------------------------------------------------------------------


def test_an_import_switches_atomically_and_a_file_failing_halfway_keeps_the_old_prices(
    api: Api, admin: str, demo_agent_token: str, files: PriceFileServer, imports: None
) -> None:
    url = files.publish("/prices.csv", price_file(FIRST, extra=f"{ean(999)};abc\r\n"))
    assert configure(api, admin, url)[0] == 200

    first = import_now(api, admin)
    assert first | {"queued_at": None, "started_at": None, "finished_at": None, "duration_seconds": None} == {
        "run_id": first["run_id"],
        "currency": CURRENCY,
        "trigger": "manual",
        "outcome": "succeeded",
        "url": url,
        "id_type": "ean",
        "started_by": "admin@demo.example",
        "queued_at": None,
        "started_at": None,
        "finished_at": None,
        "duration_seconds": None,
        "rows_read": 301,
        "accepted": 300,
        "rejected": 1,
        "duplicates": 0,
        "rejected_report": True,
        "message": "",
    }
    assert first["duration_seconds"] >= 0
    assert promo_price(api, demo_agent_token, ean(7))[1]["price"] == "7.99"
    assert stored_prices(first["run_id"]) == 300

    # The second file breaks after 250 good rows (a record longer than the parser's limit).
    files.publish("/prices.csv", price_file(dict(list(SECOND.items())[:250]), extra="x" * 20_000 + "\r\n"))
    failed = import_now(api, admin)

    assert failed["outcome"] == "failed" and failed["rows_read"] == 250
    assert "länger als" in failed["message"] and "bisherigen Aktionspreise gelten weiter" in failed["message"]
    assert promo_price(api, demo_agent_token, ean(7))[1]["price"] == "7.99"
    assert stored_prices(failed["run_id"]) == 0  # what it wrote is gone
    config = wiring.adapters().promo_import_configs.get(DEMO, CURRENCY, consistent=True)
    assert config is not None and config.active_set is not None
    assert config.active_set.generation == first["run_id"] and config.running_run_id is None

    # A download that breaks off keeps them too.
    files.publish("/prices.csv", price_file(SECOND), broken_after=2000)
    broken = import_now(api, admin)
    assert broken["outcome"] == "failed" and stored_prices(broken["run_id"]) == 0
    assert promo_price(api, demo_agent_token, ean(7))[1]["price"] == "7.99"

    files.publish("/prices.csv", price_file(SECOND))
    third = import_now(api, admin)

    assert third["outcome"] == "succeeded" and third["accepted"] == 300
    status, answer = promo_price(api, demo_agent_token, ean(7))
    assert status == 200 and answer["price"] == "7.49" and answer["id_type"] == "ean"
    assert stored_prices(third["run_id"]) == 300
    assert stored_prices(first["run_id"]) == 0  # the previous generation was removed after the switch
    assert wiring.adapters().promo_import_configs.written_generations(DEMO, CURRENCY) == {third["run_id"]}
    assert promo_price(api, demo_agent_token, ean(999))[0] == 404


def test_the_rejected_rows_are_a_csv_report(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    content = price_file({ean(1): "5,00", ean(2): "0", "=HYPERLINK(1)": "3,00"})
    assert configure(api, admin, files.publish("/report.csv", content), id_type="item_number")[0] == 200
    run = import_now(api, admin)

    response = api.client.http.get(
        f"/promo-imports/runs/{run['run_id']}/rejected.csv", headers={"Authorization": f"Bearer {admin}"}
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.body.decode("utf-8")
    assert text.splitlines() == [
        "\ufeffZeile;Produkt-ID;Grund;Code",
        f"3;{ean(2)};Preis ist 0.;price_zero",
    ]
    assert api.call("GET", "/promo-imports/runs/nope/rejected.csv", token=admin)[0] == 404


def test_import_now_while_one_is_under_way_is_a_409(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    assert configure(api, admin, files.publish("/busy.csv", price_file({ean(1): "5,00"})))[0] == 200
    first = api.call("POST", "/promo-imports/run", token=admin, json_body={"currency": CURRENCY})

    second = api.call("POST", "/promo-imports/run", token=admin, json_body={"currency": CURRENCY})
    unknown = api.call("POST", "/promo-imports/run", token=admin, json_body={"currency": "JPY"})

    assert first[0] == 202 and first[1]["outcome"] == "queued"
    assert (second[0], second[1]["code"]) == (409, "promo_import_running")
    assert unknown[0] == 404


def test_a_second_run_of_one_configuration_waits_for_the_lease(
    files: PriceFileServer, imports: None, api: Api, admin: str
) -> None:
    assert configure(api, admin, files.publish("/lease.csv", price_file({ean(1): "5,00"})))[0] == 200
    deps = wiring.adapters()
    now = deps.now()
    assert deps.promo_import_configs.claim(
        DEMO, CURRENCY, "someone-else", now=now, lease=promo_imports.IMPORT_LEASE
    )
    run = api.call("POST", "/promo-imports/run", token=admin, json_body={"currency": CURRENCY})[1]

    drain(run=True)

    assert latest_run(api, admin, run["run_id"])["outcome"] == "failed"
    assert "anderer Import" in latest_run(api, admin, run["run_id"])["message"]
    deps.promo_import_configs.release(DEMO, CURRENCY, "someone-else")


# --- schedule ------------------------------------------------------------------------------------


def test_the_schedule_queues_one_import_per_active_configuration_once_per_slot(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    assert configure(api, admin, files.publish("/scheduled.csv", price_file({ean(1): "5,00"})))[0] == 200

    not_due = queue_scheduled_imports(ScheduledRun("import_promo_prices", "evt-1", "2026-03-29T05:00:00Z"))
    due = queue_scheduled_imports(ScheduledRun("import_promo_prices", "evt-2", "2026-03-29T04:00:00Z"))
    again = queue_scheduled_imports(ScheduledRun("import_promo_prices", "evt-3", "2026-03-29T04:00:00Z"))
    queued = drain()

    assert not_due["due"] == 0 and not_due["queued"] == 0
    assert due["due"] == 1 and due["queued"] >= 1 and due["failed"] == 0
    assert again["queued"] == 0 and again["already_queued"] == due["queued"]
    ours = [job for job in queued if job.connection == DEMO and job.payload["currency"] == CURRENCY]
    assert len(ours) == 1 and ours[0].correlation_id == "evt-2"
    run = wiring.adapters().promo_import_runs.get("demo", str(ours[0].payload["run_id"]))
    assert run is not None and run.trigger.value == "schedule" and run.started_by == "schedule"
    assert run.run_id.startswith("20260329T040000")


def test_the_scheduled_lambda_runs_through_the_app(client: Any, imports: None) -> None:
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    event["time"] = "2026-07-01T09:00:00Z"

    result = client.lambda_.invoke("import-promo-prices", event)

    assert result.payload == {"due": 0, "queued": 0, "already_queued": 0, "not_booked": 0, "failed": 0}


# --- the cart's lookup ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Product:
    item_key: int
    item_number: str
    ean: str


def test_the_cart_finds_the_promo_price_by_the_configured_id_type(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    assert (
        configure(
            api,
            admin,
            files.publish("/cart.csv", price_file({"10-1001": "16,99"}, header="Artikelnummer;Preis")),
            id_type="item_number",
        )[0]
        == 200
    )
    import_now(api, admin)
    shirt = Product(1, "10-1001", ean(1))

    assert promo_price_for(DEMO, shirt, CURRENCY) == Money(Decimal("16.99"), CURRENCY)
    assert promo_price_for(DEMO, Product(2, "10-1002", ean(1)), CURRENCY) is None
    assert promo_price_for(DEMO, shirt, "SEK") is None
    assert promo_price_for(ConnectionRef("nordlicht", "default"), shirt, CURRENCY) is None


def test_a_looked_up_price_costs_one_get_item_then_comes_from_the_cache(
    api: Api, admin: str, files: PriceFileServer, imports: None
) -> None:
    assert configure(api, admin, files.publish("/fast.csv", price_file({ean(5): "4,00"})))[0] == 200
    import_now(api, admin)
    deps = wiring.adapters()
    calls: list[str] = []

    class CountingPrices:
        def __getattr__(self, name: str) -> Any:
            return getattr(deps.promo_prices, name)

        def price(self, price_set: PriceSet, product_id: str) -> Decimal | None:
            calls.append(product_id)
            return deps.promo_prices.price(price_set, product_id)

    wiring.use_adapters(dataclasses.replace(deps, promo_prices=CountingPrices()))  # type: ignore[arg-type]
    try:
        product = Product(5, "x", ean(5))
        prices = [promo_price_for(DEMO, product, CURRENCY) for _ in range(3)]
    finally:
        wiring.use_adapters(deps)

    assert prices == [Money(Decimal("4.00"), CURRENCY)] * 3
    assert calls == [ean(5)]

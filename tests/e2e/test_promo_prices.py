"""Promo prices (P1) in the browser: the admin checks the demo's price file with a preview (counts,
accepted and rejected rows), saves it, imports it now, watches the run in the history finish and
downloads the rejected rows as CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Response, expect

from devstack import LocalStack
from tests.e2e.conftest import DEMO_TENANT, Login, api_call, sign_in

pytestmark = pytest.mark.e2e
DEMO_ADMIN = Login(DEMO_TENANT, "admin@demo.example", "Demo-Passw0rd!")
CURRENCY = "DKK"


def test_preview_save_import_now_and_the_history_with_its_report(
    page: Page, web_url: str, local_stack: LocalStack, snap: Callable[[str], None], tmp_path: Path
) -> None:
    sign_in(page, web_url, DEMO_ADMIN, "#/settings/promo-prices")
    expect(page.locator("#promo-title")).to_be_focused()
    card = page.locator(".promo-config[data-currency='EUR']")
    expect(card).to_contain_text("/demo/aktionspreise.csv")

    demo_url = card.locator(".promo-url").inner_text()
    # A currency of this test (EUR carts of other tests keep their prices): a new configuration.
    page.get_by_label("Währung").fill(CURRENCY)
    page.get_by_label("Produkt-ID in Spalte 1").select_option("item_number")
    page.get_by_label("Download-Adresse der Datei").fill(demo_url)
    page.get_by_label("Zweimal täglich importieren (6 und 14 Uhr)").uncheck()
    expect(page.locator("#promo-save")).to_be_disabled()  # only after a good preview
    with page.expect_response(lambda r: api_call(r.url, "/promo-imports/preview")) as answer:
        page.get_by_role("button", name="Vorschau").click()
    preview = answer.value.json()
    counts = preview["counts"]
    expect(page.locator("#promo-preview-counts")).to_have_text(
        f"{counts['rows_read']} Zeilen gelesen: {counts['accepted']} übernommen, 2 abgelehnt."
    )
    expect(page.locator("#promo-preview-format")).to_contain_text("; (Semikolon)")
    expect(page.locator("#promo-rejected tbody tr")).to_have_count(2)
    expect(page.locator("#promo-rejected")).to_contain_text("doppelt, zuerst in Zeile 2")
    expect(page.locator("#promo-accepted tbody tr").first).to_contain_text("10-1001")
    snap("preview")

    page.get_by_label("Download-Adresse der Datei").press("End")
    page.get_by_label("Download-Adresse der Datei").type("x")
    expect(page.locator("#promo-save")).to_be_disabled()  # another address needs its own preview
    page.get_by_label("Download-Adresse der Datei").press("Backspace")
    page.get_by_role("button", name="Vorschau").click()
    expect(page.locator("#promo-save")).to_be_enabled()

    def saving(response: Response) -> bool:
        return api_call(response.url, "/settings/promo-imports") and response.request.method == "PUT"

    with page.expect_response(saving) as saved:
        page.locator("#promo-save").click()
    assert saved.value.status == 200
    expect(page.locator("#promo-message")).to_contain_text(
        f"Aktionspreis-Import für {CURRENCY} wurde gespeichert."
    )
    ours = page.locator(f".promo-config[data-currency='{CURRENCY}']")
    expect(ours).to_contain_text("nur manuell")

    with page.expect_response(lambda r: api_call(r.url, "/promo-imports/run")) as started:
        ours.get_by_role("button", name="Jetzt importieren").click()
    run_id = started.value.json()["run_id"]
    row = page.locator(f"#promo-runs-table tr[data-run='{run_id}']")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-outcome", "succeeded", timeout=60_000)
    expect(row).to_contain_text("erfolgreich")
    expect(row).to_contain_text("Jetzt importieren")
    expect(ours).to_contain_text("60 Aktionspreise aktiv seit")
    snap("history")

    with page.expect_download() as download:
        row.get_by_role("button", name="Abgelehnte Zeilen (CSV)").click()
    saved_to = tmp_path / "abgelehnt.csv"
    download.value.save_as(saved_to)
    report = saved_to.read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "Zeile;Produkt-ID;Grund;Code"
    assert len(report) == 3 and any("doppelt, zuerst in Zeile 2" in line for line in report)

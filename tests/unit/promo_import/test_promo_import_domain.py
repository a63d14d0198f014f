"""The records and rules of the promo price import: run ids, the preview of a file, the CSV report
of rejected rows, and the demo's price file (it must fit the simulator's demo data)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from chalicelib.domain.promo_import import (
    PREVIEW_ACCEPTED,
    PriceSet,
    checked_currency,
    new_run_id,
    preview_price_file,
    price_text,
    rejected_rows_csv,
    scheduled_run_id,
)
from chalicelib.domain.promo_price_csv import IdType, RejectedPromoRow, RejectionCode, gtin_check_digit
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ValidationError

DEMO_FILE = Path(__file__).resolve().parents[3] / "devstack" / "demo" / "aktionspreise.csv"
DEMO = ConnectionRef("demo", "default")


def ean(n: int) -> str:
    body = f"400638{n:06d}"
    return body + str(gtin_check_digit(body))


def test_run_ids_sort_by_time_and_a_slot_has_one_id_per_configuration() -> None:
    earlier = new_run_id(datetime(2026, 3, 29, 4, 0, tzinfo=UTC), "ffff")
    later = new_run_id(datetime(2026, 3, 29, 4, 0, 0, 1, tzinfo=UTC), "0000")
    slot = datetime(2026, 3, 29, 4, tzinfo=UTC)

    assert earlier < later and earlier == "20260329T040000000000Z-ffff"
    assert scheduled_run_id(slot, DEMO, "EUR") == scheduled_run_id(slot, DEMO, "EUR")
    assert scheduled_run_id(slot, DEMO, "EUR") != scheduled_run_id(slot, DEMO, "CHF")
    assert scheduled_run_id(slot, DEMO, "EUR") != scheduled_run_id(slot, ConnectionRef("demo", "zwei"), "EUR")


def test_a_price_set_key_starts_with_the_tenant() -> None:
    assert PriceSet(DEMO, "EUR", "g1").key == "demo#default#EUR#g1"
    assert price_text(Decimal("7")) == "7.00"


@pytest.mark.parametrize("bad", ["eur", "EURO", "", "E1R"])
def test_a_currency_is_three_capital_letters(bad: str) -> None:
    assert checked_currency("CHF") == "CHF"
    with pytest.raises(ValidationError) as refused:
        checked_currency(bad)
    assert set(refused.value.fields) == {"currency"}


def test_a_preview_keeps_the_first_accepted_rows_and_counts_the_whole_file() -> None:
    lines = ["EAN;Preis", *(f"{ean(n)};{n},50" for n in range(1, 251)), "123;1,00"]
    data = ("\n".join(lines) + "\n").encode()

    preview = preview_price_file([data[:1000], data[1000:]], IdType.EAN)

    assert preview.summary.accepted == 250 and preview.summary.rejected == 1
    assert len(preview.accepted) == PREVIEW_ACCEPTED and preview.accepted[0].price == Decimal("1.50")
    assert [(r.line, r.code) for r in preview.rejected] == [(252, RejectionCode.EAN_LENGTH)]
    assert not preview.rejected_truncated


def test_the_report_is_excel_csv_and_defuses_formulas() -> None:
    rows = [
        RejectedPromoRow(
            3, '=HYPERLINK("x")', RejectionCode.EAN_NOT_DIGITS, "EAN darf nur Ziffern enthalten."
        ),
        RejectedPromoRow(4, "4006381333931", RejectionCode.PRICE_AMBIGUOUS, "Preis „1;299“ ist mehrdeutig"),
    ]

    text = "".join(rejected_rows_csv(rows))

    assert text.startswith("\ufeffZeile;Produkt-ID;Grund;Code\r\n")
    assert text.splitlines()[1] == '3;"\'=HYPERLINK(""x"")";EAN darf nur Ziffern enthalten.;ean_not_digits'
    assert text.splitlines()[2] == '4;4006381333931;"Preis „1;299“ ist mehrdeutig";price_ambiguous'


def test_the_demo_price_file_fits_the_simulators_demo_items() -> None:
    from pixi_simulator.demodata import build_database

    preview = preview_price_file([DEMO_FILE.read_bytes()], IdType.ITEM_NUMBER)
    items = build_database("pixiDEM").items
    numbers = {item.item_nr_int for item in (items.values() if isinstance(items, dict) else items)}

    assert (
        preview.summary.accepted == 60 and preview.summary.rejected == 2 and preview.summary.duplicates == 1
    )
    assert [row.code for row in preview.rejected] == [
        RejectionCode.DUPLICATE,
        RejectionCode.PRICE_NOT_A_NUMBER,
    ]
    assert {row.product_id for row in preview.accepted} <= numbers
    assert preview.accepted[0].product_id == "10-1001" and preview.accepted[0].price == Decimal("16.99")

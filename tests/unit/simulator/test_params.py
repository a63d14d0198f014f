from __future__ import annotations

from datetime import datetime

import pytest

from pixi_simulator.contract import CALLS
from pixi_simulator.params import SqlError, bind, parse_datetime


def test_names_match_case_insensitively_and_defaults_apply() -> None:
    args = bind(CALLS["pixiGetOrderline"], {"ordernr": "100001", "rowcount": "5"})
    assert args["OrderNR"] == 100001 and args["RowCount"] == 5 and args["Status"] is None
    assert bind(CALLS["pixiCustomerSearch"], {})["RowCount"] == 1500
    assert bind(CALLS["pixiCustomerSearch"], {})["Name"] == "%"


def test_empty_and_nil_count_as_not_given() -> None:
    args = bind(CALLS["pixiGetOrderHeader"], {"custkey": "", "rowcount": None})
    assert args["CustKey"] is None and args["RowCount"] == 1000


def test_missing_required_parameter_is_sql_error_201() -> None:
    with pytest.raises(SqlError) as info:
        bind(CALLS["pixiGetCustomerInfo"], {})
    assert info.value.number == 201
    assert "expects parameter '@CustKey'" in info.value.message


def test_unknown_parameter_is_sql_error_8145() -> None:
    with pytest.raises(SqlError) as info:
        bind(CALLS["pixiGetCustomerInfo"], {"custkey": "1", "foo": "x"})
    assert info.value.number == 8145


def test_bad_int_is_conversion_error() -> None:
    with pytest.raises(SqlError) as info:
        bind(CALLS["pixiGetCustomerInfo"], {"custkey": "eins"})
    assert info.value.number == 8114


@pytest.mark.parametrize(
    "text",
    ["2024-03-01 13:45:10", "2024-03-01T13:45:10", "2024-03-01T13:45:10.123", "2024-03-01T12:45:10Z"],
)
def test_datetime_formats(text: str) -> None:
    assert parse_datetime(text).replace(microsecond=0) == datetime(2024, 3, 1, 13, 45, 10)


def test_parameters_pixi_does_not_document_are_refused_like_any_unknown_one() -> None:
    """pixi documents no StartKey for pixiGetOrderHeader and no ItemNrInt for pixiItemSearch."""
    for call, param in (("pixiGetOrderHeader", "StartKey"), ("pixiItemSearch", "ItemNrInt")):
        with pytest.raises(SqlError) as info:
            bind(CALLS[call], {param.lower(): "1"})
        assert info.value.number == 8145, call
    assert "StartKey" in {p.name for p in CALLS["pixiGetInvoice"].params}  # documented there


def test_customer_info_answers_one_row_set_without_custkey_as_documented() -> None:
    (columns,) = CALLS["pixiGetCustomerInfo"].rowsets
    assert "CustKey" not in {c.name for c in columns}
    assert {"Name", "Comment", "CustomerLocked", "CustomerNRExternal"} <= {c.name for c in columns}

from __future__ import annotations

import pytest

from pixi_simulator.faults import FaultRegistry, FaultSpecError, make_rule


def test_rule_matches_db_and_call_and_counts_down() -> None:
    registry = FaultRegistry()
    registry.add(make_rule(db="pixiDEM", call="pixiGetShops", mode="fault", times=2))
    assert registry.decide("pixiTST", "pixiGetShops").mode is None
    assert registry.decide("pixiDEM", "pixiGetCurrency").mode is None
    assert registry.decide("pixiDEM", "pixiGetShops").mode == "fault"
    assert registry.decide("pixiDEM", "pixiGetShops").mode == "fault"
    assert registry.decide("pixiDEM", "pixiGetShops").mode is None
    assert registry.rules() == []


def test_latency_and_mode_combine_and_newest_mode_wins() -> None:
    registry = FaultRegistry()
    registry.add(make_rule(call="*", latency_ms=200))
    registry.add(make_rule(call="*", mode="garbage"))
    registry.add(make_rule(call="pixiGetShops", mode="http500"))
    decision = registry.decide("pixiDEM", "pixiGetShops")
    assert (decision.latency_ms, decision.mode) == (200, "http500")
    assert registry.decide("pixiDEM", "pixiGetCurrency").mode == "garbage"


@pytest.mark.parametrize("spec", [{"mode": "explode"}, {"latency_ms": -1}, {}, {"mode": "fault", "times": 0}])
def test_invalid_rules_are_refused(spec: dict[str, object]) -> None:
    with pytest.raises(FaultSpecError):
        make_rule(**spec)  # type: ignore[arg-type]

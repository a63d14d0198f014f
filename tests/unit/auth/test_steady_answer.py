"""Answers held back to a floor, so their time does not tell what they found (issue 15)."""

from __future__ import annotations

import pytest

from chalicelib.services.steady_answer import steady_answer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_a_fast_way_waits_up_to_the_floor_and_a_slow_one_does_not_wait():
    fake = FakeTime()
    with steady_answer(0.5, clock=fake.clock, sleep=fake.sleep):
        fake.now += 0.1
    with steady_answer(0.5, clock=fake.clock, sleep=fake.sleep):
        fake.now += 0.7
    assert fake.slept == [0.4]


def test_a_refusal_waits_too():
    fake = FakeTime()
    with pytest.raises(ValueError), steady_answer(0.5, clock=fake.clock, sleep=fake.sleep):
        raise ValueError("refused")
    assert fake.slept == [0.5]

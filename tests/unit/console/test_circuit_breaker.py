"""The pixi connection's circuit breaker as pure rules, with the time given (issue 17)."""

from __future__ import annotations

from chalicelib.domain.circuit_breaker import (
    CLOSED,
    BreakerEvent,
    BreakerPhase,
    BreakerPolicy,
    BreakerState,
    Verdict,
    admit,
    after_answer,
    after_failure,
)

POLICY = BreakerPolicy(failure_threshold=3, failure_window_seconds=10, open_seconds=30, probe_seconds=20,
                       probing_retry_seconds=5)
T0 = 1_700_000_000.0


def failed(times: int, state: BreakerState = CLOSED, at: float = T0, every: float = 1.0) -> BreakerState:
    for n in range(times):
        state = after_failure(state, at + n * every, POLICY).state
    return state


def test_a_closed_breaker_lets_every_call_go_and_an_answer_changes_nothing():
    assert admit(CLOSED, T0, POLICY).verdict is Verdict.CALL
    assert after_answer(CLOSED).state is CLOSED


def test_it_opens_at_the_threshold_of_failures_within_the_window_and_says_so_once():
    two = failed(2)
    assert two.phase is BreakerPhase.CLOSED and two.failures == 2 and two.version == 2
    opening = after_failure(two, T0 + 2, POLICY)
    assert opening.event is BreakerEvent.OPENED
    assert opening.state.phase is BreakerPhase.OPEN and opening.state.retry_at == T0 + 2 + 30
    assert after_failure(opening.state, T0 + 3, POLICY).state == opening.state  # late failure: no change


def test_failures_spread_wider_than_the_window_do_not_open_it():
    state = failed(6, every=6.0)  # never three within 10 s
    assert state.phase is BreakerPhase.CLOSED and state.failures == 2


def test_an_answer_resets_the_count():
    state = after_answer(failed(2)).state
    assert state.failures == 0 and state.phase is BreakerPhase.CLOSED and state.version == 3
    assert failed(2, state, at=T0 + 5).phase is BreakerPhase.CLOSED


def test_an_open_breaker_refuses_with_the_seconds_until_the_next_try():
    opened = failed(3)
    refused = admit(opened, T0 + 7.5, POLICY)
    assert refused.verdict is Verdict.REFUSE and refused.retry_in_seconds == 25  # 32 - 7.5, rounded up
    assert admit(opened, opened.retry_at - 0.01, POLICY).retry_in_seconds == 1


def test_after_the_pause_one_caller_probes_the_others_are_asked_to_come_back_soon():
    opened = failed(3)
    probe = admit(opened, opened.retry_at, POLICY)
    assert probe.verdict is Verdict.PROBE
    assert probe.state.phase is BreakerPhase.PROBING and probe.state.version == opened.version + 1
    assert probe.state.retry_at == opened.retry_at + 20  # the probe's lease
    other = admit(probe.state, opened.retry_at + 1, POLICY)
    assert other.verdict is Verdict.REFUSE and other.retry_in_seconds == 5
    assert admit(probe.state, opened.retry_at + 18, POLICY).retry_in_seconds == 2  # lease ends sooner


def test_a_probe_that_never_reports_back_is_taken_over_after_its_lease():
    probing = admit(failed(3), T0 + 32, POLICY).state
    assert admit(probing, probing.retry_at, POLICY).verdict is Verdict.PROBE


def test_the_probe_answered_closes_it_failed_opens_it_again_without_a_second_event():
    probing = admit(failed(3), T0 + 32, POLICY).state
    closing = after_answer(probing)
    assert closing.event is BreakerEvent.CLOSED
    assert closing.state.phase is BreakerPhase.CLOSED and closing.state.failures == 0
    assert closing.state.version == probing.version + 1
    reopening = after_failure(probing, T0 + 40, POLICY)
    assert reopening.event is None
    assert reopening.state.phase is BreakerPhase.OPEN and reopening.state.retry_at == T0 + 70


def test_a_late_answer_while_open_does_not_close_it():
    opened = failed(3)
    assert after_answer(opened).state == opened

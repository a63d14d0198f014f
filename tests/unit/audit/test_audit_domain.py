"""The audit trail's pure rules: building events, outcome and kind, retention, keys, cursor, recent work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.domain.audit import (
    Actor,
    AuditAction,
    CustomerRef,
    EventKind,
    Outcome,
    build_event,
    day_bounds,
    decode_cursor,
    encode_cursor,
    event_key,
    excerpt,
    recent_customers,
    retention_expiry,
    safe_details,
    time_range,
)
from chalicelib.errors import ValidationError

AT = datetime(2024, 5, 1, 8, 15, 30, 123456, tzinfo=UTC)
ANNA = Actor(agent_id="a1", email="anna@shop.example")


def event(**overrides):
    values = dict(
        tenant_id="t1",
        event_id="e1",
        at=AT,
        actor=ANNA,
        action="customer.viewed",
        customer=CustomerRef(1, "K10001", "Erika Mustermann"),
    )
    values.update(overrides)
    return build_event(**values)


def test_an_event_for_a_customer_is_a_customer_event_with_outcome_ok():
    e = event(order_number=100123)
    assert e.kind is EventKind.CUSTOMER and e.outcome is Outcome.OK
    assert (e.agent_id, e.agent_email, e.action) == ("a1", "anna@shop.example", "customer.viewed")
    assert e.customer == CustomerRef(1, "K10001", "Erika Mustermann") and e.order_number == 100123


def test_an_event_without_customer_is_an_admin_event():
    e = event(customer=None, action="agent.disabled", details={"agent_id": "a2"})
    assert e.kind is EventKind.ADMIN and e.details == {"agent_id": "a2"}


def test_failed_outcome_is_kept():
    assert event(outcome=Outcome.FAILED).outcome is Outcome.FAILED


@pytest.mark.parametrize("action", ["", "Customer viewed", "x" * 65, "kunde\nangesehen", "1abc"])
def test_action_names_are_stable_identifiers(action):
    with pytest.raises(ValueError):
        event(action=action)


def test_customer_name_is_stored_on_one_line():
    e = event(customer=CustomerRef(1, " K10001 ", "Erika\r\nMustermann"))
    assert e.customer == CustomerRef(1, "K10001", "Erika Mustermann")


def test_secrets_never_reach_the_details():
    details = safe_details(
        {
            "password": "geheim",
            "changed": {"Passwort": "x", "name": "neu"},
            "token": "abc",
            "api_key": "k",
            "client_secret": "s",
            "name": "pixi",
        }
    )
    assert details == {
        "password": "***",
        "changed": {"Passwort": "***", "name": "neu"},
        "token": "***",
        "api_key": "***",
        "client_secret": "***",
        "name": "pixi",
    }


def test_only_secret_names_are_masked():
    assert safe_details({"passed": 1, "package": "basic", "token_hash": "h", "access_token": "t"}) == {
        "passed": 1,
        "package": "basic",
        "token_hash": "***",
        "access_token": "***",
    }


def test_details_are_small():
    details = safe_details(
        {
            "text": "x" * 1000,
            "items": list(range(100)),
            "deep": {"a": {"b": {"c": 1}}},
            **{f"k{i}": i for i in range(30)},
        }
    )
    assert len(details["text"]) == 200 and details["text"].endswith("…")
    assert len(details["items"]) == 20
    assert len(details) == 20
    assert isinstance(details["deep"]["a"]["b"], str)  # nesting is cut to a text


def test_excerpt_keeps_the_start_of_a_text_on_one_line():
    assert excerpt("Kunde fragt\nnach Lieferung") == "Kunde fragt nach Lieferung"
    cut = excerpt("Wort " * 100)
    assert len(cut) == 120 and cut.endswith("…")


def test_retention_sets_the_ttl_in_epoch_seconds():
    assert retention_expiry(AT, 365) == int((AT + timedelta(days=365)).timestamp())
    assert event(retention_days=30).expires_at == int((AT + timedelta(days=30)).timestamp())
    with pytest.raises(ValueError):
        retention_expiry(AT, 0)


def test_times_are_stored_in_utc_and_keys_sort_by_time():
    berlin = datetime(2024, 5, 1, 10, 15, 30, 123456).astimezone()
    e = event(at=berlin)
    assert e.at.tzinfo is UTC
    assert e.event_key.startswith(e.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "#")
    earlier = event_key(AT - timedelta(microseconds=1), "zzz")
    assert earlier < event_key(AT, "aaa") < event_key(AT + timedelta(seconds=1), "000")


def test_a_time_range_includes_both_ends():
    r = time_range(AT, AT)
    assert r.start <= event_key(AT, "e1") <= r.end
    assert not event_key(AT + timedelta(microseconds=1), "e1") <= r.end
    with pytest.raises(ValidationError) as refused:
        time_range(AT, AT - timedelta(seconds=1))
    assert "to" in refused.value.fields


def test_dates_mean_whole_german_days():
    r = day_bounds(date(2024, 5, 1), date(2024, 5, 1))
    assert r.start == "2024-04-30T22:00:00.000000Z"  # 00:00 in Berlin (summer time)
    assert r.end is not None and r.end.startswith("2024-05-01T21:59:59.999999Z")
    assert day_bounds(None, None).start is None
    assert day_bounds(datetime(2024, 1, 1, 12, 0), None).start == "2024-01-01T11:00:00.000000Z"


def test_cursor_round_trip_and_tenant_binding():
    key = {"tenant_id": "t1", "event_key": "2024-05-01T08:15:30.123456Z#e1", "agent_partition": "t1#a1"}
    cursor = encode_cursor(key)
    expected = {"tenant_id": "t1", "event_key": None, "agent_partition": "t1#a1"}
    assert decode_cursor(cursor, expected=expected) == key
    for wrong in (
        {"tenant_id": "t2", "event_key": None, "agent_partition": "t1#a1"},  # another tenant
        {"tenant_id": "t1", "event_key": None, "agent_partition": "t1#a2"},  # another agent
        {"tenant_id": "t1", "event_key": None},
    ):  # another index
        with pytest.raises(ValidationError) as refused:
            decode_cursor(cursor, expected=wrong)
        assert "cursor" in refused.value.fields


@pytest.mark.parametrize("cursor", ["nonsense!", "e30", "W10", "x" * 3000, encode_cursor({"tenant_id": ""})])
def test_broken_cursors_are_a_400(cursor):
    with pytest.raises(ValidationError):
        decode_cursor(cursor, expected={"tenant_id": "t1", "event_key": None})


def test_recent_customers_are_distinct_newest_first_with_their_last_action():
    events = [  # newest first
        event(at=AT, action=AuditAction.SUPPORT_REQUEST_SENT.value, order_number=100123),
        event(at=AT - timedelta(minutes=1), customer=CustomerRef(2, "K10002", "Jürgen Müller")),
        event(at=AT - timedelta(minutes=2)),
        event(at=AT - timedelta(minutes=3), customer=None, action="agent.disabled"),
    ]
    recent = recent_customers(events)
    assert [r.customer.customer_key for r in recent] == [1, 2]
    assert recent[0].last_action == "support_request.sent" and recent[0].order_number == 100123
    assert recent[0].at == AT


def test_recent_customers_are_limited_and_names_come_from_an_event_that_knew_them():
    failed = event(outcome=Outcome.FAILED, customer=CustomerRef(1))
    older = event(at=AT - timedelta(minutes=5))
    recent = recent_customers([failed, older])
    assert recent[0].last_outcome is Outcome.FAILED and recent[0].customer.name == "Erika Mustermann"
    many = [event(customer=CustomerRef(k, f"K{k}", "x"), at=AT - timedelta(minutes=k)) for k in range(1, 40)]
    assert [r.customer.customer_key for r in recent_customers(many)] == list(range(1, 21))


def test_the_same_key_on_two_pixi_connections_is_two_recent_customers():
    """Issue 15: "Zuletzt bearbeitet" opened a customer of the other pixi with the same key."""
    newest_first = [
        event(event_id="e3", customer=CustomerRef(1, "T1", "Tom Andersen", "nord")),
        event(event_id="e2", customer=CustomerRef(1, "K10001", "Erika Mustermann", "default")),
        event(event_id="e1", customer=CustomerRef(1, "K10001", "Erika Mustermann")),  # older: no connection
    ]
    recent = recent_customers(newest_first, default_connection_id="default")
    assert [(r.customer.connection_id, r.customer.name) for r in recent] == [
        ("nord", "Tom Andersen"), ("default", "Erika Mustermann"),
    ]
    assert all(r.connection_recorded for r in recent)
    only_old = recent_customers(newest_first[2:], default_connection_id="default")
    assert [(r.customer.connection_id, r.connection_recorded) for r in only_old] == [("default", False)]


def test_a_connection_filter_keeps_unrecorded_events_only_for_the_default_connection():
    from chalicelib.domain.audit import AuditFilter

    old, nord = CustomerRef(1), CustomerRef(1, connection_id="nord")
    assert AuditFilter(connection_id="nord").connection_matches(nord)
    assert not AuditFilter(connection_id="nord").connection_matches(old)
    assert AuditFilter(connection_id="default", with_unrecorded_connection=True).connection_matches(old)
    assert not AuditFilter(connection_id="default", with_unrecorded_connection=True).connection_matches(nord)
    assert not AuditFilter(connection_id="nord").connection_matches(None)
    assert AuditFilter().connection_matches(None)
    assert event(customer=CustomerRef(1, connection_id=" nord ")).customer == nord


def test_audit_dates_far_outside_the_trail_are_refused_on_their_field():
    for start, end, field_name in ((date(1, 1, 1), None, "from"), (None, date(9999, 12, 31), "to"),
                                   (datetime(1999, 12, 31, 23, 0), None, "from")):
        with pytest.raises(ValidationError) as info:
            day_bounds(start, end)
        assert set(info.value.fields) == {field_name}
    assert day_bounds(date(2000, 1, 1), date(2999, 12, 31)).start

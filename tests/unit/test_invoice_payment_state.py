from decimal import Decimal

from chalicelib.domain.invoice import PaymentState, payment_state


def test_fully_paid_amount_is_paid() -> None:
    assert payment_state(Decimal("100.00"), Decimal("100.00")) is PaymentState.PAID


def test_overpaid_is_paid() -> None:
    assert payment_state(Decimal("100.00"), Decimal("120.00")) is PaymentState.PAID


def test_part_payment_is_partly_paid() -> None:
    assert payment_state(Decimal("100.00"), Decimal("0.01")) is PaymentState.PARTLY_PAID


def test_nothing_paid_is_unpaid_even_with_paid_date_semantics() -> None:
    assert payment_state(Decimal("100.00"), Decimal("0")) is PaymentState.UNPAID


def test_paid_flag_from_pixi_wins() -> None:
    assert payment_state(Decimal("100.00"), Decimal("0"), paid_flag=True) is PaymentState.PAID


def test_zero_or_credit_invoice_owes_nothing() -> None:
    assert payment_state(Decimal("0"), Decimal("0")) is PaymentState.PAID
    assert payment_state(Decimal("-10.00"), Decimal("0")) is PaymentState.PAID

from decimal import Decimal

from chalicelib.domain.invoice import Invoice, PaymentState, payment_state
from chalicelib.domain.money import Money


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


def an_invoice(total: str, paid: str, state: PaymentState | None = None) -> Invoice:
    return Invoice(
        invoice_key=1, invoice_number="R-1", order_number=1, invoice_date=None, due_date=None,
        total=Decimal(total), paid_amount=Decimal(paid), paid_date=None, currency="EUR", payment_code="R",
        state=state or payment_state(Decimal(total), Decimal(paid)),
    )


def test_the_open_amount_is_total_minus_paid() -> None:
    assert an_invoice("100.00", "30.50").open_amount == Money(Decimal("69.50"), "EUR")
    assert an_invoice("100.00", "0").open_amount.as_json() == "100.00"


def test_nothing_is_open_on_a_paid_overpaid_or_credit_invoice() -> None:
    assert an_invoice("100.00", "120.00").open_amount == Money.zero("EUR")
    assert an_invoice("-10.00", "0").open_amount == Money.zero("EUR")
    assert an_invoice("100.00", "0", PaymentState.PAID).open_amount.as_json() == "0.00"  # pixi's Paid bit

from collections.abc import Sequence

import pytest

from chalicelib.domain.customer import CustomerSummary, CustomerType, counted_search_results
from chalicelib.errors import ValidationError
from chalicelib.services.customer_search import SIMPLE_SEARCH_LIMIT, search_text


def merge_search_results(
    answers: Sequence[tuple[Sequence[CustomerSummary], bool]], limit: int = SIMPLE_SEARCH_LIMIT
) -> tuple[list[CustomerSummary], bool]:
    """The shown rows and ``truncated`` of merged answers (no count limit)."""
    customers, truncated, _, _ = counted_search_results(answers, limit, count_limit=None)
    return customers, truncated


def customer(key: int, last: str, first: str = "", email: str = "") -> CustomerSummary:
    return CustomerSummary(
        customer_key=key, customer_number=f"K{10000 + key}", shop_id="WEB", first_name=first, last_name=last,
        company="", street="", zip_code="", city="", country="DE", email=email, phone="",
        customer_type=CustomerType.PRIVATE, locked=False,
    )


def test_duplicates_across_answers_appear_once():
    erika = customer(1, "Mustermann", "Erika")
    merged, truncated = merge_search_results([([erika], False), ([erika], False), ([], False)])
    assert merged == [erika]
    assert not truncated


def test_sorted_by_last_then_first_name_ignoring_case_and_umlauts():
    rows = [customer(1, "Schäfer", "Thomas"), customer(2, "müller", "Jürgen"), customer(3, "Meier", "Max"),
            customer(4, "Schaefer", "Tomas"), customer(5, "Muller", "Anna"), customer(6, "Schafer", "Anton")]
    merged, _ = merge_search_results([(rows[:3], False), (rows[3:], False)])
    assert [(c.last_name, c.first_name) for c in merged] == [
        ("Meier", "Max"), ("Muller", "Anna"), ("müller", "Jürgen"),
        ("Schaefer", "Tomas"), ("Schafer", "Anton"), ("Schäfer", "Thomas"),
    ]


def test_limit_cuts_and_marks_truncated():
    rows = [customer(i, f"Name{i:03}") for i in range(60)]
    merged, truncated = merge_search_results([(rows[:30], False), (rows[30:], False)], limit=50)
    assert len(merged) == 50
    assert truncated
    assert merged[-1].last_name == "Name049"


def test_exactly_the_limit_is_not_truncated():
    rows = [customer(i, f"N{i:02}") for i in range(50)]
    merged, truncated = merge_search_results([(rows, False)], limit=50)
    assert len(merged) == 50 and not truncated


def test_truncated_by_pixi_is_passed_on():
    _, truncated = merge_search_results([([customer(1, "A")], False), ([], True)])
    assert truncated


def test_first_answer_wins_for_a_duplicate_key():
    first = customer(7, "Meier", email="first@example.com")
    second = customer(7, "Meier", email="second@example.com")
    merged, _ = merge_search_results([([first], False), ([second], False)])
    assert merged[0].email == "first@example.com"


@pytest.mark.parametrize("q", ["", "ab", "  ab  ", "%%%", "a%b"])
def test_search_text_needs_three_characters_after_trimming(q):
    with pytest.raises(ValidationError) as refused:
        search_text(q)
    assert "q" in refused.value.fields


def test_search_text_is_trimmed():
    assert search_text("  Muster ") == "Muster"

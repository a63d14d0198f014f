"""Quick order (C2): pasted lines of ID and quantity, bad rows reported with line and reason."""

from __future__ import annotations

import pytest

from chalicelib.domain.quick_order import (
    MAX_ROWS,
    QuickOrderProblem,
    QuickOrderRow,
    parse_quick_order,
)
from chalicelib.errors import ValidationError


@pytest.mark.parametrize(
    "line",
    [
        "4711\t3",
        "4711;3",
        "4711,3",
        "4711 3",
        "4711   3",
        "  4711 ;  3  ",
        "4711; 3;",
        "4711\t3\t",
        "4711, 3",
    ],
)
def test_every_separator(line: str):
    assert parse_quick_order(line).rows == (QuickOrderRow(1, "4711", 3),)


def test_a_missing_quantity_is_one_and_empty_lines_are_skipped_but_counted():
    paste = parse_quick_order("4006381333931\n\n   \nA-100/B\r\nX1;\n")
    assert paste.rows == (
        QuickOrderRow(1, "4006381333931", 1),
        QuickOrderRow(4, "A-100/B", 1),
        QuickOrderRow(5, "X1", 1),
    )
    assert paste.problems == ()
    assert parse_quick_order("").rows == parse_quick_order("\n\n").rows == ()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("4711;1,5", "Menge „1,5“: bitte eine ganze Stückzahl ohne Komma angeben."),
        ("4711,1,5", "Menge „1,5“: bitte eine ganze Stückzahl ohne Komma angeben."),
        ("4711\t2.5", "Menge „2.5“: bitte eine ganze Stückzahl ohne Komma angeben."),
        ("4711 zwei", "Menge „zwei“ ist keine Zahl."),
        ("4711\t2\tBlau", "Menge „2\tBlau“ ist keine Zahl."),
        ("4711;0", "Die Menge muss mindestens 1 sein."),
        ("4711 -2", "Die Menge muss mindestens 1 sein."),
        ("4711 10000", "Höchstens 9999 Stück je Zeile."),
        (";5", "Artikelnummer oder EAN fehlt."),
        ("X" * 51 + ";1", "Artikelnummer oder EAN mit mehr als 50 Zeichen."),
    ],
)
def test_bad_rows_are_reported_with_line_and_reason(line: str, reason: str):
    paste = parse_quick_order(f"4711;1\n{line}\n4712;2")
    assert paste.rows == (QuickOrderRow(1, "4711", 1), QuickOrderRow(3, "4712", 2))
    assert paste.problems == (QuickOrderProblem(2, line, reason),)


def test_nothing_is_dropped_silently():
    text = "Artikelnummer;Menge\n4711;2\n4711;3\nfoo bar baz\n\n4712"
    paste = parse_quick_order(text)
    filled = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    assert sorted([r.line_number for r in paste.rows] + [p.line_number for p in paste.problems]) == filled
    assert [r.quantity for r in paste.rows if r.identifier == "4711"] == [2, 3]  # kept as typed, not merged
    assert paste.problems[0] == QuickOrderProblem(1, "Artikelnummer;Menge", "Menge „Menge“ ist keine Zahl.")


def test_too_many_rows_at_once_are_refused_as_a_whole():
    parse_quick_order("\n".join(f"A{i};1" for i in range(MAX_ROWS)) + "\n\n\n")
    with pytest.raises(ValidationError) as caught:
        parse_quick_order("\n".join(f"A{i};1" for i in range(MAX_ROWS + 1)))
    assert caught.value.fields == {"lines": "Höchstens 200 Zeilen auf einmal einfügen (201 eingefügt)."}

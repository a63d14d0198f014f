"""The promo price file parser over a corpus of messy real-world files (tests/fixtures/promo_csv)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from chalicelib.domain.csv_stream import CsvProblem, TextEncoding
from chalicelib.domain.promo_price_csv import (
    AcceptedPromoPrice,
    IdType,
    PromoCsvLimits,
    PromoCsvSummary,
    PromoFileProblem,
    PromoFileUnusableError,
    RejectedPromoRow,
    RejectionCode,
    parse_promo_prices,
)
from chalicelib.errors import ValidationError

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "promo_csv"
EAN, ITEM = IdType.EAN, IdType.ITEM_NUMBER


@dataclass
class Parsed:
    accepted: list[AcceptedPromoPrice]
    rejected: list[RejectedPromoRow]
    summary: PromoCsvSummary

    def prices(self) -> dict[str, str]:
        return {row.product_id: str(row.price) for row in self.accepted}

    def reasons(self) -> dict[int, RejectionCode]:
        return {row.line: row.code for row in self.rejected}


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def parse(data: bytes | list[bytes], id_type: IdType = EAN, limits: PromoCsvLimits | None = None) -> Parsed:
    events = list(parse_promo_prices([data] if isinstance(data, bytes) else data, id_type, limits))
    *rows, summary = events
    assert isinstance(summary, PromoCsvSummary)
    assert all(not isinstance(row, PromoCsvSummary) for row in rows)
    parsed = Parsed(
        [r for r in rows if isinstance(r, AcceptedPromoPrice)],
        [r for r in rows if isinstance(r, RejectedPromoRow)],
        summary,
    )
    assert (summary.accepted, summary.rejected) == (len(parsed.accepted), len(parsed.rejected))
    assert summary.rows_read == len(rows)
    return parsed


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def unusable(data: bytes | list[bytes], id_type: IdType = EAN, limits: PromoCsvLimits | None = None):
    with pytest.raises(PromoFileUnusableError) as caught:
        list(parse_promo_prices([data] if isinstance(data, bytes) else data, id_type, limits))
    return caught.value


# --- the corpus ------------------------------------------------------------------------------------


def test_excel_export_utf8_with_bom_semicolons_and_crlf():
    parsed = parse(corpus("excel_utf8_bom_semicolon_crlf.csv"))
    assert parsed.prices() == {
        "4006381333931": "19.99",
        "4012345678901": "1299.00",
        "4000000000013": "5.00",
        "5901234123457": "0.99",
        "7612345678900": "2.50",
    }
    assert [row.line for row in parsed.accepted] == [2, 3, 4, 6, 7]  # line 5 is Excel's empty ";;" row
    assert parsed.rejected == []
    s = parsed.summary
    assert (s.encoding, s.byte_order_mark, s.separator) == (TextEncoding.UTF8, True, ";")
    assert s.has_header and s.header == ("EAN", "Aktionspreis", "Bezeichnung")
    assert (s.rows_read, s.accepted, s.rejected, s.duplicates) == (5, 5, 0, 0)


def test_windows_1252_with_umlauts_and_euro_sign_in_the_header():
    parsed = parse(corpus("windows1252_item_numbers.csv"), ITEM)
    assert parsed.prices() == {
        "SCHR-2": "19.99",
        "BOHR-18V": "1299.00",
        "Dübel-6": "0.05",
        "MÜTZE-ROT": "12.00",
    }
    assert parsed.summary.encoding is TextEncoding.WINDOWS_1252
    assert parsed.summary.header == ("Artikelnummer", "Preis in €", "Größe")


def test_comma_separated_with_quoted_prices_names_and_a_line_break_inside_quotes():
    parsed = parse(corpus("comma_quoted_fields.csv"), ITEM)
    assert parsed.prices() == {"A-100": "19.99", "A-101": "1299.00", "A-102": "4.50", "A-103": "7.00"}
    assert [row.line for row in parsed.accepted] == [2, 3, 5, 6]  # A-101's name spans lines 3 and 4
    assert parsed.summary.separator == ","
    assert parsed.summary.header == ("id", "price", "name")


def test_pipes_without_header_with_currency_marks_and_old_mac_line_breaks():
    parsed = parse(corpus("pipes_cr_no_header.txt"))
    assert parsed.prices() == {
        "4006381333931": "19.99",
        "12345670": "3.50",
        "012345678905": "7.00",  # leading zero kept
        "04006381333931": "100000.00",
    }
    assert (parsed.summary.separator, parsed.summary.has_header) == ("|", False)


def test_mixed_good_and_bad_rows_each_with_line_id_and_reason():
    parsed = parse(corpus("mixed_good_and_bad.csv"))
    assert parsed.prices() == {"4006381333931": "19.99", "4012345678901": "1.50", "4000000000013": "2.99"}
    assert parsed.reasons() == {
        3: RejectionCode.EAN_CHECK_DIGIT,
        4: RejectionCode.EAN_CHECK_DIGIT,
        5: RejectionCode.EAN_NOT_DIGITS,
        6: RejectionCode.EAN_SCIENTIFIC_NOTATION,
        7: RejectionCode.PRODUCT_ID_MISSING,
        8: RejectionCode.PRICE_AMBIGUOUS,
        9: RejectionCode.PRICE_ZERO,
        10: RejectionCode.PRICE_NEGATIVE,
        11: RejectionCode.PRICE_TOO_HIGH,
        12: RejectionCode.PRICE_AMBIGUOUS,
        13: RejectionCode.PRICE_AMBIGUOUS,
        14: RejectionCode.PRICE_MISSING,
        15: RejectionCode.PRICE_NOT_A_NUMBER,
        17: RejectionCode.DUPLICATE,
        18: RejectionCode.PRICE_TOO_MANY_DECIMALS,
    }
    by_line = {row.line: row for row in parsed.rejected}
    assert by_line[3].product_id == "4006381333932"
    assert by_line[7].product_id == ""
    assert by_line[17].reason == "doppelt, zuerst in Zeile 2"
    assert all(row.reason for row in parsed.rejected)
    s = parsed.summary
    assert (s.rows_read, s.accepted, s.rejected, s.duplicates) == (18, 3, 15, 1)


def test_excel_scientific_eans_are_rejected_with_the_hint():
    parsed = parse(corpus("excel_scientific_eans.csv"))
    assert parsed.prices() == {"4006381333931": "2.00"}
    assert [(row.line, row.product_id, row.code) for row in parsed.rejected] == [
        (2, "4,00638E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        (3, "4,01235E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
        (4, "4E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION),
    ]
    assert all("Spalte als Text formatieren" in row.reason for row in parsed.rejected)


def test_an_unquoted_scientific_ean_split_by_a_comma_separator_is_recognised():
    parsed = parse(b"4,00638E+12,19.99\r\n4006381333931,2.00\r\n")
    assert [(row.product_id, row.code) for row in parsed.rejected] == [
        ("4,00638E+12", RejectionCode.EAN_SCIENTIFIC_NOTATION)
    ]


def test_duplicates_the_first_accepted_row_wins():
    parsed = parse(corpus("duplicates.csv"))
    assert parsed.prices() == {"4006381333931": "19.99", "4012345678901": "5.00", "04006381333931": "1.00"}
    assert [(row.line, row.code, row.reason) for row in parsed.rejected] == [
        (2, RejectionCode.DUPLICATE, "doppelt, zuerst in Zeile 1"),  # same price: still reported
        (4, RejectionCode.DUPLICATE, "doppelt, zuerst in Zeile 1"),  # other price: the first applies
    ]
    assert parsed.summary.duplicates == 2


def test_a_rejected_row_does_not_block_a_later_valid_row_of_the_same_id():
    parsed = parse(b"A-1;abc\nA-1;5,00\nA-1;6,00\n", ITEM)
    assert parsed.prices() == {"A-1": "5.00"}
    assert parsed.reasons() == {1: RejectionCode.PRICE_NOT_A_NUMBER, 3: RejectionCode.DUPLICATE}


def test_a_row_in_another_encoding_is_rejected_and_the_rest_read():
    parsed = parse(corpus("mixed_encodings.csv"), ITEM)
    assert parsed.prices() == {"GRÖSSE-M": "1.99", "GRÖSSE-XL": "3.99"}
    assert parsed.reasons() == {3: RejectionCode.UNREADABLE_CHARACTERS}
    assert parsed.summary.encoding is TextEncoding.UTF8


@pytest.mark.parametrize("name", ["utf8_small_for_chunking.csv", "windows1252_small_for_chunking.csv"])
@pytest.mark.parametrize("size", range(1, 8))
def test_every_chunking_of_a_small_file_gives_the_same_events(name: str, size: int):
    data = corpus(name)
    whole = list(parse_promo_prices([data], ITEM))
    assert whole[:-1] == [
        AcceptedPromoPrice(2, "GRÖSSE-€", Decimal("1.99")),
        AcceptedPromoPrice(3, "Ä-1", Decimal("2.00")),
        AcceptedPromoPrice(5, "ü;x", Decimal("3.50")),
    ]
    assert list(parse_promo_prices(chunked(data, size), ITEM)) == whole


# --- the comma as separator ----------------------------------------------------------------------


def test_an_unquoted_decimal_comma_with_comma_separator_is_rejected_with_a_hint():
    parsed = parse(corpus("comma_unquoted_decimal_comma.csv"))
    assert parsed.prices() == {"4012345678901": "5.00", "4000000000013": "4.50"}
    (row,) = parsed.rejected
    assert (row.line, row.product_id, row.code) == (
        1,
        "4006381333931",
        RejectionCode.PRICE_SPLIT_BY_SEPARATOR,
    )
    assert "Anführungszeichen" in row.reason and ";" in row.reason


def test_a_two_column_header_makes_the_split_decimal_comma_unambiguous():
    parsed = parse(corpus("comma_unquoted_decimal_comma_header.csv"))
    assert parsed.prices() == {"4006381333931": "19.99", "4012345678901": "5.00", "4000000000013": "1299.00"}


def test_a_header_with_as_many_columns_as_the_row_makes_column_2_the_price():
    parsed = parse(corpus("comma_three_columns_header.csv"))
    assert parsed.prices() == {"4006381333931": "19.00"}


def test_extra_columns_are_ignored():
    parsed = parse(b"4006381333931;19,99;Hammer;12;x\n4012345678901;5;;\n")
    assert parsed.prices() == {"4006381333931": "19.99", "4012345678901": "5.00"}


# --- headers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "id_type"),
    [
        ("EAN;Preis", EAN),
        ("ean;preis", EAN),
        ("EAN13;Aktionspreis (EUR)", EAN),
        ("GTIN|Preis in €", EAN),
        ("id,price", EAN),
        ("Artikelnummer|Aktionspreis", ITEM),
        ("Produkt-ID;Preis", ITEM),
        ("sku,price", ITEM),
    ],
)
def test_a_header_row_is_detected(first_line: str, id_type: IdType):
    separator = next(c for c in ";|," if c in first_line)
    line = separator.join(["4006381333931", '"19,99"' if separator == "," else "19,99"])
    parsed = parse(f"{first_line}\n{line}\n".encode(), id_type)
    assert parsed.summary.header is not None
    assert parsed.summary.rows_read == 1
    assert parsed.prices() == {"4006381333931": "19.99"}


@pytest.mark.parametrize(
    ("first_line", "id_type"),
    [
        ("4006381333931;19,99", EAN),
        ("4006381333931;abc", EAN),  # a broken data row, not a header: its id is an EAN
        ("A-1;abc", ITEM),  # an item number has digits, labels do not
        ("ABC;19,99", EAN),  # the price is a price
    ],
)
def test_a_data_row_is_not_taken_for_a_header(first_line: str, id_type: IdType):
    parsed = parse(f"{first_line}\n4012345678901;5,00\n".encode(), id_type)
    assert not parsed.summary.has_header
    assert parsed.summary.rows_read == 2


def test_only_the_first_row_can_be_a_header():
    parsed = parse(b"EAN;Preis\n4006381333931;1,00\nEAN;Preis\n")
    assert parsed.reasons() == {3: RejectionCode.EAN_NOT_DIGITS}


# --- unusable files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.csv", CsvProblem.EMPTY),
        ("blank_lines_only.csv", CsvProblem.EMPTY),
        ("html_page.csv", CsvProblem.HTML_PAGE),
        ("binary_junk.bin", CsvProblem.BINARY),
        ("workbook.xlsx", CsvProblem.SPREADSHEET),
        ("utf16_unicode_text.txt", CsvProblem.UNSUPPORTED_ENCODING),
        ("single_column.csv", CsvProblem.NO_SEPARATOR),
        ("header_only.csv", PromoFileProblem.NO_ROWS),
        ("all_rejected.csv", PromoFileProblem.NO_VALID_ROWS),
    ],
)
def test_a_file_that_cannot_be_used_says_why(name: str, problem: CsvProblem | PromoFileProblem):
    caught = unusable(corpus(name))
    assert caught.problem is problem
    assert caught.message and caught.message != PromoFileUnusableError.default_message
    assert isinstance(caught, ValidationError)  # mapped to HTTP in the one place
    assert (caught.status, caught.code) == (422, "promo_file_unusable")


def test_every_row_rejected_keeps_the_counts():
    caught = unusable(corpus("all_rejected.csv"))
    s = caught.summary
    assert (s.rows_read, s.accepted, s.rejected) == (2, 0, 2)
    assert "2 abgelehnt" in caught.message


def test_an_unclosed_quote_makes_the_file_unusable_at_the_line_it_opens():
    caught = unusable(corpus("unclosed_quote.csv"), limits=PromoCsvLimits(max_line_length=200))
    assert (caught.problem, caught.line) == (CsvProblem.LINE_TOO_LONG, 2)
    assert caught.summary.header == ("EAN", "Preis")


def test_more_rows_than_the_limit_stop_the_file():
    data = b"".join(b"A-%d;1,00\n" % i for i in range(1, 12))
    assert parse(data, ITEM, PromoCsvLimits(max_rows=11)).summary.accepted == 11
    caught = unusable(data, ITEM, PromoCsvLimits(max_rows=10))
    assert (caught.problem, caught.line, caught.summary.rows_read) == (PromoFileProblem.TOO_MANY_ROWS, 11, 10)


def test_the_price_limit_is_configurable():
    parsed = parse(b"A-1;150,00\nA-2;99,00\n", ITEM, PromoCsvLimits(max_price=Decimal(100)))
    assert parsed.reasons() == {1: RejectionCode.PRICE_TOO_HIGH}


# --- streaming -----------------------------------------------------------------------------------


def test_rows_come_out_while_the_download_is_still_running():
    pulled = 0

    def download() -> Iterator[bytes]:
        nonlocal pulled
        for i in range(1, 100_000):
            pulled += 1
            yield b"A-%d;1,00\n" % i

    events = parse_promo_prices(download(), ITEM)
    first = next(events)
    assert first == AcceptedPromoPrice(1, "A-1", Decimal("1.00"))
    assert pulled <= 20  # the separator sample, not the file


def test_a_late_problem_raises_after_the_rows_before_it():
    good = b"".join(b"A-%d;1,00\n" % i for i in range(1, 31))
    events = parse_promo_prices([good, b"A-31;\x001,00\n"], ITEM)
    rows = [next(events) for _ in range(30)]
    assert rows[-1] == AcceptedPromoPrice(30, "A-30", Decimal("1.00"))
    with pytest.raises(PromoFileUnusableError) as caught:
        next(events)
    assert caught.value.problem is CsvProblem.BINARY
    assert caught.value.summary.accepted == 30  # the caller discards them and keeps the old prices

"""Reading a CSV download as records: encodings, line breaks, quotes, separators, chunk boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.csv_stream import CsvProblem, CsvRecord, CsvStream, CsvUnreadableError, TextEncoding

LIMIT = 1_000


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def read(data: bytes | Iterable[bytes], limit: int = LIMIT) -> tuple[list[CsvRecord], CsvStream]:
    stream = CsvStream([data] if isinstance(data, bytes) else data, max_record_length=limit)
    return list(stream.records()), stream


def fields(data: bytes | list[bytes]) -> list[list[str]]:
    return [record.fields for record in read(data)[0]]


def problem(data: bytes | Iterable[bytes], limit: int = LIMIT) -> CsvUnreadableError:
    with pytest.raises(CsvUnreadableError) as caught:
        read(data, limit)
    return caught.value


# --- encodings ---------------------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark():
    records, stream = read("\ufeffGröße;1\r\n".encode())
    assert records[0].fields == ["Größe", "1"]
    assert (stream.encoding, stream.byte_order_mark) == (TextEncoding.UTF8, True)


def test_utf8_without_a_byte_order_mark():
    records, stream = read("Größe;1\n".encode())
    assert records[0].fields == ["Größe", "1"]
    assert (stream.encoding, stream.byte_order_mark) == (TextEncoding.UTF8, False)


def test_windows_1252_and_latin_1():
    records, stream = read("Größe;€ 1\n".encode("cp1252"))
    assert records[0].fields == ["Größe", "€ 1"]
    assert stream.encoding is TextEncoding.WINDOWS_1252
    assert fields("Maß;1\n".encode("latin-1")) == [["Maß", "1"]]


def test_plain_ascii_stays_ascii():
    assert read(b"a;1\n")[1].encoding is TextEncoding.ASCII


def test_the_first_non_ascii_byte_decides_for_the_whole_file():
    # UTF-8 first: a later Windows-1252 byte becomes U+FFFD in its record only
    data = "a;Ä\n".encode() + "b;Ä\n".encode("cp1252") + "c;Ä\n".encode()
    records, stream = read(data)
    assert stream.encoding is TextEncoding.UTF8
    assert [r.fields for r in records] == [["a", "Ä"], ["b", "\ufffd"], ["c", "Ä"]]
    # Windows-1252 first: later UTF-8 is read as Windows-1252 (mojibake, deterministic)
    data = "a;Ä\n".encode("cp1252") + "b;Ä\n".encode()
    records, stream = read(data)
    assert stream.encoding is TextEncoding.WINDOWS_1252
    assert [r.fields for r in records] == [["a", "Ä"], ["b", "Ã„"]]


def test_bytes_undefined_in_windows_1252_are_unreadable_not_fatal():
    assert fields(b"a;\xe4\x81\n") == [["a", "ä\ufffd"]]


def test_a_truncated_utf8_character_at_the_end_is_unreadable():
    assert fields("a;Ä\nb;".encode() + "€".encode()[:2]) == [["a", "Ä"], ["b", "\ufffd"]]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest", CsvProblem.SPREADSHEET),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", CsvProblem.SPREADSHEET),
        (b"%PDF-1.7\n", CsvProblem.BINARY),
        (b"\x1f\x8b\x08\x00", CsvProblem.BINARY),
        ("a;1\n".encode("utf-16"), CsvProblem.UNSUPPORTED_ENCODING),
        ("a;1\n".encode("utf-16-be"), CsvProblem.BINARY),  # no byte order mark: NUL bytes
        (b"a;1\n" * 100 + b"b;\x002\n", CsvProblem.BINARY),  # a NUL byte late in the file
        (b"", CsvProblem.EMPTY),
        (b"\r\n \r\n;;\r\n", CsvProblem.EMPTY),
        (b"<!DOCTYPE html>\n<html></html>", CsvProblem.HTML_PAGE),
        (b"\n  <html lang=de><body>Fehler</body></html>", CsvProblem.HTML_PAGE),
        (b'<?xml version="1.0"?><Error/>', CsvProblem.HTML_PAGE),
        (b"4006381333931\n4012345678901\n", CsvProblem.NO_SEPARATOR),
        (b"404 Not Found", CsvProblem.NO_SEPARATOR),
    ],
)
def test_a_file_that_is_no_csv_is_refused(data: bytes, kind: CsvProblem):
    for size in (1, 3, len(data) or 1):
        caught = problem(chunked(data, size))
        assert caught.problem is kind
        assert caught.message


# --- line breaks and quotes -----------------------------------------------------------------------


def test_crlf_lf_and_cr_each_end_one_line():
    records, _ = read(b"a;1\r\nb;2\nc;3\rd;4")
    assert [(r.line, r.fields) for r in records] == [
        (1, ["a", "1"]),
        (2, ["b", "2"]),
        (3, ["c", "3"]),
        (4, ["d", "4"]),
    ]


def test_blank_records_are_skipped_but_counted_as_lines():
    records, _ = read(b"\r\na;1\r\n;;\r\n   \r\n\r\nb;2\r\n")
    assert [(r.line, r.fields) for r in records] == [(2, ["a", "1"]), (6, ["b", "2"])]


def test_trailing_separators_are_dropped():
    assert fields(b"a;1;\nb;2;;;\nc;3; ; \n") == [["a", "1"], ["b", "2"], ["c", "3"]]


def test_quoted_fields_follow_rfc_4180():
    data = b'"a;b";"say ""hi""";plain\r\n"multi\r\nline";2\r\nnext;3\r\n'
    records, _ = read(data)
    assert [(r.line, r.fields, r.quoted) for r in records] == [
        (1, ["a;b", 'say "hi"', "plain"], (0, 1)),
        (2, ["multi\r\nline", "2"], (0,)),
        (4, ["next", "3"], ()),
    ]
    assert records[0].was_quoted(1) and not records[0].was_quoted(2)


def test_lenient_quotes():
    assert fields(b'ab"c;1\n') == [['ab"c', "1"]]  # a quote inside an unquoted field is text
    assert fields(b'"ab"c;1\n') == [["abc", "1"]]  # text after the closing quote is kept
    assert fields(b' "a;b" ;1\n') == [["a;b ", "1"]]  # spaces before the opening quote
    assert fields(b'a;"open\n') == [["a", "open\n"]]  # closed by the end of the file


def test_an_unclosed_quote_runs_into_the_length_limit():
    data = b'a;"19,99\n' + b"b;2\n" * 100
    caught = problem(data, limit=50)
    assert caught.problem is CsvProblem.LINE_TOO_LONG
    assert caught.line == 1
    assert "Anführungszeichen" in caught.message


def test_a_line_longer_than_the_limit_is_refused_before_it_is_read_completely():
    def endless() -> Iterator[bytes]:
        yield b"a;1\n"
        while True:  # one line that never ends: the stream must stop on its own
            yield b"x" * 64

    caught = problem(endless(), limit=500)
    assert (caught.problem, caught.line) == (CsvProblem.LINE_TOO_LONG, 2)


# --- separators -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "separator"),
    [
        (b"4006381333931;19,99\n4012345678901;5,00\n", ";"),  # decimal commas do not make it ","
        (b"4006381333931|19,99\n4012345678901|5,00\n", "|"),
        (b"4006381333931,19.99\n4012345678901,5\n", ","),
        (b'A-1,"19,99"\nA-2,"5,00"\n', ","),
        (b'"a;b",1\n"c;d",2\n', ","),  # quotes respected: the ";" inside does not count
        (b"EAN;Preis, brutto\n1;2\n3;4\n", ";"),
        (b"EAN,Preis\n4006381333931,19,99\n", ","),
        (b'EAN;Preis\n1;"19,99\n2;5\n3;6\n4;7\n', ";"),  # an open quote swallows lines: share, not count
    ],
)
def test_the_separator_is_detected(data: bytes, separator: str):
    assert read(data)[1].separator == separator


def test_the_separator_is_detected_from_the_first_lines_only():
    data = b"a;1\n" * 10 + b"b|2|3\n" * 100
    records, stream = read(data)
    assert stream.separator == ";"
    assert records[-1].fields == ["b|2|3"]


# --- chunk boundaries -----------------------------------------------------------------------------

SMALL = '\ufeffArtikel;Preis\r\n"Größe\r\n€";1,99 €\r\nÄ-1;"2;00"\r\r\n\n'.encode()


@pytest.mark.parametrize("size", range(1, 8))
def test_every_chunking_reads_the_same(size: int):
    whole, _ = read(SMALL)
    assert [(r.line, r.fields) for r in whole] == [
        (1, ["Artikel", "Preis"]),
        (2, ["Größe\r\n€", "1,99 €"]),
        (4, ["Ä-1", "2;00"]),
    ]
    records, chunked_stream = read(chunked(SMALL, size))
    assert records == whole
    assert (chunked_stream.encoding, chunked_stream.byte_order_mark) == (TextEncoding.UTF8, True)


@given(st.binary(max_size=200), st.integers(min_value=1, max_value=20))
def test_any_bytes_read_the_same_in_any_chunking(data: bytes, size: int):
    def outcome(chunks: list[bytes]) -> object:
        try:
            records, stream = read(chunks)
        except CsvUnreadableError as caught:
            return caught.problem, caught.line
        return records, stream.encoding, stream.separator

    assert outcome(chunked(data, size)) == outcome([data])

"""Reading a downloaded CSV file as a stream of records: encoding, line breaks, quotes, separator.

Pure and streaming: the input is an iterable of ``bytes`` chunks of any size (a chunk may end in
the middle of a UTF-8 character or between CR and LF); memory holds one chunk, one line and the
first few lines used to detect the separator, never the file.

- **Encoding.** A UTF-8 byte order mark means UTF-8. Otherwise the first non-ASCII byte decides,
  once, for the whole file: if it starts a well-formed UTF-8 sequence the file is UTF-8, else
  Windows-1252 (a superset of Latin-1's printable characters). While only ASCII has been seen the
  encoding is ``ascii``. The decision never changes later: bytes that are not valid in the chosen
  encoding (a file that switches encodings midway, or one of the five bytes Windows-1252 leaves
  undefined) are decoded as U+FFFD, so the record that holds them can be rejected by the caller
  while every other record is read as before. The decision depends on the bytes only, never on
  how they were chunked.
- **Refused at once** (``CsvUnreadableError``): a NUL byte anywhere (binary data or UTF-16 without
  a byte order mark), a UTF-16/32 byte order mark, an Excel workbook (``.xlsx``/``.xls``), a PDF
  or gzip file, an HTML/XML page, no separator in the first lines, a record longer than the limit
  (an unclosed quote runs into this limit too), and a file with nothing but blank lines.
- **Line breaks.** CRLF, LF and lone CR, mixed freely; each counts as one line. A record's
  ``line`` is the 1-based physical line where it starts (a quoted field may span lines).
- **Quotes** (RFC 4180): a field that starts with ``"`` (after optional spaces) is quoted; inside
  it ``""`` is one quote, and separators and line breaks are text. A quote in the middle of an
  unquoted field is kept as text, as is anything between a closing quote and the next separator.
  A quote left open at the end of the file closes there.
- **Separator.** ``;``, ``|`` or ``,``: the one that splits the largest share of the first
  ``SAMPLE_RECORDS`` non-blank records (as that separator reads them, quotes respected) into at
  least two fields; on a tie the earlier in that order wins, because ``,`` also appears in prices
  with a decimal comma.
- **Blank records** (only spaces and separators, e.g. Excel's ``;;`` rows) are skipped; trailing
  empty fields (trailing separators) are dropped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from itertools import chain
from typing import NamedTuple

SEPARATORS = (";", "|", ",")
SAMPLE_RECORDS = 10
SAMPLE_MAX_CHARS = 64 * 1024

_UTF8_BOM = codecs.BOM_UTF8
_HEAD_BYTES = 8  # enough for every signature below
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_HTML_START = re.compile(r"\s*<(?:!doctype|html|head|body|\?xml|!--)", re.IGNORECASE)


class TextEncoding(StrEnum):
    ASCII = "ascii"
    UTF8 = "utf-8"
    WINDOWS_1252 = "windows-1252"


class CsvProblem(StrEnum):
    """Why a file cannot be read as CSV at all (a stable code beside the German message)."""

    EMPTY = "empty_file"
    BINARY = "binary_file"
    SPREADSHEET = "spreadsheet_file"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    HTML_PAGE = "html_page"
    NO_SEPARATOR = "no_separator"
    LINE_TOO_LONG = "line_too_long"


class CsvUnreadableError(Exception):
    def __init__(self, problem: CsvProblem, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.line = line


class CsvRecord(NamedTuple):
    line: int
    fields: list[str]  # raw text (not trimmed); trailing empty fields dropped, at least one is not blank
    quoted: tuple[int, ...] = ()  # indexes of the fields that were quoted

    def was_quoted(self, index: int) -> bool:
        return index in self.quoted


_SIGNATURES: tuple[tuple[bytes, CsvProblem, str], ...] = (
    (
        b"PK\x03\x04",
        CsvProblem.SPREADSHEET,
        "Die Datei ist eine Excel-Arbeitsmappe (.xlsx) oder ein ZIP-Archiv, keine CSV-Datei. "
        "In Excel „Speichern unter“ → „CSV (Trennzeichen-getrennt)“ wählen.",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        CsvProblem.SPREADSHEET,
        "Die Datei ist eine Excel-Arbeitsmappe (.xls), keine CSV-Datei. "
        "In Excel „Speichern unter“ → „CSV (Trennzeichen-getrennt)“ wählen.",
    ),
    (b"%PDF", CsvProblem.BINARY, "Die Datei ist ein PDF-Dokument, keine CSV-Datei."),
    (b"\x1f\x8b", CsvProblem.BINARY, "Die Datei ist gzip-komprimiert, keine CSV-Datei."),
    (
        b"\xff\xfe",
        CsvProblem.UNSUPPORTED_ENCODING,
        "Die Datei ist in UTF-16 („Unicode-Text“) gespeichert. Bitte als „CSV UTF-8“ speichern.",
    ),
    (
        b"\xfe\xff",
        CsvProblem.UNSUPPORTED_ENCODING,
        "Die Datei ist in UTF-16 („Unicode-Text“) gespeichert. Bitte als „CSV UTF-8“ speichern.",
    ),
)
_BINARY_MESSAGE = "Die Datei enthält Binärdaten und ist keine Textdatei (CSV oder TXT)."


def _utf8_sequence_length(lead: int) -> int:
    """How many bytes a UTF-8 sequence starting with ``lead`` has; 0 when it cannot start one."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


class _Decoder:
    """Incremental bytes -> text with the encoding rule of the module docstring."""

    def __init__(self) -> None:
        self.encoding = TextEncoding.ASCII
        self.byte_order_mark = False
        self._pending = b""  # bytes held back until the encoding is decided
        self._head_checked = False
        self._decoder: codecs.IncrementalDecoder | None = None

    def decode(self, chunk: bytes, *, final: bool) -> str:
        if self._decoder is not None:
            if b"\x00" in chunk:
                raise CsvUnreadableError(CsvProblem.BINARY, _BINARY_MESSAGE)
            return self._decoder.decode(chunk, final)
        data = self._pending + chunk
        if not self._head_checked:
            if len(data) < _HEAD_BYTES and not final:
                self._pending = data
                return ""
            self._check_head(data)
            self._head_checked = True
            if data.startswith(_UTF8_BOM):
                self.byte_order_mark = True
                return self._decide(TextEncoding.UTF8, data[len(_UTF8_BOM) :], final)
        if b"\x00" in data:
            raise CsvUnreadableError(CsvProblem.BINARY, _BINARY_MESSAGE)
        found = _NON_ASCII.search(data)
        if found is None:
            self._pending = b""
            return data.decode("ascii")
        start = found.start()
        length = _utf8_sequence_length(data[start])
        if len(data) - start < length and not final:
            self._pending = data[start:]
            return data[:start].decode("ascii")
        try:
            valid_utf8 = length > 0 and bool(data[start : start + length].decode("utf-8"))
        except UnicodeDecodeError:
            valid_utf8 = False
        return self._decide(TextEncoding.UTF8 if valid_utf8 else TextEncoding.WINDOWS_1252, data, final)

    def _decide(self, encoding: TextEncoding, data: bytes, final: bool) -> str:
        self.encoding = encoding
        self._pending = b""
        self._decoder = codecs.getincrementaldecoder(encoding.value)(errors="replace")
        return self.decode(data, final=final)

    @staticmethod
    def _check_head(head: bytes) -> None:
        for signature, problem, message in _SIGNATURES:
            if head.startswith(signature):
                raise CsvUnreadableError(problem, message)


def _lines(texts: Iterable[str], max_length: int) -> Iterator[tuple[str, str]]:
    """``(text, line break)`` per physical line; the break is ``""`` only for a last line without one.

    A CR at the end of a piece is held back until the next piece shows whether an LF follows.
    """
    rest = ""
    line_no = 0
    for text in chain(texts, [None]):
        final = text is None
        parts = _LINE_BREAK.split(rest + text if text is not None else rest)
        tail = parts.pop()
        if not final and not tail and parts and parts[-1] == "\r":
            tail = parts.pop(-2) + parts.pop()
        for index in range(0, len(parts), 2):
            yield parts[index], parts[index + 1]
        line_no += len(parts) // 2
        if len(tail) > max_length:
            raise _too_long(line_no + 1, max_length)
        rest = tail
    if rest:
        yield rest, ""


def _too_long(line: int, max_length: int) -> CsvUnreadableError:
    return CsvUnreadableError(
        CsvProblem.LINE_TOO_LONG,
        f"Zeile {line} ist länger als {max_length} Zeichen (fehlt ein schließendes Anführungszeichen?).",
        line=line,
    )


class _QuotedRecord:
    """The fields of one record whose text holds a quote; fed line by line while a quote is open."""

    def __init__(self, separator: str) -> None:
        self._separator = separator
        self._special = re.compile(f'[{re.escape(separator)}"]')
        self.fields: list[str] = []
        self.quoted: list[int] = []
        self._field: list[str] = []
        self._in_quotes = False
        self._field_quoted = False

    def feed(self, text: str, line_break: str) -> bool:
        """Reads one line; True when the record is complete, False while a quote is still open."""
        position, end = 0, len(text)
        while position < end:
            if self._in_quotes:
                quote = text.find('"', position)
                if quote < 0:
                    self._field.append(text[position:])
                    break
                self._field.append(text[position:quote])
                if text.startswith('"', quote + 1):
                    self._field.append('"')
                    position = quote + 2
                else:
                    self._in_quotes = False
                    position = quote + 1
                continue
            found = self._special.search(text, position)
            stop = found.start() if found else end
            self._field.append(text[position:stop])
            if found is None:
                break
            if text[stop] == '"':
                if self._field_quoted or "".join(self._field).strip():
                    self._field.append('"')  # a stray quote inside an unquoted field is text
                else:
                    self._field = []
                    self._in_quotes = self._field_quoted = True
            else:
                self._end_field()
            position = stop + 1
        if self._in_quotes and line_break:
            self._field.append(line_break)
            return False
        self._end_field()
        return True

    def _end_field(self) -> None:
        if self._field_quoted:
            self.quoted.append(len(self.fields))
        self.fields.append("".join(self._field))
        self._field = []
        self._field_quoted = False


def _record(line: int, fields: list[str], quoted: tuple[int, ...]) -> CsvRecord | None:
    """The record without its trailing empty fields, or None for a blank record."""
    while fields and not fields[-1].strip():
        fields.pop()
    if not fields:
        return None
    return CsvRecord(line, fields, tuple(q for q in quoted if q < len(fields)) if quoted else ())


def _records(lines: Iterable[tuple[str, str]], separator: str, max_length: int) -> Iterator[CsvRecord]:
    source = iter(lines)
    line_no = 0
    for text, line_break in source:
        line_no += 1
        if len(text) > max_length:
            raise _too_long(line_no, max_length)
        if '"' not in text:
            record = _record(line_no, text.split(separator), ())
        else:
            start, length = line_no, len(text)
            quoted = _QuotedRecord(separator)
            while not quoted.feed(text, line_break):
                following = next(source, None)
                if following is None:
                    quoted.feed("", "")  # a quote left open closes at the end of the file
                    break
                text, line_break = following
                line_no += 1
                length += len(text) + 1
                if length > max_length:
                    raise _too_long(start, max_length)
            record = _record(start, quoted.fields, tuple(quoted.quoted))
        if record is not None:
            yield record


def detect_separator(lines: list[tuple[str, str]], max_length: int) -> str | None:
    """The separator (see the module docstring) for these first lines, None when none splits them."""
    best, best_share = None, 0.0
    for separator in SEPARATORS:
        split = total = 0
        for record in _records(lines, separator, max_length):
            total += 1
            split += len(record.fields) >= 2
            if total == SAMPLE_RECORDS:
                break
        share = split / total if total else 0.0
        if share > best_share:
            best, best_share = separator, share
    return best


class CsvStream:
    """The records of a CSV download; ``encoding``, ``byte_order_mark`` and ``separator`` tell what was
    detected (the encoding may be decided only when the first non-ASCII byte arrives)."""

    def __init__(self, chunks: Iterable[bytes], *, max_record_length: int) -> None:
        self._chunks = chunks
        self._max_length = max_record_length
        self._decoder = _Decoder()
        self.separator: str | None = None

    @property
    def encoding(self) -> TextEncoding:
        return self._decoder.encoding

    @property
    def byte_order_mark(self) -> bool:
        return self._decoder.byte_order_mark

    def records(self) -> Iterator[CsvRecord]:
        lines = _lines(self._texts(), self._max_length)
        sample = self._sample(lines)
        first = next((text for text, _ in sample if not _blank(text)), None)
        if first is None:
            raise CsvUnreadableError(CsvProblem.EMPTY, "Die Datei ist leer.")
        if _HTML_START.match(first):
            raise CsvUnreadableError(
                CsvProblem.HTML_PAGE, "Die Adresse liefert eine Webseite (HTML) statt einer CSV-Datei."
            )
        self.separator = detect_separator(sample, self._max_length)
        if self.separator is None:
            raise CsvUnreadableError(
                CsvProblem.NO_SEPARATOR,
                "In den ersten Zeilen ist kein Spaltentrennzeichen zu finden (erwartet: , ; oder |).",
            )
        yield from _records(chain(sample, lines), self.separator, self._max_length)

    def _texts(self) -> Iterator[str]:
        for chunk in self._chunks:
            if chunk:
                yield self._decoder.decode(chunk, final=False)
        yield self._decoder.decode(b"", final=True)

    @staticmethod
    def _sample(lines: Iterator[tuple[str, str]]) -> list[tuple[str, str]]:
        """The first lines, up to the ``SAMPLE_RECORDS``-th non-blank one (or ``SAMPLE_MAX_CHARS``)."""
        sample: list[tuple[str, str]] = []
        filled = size = 0
        for text, line_break in lines:
            sample.append((text, line_break))
            filled += not _blank(text)
            size += len(text) + 1
            if filled >= SAMPLE_RECORDS or size >= SAMPLE_MAX_CHARS:
                break
        return sample


def _blank(text: str) -> bool:
    return not text.strip(" \t;|,")

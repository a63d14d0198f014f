"""The merchant's promo price file (P1): a pure, streaming parser from download chunks to price rows.

``parse_promo_prices(chunks, id_type)`` yields one event per data row, ``AcceptedPromoPrice``
(``line``, ``product_id``, ``price``) or ``RejectedPromoRow`` (``line``, ``product_id`` as read,
``code``, German ``reason``), and a ``PromoCsvSummary`` as the very last event. A file that cannot
be used at all raises ``PromoFileUnusableError`` instead of the summary (possibly after rows were
yielded): the caller keeps the old prices. The currency is the import's, not the file's.

Reading bytes (encoding, line breaks, quotes, separator) is ``chalicelib.domain.csv_stream``; the
rules for the rows are here:

- **Columns.** Column 1 is the product id, column 2 the price; further columns are ignored (an
  export may carry names or stock beside them).
- **Header.** Only the first non-blank record can be a header: when its price field is no price
  and holds a letter, and its id field holds a letter (for item numbers also no digit), e.g.
  ``EAN;Preis``, ``Artikelnummer|Aktionspreis``, ``id,price``. It is not counted as a row.
- **Prices** (``parse_promo_price``): decimal comma as documented (``19,99``, ``19,9``, ``19,-``);
  a decimal point where it cannot be a thousands separator (``19.99``); thousands separators
  ``.``, space or ``'`` only in correct groups of three and only where the decimal separator is
  clear (``1.299,00``, ``1 299,00``, ``1,299.00``, ``1.299.000``). ``1.299`` and ``1,299`` could be
  1299 or 1.299: rejected as ambiguous, never guessed. More than two decimals, zero, negative
  (``-5``, ``5-``) and prices above ``max_price`` are rejected. ``€`` / ``EUR`` before or after the
  number are tolerated (``currency_marks``).
- **Comma as separator.** Unquoted, ``4006381333931,19,99`` splits the price into ``19`` and
  ``99``: it could as well be the price 19 and a third column 99, so the row is rejected with the
  hint to quote the price or use ``;``. The header removes the ambiguity: when it names exactly
  one column less than the row has fields, the split is the decimal comma (``19,99``); when it
  names at least as many columns as the row has, column 2 is the price (``19``).
- **EAN** (``check_ean``): digits only, 8, 12, 13 or 14 of them, GTIN mod-10 check digit, leading
  zeros kept. Excel's scientific notation (``4,00638E+12``) is rejected with the hint to format
  the column as text; so is an EAN whose leading zeros Excel dropped, when the padded one is valid.
- **Item number** (``check_item_number``): the pixi shop item number, 1 to 50 characters, no
  control characters.
- **Unreadable characters.** A row whose id or price holds U+FFFD (bytes invalid in the file's
  encoding, see ``csv_stream``) is rejected; the other rows are read as usual.
- **Duplicates.** The first accepted row of a product id wins; every later row with that id is
  rejected as ``doppelt, zuerst in Zeile N``, even with the same price (the first price applies).
  Ids compare as written after trimming (``04006381333931`` is not ``4006381333931``; item numbers
  are case-sensitive). A rejected row does not count: a later valid row of its id is accepted.
  Detecting this keeps a dict of the accepted ids (an EAN as an ``int``, an item number as its
  string) to their line: memory grows with the number of distinct ids, about 100 bytes each,
  never with rows kept; everything else is constant per row.
- **Unusable file**: see ``csv_stream`` (binary, workbook, HTML, no separator, a record longer
  than ``max_line_length``, empty) plus more than ``max_rows`` data rows, no data row, and no
  accepted row.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from chalicelib.domain.csv_stream import CsvProblem, CsvRecord, CsvStream, CsvUnreadableError, TextEncoding
from chalicelib.errors import ValidationError

CENT = Decimal("0.01")
DEFAULT_MAX_PRICE = Decimal(100_000)
EURO_MARKS = ("€", "EUR")
EAN_LENGTHS = (8, 12, 13, 14)
ITEM_NUMBER_MAX_LENGTH = 50  # pixi's shop item number is varchar(50)


class IdType(StrEnum):
    EAN = "ean"
    ITEM_NUMBER = "item_number"


@dataclass(frozen=True)
class PromoCsvLimits:
    max_rows: int = 1_000_000
    max_line_length: int = 10_000
    max_price: Decimal = DEFAULT_MAX_PRICE
    currency_marks: tuple[str, ...] = EURO_MARKS


class RejectionCode(StrEnum):
    """Why a row was rejected: a stable code beside the German reason."""

    UNREADABLE_CHARACTERS = "unreadable_characters"
    PRODUCT_ID_MISSING = "product_id_missing"
    EAN_SCIENTIFIC_NOTATION = "ean_scientific_notation"
    EAN_NOT_DIGITS = "ean_not_digits"
    EAN_LENGTH = "ean_length"
    EAN_LEADING_ZEROS_LOST = "ean_leading_zeros_lost"
    EAN_CHECK_DIGIT = "ean_check_digit"
    ITEM_NUMBER_TOO_LONG = "item_number_too_long"
    ITEM_NUMBER_CONTROL_CHARACTERS = "item_number_control_characters"
    PRICE_MISSING = "price_missing"
    PRICE_NOT_A_NUMBER = "price_not_a_number"
    PRICE_AMBIGUOUS = "price_ambiguous"
    PRICE_SPLIT_BY_SEPARATOR = "price_split_by_separator"
    PRICE_TOO_MANY_DECIMALS = "price_too_many_decimals"
    PRICE_ZERO = "price_zero"
    PRICE_NEGATIVE = "price_negative"
    PRICE_TOO_HIGH = "price_too_high"
    DUPLICATE = "duplicate"


class PromoFileProblem(StrEnum):
    """Why a readable CSV file is still no usable price file (``CsvProblem`` covers the rest)."""

    TOO_MANY_ROWS = "too_many_rows"
    NO_ROWS = "no_rows"
    NO_VALID_ROWS = "no_valid_rows"


class PromoRowError(Exception):
    """One field of a row is not usable; ``reason`` is German and safe to show to the merchant."""

    def __init__(self, code: RejectionCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class AcceptedPromoPrice(NamedTuple):
    line: int
    product_id: str
    price: Decimal  # two decimals, in the import's currency


class RejectedPromoRow(NamedTuple):
    line: int
    product_id: str  # trimmed, as read
    code: RejectionCode
    reason: str


@dataclass(frozen=True)
class PromoCsvSummary:
    encoding: TextEncoding
    byte_order_mark: bool
    separator: str | None
    header: tuple[str, ...] | None  # the header row's labels, None when the file has none
    rows_read: int  # data rows: neither blank nor the header
    accepted: int
    rejected: int  # duplicates included
    duplicates: int

    @property
    def has_header(self) -> bool:
        return self.header is not None


PromoCsvEvent = AcceptedPromoPrice | RejectedPromoRow | PromoCsvSummary


class PromoFileUnusableError(ValidationError):
    """The whole file is unusable: keep the previous prices. ``summary`` holds what was read so far."""

    status = 422
    code = "promo_file_unusable"
    default_message = "Die Preisdatei ist nicht verwendbar."

    def __init__(
        self,
        problem: CsvProblem | PromoFileProblem,
        message: str,
        *,
        summary: PromoCsvSummary,
        line: int | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.problem = problem
        self.summary = summary
        self.line = line


# --- prices ----------------------------------------------------------------------------------

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2212": "-"})
_SIMPLE_PRICE = re.compile(r"\d{1,6}(?:,\d\d?)?", re.ASCII)  # the documented format, fast path
_PRICE_BODY = re.compile(r"\d(?:[\d.,' ]*\d)?", re.ASCII)
_WHOLE_EUROS = re.compile(r"[.,]--?\Z")  # "19,-": 19 euros, no cents
_GROUPING = ".,' "
_DROP_GROUPING = str.maketrans("", "", _GROUPING)


def _strip_marks(text: str, marks: Collection[str]) -> str:
    upper = text.upper()
    for mark in marks:
        mark_upper = mark.upper()
        if upper.startswith(mark_upper):
            text, upper = text[len(mark) :].strip(), upper[len(mark) :].strip()
        if upper.endswith(mark_upper):
            text, upper = text[: -len(mark)].strip(), upper[: -len(mark)].strip()
    return text


def _grouped(digits: str, separator: str) -> bool:
    """``digits`` grouped in threes by ``separator`` (the first group 1 to 3 digits)."""
    groups = digits.split(separator)
    return (
        1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and all(g.isdigit() for g in groups)
    )


def _number(body: str, shown: str) -> Decimal:
    """The value of ``body`` (digits and separators, a digit at each end); see the module docstring."""
    separators = {c for c in body if c in _GROUPING}
    if not separators:
        return Decimal(body)
    decimal_at = max(body.rfind(","), body.rfind("."))
    not_a_number = PromoRowError(RejectionCode.PRICE_NOT_A_NUMBER, f"Preis „{shown}“ ist keine gültige Zahl.")
    if decimal_at < 0 or body.count(body[decimal_at]) > 1:  # only thousands separators
        if len(separators) > 1 or not _grouped(body, separators.pop()):
            raise not_a_number
        return Decimal(body.translate(_DROP_GROUPING))
    whole, fraction = body[:decimal_at], body[decimal_at + 1 :]
    if not fraction.isdigit():
        raise not_a_number
    grouping = {c for c in whole if c in _GROUPING}
    if len(grouping) > 1 or (grouping and not _grouped(whole, grouping.pop())):
        raise not_a_number
    if len(fraction) == 3 and not grouping and len(whole) <= 3 and not whole.startswith("0"):
        raise PromoRowError(
            RejectionCode.PRICE_AMBIGUOUS,
            f"Preis „{shown}“ ist mehrdeutig ({whole}{fraction} oder {whole},{fraction}?). "
            f"Bitte mit Dezimalkomma und zwei Nachkommastellen angeben, z. B. {whole}{fraction},00.",
        )
    if len(fraction) > 2:
        raise PromoRowError(
            RejectionCode.PRICE_TOO_MANY_DECIMALS, f"Preis „{shown}“ hat mehr als zwei Nachkommastellen."
        )
    return Decimal(f"{whole.translate(_DROP_GROUPING)}.{fraction}")


def parse_promo_price(
    text: str, *, max_price: Decimal = DEFAULT_MAX_PRICE, currency_marks: Collection[str] = EURO_MARKS
) -> Decimal:
    """The price in ``text`` with two decimals, or ``PromoRowError`` saying why it is none."""
    shown = text.strip()
    if _SIMPLE_PRICE.fullmatch(shown):
        value = Decimal(shown.replace(",", "."))
    else:
        body = _strip_marks(shown.translate(_SPACES), currency_marks)
        if not body:
            raise PromoRowError(RejectionCode.PRICE_MISSING, "Preis fehlt (Spalte 2).")
        whole_euros = _WHOLE_EUROS.search(body)
        if whole_euros:
            body = body[: whole_euros.start()]
        negative = body.startswith("-") or body.endswith("-")
        body = body.strip("-").strip()
        if not _PRICE_BODY.fullmatch(body):
            raise PromoRowError(RejectionCode.PRICE_NOT_A_NUMBER, f"Preis „{shown}“ ist keine gültige Zahl.")
        value = _number(body, shown)
        if negative and value:
            raise PromoRowError(RejectionCode.PRICE_NEGATIVE, f"Preis „{shown}“ ist negativ.")
    if not value:
        raise PromoRowError(RejectionCode.PRICE_ZERO, "Preis ist 0.")
    if value > max_price:
        raise PromoRowError(
            RejectionCode.PRICE_TOO_HIGH,
            f"Preis „{shown}“ liegt über der Obergrenze von {_german(max_price)}.",
        )
    return value.quantize(CENT)


def _german(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# --- product ids -----------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+", re.ASCII)
_EXCEL_HINT = "Excel hat die EAN als Zahl gekürzt: Spalte als Text formatieren."


def gtin_check_digit(body: str) -> int:
    """The GTIN (EAN/UPC) mod-10 check digit for ``body``, the digits before it."""
    digits = body.encode("ascii")
    odd, even = digits[-1::-2], digits[-2::-2]  # odd ones (from the right) weigh 3
    total = 3 * (sum(odd) - 48 * len(odd)) + sum(even) - 48 * len(even)  # 48: ord("0")
    return (10 - total % 10) % 10


def check_ean(text: str) -> str:
    """The trimmed EAN (leading zeros kept), or ``PromoRowError``."""
    ean = text.strip()
    if not ean:
        raise PromoRowError(RejectionCode.PRODUCT_ID_MISSING, "EAN fehlt (Spalte 1).")
    if not (ean.isdigit() and ean.isascii()):
        if _SCIENTIFIC.fullmatch(ean):
            raise PromoRowError(RejectionCode.EAN_SCIENTIFIC_NOTATION, f"EAN „{ean}“: {_EXCEL_HINT}")
        raise PromoRowError(RejectionCode.EAN_NOT_DIGITS, f"EAN „{ean}“ darf nur Ziffern enthalten.")
    if len(ean) not in EAN_LENGTHS:
        padded = ean.zfill(13)
        if 6 <= len(ean) < 13 and int(padded[-1]) == gtin_check_digit(padded[:-1]):
            raise PromoRowError(
                RejectionCode.EAN_LEADING_ZEROS_LOST,
                f"EAN „{ean}“ hat {len(ean)} Ziffern: Excel hat vermutlich die führenden Nullen entfernt "
                f"({padded}). Spalte als Text formatieren.",
            )
        raise PromoRowError(
            RejectionCode.EAN_LENGTH, f"EAN „{ean}“ hat {len(ean)} Ziffern, erlaubt sind 8, 12, 13 oder 14."
        )
    expected = gtin_check_digit(ean[:-1])
    if int(ean[-1]) != expected:
        raise PromoRowError(
            RejectionCode.EAN_CHECK_DIGIT, f"EAN „{ean}“: Prüfziffer falsch (erwartet {expected})."
        )
    return ean


def check_item_number(text: str) -> str:
    """The trimmed pixi shop item number, or ``PromoRowError``."""
    number = text.strip()
    if not number:
        raise PromoRowError(RejectionCode.PRODUCT_ID_MISSING, "Artikelnummer fehlt (Spalte 1).")
    if len(number) > ITEM_NUMBER_MAX_LENGTH:
        raise PromoRowError(
            RejectionCode.ITEM_NUMBER_TOO_LONG,
            f"Artikelnummer ist länger als {ITEM_NUMBER_MAX_LENGTH} Zeichen ({len(number)}).",
        )
    if not number.isprintable() and any(unicodedata.category(c).startswith("C") for c in number):
        raise PromoRowError(
            RejectionCode.ITEM_NUMBER_CONTROL_CHARACTERS, "Artikelnummer enthält Steuerzeichen."
        )
    return number


# --- rows ------------------------------------------------------------------------------------

_SPLIT_WHOLE = re.compile(r"-?\d[\d.]*", re.ASCII)
_SPLIT_CENTS = re.compile(r"\d+", re.ASCII)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")


@dataclass
class _Counts:
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    header: tuple[str, ...] | None = None
    first_lines: dict[int | str, int] = field(default_factory=dict)  # accepted id -> its line


class _PromoRows:
    """Turns the records of one file into events; holds the counts and the seen ids."""

    def __init__(self, stream: CsvStream, id_type: IdType, limits: PromoCsvLimits) -> None:
        self._stream = stream
        self._id_type = id_type
        self._limits = limits
        self._check_id = check_ean if id_type is IdType.EAN else check_item_number
        self._price = functools.partial(
            parse_promo_price, max_price=limits.max_price, currency_marks=limits.currency_marks
        )
        self._comma_separated = False
        self.counts = _Counts()

    def summary(self) -> PromoCsvSummary:
        c = self.counts
        return PromoCsvSummary(
            encoding=self._stream.encoding,
            byte_order_mark=self._stream.byte_order_mark,
            separator=self._stream.separator,
            header=c.header,
            rows_read=c.rows_read,
            accepted=c.accepted,
            rejected=c.rejected,
            duplicates=c.duplicates,
        )

    def events(self) -> Iterator[AcceptedPromoPrice | RejectedPromoRow]:
        counts, max_rows = self.counts, self._limits.max_rows
        records = self._stream.records()
        first = next(records, None)
        self._comma_separated = self._stream.separator == ","
        if first is not None and self._is_header(first):
            counts.header = tuple(f.strip() for f in first.fields)
        elif first is not None:
            counts.rows_read += 1
            yield self._row(first)
        for record in records:
            if counts.rows_read >= max_rows:
                raise _Unusable(
                    PromoFileProblem.TOO_MANY_ROWS,
                    f"Die Datei hat mehr als {max_rows} Preiszeilen.",
                    line=record.line,
                )
            counts.rows_read += 1
            yield self._row(record)

    def _is_header(self, record: CsvRecord) -> bool:
        if len(record.fields) < 2:
            return False
        label_id, label_price = record.fields[0].strip(), record.fields[1].strip()
        if not _HAS_LETTER.search(label_price) or not _HAS_LETTER.search(label_id):
            return False
        if self._id_type is IdType.ITEM_NUMBER and _HAS_DIGIT.search(label_id):
            return False
        try:
            self._price(label_price)
        except PromoRowError:
            return True
        return False

    def _row(self, record: CsvRecord) -> AcceptedPromoPrice | RejectedPromoRow:
        fields = record.fields
        raw_id = fields[0].strip()
        if self._comma_separated:
            raw_id = self._excel_split_ean(record) or raw_id
        try:
            price_text = self._comma_price_text(record) if self._comma_separated else _column_2(fields)
            if "\ufffd" in raw_id or "\ufffd" in price_text:
                raise PromoRowError(
                    RejectionCode.UNREADABLE_CHARACTERS,
                    f"Zeile enthält Zeichen, die in der Kodierung der Datei ({self._stream.encoding}) "
                    "nicht lesbar sind.",
                )
            product_id = self._check_id(raw_id)
            price = self._price(price_text)
        except PromoRowError as problem:
            return self._reject(record.line, raw_id, problem.code, problem.reason)
        key: int | str = int("1" + product_id) if self._id_type is IdType.EAN else product_id
        first_line = self.counts.first_lines.setdefault(key, record.line)
        if first_line != record.line:
            self.counts.duplicates += 1
            return self._reject(
                record.line, raw_id, RejectionCode.DUPLICATE, f"doppelt, zuerst in Zeile {first_line}"
            )
        self.counts.accepted += 1
        return AcceptedPromoPrice(record.line, product_id, price)

    def _reject(self, line: int, product_id: str, code: RejectionCode, reason: str) -> RejectedPromoRow:
        self.counts.rejected += 1
        return RejectedPromoRow(line, product_id, code, reason)

    def _excel_split_ean(self, record: CsvRecord) -> str | None:
        """``4,00638E+12`` unquoted with ``,`` as separator arrives as ``4`` and ``00638E+12``."""
        fields = record.fields
        if self._id_type is IdType.EAN and len(fields) > 1 and not record.quoted:
            joined = f"{fields[0].strip()},{fields[1].strip()}"
            if fields[0].strip().isdigit() and _SCIENTIFIC.fullmatch(joined):
                return joined
        return None

    def _comma_price_text(self, record: CsvRecord) -> str:
        """Column 2, or columns 2 and 3 joined where the header shows a decimal comma split them."""
        fields = record.fields
        marks = self._limits.currency_marks
        if (
            len(fields) < 3
            or record.was_quoted(1)
            or record.was_quoted(2)
            or not _SPLIT_WHOLE.fullmatch(_strip_marks(fields[1].strip(), marks))
            or not _SPLIT_CENTS.fullmatch(_strip_marks(fields[2].strip(), marks))
        ):
            return _column_2(fields)
        header = self.counts.header
        if header is not None and len(header) == len(fields) - 1:
            return f"{fields[1]},{fields[2]}"
        if header is not None and len(header) >= len(fields):
            return fields[1]
        raise PromoRowError(
            RejectionCode.PRICE_SPLIT_BY_SEPARATOR,
            f"Preis „{fields[1].strip()},{fields[2].strip()}“ oder „{fields[1].strip()}“? Das Komma ist "
            'hier das Spaltentrennzeichen: Preis in Anführungszeichen setzen ("19,99") oder ; als '
            "Trennzeichen verwenden.",
        )


def _column_2(fields: list[str]) -> str:
    return fields[1] if len(fields) > 1 else ""


class _Unusable(Exception):
    def __init__(self, problem: CsvProblem | PromoFileProblem, message: str, *, line: int | None = None):
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.line = line


def parse_promo_prices(
    chunks: Iterable[bytes], id_type: IdType, limits: PromoCsvLimits | None = None
) -> Iterator[PromoCsvEvent]:
    """The events of one promo price file (see the module docstring), the summary last.

    Raises ``PromoFileUnusableError`` when the file cannot be used at all, as soon as that is known.
    """
    limits = limits or PromoCsvLimits()
    rows = _PromoRows(CsvStream(chunks, max_record_length=limits.max_line_length), id_type, limits)
    try:
        yield from rows.events()
        counts = rows.counts
        if counts.rows_read == 0:
            raise _Unusable(PromoFileProblem.NO_ROWS, "Die Datei enthält keine Preiszeilen.")
        if counts.accepted == 0:
            raise _Unusable(
                PromoFileProblem.NO_VALID_ROWS,
                f"Keine Zeile der Datei ist verwendbar ({counts.rejected} abgelehnt).",
            )
    except (CsvUnreadableError, _Unusable) as problem:
        raise PromoFileUnusableError(
            problem.problem, problem.message, summary=rows.summary(), line=problem.line
        ) from None
    yield rows.summary()

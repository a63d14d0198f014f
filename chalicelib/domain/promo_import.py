"""The promo price import (P1) as records and rules: what is configured per pixi connection and
currency, what one import run did, when the schedule is due, the preview of a file and the CSV
report of its rejected rows. Parsing a file is ``chalicelib.domain.promo_price_csv``.

**Schedule.** Imports run at 06:00 and 14:00 German time. EventBridge's cron is UTC and knows no
time zone, so the rule fires at both UTC hours each local hour can be (04/05 and 12/13 UTC: CEST
is UTC+2, CET UTC+1) and ``import_due`` decides whether the scheduled instant is 06:00 or 14:00 in
Europe/Berlin. Exactly one of each pair is, on every day, the days of the switch included.

**Generations.** Every run writes its prices as a new generation (its run id); the configuration's
active pointer moves to it only when the whole file was read, so an import that fails halfway
leaves the previous prices in use.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from chalicelib.domain.promo_price_csv import (
    AcceptedPromoPrice,
    IdType,
    PromoCsvLimits,
    PromoCsvSummary,
    RejectedPromoRow,
    parse_promo_prices,
)
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ValidationError

GERMAN_TIME = ZoneInfo("Europe/Berlin")
IMPORT_HOURS = (6, 14)
"""The hours (German time) at which the configured files are fetched and imported."""
SCHEDULE_UTC_HOURS = "4,5,12,13"
"""The UTC hours of the EventBridge rule: each import hour is one of a pair, by the season."""

PREVIEW_ACCEPTED = 100
"""Accepted rows a preview shows (its counts cover the whole file)."""
PREVIEW_REJECTED_MAX = 10_000
"""Rejected rows a preview lists at most (an answer must stay below API Gateway's 6 MB)."""
REPORT_REJECTED_MAX = 100_000
"""Rejected rows a run keeps for its CSV report at most."""

_CURRENCY = re.compile(r"^[A-Z]{3}$")
CURRENCY_MESSAGE = "Bitte einen Währungscode aus drei Großbuchstaben angeben, z. B. EUR."


class ImportTrigger(StrEnum):
    SCHEDULE = "schedule"
    MANUAL = "manual"


class RunOutcome(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (RunOutcome.SUCCEEDED, RunOutcome.FAILED)


def import_due(scheduled_at: datetime) -> bool:
    """True when ``scheduled_at`` (a UTC instant, the time of a scheduled event) lies in the hour
    06:00 or 14:00 in Europe/Berlin."""
    if scheduled_at.tzinfo is None:
        raise ValueError("scheduled_at must carry its time zone")
    return scheduled_at.astimezone(GERMAN_TIME).hour in IMPORT_HOURS


def scheduled_time(text: str) -> datetime:
    """The instant of an EventBridge event's ``time`` (``2026-03-29T04:00:00Z``), in UTC."""
    at = datetime.fromisoformat(text)
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)


def checked_currency(currency: str) -> str:
    """The ISO 4217 code as given (``EUR``), or a 400 on ``currency``."""
    if not _CURRENCY.match(currency):
        raise ValidationError(CURRENCY_MESSAGE, fields={"currency": CURRENCY_MESSAGE})
    return currency


@dataclass(frozen=True)
class PriceSet:
    """The prices of one generation of one currency of one pixi connection."""

    connection: ConnectionRef
    currency: str
    generation: str

    @property
    def key(self) -> str:
        c = self.connection
        return f"{c.tenant_id}#{c.connection_id}#{self.currency}#{self.generation}"


@dataclass(frozen=True)
class ActivePriceSet:
    """The generation whose prices are in use, with the id type its product ids have."""

    generation: str
    id_type: IdType
    since: datetime
    prices: int


@dataclass(frozen=True)
class PromoImportConfig:
    """Where the promo price file of one currency of one pixi connection comes from."""

    connection: ConnectionRef
    currency: str
    url: str
    id_type: IdType
    active: bool  # imported by the schedule; "Jetzt importieren" works either way
    updated_at: datetime | None = None
    updated_by: str = ""
    active_set: ActivePriceSet | None = None
    running_run_id: str | None = None


@dataclass(frozen=True)
class PromoImportRun:
    """One import of one configuration: queued, running (``rows_read`` so far), then finished."""

    run_id: str  # also the generation its prices are written as
    connection: ConnectionRef
    currency: str
    trigger: ImportTrigger
    url: str
    id_type: IdType
    queued_at: datetime
    started_by: str  # the agent's e-mail, or "schedule"
    outcome: RunOutcome = RunOutcome.QUEUED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejected_kept: int = 0  # rejected rows in the report (at most REPORT_REJECTED_MAX)
    message: str = ""  # why it failed, in German

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 3)


def new_run_id(at: datetime, token: str) -> str:
    """A run id that sorts by time (``20260329T040000123456Z-<token>``)."""
    return f"{at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}-{token}"


def scheduled_run_id(slot: datetime, connection: ConnectionRef, currency: str) -> str:
    """The one run id of a configuration in a schedule slot: a slot delivered twice queues one run."""
    digest = hashlib.sha256(f"{connection.connection_id}#{currency}".encode()).hexdigest()[:8]
    return new_run_id(slot, f"s{digest}")


@dataclass(frozen=True)
class PromoFilePreview:
    """What a file would import: the counts of the whole file and samples of its rows."""

    summary: PromoCsvSummary
    accepted: list[AcceptedPromoPrice] = field(default_factory=list)  # the first PREVIEW_ACCEPTED
    rejected: list[RejectedPromoRow] = field(default_factory=list)  # up to PREVIEW_REJECTED_MAX

    @property
    def rejected_truncated(self) -> bool:
        return self.summary.rejected > len(self.rejected)


def preview_price_file(
    chunks: Iterable[bytes], id_type: IdType, limits: PromoCsvLimits | None = None
) -> PromoFilePreview:
    """Read the whole file without keeping it; ``PromoFileUnusableError`` when it cannot be used."""
    accepted: list[AcceptedPromoPrice] = []
    rejected: list[RejectedPromoRow] = []
    for event in parse_promo_prices(chunks, id_type, limits):
        if isinstance(event, AcceptedPromoPrice):
            if len(accepted) < PREVIEW_ACCEPTED:
                accepted.append(event)
        elif isinstance(event, RejectedPromoRow):
            if len(rejected) < PREVIEW_REJECTED_MAX:
                rejected.append(event)
        else:
            return PromoFilePreview(summary=event, accepted=accepted, rejected=rejected)
    raise AssertionError("the parser ends with a summary or raises")  # pragma: no cover


REPORT_HEADER = ("Zeile", "Produkt-ID", "Grund", "Code")


def rejected_rows_csv(rows: Iterable[RejectedPromoRow]) -> Iterator[str]:
    """The rejected rows as a CSV report for Excel: UTF-8 with BOM, ``;``, CRLF, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(REPORT_HEADER)
    yield "\ufeff" + taken()
    for row in rows:
        writer.writerow((row.line, _no_formula(row.product_id), row.reason, row.code.value))
        yield taken()


def _no_formula(text: str) -> str:
    """A cell Excel would run as a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def price_text(price: Decimal) -> str:
    """How a price is stored and answered: two decimals, a point (``19.99``)."""
    return f"{price:.2f}"

"""A placed order (O4): an order document sent to pixi's import channel, followed until pixi imported
or refused it. Recorded before it is sent, so a timeout never loses it and nothing is sent twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.order_import import ImportStatus
from chalicelib.domain.tenant import ConnectionRef


class PlacedOrderStatus(StrEnum):
    SENDING = "sending"  # recorded, the document is being handed to pixi (or the answer got lost)
    SENT = "sent"  # pixi has the document (XMLKey), not yet looked at
    PARSED = "parsed"  # pixi read it and waits for its import job (XPA)
    IMPORTED = "imported"  # a pixi order exists (XIM/OK)
    FAILED = "failed"  # pixi refused it; the reason says why

    @property
    def settled(self) -> bool:
        return self in (PlacedOrderStatus.IMPORTED, PlacedOrderStatus.FAILED)


# pixi's import statuses in words (pixi-api.md section 10), German, Sie-form.
IMPORT_STATUS_REASONS: dict[str, str] = {
    "NEI": "Ein Artikel der Bestellung ist in pixi unbekannt. Bitte den Artikel im Warenkorb prüfen.",
    "XER": "pixi konnte das Bestelldokument nicht lesen (ungültige Angaben).",
    "XEC": "pixi hat das Bestelldokument wegen eines Fehlers beim Umwandeln abgelehnt.",
    "Err": "pixi hat die Bestellung abgelehnt.",
    "NOX": "pixi hat kein Bestelldokument erhalten.",
    "RTE": "Beim Import in pixi ist ein Laufzeitfehler aufgetreten.",
    "COC": "pixi hat die Bestellung wegen eines Konflikts abgelehnt.",
    "XNI": "pixi hat das Bestelldokument nicht importiert.",
    "SRR": "pixi hat die Bestellung mit einem Serverfehler abgelehnt.",
}
PARSED_STATUSES = frozenset({"XPA", "XPR"})


def reason_for(found: ImportStatus) -> str:
    """What went wrong, in words, with pixi's own message after it."""
    text = IMPORT_STATUS_REASONS.get(found.status, f"pixi meldet den Importstatus {found.status}.")
    return f"{text} (pixi: {found.error})" if found.error else text


@dataclass(frozen=True)
class PlacedOrder:
    order_id: str  # the order number with prefix: ORDER_ID of the document, pixi's OrderNrExternal
    connection: ConnectionRef
    cart_id: str
    customer_number: str
    agent_id: str
    agent_email: str
    channel: int
    document: str  # the document as sent, so a resend sends exactly the same
    status: PlacedOrderStatus
    created_at: datetime
    updated_at: datetime
    xml_log_key: int | None = None
    pixi_order_number: int | None = None
    reason: str = ""

    @property
    def document_id(self) -> str:
        return self.order_id


def status_after(found: ImportStatus | None, current: PlacedOrderStatus) -> tuple[PlacedOrderStatus, str]:
    """The status (and reason) of a placed order after pixi answered ``find_import`` with ``found``.

    None (pixi has no log entry) keeps a sent order as it is; the caller decides whether a ``sending``
    one may be sent again."""
    if found is None:
        return current, ""
    if found.imported:
        return PlacedOrderStatus.IMPORTED, ""
    if found.failed:
        return PlacedOrderStatus.FAILED, reason_for(found)
    if found.status in PARSED_STATUSES:
        return PlacedOrderStatus.PARSED, ""
    return PlacedOrderStatus.SENT, ""

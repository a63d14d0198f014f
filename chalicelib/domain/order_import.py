"""Status of an order document sent through a pixi import channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

IMPORTED = frozenset({"XIM", "OK"})
FAILED = frozenset({"Err", "XER", "XEC", "NEI", "NOX", "RTE", "COC", "XNI", "SRR"})


@dataclass(frozen=True)
class ImportStatus:
    log_key: int
    document_id: str  # ORDER_ID of the document
    status: str
    error: str
    order_number: int | None
    created_at: datetime | None
    updated_at: datetime | None

    @property
    def imported(self) -> bool:
        return self.status in IMPORTED

    @property
    def failed(self) -> bool:
        return self.status in FAILED

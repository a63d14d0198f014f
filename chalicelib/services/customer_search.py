"""S1 customer search: the simple search (one text) and the advanced search (any combination of
fields), in one pixi shop or in all shops of the chosen connection.

Simple search: three ``pixiCustomerSearch`` calls (e-mail contains, customer number and last name
begin with the text) run concurrently; the answers are merged, de-duplicated by customer key and
sorted by name. Advanced search: one call with every given field (pixi ANDs them). Both show at
most ``limit`` rows and say how many were found: pixi is asked for up to ``COUNT_LIMIT`` rows, so
``total`` is exact up to that many and ``total_capped`` says "more than that".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from chalicelib.concurrency import run_concurrently
from chalicelib.domain.customer import (
    ADVANCED_SEARCH_FIELDS,
    NO_CRITERIA_MESSAGE,
    CustomerSummary,
    advanced_search_filters,
    counted_search_results,
    normalise_shop,
)
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import ValidationError
from chalicelib.services.pixi_cache import tenant_pixi

if TYPE_CHECKING:
    from chalicelib.adapters.pixi import CustomerCriteria

SIMPLE_SEARCH_LIMIT = 50
COUNT_LIMIT = 500
"""Rows asked of pixi per search to count the hits (RowCount 501: one more says "more than 500")."""
MIN_QUERY_LENGTH = 3
MAX_QUERY_LENGTH = 100
QUERY_TOO_SHORT_MESSAGE = f"Bitte mindestens {MIN_QUERY_LENGTH} Zeichen eingeben."
MIXED_SEARCH_MESSAGE = "Bitte entweder die einfache Suche oder die erweiterte Suche verwenden."


@dataclass(frozen=True)
class CustomerSearchResult:
    customers: list[CustomerSummary]
    truncated: bool
    limit: int
    total: int = 0
    """Customers found, counted up to ``COUNT_LIMIT``."""
    total_capped: bool = False
    """True when pixi has more than ``total`` matches."""


def search_text(q: str) -> str:
    """The search text as pixi gets it: trimmed, without LIKE wildcards, long enough."""
    text = q.replace("%", "").replace("*", "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        raise ValidationError(QUERY_TOO_SHORT_MESSAGE, fields={"q": QUERY_TOO_SHORT_MESSAGE})
    return text


def simple_search_criteria(text: str, shop_id: str | None = None) -> list[CustomerCriteria]:
    from chalicelib.adapters.pixi import CustomerCriteria

    return [
        CustomerCriteria(email=f"%{text}%", shop_id=shop_id),
        CustomerCriteria(customer_number=f"{text}%", shop_id=shop_id),
        CustomerCriteria(name=f"{text}%", shop_id=shop_id),
    ]


def advanced_search_criteria(
    filters: Mapping[str, str | int], shop_id: str | None = None
) -> CustomerCriteria:
    """The pixi criteria of normalised advanced-search filters (see ``advanced_search_filters``)."""
    from chalicelib.adapters.pixi import CustomerCriteria

    values: dict[str, Any] = dict(filters)
    return CustomerCriteria(**values, shop_id=shop_id)


def simple_search(
    connection: ConnectionRef, q: str, limit: int = SIMPLE_SEARCH_LIMIT, shop: str | None = None
) -> CustomerSearchResult:
    text = search_text(q)
    shop_id = normalise_shop(shop)
    pixi = tenant_pixi(connection)
    calls = [partial(pixi.search_customers, c, COUNT_LIMIT) for c in simple_search_criteria(text, shop_id)]
    answers = run_concurrently(*calls)
    return _result(answers, limit)


def advanced_search(
    connection: ConnectionRef,
    values: Mapping[str, str | None],
    limit: int = SIMPLE_SEARCH_LIMIT,
    shop: str | None = None,
) -> CustomerSearchResult:
    filters = advanced_search_filters(values)
    criteria = advanced_search_criteria(filters, normalise_shop(shop))
    answer = tenant_pixi(connection).search_customers(criteria, COUNT_LIMIT)
    return _result([answer], limit)


def search_customers(
    connection: ConnectionRef, q: str | None, fields: Mapping[str, str | None], shop: str | None = None,
    limit: int = SIMPLE_SEARCH_LIMIT,
) -> CustomerSearchResult:
    """The simple search when ``q`` is given, else the advanced search of ``fields``; not both."""
    advanced = {name: fields.get(name) for name in ADVANCED_SEARCH_FIELDS if (fields.get(name) or "").strip()}
    if q is not None and q.strip() and advanced:
        raise ValidationError(MIXED_SEARCH_MESSAGE, fields={"q": MIXED_SEARCH_MESSAGE})
    if q is not None and not advanced:
        return simple_search(connection, q, limit, shop)
    if not advanced:
        raise ValidationError(
            NO_CRITERIA_MESSAGE, fields={"q": QUERY_TOO_SHORT_MESSAGE, "criteria": NO_CRITERIA_MESSAGE}
        )
    return advanced_search(connection, advanced, limit, shop)


def _result(answers: Sequence[tuple[Sequence[CustomerSummary], bool]], limit: int) -> CustomerSearchResult:
    customers, truncated, total, capped = counted_search_results(answers, limit, COUNT_LIMIT)
    return CustomerSearchResult(
        customers=customers, truncated=truncated, limit=limit, total=total, total_capped=capped
    )

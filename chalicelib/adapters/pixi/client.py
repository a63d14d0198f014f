"""The app's pixi client: one object per tenant connection, safe to share between threads.

Reads retry with exponential backoff on timeouts, connection errors and 5xx; writes (order
import, processing, order comments) are sent exactly once. Every failure is one of the pixi
errors of :mod:`chalicelib.errors` with a German message for the agent; details (call, host,
HTTP status, fault text) go to the log and ``detail``, never the password.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from chalicelib.adapters.pixi import mapping
from chalicelib.adapters.pixi.connection import ConnectionCheck, PixiConnection
from chalicelib.adapters.pixi.result import SqlResult, raise_for_error_rows
from chalicelib.adapters.pixi.soap import SoapChannel
from chalicelib.concurrency import run_concurrently
from chalicelib.domain.customer import Address, Customer, CustomerSummary
from chalicelib.domain.invoice import Invoice
from chalicelib.domain.item import Item, Stock
from chalicelib.domain.order import Order, OrderHeader, OrderLine
from chalicelib.domain.order_import import ImportStatus
from chalicelib.domain.reference import Country, Currency, PaymentType, Shop
from chalicelib.errors import (
    NotFoundError,
    PixiAuthError,
    PixiError,
    PixiResponseError,
    PixiTimeoutError,
    PixiUnavailableError,
)
from chalicelib.log import logger

DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 0.2  # seconds; doubled per retry (0.2 s, 0.4 s)
DEFAULT_RETRY_BUDGET = 25.0
"""Seconds a read may take in total: a retry that could end later is not started (API Gateway
cuts requests at 29 s, so one slow 20 s timeout is not followed by another)."""
IMPORT_OPERATION = "ORDER"
FOLLOWING_PAGE_ROWS = 4
"""A later order page first asks pixi for this many pages' worth of rows (then doubles)."""
MAX_ORDER_ROWS = 100_000
"""The most order headers one request asks for (pixi's own bulk reads stop at 100,000)."""


@dataclass(frozen=True)
class CustomerCriteria:
    """Filters of a customer search, sent to pixiCustomerSearch as given (ANDed by pixi).

    Values are plain text; the only rewrite is ``*`` -> ``%`` (SQL LIKE wildcard), so
    ``"Muster*"`` finds "Mustermann" while ``"Muster"`` matches exactly (case-insensitive).
    """

    name: str | None = None  # last name or company
    first_name: str | None = None
    email: str | None = None
    customer_number: str | None = None  # CustomerNrExternal
    zip_code: str | None = None
    city: str | None = None
    street: str | None = None
    country: str | None = None
    phone: str | None = None
    order_number: int | None = None
    invoice_number: str | None = None
    shop_id: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "Name": _like(self.name),
            "FirstName": _like(self.first_name),
            "eMail": _like(self.email),
            "CustNrExternal": _like(self.customer_number),
            "Zip": _like(self.zip_code),
            "City": _like(self.city),
            "Address": _like(self.street),
            "Country": _like(self.country),
            "Phone": _like(self.phone),
            "OrderNr": self.order_number,
            "InvoiceNr": _plain(self.invoice_number),
            "ShopID": _plain(self.shop_id),
        }

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in self.params().values())


def _plain(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _like(value: str | None) -> str | None:
    value = _plain(value)
    return value.replace("*", "%") if value else None


class PixiClient:
    """pixi calls for one connection; see the module docstring for retries and errors."""

    def __init__(
        self,
        connection: PixiConnection,
        *,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        retry_budget: float = DEFAULT_RETRY_BUDGET,
    ) -> None:
        self.connection = connection
        self.retries = retries
        self.backoff = backoff
        self.retry_budget = retry_budget
        self._channel = SoapChannel(connection)

    def __repr__(self) -> str:
        return f"PixiClient({self._channel.endpoint!r}, user={self.connection.username!r})"

    @property
    def endpoint(self) -> str:
        return self._channel.endpoint

    def close(self) -> None:
        self._channel.close()

    # --- calls ----------------------------------------------------------------------------------

    def _read(self, call: str, **params: Any) -> SqlResult:
        """A read call: retried on timeouts, connection errors and 5xx, within the retry budget."""
        started = time.monotonic()
        worst_attempt = self.connection.connect_timeout + self.connection.read_timeout
        attempt = 0
        while True:
            try:
                result = self._channel.call(call, params)
                break
            except (PixiUnavailableError, PixiTimeoutError) as exc:
                if attempt >= self.retries or not exc.context.get("retryable", False):
                    raise
                delay = self.backoff * (2**attempt)
                if time.monotonic() - started + delay + worst_attempt > self.retry_budget:
                    logger.info("pixi %s: no retry, it could exceed %.1f s", call, self.retry_budget)
                    raise
                attempt += 1
                logger.info("pixi %s: retry %d in %.2f s (%s)", call, attempt, delay, exc.code)
                time.sleep(delay)
        raise_for_error_rows(result, call)
        return result

    def _write(self, call: str, **params: Any) -> SqlResult:
        """A write call: sent exactly once, never retried (it may have been applied)."""
        result = self._channel.call(call, params)
        raise_for_error_rows(result, call)
        return result

    # --- customers ------------------------------------------------------------------------------

    def search_customers(
        self, criteria: CustomerCriteria, limit: int = 50
    ) -> tuple[list[CustomerSummary], bool]:
        """Customers matching every given criterion; (rows, truncated). Asks pixi for limit+1."""
        limit = max(1, limit)
        result = self._read("pixiCustomerSearch", **criteria.params(), RowCount=limit + 1)
        rows = [mapping.customer_summary(r) for r in result.rows(0)]
        return rows[:limit], len(rows) > limit

    def get_customer(self, customer_key: int, *, addresses: bool = True) -> Customer:
        """The customer, with its default billing and shipping addresses unless ``addresses=False``.

        pixiGetCustomerInfo documents one row set without a ``CustKey`` column: the customer keeps
        the key asked for, and its addresses are read by key with pixiGetAddress (``get_addresses``).
        """
        info = self._read("pixiGetCustomerInfo", CustKey=customer_key).rows(0)
        if not info:
            raise NotFoundError("Kunde nicht gefunden.", detail=f"CustKey {customer_key}")
        customer = mapping.customer(info[0], customer_key)
        if not addresses:
            return customer
        return replace(customer, addresses=tuple(self.get_addresses(customer.address_keys)))

    def get_addresses(self, address_keys: Sequence[int]) -> list[Address]:
        """Addresses by key, read at the same time; a key pixi no longer knows is left out."""
        found = run_concurrently(*(partial(self._address_or_none, key) for key in address_keys))
        return [a for a in found if a is not None]

    def _address_or_none(self, address_key: int) -> Address | None:
        rows = self._read("pixiGetAddress", AddrKey=address_key).rows(0)
        return mapping.address(rows[0]) if rows else None

    def get_address(self, address_key: int) -> Address:
        address = self._address_or_none(address_key)
        if address is None:
            raise NotFoundError("Adresse nicht gefunden.", detail=f"AddrKey {address_key}")
        return address

    # --- orders ---------------------------------------------------------------------------------

    def list_orders(
        self, customer_key: int, limit: int = 20, before_order_number: int | None = None
    ) -> tuple[list[OrderHeader], bool]:
        """A customer's orders, newest first; page on with ``before_order_number`` = last OrderNr.

        pixiGetOrderHeader documents no paging key, only ``RowCount`` (the newest n): a later page
        asks for more rows, doubling until it holds ``limit`` + 1 orders below the marker or pixi
        has no more. Sorting and the marker filter are done here, whatever order pixi answers in.
        """
        limit = max(1, limit)
        row_count = limit + 1 if before_order_number is None else FOLLOWING_PAGE_ROWS * (limit + 1)
        while True:
            rows = self._read("pixiGetOrderHeader", CustKey=customer_key, RowCount=row_count).rows(0)
            orders = [mapping.order_header(r) for r in rows]
            if before_order_number is not None:
                orders = [o for o in orders if o.order_number < before_order_number]
            if len(orders) > limit or len(rows) < row_count or row_count >= MAX_ORDER_ROWS:
                break
            row_count = min(row_count * 2, MAX_ORDER_ROWS)
        orders.sort(key=lambda o: o.order_number, reverse=True)
        return orders[:limit], len(orders) > limit

    def get_order(self, order_number: int) -> Order:
        """One order with addresses, lines and invoices, all from one pixiGetOrder call."""
        xml = f"<OrderNrs><OrderNr>{int(order_number)}</OrderNr></OrderNrs>"
        rows = self._read("pixiGetOrder", OrderNrXML=xml).rows(0)
        match = [r for r in rows if mapping.to_int(r.get("OrderNr")) == order_number] or rows
        if not match:
            raise NotFoundError("Auftrag nicht gefunden.", detail=f"OrderNr {order_number}")
        return mapping.order(match[0])

    def list_order_lines(self, order_number: int) -> list[OrderLine]:
        rows = self._read("pixiGetOrderline", OrderNR=order_number).rows(0)
        return [mapping.order_line(r) for r in rows]

    def list_invoices(
        self, *, order_number: int | None = None, customer_key: int | None = None
    ) -> list[Invoice]:
        """Invoices of an order (pixiGetInvoice) or of a customer (pixiGetInvoicesForCustomer)."""
        if order_number is not None:
            rows = self._read("pixiGetInvoice", OrderNR=order_number).rows(0)
            if customer_key is not None:
                rows = [r for r in rows if mapping.to_int(r.get("CustKey")) in (None, customer_key)]
        elif customer_key is not None:
            rows = self._read("pixiGetInvoicesForCustomer", CustKey=customer_key).rows(0)
        else:
            raise ValueError("list_invoices needs order_number or customer_key")
        return [mapping.invoice(r) for r in rows]

    # --- items ----------------------------------------------------------------------------------

    def search_items(self, text: str, limit: int = 20) -> list[Item]:
        """Items by name, shop item number or EAN, variations included.

        The calls run in parallel: pixiItemSearch by ``ItemName`` (contains the text, or the user's
        own ``*``/``%`` pattern), for a text of 8 to 14 digits pixiItemSearch by ``EANUPC``, and for a
        text without wildcard pixiGetItemInfo by ``ItemNrInt`` (pixiItemSearch documents no item
        number filter). Number/EAN matches come first; duplicates are dropped.
        """
        query = text.strip()
        if not query:
            return []
        limit = max(1, limit)
        pattern = query.replace("*", "%")
        calls = []
        if query.isdigit() and 8 <= len(query) <= 14:
            calls.append(partial(self._read, "pixiItemSearch", RowCount=limit, EANUPC=pattern))
        if "%" not in pattern:
            calls.append(partial(self._read, "pixiGetItemInfo", ItemNrInt=query))
        name = pattern if "%" in pattern else f"%{pattern}%"
        calls.append(partial(self._read, "pixiItemSearch", RowCount=limit, ItemName=name))
        results = run_concurrently(*calls)
        items: dict[int, Item] = {}
        for result in results:
            for row in result.rows(0):
                found = mapping.item(row)
                items.setdefault(found.item_key, found)
        return list(items.values())[:limit]

    def get_item(
        self, *, item_key: int | None = None, item_number: str | None = None, ean: str | None = None
    ) -> Item:
        given = [v for v in (item_key, item_number, ean) if v is not None]
        if len(given) != 1:
            raise ValueError("get_item needs exactly one of item_key, item_number, ean")
        rows = self._read("pixiGetItemInfo", ItemKey=item_key, ItemNrInt=item_number, EANUPC=ean).rows(0)
        if item_key is not None:
            rows = [r for r in rows if mapping.to_int(r.get("ItemKey")) == item_key] or rows
        if not rows:
            raise NotFoundError("Artikel nicht gefunden.", detail=f"{item_key or item_number or ean}")
        return mapping.item(rows[0])

    def get_stock(self, item_keys: list[int]) -> dict[int, Stock]:
        """Stock of several items in one pixiGetItemStock call (ItemXML filter)."""
        keys = list(dict.fromkeys(int(k) for k in item_keys))
        if not keys:
            return {}
        xml = "<ITEMS>" + "".join(f"<ITEM><ITEMKEY>{k}</ITEMKEY></ITEM>" for k in keys) + "</ITEMS>"
        rows = self._read("pixiGetItemStock", ItemXML=xml).rows(0)
        stocks = (mapping.stock(r) for r in rows)
        wanted = set(keys)
        return {s.item_key: s for s in stocks if s.item_key in wanted}

    # --- reference data -------------------------------------------------------------------------

    def list_shops(self) -> list[Shop]:
        return [mapping.shop(r) for r in self._read("pixiGetShops").rows(0)]

    def list_payment_types(self) -> list[PaymentType]:
        return [mapping.payment_type(r) for r in self._read("pixiGetPaymenttypes").rows(0)]

    def list_countries(self) -> list[Country]:
        return [mapping.country(r) for r in self._read("pixiGetCountries").rows(0)]

    def list_currencies(self) -> list[Currency]:
        return [mapping.currency(r) for r in self._read("pixiGetCurrency").rows(0)]

    # --- order import (writes: never retried) ---------------------------------------------------

    def import_order(self, channel: int, document_xml: str) -> int:
        """Hand an openTRANS ORDER document to pixi's import channel; returns its XMLKey."""
        result = self._write(
            "pixiImportAddXML", ChannelRef=channel, OperationType=IMPORT_OPERATION, XML=document_xml
        )
        key = mapping.to_int(result.first_value("XMLKey") or result.scalar)
        if not key:
            raise PixiResponseError(detail="pixiImportAddXML: keine XMLKey in der Antwort")
        return key

    def process_import(self, xml_log_key: int) -> None:
        """Ask pixi to import the stored document now (instead of its ~5 minute job)."""
        self._write("pixiImportProcessXML", XMLLogKey=xml_log_key)

    def find_import(self, document_id: str, channel: int | None = None) -> ImportStatus | None:
        """The newest import log entry of a document (ORDER_ID), or None if pixi has none."""
        rows = self._read("pixiImportFindXML", Id=document_id, Type="order", Channel=channel).rows(0)
        if not rows:
            return None
        statuses = [mapping.import_status(r) for r in rows]
        return max(statuses, key=lambda s: s.log_key)

    def add_order_comment(self, order_number: int, comment: str) -> None:
        self._write("pixiAddOrderComment", OrderNr=order_number, Comment=comment)

    # --- connection check -----------------------------------------------------------------------

    def check_connection(self) -> ConnectionCheck:
        """Try pixiGetShops once (no retries) and say in German what is wrong, if anything."""
        host = self._channel.host
        try:
            result = self._channel.call("pixiGetShops", {})
            raise_for_error_rows(result, "pixiGetShops")
            shops = [mapping.shop(r) for r in result.rows(0)]
        except PixiAuthError:
            return ConnectionCheck(
                False, "credentials",
                "pixi hat Benutzername oder Passwort abgelehnt. Bitte die Zugangsdaten prüfen "
                "(Benutzername ist meist der pixi-Datenbankname, z. B. pixiXYZ).",
            )
        except PixiTimeoutError:
            return ConnectionCheck(
                False, "timeout",
                f"Der Server {host} hat die Verbindung angenommen, aber nicht innerhalb von "
                f"{_german_number(self.connection.read_timeout)} Sekunden geantwortet. "
                "Bitte später erneut versuchen.",
            )
        except PixiUnavailableError as exc:
            return ConnectionCheck(
                False, "unreachable",
                f"pixi ist unter {self._channel.endpoint} nicht erreichbar. Bitte die Adresse prüfen "
                f"(z. B. https://api.pixi.eu/soap/pixiXYZ/). {_unreachable_reason(exc)}".strip(),
            )
        except PixiResponseError:
            return ConnectionCheck(
                False, "not_pixi",
                f"Unter {self._channel.endpoint} antwortet ein Server, aber nicht die pixi-SOAP-API. "
                "Bitte die Adresse prüfen (z. B. https://api.pixi.eu/soap/pixiXYZ/).",
            )
        except PixiError:  # the fault text is the foreign server's: logged, never shown (issue 15)
            return ConnectionCheck(
                False, "not_pixi",
                "Der Server antwortet mit einer SOAP-Fehlermeldung statt mit pixi-Daten. Bitte die "
                "Adresse und den Datenbanknamen prüfen.",
            )
        except Exception:  # never raises: an unexpected problem is reported, not thrown
            logger.exception("pixi check_connection failed unexpectedly for %s", host)
            return ConnectionCheck(
                False, "not_pixi", "Die Antwort des Servers konnte nicht als pixi-Antwort erkannt werden."
            )
        count = len(shops)
        return ConnectionCheck(
            True, None,
            f"Verbindung zu pixi erfolgreich: {count} Shop{'' if count == 1 else 's'} gefunden.",
            shops,
        )


def _unreachable_reason(exc: PixiUnavailableError) -> str:
    if exc.context.get("http_status"):
        return f"Der Server meldet HTTP {exc.context['http_status']}."
    if exc.message != PixiUnavailableError.default_message:
        return exc.message
    return ""


def _german_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- the client cache -----------------------------------------------------------------------------

_MAX_CLIENTS = 64
_clients: OrderedDict[tuple[str, str, str, str, float, float], PixiClient] = OrderedDict()
_clients_lock = threading.Lock()


def _cache_key(connection: PixiConnection) -> tuple[str, str, str, str, float, float]:
    """The tenant first, then what the client sends (endpoint, user, password digest, timeouts)."""
    password_hash = hashlib.sha256(connection.password.encode()).hexdigest()
    return (
        connection.tenant_id,
        connection.endpoint.strip(),
        connection.username,
        password_hash,
        float(connection.connect_timeout),
        float(connection.read_timeout),
    )


def pixi_client_for(connection: PixiConnection) -> PixiClient:
    """The cached client of a connection (same tenant, endpoint, user, password and timeouts)."""
    key = _cache_key(connection)
    with _clients_lock:
        client = _clients.get(key)
        if client is not None:
            _clients.move_to_end(key)
            return client
    created = PixiClient(connection)  # outside the lock: first use parses the WSDL
    with _clients_lock:
        client = _clients.setdefault(key, created)
        _clients.move_to_end(key)
        while len(_clients) > _MAX_CLIENTS:
            _clients.popitem(last=False)  # not closed: another thread may still be using it
    if client is not created:
        created.close()
    return client


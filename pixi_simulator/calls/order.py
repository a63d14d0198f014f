"""Order calls: headers (paged), full orders, lines, comments, hold / release."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from pixi_simulator.calls.registry import Args, handles
from pixi_simulator.calls.rows import order_header_row, order_row, orderline_row
from pixi_simulator.clock import server_now
from pixi_simulator.contract import (
    CALLS,
    ORDER_COLUMNS,
    ORDER_HEADER_COLUMNS,
    ORDERLINE_COLUMNS,
    RETURN_CODE_AFFECTED,
    RETURN_CODE_ERROR,
    STATUS_MESSAGE,
)
from pixi_simulator.like import is_match_all, like
from pixi_simulator.params import SqlError, procedure_name
from pixi_simulator.records import Order, OrderComment, PixiDatabase
from pixi_simulator.rowset import CallResult, RowSet, SqlMessage
from pixi_simulator.soap import local_name, safe_parser

NULL_ELIMINATED = "Warning: Null value is eliminated by an aggregate or other SET operation."


def _limit(rows: list[Order], row_count: int | None) -> list[Order]:
    return rows[:row_count] if row_count and row_count > 0 else rows


def _shipping_country_matches(db: PixiDatabase, order: Order, wanted: str) -> bool:
    address = db.addresses[order.shipping_addr_key]
    country = db.countries.get(address.country)
    codes = [address.country] + ([country.iso2, country.iso3] if country else [])
    return wanted.strip().upper() in codes


@handles("pixiGetOrderHeader")
def get_order_header(db: PixiDatabase, args: Args) -> CallResult:
    """Newest first (OrderNr descending); ``TotalRows`` = rows returned."""
    if args["CustKey"] is not None:
        numbers: Iterable[int] = db.orders_by_customer.get(args["CustKey"], [])
    else:
        numbers = db.orders.keys()
    selected: list[Order] = []
    external = (args["OrderNrExternal"] or "").strip().casefold()
    for order_nr in sorted(numbers, reverse=True):
        order = db.orders[order_nr]
        if args["OrderNr"] and order_nr != args["OrderNr"]:
            continue
        if external and order.order_nr_external.casefold() != external:
            continue
        if args["FromTime"] is not None and order.order_date < args["FromTime"]:
            continue
        if args["UntilTime"] is not None and order.order_date > args["UntilTime"]:
            continue
        if args["FromUpdateTime"] is not None and order.update_date < args["FromUpdateTime"]:
            continue
        if not is_match_all(args["ShopID"]) and not like(order.shop_id, args["ShopID"].strip()):
            continue
        if args["PaymentType"] and order.payment_code.casefold() != args["PaymentType"].strip().casefold():
            continue
        if args["ShippingCountry"] and not _shipping_country_matches(db, order, args["ShippingCountry"]):
            continue
        selected.append(order)
        if args["RowCount"] and len(selected) >= args["RowCount"] > 0:
            break
    rows = [order_header_row(db, o) for o in selected]
    for row in rows:
        row["TotalRows"] = len(rows)
    messages = []
    if args["CustKey"] is not None and any(not o.invoices for o in selected):
        # SUM(PaidAmount) over orders without invoices: SQL Server says so.
        messages.append(
            SqlMessage(
                8153,
                NULL_ELIMINATED,
                klass=0,
                procedure=procedure_name("pixiGetOrderHeader"),
                line_number=112,
            )
        )
    return CallResult(rowsets=[RowSet(ORDER_HEADER_COLUMNS, rows)], messages=messages)


def parse_order_numbers(text: str) -> list[int | str]:
    """``<OrderNrs><OrderNr>1</OrderNr><OrderNrExternal>x</OrderNrExternal></OrderNrs>`` or a number."""
    text = text.strip()
    if text.isdigit():
        return [int(text)]
    try:
        root = etree.fromstring(text.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise SqlError(9400, f"XML parsing: {exc}") from exc
    wanted: list[int | str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local_name(element).casefold()
        value = (element.text or "").strip()
        if name == "ordernr" and value:
            try:
                wanted.append(int(value))
            except ValueError as exc:
                raise SqlError(
                    245, f"Conversion failed when converting the nvarchar value '{value}' to data type int."
                ) from exc
        elif name == "ordernrexternal" and value:
            wanted.append(value)
    return wanted


@handles("pixiGetOrder")
def get_order(db: PixiDatabase, args: Args) -> CallResult:
    rows = []
    seen: set[int] = set()
    for key in parse_order_numbers(args["OrderNrXML"] or ""):
        if isinstance(key, int):
            matches = [db.orders[key]] if key in db.orders else []
        else:
            matches = [o for o in db.orders.values() if o.order_nr_external.casefold() == key.casefold()]
        for order in matches:
            if order.order_nr not in seen:
                seen.add(order.order_nr)
                rows.append(order_row(db, order))
    return CallResult(rowsets=[RowSet(ORDER_COLUMNS, rows)])


@handles("pixiGetOrderline")
def get_orderline(db: PixiDatabase, args: Args) -> CallResult:
    if args["OrderNR"] is not None:
        orders: Iterable[Order] = [db.orders[args["OrderNR"]]] if args["OrderNR"] in db.orders else []
    else:
        orders = db.orders.values()
    invoice_lines: set[int] | None = None
    if args["InvoiceNr"]:
        wanted = args["InvoiceNr"].strip().casefold()
        invoice_lines = {
            ln.orderline_key
            for inv in db.invoices.values()
            if inv.invoice_nr.casefold() == wanted
            for ln in inv.lines
        }
    rows = []
    for order in orders:
        if not is_match_all(args["ShopID"]) and not like(order.shop_id, args["ShopID"].strip()):
            continue
        if args["PaymentType"] and order.payment_code.casefold() != args["PaymentType"].strip().casefold():
            continue
        if args["OrderDateFrom"] is not None and order.order_date < args["OrderDateFrom"]:
            continue
        if args["OrderDateTo"] is not None and order.order_date > args["OrderDateTo"]:
            continue
        for line in order.lines:
            if args["Status"] and line.status.casefold() != args["Status"].strip().casefold():
                continue
            if args["OrderlineKey"] is not None and line.orderline_key != args["OrderlineKey"]:
                continue
            if args["UpdateDateTo"] is not None and line.update_date > args["UpdateDateTo"]:
                continue
            if invoice_lines is not None and line.orderline_key not in invoice_lines:
                continue
            rows.append(orderline_row(db, order, line))
    rows.sort(key=lambda r: r["OrderlineKey"])
    if args["RowCount"] and args["RowCount"] > 0:
        rows = rows[: args["RowCount"]]
    return CallResult(rowsets=[RowSet(ORDERLINE_COLUMNS, rows)])


@handles("pixiGetOrderComments")
def get_order_comments(db: PixiDatabase, args: Args) -> CallResult:
    if args["OrderNr"] is not None:
        orders: Iterable[Order] = [db.orders[args["OrderNr"]]] if args["OrderNr"] in db.orders else []
    elif args["OrderNrShop"]:
        wanted = args["OrderNrShop"].strip().casefold()
        orders = [o for o in db.orders.values() if o.order_nr_external.casefold() == wanted]
    else:
        orders = db.orders.values()
    comments = [c for o in orders for c in o.comments if c.create_date >= args["Since"]]
    comments.sort(key=lambda c: (c.create_date, c.comment_key))
    limit = min(args["RowCount"] or 1000, 1000)
    rows = [
        {
            "CommentKey": c.comment_key,
            "OrderNr": c.order_nr,
            "Comment": c.comment,
            "CreateDate": c.create_date,
            "CreateEmp": c.create_emp,
        }
        for c in comments[:limit]
    ]
    return CallResult(rowsets=[RowSet(CALLS["pixiGetOrderComments"].rowsets[0], rows)])


def _status_message(status: str, message: str) -> CallResult:
    return CallResult(rowsets=[RowSet(STATUS_MESSAGE, [{"Status": status, "Message": message}])])


def add_comment(db: PixiDatabase, order: Order, text: str, employee: str) -> OrderComment:
    comment = OrderComment(db.next_key("comment"), order.order_nr, text, server_now(), employee)
    order.comments.append(comment)
    return comment


@handles("pixiAddOrderComment")
def add_order_comment(db: PixiDatabase, args: Args) -> CallResult:
    order = db.orders.get(args["OrderNr"]) if args["OrderNr"] is not None else None
    if order is None:
        return _status_message("ERROR", f"Auftrag {args['OrderNr']} wurde nicht gefunden.")
    text = (args["Comment"] or "").strip()
    if not text:
        return _status_message("ERROR", "Der Kommentar ist leer.")
    comment = add_comment(db, order, text, "API")
    return _status_message("OK", f"Kommentar {comment.comment_key} zu Auftrag {order.order_nr} gespeichert.")


@handles("pixiReleaseOrder")
def release_order(db: PixiDatabase, args: Args) -> CallResult:
    """Release a held order: lifts the order shipping lock, HAL lines become ANG."""
    wanted = (args["OrderNrExternal"] or "").strip().casefold()
    shop = (args["ShopId"] or "").strip().casefold()
    order = next(
        (
            o
            for o in db.orders.values()
            if o.order_nr_external.casefold() == wanted and o.shop_id.casefold() == shop
        ),
        None,
    )
    if order is None:
        return CallResult(
            rowsets=[RowSet(RETURN_CODE_AFFECTED, [{"ReturnCode": "ERROR", "AffectedRows": 0}])]
        )
    released = 0
    now = server_now()
    for line in order.lines:
        if line.status == "HAL":
            line.status, line.update_date, line.update_emp = "ANG", now, "API"
            released += 1
    order.ship_locked = False
    order.update_date, order.update_emp = now, "API"
    order.settle_status()
    return CallResult(
        rowsets=[RowSet(RETURN_CODE_AFFECTED, [{"ReturnCode": "OK", "AffectedRows": released}])]
    )


@handles("pixiSetOrderShippingLock")
def set_order_shipping_lock(db: PixiDatabase, args: Args) -> CallResult:
    def answer(code: str, message: str | None = None) -> CallResult:
        return CallResult(
            rowsets=[RowSet(RETURN_CODE_ERROR, [{"ReturnCode": code, "ErrorMessage": message}])]
        )

    order = db.orders.get(args["OrderNr"]) if args["OrderNr"] is not None else None
    if order is None:
        return answer("ERROR", f"Auftrag {args['OrderNr']} wurde nicht gefunden.")
    locked = bool(args["Locked"])
    if order.status == "CLOSED":
        return answer("ERROR", f"Auftrag {order.order_nr} ist abgeschlossen und kann nicht gesperrt werden.")
    if order.ship_locked == locked:
        return answer(
            "INFO", f"Auftrag {order.order_nr} ist bereits {'gesperrt' if locked else 'freigegeben'}."
        )
    order.ship_locked = locked
    order.update_date, order.update_emp = server_now(), args["UserName"] or "API"
    order.settle_status()
    reason = (args["Reason"] or "").strip()
    add_comment(
        db,
        order,
        f"Versandsperre {'gesetzt' if locked else 'aufgehoben'}" + (f": {reason}" if reason else ""),
        args["UserName"] or "API",
    )
    return answer("OK")

"""Placing a cart's order in pixi and following it (O4, B1, B3).

``place_order`` runs once per ``Idempotency-Key`` (a double click or a retry gets the same answer) and
stores the cart as ordered at the version the agent saw (a second tab gets a 409). The order number
is drawn, the document built, the placed order RECORDED, and only then the document is sent. When
the send fails or its answer is lost, pixi is asked by the document id (``find_import``) before the
document is ever sent again: a document pixi has is never sent a second time. ``refresh`` (on demand
and by the delayed job ``placed_order.check``) follows the import until pixi imported or refused it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from chalicelib.domain.agent import Role
from chalicelib.domain.audit import CustomerRef, EventKind, Outcome
from chalicelib.domain.cart import ExistingCustomer, NewCustomer
from chalicelib.domain.job import Job
from chalicelib.domain.order_config import render_comment
from chalicelib.domain.order_document import OrderDocumentParts, build_order_document
from chalicelib.domain.order_import import ImportStatus
from chalicelib.domain.permissions import Principal
from chalicelib.domain.placed_order import PlacedOrder, PlacedOrderStatus, status_after
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import CartNotReadyToOrderError, NotFoundError, PixiError, ValidationError
from chalicelib.log import logger
from chalicelib.services import audit, carts
from chalicelib.services.carts import CartView
from chalicelib.services.numbers import next_customer_number, next_order_number
from chalicelib.services.pixi_connection import open_connection
from chalicelib.services.wiring import adapters

CHECK_JOB = "placed_order.check"
CHECK_DELAY_SECONDS = 60
CHECK_ATTEMPTS = 30  # about half an hour of checks; pixi's import job runs every ~5 minutes
PLACE_OPERATION = "place_order"
NOT_FOUND_MESSAGE = "Diese Bestellung gibt es nicht oder sie gehört nicht zu Ihrem Konto."
KEY_MESSAGE = "Bitte einen Idempotency-Key (8 bis 100 Zeichen) mitsenden."


@dataclass(frozen=True)
class OrderPreview:
    """What will be sent: the cart as it is now, the comment pixi gets, and what is still missing."""

    view: CartView
    comment: str
    problems: dict[str, str]  # field path -> German text; empty: ready to place


def _problems(view: CartView) -> dict[str, str]:
    cart, config = view.cart, view.config
    found: dict[str, str] = {}
    if not cart.lines:
        found["lines"] = "Der Warenkorb hat keine Position."
    if cart.billing_address is None:
        found["billing_address"] = "Bitte eine Rechnungsadresse angeben."
    payment = config.payment_method(cart.payment_code) if cart.payment_code else None
    if payment is None:
        found["payment_code"] = "Bitte eine Zahlungsart wählen."
    elif payment.needs_bank_account and cart.bank_account is None:
        found["bank_account"] = "Für die Lastschrift bitte die Bankverbindung angeben."
    if view.shipping_options and not cart.shipping_code:
        found["shipping_code"] = "Bitte eine Versandart wählen."
    if config.import_channel_id is None:
        found["import_channel_id"] = "In der Bestellkonfiguration fehlt der pixi-Importkanal."
    return found


def preview_order(principal: Principal, cart_id: str, version: int,
                  *, connection: ConnectionRef | None = None) -> OrderPreview:
    view = carts.order_ready_view(principal, cart_id, version, connection=connection)
    comment = render_comment(view.config.comment_template, agent_email=principal.email,
                             customer_wish=view.cart.customer_wish)
    return OrderPreview(view, comment, _problems(view))


# --- placing ---------------------------------------------------------------------------------


def place_order(principal: Principal, cart_id: str, version: int, idempotency_key: str,
                *, connection: ConnectionRef | None = None) -> PlacedOrder:
    """Place the cart's order once per ``idempotency_key`` (an unknown cart is a 404 before a
    missing key is a 400)."""
    carts.existing_cart(principal, cart_id)
    key = idempotency_key.strip()
    if not 8 <= len(key) <= 100:
        raise ValidationError(KEY_MESSAGE, fields={"Idempotency-Key": KEY_MESSAGE})
    order_id: str = _place_once(principal, key, cart_id, version, connection)
    return get_placed_order(principal, order_id)


def _place_once(principal: Principal, key: str, cart_id: str, version: int,
               connection: ConnectionRef | None) -> str:
    from chalicelib.adapters.idempotency import idempotent  # Powertools on first use

    return idempotent(
        tenant_id=principal.tenant_id, operation=PLACE_OPERATION, key=key,
        run=lambda: _place(principal, cart_id, version, connection).order_id,
        payload={"cart_id": cart_id, "version": version},
    )


def _place(principal: Principal, cart_id: str, version: int,
           connection: ConnectionRef | None) -> PlacedOrder:
    preview = preview_order(principal, cart_id, version, connection=connection)
    if preview.problems:
        raise CartNotReadyToOrderError(fields=preview.problems, detail=f"cart {cart_id}")
    view = preview.view
    cart, config = view.cart, view.config
    payment = config.payment_method(cart.payment_code)
    assert payment is not None and config.import_channel_id is not None  # checked by _problems
    carts.mark_ordered(principal, view)  # a second tab on the same version stops here (409)
    order_number = next_order_number(principal.tenant_id, config.order_number_prefix)
    customer_number = (
        next_customer_number(principal.tenant_id, config.customer_number_prefix)
        if isinstance(cart.customer, NewCustomer) else cart.customer.customer_number
    )
    now = adapters().now()
    document = build_order_document(cart, OrderDocumentParts(
        order_number=order_number, customer_number=customer_number, agent_email=principal.email,
        comment_template=config.comment_template, payment=payment,
        shipping=config.shipping_method(cart.shipping_code) if cart.shipping_code else None,
        totals=view.totals, ordered_at=now,
    ))
    order = PlacedOrder(
        order_id=order_number, connection=cart.connection, cart_id=cart.cart_id,
        customer_number=customer_number, agent_id=principal.agent_id, agent_email=principal.email,
        channel=config.import_channel_id, document=document, status=PlacedOrderStatus.SENDING,
        created_at=now, updated_at=now,
    )
    adapters().placed_orders.create(order)  # recorded before it is sent
    order = _send(order)
    _record(principal, order, "order.placed", customer=_customer_ref(view))
    if order.status is PlacedOrderStatus.FAILED:
        _failed(principal, order)
    elif not order.status.settled:
        _schedule_check(order, attempt=1)
    return order


def _send(order: PlacedOrder) -> PlacedOrder:
    """Hand the document to pixi and have it imported now; on a failure ask pixi what it has."""
    client = adapters().pixi_client_for(open_connection(order.connection))
    try:
        log_key = client.import_order(order.channel, order.document)
    except PixiError as exc:
        logger.warning("placed order %s: send failed (%s); asking pixi", order.order_id, exc.code)
        return _save(_checked(order))
    order = _save(replace(order, status=PlacedOrderStatus.SENT, xml_log_key=log_key,
                          updated_at=adapters().now()))
    try:
        client.process_import(log_key)
    except PixiError as exc:  # pixi's own import job picks it up within minutes
        logger.warning("placed order %s: immediate import failed (%s)", order.order_id, exc.code)
    return _save(_checked(order))


def _find(order: PlacedOrder) -> ImportStatus | None:
    client = adapters().pixi_client_for(open_connection(order.connection))
    return client.find_import(order.document_id, order.channel)


def _checked(order: PlacedOrder) -> PlacedOrder:
    """``order`` with what pixi's import log says; unchanged when pixi cannot be asked."""
    try:
        found = _find(order)
    except PixiError as exc:
        logger.warning("placed order %s: import state unknown (%s)", order.order_id, exc.code)
        return order
    return _with_found(order, found)


def _with_found(order: PlacedOrder, found: ImportStatus | None) -> PlacedOrder:
    status, reason = status_after(found, order.status)
    return replace(
        order, status=status, reason=reason, updated_at=adapters().now(),
        xml_log_key=found.log_key if found is not None else order.xml_log_key,
        pixi_order_number=found.order_number if found is not None else order.pixi_order_number,
    )


def _save(order: PlacedOrder) -> PlacedOrder:
    adapters().placed_orders.save(order)
    return order


# --- following -------------------------------------------------------------------------------


def get_placed_order(principal: Principal, order_id: str, *, refresh: bool = False) -> PlacedOrder:
    order = adapters().placed_orders.get(principal.tenant_id, order_id)
    if order is None:
        raise NotFoundError(NOT_FOUND_MESSAGE, detail=f"placed order {order_id}")
    return _refresh(_agent_of(order), order) if refresh else order


def list_placed_orders(principal: Principal, *, mine: bool = False,
                       status: PlacedOrderStatus | None = None) -> list[PlacedOrder]:
    """The tenant's placed orders (the agent's own with ``mine``), newest first."""
    orders = [
        o for o in adapters().placed_orders.list_for_tenant(principal.tenant_id)
        if (not mine or o.agent_id == principal.agent_id) and (status is None or o.status is status)
    ]
    return sorted(orders, key=lambda o: o.created_at, reverse=True)


def _refresh(actor: Principal, order: PlacedOrder) -> PlacedOrder:
    """Ask pixi about a placed order that is not settled yet. A document pixi never received
    (still ``sending`` and no import log entry) is sent now; one pixi has is never sent again."""
    if order.status.settled:
        return order
    before = order.status
    try:
        found = _find(order)
    except PixiError as exc:
        logger.warning("placed order %s: import state unknown (%s)", order.order_id, exc.code)
        return order
    if found is None and before is PlacedOrderStatus.SENDING:
        order = _send(order)
    else:
        order = _save(_with_found(order, found))
    if order.status is PlacedOrderStatus.FAILED and before is not PlacedOrderStatus.FAILED:
        _failed(actor, order)
    return order


def check_placed_order(job: Job) -> None:
    """The job ``placed_order.check``: refresh, and look again later until settled (or given up)."""
    assert job.connection is not None
    order = adapters().placed_orders.get(job.connection.tenant_id, str(job.payload["order_id"]))
    if order is None:
        return
    order = _refresh(_agent_of(order), order)
    attempt = int(job.payload.get("attempt", 1))
    if not order.status.settled and attempt < CHECK_ATTEMPTS:
        _schedule_check(order, attempt=attempt + 1)


def _schedule_check(order: PlacedOrder, *, attempt: int) -> None:
    from chalicelib.adapters import queue  # boto3 on first use

    job = Job.for_connection(CHECK_JOB, order.connection, correlation_id=uuid.uuid4().hex,
                             payload={"order_id": order.order_id, "attempt": attempt})
    try:
        queue.send(job, delay_seconds=CHECK_DELAY_SECONDS)
    except Exception:  # the status is still refreshed on demand
        logger.exception("placed order %s: could not queue the status check", order.order_id)


# --- audit -----------------------------------------------------------------------------------


def _agent_of(order: PlacedOrder) -> Principal:
    """The agent who placed the order: the actor of events found later by a check."""
    return Principal(order.connection.tenant_id, order.agent_id, Role.AGENT, order.agent_email)


def _customer_ref(view: CartView) -> CustomerRef | None:
    customer = view.cart.customer
    if isinstance(customer, ExistingCustomer):
        return CustomerRef(customer.customer_key, customer.customer_number, view.customer.name)
    return None


def _record(actor: Principal, order: PlacedOrder, action: str, *, customer: CustomerRef | None = None,
            outcome: Outcome = Outcome.OK) -> None:
    audit.record_safely(audit.new_event(
        order.connection.tenant_id, actor, action, outcome=outcome, customer=customer,
        order_number=order.pixi_order_number, kind=EventKind.CUSTOMER,
        details={"order_id": order.order_id, "cart_id": order.cart_id, "status": order.status.value,
                 "connection_id": order.connection.connection_id, "reason": order.reason},
    ))


def _failed(actor: Principal, order: PlacedOrder) -> None:
    """pixi refused the order: an audit event, and the cart is open again to be corrected."""
    _record(actor, order, "order.failed", outcome=Outcome.FAILED)
    carts.reopen_after_failed_order(actor, order.cart_id)

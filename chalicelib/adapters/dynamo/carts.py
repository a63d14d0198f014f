"""Carts in DynamoDB with optimistic versioning.

Every write names the version it was made from (``expected_version``; None for a new cart) and is
conditional on it: of two agents changing the same version, one wins and the other gets
``CartVersionConflictError`` naming who changed it, never a lost update. Expired carts are removed
by DynamoDB's TTL (some time after ``expires_at``; readers check ``Cart.is_expired`` themselves).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.adapters.dynamo.models import CartModel
from chalicelib.adapters.dynamo.storage import aware, condition_failed, storage
from chalicelib.domain.bank_account import BankAccount
from chalicelib.domain.cart import Cart, CartCustomer, CartLine, CartStatus, ExistingCustomer, NewCustomer
from chalicelib.domain.customer import Address, AddressType, CustomerType
from chalicelib.domain.money import Money
from chalicelib.domain.tenant import ConnectionRef
from chalicelib.errors import CartVersionConflictError

ORDERED_CART_KEPT = timedelta(days=30)
"""An ordered cart stays this long after its last change (its order number, for support)."""


# --- the cart as JSON --------------------------------------------------------------------------


def _money(value: Money | None) -> str | None:
    return value.as_json() if value is not None else None


def _address(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "address_key": address.address_key,
        "address_type": address.address_type.value if address.address_type else None,
        "salutation": address.salutation, "first_name": address.first_name, "last_name": address.last_name,
        "company": address.company, "street": address.street, "zip_code": address.zip_code,
        "city": address.city, "country": address.country, "phone": address.phone, "email": address.email,
    }


def _address_from(data: dict[str, Any] | None) -> Address | None:
    if data is None:
        return None
    kind = data.get("address_type")
    return Address(**{**data, "address_type": AddressType(kind) if kind else None})


def _customer(customer: CartCustomer) -> dict[str, Any]:
    if isinstance(customer, ExistingCustomer):
        return {"kind": "existing", "customer_key": customer.customer_key,
                "customer_type": customer.customer_type.value, "customer_number": customer.customer_number}
    return {
        "kind": "new", "customer_type": customer.customer_type.value, "email": customer.email,
        "salutation": customer.salutation, "first_name": customer.first_name,
        "last_name": customer.last_name, "company": customer.company, "vat_id": customer.vat_id,
        "phone": customer.phone,
    }


def _customer_from(data: dict[str, Any]) -> CartCustomer:
    fields = {k: v for k, v in data.items() if k != "kind"}
    fields["customer_type"] = CustomerType(fields["customer_type"])
    if data["kind"] == "existing":
        return ExistingCustomer(**fields)
    return NewCustomer(**fields)


def _line(line: CartLine) -> dict[str, Any]:
    return {
        "line_id": line.line_id, "item_key": line.item_key, "item_number": line.item_number,
        "ean": line.ean, "name": line.name, "quantity": line.quantity,
        "unit_price": _money(line.unit_price), "promo_price": _money(line.promo_price),
        "vat_percent": str(line.vat_percent), "available_stock": line.available_stock,
        "stock_note": line.stock_note,
    }


def _line_from(data: dict[str, Any], currency: str) -> CartLine:
    promo = data.get("promo_price")
    return CartLine(
        line_id=data["line_id"], item_key=int(data["item_key"]), item_number=data["item_number"],
        ean=data["ean"], name=data["name"], quantity=int(data["quantity"]),
        unit_price=Money(Decimal(data["unit_price"]), currency),
        promo_price=Money(Decimal(promo), currency) if promo is not None else None,
        vat_percent=Decimal(data["vat_percent"]), available_stock=data.get("available_stock"),
        stock_note=data.get("stock_note", ""),
    )


def cart_content(cart: Cart) -> dict[str, Any]:
    """What of a cart is stored as JSON (everything but keys, version, status, owner and times)."""
    account = cart.bank_account
    return {
        "customer": _customer(cart.customer),
        "currency": cart.currency,
        "billing_address": _address(cart.billing_address),
        "shipping_address": _address(cart.shipping_address),
        "payment_code": cart.payment_code,
        "shipping_code": cart.shipping_code,
        "customer_wish": cart.customer_wish,
        "bank_account": (
            {"holder": account.holder, "iban": account.iban, "bic": account.bic} if account else None
        ),
        "lines": [_line(line) for line in cart.lines],
        "parked_note": cart.parked_note,
    }


def _cart_from(item: CartModel) -> Cart:
    content = json.loads(item.content)
    currency = content["currency"]
    account = content.get("bank_account")
    return Cart(
        cart_id=item.cart_id,
        connection=ConnectionRef(item.tenant_id, item.connection_id),
        version=int(item.version),
        customer=_customer_from(content["customer"]),
        currency=currency,
        owner_agent_id=item.owner_agent_id,
        owner_email=item.owner_email,
        created_at=_aware(item.created_at),
        updated_at=_aware(item.updated_at),
        expires_at=_aware(item.expires_at),
        billing_address=_address_from(content.get("billing_address")),
        shipping_address=_address_from(content.get("shipping_address")),
        payment_code=content.get("payment_code", ""),
        shipping_code=content.get("shipping_code", ""),
        customer_wish=content.get("customer_wish", ""),
        bank_account=BankAccount(**account) if account else None,
        lines=tuple(_line_from(line, currency) for line in content.get("lines", [])),
        status=CartStatus(item.status),
        parked_note=content.get("parked_note", ""),
    )


def _aware(value: datetime) -> datetime:
    result = aware(value)
    assert result is not None
    return result


# --- the repository ----------------------------------------------------------------------------


class CartRepository:
    def get(self, tenant_id: str, cart_id: str, *, expected_version: int | None = None) -> Cart | None:
        """The stored cart, or None; with ``expected_version``, ``CartVersionConflictError`` when the
        stored version is another one."""
        with storage("get cart"):
            try:
                item = CartModel.get(tenant_id, cart_id, consistent_read=True)
            except DoesNotExist:
                return None
        if expected_version is not None and int(item.version) != expected_version:
            raise CartVersionConflictError(
                item.changed_by, detail=f"cart {cart_id}: version {item.version}, not {expected_version}"
            )
        return _cart_from(item)

    def list_for_tenant(self, tenant_id: str) -> list[Cart]:
        """Every stored cart of the tenant (expired ones included until DynamoDB removes them)."""
        with storage("list carts"):
            return [_cart_from(item) for item in CartModel.query(tenant_id)]

    def save(self, cart: Cart, *, expected_version: int | None, changed_by: str) -> None:
        """Store ``cart`` (its new version) if the stored one is still ``expected_version`` (None:
        the cart must not exist yet)."""
        kept = ORDERED_CART_KEPT if cart.status is CartStatus.ORDERED else timedelta()
        kept_until = cart.expires_at + kept
        item = CartModel(
            cart.connection.tenant_id,
            cart.cart_id,
            connection_id=cart.connection.connection_id,
            version=cart.version,
            status=cart.status.value,
            owner_agent_id=cart.owner_agent_id,
            owner_email=cart.owner_email,
            changed_by=changed_by,
            created_at=cart.created_at,
            updated_at=cart.updated_at,
            expires_at=cart.expires_at,
            content=json.dumps(cart_content(cart), separators=(",", ":")),
            ttl=int(kept_until.timestamp()),
        )
        condition = (
            CartModel.cart_id.does_not_exist() if expected_version is None
            else CartModel.version == expected_version
        )
        with storage("save cart"):
            try:
                item.save(condition=condition)
            except PutError as exc:
                if not condition_failed(exc):
                    raise
                raise CartVersionConflictError(
                    self._changed_by(cart.connection.tenant_id, cart.cart_id),
                    detail=f"cart {cart.cart_id}: stored version is not {expected_version}",
                ) from exc

    @staticmethod
    def _changed_by(tenant_id: str, cart_id: str) -> str:
        try:
            return str(CartModel.get(tenant_id, cart_id, consistent_read=True).changed_by)
        except DoesNotExist:
            return ""
